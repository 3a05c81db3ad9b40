//! Notes: what a parser repaired, skipped, or wants a person to know.
//!
//! A note is typed: a [`NoteCode`] (a plain code such as `bom`, a family
//! such as `missing` with the element, key or field it is about, or
//! `not_a_report` with the kind of payload), and structured fields: the
//! SMTP TLS policy and the aggregate record concerned, how many more times
//! the same thing was seen, and the `detail` — only what no sentence can
//! say (the value or member as written, or a library's words), shown when
//! [`NoteCode::shows_detail`] says so. `Display` writes the whole note in
//! English, for the command line.
//!
//! ```
//! use dmarc_core::report::{Note, NoteCode};
//!
//! let note = Note::new(NoteCode::Missing("policy-domain".into()), "").in_policy(1);
//! assert_eq!(note.code.name(), "missing");
//! assert_eq!(note.code.subject(), Some("policy-domain"));
//! assert_eq!(note.policy, Some(1));
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ingest::sniff::Sniffed;

/// An element path (`report_metadata/org_name`), a JSON key or a header
/// field (`contact-info`) as a note's subject.
pub type Subject = Cow<'static, str>;

macro_rules! note_codes {
    (
        plain: [$($(#[$pm:meta])* $plain:ident => $pname:literal, $pdetail:literal;)+]
        families: [$($(#[$fm:meta])* $family:ident => $fname:literal, $fdetail:literal;)+]
    ) => {
        /// What a note says. Serialised as `{"code": "<name>"}`, with
        /// `"subject"` for a family (the element, key, field or payload kind).
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(tag = "code", content = "subject", rename_all = "snake_case")]
        pub enum NoteCode {
            $($(#[$pm])* $plain,)+
            $($(#[$fm])* $family(Subject),)+
            /// A payload that is not a report, and what it was recognised as.
            NotAReport(Sniffed),
        }

        impl NoteCode {
            /// Every plain code's name (the catalogue key `ingest.note.<name>`).
            pub const PLAIN: &'static [&'static str] = &[$($pname,)+];
            /// Every family's name (the catalogue key `ingest.note_family.<name>`).
            pub const FAMILIES: &'static [&'static str] = &[$($fname,)+];

            /// The stable name: a plain code, a family, or `not_a_report`.
            pub fn name(&self) -> &'static str {
                match self {
                    $(NoteCode::$plain => $pname,)+
                    $(NoteCode::$family(_) => $fname,)+
                    NoteCode::NotAReport(_) => "not_a_report",
                }
            }

            /// What a family code is about: an element path, a JSON key or a
            /// header field.
            pub fn subject(&self) -> Option<&str> {
                match self {
                    $(NoteCode::$family(subject) => Some(subject),)+
                    _ => None,
                }
            }

            /// True when the note's `detail` names something the code's
            /// sentence does not (the value, the member, a decoder's words),
            /// so that a view shows it beside the sentence.
            pub fn shows_detail(&self) -> bool {
                match self {
                    $(NoteCode::$plain => $pdetail,)+
                    $(NoteCode::$family(_) => $fdetail,)+
                    NoteCode::NotAReport(kind) => {
                        matches!(kind, Sniffed::Xml | Sniffed::Json | Sniffed::Text)
                    }
                }
            }

            /// The code named `name`, with `subject` for a family and for
            /// `not_a_report`.
            pub fn from_parts(name: &str, subject: Option<&str>) -> Option<NoteCode> {
                match (name, subject) {
                    $(($pname, None) => Some(NoteCode::$plain),)+
                    $(($fname, Some(s)) if !s.is_empty() => {
                        Some(NoteCode::$family(Cow::Owned(s.to_owned())))
                    })+
                    ("not_a_report", Some(s)) => Sniffed::from_name(s).map(NoteCode::NotAReport),
                    _ => None,
                }
            }
        }
    };
}

note_codes! {
    plain: [
    // Decoding (report/aggregate/decode.rs).
    /// The report is UTF-16 or UTF-32.
    Utf16 => "utf16", false;
    /// UTF-16 that does not decode; replaced.
    InvalidUtf16 => "invalid_utf16", false;
    /// A UTF-8 byte order mark, skipped.
    Bom => "bom", false;
    /// The declared encoding differs from the bytes.
    EncodingMismatch => "encoding_mismatch", true;
    /// A declared encoding other than UTF-8, decoded.
    DeclaredEncoding => "declared_encoding", true;
    /// Bytes invalid in the declared encoding, replaced.
    InvalidBytes => "invalid_bytes", true;
    /// Bytes that are not UTF-8, replaced.
    InvalidUtf8 => "invalid_utf8", true;
    /// White space before the XML declaration.
    LeadingWhitespace => "leading_whitespace", false;
    // XML reading (report/aggregate/parse.rs, fields.rs, notes.rs).
    /// An entity the parser does not know, kept as written.
    UnknownEntity => "unknown_entity", true;
    /// A DOCTYPE, not expanded.
    DoctypeIgnored => "doctype_ignored", false;
    /// Content after the report's end, ignored.
    ContentAfterReport => "content_after_report", true;
    /// `<feedback>` wrapped in another element.
    FeedbackNotRoot => "feedback_not_root", true;
    /// `<data_range>` for `<date_range>`.
    DateRangeMisspelt => "date_range_misspelt", false;
    /// `<identities>` for `<identifiers>`.
    IdentitiesTag => "identities_tag", false;
    /// `<policy_override>` for `<reason>`.
    PolicyOverrideTag => "policy_override_tag", false;
    /// `<policy_evaluated>` without `<dkim>` or `<spf>`.
    PolicyEvaluatedWithoutDkimSpf => "policy_evaluated_without_dkim_spf", false;
    /// White space around values, trimmed.
    WhitespaceInValues => "whitespace_in_values", true;
    /// A repeated element; the first kept.
    DuplicateElement => "duplicate_element", true;
    /// Values outside the vocabulary, kept as written.
    UnknownValues => "unknown_values", true;
    /// Vocabulary values not in lower case.
    NonLowercaseValues => "non_lowercase_values", true;
    /// A report without records.
    NoRecords => "no_records", false;
    /// Elements the schema does not have, skipped.
    UnknownElements => "unknown_elements", true;
    // Failure reports (report/failure.rs).
    /// An ARF report of another Feedback-Type.
    NotDmarcFailure => "not_dmarc_failure", true;
    // SMTP TLS reports (report/tls.rs), with the policy.
    /// A policy type not in lower case.
    NonLowercasePolicyType => "non_lowercase_policy_type", true;
    /// A policy type outside the vocabulary.
    InvalidPolicyType => "invalid_policy_type", true;
    // Containers (ingest/).
    /// gzip inside gzip.
    NestedGzip => "nested_gzip", false;
    /// A gzip file of several members.
    GzipMultipleMembers => "gzip_multiple_members", true;
    /// Bytes after the gzip stream.
    GzipTrailingBytes => "gzip_trailing_bytes", true;
    /// Lines of white space only in an e-mail's header.
    EmailWhitespaceOnlyLines => "email_whitespace_only_lines", true;
    /// An e-mail body that holds no report.
    EmailBodyIgnored => "email_body_ignored", true;
    /// A zip directory entry, skipped.
    ZipDirectoryEntry => "zip_directory_entry", true;
    /// A macOS resource member, skipped.
    ZipMacosxMember => "zip_macosx_member", true;
    /// A zip member without a name.
    ZipMemberEmptyName => "zip_member_empty_name", false;
    ]
    families: [
    /// A required element, key or field is absent.
    Missing => "missing", false;
    /// Present but empty.
    Empty => "empty", false;
    /// A value that cannot be understood, kept as written.
    Invalid => "invalid", true;
    /// A number with a fraction or not a number.
    NonInteger => "non_integer", true;
    /// A required field of an ARF feedback report is absent.
    ArfMissing => "arf_missing", false;
    /// A TLS report count written as a string.
    CountIsString => "count_is_string", false;
    /// A TLS report count absent or not a number.
    BadOrMissing => "bad_or_missing", false;
    ]
}

/// Something the parser repaired, skipped, or wants a person to know about an
/// input. Attached to the report or the file it concerns; never silent.
///
/// Serialised flat: `{"code": "missing", "subject": "source_ip", "record": 3,
/// "more": 2}`. The form earlier versions wrote, `{"code":
/// "missing:source_ip", "detail": "record 3 (and 2 more)"}`, still reads (a
/// plain code of that form keeps the record and repeats in its detail).
/// A format that is not human-readable (the page–worker messages, postcard)
/// gets every field in order instead: such formats cannot leave fields out.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Note {
    /// What the note says.
    pub code: NoteCode,
    /// The 0-based index of the SMTP TLS policy concerned.
    pub policy: Option<usize>,
    /// The 0-based index of the aggregate record concerned (the first one).
    pub record: Option<usize>,
    /// How many more times the same code was seen in the report.
    pub more: usize,
    /// What exactly, as written in the input or by a library, or in
    /// English: the value, the member. May be empty.
    pub detail: String,
}

/// A note's JSON form (see [`Note`]).
#[derive(Serialize)]
struct NoteJson<'a> {
    #[serde(flatten)]
    code: &'a NoteCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<usize>,
    #[serde(skip_serializing_if = "is_zero")]
    more: usize,
    #[serde(skip_serializing_if = "str::is_empty")]
    detail: &'a str,
}

/// A note's compact form: every field, in order; the code as its name and
/// subject ([`NoteCode::from_parts`]), since a compact format cannot read an
/// adjacently tagged enum back.
#[derive(Serialize, Deserialize)]
struct NoteCompact<C, D> {
    code: C,
    subject: Option<C>,
    policy: Option<usize>,
    record: Option<usize>,
    more: usize,
    detail: D,
}

impl Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            NoteJson {
                code: &self.code,
                policy: self.policy,
                record: self.record,
                more: self.more,
                detail: &self.detail,
            }
            .serialize(serializer)
        } else {
            let subject = match &self.code {
                NoteCode::NotAReport(kind) => Some(kind.name()),
                code => code.subject(),
            };
            NoteCompact {
                code: self.code.name(),
                subject,
                policy: self.policy,
                record: self.record,
                more: self.more,
                detail: self.detail.as_str(),
            }
            .serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            Note::try_from(NoteWire::deserialize(deserializer)?).map_err(serde::de::Error::custom)
        } else {
            let n = NoteCompact::<String, String>::deserialize(deserializer)?;
            let code = NoteCode::from_parts(&n.code, n.subject.as_deref()).ok_or_else(|| {
                serde::de::Error::custom(format_args!("unknown note code {}", n.code))
            })?;
            Ok(Note {
                code,
                policy: n.policy,
                record: n.record,
                more: n.more,
                detail: n.detail,
            })
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Note {
    /// A note with `code` and `detail`, about no policy or record.
    pub fn new(code: NoteCode, detail: impl Into<String>) -> Self {
        Note {
            code,
            policy: None,
            record: None,
            more: 0,
            detail: detail.into(),
        }
    }

    /// This note, about the `i`-th SMTP TLS policy.
    pub fn in_policy(mut self, i: usize) -> Self {
        self.policy = Some(i);
        self
    }

    /// This note, about the `i`-th aggregate record.
    pub fn in_record(mut self, i: usize) -> Self {
        self.record = Some(i);
        self
    }
}

/// English, for the command line: `missing <source_ip> (record 3, and 2
/// more): detail`.
impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.name())?;
        match &self.code {
            NoteCode::NotAReport(kind) => write!(f, " ({})", kind.name())?,
            code => {
                if let Some(subject) = code.subject() {
                    write!(f, " {subject}")?;
                }
            }
        }
        let mut place = Vec::new();
        if let Some(i) = self.policy {
            place.push(format!("policy {i}"));
        }
        if let Some(i) = self.record {
            place.push(format!("record {i}"));
        }
        if self.more > 0 {
            place.push(format!("and {} more", self.more));
        }
        if !place.is_empty() {
            write!(f, " ({})", place.join(", "))?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// What a stored note may look like: this version's form or an earlier one's.
#[derive(Deserialize)]
#[serde(untagged)]
enum NoteWire {
    Current {
        #[serde(flatten)]
        code: NoteCode,
        #[serde(default)]
        policy: Option<usize>,
        #[serde(default)]
        record: Option<usize>,
        #[serde(default)]
        more: usize,
        #[serde(default)]
        detail: String,
    },
    Earlier {
        code: String,
        #[serde(default)]
        detail: String,
    },
}

impl TryFrom<NoteWire> for Note {
    type Error = String;

    fn try_from(wire: NoteWire) -> Result<Self, Self::Error> {
        match wire {
            NoteWire::Current {
                code,
                policy,
                record,
                more,
                detail,
            } => Ok(Note {
                code,
                policy,
                record,
                more,
                detail,
            }),
            NoteWire::Earlier { code, detail } => earlier(&code, &detail),
        }
    }
}

/// A note as earlier versions wrote it: `policy[i]:family:subject` and
/// `record N: detail (and M more)`.
fn earlier(code: &str, detail: &str) -> Result<Note, String> {
    let (policy, rest) = match code
        .strip_prefix("policy[")
        .and_then(|r| r.split_once("]:"))
        .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
    {
        Some((i, rest)) => (Some(i), rest),
        None => (None, code),
    };
    let parsed = match rest.split_once(':') {
        Some((name, subject)) => NoteCode::from_parts(name, Some(subject)),
        None => NoteCode::from_parts(rest, None),
    };
    let code = parsed.ok_or_else(|| format!("unknown note code {code:?}"))?;
    let (rest, more) = split_more(detail);
    let (record, text) = split_record(rest);
    Ok(Note {
        code,
        policy,
        record,
        more,
        detail: text.to_owned(),
    })
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// One code of each shape, with its serialised form.
    #[test]
    fn codes_serialise_as_their_names() {
        let cases = [
            (NoteCode::Bom, r#"{"code":"bom"}"#),
            (
                NoteCode::Missing("source_ip".into()),
                r#"{"code":"missing","subject":"source_ip"}"#,
            ),
            (
                NoteCode::NotAReport(Sniffed::Png),
                r#"{"code":"not_a_report","subject":"png"}"#,
            ),
            (
                NoteCode::PolicyEvaluatedWithoutDkimSpf,
                r#"{"code":"policy_evaluated_without_dkim_spf"}"#,
            ),
        ];
        for (code, json) in cases {
            assert_eq!(serde_json::to_string(&code).unwrap(), json);
            assert_eq!(serde_json::from_str::<NoteCode>(json).unwrap(), code);
        }
    }

    /// `name` agrees with serde for every plain code and family.
    #[test]
    fn every_name_is_the_serialised_code_and_reads_back() {
        for name in NoteCode::PLAIN {
            let code = NoteCode::from_parts(name, None).unwrap();
            assert_eq!(code.name(), *name);
            let json = serde_json::to_value(&code).unwrap();
            assert_eq!(json["code"], *name);
        }
        for name in NoteCode::FAMILIES {
            let code = NoteCode::from_parts(name, Some("x")).unwrap();
            assert_eq!((code.name(), code.subject()), (*name, Some("x")));
            let json = serde_json::to_value(&code).unwrap();
            assert_eq!(json["code"], *name);
        }
        assert_eq!(NoteCode::from_parts("missing", None), None);
        assert_eq!(NoteCode::from_parts("missing", Some("")), None);
        assert_eq!(NoteCode::from_parts("bom", Some("x")), None);
        assert_eq!(NoteCode::from_parts("not_a_report", Some("nope")), None);
    }

    #[test]
    fn notes_serialise_flat_and_read_back() {
        let note = Note::new(NoteCode::Invalid("source_ip".into()), "\"1.2.3\"").in_record(4);
        let note = Note { more: 2, ..note };
        let json = serde_json::to_string(&note).unwrap();
        assert_eq!(
            json,
            r#"{"code":"invalid","subject":"source_ip","record":4,"more":2,"detail":"\"1.2.3\""}"#
        );
        assert_eq!(serde_json::from_str::<Note>(&json).unwrap(), note);
        let plain = Note::new(NoteCode::NestedGzip, "");
        let json = serde_json::to_string(&plain).unwrap();
        assert_eq!(json, r#"{"code":"nested_gzip"}"#);
        assert_eq!(serde_json::from_str::<Note>(&json).unwrap(), plain);
    }

    /// Notes stored by earlier versions (`code` a string, `detail` English
    /// with the record and repeats in it) read as typed notes.
    #[test]
    fn notes_of_earlier_versions_still_read() {
        let cases = [
            (
                r#"{"code":"missing:source_ip","detail":"record 3 (and 2 more)"}"#,
                Note {
                    more: 2,
                    ..Note::new(NoteCode::Missing("source_ip".into()), "").in_record(3)
                },
            ),
            (
                r#"{"code":"invalid:source_ip","detail":"record 0: \"1.2.3\""}"#,
                Note::new(NoteCode::Invalid("source_ip".into()), "\"1.2.3\"").in_record(0),
            ),
            (
                r#"{"code":"policy[1]:count_is_string:total-failure-session-count","detail":"summary count"}"#,
                Note::new(
                    NoteCode::CountIsString("total-failure-session-count".into()),
                    "summary count",
                )
                .in_policy(1),
            ),
            (
                r#"{"code":"not_a_report:png","detail":"png data"}"#,
                Note::new(NoteCode::NotAReport(Sniffed::Png), "png data"),
            ),
            (
                r#"{"code":"whitespace_in_values","detail":"record keeping"}"#,
                Note::new(NoteCode::WhitespaceInValues, "record keeping"),
            ),
            // A plain code reads as this version's form: what the detail
            // says of the record and repeats stays in it, in English.
            (
                r#"{"code":"gzip_trailing_bytes","detail":"<p>x</p> (and 1 more)"}"#,
                Note::new(NoteCode::GzipTrailingBytes, "<p>x</p> (and 1 more)"),
            ),
        ];
        for (json, want) in cases {
            assert_eq!(serde_json::from_str::<Note>(json).unwrap(), want, "{json}");
        }
        for bad in [
            r#"{"code":"made_up","detail":""}"#,
            r#"{"code":"missing:","detail":""}"#,
            r#"{"code":"policy[x]:bom","detail":""}"#,
        ] {
            assert!(serde_json::from_str::<Note>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_is_english_with_every_field() {
        let note = Note {
            more: 1,
            ..Note::new(NoteCode::NonInteger("count".into()), "\"1.5\"").in_record(2)
        };
        assert_eq!(
            note.to_string(),
            "non_integer count (record 2, and 1 more): \"1.5\""
        );
        let note = Note::new(NoteCode::NotAReport(Sniffed::Png), "").in_policy(0);
        assert_eq!(note.to_string(), "not_a_report (png) (policy 0)");
    }
}
