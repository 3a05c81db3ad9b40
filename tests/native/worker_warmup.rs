//! The worker's warm-up report (`src/worker/warmup.rs`) must take the paths
//! a real report takes: read whole, without a note or an error, every
//! record and address counted.

use dmarc_core::analysis::Filter;
use dmarc_core::ingest::{FileStatus, Limits};
use dmarc_core::session::Session;
use dmarc_lens_web::worker::warmup::{self, report, RECORDS};

#[test]
fn the_warm_up_report_is_read_whole_like_a_real_one() {
    let mut session = Session::new(Limits::default());
    let summary = session.add_file("warm-up.xml", report().as_bytes());
    assert_eq!(summary.status, FileStatus::Parsed);
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);
    assert!(summary.errors.is_empty(), "{:?}", summary.errors);
    assert_eq!(summary.new_reports, 1);
    assert_eq!(summary.records, RECORDS as usize);
    // The four shapes in turn: 3 + 1 + 12 + 7 messages every four records.
    assert_eq!(summary.messages, u64::from(RECORDS / 4) * 23);

    let dashboard = session.dashboard(&Filter::default());
    let headline = &dashboard.headline;
    assert_eq!(
        headline.sources,
        u64::from(RECORDS),
        "every address distinct"
    );
    // The spoofs (12 of every 23 messages) fail DMARC; the forwards pass
    // by DKIM and the service's mail by its second signature.
    assert_eq!(headline.dmarc_fail, u64::from(RECORDS / 4) * 12);
}

#[test]
fn the_warm_up_leaves_the_session_as_new() {
    let mut warmed = Session::new(Limits::default());
    warmup::run(&mut warmed);
    assert_eq!(warmed.report_count(), 0);
    // The same report afterwards is new, not a duplicate of the warm-up's,
    // and reads as in a fresh session.
    let again = warmed.add_file("warm-up.xml", report().as_bytes());
    let fresh = Session::new(Limits::default()).add_file("warm-up.xml", report().as_bytes());
    assert_eq!(again.status, FileStatus::Parsed);
    assert_eq!(again.duplicate_reports, 0);
    assert_eq!(again, fresh);
    assert_eq!(warmed.report_count(), 1);
}
