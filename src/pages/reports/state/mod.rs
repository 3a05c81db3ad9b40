//! The Reports view's store: the ingest queue, progress, the log, storage.
//!
//! [`apply_at`] is pure, and it decides everything about the worker: which
//! inputs go next and in which batch (`plan::feed`), and when the dashboard
//! is asked for again (`plan::query`). The page's effects only carry out
//! what it decided: they post [`ReportsState::outbox`] and acknowledge it
//! ([`Action::Posted`]), and send [`ReportsState::query`] when its number
//! changes.
//!
//! The worker reads inputs in order; the page keeps up to [`IN_FLIGHT`] of
//! them (and [`IN_FLIGHT_BYTES`]) sent ahead in batches of up to [`BATCH`],
//! so the worker never waits for the page, and keeps the rest queued, so a
//! cancel drops what has not been sent.
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

use crate::services::protocol::{FileDone, ReadOutcome, StoredInfo};

mod plan;

pub use plan::{Batch, Query, REFRESH_MS};

/// Inputs sent to the worker ahead of its answers: enough that it never
/// idles between small files while the page is busy drawing, few enough
/// that a cancel is quick.
pub const IN_FLIGHT: usize = 512;

/// Files per request to the worker: one message, one answer, one storage
/// transaction and one render of the page for each this many small files.
pub const BATCH: usize = 128;

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
#[derive(Clone, Debug, Default)]
pub struct ReportsState {
    /// The worker has restored storage and takes requests.
    pub ready: bool,
    /// The worker could not start.
    pub worker_error: Option<WorkerFailure>,
    /// Waiting to be sent.
    pub queue: VecDeque<Rc<Input>>,
    /// Sent (or in the outbox), not finished, oldest first (at most
    /// [`IN_FLIGHT`]).
    pub in_flight: Vec<Rc<Input>>,
    /// Batches decided on and not yet posted to the worker, oldest first.
    pub outbox: Vec<Rc<Batch>>,
    /// The number of the last batch posted.
    pub posted_up_to: u32,
    /// The last dashboard asked for (number 0: none yet).
    pub query: Query,
    /// The current batch.
    pub progress: Progress,
    /// Every input of this visit, newest last.
    pub log: Vec<Rc<LogEntry>>,
    /// What this browser stores.
    pub stored: StoredInfo,
    /// The last storage failure.
    pub storage_error: Option<String>,
    /// Stored entries of an earlier version that this one cannot read.
    pub stored_unreadable: u64,
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
    next_batch: u32,
    /// The newest drop's number.
    last_drop: u32,
    /// Inputs of drops numbered below this were cancelled while added.
    cancel_before: u32,
    /// Bumped by every action (see the `PartialEq` below).
    revision: u64,
}

/// Two states are equal when one is a copy of the other: every action makes
/// a new revision. The context's consumers compare states on every action;
/// comparing the log, the queue and the dashboard field by field cost more
/// than the render it could save (and about 1.5 KB of the page's wasm).
impl PartialEq for ReportsState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
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
    /// Files were dropped, picked or pasted: (name, size, source). A large
    /// drop comes in several of these, all with the drop's number (from 1,
    /// increasing), so that a cancel stops the rest of it too.
    InputsAdded(u32, Vec<(String, u64, Source)>),
    /// The batches up to this number were posted to the worker.
    Posted {
        /// The last batch posted.
        up_to: u32,
    },
    /// The worker finished inputs (read, or not readable).
    FilesDone {
        /// Each input's outcome.
        files: Vec<FileDone>,
        /// What storage holds now.
        stored: StoredInfo,
    },
    /// Inputs could not be handed to the worker: (seq, why).
    NotSent(Vec<(u32, String)>),
    /// The person cancelled the batch.
    Cancelled,
    /// Storage failed.
    StorageFailed(String),
    /// Stored entries of an earlier version could not be read.
    StoredUnreadable(u64),
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

/// The next state, at `now` (milliseconds; any clock, used only to space
/// the dashboard refreshes while files are read).
pub fn apply_at(state: &ReportsState, action: Action, now: f64) -> ReportsState {
    let mut next = state.clone();
    next.revision += 1;
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
        Action::InputsAdded(drop, inputs) => add_inputs(&mut next, drop, inputs),
        Action::Posted { up_to } => {
            next.posted_up_to = next.posted_up_to.max(up_to);
            next.outbox.retain(|b| b.id > up_to);
        }
        Action::FilesDone { files, stored } => {
            next.stored = stored;
            next.data_version += 1;
            for done in files {
                let outcome = match done.outcome {
                    ReadOutcome::Read(summary) => LogOutcome::Done(Rc::new(summary)),
                    ReadOutcome::Unreadable(message) => LogOutcome::Unreadable(message),
                };
                finish(&mut next, done.seq, outcome);
            }
        }
        Action::NotSent(failed) => {
            for (seq, message) in failed {
                finish(&mut next, seq, LogOutcome::Unreadable(message));
            }
        }
        Action::Cancelled => {
            // What is still being added of the drops so far is cancelled too.
            next.cancel_before = next.last_drop + 1;
            let cancelled: Vec<u32> = next.queue.drain(..).map(|i| i.seq).collect();
            for seq in cancelled {
                set_outcome(&mut next, seq, LogOutcome::Cancelled);
            }
            next.progress.files_total = next.progress.files_done + next.in_flight.len() as u32;
        }
        Action::StorageFailed(message) => next.storage_error = Some(message),
        Action::StoredUnreadable(entries) => next.stored_unreadable = entries,
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
            next.outbox.clear();
            next.stored = StoredInfo::default();
            next.storage_error = None;
            next.stored_unreadable = 0;
            next.progress = Progress::default();
            next.data_version += 1;
        }
    }
    plan::feed(&mut next);
    plan::query(&mut next, now);
    next
}

/// The next state, with the clock at 0 (for tests of everything but the
/// spacing of refreshes).
#[cfg(test)]
pub fn apply(state: &ReportsState, action: Action) -> ReportsState {
    apply_at(state, action, 0.0)
}

/// Logs and queues the inputs of drop `drop`, or logs them as cancelled if
/// the person cancelled that drop while it was being added.
fn add_inputs(next: &mut ReportsState, drop: u32, inputs: Vec<(String, u64, Source)>) {
    next.last_drop = next.last_drop.max(drop);
    let cancelled = drop < next.cancel_before;
    if !cancelled && !next.busy() {
        next.progress = Progress::default();
    }
    for (name, size, source) in inputs {
        next.next_seq += 1;
        let seq = next.next_seq;
        next.log.push(Rc::new(LogEntry {
            seq,
            name: name.clone(),
            size,
            outcome: if cancelled {
                LogOutcome::Cancelled
            } else {
                LogOutcome::Pending
            },
        }));
        if cancelled {
            continue;
        }
        next.progress.files_total += 1;
        next.progress.bytes_total += size;
        next.queue.push_back(Rc::new(Input {
            seq,
            name,
            size,
            source,
        }));
    }
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
    // The oldest first: a batch's answers come in the order sent.
    if let Some(at) = next.in_flight.iter().position(|i| i.seq == seq) {
        let done = next.in_flight.remove(at);
        next.progress.files_done += 1;
        next.progress.bytes_done += done.size;
    }
}

impl Reducible for ReportsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(apply_at(&self, action, clock()))
    }
}

/// Milliseconds since the epoch (the page's clock; 0 off the browser, where
/// only the tests run the store and pass their own clock to [`apply_at`]).
fn clock() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

#[cfg(test)]
mod tests;
