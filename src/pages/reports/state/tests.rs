//! The store's transitions, natively.

use super::*;

fn summary(name: &str, status: FileStatus) -> FileSummary {
    FileSummary {
        name: name.into(),
        size: 10,
        status,
        new_reports: usize::from(status == FileStatus::Parsed),
        failure_reports: 0,
        tls_reports: 0,
        duplicate_reports: 0,
        records: 1,
        messages: 5,
        notes: vec![],
        errors: vec![],
    }
}

/// The worker's answer for one file read.
fn done(seq: u32, summary: FileSummary, stored: StoredInfo) -> Action {
    Action::FilesDone {
        files: vec![FileDone {
            seq,
            elapsed_ms: 1.0,
            outcome: ReadOutcome::Read(summary),
        }],
        stored,
    }
}

/// The worker's answer for one file it could not read.
fn unreadable(seq: u32, message: impl Into<String>) -> Action {
    Action::FilesDone {
        files: vec![FileDone {
            seq,
            elapsed_ms: 1.0,
            outcome: ReadOutcome::Unreadable(message.into()),
        }],
        stored: StoredInfo::default(),
    }
}

/// `n` inputs of `size` bytes.
fn files(n: usize, size: u64) -> Vec<(String, u64, Source)> {
    (0..n)
        .map(|i| (format!("f{i}"), size, Source::Text(String::new())))
        .collect()
}

fn text(name: &str) -> (String, u64, Source) {
    (name.into(), 10, Source::Text("<feedback/>".into()))
}

#[test]
fn large_files_go_one_at_a_time_small_ones_many_at_once() {
    let ready = apply(
        &ReportsState::default(),
        Action::WorkerReady {
            restored: Vec::new(),
            stored: StoredInfo::default(),
        },
    );
    let big = IN_FLIGHT_BYTES / 2 + 1;
    let inputs = |sizes: &[u64]| {
        Action::InputsAdded(
            1,
            sizes
                .iter()
                .enumerate()
                .map(|(i, size)| (format!("f{i}"), *size, Source::Text(String::new())))
                .collect(),
        )
    };
    // Two files over half the byte budget: the second waits for the first.
    let s = apply(&ready, inputs(&[big, big, 10]));
    assert_eq!(s.in_flight.len(), 1);
    // A file larger than the whole budget still goes, alone.
    let s = apply(&ready, inputs(&[IN_FLIGHT_BYTES * 4, 10]));
    assert_eq!(s.in_flight.len(), 1);
    // Small files: as many as IN_FLIGHT.
    let s = apply(&ready, inputs(&[10; IN_FLIGHT * 2]));
    assert_eq!(s.in_flight.len(), IN_FLIGHT);
    // The log finds a finished file among thousands.
    let mut s = apply(&ready, inputs(&[10; 3000]));
    for seq in 1..=3000 {
        s = apply(&s, unreadable(seq, String::new()));
    }
    assert!(!s.busy());
    assert!(s
        .log
        .iter()
        .all(|e| matches!(e.outcome, LogOutcome::Unreadable(_))));
}

#[test]
fn inputs_wait_for_the_worker_then_go_a_few_at_a_time() {
    let names: Vec<String> = (0..IN_FLIGHT + 1).map(|i| format!("f{i}")).collect();
    let s = apply(
        &ReportsState::default(),
        Action::InputsAdded(1, names.iter().map(|n| text(n)).collect()),
    );
    assert!(
        s.in_flight.is_empty(),
        "nothing is sent before the worker is ready"
    );
    let s = apply(
        &s,
        Action::WorkerReady {
            restored: vec![],
            stored: StoredInfo::default(),
        },
    );
    let in_flight = |s: &ReportsState| s.in_flight.iter().map(|i| i.seq).collect::<Vec<_>>();
    assert_eq!(in_flight(&s), (1..=IN_FLIGHT as u32).collect::<Vec<_>>());
    assert_eq!(s.queue.len(), 1);
    let s = apply(
        &s,
        done(
            1,
            summary("f0", FileStatus::Parsed),
            StoredInfo { files: 1, bytes: 9 },
        ),
    );
    assert_eq!(
        in_flight(&s),
        (2..=IN_FLIGHT as u32 + 1).collect::<Vec<_>>()
    );
    assert!(s.queue.is_empty());
    assert_eq!(
        (
            s.progress.files_done,
            s.progress.files_total,
            s.progress.bytes_done
        ),
        (1, IN_FLIGHT as u32 + 1, 10)
    );
    let mut s = apply(&s, unreadable(2, "gone"));
    for seq in 3..=IN_FLIGHT as u32 + 1 {
        s = apply(
            &s,
            done(
                seq,
                summary("f", FileStatus::Duplicate),
                StoredInfo { files: 1, bytes: 9 },
            ),
        );
    }
    assert!(!s.busy());
    assert_eq!(s.outcome_counts(), (1, IN_FLIGHT - 1, 1));
    assert_eq!(s.stored.files, 1);
}

#[test]
fn cancel_drops_the_queue_but_not_the_files_in_flight() {
    let s = apply(
        &ReportsState::default(),
        Action::WorkerReady {
            restored: vec![],
            stored: StoredInfo::default(),
        },
    );
    let names: Vec<String> = (0..IN_FLIGHT + 2).map(|i| format!("f{i}")).collect();
    let s = apply(
        &s,
        Action::InputsAdded(1, names.iter().map(|n| text(n)).collect()),
    );
    let s = apply(&s, Action::Cancelled);
    assert_eq!(s.in_flight.len(), IN_FLIGHT);
    assert!(s.queue.is_empty());
    assert_eq!(
        s.log
            .iter()
            .filter(|e| e.outcome == LogOutcome::Cancelled)
            .count(),
        2
    );
    assert_eq!(s.progress.files_total, IN_FLIGHT as u32);
    let mut s = s;
    for seq in 1..=IN_FLIGHT as u32 {
        assert!(s.busy());
        s = apply(
            &s,
            done(
                seq,
                summary("a", FileStatus::Duplicate),
                StoredInfo::default(),
            ),
        );
    }
    assert!(!s.busy());
    assert_eq!(s.outcome_counts(), (0, IN_FLIGHT, 0));
}

#[test]
fn address_lists_arrive_after_their_dashboard_and_only_for_it() {
    use dmarc_core::analysis::{summarize, Index};
    use dmarc_core::report::Report;
    use dmarc_core::testdata::synthetic::Synthetic;
    let mut index = Index::new();
    for r in Synthetic::new(3).records(300) {
        index.add("s.xml", &Report::Aggregate(r));
    }
    let full = summarize(&index, &Filter::default());
    let mut bare = full.clone();
    let lists: Vec<Vec<SourceRow>> = bare
        .services
        .iter_mut()
        .map(|g| std::mem::take(&mut g.sources))
        .collect();
    assert!(lists.iter().any(|l| !l.is_empty()));
    let s = apply(
        &ReportsState::default(),
        Action::DashboardReady {
            seq: 2,
            dashboard: Rc::new(bare),
            elapsed_ms: 1.0,
        },
    );
    // Lists of an older query are not put into a newer dashboard.
    let stale = apply(
        &s,
        Action::SourcesReady {
            seq: 1,
            sources: lists.clone(),
        },
    );
    assert!(stale
        .dashboard
        .as_ref()
        .is_some_and(|d| d.services.iter().all(|g| g.sources.is_empty())));
    let s = apply(
        &s,
        Action::SourcesReady {
            seq: 2,
            sources: lists,
        },
    );
    assert_eq!(s.dashboard.as_deref(), Some(&full));
}

#[test]
fn only_the_newest_dashboard_is_shown_and_a_filter_change_closes_the_records() {
    let dash = |messages| {
        let mut d = Dashboard::default();
        d.headline.counts.messages = messages;
        Rc::new(d)
    };
    let s = apply(
        &ReportsState::default(),
        Action::DashboardReady {
            seq: 2,
            dashboard: dash(20),
            elapsed_ms: 1.0,
        },
    );
    let s = apply(
        &s,
        Action::DashboardReady {
            seq: 1,
            dashboard: dash(10),
            elapsed_ms: 1.0,
        },
    );
    assert_eq!(
        s.dashboard.as_ref().map(|d| d.headline.counts.messages),
        Some(20)
    );
    let s = apply(&s, Action::RecordsRequested("192.0.2.1".into()));
    assert!(s.drill.as_ref().is_some_and(|d| d.records.is_none()));
    let s = apply(&s, Action::RecordsReady(vec![]));
    assert!(s.drill.as_ref().is_some_and(|d| d.records.is_some()));
    let s = apply(
        &s,
        Action::FilterChanged(Filter {
            search: Some("x".into()),
            ..Filter::default()
        }),
    );
    assert!(s.drill.is_none());
    assert_eq!(s.filter.search.as_deref(), Some("x"));
}

#[test]
fn restored_files_come_first_and_forget_clears_everything() {
    let s = apply(
        &ReportsState::default(),
        Action::InputsAdded(1, vec![text("new")]),
    );
    let s = apply(
        &s,
        Action::WorkerReady {
            restored: vec![summary("old", FileStatus::Parsed)],
            stored: StoredInfo {
                files: 1,
                bytes: 100,
            },
        },
    );
    assert_eq!(s.log[0].name, "old");
    assert!(matches!(s.log[0].outcome, LogOutcome::Restored(_)));
    let version = s.data_version;
    let s = apply(&s, Action::Forgotten);
    assert!(s.log.is_empty());
    assert_eq!(s.stored, StoredInfo::default());
    assert!(s.data_version > version);
}

fn ready() -> ReportsState {
    apply(
        &ReportsState::default(),
        Action::WorkerReady {
            restored: vec![],
            stored: StoredInfo::default(),
        },
    )
}

fn batch_sizes(s: &ReportsState) -> Vec<usize> {
    s.outbox.iter().map(|b| b.inputs.len()).collect()
}

#[test]
fn a_folder_goes_in_batches_and_each_batch_is_posted_once() {
    // 2,000 files: IN_FLIGHT of them decided at once, in batches of BATCH.
    let s = apply(&ready(), Action::InputsAdded(1, files(2000, 10)));
    assert_eq!(s.in_flight.len(), IN_FLIGHT);
    assert_eq!(batch_sizes(&s), vec![BATCH; IN_FLIGHT / BATCH]);
    let ids: Vec<u32> = s.outbox.iter().map(|b| b.id).collect();
    assert_eq!(ids, (1..=(IN_FLIGHT / BATCH) as u32).collect::<Vec<_>>());
    // The inputs of the batches are the in-flight ones, in order.
    let batched: Vec<u32> = s
        .outbox
        .iter()
        .flat_map(|b| b.inputs.iter().map(|i| i.seq))
        .collect();
    assert_eq!(batched, (1..=IN_FLIGHT as u32).collect::<Vec<_>>());
    // Posted: the outbox empties, nothing is decided twice.
    let last = s.outbox.last().map(|b| b.id).unwrap_or_default();
    let s = apply(&s, Action::Posted { up_to: last });
    assert!(s.outbox.is_empty());
    assert_eq!(s.posted_up_to, last);
    // One answer for the first batch: one new batch of BATCH, numbered on.
    let answer = Action::FilesDone {
        files: (1..=BATCH as u32)
            .map(|seq| FileDone {
                seq,
                elapsed_ms: 1.0,
                outcome: ReadOutcome::Read(summary("f", FileStatus::Parsed)),
            })
            .collect(),
        stored: StoredInfo {
            files: BATCH as u32,
            bytes: 320,
        },
    };
    let s = apply(&s, answer);
    assert_eq!(s.progress.files_done, BATCH as u32);
    assert_eq!(batch_sizes(&s), vec![BATCH]);
    assert_eq!(s.outbox[0].id, last + 1);
    assert_eq!(s.outbox[0].inputs[0].seq, IN_FLIGHT as u32 + 1);
    // A stale acknowledgement does not drop a newer batch.
    let s = apply(&s, Action::Posted { up_to: last });
    assert_eq!(batch_sizes(&s), vec![BATCH]);
}

#[test]
fn big_files_go_alone_and_one_not_handed_over_is_finished() {
    let big = IN_FLIGHT_BYTES / 2 + 1;
    let s = apply(&ready(), Action::InputsAdded(1, files(3, big)));
    assert_eq!(batch_sizes(&s), vec![1]);
    // Inputs that could not be handed over are finished, not lost.
    let s = apply(&s, Action::NotSent(vec![(1, "DataCloneError".into())]));
    assert!(matches!(&s.log[0].outcome, LogOutcome::Unreadable(m) if m == "DataCloneError"));
    assert_eq!(s.progress.files_done, 1);
    assert_eq!(batch_sizes(&s), vec![1, 1]);
}

#[test]
fn the_dashboard_is_asked_for_at_most_every_refresh_while_reading() {
    // Nothing before the worker is ready; then the first dashboard.
    let s = apply_at(
        &ReportsState::default(),
        Action::InputsAdded(1, files(3, 10)),
        0.0,
    );
    assert_eq!(s.query.seq, 0);
    let s = apply_at(
        &s,
        Action::WorkerReady {
            restored: vec![],
            stored: StoredInfo::default(),
        },
        0.0,
    );
    assert_eq!(s.query.seq, 1);
    let answer = |seq| Action::FilesDone {
        files: vec![FileDone {
            seq,
            elapsed_ms: 1.0,
            outcome: ReadOutcome::Read(summary("f", FileStatus::Parsed)),
        }],
        stored: StoredInfo::default(),
    };
    // New data while reading, soon after the last ask: not yet.
    let s = apply_at(&s, answer(1), 100.0);
    assert_eq!(s.query.seq, 1);
    // A changed filter: at once, even while reading.
    let s = apply_at(
        &s,
        Action::FilterChanged(Filter {
            search: Some("x".into()),
            ..Filter::default()
        }),
        200.0,
    );
    assert_eq!((s.query.seq, s.query.filter.as_str()), (2, "q=x"));
    // New data REFRESH_MS after the last ask: asked.
    let s = apply_at(&s, answer(2), 200.0 + REFRESH_MS);
    assert_eq!(s.query.seq, 3);
    // The last file: at once, whatever the time.
    let s = apply_at(&s, answer(3), 201.0 + REFRESH_MS);
    assert!(!s.busy());
    assert_eq!(s.query.seq, 4);
    assert_eq!(s.query.data_version, s.data_version);
    // Nothing new: nothing asked.
    let s = apply_at(&s, Action::DrillClosed, 10_000.0);
    assert_eq!(s.query.seq, 4);
}

#[test]
fn a_cancel_stops_the_rest_of_a_drop_still_being_added() {
    // A large drop comes in chunks; the person cancels after the first.
    let s = apply(&ready(), Action::InputsAdded(1, files(IN_FLIGHT + 10, 10)));
    let s = apply(&s, Action::Cancelled);
    assert_eq!(s.progress.files_total, IN_FLIGHT as u32);
    let s = apply(&s, Action::InputsAdded(1, files(100, 10)));
    assert_eq!(s.progress.files_total, IN_FLIGHT as u32, "not counted");
    assert!(s.queue.is_empty(), "not queued");
    let cancelled = |s: &ReportsState| {
        s.log
            .iter()
            .filter(|e| e.outcome == LogOutcome::Cancelled)
            .count()
    };
    assert_eq!(cancelled(&s), 110);
    assert_eq!(s.log.len(), IN_FLIGHT + 110, "each input logged once");
    // A later drop goes in as usual.
    let s = apply(&s, Action::InputsAdded(2, files(3, 10)));
    assert_eq!(s.queue.len(), 3);
    assert_eq!(cancelled(&s), 110);
}
