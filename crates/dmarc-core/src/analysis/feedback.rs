//! The other tables of the dashboard: the policy each reporter saw over
//! time, failure reports, and SMTP TLS results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::iso_date;
use super::filter::{Compiled, Filter, Outcome, SourceFilter};
use super::index::Index;
use super::sources::rate;
use crate::report::aggregate::PolicyPublished;
use crate::report::tls::PolicyType;

/// A run of reports from one reporter for one domain that saw the same
/// published policy. A new run for the same reporter means the record changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyRow {
    /// The policy domain.
    pub domain: String,
    /// The reporter.
    pub reporter: String,
    /// The policy as tags, `p=none; sp=none; adkim=r; aspf=r; pct=100`
    /// (only those the report gave).
    pub record: String,
    /// `p`.
    pub p: Option<String>,
    /// `sp`.
    pub sp: Option<String>,
    /// `np`.
    pub np: Option<String>,
    /// `adkim`.
    pub adkim: Option<String>,
    /// `aspf`.
    pub aspf: Option<String>,
    /// `pct`.
    pub pct: Option<u32>,
    /// `fo`.
    pub fo: Option<String>,
    /// `testing` (`t`).
    pub testing: Option<String>,
    /// First report of the run (`YYYY-MM-DD`).
    pub first_date: Option<String>,
    /// Last report of the run.
    pub last_date: Option<String>,
    /// Reports in the run.
    pub reports: u64,
    /// Whether this reporter saw another policy for this domain before.
    pub changed: bool,
}

/// The published policy as tags.
pub fn policy_text(p: &PolicyPublished) -> String {
    let tags: [(&str, Option<String>); 9] = [
        ("p", p.p.as_ref().map(ToString::to_string)),
        ("sp", p.sp.as_ref().map(ToString::to_string)),
        ("np", p.np.as_ref().map(ToString::to_string)),
        ("adkim", p.adkim.as_ref().map(ToString::to_string)),
        ("aspf", p.aspf.as_ref().map(ToString::to_string)),
        ("pct", p.pct.map(|v| v.to_string())),
        ("fo", p.fo.clone()),
        ("t", p.testing.as_ref().map(ToString::to_string)),
        (
            "discovery",
            p.discovery_method.as_ref().map(ToString::to_string),
        ),
    ];
    tags.iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn policies(index: &Index, compiled: &Compiled) -> Vec<PolicyRow> {
    let mut reports: Vec<&super::index::ReportInfo> = index
        .reports
        .iter()
        .filter(|r| compiled.report_matches(r))
        .collect();
    reports.sort_by_key(|r| (r.domain, r.reporter, r.day));
    let mut rows: Vec<PolicyRow> = Vec::new();
    let mut last: Option<(u32, u32, &PolicyPublished)> = None;
    for r in reports {
        let text = |v: Option<&dyn ToString>| v.map(|v| v.to_string());
        let same_pair = last.is_some_and(|(d, rep, _)| d == r.domain && rep == r.reporter);
        let same_policy = same_pair && last.is_some_and(|(_, _, p)| *p == r.policy);
        if same_policy {
            if let Some(row) = rows.last_mut() {
                row.reports += 1;
                if r.end_day.is_some() {
                    row.last_date = r.end_day.map(iso_date);
                }
            }
        } else {
            let p = &r.policy;
            rows.push(PolicyRow {
                domain: index.domains.value(r.domain).cloned().unwrap_or_default(),
                reporter: index
                    .reporters
                    .value(r.reporter)
                    .cloned()
                    .unwrap_or_default(),
                record: policy_text(p),
                p: text(p.p.as_ref().map(|v| v as &dyn ToString)),
                sp: text(p.sp.as_ref().map(|v| v as &dyn ToString)),
                np: text(p.np.as_ref().map(|v| v as &dyn ToString)),
                adkim: text(p.adkim.as_ref().map(|v| v as &dyn ToString)),
                aspf: text(p.aspf.as_ref().map(|v| v as &dyn ToString)),
                pct: p.pct,
                fo: p.fo.clone(),
                testing: text(p.testing.as_ref().map(|v| v as &dyn ToString)),
                first_date: r.day.map(iso_date),
                last_date: r.end_day.map(iso_date),
                reports: 1,
                changed: same_pair,
            });
        }
        last = Some((r.domain, r.reporter, &r.policy));
    }
    rows
}

/// One failure report. Plain fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureRow {
    /// Index in [`Index::failures`], for the full report.
    pub id: usize,
    /// The file it came from.
    pub file: String,
    /// `Reported-Domain`.
    pub domain: String,
    /// `Arrival-Date` (or the historic `Received-Date`) as sent.
    pub arrival_date: Option<String>,
    /// Its day, `YYYY-MM-DD`, when readable.
    pub date: Option<String>,
    /// `Source-IP`.
    pub source_ip: Option<String>,
    /// `Auth-Failure` values, comma-separated.
    pub auth_failure: String,
    /// `Original-Mail-From`.
    pub original_mail_from: Option<String>,
    /// `Original-Rcpt-To`.
    pub original_rcpt_to: Option<String>,
    /// `From` of the original message.
    pub from: Option<String>,
    /// `Subject` of the original message.
    pub subject: Option<String>,
    /// `DKIM-Domain`.
    pub dkim_domain: Option<String>,
    /// `DKIM-Selector`.
    pub dkim_selector: Option<String>,
    /// `Delivery-Result`.
    pub delivery_result: Option<String>,
    /// `Identity-Alignment`.
    pub identity_alignment: Option<String>,
    /// `User-Agent` of the reporter.
    pub user_agent: Option<String>,
}

fn has(hay: Option<&String>, needle: &str) -> bool {
    hay.is_some_and(|h| h.to_lowercase().contains(needle))
}

pub(crate) fn failures(index: &Index, filter: &Filter) -> Vec<FailureRow> {
    if filter.outcome == Outcome::Pass || matches!(filter.source, Some(SourceFilter::Service(_))) {
        return Vec::new();
    }
    let domain = filter.domain.as_deref().map(|d| d.trim().to_lowercase());
    let needle = filter.needle();
    index
        .failures
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            let r = &f.report;
            domain.as_ref().is_none_or(|d| *d == f.domain)
                && filter.day_in(f.day)
                && match &filter.source {
                    Some(SourceFilter::Ip(ip)) => {
                        r.source_ip.as_deref().map(str::trim) == Some(ip.trim())
                    }
                    _ => true,
                }
                && needle.as_deref().is_none_or(|n| {
                    has(r.source_ip.as_ref(), n)
                        || f.domain.contains(n)
                        || has(r.original_mail_from.as_ref(), n)
                        || has(r.dkim_domain.as_ref(), n)
                        || has(r.original.as_ref().and_then(|o| o.from.as_ref()), n)
                })
        })
        .map(|(id, f)| {
            let r = &f.report;
            let original = r.original.as_ref();
            FailureRow {
                id,
                file: f.file.clone(),
                domain: f.domain.clone(),
                arrival_date: r.arrival().map(str::to_owned),
                date: f.day.map(iso_date),
                source_ip: r.source_ip.clone(),
                auth_failure: r.auth_failure.join(", "),
                original_mail_from: r.original_mail_from.clone(),
                original_rcpt_to: r.original_rcpt_to.clone(),
                from: original.and_then(|o| o.from.clone()),
                subject: original.and_then(|o| o.subject.clone()),
                dkim_domain: r.dkim_domain.clone(),
                dkim_selector: r.dkim_selector.clone(),
                delivery_result: r.delivery_result.clone(),
                identity_alignment: r.identity_alignment.clone(),
                user_agent: r.user_agent.clone(),
            }
        })
        .collect()
}

/// Failed sessions of one result type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsFailureType {
    /// `result-type` (`certificate-expired`, `sts-policy-invalid`…).
    pub result_type: String,
    /// Failed sessions.
    pub sessions: u64,
}

/// SMTP TLS results for one policy domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TlsDomainSummary {
    /// `policy-domain`.
    pub domain: String,
    /// Policy types met (`sts`, `tlsa`, `no-policy-found`).
    pub policy_types: Vec<String>,
    /// Reports.
    pub reports: u64,
    /// Reporters.
    pub reporters: Vec<String>,
    /// Successful sessions.
    pub successful: u64,
    /// Failed sessions.
    pub failed: u64,
    /// Share of sessions that failed.
    pub failure_rate: Option<f64>,
    /// Failure types, most sessions first.
    pub failure_types: Vec<TlsFailureType>,
    /// MX hosts named by the policies and the failure details.
    pub mx_hosts: Vec<String>,
    /// First day covered.
    pub first_date: Option<String>,
    /// Last day covered.
    pub last_date: Option<String>,
}

/// A domain's summary, its failure types and its first and last days.
type TlsAcc = (
    TlsDomainSummary,
    BTreeMap<String, u64>,
    Option<i32>,
    Option<i32>,
);

pub(crate) fn tls(index: &Index, filter: &Filter) -> Vec<TlsDomainSummary> {
    let domain = filter.domain.as_deref().map(|d| d.trim().to_lowercase());
    let mut by_domain: BTreeMap<&str, TlsAcc> = BTreeMap::new();
    for t in &index.tls {
        if domain.as_ref().is_some_and(|d| *d != t.domain)
            || !filter.day_in(t.day)
            || filter
                .reporter
                .as_ref()
                .is_some_and(|r| t.organization_name.as_ref() != Some(r))
        {
            continue;
        }
        let (s, types, first, last) = by_domain.entry(&t.domain).or_insert_with(|| {
            (
                TlsDomainSummary {
                    domain: t.domain.clone(),
                    policy_types: Vec::new(),
                    reports: 0,
                    reporters: Vec::new(),
                    successful: 0,
                    failed: 0,
                    failure_rate: None,
                    failure_types: Vec::new(),
                    mx_hosts: Vec::new(),
                    first_date: None,
                    last_date: None,
                },
                BTreeMap::new(),
                None,
                None,
            )
        });
        let p = &t.policy;
        s.reports += 1;
        s.reporters.extend(t.organization_name.clone());
        s.successful += p.total_successful_session_count.unwrap_or(0);
        s.failed += p.total_failure_session_count.unwrap_or(0);
        s.policy_types
            .extend(p.policy_type.as_ref().map(|k| match k {
                PolicyType::Sts => "sts".to_owned(),
                PolicyType::Tlsa => "tlsa".to_owned(),
                PolicyType::NoPolicyFound => "no-policy-found".to_owned(),
                PolicyType::Other(o) => o.clone(),
            }));
        s.mx_hosts.extend(p.mx_host.iter().cloned());
        for d in &p.failure_details {
            s.mx_hosts.extend(d.receiving_mx_hostname.clone());
            *types
                .entry(d.result_type.clone().unwrap_or_default())
                .or_default() += d.failed_session_count.unwrap_or(0);
        }
        if let Some(day) = t.day {
            *first = Some(first.map_or(day, |f: i32| f.min(day)));
        }
        if let Some(day) = t.end_day.or(t.day) {
            *last = Some(last.map_or(day, |l: i32| l.max(day)));
        }
    }
    by_domain
        .into_values()
        .map(|(mut s, types, first, last)| {
            for list in [&mut s.policy_types, &mut s.reporters, &mut s.mx_hosts] {
                list.sort_unstable();
                list.dedup();
            }
            s.failure_rate = rate(s.failed, s.failed + s.successful);
            s.failure_types = types
                .into_iter()
                .map(|(result_type, sessions)| TlsFailureType {
                    result_type,
                    sessions,
                })
                .collect();
            s.failure_types
                .sort_by_key(|t| std::cmp::Reverse(t.sessions));
            s.first_date = first.map(iso_date);
            s.last_date = last.map(iso_date);
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::aggregate::{Alignment, Policy};
    use crate::report::failure::parse_feedback_report;
    use crate::report::tls::parse_tls_value;
    use crate::report::Report;

    #[test]
    fn policy_texts() {
        let cases = [
            (PolicyPublished::default(), ""),
            (
                PolicyPublished {
                    p: Some(Policy::Reject),
                    sp: Some(Policy::None),
                    adkim: Some(Alignment::Strict),
                    pct: Some(50),
                    ..PolicyPublished::default()
                },
                "p=reject; sp=none; adkim=s; pct=50",
            ),
        ];
        for (policy, want) in cases {
            assert_eq!(policy_text(&policy), want);
        }
    }

    fn index() -> Index {
        let arf = "Feedback-Type: auth-failure\nUser-Agent: Receiver/1.0\nVersion: 1\n\
                   Auth-Failure: dmarc\nSource-IP: 192.0.2.7\nReported-Domain: Example.com\n\
                   Arrival-Date: Thu, 8 Mar 2024 14:00:00 +0000\nOriginal-Mail-From: <a@spoof.test>\n";
        let (failure, _) = parse_feedback_report(arf, None, None, None).unwrap();
        let tls = serde_json::json!({
            "organization-name": "Google Inc.", "report-id": "t1",
            "date-range": {"start-datetime": "2024-03-08T00:00:00Z", "end-datetime": "2024-03-08T23:59:59Z"},
            "policies": [{
                "policy": {"policy-type": "sts", "policy-domain": "example.com", "mx-host": ["mx1.example.com"]},
                "summary": {"total-successful-session-count": 90, "total-failure-session-count": 10},
                "failure-details": [
                    {"result-type": "certificate-expired", "receiving-mx-hostname": "mx2.example.com", "failed-session-count": 7},
                    {"result-type": "starttls-not-supported", "failed-session-count": 3}
                ]
            }]
        });
        let (tls, _) = parse_tls_value(&tls);
        let mut index = Index::new();
        index.add("f.eml", &Report::Failure(failure));
        index.add("t.json", &Report::Tls(tls));
        index
    }

    #[test]
    fn failure_reports_follow_the_filter() {
        let index = index();
        let cases = [
            ("", 1),
            ("domain=EXAMPLE.com", 1),
            ("domain=other.example", 0),
            ("from=2024-03-08&to=2024-03-09", 1),
            ("from=2024-03-09", 0),
            ("outcome=pass", 0),
            ("ip=192.0.2.7", 1),
            ("q=spoof.test", 1),
            ("q=nowhere", 0),
        ];
        for (query, want) in cases {
            let rows = failures(&index, &Filter::from_query(query));
            assert_eq!(rows.len(), want, "{query}");
        }
        let row = &failures(&index, &Filter::default())[0];
        assert_eq!(
            (row.domain.as_str(), row.date.as_deref()),
            ("example.com", Some("2024-03-08"))
        );
    }

    #[test]
    fn tls_summaries_per_domain() {
        let index = index();
        let all = tls(&index, &Filter::default());
        assert_eq!(all.len(), 1);
        let s = &all[0];
        assert_eq!((s.successful, s.failed, s.reports), (90, 10, 1));
        assert_eq!(s.failure_rate, Some(0.1));
        assert_eq!(s.failure_types[0].result_type, "certificate-expired");
        assert_eq!(s.mx_hosts, ["mx1.example.com", "mx2.example.com"]);
        assert_eq!(s.policy_types, ["sts"]);
        assert!(tls(&index, &Filter::from_query("domain=other.example")).is_empty());
        assert!(tls(&index, &Filter::from_query("from=2024-04-01")).is_empty());
    }
}
