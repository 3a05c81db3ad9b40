//! SMTP TLS reports (RFC 8460): JSON, read leniently.
//!
//! Reporters send counts as strings, omit `policy-domain` or `contact-info`
//! and invent policy types; every value is kept (an unknown policy type as
//! [`PolicyType::Other`], an absent one as `None`) and each repair becomes a
//! [`Note`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Note, NoteCode, Subject};

/// An RFC 8460 report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsReport {
    /// `organization-name`.
    pub organization_name: Option<String>,
    /// `date-range`.
    pub date_range: TlsDateRange,
    /// `contact-info`.
    pub contact_info: Option<String>,
    /// `report-id`.
    pub report_id: Option<String>,
    /// `policies`: one entry per policy evaluated.
    pub policies: Vec<TlsPolicyResult>,
}

/// `date-range` of a TLS report (RFC 3339 date-times, as sent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsDateRange {
    /// `start-datetime`.
    pub start_datetime: Option<String>,
    /// `end-datetime`.
    pub end_datetime: Option<String>,
}

/// `policy-type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyType {
    /// MTA-STS.
    Sts,
    /// DANE TLSA.
    Tlsa,
    /// No policy was found.
    NoPolicyFound,
    /// Anything else, as sent.
    Other(String),
}

/// One element of `policies`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsPolicyResult {
    /// `policy-type`; `None` when absent.
    pub policy_type: Option<PolicyType>,
    /// `policy-string` lines.
    pub policy_string: Vec<String>,
    /// `policy-domain`.
    pub policy_domain: Option<String>,
    /// `mx-host` patterns.
    pub mx_host: Vec<String>,
    /// `summary.total-successful-session-count`.
    pub total_successful_session_count: Option<u64>,
    /// `summary.total-failure-session-count`.
    pub total_failure_session_count: Option<u64>,
    /// `failure-details`.
    pub failure_details: Vec<TlsFailureDetail>,
}

/// One element of `failure-details`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsFailureDetail {
    /// `result-type` (such as `certificate-expired`, `validation-failure`).
    pub result_type: Option<String>,
    /// `sending-mta-ip`.
    pub sending_mta_ip: Option<String>,
    /// `receiving-mx-hostname`.
    pub receiving_mx_hostname: Option<String>,
    /// `receiving-mx-helo`.
    pub receiving_mx_helo: Option<String>,
    /// `receiving-ip`.
    pub receiving_ip: Option<String>,
    /// `failed-session-count`.
    pub failed_session_count: Option<u64>,
    /// `additional-information`.
    pub additional_information: Option<String>,
    /// `failure-reason-code`.
    pub failure_reason_code: Option<String>,
}

impl TlsReport {
    /// Sum of `total-successful-session-count` over the policies.
    pub fn total_successful_sessions(&self) -> u64 {
        self.policies
            .iter()
            .filter_map(|p| p.total_successful_session_count)
            .fold(0u64, u64::saturating_add)
    }

    /// Sum of `total-failure-session-count` over the policies.
    pub fn total_failure_sessions(&self) -> u64 {
        self.policies
            .iter()
            .filter_map(|p| p.total_failure_session_count)
            .fold(0u64, u64::saturating_add)
    }
}

/// True when a JSON value looks like an RFC 8460 report (an object with
/// `policies` or `organization-name` and `report-id`).
pub fn looks_like_tls(value: &Value) -> bool {
    match value.as_object() {
        Some(obj) => {
            obj.contains_key("policies")
                || (obj.contains_key("organization-name") && obj.contains_key("report-id"))
        }
        None => false,
    }
}

/// Reads a TLS report from a JSON value that [`looks_like_tls`]; returns the
/// report and the notes on what was repaired.
pub fn parse_tls_value(value: &Value) -> (TlsReport, Vec<Note>) {
    let mut notes = Vec::new();
    let empty = Map::new();
    let obj = value.as_object().unwrap_or(&empty);
    let date = obj
        .get("date-range")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let contact_info = string(obj.get("contact-info"));
    match obj.get("contact-info") {
        None => notes.push(Note::new(NoteCode::Missing("contact-info".into()), "")),
        Some(_) if contact_info.as_deref() == Some("") => {
            notes.push(Note::new(NoteCode::Empty("contact-info".into()), ""))
        }
        _ => {}
    }
    let policies = obj
        .get("policies")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .enumerate()
                .map(|(i, p)| policy(i, p, &mut notes))
                .collect()
        })
        .unwrap_or_default();
    let report = TlsReport {
        organization_name: string(obj.get("organization-name")),
        date_range: TlsDateRange {
            start_datetime: string(date.get("start-datetime")),
            end_datetime: string(date.get("end-datetime")),
        },
        contact_info,
        report_id: string(obj.get("report-id")),
        policies,
    };
    (report, notes)
}

fn policy(i: usize, value: &Value, notes: &mut Vec<Note>) -> TlsPolicyResult {
    let empty = Map::new();
    let obj = value.as_object().unwrap_or(&empty);
    let pol = obj
        .get("policy")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let summary = obj
        .get("summary")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let policy_type = string(pol.get("policy-type")).map(|raw| {
        let lower = raw.to_ascii_lowercase();
        if lower != raw {
            notes
                .push(Note::new(NoteCode::NonLowercasePolicyType, format!("{raw:?}")).in_policy(i));
        }
        match lower.as_str() {
            "sts" => PolicyType::Sts,
            "tlsa" => PolicyType::Tlsa,
            "no-policy-found" => PolicyType::NoPolicyFound,
            _ => {
                notes.push(Note::new(NoteCode::InvalidPolicyType, format!("{raw:?}")).in_policy(i));
                PolicyType::Other(raw)
            }
        }
    });
    let policy_domain = string(pol.get("policy-domain"));
    if policy_domain.is_none() {
        notes.push(Note::new(NoteCode::Missing("policy-domain".into()), "").in_policy(i));
    }
    let mut count = |key: &str| -> Option<u64> {
        let (n, quirk) = number(summary.get(key));
        if let Some(quirk) = quirk {
            notes.push(Note::new(quirk(key.to_owned().into()), "").in_policy(i));
        }
        n
    };
    let total_successful_session_count = count("total-successful-session-count");
    let total_failure_session_count = count("total-failure-session-count");
    let failure_details = obj
        .get("failure-details")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(detail).collect())
        .unwrap_or_default();
    TlsPolicyResult {
        policy_type,
        policy_string: strings(pol.get("policy-string")),
        policy_domain,
        mx_host: strings(pol.get("mx-host")),
        total_successful_session_count,
        total_failure_session_count,
        failure_details,
    }
}

fn detail(value: &Value) -> TlsFailureDetail {
    let empty = Map::new();
    let obj = value.as_object().unwrap_or(&empty);
    TlsFailureDetail {
        result_type: string(obj.get("result-type")),
        sending_mta_ip: string(obj.get("sending-mta-ip")),
        receiving_mx_hostname: string(obj.get("receiving-mx-hostname")),
        receiving_mx_helo: string(obj.get("receiving-mx-helo")),
        receiving_ip: string(obj.get("receiving-ip")),
        failed_session_count: number(obj.get("failed-session-count")).0,
        additional_information: string(obj.get("additional-information")),
        failure_reason_code: string(obj.get("failure-reason-code")),
    }
}

/// A string value, trimmed; numbers and booleans as their text.
fn string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings; a single string counts as a list of one.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(list)) => list.iter().filter_map(|v| string(Some(v))).collect(),
        Some(v) => string(Some(v)).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A note family for a count: [`NoteCode::CountIsString`] or
/// [`NoteCode::BadOrMissing`], given the key.
type CountQuirk = fn(Subject) -> NoteCode;

/// A count: a JSON integer, or a string holding one (noted as
/// `count_is_string`); anything else is `None` (noted as `bad_or_missing`).
fn number(value: Option<&Value>) -> (Option<u64>, Option<CountQuirk>) {
    match value {
        Some(Value::Number(n)) => match n.as_u64() {
            Some(n) => (Some(n), None),
            None => (None, Some(NoteCode::BadOrMissing)),
        },
        Some(Value::String(s)) => match s.trim().parse::<u64>() {
            Ok(n) => (Some(n), Some(NoteCode::CountIsString)),
            Err(_) => (None, Some(NoteCode::BadOrMissing)),
        },
        _ => (None, Some(NoteCode::BadOrMissing)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc8460_example_is_read() {
        let json: Value = serde_json::json!({
            "organization-name": "Company-X",
            "date-range": {"start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z"},
            "contact-info": "sts-reporting@company-x.example",
            "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
            "policies": [{
                "policy": {"policy-type": "sts", "policy-string": ["version: STSv1"], "policy-domain": "company-y.example", "mx-host": ["*.mail.company-y.example"]},
                "summary": {"total-successful-session-count": 5326, "total-failure-session-count": "303"},
                "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:0012::1", "failed-session-count": 100}]
            }]
        });
        assert!(looks_like_tls(&json));
        let (report, notes) = parse_tls_value(&json);
        assert_eq!(report.policies[0].policy_type, Some(PolicyType::Sts));
        assert_eq!(report.total_successful_sessions(), 5326);
        assert_eq!(report.total_failure_sessions(), 303);
        assert_eq!(
            report.policies[0].failure_details[0].failed_session_count,
            Some(100)
        );
        assert_eq!(
            (&notes[0].code, notes[0].policy),
            (
                &NoteCode::CountIsString("total-failure-session-count".into()),
                Some(0)
            )
        );
    }
}
