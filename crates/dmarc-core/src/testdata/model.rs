//! The one record model of the generators: the core's own types
//! ([`PolicyPublished`], [`PolicyEvaluated`], [`Identifiers`],
//! [`AuthResults`]…) with the source address kept as text, since
//! reporters write IPv6 in more forms than the canonical one
//! (`2001:db8:0::5`). Every shape builds these; [`super::xml`] writes them
//! and [`Report::into_aggregate`] gives the parsed form.

use std::net::{IpAddr, Ipv4Addr};

use crate::report::aggregate::{
    domains_aligned, AggregateReport, Alignment, AuthResults, DateRange, Disposition,
    DkimAuthResult, DkimResult, DmarcResult, Identifiers, IdentifiersTag, Policy, PolicyEvaluated,
    PolicyPublished, Reason, ReasonType, Record as CoreRecord, ReportMetadata, Row, SourceIp,
    SpfAuthResult, SpfResult, SpfScope,
};

/// What precedes the records: `<version>`, the metadata and the policy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Head {
    /// `<version>`.
    pub version: Option<String>,
    /// `<report_metadata>`.
    pub metadata: ReportMetadata,
    /// `<policy_published>`.
    pub policy: PolicyPublished,
}

/// One report: its head and its records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Version, metadata and policy.
    pub head: Head,
    /// The records, in order.
    pub records: Vec<Record>,
}

/// One `<record>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// `<source_ip>`.
    pub source_ip: Source,
    /// `<count>`.
    pub count: u64,
    /// `<policy_evaluated>`.
    pub evaluated: PolicyEvaluated,
    /// `<identifiers>`.
    pub identifiers: Identifiers,
    /// `<auth_results>`.
    pub auth_results: AuthResults,
}

/// A record's source: an address (written in its canonical form) or the
/// text as a reporter writes it (`2001:db8:0::5`; not always an address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// An address.
    Address(IpAddr),
    /// Text, written as it is.
    Written(String),
}

impl Default for Source {
    fn default() -> Self {
        Source::Written(String::new())
    }
}

impl From<String> for Source {
    fn from(text: String) -> Self {
        Source::Written(text)
    }
}

impl From<Ipv4Addr> for Source {
    fn from(ip: Ipv4Addr) -> Self {
        Source::Address(IpAddr::V4(ip))
    }
}

impl Head {
    /// A head of version 1.0: the reporter, its report id, the period and
    /// the policy.
    pub fn new(reporter: &Reporter, report_id: String, begin: i64, end: i64) -> Self {
        Head {
            version: Some("1.0".to_owned()),
            metadata: ReportMetadata {
                org_name: Some(reporter.org.to_owned()),
                email: Some(reporter.email.to_owned()),
                extra_contact_info: reporter.extra.map(str::to_owned),
                report_id: Some(report_id),
                date_range: Some(DateRange {
                    begin: Some(begin),
                    end: Some(end),
                }),
                ..ReportMetadata::default()
            },
            policy: PolicyPublished::default(),
        }
    }
}

/// Who sends a report: the organisation, its address, and more contact
/// information when it gives some.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reporter {
    /// `<org_name>`.
    pub org: &'static str,
    /// `<email>`.
    pub email: &'static str,
    /// `<extra_contact_info>`.
    pub extra: Option<&'static str>,
}

impl Reporter {
    /// A reporter.
    pub const fn new(org: &'static str, email: &'static str, extra: Option<&'static str>) -> Self {
        Reporter { org, email, extra }
    }
}

/// A relaxed policy (`adkim=r`, `aspf=r`, `pct=100`) for `domain` with `p`
/// and, when given, `sp`.
pub fn policy(domain: &str, p: Policy, sp: Option<Policy>) -> PolicyPublished {
    PolicyPublished {
        domain: Some(domain.to_owned()),
        adkim: Some(Alignment::Relaxed),
        aspf: Some(Alignment::Relaxed),
        p: Some(p),
        sp,
        pct: Some(100),
        ..PolicyPublished::default()
    }
}

/// A DKIM result.
pub fn dkim(domain: &str, selector: &str, result: DkimResult) -> DkimAuthResult {
    DkimAuthResult {
        domain: Some(domain.into()),
        selector: Some(selector.into()),
        result: Some(result),
        human_result: None,
    }
}

/// An SPF result for the MAIL FROM domain.
pub fn spf(domain: &str, result: SpfResult) -> SpfAuthResult {
    SpfAuthResult {
        domain: Some(domain.into()),
        scope: Some(SpfScope::Mfrom),
        result: Some(result),
        human_result: None,
    }
}

/// `pass` or `fail`.
pub fn dmarc(ok: bool) -> DmarcResult {
    if ok {
        DmarcResult::Pass
    } else {
        DmarcResult::Fail
    }
}

/// Whether DKIM and SPF pass aligned with the author domain `header_from`
/// (relaxed), by the core's own rule ([`domains_aligned`]).
pub fn evaluate(auth: &AuthResults, header_from: &str) -> (bool, bool) {
    // The same name aligns, and names under different top-level domains
    // cannot share an organisational domain: only the others need the
    // Public Suffix List.
    fn top(name: &str) -> &str {
        name.trim_end_matches('.').rsplit('.').next().unwrap_or("")
    }
    let header_top = top(header_from);
    let aligned = |domain: Option<&str>| {
        domain.is_some_and(|d| {
            (d == header_from && !top(d).is_empty())
                || (top(d).eq_ignore_ascii_case(header_top)
                    && domains_aligned(header_from, d, None))
        })
    };
    let dkim = auth.dkim.iter().any(|d| {
        d.result.as_ref().is_some_and(DkimResult::is_pass) && aligned(d.domain.as_deref())
    });
    let spf = auth
        .spf
        .iter()
        .any(|s| s.result.as_ref().is_some_and(SpfResult::is_pass) && aligned(s.domain.as_deref()));
    (dkim, spf)
}

impl Record {
    /// `count` messages from `source_ip` with `header_from` and
    /// `envelope_from`: their DMARC results aligned with `header_from`
    /// ([`evaluate`]), disposition `none`, no override reason.
    pub fn new(
        source_ip: impl Into<Source>,
        count: u64,
        header_from: &str,
        envelope_from: String,
        auth_results: AuthResults,
    ) -> Self {
        let (dkim_ok, spf_ok) = evaluate(&auth_results, header_from);
        Record {
            source_ip: source_ip.into(),
            count,
            evaluated: PolicyEvaluated {
                disposition: Some(Disposition::None),
                dkim: Some(dmarc(dkim_ok)),
                spf: Some(dmarc(spf_ok)),
                reasons: Vec::new(),
            },
            identifiers: Identifiers {
                header_from: Some(header_from.into()),
                envelope_from: Some(envelope_from.into()),
                envelope_to: None,
            },
            auth_results,
        }
    }

    /// Whether DKIM or SPF passes aligned.
    pub fn passes(&self) -> bool {
        let pass = Some(DmarcResult::Pass);
        self.evaluated.dkim == pass || self.evaluated.spf == pass
    }

    /// Sets the disposition a receiver applies under `p`: `none` when the
    /// mail passes, else what `p` asks for.
    pub fn apply(&mut self, p: &Policy) {
        let disposition = match p {
            _ if self.passes() => Disposition::None,
            Policy::Quarantine => Disposition::Quarantine,
            Policy::Reject => Disposition::Reject,
            _ => Disposition::None,
        };
        self.evaluated.disposition = Some(disposition);
    }

    /// Adds the override reason `forwarded`, with `comment`.
    pub fn forwarded(&mut self, comment: Option<&str>) {
        self.evaluated.reasons.push(Reason {
            kind: Some(ReasonType::Forwarded),
            comment: comment.map(str::to_owned),
        });
    }

    /// The record as the parser gives it.
    pub fn into_core(self) -> CoreRecord {
        CoreRecord {
            row: Row {
                source_ip: Some(match self.source_ip {
                    Source::Address(ip) => SourceIp::Valid(ip),
                    Source::Written(text) => SourceIp::parse(&text),
                }),
                count: Some(self.count),
                policy_evaluated: self.evaluated,
            },
            identifiers: self.identifiers,
            identifiers_tag: Some(IdentifiersTag::Identifiers),
            auth_results: self.auth_results,
            extensions: Vec::new(),
        }
    }

    /// A parsed record as the writer takes it (the address in its
    /// canonical form).
    pub fn from_core(record: &CoreRecord) -> Self {
        Record {
            source_ip: match &record.row.source_ip {
                Some(SourceIp::Valid(ip)) => Source::Address(*ip),
                Some(SourceIp::Invalid(text)) => Source::Written(text.clone()),
                None => Source::default(),
            },
            count: record.row.count.unwrap_or_default(),
            evaluated: record.row.policy_evaluated.clone(),
            identifiers: record.identifiers.clone(),
            auth_results: record.auth_results.clone(),
        }
    }
}

impl Report {
    /// The report as the parser gives it.
    pub fn into_aggregate(self) -> AggregateReport {
        AggregateReport {
            version: self.head.version,
            namespace: None,
            report_metadata: self.head.metadata,
            policy_published: self.head.policy,
            extensions: Vec::new(),
            records: self.records.into_iter().map(Record::into_core).collect(),
        }
    }

    /// A parsed report as the writer takes it.
    pub fn from_aggregate(report: &AggregateReport) -> Self {
        Report {
            head: Head {
                version: report.version.clone(),
                metadata: report.report_metadata.clone(),
                policy: report.policy_published.clone(),
            },
            records: report.records.iter().map(Record::from_core).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generators' evaluation agrees with the core's, shortcuts and all.
    #[test]
    fn evaluation_is_the_cores() {
        let names = [
            "example.com",
            "mail.example.com",
            "MAIL.Example.COM.",
            "example.net",
            "amazonses.com",
            "eu-west-1.amazonses.com",
            "shop.example.co.uk",
            "example.co.uk",
            "co.uk",
            "",
            ".",
        ];
        for header in names {
            for name in names {
                for pass in [true, false] {
                    let auth = AuthResults {
                        dkim: vec![dkim(
                            name,
                            "s",
                            DkimResult::from(if pass { "pass" } else { "fail" }),
                        )],
                        spf: vec![spf(
                            name,
                            if pass {
                                SpfResult::Pass
                            } else {
                                SpfResult::Fail
                            },
                        )],
                    };
                    let record =
                        Record::new(Source::default(), 1, header, String::new(), auth).into_core();
                    let core = (record.dkim_aligned(None), record.spf_aligned(None));
                    let want = pass && domains_aligned(header, name, None);
                    assert_eq!(core, (want, want), "{header} {name}");
                    let ours = evaluate(&record.auth_results, header);
                    assert_eq!(ours, core, "{header} / {name} / {pass}");
                }
            }
        }
    }
}
