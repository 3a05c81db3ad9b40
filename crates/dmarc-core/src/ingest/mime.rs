//! E-mail messages: MIME multipart, base64 and quoted-printable, attached or
//! inline reports, nested `message/rfc822`, and ARF failure reports.

use std::borrow::Cow;

use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::sniff::{sniff, Sniffed};
use super::Walk;
use crate::error::ErrorKind;
use crate::report::failure::{header_fields, parse_feedback_report};
use crate::report::{NoteCode, Report};

/// `type/subtype` of a part, lower-cased (`text/plain` when absent).
fn content_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => {
            format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_ascii_lowercase()
        }
        None => "text/plain".to_owned(),
    }
}

/// Some mailers write separator lines as a space or a tab: MIME parsers then
/// read them as folded header lines and lose the structure. Returns the
/// message with such lines emptied, and how many there were.
fn blank_whitespace_lines(bytes: &[u8]) -> (Cow<'_, [u8]>, usize) {
    let is_blank = |line: &[u8]| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        !line.is_empty() && line.iter().all(|&b| b == b' ' || b == b'\t')
    };
    let count = bytes.split(|&b| b == b'\n').filter(|l| is_blank(l)).count();
    if count == 0 {
        return (Cow::Borrowed(bytes), 0);
    }
    let mut out = Vec::with_capacity(bytes.len());
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        if is_blank(line) {
            if line.ends_with(b"\r") {
                out.push(b'\r');
            }
        } else {
            out.extend_from_slice(line);
        }
    }
    (Cow::Owned(out), count)
}

impl Walk<'_> {
    /// Reads an e-mail message and every report in it.
    pub(super) fn email(&mut self, bytes: &[u8], layers: &mut Vec<String>, depth: usize) {
        let (bytes, blanked) = blank_whitespace_lines(bytes);
        if blanked > 0 {
            self.note(
                layers,
                NoteCode::EmailWhitespaceOnlyLines,
                format!("{blanked} lines holding only spaces or tabs read as empty lines"),
            );
        }
        match MessageParser::default().parse(bytes.as_ref()) {
            Some(message) => self.message(&message, layers, depth),
            None => self.error(
                layers,
                ErrorKind::Email {
                    detail: "no message could be read".to_owned(),
                },
            ),
        }
    }

    fn message(&mut self, message: &Message<'_>, layers: &mut Vec<String>, depth: usize) {
        if depth > self.limits.max_depth {
            self.error(
                layers,
                ErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
            );
            return;
        }
        if self.failure_report(message, layers) {
            return;
        }
        let before = (
            self.reports.len(),
            self.errors.len(),
            self.not_reports.len(),
        );
        for part in &message.parts {
            match &part.body {
                PartType::Multipart(_) => {}
                PartType::Message(inner) => self.message(inner, layers, depth + 1),
                PartType::Html(html) => {
                    let preview = html.contains("[Preview]");
                    self.note(
                        layers,
                        NoteCode::EmailBodyIgnored,
                        format!(
                            "text/html body part ({} bytes){} ignored",
                            html.len(),
                            if preview {
                                ", a \"[Preview]\" of the report,"
                            } else {
                                ""
                            }
                        ),
                    );
                }
                PartType::Text(text) => {
                    let bytes = text.as_bytes();
                    let is_named = part.attachment_name().is_some();
                    match sniff(bytes) {
                        Sniffed::Xml | Sniffed::Json | Sniffed::Email | Sniffed::Mbox => {
                            self.payload(bytes, layers, depth + 1)
                        }
                        _ if is_named => self.payload(bytes, layers, depth + 1),
                        _ => self.note(
                            layers,
                            NoteCode::EmailBodyIgnored,
                            format!(
                                "{} body part ({} bytes) ignored",
                                content_type(part),
                                bytes.len()
                            ),
                        ),
                    }
                }
                PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
                    self.payload(bytes, layers, depth + 1)
                }
            }
        }
        if (
            self.reports.len(),
            self.errors.len(),
            self.not_reports.len(),
        ) == before
        {
            let detail = "e-mail message without a report attachment".to_owned();
            self.not_a_report(layers, Sniffed::Email, detail, String::new());
        }
    }

    /// An ARF message (`message/feedback-report` part): a DMARC failure
    /// report, or a note when its Feedback-Type is another. Returns false
    /// when the message has no such part.
    fn failure_report(&mut self, message: &Message<'_>, layers: &mut Vec<String>) -> bool {
        let Some(arf) = message
            .parts
            .iter()
            .find(|p| content_type(p) == "message/feedback-report")
        else {
            return false;
        };
        let fields = String::from_utf8_lossy(arf.contents()).into_owned();
        let original = message.parts.iter().find_map(|p| match &p.body {
            PartType::Message(m) => Some(String::from_utf8_lossy(m.raw_message()).into_owned()),
            _ if content_type(p).ends_with("/rfc822-headers") => {
                Some(String::from_utf8_lossy(p.contents()).into_owned())
            }
            _ => None,
        });
        let subject = message.subject().map(str::to_owned);
        let from = message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned);
        layers.push("arf".to_owned());
        match parse_feedback_report(&fields, original.as_deref(), subject, from) {
            Ok((report, notes)) => self.report(layers, Report::Failure(report), notes),
            Err(note) => {
                self.notes.push(super::PayloadNote {
                    layers: layers.clone(),
                    note: note.clone(),
                });
                let found = header_fields(&fields)
                    .into_iter()
                    .find(|(name, _)| name == "feedback-type")
                    .map(|(_, value)| format!("Feedback-Type: {value}"))
                    .unwrap_or_default();
                self.not_reports.push(crate::error::IngestError {
                    file: self.file.to_owned(),
                    layers: layers.clone(),
                    kind: ErrorKind::NotAReport {
                        sniffed: Sniffed::Arf,
                        detail: note.detail,
                        found,
                    },
                });
            }
        }
        layers.pop();
        true
    }
}
