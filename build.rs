//! Writes the page's translation table from `locales/*.toml` into
//! `OUT_DIR/catalogue.rs`, which `src/i18n/catalogue.rs` includes: one
//! static slice of (key, English, Japanese) sorted by key, searched by
//! binary search. rust-i18n's `i18n!` macro (which the CLI still uses on the
//! same files) generates code per entry that fills hash maps when the page
//! starts: 168 KB of wasm before wasm-opt. `locales/cli.toml` is the
//! command line's own text and stays out of the page. An entry without both
//! languages, or a key defined twice, stops the build.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The catalogue files the page does not need.
const NOT_IN_THE_PAGE: [&str; 1] = ["cli.toml"];

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let dir = manifest.join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !NOT_IN_THE_PAGE.iter().any(|x| n == *x))
        })
        .collect();
    files.sort();
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e| format!("{}: {e}", file.display()))?;
        flatten(file, "", &table, &mut entries, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems.join("\n").into());
    }
    let mut out = String::from("/// (key, English, Japanese), sorted by key.\n");
    out.push_str("pub(super) static CATALOGUE: &[(&str, &str, &str)] = &[\n");
    for (key, (en, ja)) in &entries {
        writeln!(out, "    ({key:?}, {en:?}, {ja:?}),")?;
    }
    out.push_str("];\n");
    let path = PathBuf::from(std::env::var("OUT_DIR")?).join("catalogue.rs");
    std::fs::write(path, out)?;
    Ok(())
}

/// rust-i18n's format (`_version = 2`): nested tables whose leaves hold one
/// text per language; the key is the path of table names.
fn flatten(
    file: &Path,
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, (String, String)>,
    problems: &mut Vec<String>,
) {
    let text = |lang: &str| table.get(lang).and_then(toml::Value::as_str);
    if !prefix.is_empty() && table.values().all(toml::Value::is_str) {
        match (text("en"), text("ja")) {
            (Some(en), Some(ja)) if table.len() == 2 => {
                let previous = out.insert(prefix.to_owned(), (en.to_owned(), ja.to_owned()));
                if previous.is_some() {
                    problems.push(format!("{}: {prefix} is defined twice", file.display()));
                }
            }
            _ => problems.push(format!(
                "{}: {prefix} needs exactly `en` and `ja`",
                file.display()
            )),
        }
        return;
    }
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) => {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(file, &path, inner, out, problems);
            }
            _ if prefix.is_empty() && key == "_version" => {}
            _ => problems.push(format!("{}: {prefix}.{key} is not a table", file.display())),
        }
    }
}
