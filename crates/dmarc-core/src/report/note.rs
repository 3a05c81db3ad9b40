//! Notes: what a parser repaired, skipped, or wants a person to know.
//!
//! A note's `code` is a stable key, in one of three shapes:
//!
//! - a plain code from [`NOTE_CODES`] (`bom`, `whitespace_in_values`);
//! - a family from [`NOTE_FAMILIES`] and what it is about, after a colon:
//!   an element (`missing:source_ip`, `empty:report_metadata/org_name`), a
//!   JSON key or header field (`missing:contact-info`, `arf_missing:arrival-date`)
//!   or, for `not_a_report`, what the payload was sniffed as (`not_a_report:png`);
//! - either of these after `policy[i]:`, for the `i`-th policy of an SMTP TLS
//!   report (`policy[0]:count_is_string:total-failure-session-count`).
//!
//! The `detail` is English, for the command line. What a translation needs
//! from it is taken apart by [`Note::parts`]: the record concerned and how
//! many more times the same thing was seen.
//!
//! ```
//! use dmarc_core::report::{Note, NoteCode};
//!
//! let note = Note::new("policy[1]:missing:policy-domain", "no policy-domain");
//! let code = note.parsed_code();
//! assert_eq!(code, NoteCode { policy: Some(1), name: "missing", subject: Some("policy-domain") });
//! assert!(code.is_known());
//! ```

use serde::{Deserialize, Serialize};

/// Something the parser repaired, skipped, or wants a person to know about an
/// input. Attached to the report or the file it concerns; never silent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Note {
    /// A stable, machine-readable code such as `whitespace_in_values` or
    /// `zip_macosx_member` (the problem codes of the shared corpus where one
    /// fits), used as a translation key by the UI; see the module docs for
    /// its shapes.
    pub code: String,
    /// What exactly, for a person (English): the element, the value, the member.
    pub detail: String,
}

/// Every plain note code (without a family or subject).
pub const NOTE_CODES: &[&str] = &[
    // Decoding (report/aggregate/decode.rs).
    "utf16",
    "invalid_utf16",
    "bom",
    "encoding_mismatch",
    "declared_encoding",
    "invalid_bytes",
    "invalid_utf8",
    "leading_whitespace",
    // XML reading (report/aggregate/parse.rs, fields.rs, notes.rs).
    "unknown_entity",
    "doctype_ignored",
    "content_after_report",
    "feedback_not_root",
    "date_range_misspelt",
    "identities_tag",
    "policy_override_tag",
    "policy_evaluated_without_dkim_spf",
    "whitespace_in_values",
    "duplicate_element",
    "unknown_values",
    "non_lowercase_values",
    "no_records",
    "unknown_elements",
    // Failure reports (report/failure.rs).
    "not_dmarc_failure",
    // SMTP TLS reports (report/tls.rs), after `policy[i]:`.
    "non_lowercase_policy_type",
    "invalid_policy_type",
    // Containers (ingest/).
    "nested_gzip",
    "gzip_multiple_members",
    "gzip_trailing_bytes",
    "email_whitespace_only_lines",
    "email_body_ignored",
    "zip_directory_entry",
    "zip_macosx_member",
    "zip_member_empty_name",
];

/// Every family of note codes `family:subject`.
pub const NOTE_FAMILIES: &[&str] = &[
    // A required element, key or field is absent.
    "missing",
    // Present but empty.
    "empty",
    // A value that cannot be understood, kept as written.
    "invalid",
    // A number with a fraction or not a number.
    "non_integer",
    // A required field of an ARF feedback report is absent.
    "arf_missing",
    // A TLS report count written as a string.
    "count_is_string",
    // A TLS report count absent or not a number.
    "bad_or_missing",
    // A payload that is not a report; the subject is one of
    // `ErrorKind::NOT_A_REPORT_KINDS`.
    "not_a_report",
];

/// A note code taken apart (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteCode<'a> {
    /// The 0-based index of the SMTP TLS policy the note is about.
    pub policy: Option<usize>,
    /// The plain code, or the family.
    pub name: &'a str,
    /// What a family code is about: an element, key, field or payload kind.
    pub subject: Option<&'a str>,
}

impl<'a> NoteCode<'a> {
    /// Takes `code` apart. Never fails: an unknown code comes back as a
    /// plain `name` that [`NoteCode::is_known`] rejects.
    pub fn parse(code: &'a str) -> Self {
        let (policy, rest) = match code
            .strip_prefix("policy[")
            .and_then(|r| r.split_once("]:"))
            .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
        {
            Some((i, rest)) => (Some(i), rest),
            None => (None, code),
        };
        match rest.split_once(':') {
            Some((name, subject)) => NoteCode {
                policy,
                name,
                subject: Some(subject),
            },
            None => NoteCode {
                policy,
                name: rest,
                subject: None,
            },
        }
    }

    /// True for a code this crate writes: a plain code of [`NOTE_CODES`], or
    /// a family of [`NOTE_FAMILIES`] with a subject.
    pub fn is_known(&self) -> bool {
        match self.subject {
            None => NOTE_CODES.contains(&self.name),
            Some(subject) => !subject.is_empty() && NOTE_FAMILIES.contains(&self.name),
        }
    }
}

/// A note's detail taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteDetail<'a> {
    /// The 0-based index of the aggregate record concerned.
    pub record: Option<usize>,
    /// The rest of the detail (English or as written in the input); may be
    /// empty.
    pub text: &'a str,
    /// How many more times the same code was seen in the report.
    pub more: usize,
}

impl Note {
    /// A note with `code` and `detail`.
    pub fn new(code: impl Into<String>, detail: impl Into<String>) -> Self {
        Note {
            code: code.into(),
            detail: detail.into(),
        }
    }

    /// The code taken apart.
    pub fn parsed_code(&self) -> NoteCode<'_> {
        NoteCode::parse(&self.code)
    }

    /// The detail taken apart: the record it names (written by
    /// [`in_record`]) and the repeats (written by [`with_more`]).
    pub fn parts(&self) -> NoteDetail<'_> {
        let (rest, more) = split_more(&self.detail);
        let (record, text) = split_record(rest);
        NoteDetail { record, text, more }
    }
}

/// The detail of a note about record `index`, with `rest` after it if any.
pub(crate) fn in_record(index: usize, rest: Option<&str>) -> String {
    match rest {
        None => format!("record {index}"),
        Some(rest) => format!("record {index}: {rest}"),
    }
}

/// `detail` for a note seen `more` more times.
pub(crate) fn with_more(detail: &str, more: usize) -> String {
    format!("{detail} (and {more} more)")
}

fn split_more(detail: &str) -> (&str, usize) {
    detail
        .strip_suffix(" more)")
        .and_then(|d| d.rsplit_once(" (and "))
        .and_then(|(rest, n)| Some((rest, n.parse().ok()?)))
        .unwrap_or((detail, 0))
}

fn split_record(detail: &str) -> (Option<usize>, &str) {
    let Some(rest) = detail.strip_prefix("record ") else {
        return (None, detail);
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, tail) = rest.split_at(digits);
    let text = match tail {
        "" => "",
        _ => match tail.strip_prefix(": ") {
            Some(text) => text,
            None => return (None, detail),
        },
    };
    match number.parse() {
        Ok(index) => (Some(index), text),
        Err(_) => (None, detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_taken_apart() {
        let cases = [
            ("bom", None, "bom", None, true),
            (
                "missing:source_ip",
                None,
                "missing",
                Some("source_ip"),
                true,
            ),
            (
                "empty:report_metadata/org_name",
                None,
                "empty",
                Some("report_metadata/org_name"),
                true,
            ),
            (
                "policy[0]:count_is_string:total-failure-session-count",
                Some(0),
                "count_is_string",
                Some("total-failure-session-count"),
                true,
            ),
            (
                "policy[12]:invalid_policy_type",
                Some(12),
                "invalid_policy_type",
                None,
                true,
            ),
            ("not_a_report:png", None, "not_a_report", Some("png"), true),
            ("policy[x]:bom", None, "policy[x]", Some("bom"), false),
            ("missing:", None, "missing", Some(""), false),
            ("bom:x", None, "bom", Some("x"), false),
            ("made_up", None, "made_up", None, false),
            ("missing", None, "missing", None, false),
        ];
        for (code, policy, name, subject, known) in cases {
            let parsed = NoteCode::parse(code);
            assert_eq!(
                parsed,
                NoteCode {
                    policy,
                    name,
                    subject
                },
                "{code}"
            );
            assert_eq!(parsed.is_known(), known, "{code}");
        }
    }

    #[test]
    fn details_are_taken_apart_as_written() {
        let quoted = format!("{:?}", "1.2.3");
        let cases = [
            (in_record(3, None), Some(3), "", 0),
            (in_record(0, Some(&quoted)), Some(0), "\"1.2.3\"", 0),
            (with_more(&in_record(7, None), 2), Some(7), "", 2),
            (with_more("<p>Reject</p>", 1), None, "<p>Reject</p>", 1),
            (with_more("", 4), None, "", 4),
            ("record keeping".to_owned(), None, "record keeping", 0),
            ("record 5x".to_owned(), None, "record 5x", 0),
            ("3 gzip members".to_owned(), None, "3 gzip members", 0),
            ("(and lots more)".to_owned(), None, "(and lots more)", 0),
        ];
        for (detail, record, text, more) in cases {
            let note = Note::new("x", detail.clone());
            assert_eq!(
                note.parts(),
                NoteDetail { record, text, more },
                "{detail:?}"
            );
        }
    }
}
