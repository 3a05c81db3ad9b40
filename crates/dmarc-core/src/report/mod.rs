//! The report model: one set of types for every kind of report dmarc-lens
//! reads. Field names follow the RFCs and the XSD.

pub mod aggregate;
pub mod failure;
pub mod tls;

use serde::{Deserialize, Serialize};

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
