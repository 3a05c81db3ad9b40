//! Where an aggregate report could not be read, in the ingest vocabulary
//! ([`ErrorKind`]), and the limits that apply.

use crate::error::ErrorKind;
use crate::ingest::sniff::Sniffed;

/// Limits applied while reading XML. The input size itself is capped by the
/// ingest layer before the parser sees the bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct XmlLimits {
    /// The deepest element nesting accepted (the schema needs 5; foreign
    /// extensions may add some). Default 64.
    pub max_depth: usize,
    /// Threads one large report may be read on (with the crate's
    /// `parallel` feature; see `split`): split between its records, the
    /// same result as one thread's. Default 1.
    pub threads: usize,
}

impl Default for XmlLimits {
    fn default() -> Self {
        XmlLimits {
            max_depth: 64,
            threads: 1,
        }
    }
}

impl XmlLimits {
    /// These limits with another element depth cap.
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// These limits with `threads` threads for one large report.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }
}

/// A place in the XML text: 1-based line and column (in characters), and
/// the byte offset in the UTF-8 text the parser read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// Byte offset from the start of the (decoded) text.
    pub offset: u64,
}

impl Position {
    /// The line and column of byte `offset` in `text`.
    pub fn locate(text: &str, offset: usize) -> Position {
        Position::locate_bytes(text.as_bytes(), offset)
    }

    /// The line and column of byte `offset` in UTF-8 `text`.
    pub fn locate_bytes(text: &[u8], offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        let column = 1 + before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count() as u64;
        Position {
            line,
            column,
            offset: offset as u64,
        }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// The errors the parser stops with: the ingest vocabulary
/// ([`ErrorKind`]), placed at this position.
impl Position {
    /// The XML is not well-formed here.
    pub(super) fn not_well_formed(self, detail: String) -> ErrorKind {
        ErrorKind::Xml {
            line: self.line,
            column: self.column,
            detail,
        }
    }

    /// The document ends here, before `element` is closed (a truncated file).
    pub(super) fn truncated(self, element: String) -> ErrorKind {
        ErrorKind::XmlTruncated {
            element,
            line: self.line,
            column: self.column,
        }
    }

    /// Elements nest deeper than `limit` here.
    pub(super) fn too_deep(self, limit: usize) -> ErrorKind {
        ErrorKind::XmlTooDeep {
            limit,
            line: self.line,
            column: self.column,
        }
    }

    /// The root element, starting here, is `root`, not `<feedback>`.
    pub(super) fn not_feedback(self, root: &str) -> ErrorKind {
        ErrorKind::NotAReport {
            sniffed: Sniffed::Xml,
            detail: format!(
                "this XML is not a DMARC aggregate report: its root element is <{root}>, not <feedback> ({self})"
            ),
            found: format!("<{root}>"),
        }
    }
}

/// Not XML: empty, white space only, or text before the first element.
pub(super) fn no_root_element() -> ErrorKind {
    ErrorKind::NotAReport {
        sniffed: Sniffed::Xml,
        detail: "this is not XML: it is empty or does not start with an element".to_owned(),
        found: String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\ncdé\nfg";
        let cases = [
            (0, 1, 1),
            (2, 1, 3),
            (3, 2, 1),
            (7, 2, 4),
            (8, 3, 1),
            (9, 3, 2),
            (99, 3, 3),
        ];
        for (offset, line, column) in cases {
            let p = Position::locate(text, offset);
            assert_eq!((p.line, p.column), (line, column), "offset {offset}");
        }
    }

    #[test]
    fn errors_read_as_plain_english() {
        let e = Position {
            line: 1,
            column: 1,
            offset: 0,
        }
        .not_feedback("html");
        assert_eq!(e.code(), "not_a_report");
        assert!(e.to_string().contains("root element is <html>"));
    }
}
