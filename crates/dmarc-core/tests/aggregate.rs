//! The aggregate report parser: golden fixtures under
//! `tests/fixtures/aggregate/` and a check over the shared corpus' plain XML
//! files.
//!
//! Each fixture `<name>.xml` sits beside `<name>.json`, the expected
//! [`ParsedAggregate`] (or `{"error": {"code", "message"}}`). On a mismatch
//! the actual result is written to `<name>.failed`; `BLESS=1` rewrites the
//! `.json` files from the parser's output (review the diff before committing).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use dmarc_core::error::ErrorKind;
use dmarc_core::report::aggregate::{parse_aggregate, ParsedAggregate, XmlLimits};
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aggregate")
}

/// The parser's result as JSON: the parsed report with its notes, or the
/// error's code and message.
fn outcome(xml: &[u8]) -> Value {
    match parse_aggregate(xml, &XmlLimits::default()) {
        Ok(parsed) => {
            let json = serde_json::to_value(&parsed).unwrap_or(Value::Null);
            // The model reads back what it wrote.
            let back: ParsedAggregate = serde_json::from_value(json.clone()).expect("deserialises");
            assert_eq!(back, parsed, "serde round trip");
            json
        }
        Err(err) => error_json(&err),
    }
}

fn error_json(err: &ErrorKind) -> Value {
    json!({"error": {"code": err.code(), "message": err.to_string()}})
}

#[test]
fn aggregate_fixtures_match_their_golden_json() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut ran = 0;
    let mut failed = Vec::new();
    let entries: Vec<PathBuf> = crate::corpus::walk(&fixtures())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    for xml_path in entries {
        let xml = std::fs::read(&xml_path).expect("fixture readable");
        let got = outcome(&xml);
        let pretty = serde_json::to_string_pretty(&got).expect("serialisable") + "\n";
        let json_path = xml_path.with_extension("json");
        let failed_path = xml_path.with_extension("failed");
        ran += 1;
        if bless {
            std::fs::write(&json_path, &pretty).expect("writable");
            let _ = std::fs::remove_file(&failed_path);
            continue;
        }
        let want: Value = std::fs::read_to_string(&json_path)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(Value::Null);
        if want == got {
            let _ = std::fs::remove_file(&failed_path);
        } else {
            std::fs::write(&failed_path, &pretty).expect("writable");
            failed.push(format!(
                "{} differs from {}: actual written to {}",
                xml_path.display(),
                json_path.display(),
                failed_path.display()
            ));
        }
    }
    assert!(ran > 0, "no fixture ran in {}", fixtures().display());
    assert!(
        failed.is_empty(),
        "{} of {ran} fixtures differ (BLESS=1 re-blesses):\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// Compares one record with the corpus' expected facts; returns differences.
fn compare_record(i: usize, got: &Value, want: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::Null => None,
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.to_lowercase()),
            other => Some(other.to_string().to_lowercase()),
        }
    };
    let row = &got["row"];
    let pe = &row["policy_evaluated"];
    let ip = |v: &Value| -> Option<String> {
        text(v).map(|s| match s.parse::<std::net::IpAddr>() {
            Ok(ip) => ip.to_string(),
            Err(_) => s,
        })
    };
    let pairs = [
        ("source_ip", ip(&row["source_ip"]), ip(&want["source_ip"])),
        ("count", text(&row["count"]), text(&want["count"])),
        (
            "disposition",
            text(&pe["disposition"]),
            text(&want["disposition"]),
        ),
        ("dkim", text(&pe["dkim"]), text(&want["dkim"])),
        ("spf", text(&pe["spf"]), text(&want["spf"])),
        (
            "header_from",
            text(&got["identifiers"]["header_from"]),
            text(&want["header_from"]),
        ),
        (
            "envelope_from",
            text(&got["identifiers"]["envelope_from"]),
            text(&want["envelope_from"]),
        ),
        (
            "identifiers_tag",
            text(&got["identifiers_tag"]),
            text(&want["identifiers_tag"]),
        ),
        (
            "auth_dkim",
            Some(
                got["auth_results"]["dkim"]
                    .as_array()
                    .map_or(0, Vec::len)
                    .to_string(),
            ),
            Some(want["auth_dkim"].as_array().map_or(0, Vec::len).to_string()),
        ),
        (
            "auth_spf",
            Some(
                got["auth_results"]["spf"]
                    .as_array()
                    .map_or(0, Vec::len)
                    .to_string(),
            ),
            Some(want["auth_spf"].as_array().map_or(0, Vec::len).to_string()),
        ),
        (
            "reasons",
            Some(pe["reasons"].as_array().map_or(0, Vec::len).to_string()),
            Some(want["reasons"].as_array().map_or(0, Vec::len).to_string()),
        ),
    ];
    for (name, g, w) in pairs {
        if g != w {
            diffs.push(format!("record {i} {name}: got {g:?}, want {w:?}"));
        }
    }
    diffs
}

/// Compares a parsed report with the corpus' expected facts.
fn compare_report(got: &Value, want: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let report = &got["report"];
    let meta = &report["report_metadata"];
    let records = report["records"].as_array().cloned().unwrap_or_default();
    let sum: u64 = records
        .iter()
        .filter_map(|r| r["row"]["count"].as_u64())
        .sum();
    let pairs = [
        (
            "org_name",
            meta["org_name"].clone(),
            want["org_name"].clone(),
        ),
        (
            "report_id",
            meta["report_id"].clone(),
            want["report_id"].clone(),
        ),
        (
            "date_begin",
            meta["date_range"]["begin"].clone(),
            want["date_begin"].clone(),
        ),
        (
            "date_end",
            meta["date_range"]["end"].clone(),
            want["date_end"].clone(),
        ),
        (
            "namespace",
            report["namespace"].clone(),
            want["namespace"].clone(),
        ),
        (
            "version",
            report["version"].clone(),
            want["version"].clone(),
        ),
        (
            "policy_domain",
            report["policy_published"]["domain"].clone(),
            want["policy_domain"].clone(),
        ),
        ("n_records", json!(records.len()), want["n_records"].clone()),
        ("sum_count", json!(sum), want["sum_count"].clone()),
    ];
    for (name, g, w) in pairs {
        if g != w {
            diffs.push(format!("{name}: got {g}, want {w}"));
        }
    }
    let want_records = want["records"].as_array().cloned().unwrap_or_default();
    for (i, (g, w)) in records.iter().zip(&want_records).enumerate() {
        diffs.extend(compare_record(i, g, w));
    }
    diffs
}

/// Every plain-XML file of the shared corpus: the same reports, records,
/// message totals, metadata and per-record results as its expected facts.
/// (The full conformance test, through every container, is in `ingest`.)
#[test]
fn corpus_plain_xml_reports_match_expected_facts() {
    let mut files = super::corpus::files();
    files.retain(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")));
    let (mut reports, mut records, mut messages, mut rejected) = (0, 0, 0u64, 0);
    let mut failures = Vec::new();
    for path in &files {
        let rel = super::corpus::relative(path);
        let Some(expected) = super::corpus::facts(&rel) else {
            failures.push(format!("{rel}: no expected facts"));
            continue;
        };
        let want: Vec<&Value> = expected["reports"]
            .as_array()
            .map(|r| r.iter().filter(|r| r["type"] == "aggregate").collect())
            .unwrap_or_default();
        let bytes = std::fs::read(path).expect("corpus file readable");
        let got = parse_aggregate(&bytes, &XmlLimits::default());
        match (got, want.first()) {
            (Ok(parsed), Some(want)) => {
                let got = serde_json::to_value(&parsed).expect("serialisable");
                let diffs = compare_report(&got, want);
                reports += 1;
                records += parsed.report.records.len();
                messages += parsed.report.message_count();
                if !diffs.is_empty() {
                    failures.push(format!("{rel}:\n  {}", diffs.join("\n  ")));
                }
            }
            (Err(err), Some(want)) if want["recovered"] == true => {
                rejected += 1;
                eprintln!("{rel}: rejected ({}), the corpus recovered it", err);
            }
            (Err(err), Some(_)) => failures.push(format!("{rel}: rejected: {err}")),
            (Ok(parsed), None) => failures.push(format!(
                "{rel}: parsed {} records from a file with no aggregate report",
                parsed.report.records.len()
            )),
            (Err(_), None) => {}
        }
    }
    eprintln!(
        "corpus plain XML: {} files, {reports} reports, {records} records, {messages} messages, {rejected} not-well-formed rejected",
        files.len()
    );
    assert!(reports > 0, "no corpus report parsed");
    assert!(
        failures.is_empty(),
        "{} corpus files differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

mod never_panics {
    use dmarc_core::report::aggregate::{parse_aggregate, XmlLimits};
    use proptest::prelude::*;

    fn seed() -> Vec<u8> {
        std::fs::read(super::fixtures().join("rfc9990-namespace.xml")).unwrap_or_default()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any edit of a real report: a result or an error, never a panic;
        /// every record the text still holds is kept.
        #[test]
        fn on_edited_reports(edits in prop::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..8)) {
            let mut xml = seed();
            for (at, byte, op) in edits {
                let at = at % (xml.len() + 1);
                match op {
                    0 => xml.insert(at, byte),
                    1 if at < xml.len() => { xml.remove(at); }
                    _ if at < xml.len() => xml[at] = byte,
                    _ => {}
                }
            }
            if let Ok(parsed) = parse_aggregate(&xml, &XmlLimits::default()) {
                prop_assert!(parsed.report.records.len() <= 2);
            }
        }

        /// Every prefix of a report: truncation is an error, never a panic
        /// nor a partial report.
        #[test]
        fn on_truncated_reports(cut in any::<usize>()) {
            let xml = seed();
            // Anywhere before the end of `</feedback>`.
            let end = xml.windows(11).rposition(|w| w == b"</feedback>").unwrap_or(0) + 10;
            let cut = cut % end.max(1);
            let result = parse_aggregate(&xml[..cut], &XmlLimits::default());
            prop_assert!(result.is_err());
        }

        /// Arbitrary bytes.
        #[test]
        fn on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_aggregate(&bytes, &XmlLimits::default());
        }
    }
}
