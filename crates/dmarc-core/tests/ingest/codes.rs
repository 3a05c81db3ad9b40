//! Every note and error code ingestion writes is one the UI can translate:
//! listed in `NOTE_CODES`, `NOTE_FAMILIES`, `ErrorKind::CODES` and
//! `ErrorKind::NOT_A_REPORT_KINDS`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use dmarc_core::error::ErrorKind;
use dmarc_core::ingest::{ingest_file, FileOutcome, Limits};
use dmarc_core::report::Note;

use crate::corpus;

/// Every note of `outcome`: the file's and its reports'.
fn all_notes(outcome: &FileOutcome) -> impl Iterator<Item = &Note> {
    outcome
        .notes
        .iter()
        .map(|n| &n.note)
        .chain(outcome.reports.iter().flat_map(|r| &r.notes))
}

/// The codes of `outcome` that are not listed, as `code (file)` lines.
pub(super) fn unlisted_codes(outcome: &FileOutcome) -> Vec<String> {
    let mut bad = Vec::new();
    for note in all_notes(outcome) {
        let code = note.parsed_code();
        let kind_ok = code.name != "not_a_report"
            || code
                .subject
                .is_some_and(|s| ErrorKind::NOT_A_REPORT_KINDS.contains(&s));
        if !code.is_known() || !kind_ok {
            bad.push(format!("note {} ({})", note.code, outcome.name));
        }
    }
    for error in &outcome.errors {
        if !ErrorKind::CODES.contains(&error.code()) {
            bad.push(format!("error {} ({})", error.code(), outcome.name));
        }
        if let ErrorKind::NotAReport { sniffed, .. } = &error.kind {
            if !ErrorKind::NOT_A_REPORT_KINDS.contains(&sniffed.as_str()) {
                bad.push(format!("not_a_report {sniffed} ({})", outcome.name));
            }
        }
    }
    bad
}

#[test]
fn every_code_written_over_the_fixtures_and_corpus_is_listed() {
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
        bad.extend(unlisted_codes(&outcome));
        for note in all_notes(&outcome) {
            *seen.entry(note.parsed_code().name.to_owned()).or_default() += 1;
        }
        for error in &outcome.errors {
            *seen.entry(format!("error {}", error.code())).or_default() += 1;
        }
    }
    println!(
        "{} files ({fixtures} fixtures), codes seen: {seen:?}",
        paths.len()
    );
    assert!(bad.is_empty(), "codes not listed:\n{}", bad.join("\n"));
}
