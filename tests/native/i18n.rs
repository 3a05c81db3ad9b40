//! The catalogue: every entry in English and Japanese, every key the source
//! uses present, placeholders the same in both languages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dmarc_lens_web::i18n::{catalogue, Lang};

const LANGS: [&str; 2] = ["en", "ja"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every catalogue entry: key → (language → text), from locales/*.toml.
pub(super) fn catalogue() -> BTreeMap<String, BTreeMap<String, String>> {
    catalogue_without(None)
}

/// The entries of every catalogue file but `skip`.
fn catalogue_without(skip: Option<&str>) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut entries = BTreeMap::new();
    let dir = root().join("locales");
    let files = files_under(&dir, "toml");
    assert!(!files.is_empty(), "no catalogue in {}", dir.display());
    for file in files {
        if skip.is_some_and(|name| file.file_name().is_some_and(|n| n == name)) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        collect(&file, "", &table, &mut entries);
    }
    entries
}

/// The files under `dir` (and its subdirectories) whose extension is `ext`, sorted.
fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == ext) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
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

/// Keys the source asks for as literals: `.t("key")`, `.t_args("key", …)`
/// and `.t_count("key", …)` (which asks for `key.one` and `key.other`).
fn keys_used_in_source() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for path in files_under(&root().join("src"), "rs") {
        let text = std::fs::read_to_string(&path).unwrap();
        for call in [".t(\"", ".t_args(\"", ".t_count(\""] {
            for (i, _) in text.match_indices(call) {
                let rest = &text[i + call.len()..];
                if let Some((key, _)) = rest.split_once('"') {
                    if call == ".t_count(\"" {
                        keys.insert(format!("{key}.one"));
                        keys.insert(format!("{key}.other"));
                    } else {
                        keys.insert(key.to_owned());
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
    let not_in_page: Vec<_> = used
        .iter()
        .filter(|k| catalogue::text(Lang::En, k).is_none())
        .collect();
    assert!(
        not_in_page.is_empty(),
        "keys the page uses but only locales/cli.toml has: {not_in_page:?}"
    );
}

#[test]
fn the_runtime_catalogue_matches_the_files() {
    // The page's table (build.rs) holds every entry of locales/ but those of
    // the command line's own file, cli.toml, with the same texts.
    let page_files = catalogue_without(Some("cli.toml"));
    for (key, texts) in &page_files {
        for lang in Lang::ALL {
            let want = texts.get(lang.code()).map(String::as_str);
            assert_eq!(catalogue::text(lang, key), want, "{key} in {}", lang.code());
            assert_eq!(lang.t(key), want.unwrap_or_default());
        }
    }
    let page: Vec<&str> = catalogue::keys().collect();
    let expected: Vec<&str> = page_files.keys().map(String::as_str).collect();
    assert_eq!(page, expected);
    let all = catalogue();
    assert!(
        page.len() > 500 && page.len() < all.len(),
        "{} of {}",
        page.len(),
        all.len()
    );
    assert_eq!(Lang::Ja.t("no.such.key"), "no.such.key");
}

#[test]
fn counted_texts_have_both_forms_and_one_japanese_form() {
    let entries = catalogue();
    let mut problems = Vec::new();
    let mut pairs = 0;
    for (key, texts) in &entries {
        let Some(base) = key.strip_suffix(".one") else {
            if let Some(base) = key.strip_suffix(".other") {
                if !entries.contains_key(&format!("{base}.one")) {
                    problems.push(format!("{key} has no .one"));
                }
            }
            continue;
        };
        pairs += 1;
        let Some(other) = entries.get(&format!("{base}.other")) else {
            problems.push(format!("{key} has no .other"));
            continue;
        };
        if placeholders(&texts["en"]) != placeholders(&other["en"]) {
            problems.push(format!("{base}: .one and .other differ in placeholders"));
        }
        if !texts["en"].contains("%{n}") {
            problems.push(format!("{base}: the count %{{n}} is not in the text"));
        }
        if texts["ja"] != other["ja"] {
            problems.push(format!(
                "{base}: Japanese has one form, but .one and .other differ"
            ));
        }
    }
    assert!(pairs > 10, "only {pairs} counted texts found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// English nouns after a number that does not choose its form: "1 reports".
#[test]
fn english_texts_with_a_count_and_a_plural_noun_are_counted() {
    let nouns = [
        "files",
        "reports",
        "records",
        "messages",
        "notes",
        "days",
        "addresses",
        "services",
    ];
    let mut problems = Vec::new();
    for (key, texts) in catalogue() {
        if key.ends_with(".other") {
            continue;
        }
        let en = &texts["en"];
        for (i, _) in en.match_indices("%{") {
            let Some((_, after)) = en[i..].split_once('}') else {
                continue;
            };
            let next = after.split_whitespace().next().unwrap_or_default();
            let next = next.trim_matches(|c: char| !c.is_alphabetic());
            if nouns.contains(&next) {
                problems.push(format!("{key}: {en:?}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "use Lang::t_count (key.one / key.other) or a count.* fragment:\n{}",
        problems.join("\n")
    );
}
