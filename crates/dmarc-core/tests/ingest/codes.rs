//! Every note and error ingestion writes over the fixtures and the corpus
//! survives the trip the web app gives it: serialised (the worker protocol)
//! and read back equal, and its note as English text for the command line.
//! The codes themselves are types (`NoteCode`, `ErrorKind`), so a code the
//! catalogue lacks cannot be written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use dmarc_core::error::{ErrorKind, IngestError, Sniffed};
use dmarc_core::ingest::{ingest_file, FileOutcome, Limits};
use dmarc_core::report::{Note, NoteCode};

use crate::corpus;

/// Every note of `outcome`: the file's and its reports'.
fn all_notes(outcome: &FileOutcome) -> impl Iterator<Item = &Note> {
    outcome
        .notes
        .iter()
        .map(|n| &n.note)
        .chain(outcome.reports.iter().flat_map(|r| &r.notes))
}

/// The notes and errors of `outcome` that do not read back equal from
/// JSON, as `what (file)` lines.
pub(super) fn not_read_back(outcome: &FileOutcome) -> Vec<String> {
    let mut bad = Vec::new();
    for note in all_notes(outcome) {
        let json = serde_json::to_string(note).unwrap();
        if serde_json::from_str::<Note>(&json).ok().as_ref() != Some(note) {
            bad.push(format!("note {json} ({})", outcome.name));
        }
    }
    for error in &outcome.errors {
        let json = serde_json::to_string(error).unwrap();
        if serde_json::from_str::<IngestError>(&json).ok().as_ref() != Some(error) {
            bad.push(format!("error {json} ({})", outcome.name));
        }
        if !ErrorKind::CODES.contains(&error.code()) {
            bad.push(format!("error {} ({})", error.code(), outcome.name));
        }
    }
    bad
}

#[test]
fn every_note_and_error_over_the_fixtures_and_corpus_reads_back() {
    let mut paths = corpus::walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
    let fixtures = paths.len();
    paths.extend(corpus::files());
    assert!(fixtures > 0, "no fixtures found");
    let limits = Limits::default();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut bad = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let outcome = ingest_file(&path.display().to_string(), &bytes, &limits);
        bad.extend(not_read_back(&outcome));
        for note in all_notes(&outcome) {
            *seen.entry(note.code.name().to_owned()).or_default() += 1;
        }
        for error in &outcome.errors {
            *seen.entry(format!("error {}", error.code())).or_default() += 1;
        }
    }
    println!(
        "{} files ({fixtures} fixtures), codes seen: {seen:?}",
        paths.len()
    );
    assert!(bad.is_empty(), "not read back:\n{}", bad.join("\n"));
}

/// A file outcome as earlier versions stored it in IndexedDB (notes with
/// string codes and English details, the payload kind a string) still
/// loads, typed.
#[test]
fn an_outcome_stored_by_an_earlier_version_still_loads() {
    let json = r#"{"name":"a.zip","size":9,"status":"rejected","reports":[],
        "notes":[{"layers":["zip"],"note":{"code":"zip_macosx_member","detail":"macOS metadata member skipped: \"__MACOSX/x\""}},
                 {"layers":["zip:r.png","png"],"note":{"code":"not_a_report:png","detail":"png data"}},
                 {"layers":["zip:r.xml","xml"],"note":{"code":"empty:source_ip","detail":"record 2 (and 3 more)"}}],
        "errors":[{"file":"a.zip","layers":["zip:r.png","png"],
                   "kind":{"kind":"not_a_report","sniffed":"png","detail":"png data"}}]}"#;
    let outcome: FileOutcome = serde_json::from_str(json).unwrap();
    let notes: Vec<&Note> = all_notes(&outcome).collect();
    assert_eq!(notes[0].code, NoteCode::ZipMacosxMember);
    assert_eq!(notes[1].code, NoteCode::NotAReport(Sniffed::Png));
    assert_eq!(
        (&notes[2].code, notes[2].record, notes[2].more),
        (&NoteCode::Empty("source_ip".into()), Some(2), 3)
    );
    assert!(matches!(
        outcome.errors[0].kind,
        ErrorKind::NotAReport {
            sniffed: Sniffed::Png,
            ..
        }
    ));
    assert!(not_read_back(&outcome).is_empty());
}

/// A file status's code is its serde name (the page's CSS class and the
/// benchmark's figures read it).
#[test]
fn file_status_codes_are_their_serde_names() {
    use dmarc_core::ingest::FileStatus;
    for status in [
        FileStatus::Parsed,
        FileStatus::Duplicate,
        FileStatus::Rejected,
    ] {
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::Value::from(status.code())
        );
    }
}
