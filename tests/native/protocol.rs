//! The page–worker messages through their codec (postcard): every request
//! and event, with every error kind and note code, and the dashboards,
//! address lists and records of the whole shared corpus, come back equal.
//! A core type whose serde form postcard cannot read back (an untagged or
//! internally tagged enum, `flatten`, `skip_serializing_if`) fails here.

use std::path::{Path, PathBuf};

use dmarc_core::analysis::{Filter, Mark, ServiceId};
use dmarc_core::error::IngestError;
use dmarc_core::ingest::{FileStatus, Limits, PayloadNote};
use dmarc_core::network::SourceNetwork;
use dmarc_core::session::{FileSummary, Session};
use dmarc_lens_web::services::protocol::{
    decode, encode, Event, ExportFormat, FileDone, FileRef, MarkTarget, Phases, ReadOutcome,
    Request, StoredInfo,
};

use super::ingest_log::{one_error_of_each_kind, one_note_of_each_code};

fn round_trip<T>(value: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let bytes = encode(value).unwrap_or_else(|e| panic!("{e}: {value:?}"));
    let back: T = decode(&bytes).unwrap_or_else(|e| panic!("{e}: {value:?}"));
    assert_eq!(&back, value);
}

/// The shared corpus (`DMARC_CORPUS`, default `../shared/corpus`).
fn corpus_files() -> Vec<PathBuf> {
    let root = std::env::var_os("DMARC_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    let mut files = Vec::new();
    let mut dirs = vec![root.join("files")];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
            panic!(
                "the shared corpus is not at {}: set DMARC_CORPUS ({e})",
                dir.display()
            )
        });
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_request_comes_back_equal() {
    let requests = [
        Request::Files {
            files: vec![FileRef {
                seq: 1,
                name: "a/b.xml.gz".into(),
            }],
        },
        Request::Text {
            seq: 2,
            name: "pasted".into(),
            text: "<feedback/>".into(),
        },
        Request::Query {
            seq: 3,
            filter: "domain=example.com&outcome=fail".into(),
        },
        Request::Records {
            filter: String::new(),
            source: 7,
        },
        Request::Export {
            filter: String::new(),
            format: ExportFormat::Csv,
        },
        Request::Forget,
        Request::Network {
            url: "https://example.com/network-0.bin".into(),
        },
        Request::Mark {
            target: MarkTarget::Source("192.0.2.1".into()),
            mark: Mark::Mine,
        },
        Request::Mark {
            target: MarkTarget::Service(ServiceId::OWN_DOMAIN),
            mark: Mark::NotMine,
        },
        Request::ExportMarks,
        Request::ImportMarks { text: "{}".into() },
    ];
    for request in &requests {
        round_trip(request);
    }
}

#[test]
fn every_error_and_note_comes_back_equal() {
    let mut summary = FileSummary {
        name: "x.zip".into(),
        size: 10,
        status: FileStatus::Rejected,
        new_reports: 0,
        failure_reports: 0,
        tls_reports: 0,
        duplicate_reports: 0,
        records: 0,
        messages: 0,
        notes: Vec::new(),
        errors: Vec::new(),
    };
    for kind in one_error_of_each_kind() {
        summary.errors.push(IngestError {
            file: "x.zip".into(),
            layers: vec!["zip:a.xml".into()],
            kind,
        });
    }
    for note in one_note_of_each_code() {
        let mut repeated = note.clone();
        repeated.more = 3;
        for note in [note, repeated] {
            summary.notes.push(PayloadNote {
                layers: Vec::new(),
                note,
            });
        }
    }
    let events = [
        Event::FilesDone {
            files: vec![
                FileDone {
                    seq: 1,
                    elapsed_ms: 1.5,
                    outcome: ReadOutcome::Read(summary.clone()),
                },
                FileDone {
                    seq: 2,
                    elapsed_ms: 0.0,
                    outcome: ReadOutcome::Unreadable("NotReadableError".into()),
                },
            ],
            stored: StoredInfo { files: 1, bytes: 2 },
            phases: Phases {
                read_ms: 1.0,
                parse_ms: 2.5,
                index_ms: 0.125,
            },
        },
        Event::Stored {
            files: 3,
            elapsed_ms: 4.5,
        },
        Event::Ready {
            restored: vec![summary],
            stored: StoredInfo::default(),
        },
        Event::Exported {
            format: ExportFormat::Json,
            text: "{}".into(),
        },
        Event::Forgotten,
        Event::NetworkLoaded {
            date: "2026-06-17".into(),
            bytes: 1,
            elapsed_ms: 2.0,
            decode_ms: 1.5,
        },
        Event::NetworkApplied {
            addresses: 3,
            elapsed_ms: 4.0,
        },
        Event::NetworkFailed {
            message: "HTTP 404".into(),
        },
        Event::MarksChanged { marked: 2 },
        Event::MarksRejected {
            message: "not JSON".into(),
        },
        Event::StorageFailed {
            message: "QuotaExceededError".into(),
        },
        Event::StoredUnreadable { entries: 2 },
        Event::ExportFailed {
            message: "x".into(),
        },
        Event::Failed {
            message: "y".into(),
        },
    ];
    for event in &events {
        round_trip(event);
    }
}

/// What the worker sends for the whole corpus: each file's summary, the
/// dashboard (its address lists apart, as the worker sends them) and the
/// records of every address list.
#[test]
fn the_corpus_dashboard_and_records_come_back_equal() {
    let mut session = Session::new(Limits::default());
    let mut files = Vec::new();
    for (seq, path) in corpus_files().iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let name = path.to_string_lossy();
        files.push(FileDone {
            seq: seq as u32,
            elapsed_ms: 0.25,
            outcome: ReadOutcome::Read(session.add_file(&name, &bytes)),
        });
    }
    assert!(files.len() > 100, "the corpus has its files");
    round_trip(&Event::FilesDone {
        files,
        stored: StoredInfo::default(),
        phases: Phases::default(),
    });
    let filter = Filter::default();
    let mut dashboard = Box::new(session.dashboard(&filter));
    let mut sources: Vec<_> = dashboard
        .services
        .iter_mut()
        .map(|g| std::mem::take(&mut g.sources))
        .collect();
    // With the network data, a source names its network.
    sources[0][0].network = Some(SourceNetwork {
        asn: Some(64500),
        as_name: Some("Example".into()),
        country: None,
    });
    // Not sent: the page draws the timeline (`Dashboard::daily` is `serde(skip)`).
    dashboard.daily.clear();
    let rows: Vec<u32> = sources.iter().flatten().map(|s| s.source).collect();
    assert!(rows.len() > 50, "the corpus has many sources");
    round_trip(&Event::Dashboard {
        seq: 1,
        dashboard,
        elapsed_ms: 12.5,
    });
    round_trip(&Event::Sources {
        seq: 1,
        sources,
        dashboard_post_ms: 0.5,
    });
    let mut records = Vec::new();
    for source in rows {
        records.extend(session.source_records(&filter, source));
    }
    assert!(records.len() > 100, "the corpus has many records");
    round_trip(&Event::Records { records });
}
