//! The simple benchmark shape: one large reporter's report for
//! `example.com` with eight envelope domains ([`SIMPLE_SENDERS`]) and fresh
//! random addresses: [`generate_aggregate`]. About 600 bytes a record, like
//! the 50,000-record, 30 MB report parsedmarc is measured on: IPv4 and some
//! IPv6 sources, one or two DKIM results, SPF with scope, envelope domains,
//! the odd override reason, mostly passing with some forwarding and spoofing.

use crate::report::aggregate::{
    AuthResults, Disposition, DkimResult, Policy, PolicyPublished, SpfResult,
};

use super::model::{dkim, policy, spf, Head, Record};
use super::senders::{BENCH, SES_DKIM, SES_SELECTORS, SIMPLE_SENDERS};
use super::xml::{Layout, Writer};
use super::Rng;

/// The policy domain.
const DOMAIN: &str = "example.com";

/// Indented, schema order, LF line ends.
const LAYOUT: Layout = Layout::INDENTED;

/// A DMARC aggregate report with `records` records, as XML bytes. The same
/// `(records, seed)` always gives the same bytes.
pub fn generate_aggregate(records: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed);
    let begin = 1_700_000_000 + rng.below(1_000) as i64 * 86_400;
    let mut head = Head::new(&BENCH, format!("{seed}-{records}"), begin, begin + 86_399);
    head.policy = PolicyPublished {
        np: Some(Policy::Reject),
        ..policy(DOMAIN, Policy::Quarantine, Some(Policy::Quarantine))
    };
    let mut xml = Writer::new(&LAYOUT, &head, records * 640 + 1024);
    for _ in 0..records {
        xml.record(&record(&mut rng));
    }
    xml.finish().into_bytes()
}

fn record(rng: &mut Rng) -> Record {
    let roll = rng.below(100);
    // 70% aligned and passing, 15% forwarded (SPF fails, DKIM passes),
    // 10% SES default MAIL FROM, 5% spoofing.
    let (dkim_ok, spf_ok, sender) = match roll {
        0..=69 => (true, true, SIMPLE_SENDERS[rng.below(3) as usize]),
        70..=84 => (true, false, SIMPLE_SENDERS[4 + rng.below(3) as usize]),
        85..=94 => (true, false, SIMPLE_SENDERS[3]),
        _ => (false, false, SIMPLE_SENDERS[7]),
    };
    let count = 1 + rng.below(20) * rng.below(4);
    let source_ip = if rng.below(10) == 0 {
        format!("2001:db8:{:x}::{:x}", rng.below(0xffff), rng.below(0xffff))
    } else {
        format!(
            "{}.{}.{}.{}",
            1 + rng.below(223),
            rng.below(256),
            rng.below(256),
            1 + rng.below(254)
        )
    };
    // Some receivers deliver a failing message anyway (local policy).
    let disposition = match (dkim_ok || spf_ok, rng.below(4)) {
        (true, _) | (false, 0) => Disposition::None,
        (false, _) => Disposition::Quarantine,
    };
    let forwarded = (70..=84).contains(&roll) && rng.below(3) == 0;
    let dkim_domain = if roll >= 95 {
        SIMPLE_SENDERS[7]
    } else {
        DOMAIN
    };
    let ok = |ok: bool| if ok { "pass" } else { "fail" };
    let selector = format!("s{}", rng.below(4));
    let mut signatures = vec![dkim(dkim_domain, &selector, DkimResult::from(ok(dkim_ok)))];
    let ses = sender == SIMPLE_SENDERS[3];
    if ses {
        signatures.push(dkim(SES_DKIM, SES_SELECTORS[1], DkimResult::Pass));
    }
    let spf_result = if spf_ok || ses {
        SpfResult::Pass
    } else if rng.below(2) == 0 {
        SpfResult::Softfail
    } else {
        SpfResult::Fail
    };
    let auth_results = AuthResults {
        dkim: signatures,
        spf: vec![spf(sender, spf_result)],
    };
    let mut record = Record::new(source_ip, count, DOMAIN, sender.to_owned(), auth_results);
    record.identifiers.envelope_to = Some("receiver.example".into());
    record.evaluated.disposition = Some(disposition);
    if forwarded {
        record.forwarded(Some("arc=pass"));
    }
    record
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::aggregate::{parse_aggregate, XmlLimits};

    #[test]
    fn generated_reports_are_deterministic_and_parse_without_notes() {
        for (records, seed) in [(0, 1), (1, 2), (500, 3)] {
            let xml = generate_aggregate(records, seed);
            assert_eq!(xml, generate_aggregate(records, seed));
            let parsed = parse_aggregate(&xml, &XmlLimits::default()).unwrap();
            assert_eq!(parsed.report.records.len(), records);
            let codes: Vec<_> = parsed.notes.iter().map(|n| n.code.name()).collect();
            let want: &[&str] = if records == 0 { &["no_records"] } else { &[] };
            assert_eq!(codes, want);
        }
        let xml = generate_aggregate(1000, 9);
        let per_record = xml.len() / 1000;
        assert!(
            (450..800).contains(&per_record),
            "{per_record} bytes per record"
        );
    }
}
