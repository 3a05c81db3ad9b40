//! The report model: one set of types for every kind of report dmarc-lens
//! reads. Field names follow the RFCs and the XSD.

pub mod aggregate;
pub mod failure;
pub mod note;
pub mod tls;

pub use self::note::{Note, NoteCode, Subject};

use serde::{Deserialize, Serialize};

/// A report of any kind, as found in an input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "report", rename_all = "snake_case")]
pub enum Report {
    /// A DMARC aggregate report (`rua`).
    Aggregate(aggregate::AggregateReport),
    /// A DMARC failure report (`ruf`, RFC 6591 ARF `auth-failure`).
    Failure(failure::FailureReport),
    /// An SMTP TLS report (RFC 8460).
    Tls(tls::TlsReport),
}

impl Report {
    /// `aggregate`, `failure` or `tls`.
    pub fn kind(&self) -> &'static str {
        match self {
            Report::Aggregate(_) => "aggregate",
            Report::Failure(_) => "failure",
            Report::Tls(_) => "tls",
        }
    }
}
