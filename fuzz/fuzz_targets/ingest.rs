//! The whole ingest path: any bytes, as a dropped file.
#![no_main]

use dmarc_core::ingest::{ingest_file, FileStatus, Limits, ReportSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A smaller decompression budget keeps each run fast; the caps are the
    // code under test either way.
    let limits = Limits {
        max_decompressed_bytes: 8 * 1024 * 1024,
        ..Limits::default()
    };
    let outcome = ingest_file("fuzz-input", data, &limits);
    // A rejected file always says why; a parsed one has a report.
    assert!(outcome.status != FileStatus::Rejected || !outcome.errors.is_empty());
    assert!(outcome.status != FileStatus::Parsed || !outcome.reports.is_empty());
    for error in &outcome.errors {
        let _ = error.to_string();
    }
    let mut set = ReportSet::new();
    set.add(outcome.clone());
    set.add(outcome);
    // The exports, with the analysis that annotates each record.
    let session = dmarc_core::session::Session::from_set(set);
    let export = session.export(&dmarc_core::analysis::Filter::default());
    let _ = export.to_csv();
    let _ = export.to_ndjson();
    let _ = export.to_json();
});
