//! The ingest log's sentences: an [`IngestError`] or a [`PayloadNote`] from
//! the core, said in a language.
//!
//! The core gives typed codes and values ([`ErrorKind`], [`NoteCode`] and a
//! note's fields); the sentences are in `locales/ingest.toml`. What cannot
//! be translated stays apart, as the *specific*: a library's message
//! (quick-xml, flate2, zip, serde_json), an excerpt of the input, or the
//! core's detail of a note when the core says it names something the
//! sentence does not ([`NoteCode::shows_detail`]: the value, the member).

use std::borrow::Cow;

use dmarc_core::error::{ErrorKind, IngestError, Sniffed};
use dmarc_core::ingest::PayloadNote;
use dmarc_core::report::NoteCode;

use super::Lang;

/// Between the file and the layers of the chain (`a.zip › zip:r.xml › xml`).
pub const LAYER_SEP: &str = " › ";

/// A message about one payload, in a language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadMessage {
    /// Where: for an error the file and its chain of layers, for a note the
    /// layers (empty for the file itself), joined by [`LAYER_SEP`].
    pub place: String,
    /// The sentence, without final punctuation.
    pub text: String,
    /// What exactly, as written by a library or in the input; not
    /// translated. Shown after the sentence.
    pub specific: Option<String>,
    /// The language of the specific when it is known (`en` for a library's
    /// message or the core's detail), for the `lang` attribute.
    pub specific_lang: Option<&'static str>,
}

impl PayloadMessage {
    /// The sentence with its punctuation and the specific, without the place:
    /// `The XML has an error at line 3, column 7: unexpected end`.
    pub fn sentence(&self, lang: Lang) -> String {
        match &self.specific {
            Some(specific) => format!("{}{}{specific}", self.text, lang.t("ingest.specific_sep")),
            None => format!("{}{}", self.text, lang.t("ingest.full_stop")),
        }
    }
}

impl Lang {
    /// Why a payload could not be read, in this language.
    pub fn ingest_error(self, error: &IngestError) -> PayloadMessage {
        let (text, specific, specific_lang) = self.error_text(&error.kind);
        let place = std::iter::once(error.file.as_str())
            .chain(error.layers.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(LAYER_SEP);
        PayloadMessage {
            place,
            text,
            specific: specific.filter(|s| !s.trim().is_empty()),
            specific_lang,
        }
    }

    fn error_text(self, kind: &ErrorKind) -> (String, Option<String>, Option<&'static str>) {
        let n = |v: u64| -> Cow<'static, str> { self.number(v).into() };
        let key = |code: &str| format!("ingest.error.{code}");
        let english = Some("en");
        match kind {
            ErrorKind::NotAReport { sniffed, found, .. } => (
                self.t(&format!("ingest.not_a_report.{}", sniffed.name())),
                Some(found.clone()),
                None,
            ),
            ErrorKind::TooLarge { limit } => (
                self.t_args(&key(kind.code()), &[("limit", self.bytes(*limit).into())]),
                None,
                None,
            ),
            ErrorKind::RatioExceeded { limit } => (
                self.t_args(&key(kind.code()), &[("limit", n(*limit))]),
                None,
                None,
            ),
            ErrorKind::TooDeep { limit } => (
                self.t_args(&key(kind.code()), &[("limit", n(*limit as u64))]),
                None,
                None,
            ),
            ErrorKind::TooManyMembers { members, limit } => (
                self.t_args(
                    &key(kind.code()),
                    &[("members", n(*members as u64)), ("limit", n(*limit as u64))],
                ),
                None,
                None,
            ),
            // The core writes the e-mail detail itself ("no message could be
            // read"): the sentence says it.
            ErrorKind::ZipEncrypted | ErrorKind::Email { .. } => {
                (self.t(&key(kind.code())), None, None)
            }
            ErrorKind::Decompress { detail } | ErrorKind::Zip { detail } => {
                (self.t(&key(kind.code())), Some(detail.clone()), english)
            }
            ErrorKind::Xml {
                line,
                column,
                detail,
            }
            | ErrorKind::Json {
                line,
                column,
                detail,
            } => (
                self.t_args(
                    &key(kind.code()),
                    &[("line", n(*line)), ("column", n(*column))],
                ),
                Some(detail.clone()),
                english,
            ),
            ErrorKind::XmlTruncated {
                element,
                line,
                column,
            } => (
                self.t_args(
                    &key(kind.code()),
                    &[
                        ("element", element.as_str().into()),
                        ("line", n(*line)),
                        ("column", n(*column)),
                    ],
                ),
                None,
                None,
            ),
            ErrorKind::XmlTooDeep {
                limit,
                line,
                column,
            } => (
                self.t_args(
                    &key(kind.code()),
                    &[
                        ("limit", n(*limit as u64)),
                        ("line", n(*line)),
                        ("column", n(*column)),
                    ],
                ),
                None,
                None,
            ),
            ErrorKind::MissingElement { element } => (
                self.t_args(&key(kind.code()), &[("element", element.as_str().into())]),
                None,
                None,
            ),
            ErrorKind::InvalidValue { element, value } => (
                self.t_args(
                    &key(kind.code()),
                    &[
                        ("element", element.as_str().into()),
                        ("value", format!("{value:?}").into()),
                    ],
                ),
                None,
                None,
            ),
        }
    }

    /// What was repaired or skipped in a payload, in this language.
    pub fn ingest_note(self, note: &PayloadNote) -> PayloadMessage {
        let code = &note.note.code;
        let text = match code {
            NoteCode::NotAReport(kind) => self.t(&format!("ingest.not_a_report.{}", kind.name())),
            _ => match code.subject() {
                None => self.t(&format!("ingest.note.{}", code.name())),
                Some(subject) => self.t_args(
                    &format!("ingest.note_family.{}", code.name()),
                    &[("element", element_name(subject).into())],
                ),
            },
        };
        let layers = &note.layers;
        let note = &note.note;
        let mut qualifiers = Vec::new();
        if let Some(i) = note.policy {
            qualifiers.push(self.t_args(
                "ingest.qualifier.policy",
                &[("n", self.number(i as u64 + 1).into())],
            ));
        }
        if let Some(i) = note.record {
            qualifiers.push(self.t_args(
                "ingest.qualifier.record",
                &[("n", self.number(i as u64 + 1).into())],
            ));
        }
        if note.more > 0 {
            qualifiers.push(self.t_args(
                "ingest.qualifier.more",
                &[("n", self.number(note.more as u64).into())],
            ));
        }
        let text = if qualifiers.is_empty() {
            text
        } else {
            self.t_args(
                "ingest.qualified",
                &[
                    ("text", text.into()),
                    (
                        "qualifiers",
                        qualifiers.join(&self.t("ingest.list_sep")).into(),
                    ),
                ],
            )
        };
        let specific =
            (code.shows_detail() && !note.detail.trim().is_empty()).then(|| note.detail.clone());
        PayloadMessage {
            place: layers.join(LAYER_SEP),
            text,
            specific_lang: specific.as_ref().map(|_| "en"),
            specific,
        }
    }
}

/// An element path as XML (`report_metadata/org_name` →
/// `<report_metadata><org_name>`); a JSON key or header field, which DMARC
/// and TLS reports spell with hyphens, in quotes (`"contact-info"`).
fn element_name(subject: &str) -> String {
    if subject.contains('-') {
        format!("\"{subject}\"")
    } else {
        subject.split('/').map(|el| format!("<{el}>")).collect()
    }
}

/// Every catalogue key [`Lang::ingest_error`] and [`Lang::ingest_note`] can
/// ask for, from the core's lists of codes.
pub fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "ingest.full_stop",
        "ingest.specific_sep",
        "ingest.list_sep",
        "ingest.qualified",
        "ingest.qualifier.record",
        "ingest.qualifier.policy",
        "ingest.qualifier.more",
    ]
    .map(String::from)
    .to_vec();
    // A payload that is not a report is said by its kind.
    keys.extend(
        ErrorKind::CODES
            .iter()
            .filter(|c| **c != "not_a_report")
            .map(|c| format!("ingest.error.{c}")),
    );
    keys.extend(
        Sniffed::ALL
            .iter()
            .map(|k| format!("ingest.not_a_report.{}", k.name())),
    );
    keys.extend(NoteCode::PLAIN.iter().map(|c| format!("ingest.note.{c}")));
    keys.extend(
        NoteCode::FAMILIES
            .iter()
            .map(|f| format!("ingest.note_family.{f}")),
    );
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_names_read_as_xml_or_as_keys() {
        assert_eq!(element_name("source_ip"), "<source_ip>");
        assert_eq!(
            element_name("report_metadata/org_name"),
            "<report_metadata><org_name>"
        );
        assert_eq!(element_name("contact-info"), "\"contact-info\"");
    }
}
