//! `e2e/tests/ids.json` is `src/ids.rs` as JSON, so the end-to-end specs use
//! the app's ids instead of literals: each module's constants, and under
//! `fn` the template of each id function (`builder-{tag}-{index}`), which
//! `e2e/tests/ids.js` turns back into functions. The JSON is generated here: when it
//! differs from `src/ids.rs`, this test writes the expected file beside it
//! as `ids.json.failed` and fails; `BLESS=1` rewrites `ids.json` itself.

use std::path::Path;

use dmarc_lens_web::ids;
use serde_json::{Map, Value};

/// Every `pub const NAME: &str = "value";` of `source`, nested by `pub mod`,
/// and every `pub fn name(…) -> String { format!("template") }` under `fn`.
fn constants(source: &str) -> Map<String, Value> {
    let mut stack: Vec<(String, Map<String, Value>)> = vec![(String::new(), Map::new())];
    let mut function: Option<String> = None;
    let mut in_function = false;
    for line in source.lines().map(str::trim) {
        if let Some(name) = line
            .strip_prefix("pub fn ")
            .and_then(|l| l.split_once('('))
            .map(|(name, _)| name.to_owned())
        {
            function = Some(name);
            in_function = true;
        } else if let Some(template) = line
            .strip_prefix("format!(\"")
            .and_then(|l| l.strip_suffix("\")"))
        {
            if let (Some(name), Some((_, map))) = (function.take(), stack.last_mut()) {
                let functions = map.entry("fn").or_insert_with(|| Value::Object(Map::new()));
                if let Some(functions) = functions.as_object_mut() {
                    functions.insert(name, Value::String(template.to_owned()));
                }
            }
        } else if let Some(name) = line
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
        } else if line == "}" && in_function {
            in_function = false;
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
    // Each template, filled in order, is what the function returns.
    let fill = |template: &Value, args: &[&str]| {
        let mut out = template.as_str().unwrap_or_default().to_owned();
        for arg in args {
            let (Some(open), Some(close)) = (out.find('{'), out.find('}')) else {
                break;
            };
            out.replace_range(open..=close, arg);
        }
        out
    };
    let functions = &map["builder"]["fn"];
    let templates = [
        (
            fill(&functions["choice"], &["p", "reject"]),
            ids::builder::choice("p", "reject"),
        ),
        (
            fill(&functions["address"], &["ruf", "3"]),
            ids::builder::address("ruf", 3),
        ),
        (
            fill(&functions["size"], &["rua", "2"]),
            ids::builder::size("rua", 2),
        ),
        (fill(&functions["token"], &["4"]), ids::builder::token(4)),
        (
            fill(&functions["rollout_step"], &["1"]),
            ids::builder::rollout_step(1),
        ),
        (
            fill(&functions["error"], &["builder-pct"]),
            ids::builder::error("builder-pct"),
        ),
        (
            fill(&functions["copy"], &["setup-records", "5"]),
            ids::builder::copy("setup-records", 5),
        ),
    ];
    for (got, want) in templates {
        assert_eq!(got, want);
    }
    assert_eq!(
        functions.as_object().map_or(0, Map::len),
        source.matches("pub fn ").count(),
        "every id function of src/ids.rs is in the JSON"
    );
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
