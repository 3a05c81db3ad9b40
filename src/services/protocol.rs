//! The messages between the page and its Web Worker.
//!
//! Each message is a plain object `{ type, bin, files? }`: `bin` is a
//! [`Request`] or [`Event`] encoded by [`encode`] (postcard: compact, no field
//! names, so the page carries no JSON decoder for these types: 150 KB less
//! gzip'd wasm; README, "Size"), `type` the event's name
//! ([`Event::name`], for the benchmark and for reading a trace); the dropped
//! `File`s of a [`Request::Files`] travel beside it as the array `files`, by
//! structured clone, so the page never reads the bytes itself.
//!
//! Files go in batches and come back in batches ([`Event::FilesDone`]): a
//! folder of 2,000 small files is a few dozen messages to the worker and a
//! handful back, not 2,000 round trips, page renders and storage
//! transactions.

use dmarc_core::analysis::{Dashboard, Mark, RecordDetail, ServiceId, SourceRow};
use dmarc_core::session::FileSummary;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A message's bytes (postcard). Every type in the messages must have the
/// same form in both directions: no `skip_serializing_if`, no untagged or
/// internally tagged enum, no `flatten` (postcard cannot read them back);
/// the core's types that need them for JSON switch on
/// `Serializer::is_human_readable`. The round-trip tests below and in
/// `tests/native/protocol.rs` fail when one slips in.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    postcard::to_allocvec(value).map_err(|e| format!("cannot encode a message: {e}"))
}

/// The message `encode` wrote.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("cannot decode a message: {e}"))
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read the `File`s that travel with this message, in order (the
    /// `files` array holds one `File` per entry, in the same order).
    Files {
        /// Each file's number and name.
        files: Vec<FileRef>,
    },
    /// Read text the person pasted.
    Text {
        /// As for `File`.
        seq: u32,
        /// A name for the log.
        name: String,
        /// The text.
        text: String,
    },
    /// Compute the dashboard for a filter (its URL query form).
    Query {
        /// The page's number for this query; only the newest answer is shown.
        seq: u32,
        /// `Filter::to_query()`.
        filter: String,
    },
    /// The raw records of one line of the sources table.
    Records {
        /// `Filter::to_query()` of the view.
        filter: String,
        /// The line's sender group (`SourceRow::source`).
        source: u32,
    },
    /// Export the records the filter selects.
    Export {
        /// `Filter::to_query()`.
        filter: String,
        /// The format.
        format: ExportFormat,
    },
    /// Forget every loaded and stored report, and every mark.
    Forget,
    /// Where the network data is (an absolute URL on this origin); the
    /// worker fetches it once reports are loaded.
    Network {
        /// The URL of `network-<hash>.bin`.
        url: String,
    },
    /// Say whether a source address or a service is the person's own.
    Mark {
        /// What is marked.
        target: MarkTarget,
        /// The mark ([`Mark::Unmarked`] removes it).
        mark: Mark,
    },
    /// Write the marks file (answered by [`Event::Exported`]).
    ExportMarks,
    /// Read a marks file and add its marks.
    ImportMarks {
        /// The file's text.
        text: String,
    },
}

/// One file of a [`Request::Files`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    /// The page's number for this file, echoed in [`Event::FilesDone`].
    pub seq: u32,
    /// The name to report it under (its path inside a dropped folder).
    pub name: String,
}

/// What became of one input, in an [`Event::FilesDone`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileDone {
    /// The page's number for the input.
    pub seq: u32,
    /// Time spent reading and parsing it, in milliseconds.
    pub elapsed_ms: f64,
    /// What it held, or why it could not be read.
    pub outcome: ReadOutcome,
}

/// Where the worker's time went for the files of one [`Event::FilesDone`],
/// in milliseconds (for the benchmark's breakdown; the page needs nothing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Phases {
    /// Waiting for the browser to hand over the files' bytes.
    pub read_ms: f64,
    /// Unpacking and parsing (`dmarc_core::ingest::ingest_file`).
    pub parse_ms: f64,
    /// De-duplication and the analysis index (`Session::add_outcome`).
    pub index_ms: f64,
}

/// Read (parsed, duplicate or rejected, with the details), or not readable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReadOutcome {
    /// The worker read it: what it held.
    Read(FileSummary),
    /// The browser could not read it (removed, unreadable, too large for
    /// memory): the browser's message.
    Unreadable(String),
}

/// What a mark is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MarkTarget {
    /// A source address, as written in the reports.
    Source(String),
    /// A sending service.
    Service(ServiceId),
}

/// What [`Request::Export`] writes: the formats of `dmarc-lens parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One JSON document.
    Json,
    /// CSV, one aggregate record per line.
    Csv,
    /// The marks file (`dmarc_core::analysis::Marks::to_json`).
    Marks,
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The worker has started and restored what this browser stored.
    Ready {
        /// The files restored from storage.
        restored: Vec<FileSummary>,
        /// What storage holds now.
        stored: StoredInfo,
    },
    /// Inputs finished since the last such event, in the order sent, from
    /// one batch or several: the worker sends one about every 250 ms while
    /// files are read, so progress moves, and one when no more are waiting.
    FilesDone {
        /// Each input's outcome.
        files: Vec<FileDone>,
        /// What storage holds now.
        stored: StoredInfo,
        /// Where the time went for these files.
        phases: Phases,
    },
    /// Files of a [`Event::FilesDone`] were kept in storage (for the
    /// benchmark; the page needs nothing).
    Stored {
        /// How many.
        files: u32,
        /// From the start of the storage transaction to its end, in
        /// milliseconds (it runs while the next files are read).
        elapsed_ms: f64,
    },
    /// The dashboard for a query.
    Dashboard {
        /// The query's number.
        seq: u32,
        /// Everything the view shows.
        dashboard: Box<Dashboard>,
        /// Time spent computing it, in milliseconds.
        elapsed_ms: f64,
    },
    /// The address lists of the services of the dashboard `seq`, sent
    /// after it: the page shows the figures first, and decodes these long
    /// lists in a task of their own.
    Sources {
        /// The query's number.
        seq: u32,
        /// Each service's addresses, in the dashboard's order of services.
        sources: Vec<Vec<SourceRow>>,
        /// Time spent encoding and posting the dashboard's message, in
        /// milliseconds (for the benchmark).
        dashboard_post_ms: f64,
    },
    /// Raw records.
    Records {
        /// The records, with their reports.
        records: Vec<RecordDetail>,
    },
    /// An export, ready to save.
    Exported {
        /// The format.
        format: ExportFormat,
        /// The text.
        text: String,
    },
    /// Everything was forgotten, in memory and in storage.
    Forgotten,
    /// The network data is loaded and checked: dashboards from now on name
    /// each source's network.
    NetworkLoaded {
        /// The data's date.
        date: String,
        /// Its size, in bytes.
        bytes: u64,
        /// Time to fetch, check and decode it, in milliseconds.
        elapsed_ms: f64,
        /// Of that, the check and decode alone (the fetch's share may
        /// include time the worker spent on other work before it resumed).
        decode_ms: f64,
    },
    /// The network data was applied to the loaded reports: each distinct
    /// source address looked up (for the benchmark; the page needs nothing).
    NetworkApplied {
        /// Distinct source addresses looked up.
        addresses: u64,
        /// Time the lookups took, in milliseconds.
        elapsed_ms: f64,
    },
    /// The network data could not be fetched or is damaged.
    NetworkFailed {
        /// What went wrong.
        message: String,
    },
    /// The marks changed (a mark, or an imported file): ask for the
    /// dashboard again.
    MarksChanged {
        /// How many addresses and services are marked now.
        marked: u64,
    },
    /// A marks file could not be read.
    MarksRejected {
        /// Why (`dmarc_core::analysis::MarksError`'s text).
        message: String,
    },
    /// Storage failed (full, or disabled); what is loaded stays loaded for
    /// this visit only.
    StorageFailed {
        /// The browser's message.
        message: String,
    },
    /// Entries an earlier version (before 2026-11-23) kept as parsed JSON
    /// instead of the file: this version no longer reads them (README,
    /// "Size"); they stay stored until forgotten.
    StoredUnreadable {
        /// How many such entries.
        entries: u64,
    },
    /// An export could not be written; nothing is downloaded.
    ExportFailed {
        /// What went wrong.
        message: String,
    },
    /// A request could not be understood (a bug, never the person's fault).
    Failed {
        /// What went wrong.
        message: String,
    },
}

impl Event {
    /// The event's name, sent beside its bytes as the message's `type`
    /// (`"files_done"`, `"dashboard"`, …): the browser benchmark
    /// (`e2e/bench/browser-bench.js`) times messages by it.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Ready { .. } => "ready",
            Event::FilesDone { .. } => "files_done",
            Event::Stored { .. } => "stored",
            Event::Dashboard { .. } => "dashboard",
            Event::Sources { .. } => "sources",
            Event::Records { .. } => "records",
            Event::Exported { .. } => "exported",
            Event::Forgotten => "forgotten",
            Event::NetworkLoaded { .. } => "network_loaded",
            Event::NetworkApplied { .. } => "network_applied",
            Event::NetworkFailed { .. } => "network_failed",
            Event::MarksChanged { .. } => "marks_changed",
            Event::MarksRejected { .. } => "marks_rejected",
            Event::StorageFailed { .. } => "storage_failed",
            Event::StoredUnreadable { .. } => "stored_unreadable",
            Event::ExportFailed { .. } => "export_failed",
            Event::Failed { .. } => "failed",
        }
    }
}

/// What this browser keeps between visits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredInfo {
    /// Files kept.
    pub files: u32,
    /// Approximate bytes kept.
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every variant with the corpus's data: `tests/native/protocol.rs`.
    #[test]
    fn requests_and_events_round_trip_through_the_codec() {
        let requests = [
            Request::Files {
                files: vec![FileRef {
                    seq: 1,
                    name: "a.xml.gz".into(),
                }],
            },
            Request::Forget,
        ];
        for request in requests {
            let bytes = encode(&request).unwrap();
            assert_eq!(decode::<Request>(&bytes).unwrap(), request);
        }
        let event = Event::StorageFailed {
            message: "QuotaExceededError".into(),
        };
        assert_eq!(event.name(), "storage_failed");
        assert_eq!(decode::<Event>(&encode(&event).unwrap()).unwrap(), event);
        assert!(decode::<Event>(&[0xff]).is_err(), "not a message");
    }
}
