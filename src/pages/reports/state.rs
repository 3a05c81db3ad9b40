//! The Reports view's store: the ingest queue, progress, the log, storage.
//!
//! [`apply`] is pure; the page's effects do the sending. The worker reads
//! files one at a time, in order; the page keeps up to [`IN_FLIGHT`] of them
//! (and [`IN_FLIGHT_BYTES`]) sent ahead, so that the worker never waits for
//! the page between small files, and keeps the rest queued, so a cancel
//! drops what has not been sent.
//!
//! The state is copied on every action (the reducer is pure), so what grows
//! with the number of files is held by `Rc`: a copy of the log or the queue
//! of a 2,000-file folder is 2,000 pointer copies, not 2,000 names and
//! browser file handles (each of which is a call into JavaScript to clone).

use std::collections::VecDeque;
use std::rc::Rc;

use dmarc_core::analysis::{Dashboard, Filter, RecordDetail, SourceRow};
use dmarc_core::ingest::FileStatus;
use dmarc_core::session::FileSummary;
use yew::Reducible;

use crate::services::protocol::StoredInfo;

/// Inputs sent to the worker ahead of its answers: enough that it never
/// idles between small files while the page is busy drawing, few enough
/// that a cancel is quick.
pub const IN_FLIGHT: usize = 8;

/// Bytes sent ahead beyond the first input: large files go one at a time,
/// so a cancel does not wait for several of them.
pub const IN_FLIGHT_BYTES: u64 = 8 << 20;

/// What failed between the page and the worker, each with the browser's
/// (or serde's) message: each has its own sentence (`reports.failure.<code>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerFailure {
    /// The worker could not be started.
    Start(String),
    /// A request could not be sent to it.
    Send(String),
    /// A message between the two could not be read (a bug, never the
    /// person's fault).
    Malformed(String),
    /// The sample reports could not be fetched from this site.
    Sample(String),
    /// An export could not be written (nothing was downloaded).
    Export(String),
}

impl WorkerFailure {
    /// Every code, for the catalogue test.
    pub const CODES: [&'static str; 5] = ["start", "send", "malformed", "sample", "export"];

    /// The sentence's key: `reports.failure.<code>`.
    pub fn key(&self) -> String {
        let code = match self {
            WorkerFailure::Start(_) => "start",
            WorkerFailure::Send(_) => "send",
            WorkerFailure::Malformed(_) => "malformed",
            WorkerFailure::Sample(_) => "sample",
            WorkerFailure::Export(_) => "export",
        };
        format!("reports.failure.{code}")
    }

    /// The message that came with it.
    pub fn detail(&self) -> &str {
        match self {
            WorkerFailure::Start(m)
            | WorkerFailure::Send(m)
            | WorkerFailure::Malformed(m)
            | WorkerFailure::Sample(m)
            | WorkerFailure::Export(m) => m,
        }
    }
}

/// Something to read: a dropped or picked file, or pasted text.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A file; the worker reads it.
    File(web_sys::File),
    /// Pasted text.
    Text(String),
}

/// One queued input.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The page's number for it.
    pub seq: u32,
    /// Its name (a path inside a dropped folder).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// What to read.
    pub source: Source,
}

/// What became of one input, for the ingest log.
#[derive(Clone, Debug, PartialEq)]
pub enum LogOutcome {
    /// Waiting or being read.
    Pending,
    /// Read: parsed, duplicate or rejected, with the details.
    Done(Rc<FileSummary>),
    /// The browser could not read it.
    Unreadable(String),
    /// Cancelled before it was read.
    Cancelled,
    /// Restored from this browser's storage.
    Restored(Rc<FileSummary>),
}

/// A line of the ingest log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// The page's number for the input (0 for restored files).
    pub seq: u32,
    /// The name.
    pub name: String,
    /// The size in bytes.
    pub size: u64,
    /// What became of it.
    pub outcome: LogOutcome,
}

/// Files and bytes done of the current batch.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    /// Inputs in this batch.
    pub files_total: u32,
    /// Inputs finished.
    pub files_done: u32,
    /// Bytes in this batch.
    pub bytes_total: u64,
    /// Bytes finished.
    pub bytes_done: u64,
}

/// The store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportsState {
    /// The worker has restored storage and takes requests.
    pub ready: bool,
    /// The worker could not start.
    pub worker_error: Option<WorkerFailure>,
    /// Waiting to be sent.
    pub queue: VecDeque<Rc<Input>>,
    /// Sent, not finished, oldest first (at most [`IN_FLIGHT`]).
    pub in_flight: Vec<Rc<Input>>,
    /// The current batch.
    pub progress: Progress,
    /// Every input of this visit, newest last.
    pub log: Vec<Rc<LogEntry>>,
    /// What this browser stores.
    pub stored: StoredInfo,
    /// The last storage failure.
    pub storage_error: Option<String>,
    /// Why the network data (AS, country) could not be loaded.
    pub network_error: Option<String>,
    /// Bumped whenever the loaded data changes, to refresh the dashboard.
    pub data_version: u32,
    /// What the dashboard shows (kept in the URL).
    pub filter: Filter,
    /// The newest dashboard the worker computed.
    pub dashboard: Option<Rc<Dashboard>>,
    /// The query number of that dashboard.
    pub dashboard_seq: u32,
    /// How long the worker took to compute it, in milliseconds.
    pub dashboard_ms: f64,
    /// The raw records being looked at, if any.
    pub drill: Option<Drill>,
    /// How many addresses and services the person has marked.
    pub marked: u64,
    /// Why the last marks file could not be read.
    pub marks_error: Option<String>,
    next_seq: u32,
}

/// Raw records behind a dashboard row.
#[derive(Clone, Debug, PartialEq)]
pub struct Drill {
    /// What they are the records of (a source address).
    pub label: String,
    /// The records, once the worker sent them.
    pub records: Option<Rc<Vec<RecordDetail>>>,
}

impl ReportsState {
    /// An empty store showing `filter`.
    pub fn with_filter(filter: Filter) -> Self {
        ReportsState {
            filter,
            ..ReportsState::default()
        }
    }

    /// True while inputs are queued or being read.
    pub fn busy(&self) -> bool {
        !self.in_flight.is_empty() || !self.queue.is_empty()
    }

    /// Counts of the log's outcomes: (parsed, duplicate, rejected).
    pub fn outcome_counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for entry in &self.log {
            match &entry.outcome {
                LogOutcome::Done(s) | LogOutcome::Restored(s) => match s.status {
                    FileStatus::Parsed => counts.0 += 1,
                    FileStatus::Duplicate => counts.1 += 1,
                    FileStatus::Rejected => counts.2 += 1,
                },
                LogOutcome::Unreadable(_) => counts.2 += 1,
                LogOutcome::Pending | LogOutcome::Cancelled => {}
            }
        }
        counts
    }
}

/// What can happen.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The worker restored what was stored and is ready.
    WorkerReady {
        /// Files restored.
        restored: Vec<FileSummary>,
        /// What storage holds.
        stored: StoredInfo,
    },
    /// Something between the page and the worker failed.
    WorkerFailed(WorkerFailure),
    /// The worker loaded the network data: dashboards now name networks.
    NetworkLoaded,
    /// The network data could not be loaded (the reason).
    NetworkFailed(String),
    /// Files were dropped, picked or pasted: (name, size, source).
    InputsAdded(Vec<(String, u64, Source)>),
    /// The worker finished a file.
    FileDone {
        /// Which.
        seq: u32,
        /// What it held.
        summary: FileSummary,
        /// What storage holds now.
        stored: StoredInfo,
    },
    /// The worker could not read a file.
    FileUnreadable {
        /// Which.
        seq: u32,
        /// Why.
        message: String,
    },
    /// The person cancelled the batch.
    Cancelled,
    /// Storage failed.
    StorageFailed(String),
    /// Everything was forgotten.
    Forgotten,
    /// The person changed the filter.
    FilterChanged(Filter),
    /// The worker computed a dashboard.
    DashboardReady {
        /// The query's number.
        seq: u32,
        /// The dashboard.
        dashboard: Rc<Dashboard>,
        /// Time it took, in milliseconds.
        elapsed_ms: f64,
    },
    /// The worker sent the address lists of the dashboard `seq`.
    SourcesReady {
        /// The query's number.
        seq: u32,
        /// Each service's addresses, in the dashboard's order.
        sources: Vec<Vec<SourceRow>>,
    },
    /// The person asked for the raw records of a row.
    RecordsRequested(String),
    /// The worker sent them.
    RecordsReady(Vec<RecordDetail>),
    /// The person closed the records.
    DrillClosed,
    /// The marks changed: `marked` addresses and services are marked now.
    MarksChanged {
        /// How many.
        marked: u64,
    },
    /// A marks file could not be read.
    MarksRejected(String),
}

/// The next state.
pub fn apply(state: &ReportsState, action: Action) -> ReportsState {
    let mut next = state.clone();
    match action {
        Action::WorkerReady { restored, stored } => {
            next.ready = true;
            next.stored = stored;
            let restored_entries = restored.into_iter().map(|summary| {
                Rc::new(LogEntry {
                    seq: 0,
                    name: summary.name.clone(),
                    size: summary.size,
                    outcome: LogOutcome::Restored(Rc::new(summary)),
                })
            });
            next.log.splice(0..0, restored_entries);
            next.data_version += 1;
        }
        Action::WorkerFailed(message) => next.worker_error = Some(message),
        Action::NetworkLoaded => {
            next.network_error = None;
            next.data_version += 1;
        }
        Action::NetworkFailed(message) => next.network_error = Some(message),
        Action::InputsAdded(inputs) => {
            if !next.busy() {
                next.progress = Progress::default();
            }
            for (name, size, source) in inputs {
                next.next_seq += 1;
                let seq = next.next_seq;
                next.progress.files_total += 1;
                next.progress.bytes_total += size;
                next.log.push(Rc::new(LogEntry {
                    seq,
                    name: name.clone(),
                    size,
                    outcome: LogOutcome::Pending,
                }));
                next.queue.push_back(Rc::new(Input {
                    seq,
                    name,
                    size,
                    source,
                }));
            }
        }
        Action::FileDone {
            seq,
            summary,
            stored,
        } => {
            next.stored = stored;
            next.data_version += 1;
            finish(&mut next, seq, LogOutcome::Done(Rc::new(summary)));
        }
        Action::FileUnreadable { seq, message } => {
            finish(&mut next, seq, LogOutcome::Unreadable(message))
        }
        Action::Cancelled => {
            let cancelled: Vec<u32> = next.queue.drain(..).map(|i| i.seq).collect();
            for seq in cancelled {
                set_outcome(&mut next, seq, LogOutcome::Cancelled);
            }
            next.progress.files_total = next.progress.files_done + next.in_flight.len() as u32;
        }
        Action::StorageFailed(message) => next.storage_error = Some(message),
        Action::FilterChanged(filter) => {
            next.filter = filter;
            next.drill = None;
        }
        Action::DashboardReady {
            seq,
            dashboard,
            elapsed_ms,
        } => {
            if seq >= next.dashboard_seq {
                next.dashboard_seq = seq;
                next.dashboard = Some(dashboard);
                next.dashboard_ms = elapsed_ms;
            }
        }
        Action::SourcesReady { seq, sources } => {
            if let Some(dashboard) = next
                .dashboard
                .as_ref()
                .filter(|_| seq == next.dashboard_seq)
            {
                let mut with_sources = Dashboard::clone(dashboard);
                for (group, list) in with_sources.services.iter_mut().zip(sources) {
                    group.sources = list;
                }
                next.dashboard = Some(Rc::new(with_sources));
            }
        }
        Action::RecordsRequested(label) => {
            next.drill = Some(Drill {
                label,
                records: None,
            })
        }
        Action::RecordsReady(records) => {
            if let Some(drill) = next.drill.as_mut() {
                drill.records = Some(Rc::new(records));
            }
        }
        Action::DrillClosed => next.drill = None,
        Action::MarksChanged { marked } => {
            next.marked = marked;
            next.marks_error = None;
            next.data_version += 1;
        }
        Action::MarksRejected(message) => next.marks_error = Some(message),
        Action::Forgotten => {
            next.marked = 0;
            next.marks_error = None;
            next.dashboard = None;
            next.drill = None;
            next.log.clear();
            next.queue.clear();
            next.stored = StoredInfo::default();
            next.storage_error = None;
            next.progress = Progress::default();
            next.data_version += 1;
        }
    }
    // Keep the worker fed.
    let mut bytes: u64 = next.in_flight.iter().map(|i| i.size).sum();
    while next.ready && next.in_flight.len() < IN_FLIGHT {
        let Some(size) = next.queue.front().map(|i| i.size) else {
            break;
        };
        if !next.in_flight.is_empty() && bytes + size > IN_FLIGHT_BYTES {
            break;
        }
        if let Some(input) = next.queue.pop_front() {
            bytes += size;
            next.in_flight.push(input);
        }
    }
    next
}

/// Sets the outcome of input `seq` in the log (kept in `seq` order: the
/// restored files, numbered 0, first, then the inputs as added).
fn set_outcome(next: &mut ReportsState, seq: u32, outcome: LogOutcome) {
    if let Ok(at) = next.log.binary_search_by_key(&seq, |e| e.seq) {
        if let Some(entry) = next.log.get_mut(at) {
            Rc::make_mut(entry).outcome = outcome;
        }
    }
}

fn finish(next: &mut ReportsState, seq: u32, outcome: LogOutcome) {
    set_outcome(next, seq, outcome);
    if let Some(at) = next.in_flight.iter().position(|i| i.seq == seq) {
        let done = next.in_flight.remove(at);
        next.progress.files_done += 1;
        next.progress.bytes_done += done.size;
    }
}

impl Reducible for ReportsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(apply(&self, action))
    }
}

#[cfg(test)]
mod tests {
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
            s = apply(
                &s,
                Action::FileUnreadable {
                    seq,
                    message: String::new(),
                },
            );
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
            Action::InputsAdded(names.iter().map(|n| text(n)).collect()),
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
            Action::FileDone {
                seq: 1,
                summary: summary("f0", FileStatus::Parsed),
                stored: StoredInfo { files: 1, bytes: 9 },
            },
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
        let mut s = apply(
            &s,
            Action::FileUnreadable {
                seq: 2,
                message: "gone".into(),
            },
        );
        for seq in 3..=IN_FLIGHT as u32 + 1 {
            s = apply(
                &s,
                Action::FileDone {
                    seq,
                    summary: summary("f", FileStatus::Duplicate),
                    stored: StoredInfo { files: 1, bytes: 9 },
                },
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
            Action::InputsAdded(names.iter().map(|n| text(n)).collect()),
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
                Action::FileDone {
                    seq,
                    summary: summary("a", FileStatus::Duplicate),
                    stored: StoredInfo::default(),
                },
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
            Action::InputsAdded(vec![text("new")]),
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
}
