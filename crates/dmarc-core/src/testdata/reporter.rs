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

use crate::report::aggregate::{
    AuthResults, DkimResult, DmarcResult, Policy, PolicyPublished, SpfResult,
};

use super::model::{dkim, policy, spf, Head, Record};
use super::senders::{AUTHOR_SUBDOMAINS, ENTERPRISE_OUTLOOK, PROVIDERS, SPOOF_NETWORKS};
use super::xml::{Layout, Writer};
use super::Rng;

/// The policy domain: a long organisational domain under a two-label suffix.
const ORG_DOMAIN: &str = "example-international-holdings.co.uk";

/// Microsoft's layout: namespaces on the root, CRLF, indented, schema
/// order, no line end after the root.
const LAYOUT: Layout = Layout {
    declaration: r#"<?xml version="1.0"?>"#,
    root: r#"<feedback xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    newline: "\r\n",
    final_newline: false,
    ..Layout::INDENTED
};

/// A DMARC aggregate report of `records` records shaped like a large
/// reporter's (see the module documentation), as XML bytes. The same
/// `(records, seed)` always gives the same bytes.
pub fn generate_large_reporter(records: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B);
    let begin = 1_730_000_000 + rng.below(1_000) as i64 * 86_400;
    let id = u128::from(rng.next()) << 64 | u128::from(rng.next());
    let mut head = Head::new(
        &ENTERPRISE_OUTLOOK,
        format!("{id:032x}"),
        begin,
        begin + 86_400,
    );
    head.policy = PolicyPublished {
        fo: Some("1".to_owned()),
        ..policy(ORG_DOMAIN, Policy::Quarantine, Some(Policy::Quarantine))
    };
    let mut xml = Writer::new(&LAYOUT, &head, records * 1_100 + 2_048);
    // Distinct addresses grow with the report: about one per two records,
    // at least 1,000, drawn with a skew so that some recur often.
    let pool = (records as u64 / 2).max(1_000);
    for _ in 0..records {
        xml.record(&record(&mut rng, pool));
    }
    xml.finish().into_bytes()
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

fn record(rng: &mut Rng, pool: u64) -> Record {
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
    let envelope_to = [
        "outlook.com",
        "hotmail.com",
        "contoso-recipients.onmicrosoft.com",
    ][rng.below(3) as usize];
    let forwarder = rng.below(150);
    let own = format!("{author}{ORG_DOMAIN}");
    let envelope = match kind {
        Kind::Own => own.clone(),
        Kind::Provider => format!("{host}{}.{provider}", tenant / 8),
        Kind::Forwarder => format!("lists.university-{forwarder}.ac.jp"),
        Kind::Spoofer => format!(
            "mail{}.spam-campaign-{}.example",
            rng.below(3),
            rng.below(200)
        ),
    };
    let mut signatures = Vec::new();
    match kind {
        Kind::Own => signatures.push(dkim(&own, "selector1-2024", DkimResult::Pass)),
        Kind::Provider => {
            signatures.push(dkim(
                &own,
                &format!("{selector}{}", tenant % 3),
                DkimResult::Pass,
            ));
            let theirs = format!("{selector}{}-{}", tenant % 3, tenant / 8);
            signatures.push(dkim(provider, &theirs, DkimResult::Pass));
        }
        Kind::Forwarder => {
            let result = if broken {
                DkimResult::Fail
            } else {
                DkimResult::Pass
            };
            signatures.push(dkim(&own, "selector1-2024", result));
            let arc = format!("university-{forwarder}.ac.jp");
            signatures.push(dkim(&arc, "arc", DkimResult::Pass));
            if rng.below(3) == 0 {
                signatures.push(dkim(provider, "s2048", DkimResult::Pass));
            }
        }
        Kind::Spoofer => {
            if rng.below(3) == 0 {
                let domain = format!("spam-campaign-{}.example", rng.below(200));
                signatures.push(dkim(&domain, "default", DkimResult::Fail));
            }
        }
    }
    // SPF checks the envelope domain; a spoofing campaign's is its parent's.
    let spf_domain = match kind {
        Kind::Spoofer => "spam-campaign.example",
        _ => &envelope,
    };
    let spf_result = match kind {
        Kind::Spoofer | Kind::Forwarder => {
            [SpfResult::Softfail, SpfResult::Fail, SpfResult::None][rng.below(3) as usize].clone()
        }
        _ => SpfResult::Pass,
    };
    let source_ip = address_text(kind, address, tenant);
    let auth_results = AuthResults {
        dkim: signatures,
        spf: vec![spf(spf_domain, spf_result)],
    };
    let mut record = Record::new(source_ip, count, &own, envelope.clone(), auth_results);
    record.identifiers.envelope_to = Some(envelope_to.into());
    // As this shape has always written it, a provider's SPF counts as
    // aligned although its bounce domain is not the author's.
    if kind == Kind::Provider {
        record.evaluated.spf = Some(DmarcResult::Pass);
    }
    record.apply(&Policy::Quarantine);
    record
}

/// The `address`-th address of a sender of `kind`: IPv4 from the sender's
/// networks, a tenth of them IPv6, written as this reporter writes them
/// (`2001:db8:0::5`, not always the canonical form).
fn address_text(kind: Kind, address: u64, tenant: u64) -> String {
    let (a, b) = (address >> 8 & 0xff, address & 0xff);
    match kind {
        Kind::Own => format!("198.51.{}.{}", 100 + address % 4, 1 + address % 250),
        Kind::Provider if address.is_multiple_of(10) => {
            format!("2a01:111:f400:{tenant:x}::{address:x}")
        }
        Kind::Provider => format!("{}.{a}.{b}.{}", 50 + tenant % 120, 1 + tenant % 250),
        Kind::Forwarder => format!("203.0.{}.{}", address % 256, 1 + address % 250),
        Kind::Spoofer if address.is_multiple_of(10) => {
            format!("2001:db8:{:x}::{:x}", address >> 16, address & 0xffff)
        }
        Kind::Spoofer => format!(
            "{}.{}.{a}.{b}",
            SPOOF_NETWORKS[(address % 5) as usize],
            address >> 16 & 0xff
        ),
    }
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
