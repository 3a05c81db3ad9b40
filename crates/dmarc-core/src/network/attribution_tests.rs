//! Identification by network, end to end in the core: rows attributed when
//! the network data is applied after them, undone when it is removed, and
//! attributed at once when added after it ([`Index::set_network`]).

use std::sync::Arc;

use super::tests::sample;
use crate::analysis::{
    summarize, Family, Filter, Index, Judge, Mark, ServiceId, BY_NETWORK, BY_NETWORK_OWN,
};
use crate::ingest::{ingest_file, Limits};

/// Senders in the networks of [`sample`]: AS64500 holds 10.0.0.0/24 and
/// 10.0.10.0/24, AS64501 10.0.1.0/24; 10.0.5.5 is in no network.
const REPORT: &str = r#"<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>example.net</org_name><email>r@example.net</email>
    <report_id>a1</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record><row><source_ip>10.0.0.1</source_ip><count>3</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
  <record><row><source_ip>10.0.0.2</source_ip><count>4</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>em1.sendgrid.net</domain><result>pass</result></dkim></auth_results></record>
  <record><row><source_ip>10.0.0.3</source_ip><count>2</count>
    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><result>pass</result></dkim></auth_results></record>
  <record><row><source_ip>10.0.1.1</source_ip><count>5</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
  <record><row><source_ip>10.0.5.5</source_ip><count>1</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
</feedback>"#;

/// The test's catalogue of mail networks: AS64500 is Postmark's.
fn by_asn(asn: u32) -> Option<ServiceId> {
    (asn == 64_500)
        .then(|| ServiceId::from_id("postmark"))
        .flatten()
}

fn load(index: &mut Index, text: &str) {
    let file = ingest_file("a.xml", text.as_bytes(), &Limits::default());
    assert!(!file.reports.is_empty());
    for r in &file.reports {
        index.add("a.xml", &r.report);
    }
}

/// Each source address with its service and whether the network told it.
fn services(index: &Index) -> Vec<(String, &'static str, bool)> {
    (0..index.rows.len())
        .map(|r| {
            let ip = index
                .ips
                .value(index.rows.ip[r])
                .cloned()
                .unwrap_or_default();
            let (service, source_ip) = *index.sources.value(index.rows.source[r]).unwrap();
            assert_eq!(
                source_ip, index.rows.ip[r],
                "row {r}: group of another address"
            );
            assert_eq!(
                service.0, index.rows.service[r],
                "row {r}: group of another service"
            );
            (ip, service.id(), index.rows.flags[r] & BY_NETWORK != 0)
        })
        .collect()
}

fn row(ip: &str, service: &'static str, by_network: bool) -> (String, &'static str, bool) {
    (ip.to_owned(), service, by_network)
}

/// Each row's family, by address, as the dashboard judges it.
fn families(index: &Index) -> Vec<(String, Family)> {
    let judge = Judge::for_filter(index, &Filter::default());
    (0..index.rows.len())
        .map(|r| {
            let ip = index
                .ips
                .value(index.rows.ip[r])
                .cloned()
                .unwrap_or_default();
            (ip, judge.judge_row(index, r as u32).unwrap().family)
        })
        .collect()
}

#[test]
fn unknown_senders_take_the_service_of_their_network_while_the_data_is_applied() {
    let unattributed = vec![
        row("10.0.0.1", "unknown", false),
        row("10.0.0.2", "sendgrid", false),
        row("10.0.0.3", "own_domain", false),
        row("10.0.1.1", "unknown", false),
        row("10.0.5.5", "unknown", false),
    ];
    let mut index = Index::new();
    load(&mut index, REPORT);
    assert_eq!(services(&index), unattributed);
    let groups = index.sources.len();
    // The overview the index keeps (`analysis::overview`) follows the
    // attribution, as a fresh index's (a clone keeps none) would: with
    // Postmark said to be the owner's, the mail its network sends signed by
    // the owner's domain (10.0.0.3) is theirs to fix (SPF lacks Postmark),
    // no longer possibly forwarded; the unauthenticated mail from the same
    // network (10.0.0.1) stays suspicious: another Postmark customer's.
    let postmark = ServiceId::from_id("postmark").unwrap();
    index.marks.set_service(postmark, Mark::Mine);
    let overview = |index: &Index| summarize(index, &Filter::default()).overview;
    let before = overview(&index);

    // The data arrives after the rows: the unknown sender and the owner's
    // own mail in the documented network change; a service its domains
    // named (SendGrid's DKIM) keeps it.
    index.set_network_by(Some(Arc::new(sample())), by_asn);
    let attributed = vec![
        row("10.0.0.1", "postmark", true),
        row("10.0.0.2", "sendgrid", false),
        row("10.0.0.3", "postmark", true),
        row("10.0.1.1", "unknown", false),
        row("10.0.5.5", "unknown", false),
    ];
    assert_eq!(services(&index), attributed);
    let own: Vec<bool> = index
        .rows
        .flags
        .iter()
        .map(|f| f & BY_NETWORK_OWN != 0)
        .collect();
    assert_eq!(own, [false, false, true, false, false]);
    assert_eq!(index.sources.len(), groups, "no group left without rows");
    let after = overview(&index);
    assert_ne!(after, before, "a sender's family changed with its service");
    let judged = families(&index);
    assert_eq!(judged[0], ("10.0.0.1".into(), Family::Suspicious));
    assert_eq!(judged[2], ("10.0.0.3".into(), Family::FixNeeded));
    // The owner's word on the address itself still counts.
    index.marks.set_source("10.0.0.1", Mark::Mine);
    assert_eq!(families(&index)[0].1, Family::FixNeeded);
    index.marks.set_source("10.0.0.1", Mark::Unmarked);
    assert_eq!(after, overview(&index.clone()));
    let dashboard = summarize(&index, &Filter::default());
    let postmark = dashboard
        .services
        .iter()
        .find(|g| g.service.id() == "postmark")
        .map(|g| (g.sources.len(), g.counts.messages));
    assert_eq!(postmark, Some((2, 5)));
    let filter = Filter::from_query("service=postmark");
    assert_eq!(summarize(&index, &filter).headline.counts.messages, 5);

    // Applying it again changes nothing; removing it undoes exactly that.
    index.set_network_by(Some(Arc::new(sample())), by_asn);
    assert_eq!(services(&index), attributed);
    index.set_network(None);
    assert_eq!(services(&index), unattributed);
    assert_eq!(index.sources.len(), groups);
    assert_eq!(overview(&index), before);

    // Reports added while the data is applied are attributed at once.
    index.set_network_by(Some(Arc::new(sample())), by_asn);
    load(
        &mut index,
        &REPORT
            .replace("a1", "a2")
            .replace("10.0.0.1<", "10.0.10.9<"),
    );
    let added: Vec<_> = services(&index).split_off(5);
    assert_eq!(added.first(), Some(&row("10.0.10.9", "postmark", true)));
    assert_eq!(added.get(1), Some(&row("10.0.0.2", "sendgrid", false)));
}
