//! A deterministic generator of realistic aggregate reports, for benchmarks,
//! tests and demos: several reporters (mailbox providers and a company
//! gateway), three policy domains over a year, and the senders a domain
//! owner meets — their own servers, Google Workspace, Amazon SES without a
//! custom MAIL FROM, SendGrid with its own bounce domain, an unconfigured
//! Mailchimp, forwarding, and spoofing from many addresses. One policy
//! changes from `none` to `quarantine` half-way. Same seed, same reports.
//!
//! ```
//! use dmarc_core::testdata::synthetic::Synthetic;
//!
//! let reports: Vec<_> = Synthetic::new(7).records(1_000).collect();
//! assert_eq!(reports.iter().map(|r| r.records.len()).sum::<usize>(), 1_000);
//! ```

use std::net::{IpAddr, Ipv4Addr};

use crate::report::aggregate::{
    AggregateReport, Alignment, AuthResults, DateRange, Disposition, DkimAuthResult, DkimResult,
    DmarcResult, Identifiers, IdentifiersTag, Policy, PolicyEvaluated, PolicyPublished, Reason,
    ReasonType, Record, ReportMetadata, Row, SourceIp, SpfAuthResult, SpfResult, SpfScope,
};

/// The generator's settings; an iterator of reports.
#[derive(Clone, Debug)]
pub struct Synthetic {
    state: u64,
    /// Records still to generate.
    remaining: usize,
    /// Records per report (the last report may hold fewer).
    pub records_per_report: usize,
    /// First day (days since 1970-01-01).
    pub first_day: i32,
    /// Days covered.
    pub days: i32,
    /// Policy domains; the first one's policy changes half-way.
    pub domains: Vec<String>,
    serial: u64,
}

/// Reporters: name, contact domain.
const REPORTERS: [(&str, &str); 6] = [
    ("google.com", "google.com"),
    ("Yahoo", "yahooinc.com"),
    ("Outlook.com", "microsoft.com"),
    ("Mail.Ru", "corp.mail.ru"),
    ("Fastmail Pty Ltd", "fastmail.com"),
    ("Example Partner Gateway", "partner.example.org"),
];

/// Policy domains.
pub const DOMAINS: [&str; 3] = ["example.com", "example.co.jp", "shop.example.net"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sender {
    Own,
    Google,
    SesDefault,
    SendGrid,
    Mailchimp,
    Forwarder,
    Spoofer,
}

/// Sender weights, out of 100.
const SENDERS: [(Sender, u64); 7] = [
    (Sender::Own, 14),
    (Sender::Google, 22),
    (Sender::SesDefault, 18),
    (Sender::SendGrid, 10),
    (Sender::Mailchimp, 4),
    (Sender::Forwarder, 12),
    (Sender::Spoofer, 20),
];

impl Synthetic {
    /// A generator seeded with `seed`, 200 records per report, over 2025.
    pub fn new(seed: u64) -> Self {
        Synthetic {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            remaining: 0,
            records_per_report: 200,
            first_day: 20_089,
            days: 365,
            domains: DOMAINS.iter().map(|d| (*d).to_owned()).collect(),
            serial: 0,
        }
    }

    /// Generates `n` records in total.
    pub fn records(mut self, n: usize) -> Self {
        self.remaining = n;
        self
    }

    /// Sets the policy domains (at least one is kept).
    pub fn domains(mut self, domains: &[&str]) -> Self {
        if !domains.is_empty() {
            self.domains = domains.iter().map(|d| (*d).to_owned()).collect();
        }
        self
    }

    /// Sets the first day (days since 1970-01-01) and the days covered.
    pub fn period(mut self, first_day: i32, days: i32) -> Self {
        self.first_day = first_day;
        self.days = days.max(1);
        self
    }

    /// Sets the records per report.
    pub fn per_report(mut self, n: usize) -> Self {
        self.records_per_report = n.max(1);
        self
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied()
    }

    fn sender(&mut self) -> Sender {
        let mut roll = self.below(100);
        for (sender, weight) in SENDERS {
            if roll < weight {
                return sender;
            }
            roll -= weight;
        }
        Sender::Own
    }

    fn ip(&mut self, sender: Sender) -> IpAddr {
        let r = self.next_u64();
        let b = |shift: u32, n: u64| ((r >> shift) % n) as u8;
        let v4 = match sender {
            Sender::Own => Ipv4Addr::new(192, 0, 2, 10 + b(0, 8)),
            Sender::Google => Ipv4Addr::new(209, 85, 220 + b(0, 4), b(8, 64)),
            Sender::SesDefault => Ipv4Addr::new(54, 240, b(0, 32), b(8, 128)),
            Sender::SendGrid => Ipv4Addr::new(167, 89, b(0, 8), b(8, 16)),
            Sender::Mailchimp => Ipv4Addr::new(198, 2, 128 + b(0, 4), b(8, 8)),
            Sender::Forwarder => Ipv4Addr::new(203, 0, 113, b(0, 250)),
            Sender::Spoofer => Ipv4Addr::new(
                [45, 91, 103, 185, 193][(r % 5) as usize],
                b(8, 256),
                b(16, 256),
                b(24, 256),
            ),
        };
        IpAddr::V4(v4)
    }

    fn record(&mut self, domain: &str, mailbox: bool, quarantine: bool) -> Record {
        let sender = self.sender();
        let ip = self.ip(sender);
        let count = match sender {
            Sender::Google | Sender::SesDefault | Sender::Mailchimp => 1 + self.below(400),
            Sender::Spoofer => 1 + self.below(3),
            _ => 1 + self.below(40),
        };
        let d = |domain: &str, selector: &str, result: DkimResult| DkimAuthResult {
            domain: Some(domain.to_owned()),
            selector: Some(selector.to_owned()),
            result: Some(result),
            human_result: None,
        };
        let s = |domain: &str, result: SpfResult| SpfAuthResult {
            domain: Some(domain.to_owned()),
            scope: Some(SpfScope::Mfrom),
            result: Some(result),
            human_result: None,
        };
        let bounce = |sub: &str| format!("{sub}.{domain}");
        let (envelope, dkim, spf) = match sender {
            Sender::Own => (
                domain.to_owned(),
                vec![d(domain, "mail", DkimResult::Pass)],
                vec![s(domain, SpfResult::Pass)],
            ),
            Sender::Google => (
                domain.to_owned(),
                vec![d(domain, "google", DkimResult::Pass)],
                vec![s(domain, SpfResult::Pass)],
            ),
            Sender::SesDefault => {
                let env = "eu-west-1.amazonses.com".to_owned();
                let dk = vec![
                    d(domain, "abcdefghijklmnop", DkimResult::Pass),
                    d(
                        "amazonses.com",
                        "ug7nbtf4gccmlpwj322ax3p6ow6yfsug",
                        DkimResult::Pass,
                    ),
                ];
                (env.clone(), dk, vec![s(&env, SpfResult::Pass)])
            }
            Sender::SendGrid => {
                let env = "em4821.sendgrid.net".to_owned();
                (
                    env.clone(),
                    vec![d(domain, "s1", DkimResult::Pass)],
                    vec![s(&env, SpfResult::Pass)],
                )
            }
            Sender::Mailchimp => {
                let env = "mail21.atl11.rsgsv.net".to_owned();
                (
                    env.clone(),
                    vec![d("mcsv.net", "k2", DkimResult::Pass)],
                    vec![s(&env, SpfResult::Pass)],
                )
            }
            Sender::Forwarder => {
                let broken = self.below(10) == 0;
                let dk = if broken {
                    DkimResult::Fail
                } else {
                    DkimResult::Pass
                };
                (
                    domain.to_owned(),
                    vec![d(domain, "mail", dk)],
                    vec![s(domain, SpfResult::Softfail)],
                )
            }
            Sender::Spoofer => {
                let dkim = if self.below(4) == 0 {
                    vec![d("spoof.example", "x", DkimResult::Fail)]
                } else {
                    Vec::new()
                };
                let result = if self.below(2) == 0 {
                    SpfResult::Fail
                } else {
                    SpfResult::None
                };
                (bounce("mail"), dkim, vec![s(&bounce("mail"), result)])
            }
        };
        let dkim_aligned = dkim.iter().any(|x| {
            x.result == Some(DkimResult::Pass)
                && x.domain.as_deref().is_some_and(|v| v.ends_with(domain))
        });
        let spf_aligned = spf.iter().any(|x| {
            x.result == Some(SpfResult::Pass)
                && x.domain.as_deref().is_some_and(|v| v.ends_with(domain))
        });
        let pass = dkim_aligned || spf_aligned;
        let disposition = match (pass, quarantine) {
            (true, _) | (false, false) => Disposition::None,
            (false, true) => Disposition::Quarantine,
        };
        let reasons = if sender == Sender::Forwarder && !mailbox {
            vec![Reason {
                kind: Some(ReasonType::Forwarded),
                comment: None,
            }]
        } else {
            Vec::new()
        };
        let result = |ok: bool| {
            Some(if ok {
                DmarcResult::Pass
            } else {
                DmarcResult::Fail
            })
        };
        Record {
            row: Row {
                source_ip: Some(SourceIp::Valid(ip)),
                count: Some(count),
                policy_evaluated: PolicyEvaluated {
                    disposition: Some(disposition),
                    dkim: result(dkim_aligned),
                    spf: result(spf_aligned),
                    reasons,
                },
            },
            identifiers: Identifiers {
                header_from: Some(domain.to_owned()),
                envelope_from: Some(envelope),
                envelope_to: None,
            },
            identifiers_tag: Some(IdentifiersTag::Identifiers),
            auth_results: AuthResults { dkim, spf },
            extensions: Vec::new(),
        }
    }
}

impl Iterator for Synthetic {
    type Item = AggregateReport;

    fn next(&mut self) -> Option<AggregateReport> {
        if self.remaining == 0 {
            return None;
        }
        let n = self.remaining.min(self.records_per_report);
        self.remaining -= n;
        self.serial += 1;
        let (org, contact) = self.pick(&REPORTERS)?;
        let at = self.below(self.domains.len() as u64) as usize;
        let domain = self.domains.get(at)?.clone();
        let domain = domain.as_str();
        let offset = self.below(self.days.max(1) as u64) as i32;
        let day = self.first_day + offset;
        let begin = i64::from(day) * 86_400;
        let quarantine = at == 0 && offset >= self.days / 2;
        let mailbox = !org.contains("Gateway");
        let records = (0..n)
            .map(|_| self.record(domain, mailbox, quarantine))
            .collect();
        Some(AggregateReport {
            version: Some("1.0".to_owned()),
            namespace: None,
            report_metadata: ReportMetadata {
                org_name: Some(org.to_owned()),
                email: Some(format!("noreply-dmarc@{contact}")),
                extra_contact_info: None,
                report_id: Some(format!(
                    "synthetic-{}-{}",
                    self.serial,
                    self.state % 1_000_000
                )),
                date_range: Some(DateRange {
                    begin: Some(begin),
                    end: Some(begin + 86_399),
                }),
                errors: Vec::new(),
                generator: None,
            },
            policy_published: PolicyPublished {
                domain: Some(domain.to_owned()),
                adkim: Some(Alignment::Relaxed),
                aspf: Some(Alignment::Relaxed),
                p: Some(if quarantine {
                    Policy::Quarantine
                } else {
                    Policy::None
                }),
                sp: None,
                pct: Some(100),
                ..PolicyPublished::default()
            },
            extensions: Vec::new(),
            records,
        })
    }
}

/// Writes an aggregate report as RFC 7489 XML (no namespace), for files to
/// drop in the app or feed to the parser in benchmarks. Writes the elements
/// this generator fills; absent values are left out.
pub fn to_xml(report: &AggregateReport) -> String {
    fn esc(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }
    fn el(out: &mut String, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            out.push_str(&format!("<{name}>{}</{name}>", esc(v)));
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n");
    el(&mut out, "version", report.version.as_deref());
    let m = &report.report_metadata;
    out.push_str("<report_metadata>");
    el(&mut out, "org_name", m.org_name.as_deref());
    el(&mut out, "email", m.email.as_deref());
    el(&mut out, "report_id", m.report_id.as_deref());
    if let Some(range) = &m.date_range {
        out.push_str("<date_range>");
        el(
            &mut out,
            "begin",
            range.begin.map(|v| v.to_string()).as_deref(),
        );
        el(&mut out, "end", range.end.map(|v| v.to_string()).as_deref());
        out.push_str("</date_range>");
    }
    out.push_str("</report_metadata>\n<policy_published>");
    let p = &report.policy_published;
    el(&mut out, "domain", p.domain.as_deref());
    el(&mut out, "adkim", p.adkim.as_ref().map(|v| v.as_str()));
    el(&mut out, "aspf", p.aspf.as_ref().map(|v| v.as_str()));
    el(&mut out, "p", p.p.as_ref().map(|v| v.as_str()));
    el(&mut out, "sp", p.sp.as_ref().map(|v| v.as_str()));
    el(&mut out, "pct", p.pct.map(|v| v.to_string()).as_deref());
    out.push_str("</policy_published>\n");
    for r in &report.records {
        let pe = &r.row.policy_evaluated;
        out.push_str("<record><row>");
        el(
            &mut out,
            "source_ip",
            r.row.source_ip.as_ref().map(|v| v.to_string()).as_deref(),
        );
        el(
            &mut out,
            "count",
            r.row.count.map(|v| v.to_string()).as_deref(),
        );
        out.push_str("<policy_evaluated>");
        el(
            &mut out,
            "disposition",
            pe.disposition.as_ref().map(|v| v.as_str()),
        );
        el(&mut out, "dkim", pe.dkim.as_ref().map(|v| v.as_str()));
        el(&mut out, "spf", pe.spf.as_ref().map(|v| v.as_str()));
        for reason in &pe.reasons {
            out.push_str("<reason>");
            el(&mut out, "type", reason.kind.as_ref().map(|v| v.as_str()));
            el(&mut out, "comment", reason.comment.as_deref());
            out.push_str("</reason>");
        }
        out.push_str("</policy_evaluated></row><identifiers>");
        el(
            &mut out,
            "header_from",
            r.identifiers.header_from.as_deref(),
        );
        el(
            &mut out,
            "envelope_from",
            r.identifiers.envelope_from.as_deref(),
        );
        el(
            &mut out,
            "envelope_to",
            r.identifiers.envelope_to.as_deref(),
        );
        out.push_str("</identifiers><auth_results>");
        for d in &r.auth_results.dkim {
            out.push_str("<dkim>");
            el(&mut out, "domain", d.domain.as_deref());
            el(&mut out, "selector", d.selector.as_deref());
            el(&mut out, "result", d.result.as_ref().map(|v| v.as_str()));
            out.push_str("</dkim>");
        }
        for s in &r.auth_results.spf {
            out.push_str("<spf>");
            el(&mut out, "domain", s.domain.as_deref());
            el(&mut out, "scope", s.scope.as_ref().map(|v| v.as_str()));
            el(&mut out, "result", s.result.as_ref().map(|v| v.as_str()));
            out.push_str("</spf>");
        }
        out.push_str("</auth_results></record>\n");
    }
    out.push_str("</feedback>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_reports() {
        let a: Vec<_> = Synthetic::new(1).records(450).collect();
        let b: Vec<_> = Synthetic::new(1).records(450).collect();
        assert_eq!(a, b);
        let sizes: Vec<usize> = a.iter().map(|r| r.records.len()).collect();
        assert_eq!(sizes, [200, 200, 50]);
        let c: Vec<_> = Synthetic::new(2).records(450).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn written_xml_parses_back_to_the_same_report() {
        use crate::report::aggregate::{parse_aggregate, XmlLimits};
        for report in Synthetic::new(5).records(300).per_report(100) {
            let xml = to_xml(&report);
            let parsed = parse_aggregate(xml.as_bytes(), &XmlLimits::default()).unwrap();
            assert!(parsed.report.records == report.records, "records differ");
            assert_eq!(parsed.report.report_metadata, report.report_metadata);
            assert_eq!(parsed.report.policy_published, report.policy_published);
        }
    }
}
