//! The catalogue: every entry in English and Japanese, every key the source
//! uses present, placeholders the same in both languages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dmarc_lens_web::i18n::Lang;

const LANGS: [&str; 2] = ["en", "ja"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every catalogue entry: key → (language → text), from locales/*.toml.
fn catalogue() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut entries = BTreeMap::new();
    let dir = root().join("locales");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no catalogue in {}", dir.display());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        collect(&file, "", &table, &mut entries);
    }
    entries
}

fn collect(
    file: &Path,
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, BTreeMap<String, String>>,
) {
    let is_leaf = table.values().all(|v| v.is_str()) && !table.is_empty();
    if is_leaf && !prefix.is_empty() {
        let texts = table
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect();
        let previous = out.insert(prefix.to_owned(), texts);
        assert!(
            previous.is_none(),
            "{}: key {prefix} defined twice",
            file.display()
        );
        return;
    }
    for (key, value) in table {
        if key == "_version" {
            continue;
        }
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value.as_table() {
            Some(sub) => collect(file, &path, sub, out),
            None => panic!("{}: {path} is not a table of translations", file.display()),
        }
    }
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.match_indices("%{")
        .filter_map(|(i, _)| text[i + 2..].split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn every_entry_has_english_and_japanese_with_the_same_placeholders() {
    let entries = catalogue();
    assert!(entries.len() > 10, "suspiciously small catalogue");
    let mut problems = Vec::new();
    for (key, texts) in &entries {
        for lang in LANGS {
            match texts.get(lang) {
                Some(t) if !t.trim().is_empty() => {}
                _ => problems.push(format!("{key}: no {lang} text")),
            }
        }
        for lang in texts.keys() {
            if !LANGS.contains(&lang.as_str()) {
                problems.push(format!("{key}: unknown language {lang}"));
            }
        }
        if let (Some(en), Some(ja)) = (texts.get("en"), texts.get("ja")) {
            if placeholders(en) != placeholders(ja) {
                problems.push(format!("{key}: placeholders differ: {en:?} / {ja:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Keys the source asks for as literals: `.t("key")` and `.t_args("key", …)`.
fn keys_used_in_source() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for call in [".t(\"", ".t_args(\""] {
                    for (i, _) in text.match_indices(call) {
                        let rest = &text[i + call.len()..];
                        if let Some((key, _)) = rest.split_once('"') {
                            keys.insert(key.to_owned());
                        }
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn every_key_the_source_uses_is_in_the_catalogue() {
    let entries = catalogue();
    let used = keys_used_in_source();
    assert!(used.len() > 10, "the scan found only {} keys", used.len());
    let missing: Vec<_> = used.iter().filter(|k| !entries.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in locales/: {missing:?}"
    );
}

#[test]
fn the_runtime_catalogue_matches_the_files() {
    // rust-i18n returns the key itself when it has no text: prove it has them all.
    for (key, texts) in catalogue() {
        for lang in Lang::ALL {
            let want = texts.get(lang.code()).cloned().unwrap_or_default();
            assert_eq!(lang.t(&key), want, "{key} in {}", lang.code());
        }
    }
}
