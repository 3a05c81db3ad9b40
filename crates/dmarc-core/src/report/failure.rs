//! DMARC failure reports: RFC 6591 ARF `message/feedback-report` parts with
//! `Feedback-Type: auth-failure` (RFC 9991), with the headers of the
//! original message when the report carries them.
//!
//! ARF with another Feedback-Type (`abuse`, `fraud`, …) is not a DMARC
//! failure report: [`parse_feedback_report`] returns a `not_dmarc_failure`
//! [`Note`] for it instead.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Note, NoteCode};

/// One DMARC failure report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureReport {
    /// `Feedback-Type` (always `auth-failure` here).
    pub feedback_type: String,
    /// `User-Agent`.
    pub user_agent: Option<String>,
    /// `Version`.
    pub version: Option<String>,
    /// `Auth-Failure` values (`dmarc`, `spf`, `dkim`, …).
    pub auth_failure: Vec<String>,
    /// `Source-IP`.
    pub source_ip: Option<String>,
    /// `Reported-Domain`.
    pub reported_domain: Option<String>,
    /// `Original-Mail-From`.
    pub original_mail_from: Option<String>,
    /// `Original-Rcpt-To` (the first one; all are in `all_fields`).
    pub original_rcpt_to: Option<String>,
    /// `Arrival-Date`, as sent.
    pub arrival_date: Option<String>,
    /// `DKIM-Domain`.
    pub dkim_domain: Option<String>,
    /// `DKIM-Selector`.
    pub dkim_selector: Option<String>,
    /// `Delivery-Result`.
    pub delivery_result: Option<String>,
    /// `Identity-Alignment` (RFC 9991).
    pub identity_alignment: Option<String>,
    /// `Authentication-Results` values.
    pub authentication_results: Vec<String>,
    /// Every field of the feedback part, by lower-cased name, in order.
    pub all_fields: BTreeMap<String, Vec<String>>,
    /// Headers of the original message, when included.
    pub original: Option<OriginalHeaders>,
    /// `Subject` of the report mail itself.
    pub email_subject: Option<String>,
    /// `From` of the report mail itself.
    pub email_from: Option<String>,
}

impl FailureReport {
    /// When the failing message arrived: `Arrival-Date`, or else the
    /// historic `Received-Date` it replaced (RFC 5965; IANA lists
    /// `Received-Date` as "replaced by Arrival-Date"), which older
    /// reporters still send.
    pub fn arrival(&self) -> Option<&str> {
        self.arrival_date.as_deref().or_else(|| {
            self.all_fields
                .get("received-date")
                .and_then(|v| v.first())
                .map(String::as_str)
        })
    }
}

/// A few headers of the message that failed, as sent (unfolded, trimmed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalHeaders {
    /// `From`.
    pub from: Option<String>,
    /// `Subject`, decoded.
    pub subject: Option<String>,
    /// `To`.
    pub to: Option<String>,
    /// `Date`.
    pub date: Option<String>,
    /// `Message-ID`.
    pub message_id: Option<String>,
}

/// Splits a header block (`Name: value` lines with folded continuations)
/// into `(lower-cased name, unfolded trimmed value)` pairs.
pub fn header_fields(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if fields.is_empty() {
                continue;
            }
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    fields
}

/// Reads the text of a `message/feedback-report` part. `original` is the raw
/// `message/rfc822` or `text/rfc822-headers` part when present; `email_subject`
/// and `email_from` come from the report mail. Returns the report, or a
/// `not_dmarc_failure` note for ARF of another Feedback-Type.
pub fn parse_feedback_report(
    fields_text: &str,
    original: Option<&str>,
    email_subject: Option<String>,
    email_from: Option<String>,
) -> Result<(FailureReport, Vec<Note>), Note> {
    let fields = header_fields(fields_text);
    let mut all_fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in &fields {
        all_fields
            .entry(name.clone())
            .or_default()
            .push(value.clone());
    }
    let first = |name: &str| all_fields.get(name).and_then(|v| v.first()).cloned();
    let feedback_type = first("feedback-type").unwrap_or_default();
    if !feedback_type.eq_ignore_ascii_case("auth-failure") {
        return Err(Note::new(
            NoteCode::NotDmarcFailure,
            format!("Feedback-Type {feedback_type:?} (not auth-failure): an ARF report, not a DMARC failure report"),
        ));
    }
    let mut notes = Vec::new();
    for required in ["arrival-date", "auth-failure"] {
        if !all_fields.contains_key(required) {
            notes.push(Note::new(
                NoteCode::ArfMissing(required.into()),
                format!("the feedback report has no {required} field"),
            ));
        }
    }
    let report = FailureReport {
        feedback_type,
        user_agent: first("user-agent"),
        version: first("version"),
        auth_failure: all_fields.get("auth-failure").cloned().unwrap_or_default(),
        source_ip: first("source-ip"),
        reported_domain: first("reported-domain"),
        original_mail_from: first("original-mail-from"),
        original_rcpt_to: first("original-rcpt-to"),
        arrival_date: first("arrival-date"),
        dkim_domain: first("dkim-domain"),
        dkim_selector: first("dkim-selector"),
        delivery_result: first("delivery-result"),
        identity_alignment: first("identity-alignment"),
        authentication_results: all_fields
            .get("authentication-results")
            .cloned()
            .unwrap_or_default(),
        original: original.map(original_headers),
        email_subject,
        email_from,
        all_fields,
    };
    Ok((report, notes))
}

fn original_headers(raw: &str) -> OriginalHeaders {
    let fields = header_fields(raw);
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let subject = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .and_then(|m| m.subject().map(str::to_owned))
        .or_else(|| get("subject"));
    OriginalHeaders {
        from: get("from").map(|v| decode_words(&v)),
        subject,
        to: get("to").map(|v| decode_words(&v)),
        date: get("date"),
        message_id: get("message-id"),
    }
}

/// Decodes RFC 2047 encoded words (`=?utf-8?B?…?=`) in a header value,
/// keeping everything else as written.
fn decode_words(value: &str) -> String {
    if !value.contains("=?") {
        return value.to_owned();
    }
    let header = format!("Subject: {value}\r\n\r\n");
    mail_parser::MessageParser::default()
        .parse(header.as_bytes())
        .and_then(|m| m.subject().map(str::to_owned))
        .unwrap_or_else(|| value.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ARF: &str = "Feedback-Type: auth-failure\r\nUser-Agent: Lua/1.0\r\nVersion: 1.0\r\n\
Original-Mail-From: a@example.org\r\nArrival-Date: Thu, 29 Apr 2015 23:34:45 +0000\r\n\
Authentication-Results: mx.example.net;\r\n dmarc=fail header.from=example.org\r\n\
Source-IP: 192.0.2.1\r\nAuth-Failure: dmarc\r\nReported-Domain: example.org\r\n";

    #[test]
    fn arrival_falls_back_to_the_historic_received_date() {
        let received =
            "Feedback-Type: auth-failure\nReceived-Date: Wed, 14 Apr 2010 12:15:31 -0700\n";
        let both = "Feedback-Type: auth-failure\nReceived-Date: Wed, 14 Apr 2010 12:15:31 -0700\n\
                    Arrival-Date: Thu, 15 Apr 2010 00:00:00 +0000\n";
        let cases = [
            (ARF, Some("Thu, 29 Apr 2015 23:34:45 +0000")),
            (received, Some("Wed, 14 Apr 2010 12:15:31 -0700")),
            (both, Some("Thu, 15 Apr 2010 00:00:00 +0000")),
            ("Feedback-Type: auth-failure\n", None),
        ];
        for (text, want) in cases {
            let (r, _) = parse_feedback_report(text, None, None, None).unwrap();
            assert_eq!(r.arrival(), want, "{text}");
        }
        let (r, _) = parse_feedback_report(received, None, None, None).unwrap();
        assert_eq!(r.arrival_date, None, "the field as sent stays absent");
    }

    #[test]
    fn rfc6591_auth_failure_fields() {
        let original = "From: A <a@example.org>\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\nMessage-ID: <1@x>\r\n\r\nbody";
        let (r, notes) = parse_feedback_report(ARF, Some(original), None, None).unwrap();
        assert!(notes.is_empty());
        assert_eq!(r.auth_failure, vec!["dmarc"]);
        assert_eq!(r.source_ip.as_deref(), Some("192.0.2.1"));
        assert_eq!(
            r.authentication_results,
            vec!["mx.example.net; dmarc=fail header.from=example.org"]
        );
        let o = r.original.unwrap();
        assert_eq!(o.subject.as_deref(), Some("café"));
        assert_eq!(o.message_id.as_deref(), Some("<1@x>"));
    }

    #[test]
    fn abuse_report_is_not_a_failure_report() {
        let note = parse_feedback_report("Feedback-Type: abuse\n", None, None, None).unwrap_err();
        assert_eq!(note.code, NoteCode::NotDmarcFailure);
    }
}
