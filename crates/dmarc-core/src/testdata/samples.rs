//! The sample reports bundled with the app (`assets/samples.zip`): one XML
//! report per reporter per day, which the page loads like any dropped zip.
//!
//! The data is ours, invented to look like ten days of real `rua` mail for
//! example.com: three reporters (Google, Microsoft, Yahoo), mail sent through
//! Google Workspace, Amazon SES (default MAIL FROM, so SPF does not align),
//! SendGrid, a mailing forwarder (SPF breaks, DKIM survives) and spoofers,
//! and a policy that moves from `p=none` to `p=quarantine` half-way.
//! Deterministic to the byte: `cargo run -p dmarc-core --features testdata
//! --example make_samples` writes the committed zip, and a test fails when
//! the two differ.

use crate::report::aggregate::{AuthResults, DkimResult, Policy, SpfResult};

use super::model::{dkim, policy, spf, Head, Record, Report};
use super::senders::{IdStyle, SampleSender, SAMPLE_REPORTERS, SAMPLE_SENDERS};
use super::xml::{write, Layout, Lines};
use super::Rng;

const DOMAIN: &str = "example.com";
/// 2025-11-12 00:00:00 UTC.
const START: i64 = 1_762_905_600;
const DAYS: i64 = 10;

/// Indented, `header_from` first, the authentication results of a record
/// on one line.
const LAYOUT: Layout = Layout {
    lines: Lines::AuthResultsOnOneLine,
    header_from_first: true,
    ..Layout::INDENTED
};

fn record(sender: &SampleSender, ip: &str, count: u64, policy: &Policy) -> Record {
    let domain = |d: Option<&str>| d.unwrap_or(DOMAIN).to_owned();
    let (spf_domain, spf_result) = sender.spf;
    let auth_results = AuthResults {
        dkim: sender
            .dkim
            .iter()
            .map(|(d, s, r)| dkim(&domain(*d), s, DkimResult::from(*r)))
            .collect(),
        spf: vec![spf(&domain(spf_domain), SpfResult::from(spf_result))],
    };
    let envelope = domain(sender.envelope);
    let mut record = Record::new(ip.to_owned(), count, DOMAIN, envelope, auth_results);
    record.apply(policy);
    if sender.name == "forwarder" && !record.passes() {
        record.forwarded(None);
    }
    record
}

/// The sample reports: `(file name, XML)`, in the order they are zipped.
pub fn sample_reports() -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(7489);
    let mut files = Vec::new();
    for day in 0..DAYS {
        let begin = START + day * 86_400;
        let end = begin + 86_399;
        let p = if day < DAYS / 2 {
            Policy::None
        } else {
            Policy::Quarantine
        };
        for (reporter, share, style) in &SAMPLE_REPORTERS {
            let mut records = Vec::new();
            for sender in &SAMPLE_SENDERS {
                if sender.name == "forwarder" && reporter.org != "google.com" {
                    continue;
                }
                for ip in sender.ips {
                    let count = if sender.name == "spoof" {
                        rng.below(4)
                    } else {
                        let share = sender.daily * share / sender.ips.len() as f64;
                        (share * rng.uniform(0.7, 1.3)).round() as u64
                    };
                    if count > 0 {
                        records.push(record(sender, ip, count, &p));
                    }
                }
            }
            let report_id = match style {
                IdStyle::Number => format!(
                    "{}",
                    100_000_000_000_000_000 + rng.below(900_000_000_000_000_000)
                ),
                IdStyle::Hex => format!("{:016x}{:016x}", rng.next(), rng.next()),
                IdStyle::NumberDay => format!(
                    "{}.{day}",
                    100_000_000_000_000_000 + rng.below(900_000_000_000_000_000)
                ),
            };
            let mut head = Head::new(reporter, report_id, begin, end);
            head.policy = policy(DOMAIN, p.clone(), Some(p.clone()));
            let xml = write(&Report { head, records }, &LAYOUT);
            let name = format!("{}!{DOMAIN}!{begin}!{end}.xml", reporter.org.to_lowercase());
            files.push((name, xml.into_bytes()));
        }
    }
    files
}

/// `assets/samples.zip`: [`sample_reports`] deflated, every member dated
/// 2025-11-22 so that the bytes never change.
pub fn samples_zip() -> Vec<u8> {
    super::zip_members_dated(&sample_reports())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_file, FileStatus, Limits};
    use crate::report::Report;

    /// The committed zip is what the generator writes (run the example to
    /// write it again), and it reads as thirty reports with the policy
    /// change half-way.
    #[test]
    fn the_committed_samples_are_what_the_generator_writes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/samples.zip");
        let committed = std::fs::read(path).expect("assets/samples.zip");
        assert!(
            committed == samples_zip(),
            "assets/samples.zip differs from the generator: run \
             `cargo run -p dmarc-core --features testdata --example make_samples`"
        );
        let outcome = ingest_file("samples.zip", &committed, &Limits::default());
        assert_eq!(outcome.status, FileStatus::Parsed);
        assert_eq!(outcome.reports.len(), 30);
        assert!(outcome.errors.is_empty() && outcome.notes.is_empty());
        let mut policies = Vec::new();
        for found in &outcome.reports {
            assert!(found.notes.is_empty(), "{:?}", found.notes);
            let Report::Aggregate(r) = &found.report else {
                panic!("an aggregate report");
            };
            policies.push(format!("{:?}", r.policy_published.p));
        }
        assert_eq!(policies.iter().filter(|p| p.contains("None")).count(), 15);
        assert_eq!(
            policies.iter().filter(|p| p.contains("Quarantine")).count(),
            15
        );
    }

    #[test]
    fn same_bytes_every_time() {
        assert_eq!(samples_zip(), samples_zip());
    }
}
