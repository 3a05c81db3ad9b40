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

use std::fmt::Write as _;

use super::Rng;

const DOMAIN: &str = "example.com";
/// 2025-11-12 00:00:00 UTC.
const START: i64 = 1_762_905_600;
const DAYS: i64 = 10;

/// A reporter: organisation, address, extra contact, share of the mail, and
/// how its report ids look.
struct Reporter {
    org: &'static str,
    email: &'static str,
    extra: Option<&'static str>,
    share: f64,
    id: IdStyle,
}

enum IdStyle {
    /// A long decimal number (Google).
    Number,
    /// 32 hex digits (Microsoft).
    Hex,
    /// A number and the day (Yahoo).
    NumberDay,
}

const REPORTERS: [Reporter; 3] = [
    Reporter {
        org: "google.com",
        email: "noreply-dmarc-support@google.com",
        extra: Some("https://support.google.com/a/answer/2466580"),
        share: 0.55,
        id: IdStyle::Number,
    },
    Reporter {
        org: "Outlook.com",
        email: "dmarcreport@microsoft.com",
        extra: None,
        share: 0.3,
        id: IdStyle::Hex,
    },
    Reporter {
        org: "Yahoo",
        email: "dmarchelp@yahooinc.com",
        extra: None,
        share: 0.15,
        id: IdStyle::NumberDay,
    },
];

/// What a sender's mail carries: DKIM signatures (domain, selector,
/// result), the SPF domain and result, the envelope domain.
struct Sender {
    name: &'static str,
    ips: &'static [&'static str],
    daily: f64,
    dkim: &'static [(&'static str, &'static str, &'static str)],
    spf: (&'static str, &'static str),
    envelope: &'static str,
}

const SENDERS: [Sender; 5] = [
    Sender {
        name: "workspace",
        ips: &["209.85.220.41", "209.85.220.69", "2607:f8b0:4864:20::1035"],
        daily: 180.0,
        dkim: &[(DOMAIN, "google", "pass")],
        spf: (DOMAIN, "pass"),
        envelope: DOMAIN,
    },
    Sender {
        name: "ses",
        ips: &["54.240.8.21", "54.240.8.87", "54.240.11.19"],
        daily: 420.0,
        dkim: &[
            (DOMAIN, "abcdefghijklmnopqrstuvwxyz123456", "pass"),
            ("amazonses.com", "ug7nbtf4gccmlpwj322ax3p6ow6yfsug", "pass"),
        ],
        spf: ("eu-west-1.amazonses.com", "pass"),
        envelope: "eu-west-1.amazonses.com",
    },
    Sender {
        name: "sendgrid",
        ips: &["167.89.17.2", "149.72.154.231"],
        daily: 60.0,
        dkim: &[(DOMAIN, "s1", "pass")],
        spf: ("em1234.example.com", "pass"),
        envelope: "em1234.example.com",
    },
    Sender {
        name: "forwarder",
        ips: &["192.0.2.25"],
        daily: 6.0,
        dkim: &[(DOMAIN, "google", "pass")],
        spf: (DOMAIN, "fail"),
        envelope: DOMAIN,
    },
    Sender {
        name: "spoof",
        ips: &["203.0.113.7", "198.51.100.23", "203.0.113.150"],
        daily: 9.0,
        dkim: &[],
        spf: (DOMAIN, "fail"),
        envelope: DOMAIN,
    },
];

fn aligned(domain: &str) -> bool {
    domain == DOMAIN || domain.ends_with(".example.com")
}

impl Rng {
    /// A number in `[low, high)`.
    fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        low + (high - low) * unit
    }
}

fn record(out: &mut String, sender: &Sender, ip: &str, count: u64, policy: &str) {
    let dkim_ok = sender
        .dkim
        .iter()
        .any(|(d, _, r)| aligned(d) && *r == "pass");
    let (spf_domain, spf_result) = sender.spf;
    let spf_ok = aligned(spf_domain) && spf_result == "pass";
    let passed = dkim_ok || spf_ok;
    let disposition = if passed { "none" } else { policy };
    let reason = if sender.name == "forwarder" && !passed {
        "<reason><type>forwarded</type></reason>"
    } else {
        ""
    };
    let word = |ok: bool| if ok { "pass" } else { "fail" };
    let _ = write!(
        out,
        "  <record>
    <row>
      <source_ip>{ip}</source_ip>
      <count>{count}</count>
      <policy_evaluated>
        <disposition>{disposition}</disposition>
        <dkim>{}</dkim>
        <spf>{}</spf>{reason}
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>{DOMAIN}</header_from>
      <envelope_from>{}</envelope_from>
    </identifiers>
    <auth_results>
      ",
        word(dkim_ok),
        word(spf_ok),
        sender.envelope
    );
    for (d, s, r) in sender.dkim {
        let _ = write!(
            out,
            "<dkim><domain>{d}</domain><selector>{s}</selector><result>{r}</result></dkim>"
        );
    }
    let _ = write!(
        out,
        "<spf><domain>{spf_domain}</domain><scope>mfrom</scope><result>{spf_result}</result></spf>
    </auth_results>
  </record>
"
    );
}

/// The sample reports: `(file name, XML)`, in the order they are zipped.
pub fn sample_reports() -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(7489);
    let mut files = Vec::new();
    for day in 0..DAYS {
        let begin = START + day * 86_400;
        let end = begin + 86_399;
        let policy = if day < DAYS / 2 { "none" } else { "quarantine" };
        for reporter in &REPORTERS {
            let mut records = String::new();
            for sender in &SENDERS {
                if sender.name == "forwarder" && reporter.org != "google.com" {
                    continue;
                }
                for ip in sender.ips {
                    let count = if sender.name == "spoof" {
                        rng.below(4)
                    } else {
                        let share = sender.daily * reporter.share / sender.ips.len() as f64;
                        (share * rng.uniform(0.7, 1.3)).round() as u64
                    };
                    if count > 0 {
                        record(&mut records, sender, ip, count, policy);
                    }
                }
            }
            let report_id = match reporter.id {
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
            let extra = reporter
                .extra
                .map(|e| format!("\n    <extra_contact_info>{e}</extra_contact_info>"))
                .unwrap_or_default();
            let xml = format!(
                r#"<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>{org}</org_name>
    <email>{email}</email>{extra}
    <report_id>{report_id}</report_id>
    <date_range>
      <begin>{begin}</begin>
      <end>{end}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>{DOMAIN}</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>{policy}</p>
    <sp>{policy}</sp>
    <pct>100</pct>
  </policy_published>
{records}</feedback>
"#,
                org = reporter.org,
                email = reporter.email,
            );
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
