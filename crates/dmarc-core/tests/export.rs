//! Exports: the structured NDJSON and JSON (auth results as objects, ISO
//! dates, stable record ids), the flat CSV, OpenSearch bulk, and the same
//! rows in every format.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use std::collections::BTreeMap;

use dmarc_core::analysis::{Filter, Mark, Marks, Outcome};
use dmarc_core::export;
use dmarc_core::ingest::{ingest_file, Limits, ReportSet};
use dmarc_core::session::Session;
use serde_json::Value;

fn fixture(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The two quirks reports, as loaded from files named `names`.
fn files(names: [&str; 2]) -> Session {
    let mut set = ReportSet::new();
    for (name, path) in names
        .iter()
        .zip(["quirks/report.xml", "quirks/report-2.xml"])
    {
        set.add(ingest_file(name, &fixture(path), &Limits::default()));
    }
    Session::from_set(set)
}

fn ndjson(session: &Session) -> Vec<Value> {
    session
        .export(&Filter::default())
        .to_ndjson()
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ndjson_rows_have_structured_auth_results_iso_dates_and_ids() {
    let rows = ndjson(&files(["a.xml", "b.xml"]));
    assert_eq!(rows.len(), 3);
    let first = &rows[0];
    assert_eq!(
        first["dkim_auth"],
        serde_json::json!([{"domain": "sender.example", "selector": "s1", "result": "pass", "aligned": true}])
    );
    assert_eq!(
        first["spf_auth"],
        serde_json::json!([{"domain": "eu-west-1.amazonses.com", "scope": null, "result": "pass", "aligned": false}])
    );
    assert_eq!(first["date_begin"], 1_700_000_000);
    assert_eq!(first["date_begin_iso"], "2023-11-14T22:13:20Z");
    assert_eq!(first["date_end_iso"], "2023-11-15T22:13:19Z");
    // The id is the documented hash of reporter, report id, domain, dates, position.
    let dates = (Some(1_700_000_000), Some(1_700_086_399));
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids[..2],
        [
            export::record_id(
                "receiver.example",
                "fixture-0001",
                "sender.example",
                dates,
                0
            ),
            export::record_id(
                "receiver.example",
                "fixture-0001",
                "sender.example",
                dates,
                1
            ),
        ]
    );
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{ids:?}");
    assert!(ids
        .iter()
        .all(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())));
}

#[test]
fn ids_do_not_depend_on_the_file_or_its_name() {
    let once = ndjson(&files(["a.xml", "b.xml"]));
    let again = ndjson(&files(["mail/2023/x.xml", "other.xml"]));
    let ids = |rows: &[Value]| -> Vec<Value> { rows.iter().map(|r| r["id"].clone()).collect() };
    assert_eq!(ids(&once), ids(&again));
}

#[test]
fn json_export_adds_ids_alignment_and_iso_dates_to_the_model() {
    let files = files(["a.xml", "b.xml"]);
    let json: Value =
        serde_json::from_str(&files.export(&Filter::default()).to_json().unwrap()).unwrap();
    let rows = ndjson(&files);
    let report = &json[0]["report"];
    assert_eq!(json[0]["type"], "aggregate");
    assert_eq!(json[0]["file"], "a.xml");
    assert_eq!(
        report["report_metadata"]["date_range"]["begin_iso"],
        "2023-11-14T22:13:20Z"
    );
    let records = report["records"].as_array().unwrap();
    for (record, row) in records.iter().zip(&rows) {
        assert_eq!(record["id"], row["id"]);
        assert_eq!(record["dmarc_pass"], row["dmarc_pass"]);
        assert_eq!(record["dkim_aligned"], row["dkim_aligned"]);
        assert_eq!(record["spf_aligned"], row["spf_aligned"]);
    }
    assert_eq!(records[0]["auth_results"]["dkim"][0]["aligned"], true);
    assert_eq!(
        records[0]["auth_results"]["dkim"][0]["human_result"],
        Value::Null
    );
    assert_eq!(records[0]["auth_results"]["spf"][0]["aligned"], false);
    assert_eq!(records[0]["row"]["count"], 7);
}

#[test]
fn csv_is_flat_with_the_documented_columns() {
    let files = files(["a.xml", "b.xml"]);
    let csv = files.export(&Filter::default()).to_csv();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], export::CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 4);
    let rows = ndjson(&files);
    let col = |name: &str| export::CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let cells: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(cells.len(), export::CSV_COLUMNS.len());
    let cases = [
        ("id", rows[0]["id"].as_str().unwrap()),
        ("date_begin_iso", "2023-11-14T22:13:20Z"),
        ("dkim_auth", "sender.example:s1:pass"),
        ("spf_auth", "eu-west-1.amazonses.com::pass"),
        ("dmarc_pass", "true"),
        ("family", rows[0]["family"].as_str().unwrap()),
        ("diagnosis", rows[0]["diagnosis"].as_str().unwrap()),
        ("asn", ""),
    ];
    for (name, want) in cases {
        assert_eq!(cells[col(name)], want, "{name}");
    }
}

#[test]
fn opensearch_bulk_pairs_an_action_with_each_row() {
    let files = files(["a.xml", "b.xml"]);
    let mut out = Vec::new();
    files
        .export(&Filter::default())
        .write_opensearch_bulk(&mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rows = ndjson(&files);
    assert_eq!(lines.len(), 2 * rows.len());
    for (pair, row) in lines.chunks(2).zip(&rows) {
        assert_eq!(pair[0], serde_json::json!({"index": {"_id": row["id"]}}));
        assert_eq!(&pair[1], row);
    }
}

#[test]
fn a_partial_export_keeps_the_ids_of_the_full_one() {
    let files = files(["a.xml", "b.xml"]);
    let all = ndjson(&files);
    // Only the second record of the first report (a filtered dashboard's export).
    let filter = Filter {
        search: Some("2001:db8::25".into()),
        ..Filter::default()
    };
    let export = files.export(&filter);
    let rows: Vec<export::RecordRow> = export.rows().collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, all[1]["id"].as_str().unwrap());
    let json: Value = serde_json::from_str(&export.to_json().unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    let records = json[0]["report"]["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], all[1]["id"]);
    let csv = export.to_csv();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.contains(all[1]["id"].as_str().unwrap()));
}

/// Messages per (diagnosis code) in the dashboard's services and in the
/// export's rows.
fn by_diagnosis(session: &Session, filter: &Filter) -> [BTreeMap<String, u64>; 2] {
    let mut shown = BTreeMap::new();
    for service in session.dashboard(filter).services {
        for d in service.diagnoses {
            *shown.entry(d.diagnosis.code().to_owned()).or_default() += d.messages;
        }
    }
    let mut exported = BTreeMap::new();
    for row in session.export(filter).rows() {
        *exported.entry(row.diagnosis.unwrap()).or_default() += row.count.unwrap_or(0);
    }
    [shown, exported]
}

#[test]
fn each_record_carries_the_family_and_diagnosis_the_dashboard_gives_it() {
    let mut session = files(["a.xml", "b.xml"]);
    let rows = ndjson(&session);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["source_ip"].as_str().unwrap(),
                r["family"].as_str().unwrap(),
                r["diagnosis"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("192.0.2.10", "ok", "ses_default_mail_from"),
            ("2001:db8::25", "suspicious", "unauthenticated"),
            ("198.51.100.7", "suspicious", "unauthenticated"),
        ]
    );
    // Marks change the export as they change the dashboard; a filtered
    // export judges as the filtered dashboard does.
    let mut marks = Marks::default();
    marks.set_source("2001:db8::25", Mark::Mine);
    session.set_marks(marks);
    let failing = Filter {
        outcome: Outcome::Fail,
        ..Filter::default()
    };
    for filter in [Filter::default(), failing] {
        let [shown, exported] = by_diagnosis(&session, &filter);
        assert_eq!(shown, exported, "{filter:?}");
    }
    let marked = session.export(&Filter::default()).rows().nth(1).unwrap();
    assert_eq!(marked.family.as_deref(), Some("fix_needed"));
    let json: Value =
        serde_json::from_str(&session.export(&Filter::default()).to_json().unwrap()).unwrap();
    let record = &json[0]["report"]["records"][1];
    assert_eq!(record["family"], "fix_needed");
    assert_eq!(record["diagnosis"], marked.diagnosis.unwrap().as_str());
}

#[test]
fn ndjson_and_bulk_lines_are_the_rows_as_serde_writes_them_over_the_corpus_and_fixtures() {
    // The NDJSON writer builds lines per report, shape and record; every
    // line must be the row's own serialisation, for every real report.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut session = Session::default();
    for path in super::corpus::files()
        .into_iter()
        .chain(super::corpus::walk(&fixtures))
    {
        let bytes = std::fs::read(&path).unwrap();
        session.add_file(&path.display().to_string(), &bytes);
    }
    for filter in [Filter::default(), Filter::from_query("outcome=fail")] {
        let export = session.export(&filter);
        let (mut want, mut want_bulk) = (String::new(), String::new());
        for row in export.rows() {
            let json = serde_json::to_string(&row).unwrap();
            want_bulk.push_str(&format!("{{\"index\":{{\"_id\":\"{}\"}}}}\n", row.id));
            want_bulk.push_str(&json);
            want_bulk.push('\n');
            want.push_str(&json);
            want.push('\n');
        }
        assert!(want.lines().count() > 100, "{}", want.lines().count());
        assert!(export.to_ndjson().unwrap() == want, "NDJSON differs");
        let mut bulk = Vec::new();
        export.write_opensearch_bulk(&mut bulk).unwrap();
        assert!(
            String::from_utf8(bulk).unwrap() == want_bulk,
            "bulk differs"
        );
    }
}
