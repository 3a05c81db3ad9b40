//! Errors of ingestion and parsing: one value per failed payload, naming the
//! file, the chain of layers it came through and the reason.
//!
//! One vocabulary for every layer: the containers and the aggregate report
//! parser ([`crate::report::aggregate::parse_aggregate`]) fail with the same
//! [`ErrorKind`].
//!
//! [`IngestError`] is `Clone + PartialEq` and serde-serialisable so that it can
//! sit in UI state and cross the Web Worker boundary; [`ErrorKind::code`] gives
//! a stable key the UI translates, from the values each variant carries
//! ([`ErrorKind::CODES`] lists every code, and [`Sniffed::ALL`] every kind a
//! payload that is not a report can be, so that a test can prove each has a
//! translation). The `Display` text is English, for the command line.

use serde::{Deserialize, Serialize};

pub use crate::ingest::sniff::Sniffed;

/// Why a payload could not be read, with the data a person needs to act.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The bytes hold no report: `sniffed` says what they look like
    /// (serialised as its name: `empty`, `text`, `png`, `xml`, `json`, `eml`,
    /// `arf`, …).
    #[error("not a report ({}): {detail}", sniffed.name())]
    NotAReport {
        /// What the bytes were recognised as.
        sniffed: Sniffed,
        /// Why it is not a report, for a person (English).
        detail: String,
        /// What the payload holds instead, as written in it and in no
        /// language: the root element of XML (`<html>`), the top-level keys of
        /// JSON (`{a, b}`), the quoted start of a text, the `Feedback-Type` of
        /// an ARF report; empty when there is nothing to show.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        found: String,
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
    /// A zip member is encrypted (password-protected).
    #[error("the zip member is encrypted")]
    ZipEncrypted,
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
        /// 1-based column (in characters) of the error.
        column: u64,
        /// What the XML reader said.
        detail: String,
    },
    /// XML that ends before an element is closed: a truncated file.
    #[error("the XML ends at line {line}, column {column} before <{element}> is closed (truncated file?)")]
    XmlTruncated {
        /// The innermost element still open.
        element: String,
        /// 1-based line of the end.
        line: u64,
        /// 1-based column of the end.
        column: u64,
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
    #[error("the required element <{element}> is missing")]
    MissingElement {
        /// The element or field.
        element: String,
    },
    /// A value that cannot be understood where one is required.
    #[error("invalid value {value:?} in <{element}>")]
    InvalidValue {
        /// The element or field.
        element: String,
        /// The text found.
        value: String,
    },
}

/// [`ErrorKind`] in a compact format (the page–worker messages, postcard):
/// externally tagged, every field written, as such a format needs; the
/// JSON form above stays as it is (`IngestError::kind` switches on
/// `is_human_readable`).
#[derive(Serialize, Deserialize)]
#[serde(remote = "ErrorKind")]
enum ErrorKindCompact {
    NotAReport {
        sniffed: Sniffed,
        detail: String,
        found: String,
    },
    TooLarge {
        limit: u64,
    },
    RatioExceeded {
        limit: u64,
    },
    TooManyMembers {
        members: usize,
        limit: usize,
    },
    TooDeep {
        limit: usize,
    },
    Decompress {
        detail: String,
    },
    Zip {
        detail: String,
    },
    ZipEncrypted,
    Email {
        detail: String,
    },
    Xml {
        line: u64,
        column: u64,
        detail: String,
    },
    XmlTruncated {
        element: String,
        line: u64,
        column: u64,
    },
    XmlTooDeep {
        limit: usize,
        line: u64,
        column: u64,
    },
    Json {
        line: u64,
        column: u64,
        detail: String,
    },
    MissingElement {
        element: String,
    },
    InvalidValue {
        element: String,
        value: String,
    },
}

/// `IngestError::kind`: its JSON form, or its compact one.
mod kind_form {
    use super::{ErrorKind, ErrorKindCompact};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(kind: &ErrorKind, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            kind.serialize(serializer)
        } else {
            ErrorKindCompact::serialize(kind, serializer)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ErrorKind, D::Error> {
        if deserializer.is_human_readable() {
            ErrorKind::deserialize(deserializer)
        } else {
            ErrorKindCompact::deserialize(deserializer)
        }
    }
}

impl ErrorKind {
    /// Every code [`ErrorKind::code`] returns, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        "not_a_report",
        "too_large",
        "ratio_exceeded",
        "too_many_members",
        "too_deep",
        "decompress",
        "zip",
        "zip_encrypted",
        "email",
        "xml",
        "xml_truncated",
        "xml_too_deep",
        "json",
        "missing_element",
        "invalid_value",
    ];

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
            ErrorKind::ZipEncrypted => "zip_encrypted",
            ErrorKind::Email { .. } => "email",
            ErrorKind::Xml { .. } => "xml",
            ErrorKind::XmlTruncated { .. } => "xml_truncated",
            ErrorKind::XmlTooDeep { .. } => "xml_too_deep",
            ErrorKind::Json { .. } => "json",
            ErrorKind::MissingElement { .. } => "missing_element",
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
    #[serde(with = "kind_form")]
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

    /// One value of each variant. The match makes this fail to compile when
    /// a variant is added, so [`ErrorKind::CODES`] cannot fall behind.
    fn one_of_each() -> Vec<ErrorKind> {
        let all = vec![
            ErrorKind::NotAReport {
                sniffed: Sniffed::Text,
                detail: String::new(),
                found: String::new(),
            },
            ErrorKind::TooLarge { limit: 1 },
            ErrorKind::RatioExceeded { limit: 1 },
            ErrorKind::TooManyMembers {
                members: 2,
                limit: 1,
            },
            ErrorKind::TooDeep { limit: 1 },
            ErrorKind::Decompress {
                detail: String::new(),
            },
            ErrorKind::Zip {
                detail: String::new(),
            },
            ErrorKind::ZipEncrypted,
            ErrorKind::Email {
                detail: String::new(),
            },
            ErrorKind::Xml {
                line: 1,
                column: 1,
                detail: String::new(),
            },
            ErrorKind::XmlTruncated {
                element: "feedback".into(),
                line: 1,
                column: 1,
            },
            ErrorKind::XmlTooDeep {
                limit: 1,
                line: 1,
                column: 1,
            },
            ErrorKind::Json {
                line: 1,
                column: 1,
                detail: String::new(),
            },
            ErrorKind::MissingElement {
                element: "feedback".into(),
            },
            ErrorKind::InvalidValue {
                element: "count".into(),
                value: "x".into(),
            },
        ];
        for kind in &all {
            match kind {
                ErrorKind::NotAReport { .. }
                | ErrorKind::TooLarge { .. }
                | ErrorKind::RatioExceeded { .. }
                | ErrorKind::TooManyMembers { .. }
                | ErrorKind::TooDeep { .. }
                | ErrorKind::Decompress { .. }
                | ErrorKind::Zip { .. }
                | ErrorKind::ZipEncrypted
                | ErrorKind::Email { .. }
                | ErrorKind::Xml { .. }
                | ErrorKind::XmlTruncated { .. }
                | ErrorKind::XmlTooDeep { .. }
                | ErrorKind::Json { .. }
                | ErrorKind::MissingElement { .. }
                | ErrorKind::InvalidValue { .. } => {}
            }
        }
        all
    }

    #[test]
    fn codes_lists_every_variant_once() {
        let codes: Vec<&str> = one_of_each().iter().map(ErrorKind::code).collect();
        assert_eq!(codes, ErrorKind::CODES);
    }

    #[test]
    fn found_is_left_out_of_json_when_empty_and_optional_when_read() {
        let kind = ErrorKind::NotAReport {
            sniffed: Sniffed::Png,
            detail: "png data".into(),
            found: String::new(),
        };
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"not_a_report","sniffed":"png","detail":"png data"}"#
        );
        // What an earlier version stored reads back.
        let back: ErrorKind = serde_json::from_str(&json).unwrap();
        assert_eq!(back, kind);
    }
}
