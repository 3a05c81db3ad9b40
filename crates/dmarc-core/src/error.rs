//! Errors of ingestion and parsing: one value per failed payload, naming the
//! file, the chain of layers it came through and the reason.
//!
//! [`IngestError`] is `Clone + PartialEq` and serde-serialisable so that it can
//! sit in UI state and cross the Web Worker boundary; [`ErrorKind::code`] gives
//! a stable key the UI translates.

use serde::{Deserialize, Serialize};

/// Why a payload could not be read, with the data a person needs to act.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The bytes hold no report: `sniffed` says what they look like
    /// (`empty`, `text`, `png`, `html`, `xml`, `json`, `eml`, …).
    #[error("not a report ({sniffed}): {detail}")]
    NotAReport {
        /// What the bytes were recognised as.
        sniffed: String,
        /// Why it is not a report, for a person.
        detail: String,
    },
    /// Decompressed output went past the per-file cap.
    #[error("decompressed data exceeds the limit of {limit} bytes (possible decompression bomb)")]
    TooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// Output grew more than `limit` times the compressed input.
    #[error("compression ratio exceeds {limit}:1 (possible decompression bomb)")]
    RatioExceeded {
        /// The cap on decompressed / compressed size.
        limit: u64,
    },
    /// A zip archive has more members than allowed.
    #[error("the zip archive has {members} members, more than the limit of {limit}")]
    TooManyMembers {
        /// Members in the archive.
        members: usize,
        /// The cap.
        limit: usize,
    },
    /// Containers nested deeper than allowed.
    #[error("containers are nested more than {limit} levels deep")]
    TooDeep {
        /// The cap on nesting.
        limit: usize,
    },
    /// A gzip or zlib stream is damaged or truncated.
    #[error("cannot decompress: {detail}")]
    Decompress {
        /// What the decompressor said.
        detail: String,
    },
    /// A zip archive or member could not be read.
    #[error("cannot read the zip archive: {detail}")]
    Zip {
        /// What the zip reader said.
        detail: String,
    },
    /// An e-mail message could not be read.
    #[error("cannot read the e-mail message: {detail}")]
    Email {
        /// What went wrong.
        detail: String,
    },
    /// XML that is not well-formed, or nested too deep.
    #[error("XML error at line {line}, column {column}: {detail}")]
    Xml {
        /// 1-based line of the error.
        line: u64,
        /// 1-based column (in bytes) of the error.
        column: u64,
        /// What the XML reader said.
        detail: String,
    },
    /// XML elements nested deeper than allowed.
    #[error(
        "XML elements are nested more than {limit} levels deep (line {line}, column {column})"
    )]
    XmlTooDeep {
        /// The cap on element depth.
        limit: usize,
        /// 1-based line where the cap was passed.
        line: u64,
        /// 1-based column where the cap was passed.
        column: u64,
    },
    /// JSON that cannot be read.
    #[error("JSON error at line {line}, column {column}: {detail}")]
    Json {
        /// 1-based line of the error.
        line: u64,
        /// 1-based column of the error.
        column: u64,
        /// What the JSON reader said.
        detail: String,
    },
    /// A required element or field is absent.
    #[error("the required element <{0}> is missing")]
    MissingElement(String),
    /// A value that cannot be understood where one is required.
    #[error("invalid value {value:?} in <{element}>")]
    InvalidValue {
        /// The element or field.
        element: String,
        /// The text found.
        value: String,
    },
}

impl ErrorKind {
    /// A stable machine-readable code, used by the UI as a translation key.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::NotAReport { .. } => "not_a_report",
            ErrorKind::TooLarge { .. } => "too_large",
            ErrorKind::RatioExceeded { .. } => "ratio_exceeded",
            ErrorKind::TooManyMembers { .. } => "too_many_members",
            ErrorKind::TooDeep { .. } => "too_deep",
            ErrorKind::Decompress { .. } => "decompress",
            ErrorKind::Zip { .. } => "zip",
            ErrorKind::Email { .. } => "email",
            ErrorKind::Xml { .. } => "xml",
            ErrorKind::XmlTooDeep { .. } => "xml_too_deep",
            ErrorKind::Json { .. } => "json",
            ErrorKind::MissingElement(_) => "missing_element",
            ErrorKind::InvalidValue { .. } => "invalid_value",
        }
    }
}

/// A payload that could not be read: the file, the layers it came through
/// (`["eml", "zip:member.xml", "gz", "xml"]`) and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{file}: {}: {kind}", layers_display(.layers))]
pub struct IngestError {
    /// The name of the input file.
    pub file: String,
    /// The chain of containers down to the failing payload.
    pub layers: Vec<String>,
    /// The reason.
    pub kind: ErrorKind,
}

impl IngestError {
    /// The stable code of the reason (see [`ErrorKind::code`]).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

fn layers_display(layers: &[String]) -> String {
    if layers.is_empty() {
        "file".to_owned()
    } else {
        layers.join(" > ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_layer_and_reason() {
        let err = IngestError {
            file: "a.zip".into(),
            layers: vec!["zip:r.xml".into(), "xml".into()],
            kind: ErrorKind::Xml {
                line: 3,
                column: 7,
                detail: "unexpected end".into(),
            },
        };
        assert_eq!(
            err.to_string(),
            "a.zip: zip:r.xml > xml: XML error at line 3, column 7: unexpected end"
        );
        assert_eq!(err.code(), "xml");
    }
}
