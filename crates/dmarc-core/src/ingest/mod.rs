//! Ingestion: from the bytes of a dropped file to the reports inside it.
//!
//! Containers are recognised by their bytes ([`sniff`]), never by their
//! names, and may nest in any order: gzip (also gzip in gzip, with trailing
//! bytes), raw zlib, zip archives with several members, e-mail messages
//! (MIME, base64, quoted-printable, nested `message/rfc822`) and mbox files.
//! Every payload ends as a report, a note (repaired, skipped, not a report)
//! or an error naming the file, the chain of layers and the reason; one bad
//! payload never stops the others. [`Limits`] caps the work one file can
//! cause.
//!
//! ```
//! use dmarc_core::ingest::{ingest_file, FileStatus, Limits};
//!
//! let outcome = ingest_file("unused.txt", b"unused", &Limits::default());
//! assert_eq!(outcome.status, FileStatus::Rejected);
//! assert_eq!(outcome.errors[0].code(), "not_a_report");
//! ```

mod dedup;
mod gzip;
mod limits;
mod mbox;
mod mime;
pub mod sniff;
mod xml;
mod zip;

use serde::{Deserialize, Serialize};

pub use self::dedup::{report_key, ReportKey, ReportSet};
pub use self::limits::Limits;
use self::sniff::{sniff, Sniffed};
use crate::error::{ErrorKind, IngestError};
use crate::report::{Note, NoteCode, Report};

/// What became of one input file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileOutcome {
    /// The file name as given.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Parsed, duplicate or rejected.
    pub status: FileStatus,
    /// The reports found, in order.
    pub reports: Vec<FoundReport>,
    /// Repairs, skipped members, payloads that are not reports.
    pub notes: Vec<PayloadNote>,
    /// Payloads that could not be read. A rejected file has at least one.
    pub errors: Vec<IngestError>,
}

/// The state of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// At least one report found (some may be duplicates).
    Parsed,
    /// Every report in the file was already loaded (set by [`ReportSet`]).
    Duplicate,
    /// No report at all; see `errors`.
    Rejected,
}

impl FileStatus {
    /// The status's name, as serde writes it (`parsed`, `duplicate`,
    /// `rejected`).
    pub fn code(self) -> &'static str {
        match self {
            FileStatus::Parsed => "parsed",
            FileStatus::Duplicate => "duplicate",
            FileStatus::Rejected => "rejected",
        }
    }
}

/// A report and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoundReport {
    /// The layers it came through, such as `["eml", "zip:r.xml", "gz", "xml"]`.
    pub layers: Vec<String>,
    /// The report.
    pub report: Report,
    /// What the parser repaired in it.
    pub notes: Vec<Note>,
    /// True when the same report was loaded before (set by [`ReportSet`]).
    pub duplicate: bool,
}

/// A note about one payload of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadNote {
    /// The layers down to the payload.
    pub layers: Vec<String>,
    /// The note.
    pub note: Note,
}

/// Reads every report in one file. Never panics; the outcome lists reports,
/// notes and errors, and is [`FileStatus::Rejected`] when no report was
/// found.
pub fn ingest_file(name: &str, bytes: &[u8], limits: &Limits) -> FileOutcome {
    let mut walk = Walk {
        file: name,
        limits,
        used: 0,
        reports: Vec::new(),
        notes: Vec::new(),
        errors: Vec::new(),
        not_reports: Vec::new(),
    };
    let mut layers = Vec::new();
    walk.payload(bytes, &mut layers, 0);
    let Walk {
        reports,
        notes,
        mut errors,
        not_reports,
        ..
    } = walk;
    let status = if reports.is_empty() {
        if errors.is_empty() {
            errors = not_reports;
        }
        if errors.is_empty() {
            errors.push(IngestError {
                file: name.to_owned(),
                layers: Vec::new(),
                kind: ErrorKind::NotAReport {
                    sniffed: sniff(bytes),
                    detail: "no report found in this file".to_owned(),
                    found: String::new(),
                },
            });
        }
        FileStatus::Rejected
    } else {
        FileStatus::Parsed
    };
    FileOutcome {
        name: name.to_owned(),
        size: bytes.len() as u64,
        status,
        reports,
        notes,
        errors,
    }
}

/// The state of one file's walk through its layers.
pub(crate) struct Walk<'a> {
    file: &'a str,
    limits: &'a Limits,
    /// Bytes decompressed so far in this file.
    used: u64,
    reports: Vec<FoundReport>,
    notes: Vec<PayloadNote>,
    errors: Vec<IngestError>,
    /// Payloads that are not reports, kept as the reason of a rejection.
    not_reports: Vec<IngestError>,
}

impl Walk<'_> {
    fn report(&mut self, layers: &[String], report: Report, notes: Vec<Note>) {
        self.reports.push(FoundReport {
            layers: layers.to_vec(),
            report,
            notes,
            duplicate: false,
        });
    }

    fn note(&mut self, layers: &[String], code: NoteCode, detail: impl Into<String>) {
        self.notes.push(PayloadNote {
            layers: layers.to_vec(),
            note: Note::new(code, detail),
        });
    }

    fn error(&mut self, layers: &[String], kind: ErrorKind) {
        self.errors.push(IngestError {
            file: self.file.to_owned(),
            layers: layers.to_vec(),
            kind,
        });
    }

    /// A payload that holds no report: a note ([`NoteCode::NotAReport`]),
    /// and the reason should the file hold nothing else. `found` is what it
    /// holds instead, as written (see [`ErrorKind::NotAReport`]).
    fn not_a_report(&mut self, layers: &[String], sniffed: Sniffed, detail: String, found: String) {
        self.note(layers, NoteCode::NotAReport(sniffed), detail.clone());
        self.not_reports.push(IngestError {
            file: self.file.to_owned(),
            layers: layers.to_vec(),
            kind: ErrorKind::NotAReport {
                sniffed,
                detail,
                found,
            },
        });
    }

    /// Reads one payload, whatever it is, below `layers`.
    fn payload(&mut self, bytes: &[u8], layers: &mut Vec<String>, depth: usize) {
        if depth > self.limits.max_depth {
            self.error(
                layers,
                ErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
            );
            return;
        }
        let kind = sniff(bytes);
        let mark = layers.len();
        match kind {
            Sniffed::Gzip | Sniffed::Zlib => {
                layers.push(kind.name().to_owned());
                self.compressed(kind, bytes, layers, depth);
            }
            Sniffed::Zip => {
                self.zip(bytes, layers, depth);
            }
            Sniffed::Email => {
                layers.push(kind.name().to_owned());
                self.email(bytes, layers, depth);
            }
            Sniffed::Mbox => {
                layers.push(kind.name().to_owned());
                self.mbox(bytes, layers, depth);
            }
            Sniffed::Xml => {
                layers.push(kind.name().to_owned());
                self.xml(bytes, layers);
            }
            Sniffed::Json => {
                layers.push(kind.name().to_owned());
                self.json(bytes, layers);
            }
            Sniffed::Empty => {
                layers.push(kind.name().to_owned());
                let detail = format!("empty ({} bytes)", bytes.len());
                self.not_a_report(layers, kind, detail, String::new());
            }
            Sniffed::Text => {
                layers.push(kind.name().to_owned());
                let start = sniff::text_start(bytes);
                let head =
                    String::from_utf8_lossy(start.get(..start.len().min(40)).unwrap_or_default())
                        .replace(['\r', '\n'], " ");
                let found = format!("{:?}", head.trim());
                let detail = format!(
                    "plain text, not XML or JSON ({} bytes, starts {found})",
                    bytes.len(),
                );
                self.not_a_report(layers, kind, detail, found);
            }
            // `Arf` is never sniffed: the e-mail reader names it.
            Sniffed::Png | Sniffed::Pdf | Sniffed::Binary | Sniffed::Arf => {
                layers.push(kind.name().to_owned());
                let detail = format!("{} data, not a report ({} bytes)", kind.name(), bytes.len());
                self.not_a_report(layers, kind, detail, String::new());
            }
        }
        layers.truncate(mark);
    }

    fn json(&mut self, bytes: &[u8], layers: &[String]) {
        let text = sniff::text_start(bytes);
        match serde_json::from_slice::<serde_json::Value>(text) {
            Ok(value) if crate::report::tls::looks_like_tls(&value) => {
                let (report, notes) = crate::report::tls::parse_tls_value(&value);
                self.report(layers, Report::Tls(report), notes);
            }
            Ok(value) => {
                let keys: Vec<&str> = value
                    .as_object()
                    .map(|o| o.keys().map(String::as_str).take(8).collect())
                    .unwrap_or_default();
                let detail = format!(
                    "JSON, but not an RFC 8460 TLS report (top-level keys: {})",
                    keys.join(", ")
                );
                let found = if keys.is_empty() {
                    String::new()
                } else {
                    format!("{{{}}}", keys.join(", "))
                };
                self.not_a_report(layers, Sniffed::Json, detail, found);
            }
            Err(e) => self.error(
                layers,
                ErrorKind::Json {
                    line: e.line() as u64,
                    column: e.column() as u64,
                    detail: e.to_string(),
                },
            ),
        }
    }
}
