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

use std::net::Ipv4Addr;

use crate::report::aggregate::{AggregateReport, AuthResults, DkimResult, Policy, SpfResult};

use super::model::{dkim, policy, spf, Head, Record, Report};
use super::senders::{
    YearSender as Sender, MAILCHIMP, MAILCHIMP_ENVELOPE, SENDGRID_TENANT, SES_DKIM, SES_ENVELOPE,
    SES_SELECTORS, SPOOF_NETWORKS, YEAR_REPORTERS, YEAR_SENDERS,
};
use super::xml::{write, Layout, Lines};
use super::Rng;

/// The generator's settings; an iterator of reports.
#[derive(Clone, Debug)]
pub struct Synthetic {
    rng: Rng,
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

/// Policy domains.
pub const DOMAINS: [&str; 3] = ["example.com", "example.co.jp", "shop.example.net"];

/// Unindented, `header_from` first, a line a record.
const LAYOUT: Layout = Layout {
    declaration: r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    lines: Lines::RecordPerLine,
    header_from_first: true,
    ..Layout::INDENTED
};

impl Synthetic {
    /// A generator seeded with `seed`, 200 records per report, over 2025.
    pub fn new(seed: u64) -> Self {
        Synthetic {
            rng: Rng(seed ^ 0x9E37_79B9_7F4A_7C15),
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

    fn sender(&mut self) -> Sender {
        let mut roll = self.rng.below(100);
        for (sender, weight) in YEAR_SENDERS {
            if roll < weight {
                return sender;
            }
            roll -= weight;
        }
        Sender::Own
    }

    fn ip(&mut self, sender: Sender) -> Ipv4Addr {
        let r = self.rng.next();
        let b = |shift: u32, n: u64| ((r >> shift) % n) as u8;
        match sender {
            Sender::Own => Ipv4Addr::new(192, 0, 2, 10 + b(0, 8)),
            Sender::Google => Ipv4Addr::new(209, 85, 220 + b(0, 4), b(8, 64)),
            Sender::SesDefault => Ipv4Addr::new(54, 240, b(0, 32), b(8, 128)),
            Sender::SendGrid => Ipv4Addr::new(167, 89, b(0, 8), b(8, 16)),
            Sender::Mailchimp => Ipv4Addr::new(198, 2, 128 + b(0, 4), b(8, 8)),
            Sender::Forwarder => Ipv4Addr::new(203, 0, 113, b(0, 250)),
            Sender::Spoofer => Ipv4Addr::new(
                SPOOF_NETWORKS[(r % 5) as usize],
                b(8, 256),
                b(16, 256),
                b(24, 256),
            ),
        }
    }

    fn record(&mut self, domain: &str, mailbox: bool, applied: &Policy) -> Record {
        let sender = self.sender();
        let ip = self.ip(sender);
        let count = match sender {
            Sender::Google | Sender::SesDefault | Sender::Mailchimp => 1 + self.rng.below(400),
            Sender::Spoofer => 1 + self.rng.below(3),
            _ => 1 + self.rng.below(40),
        };
        let own = |selector: &str| vec![dkim(domain, selector, DkimResult::Pass)];
        let (envelope, signatures, spf_result) = match sender {
            Sender::Own => (domain.to_owned(), own("mail"), SpfResult::Pass),
            Sender::Google => (domain.to_owned(), own("google"), SpfResult::Pass),
            Sender::SesDefault => {
                let mut signatures = own("abcdefghijklmnop");
                signatures.push(dkim(SES_DKIM, SES_SELECTORS[0], DkimResult::Pass));
                (SES_ENVELOPE.to_owned(), signatures, SpfResult::Pass)
            }
            Sender::SendGrid => (SENDGRID_TENANT.to_owned(), own("s1"), SpfResult::Pass),
            Sender::Mailchimp => {
                let signatures = vec![dkim(MAILCHIMP, "k2", DkimResult::Pass)];
                (MAILCHIMP_ENVELOPE.to_owned(), signatures, SpfResult::Pass)
            }
            Sender::Forwarder => {
                let result = if self.rng.below(10) == 0 {
                    DkimResult::Fail
                } else {
                    DkimResult::Pass
                };
                let signatures = vec![dkim(domain, "mail", result)];
                (domain.to_owned(), signatures, SpfResult::Softfail)
            }
            Sender::Spoofer => {
                let signatures = if self.rng.below(4) == 0 {
                    vec![dkim("spoof.example", "x", DkimResult::Fail)]
                } else {
                    Vec::new()
                };
                let result = if self.rng.below(2) == 0 {
                    SpfResult::Fail
                } else {
                    SpfResult::None
                };
                (format!("mail.{domain}"), signatures, result)
            }
        };
        let auth_results = AuthResults {
            spf: vec![spf(&envelope, spf_result)],
            dkim: signatures,
        };
        let mut record = Record::new(ip, count, domain, envelope, auth_results);
        record.apply(applied);
        // A gateway that is not a mailbox provider says it saw forwarding.
        if sender == Sender::Forwarder && !mailbox {
            record.forwarded(None);
        }
        record
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
        let reporter = self.rng.pick(&YEAR_REPORTERS)?;
        let at = self.rng.below(self.domains.len() as u64) as usize;
        let domain = self.domains.get(at)?.clone();
        let offset = self.rng.below(self.days.max(1) as u64) as i32;
        let day = self.first_day + offset;
        let begin = i64::from(day) * 86_400;
        let p = if at == 0 && offset >= self.days / 2 {
            Policy::Quarantine
        } else {
            Policy::None
        };
        let mailbox = !reporter.org.contains("Gateway");
        let records = (0..n).map(|_| self.record(&domain, mailbox, &p)).collect();
        let id = format!("synthetic-{}-{}", self.serial, self.rng.0 % 1_000_000);
        let mut head = Head::new(&reporter, id, begin, begin + 86_399);
        // This shape writes every reporter's address as `noreply-dmarc@` its domain.
        let contact = reporter.email.split_once('@').map_or("", |(_, d)| d);
        head.metadata.email = Some(format!("noreply-dmarc@{contact}"));
        head.metadata.extra_contact_info = None;
        head.policy = policy(&domain, p, None);
        Some(Report { head, records }.into_aggregate())
    }
}

/// Writes an aggregate report as RFC 7489 XML (no namespace, a line a
/// record), for files to drop in the app or feed to the parser in
/// benchmarks. Absent values are left out.
pub fn to_xml(report: &AggregateReport) -> String {
    write(&Report::from_aggregate(report), &LAYOUT)
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
