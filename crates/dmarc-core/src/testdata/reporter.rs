//! One report shaped like a large mailbox provider's for a busy domain, as
//! XML: [`generate_large_reporter`]. Where [`super::generate_aggregate`]
//! repeats eight sender domains and fresh random addresses, this one has
//! what the reports of large reporters hold: tens of thousands of distinct
//! addresses that recur (ESP pools, forwarders, spam botnets), hundreds of
//! DKIM and envelope domains (ESP tenants and bounce hosts, forwarders'
//! domains, spoofers' throwaway domains), one to three DKIM results with
//! selectors (the author's, the ESP's, a forwarder's ARC signer), SPF with
//! its scope, `envelope_to` and `envelope_from`, and long organisational
//! domains (`notifications.customer-care.example-holdings.co.uk`). About
//! 1,000 bytes of XML per record, Microsoft's layout (indented, every
//! identifier present).
//!
//! ```
//! use dmarc_core::testdata::generate_large_reporter;
//!
//! let xml = generate_large_reporter(100, 7);
//! assert_eq!(xml, generate_large_reporter(100, 7));
//! ```

use std::fmt::Write as _;

use super::Rng;

/// The policy domain: a long organisational domain under a two-label suffix.
const ORG_DOMAIN: &str = "example-international-holdings.co.uk";

/// Subdomains the organisation sends from (`header_from`).
const AUTHOR_SUBDOMAINS: [&str; 6] = [
    "",
    "mail.",
    "notifications.customer-care.",
    "newsletters.marketing-communications.",
    "billing.accounts-receivable.",
    "hr-recruiting.careers.",
];

/// Email service providers: (bounce host prefix, provider domain, DKIM
/// selector prefix). Each provider has many tenants (numbered bounce hosts).
const PROVIDERS: [(&str, &str, &str); 8] = [
    ("em", "sendgrid.net", "s"),
    ("bounce-", "mcsv.net", "k"),
    ("", "eu-west-1.amazonses.com", "ses"),
    ("mta", "mailgun-delivery.org", "mg"),
    ("bnc", "sparkpostmail.com", "scph"),
    ("return-", "mktomail-bounces.com", "m1"),
    ("", "bounces.salesforce-marketingcloud.com", "200608"),
    ("rp", "postmark-transactional.net", "pm"),
];

/// A DMARC aggregate report of `records` records shaped like a large
/// reporter's (see the module documentation), as XML bytes. The same
/// `(records, seed)` always gives the same bytes.
pub fn generate_large_reporter(records: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B);
    let mut out = String::with_capacity(records * 1_100 + 2_048);
    let begin = 1_730_000_000 + rng.below(1_000) * 86_400;
    let _ = write!(
        out,
        "<?xml version=\"1.0\"?>\r\n<feedback xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\r\n  <version>1.0</version>\r\n  <report_metadata>\r\n    <org_name>Enterprise Outlook</org_name>\r\n    <email>dmarcreport@microsoft.com</email>\r\n    <report_id>{:032x}</report_id>\r\n    <date_range>\r\n      <begin>{begin}</begin>\r\n      <end>{}</end>\r\n    </date_range>\r\n  </report_metadata>\r\n  <policy_published>\r\n    <domain>{ORG_DOMAIN}</domain>\r\n    <adkim>r</adkim>\r\n    <aspf>r</aspf>\r\n    <p>quarantine</p>\r\n    <sp>quarantine</sp>\r\n    <pct>100</pct>\r\n    <fo>1</fo>\r\n  </policy_published>\r\n",
        u128::from(rng.next()) << 64 | u128::from(rng.next()),
        begin + 86_400,
    );
    // Distinct addresses grow with the report: about one per two records,
    // at least 1,000, drawn with a skew so that some recur often.
    let pool = (records as u64 / 2).max(1_000);
    for _ in 0..records {
        record(&mut out, &mut rng, pool);
    }
    out.push_str("</feedback>");
    out.into_bytes()
}

/// Who sent a record's messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The organisation's own servers, signed with its key.
    Own,
    /// An ESP tenant: the ESP's bounce domain, the author's and the ESP's keys.
    Provider,
    /// A mailing list or forwarder: SPF fails, the author's key survives (or not),
    /// the forwarder's ARC signer adds a third result.
    Forwarder,
    /// Spoofing from a botnet: a throwaway envelope domain, no or a foreign key.
    Spoofer,
}

fn record(out: &mut String, rng: &mut Rng, pool: u64) {
    let kind = match rng.below(100) {
        0..=24 => Kind::Own,
        25..=69 => Kind::Provider,
        70..=84 => Kind::Forwarder,
        _ => Kind::Spoofer,
    };
    // Skewed choice: the square of a uniform number favours small indices.
    let r = rng.below(pool);
    let address = r * r / pool;
    let tenant = rng.below(400);
    let (host, provider, selector) = PROVIDERS[(tenant % PROVIDERS.len() as u64) as usize];
    let author = AUTHOR_SUBDOMAINS[rng.below(AUTHOR_SUBDOMAINS.len() as u64) as usize];
    let count = match kind {
        Kind::Spoofer => 1 + rng.below(2),
        _ => 1 + rng.below(30) * rng.below(3),
    };
    let broken = kind == Kind::Forwarder && rng.below(5) == 0;
    let (dkim, spf) = match kind {
        Kind::Own | Kind::Provider => ("pass", "pass"),
        Kind::Forwarder if broken => ("fail", "fail"),
        Kind::Forwarder => ("pass", "fail"),
        Kind::Spoofer => ("fail", "fail"),
    };
    let disposition = if dkim == "pass" || spf == "pass" {
        "none"
    } else {
        "quarantine"
    };
    out.push_str("  <record>\r\n    <row>\r\n      <source_ip>");
    write_address(out, kind, address, tenant);
    let _ = write!(
        out,
        "</source_ip>\r\n      <count>{count}</count>\r\n      <policy_evaluated>\r\n        <disposition>{disposition}</disposition>\r\n        <dkim>{dkim}</dkim>\r\n        <spf>{spf}</spf>\r\n      </policy_evaluated>\r\n    </row>\r\n    <identifiers>\r\n      <envelope_to>{}</envelope_to>\r\n      <envelope_from>",
        ["outlook.com", "hotmail.com", "contoso-recipients.onmicrosoft.com"][rng.below(3) as usize],
    );
    let forwarder = rng.below(150);
    let envelope = match kind {
        Kind::Own => format!("{author}{ORG_DOMAIN}"),
        Kind::Provider => format!("{host}{}.{provider}", tenant / 8),
        Kind::Forwarder => format!("lists.university-{forwarder}.ac.jp"),
        Kind::Spoofer => format!(
            "mail{}.spam-campaign-{}.example",
            rng.below(3),
            rng.below(200)
        ),
    };
    out.push_str(&envelope);
    let _ = write!(
        out,
        "</envelope_from>\r\n      <header_from>{author}{ORG_DOMAIN}</header_from>\r\n    </identifiers>\r\n    <auth_results>\r\n"
    );
    let dkim_el = |out: &mut String, domain: &str, selector: &str, result: &str| {
        let _ = write!(
            out,
            "      <dkim>\r\n        <domain>{domain}</domain>\r\n        <selector>{selector}</selector>\r\n        <result>{result}</result>\r\n      </dkim>\r\n"
        );
    };
    let own = format!("{author}{ORG_DOMAIN}");
    match kind {
        Kind::Own => dkim_el(out, &own, "selector1-2024", "pass"),
        Kind::Provider => {
            dkim_el(out, &own, &format!("{selector}{}", tenant % 3), "pass");
            dkim_el(
                out,
                provider,
                &format!("{selector}{}-{}", tenant % 3, tenant / 8),
                "pass",
            );
        }
        Kind::Forwarder => {
            dkim_el(out, &own, "selector1-2024", dkim);
            dkim_el(out, &format!("university-{forwarder}.ac.jp"), "arc", "pass");
            if rng.below(3) == 0 {
                dkim_el(out, provider, "s2048", "pass");
            }
        }
        Kind::Spoofer => {
            if rng.below(3) == 0 {
                dkim_el(
                    out,
                    &format!("spam-campaign-{}.example", rng.below(200)),
                    "default",
                    "fail",
                );
            }
        }
    }
    out.push_str("      <spf>\r\n        <domain>");
    // SPF checks the envelope domain; a spoofing campaign's is its parent's.
    out.push_str(match kind {
        Kind::Spoofer => "spam-campaign.example",
        _ => &envelope,
    });
    let spf_result = match kind {
        Kind::Spoofer | Kind::Forwarder => ["softfail", "fail", "none"][rng.below(3) as usize],
        _ => "pass",
    };
    let _ = write!(
        out,
        "</domain>\r\n        <scope>mfrom</scope>\r\n        <result>{spf_result}</result>\r\n      </spf>\r\n    </auth_results>\r\n  </record>\r\n"
    );
}

/// The `address`-th address of a sender of `kind`: IPv4 from the sender's
/// networks, a tenth of them IPv6.
fn write_address(out: &mut String, kind: Kind, address: u64, tenant: u64) {
    let (a, b) = (address >> 8 & 0xff, address & 0xff);
    let _ = match kind {
        Kind::Own => write!(out, "198.51.{}.{}", 100 + address % 4, 1 + address % 250),
        Kind::Provider if address.is_multiple_of(10) => {
            write!(out, "2a01:111:f400:{:x}::{:x}", tenant, address)
        }
        Kind::Provider => write!(out, "{}.{a}.{b}.{}", 50 + tenant % 120, 1 + tenant % 250),
        Kind::Forwarder => write!(out, "203.0.{}.{}", address % 256, 1 + address % 250),
        Kind::Spoofer if address.is_multiple_of(10) => {
            write!(out, "2001:db8:{:x}::{:x}", address >> 16, address & 0xffff)
        }
        Kind::Spoofer => write!(
            out,
            "{}.{}.{a}.{b}",
            [45, 91, 103, 185, 193][(address % 5) as usize],
            address >> 16 & 0xff
        ),
    };
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::report::aggregate::{parse_aggregate, XmlLimits};

    #[test]
    fn large_reporter_reports_have_the_shape_of_real_ones() {
        let xml = generate_large_reporter(20_000, 3);
        assert_eq!(xml, generate_large_reporter(20_000, 3));
        let parsed = parse_aggregate(&xml, &XmlLimits::default()).unwrap();
        assert_eq!(parsed.notes, []);
        let records = &parsed.report.records;
        assert_eq!(records.len(), 20_000);
        let per_record = xml.len() / records.len();
        assert!((800..1_300).contains(&per_record), "{per_record} bytes");
        let addresses: HashSet<_> = records.iter().map(|r| r.row.source_ip.clone()).collect();
        let dkim_domains: HashSet<_> = records
            .iter()
            .flat_map(|r| r.auth_results.dkim.iter().map(|d| d.domain.clone()))
            .collect();
        let envelopes: HashSet<_> = records
            .iter()
            .map(|r| r.identifiers.envelope_from.clone())
            .collect();
        let most_dkim = records
            .iter()
            .map(|r| r.auth_results.dkim.len())
            .max()
            .unwrap();
        let checks = [
            ("distinct addresses", addresses.len(), 5_000..20_000),
            ("DKIM domains", dkim_domains.len(), 150..1_000),
            ("envelope domains", envelopes.len(), 300..2_000),
            ("most DKIM results", most_dkim, 3..4),
        ];
        for (what, got, want) in checks {
            assert!(want.contains(&got), "{what}: {got}, want {want:?}");
        }
        assert!(records
            .iter()
            .all(|r| r.auth_results.spf[0].scope.is_some()));
    }
}
