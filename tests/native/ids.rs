//! `e2e/tests/ids.json` is `src/ids.rs` as JSON, so the end-to-end specs use
//! the app's ids instead of literals. The JSON is generated here: when it
//! differs from `src/ids.rs`, this test writes the expected file beside it
//! as `ids.json.failed` and fails; `BLESS=1` rewrites `ids.json` itself.

use std::path::Path;

use dmarc_lens_web::ids;
use serde_json::{Map, Value};

/// Every `pub const NAME: &str = "value";` of `source`, nested by `pub mod`.
fn constants(source: &str) -> Map<String, Value> {
    let mut stack: Vec<(String, Map<String, Value>)> = vec![(String::new(), Map::new())];
    for line in source.lines().map(str::trim) {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(" {"))
        {
            stack.push((name.to_owned(), Map::new()));
        } else if let Some(rest) = line.strip_prefix("pub const ") {
            let Some((name, value)) = rest.split_once(": &str = ") else {
                continue;
            };
            let value = value.trim_end_matches(';').trim_matches('"');
            if let Some((_, map)) = stack.last_mut() {
                map.insert(name.to_owned(), Value::String(value.to_owned()));
            }
        } else if line == "}" && stack.len() > 1 {
            if let Some((name, map)) = stack.pop() {
                if let Some((_, parent)) = stack.last_mut() {
                    parent.insert(name, Value::Object(map));
                }
            }
        }
    }
    stack.pop().map(|(_, m)| m).unwrap_or_default()
}

#[test]
fn e2e_ids_json_is_generated_from_src_ids_rs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join("src/ids.rs")).unwrap();
    let map = constants(&source);
    // The scan reads what the compiler reads.
    let cases = [
        (&map["LANG_SELECT"], ids::LANG_SELECT),
        (&map["NAV_REPORTS"], ids::NAV_REPORTS),
        (&map["reports"]["LOG"], ids::reports::LOG),
        (&map["reports"]["EXPORT_JSON"], ids::reports::EXPORT_JSON),
        (&map["builder"]["FORM"], ids::builder::FORM),
        (
            &map["builder"]["SETUP_RECORDS"],
            ids::builder::SETUP_RECORDS,
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got.as_str(), Some(want));
    }
    let count = |m: &Map<String, Value>| m.values().filter(|v| v.is_string()).count();
    let total = count(&map)
        + map
            .values()
            .filter_map(Value::as_object)
            .map(count)
            .sum::<usize>();
    let declared = source.matches("pub const ").count();
    assert_eq!(
        total, declared,
        "every constant of src/ids.rs is in the JSON"
    );

    let json = serde_json::to_string_pretty(&Value::Object(map)).unwrap() + "\n";
    let path = root.join("e2e/tests/ids.json");
    let failed = root.join("e2e/tests/ids.json.failed");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != json {
        std::fs::write(&failed, &json).unwrap();
        panic!(
            "e2e/tests/ids.json is not src/ids.rs: the expected file is {}; \
             run `BLESS=1 cargo test --test native ids` and commit it",
            failed.display()
        );
    }
    let _ = std::fs::remove_file(failed);
}
