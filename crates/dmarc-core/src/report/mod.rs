//! The report model: one set of types for every kind of report dmarc-lens
//! reads. Field names follow the RFCs and the XSD.

pub mod aggregate;
pub mod failure;
pub mod tls;

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

/// Something the parser repaired, skipped, or wants a person to know about an
/// input. Attached to the report or the file it concerns; never silent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Note {
    /// A stable, machine-readable code such as `whitespace_in_values` or
    /// `zip_macosx_member` (the problem codes of the shared corpus where one
    /// fits), used as a translation key by the UI.
    pub code: String,
    /// What exactly, for a person (English): the element, the value, the member.
    pub detail: String,
}

impl Note {
    /// A note with `code` and `detail`.
    pub fn new(code: impl Into<String>, detail: impl Into<String>) -> Self {
        Note {
            code: code.into(),
            detail: detail.into(),
        }
    }
}
