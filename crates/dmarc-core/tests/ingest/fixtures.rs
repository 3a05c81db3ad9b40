//! Fixtures written for this project (tests/fixtures/{containers,quirks,
//! malformed,providers}); binary containers are generated here at test time
//! with flate2 and zip, from the text fixtures, so each case says exactly
//! what it holds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Write};
use std::path::Path;

use dmarc_core::export;
use dmarc_core::ingest::{ingest_file, FileOutcome, FileStatus, Limits, ReportSet};
use dmarc_core::report::{NoteCode, Report};
use zip::write::SimpleFileOptions;

fn fixture(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn report_xml() -> Vec<u8> {
    fixture("quirks/report.xml")
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A zip; a member whose content is `None` is a folder entry.
fn zip(members: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in members {
        match content {
            Some(bytes) => {
                w.start_file(*name, options).unwrap();
                w.write_all(bytes).unwrap();
            }
            None => w.add_directory(*name, options).unwrap(),
        }
    }
    w.finish().unwrap().into_inner()
}

fn template(path: &str, placeholder: &str, payload: &[u8]) -> Vec<u8> {
    String::from_utf8(fixture(path))
        .unwrap()
        .replace(placeholder, &dmarc_core::testdata::base64(payload))
        .into_bytes()
}

/// Reads a fixture; every code it writes must be one the UI can translate.
fn ingest(name: &str, bytes: &[u8]) -> FileOutcome {
    let outcome = ingest_file(name, bytes, &Limits::default());
    let unlisted = super::codes::not_read_back(&outcome);
    assert!(unlisted.is_empty(), "not read back: {unlisted:?}");
    outcome
}

fn layers(outcome: &FileOutcome) -> Vec<String> {
    outcome.reports.iter().map(|r| r.layers.join("/")).collect()
}

fn note_codes(outcome: &FileOutcome) -> Vec<&str> {
    outcome.notes.iter().map(|n| n.note.code.name()).collect()
}

fn error_codes(outcome: &FileOutcome) -> Vec<&str> {
    outcome.errors.iter().map(|e| e.code()).collect()
}

fn records(outcome: &FileOutcome) -> Vec<usize> {
    outcome
        .reports
        .iter()
        .map(|r| match &r.report {
            Report::Aggregate(a) => a.records.len(),
            _ => 0,
        })
        .collect()
}

#[test]
fn containers_are_recognised_by_their_bytes_in_any_order() {
    let xml = report_xml();
    let member_zip = zip(&[("r.xml", Some(&xml))]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("plain.gz", xml.clone(), "xml"),
        ("named.zip", gz(&xml), "gz/xml"),
        ("gz-in-gz.xml", gz(&gz(&xml)), "gz/gz/xml"),
        ("raw.zlib", zlib(&xml), "zlib/xml"),
        ("zip-in-gz", gz(&member_zip), "gz/zip:r.xml/xml"),
        (
            "gz-in-zip",
            zip(&[("r.xml.gz", Some(&gz(&xml)))]),
            "zip:r.xml.gz/gz/xml",
        ),
        (
            "zlib-in-zip-in-gz",
            gz(&zip(&[("x", Some(&zlib(&xml)))])),
            "gz/zip:x/zlib/xml",
        ),
    ];
    for (name, bytes, want) in cases {
        let outcome = ingest(name, &bytes);
        assert_eq!(
            outcome.status,
            FileStatus::Parsed,
            "{name}: {:?}",
            outcome.errors
        );
        assert_eq!(layers(&outcome), vec![want], "{name}");
        assert_eq!(records(&outcome), vec![2], "{name}");
    }
}

#[test]
fn gzip_in_gzip_is_noted() {
    let outcome = ingest("x.xml.gz.gz", &gz(&gz(&report_xml())));
    assert!(note_codes(&outcome).contains(&"nested_gzip"));
}

#[test]
fn gzip_with_trailing_bytes_is_read_with_a_note() {
    let mut bytes = gz(&report_xml());
    bytes.extend_from_slice(b"\r\n\0\0");
    let outcome = ingest("mimecast.xml.gz", &bytes);
    assert_eq!(records(&outcome), vec![2]);
    assert!(note_codes(&outcome).contains(&"gzip_trailing_bytes"));
}

#[test]
fn gzip_with_several_members_is_read_whole() {
    let xml = report_xml();
    let (a, b) = xml.split_at(xml.len() / 2);
    let mut bytes = gz(a);
    bytes.extend(gz(b));
    let outcome = ingest("multi.gz", &bytes);
    assert_eq!(records(&outcome), vec![2], "{:?}", outcome.errors);
    assert!(note_codes(&outcome).contains(&"gzip_multiple_members"));
}

#[test]
fn zip_with_several_reports_and_junk_members() {
    let xml = report_xml();
    let xml2 = fixture("quirks/report-2.xml");
    let bytes = zip(&[
        ("reports/", None),
        ("reports/a.xml", Some(&xml)),
        ("__MACOSX/reports/._a.xml", Some(b"\0\x05\x16\x07junk")),
        ("b.xml.gz", Some(&gz(&xml2))),
        ("", Some(&xml2)),
    ]);
    let outcome = ingest("several.zip", &bytes);
    assert_eq!(
        layers(&outcome),
        vec!["zip:reports/a.xml/xml", "zip:b.xml.gz/gz/xml", "zip:/xml"]
    );
    let codes = note_codes(&outcome);
    for code in [
        "zip_directory_entry",
        "zip_macosx_member",
        "zip_member_empty_name",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(outcome.errors.is_empty());
}

#[test]
fn outlook_preview_html_part_is_ignored_not_an_error() {
    let bytes = template(
        "providers/outlook-preview.eml.in",
        "{{BASE64_GZ_REPORT}}",
        &gz(&report_xml()),
    );
    let outcome = ingest("preview.eml", &bytes);
    assert_eq!(outcome.status, FileStatus::Parsed);
    assert_eq!(layers(&outcome), vec!["eml/gz/xml"]);
    assert!(outcome.errors.is_empty());
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.note.code == NoteCode::EmailBodyIgnored && n.note.detail.contains("[Preview]")));
}

#[test]
fn inline_quoted_printable_report() {
    let outcome = ingest("inline.eml", &fixture("containers/inline-qp.eml"));
    assert_eq!(layers(&outcome), vec!["eml/xml"], "{:?}", outcome.errors);
    assert_eq!(records(&outcome), vec![1]);
}

#[test]
fn report_in_an_attached_message() {
    let inner_zip = zip(&[("report.xml", Some(&report_xml()))]);
    let bytes = template(
        "containers/nested-rfc822.eml.in",
        "{{BASE64_ZIP_REPORT}}",
        &inner_zip,
    );
    let outcome = ingest("fwd.eml", &bytes);
    assert_eq!(
        layers(&outcome),
        vec!["eml/zip:report.xml/xml"],
        "{:?}",
        outcome.errors
    );
}

#[test]
fn mbox_with_many_messages() {
    let first = template(
        "providers/outlook-preview.eml.in",
        "{{BASE64_GZ_REPORT}}",
        &gz(&report_xml()),
    );
    let second = fixture("containers/inline-qp.eml");
    let third = fixture("providers/failure-auth.eml");
    let mut mbox = Vec::new();
    for (i, message) in [first, second, third].iter().enumerate() {
        writeln!(mbox, "From 17000000{i}@xxx Wed May 01 10:00:00 +0000 2024").unwrap();
        mbox.extend_from_slice(message);
        mbox.extend_from_slice(b"\n\n");
    }
    let outcome = ingest("Takeout.mbox", &mbox);
    assert_eq!(
        layers(&outcome),
        vec![
            "mbox/message:1/eml/gz/xml",
            "mbox/message:2/eml/xml",
            "mbox/message:3/eml/arf"
        ],
        "{:?}",
        outcome.errors
    );
}

#[test]
fn rfc6591_failure_report_with_original_headers() {
    let outcome = ingest("ruf.eml", &fixture("providers/failure-auth.eml"));
    let Some(Report::Failure(r)) = outcome.reports.first().map(|r| &r.report) else {
        panic!("no failure report: {outcome:?}");
    };
    assert_eq!(r.auth_failure, vec!["dmarc"]);
    assert_eq!(r.source_ip.as_deref(), Some("192.0.2.66"));
    assert_eq!(r.identity_alignment.as_deref(), Some("none"));
    let original = r.original.as_ref().unwrap();
    assert_eq!(original.subject.as_deref(), Some("Your invoice €"));
    assert_eq!(
        original.message_id.as_deref(),
        Some("<fake-1@spoofer.example>")
    );
}

#[test]
fn arf_abuse_report_is_a_note_not_a_failure_report() {
    let outcome = ingest("abuse.eml", &fixture("providers/abuse-arf.eml"));
    assert_eq!(outcome.status, FileStatus::Rejected);
    assert!(note_codes(&outcome).contains(&"not_dmarc_failure"));
    assert_eq!(error_codes(&outcome), vec!["not_a_report"]);
}

#[test]
fn rfc8460_tls_report_plain_and_gzip() {
    let json = fixture("providers/tls-report.json");
    for bytes in [json.clone(), gz(&json)] {
        let outcome = ingest("tls.json.gz", &bytes);
        let Some(Report::Tls(r)) = outcome.reports.first().map(|r| &r.report) else {
            panic!("no TLS report: {outcome:?}");
        };
        assert_eq!(r.total_successful_sessions(), 120);
        assert_eq!(r.policies[0].failure_details.len(), 1);
    }
}

#[test]
fn bom_and_leading_space_are_read() {
    let outcome = ingest("bom.xml", &fixture("quirks/bom-and-space.xml"));
    assert_eq!(records(&outcome), vec![2], "{:?}", outcome.errors);
}

#[test]
fn files_without_a_report_are_rejected_with_file_layer_and_reason() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("empty.xml", Vec::new(), "not_a_report", "empty"),
        (
            "unused.gz",
            gz(&fixture("malformed/unused.txt")),
            "not_a_report",
            "gz > text",
        ),
        ("image.gz", png, "not_a_report", "png"),
        (
            "not-tls.json",
            fixture("malformed/not-tls.json"),
            "not_a_report",
            "json",
        ),
        (
            "truncated.xml",
            fixture("malformed/truncated.xml"),
            "xml_truncated",
            "xml",
        ),
        (
            "broken.gz",
            gz(&report_xml())[..40].to_vec(),
            "decompress",
            "gz",
        ),
        ("broken.zip", b"PK\x03\x04garbage".to_vec(), "zip", "zip"),
    ];
    for (name, bytes, code, layer) in cases {
        let outcome = ingest(name, &bytes);
        assert_eq!(outcome.status, FileStatus::Rejected, "{name}");
        assert_eq!(
            error_codes(&outcome),
            vec![code],
            "{name}: {:?}",
            outcome.errors
        );
        let message = outcome.errors[0].to_string();
        assert!(
            message.starts_with(&format!("{name}: {layer}")),
            "{name}: {message}"
        );
    }
    let truncated = ingest("t.xml", &fixture("malformed/truncated.xml"));
    let message = truncated.errors[0].to_string();
    assert!(message.contains("line "), "{message}");
}

#[test]
fn entities_are_not_expanded() {
    let outcome = ingest("entities.xml", &fixture("malformed/entities.xml"));
    // Either rejected or read without expansion: never 1000 × "a".
    if let Some(Report::Aggregate(r)) = outcome.reports.first().map(|r| &r.report) {
        let org = r.report_metadata.org_name.clone().unwrap_or_default();
        assert!(org.len() < 100, "{org}");
    }
}

#[test]
fn decompression_caps() {
    let zeros = vec![0u8; 8 * 1024 * 1024];
    // Ratio: 8 MiB of zeros compress about 1000:1.
    let outcome = ingest("bomb.gz", &gz(&zeros));
    assert_eq!(error_codes(&outcome), vec!["ratio_exceeded"]);
    let outcome = ingest("bomb.zip", &zip(&[("r.xml", Some(&zeros))]));
    assert_eq!(error_codes(&outcome), vec!["ratio_exceeded"]);
    // Size: a small cap, a report bigger than it.
    let limits = Limits {
        max_decompressed_bytes: 100,
        ..Limits::default()
    };
    let outcome = ingest_file("big.gz", &gz(&report_xml()), &limits);
    assert_eq!(error_codes(&outcome), vec!["too_large"]);
    assert!(outcome.errors[0].to_string().contains("100 bytes"));
    // The budget is per file: two members that each fit, together do not.
    let xml = report_xml();
    let limits = Limits {
        max_decompressed_bytes: xml.len() as u64 + 10,
        ..Limits::default()
    };
    let outcome = ingest_file(
        "two.zip",
        &zip(&[("a", Some(&xml)), ("b", Some(&xml))]),
        &limits,
    );
    assert_eq!(records(&outcome), vec![2]);
    assert_eq!(error_codes(&outcome), vec!["too_large"]);
}

#[test]
fn a_zip_of_a_year_of_reports_is_read_whole_with_the_default_caps() {
    // 5,000 reports in one archive, as a person archives a year of them.
    let members: Vec<(String, Vec<u8>)> = (0..5_000)
        .map(|i| {
            let xml = dmarc_core::testdata::generate_aggregate(2, i);
            (format!("report-{i}.xml"), xml)
        })
        .collect();
    let archive = dmarc_core::testdata::zip_members(&members);
    let outcome = ingest("year.zip", &archive);
    assert_eq!(error_codes(&outcome), Vec::<&str>::new());
    assert_eq!(records(&outcome).len(), 5_000);
}

#[test]
fn member_and_depth_caps() {
    let xml = report_xml();
    let limits = Limits {
        max_zip_members: 2,
        ..Limits::default()
    };
    let three = zip(&[("a", Some(&xml)), ("b", Some(&xml)), ("c", Some(&xml))]);
    let outcome = ingest_file("many.zip", &three, &limits);
    assert_eq!(error_codes(&outcome), vec!["too_many_members"]);
    let mut nested = xml.clone();
    for _ in 0..12 {
        nested = gz(&nested);
    }
    let outcome = ingest("deep.gz", &nested);
    assert_eq!(error_codes(&outcome), vec!["too_deep"]);
    let deep_xml = format!("<feedback>{}", "<a>".repeat(500));
    let outcome = ingest("deep.xml", deep_xml.as_bytes());
    assert_eq!(error_codes(&outcome), vec!["xml_too_deep"]);
}

#[test]
fn one_bad_member_does_not_stop_the_others() {
    let bytes = zip(&[
        ("bad.xml", Some(&fixture("malformed/truncated.xml"))),
        ("good.xml", Some(&report_xml())),
    ]);
    let outcome = ingest("mixed.zip", &bytes);
    assert_eq!(outcome.status, FileStatus::Parsed);
    assert_eq!(records(&outcome), vec![2]);
    assert_eq!(error_codes(&outcome), vec!["xml_truncated"]);
    assert_eq!(outcome.errors[0].layers, vec!["zip:bad.xml", "xml"]);
}

#[test]
fn the_same_report_is_counted_once() {
    let xml = report_xml();
    let mut set = ReportSet::new();
    set.add(ingest("a.xml", &xml));
    set.add(ingest("a.xml.gz", &gz(&xml)));
    set.add(ingest(
        "both.zip",
        &zip(&[
            ("a", Some(&xml)),
            ("b", Some(&fixture("quirks/report-2.xml"))),
        ]),
    ));
    let status: Vec<FileStatus> = set.files().iter().map(|f| f.status).collect();
    assert_eq!(
        status,
        vec![
            FileStatus::Parsed,
            FileStatus::Duplicate,
            FileStatus::Parsed
        ]
    );
    assert_eq!(set.reports().count(), 2);
    let session = dmarc_core::session::Session::from_set(set);
    let export = session.export(&dmarc_core::analysis::Filter::default());
    assert_eq!(export.rows().count(), 3);
}

#[test]
fn outcomes_round_trip_through_serde() {
    let outcome = ingest("r.zip", &zip(&[("a", Some(&report_xml()))]));
    let json = serde_json::to_string(&outcome).unwrap();
    let back: FileOutcome = serde_json::from_str(&json).unwrap();
    assert_eq!(back, outcome);
}

#[test]
fn exports_hold_every_record() {
    let outcome = ingest("r.xml", &report_xml());
    let mut set = dmarc_core::ingest::ReportSet::new();
    set.add(outcome);
    let session = dmarc_core::session::Session::from_set(set);
    let export = session.export(&dmarc_core::analysis::Filter::default());
    let csv = export.to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], export::CSV_COLUMNS.join(","));
    assert!(
        lines[1].contains("192.0.2.10,7,none,pass,fail"),
        "{}",
        lines[1]
    );
    let ndjson = export.to_ndjson().unwrap();
    let rows: Vec<serde_json::Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["source_ip"], "2001:db8::25");
    assert_eq!(rows[1]["report_id"], "fixture-0001");
    assert_eq!(rows[0]["dkim_aligned"], true);
    assert_eq!(rows[0]["spf_aligned"], false);
    let json: serde_json::Value = serde_json::from_str(&export.to_json().unwrap()).unwrap();
    assert_eq!(json[0]["type"], "aggregate");
}

#[test]
fn fuzz_regression_lost_boundary_in_nested_message() {
    // Found by `scripts/fuzz.sh`: mail-parser's debug_assert! on a nested
    // message/rfc822 whose boundary is lost. Must end as an outcome, not a panic.
    let outcome = ingest(
        "fuzz.eml",
        &fixture("malformed/lost-boundary-nested-message.eml"),
    );
    assert_eq!(outcome.status, FileStatus::Rejected);
}
