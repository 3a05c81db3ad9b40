//! The DKIM selector inventory over 20 days of reports: a key rotation
//! whose old key is still in use, an ESP key that stopped passing, a broken
//! key that never passed, a platform's own key, a key reported without
//! its selector, and unsigned mail (not a key).

use dmarc_core::analysis::{selectors, Filter, Index, SelectorState, ServiceId, MAX_SELECTORS};
use dmarc_core::ingest::{ingest_file, Limits};

use crate::verdicts::{record_xml, report_xml, Rec, BASE};

const OWN: &str = "192.0.2.1";
const SENDGRID: &str = "167.89.12.34";
const SES: &str = "54.240.8.10";

fn rec(ip: &'static str, dkim: &'static [(&'static str, &'static str, &'static str)]) -> Rec {
    Rec {
        ip,
        evaluated: None,
        dkim,
        ..BASE
    }
}

/// Day `day`'s records (2026-03-01 is day 0).
fn day_records(day: i64) -> Vec<String> {
    let mut out = Vec::new();
    // Key rotation on day 10: s2026 takes over, s2025 still signs a little.
    if day < 10 {
        out.push(record_xml(
            &rec(OWN, &[("example.com", "s2025", "pass")]),
            100,
        ));
    } else {
        out.push(record_xml(
            &rec(OWN, &[("Example.com.", "S2026", "pass")]),
            90,
        ));
        out.push(record_xml(
            &rec(OWN, &[("example.com", "s2025", "pass")]),
            5,
        ));
    }
    // The ESP's key passes for ten days, then its DNS record is gone.
    let k1 = if day < 10 { "pass" } else { "fail" };
    let esp: &'static [(&str, &str, &str)] = if day < 10 {
        &[
            ("example.com", "k1", "pass"),
            ("sendgrid.info", "smtpapi", "pass"),
        ]
    } else {
        &[
            ("example.com", "k1", "fail"),
            ("sendgrid.info", "smtpapi", "pass"),
        ]
    };
    assert_eq!(esp[0].2, k1);
    // SendGrid's bounce domain names the ESP (the sender catalogue lists no
    // SendGrid address ranges: none is documented).
    out.push(record_xml(
        &Rec {
            envelope_from: Some("bounces.sendgrid.net"),
            spf: &[("bounces.sendgrid.net", "mfrom", "pass")],
            ..rec(SENDGRID, esp)
        },
        20,
    ));
    // A broken key record, every day.
    out.push(record_xml(
        &rec(OWN, &[("example.com", "old", "permerror")]),
        3,
    ));
    // Amazon SES without a DKIM key of the domain: its own key, unaligned.
    out.push(record_xml(
        &rec(SES, &[("amazonses.com", "ug7nbtf4", "pass")]),
        10,
    ));
    // Unsigned mail, as AOL reports it (a placeholder `d=` with the
    // result `none`, "the message was not signed") and as others do: no key.
    out.push(record_xml(&rec(OWN, &[("not.evaluated", "", "none")]), 2));
    out.push(record_xml(&rec(SES, &[("example.com", "", "none")]), 4));
    // A reporter that leaves the selector out.
    if day == 19 {
        out.push(record_xml(&rec(OWN, &[("example.com", "", "pass")]), 1));
    }
    out
}

fn index() -> Index {
    let mut index = Index::new();
    for day in 0..20 {
        let xml = report_xml(
            &format!("r{day}"),
            "google.com",
            "p=none",
            day,
            &day_records(day),
        );
        let file = ingest_file("s.xml", xml.as_bytes(), &Limits::default());
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        for found in &file.reports {
            index.add("s.xml", &found.report);
        }
    }
    index
}

#[test]
fn every_key_with_its_history_and_what_it_says() {
    let index = index();
    let inventory = selectors(&index, &Filter::default());
    type Row<'a> = (
        &'a str,
        Option<&'a str>,
        bool,
        SelectorState,
        u64,
        u64,
        (&'a str, &'a str, Option<&'a str>),
    );
    let got: Vec<Row> = inventory
        .rows
        .iter()
        .map(|r| {
            assert_eq!(r.policy_domain, "example.com");
            (
                r.domain.as_str(),
                r.selector.as_deref(),
                r.aligned,
                r.state,
                r.messages,
                r.pass,
                (
                    r.first_date.as_deref().unwrap_or(""),
                    r.last_date.as_deref().unwrap_or(""),
                    r.last_pass_date.as_deref(),
                ),
            )
        })
        .collect();
    let (first, last) = ("2026-03-01", "2026-03-20");
    let want: Vec<Row> = vec![
        (
            "example.com",
            Some("k1"),
            true,
            SelectorState::StoppedPassing,
            400,
            200,
            (first, last, Some("2026-03-10")),
        ),
        (
            "example.com",
            Some("old"),
            true,
            SelectorState::NeverPassed,
            60,
            0,
            (first, last, None),
        ),
        (
            "example.com",
            Some("s2025"),
            true,
            SelectorState::Superseded,
            1050,
            1050,
            (first, last, Some(last)),
        ),
        (
            "example.com",
            Some("s2026"),
            true,
            SelectorState::Passing,
            900,
            900,
            ("2026-03-11", last, Some(last)),
        ),
        (
            "example.com",
            None,
            true,
            SelectorState::Passing,
            1,
            1,
            (last, last, Some(last)),
        ),
        (
            "sendgrid.info",
            Some("smtpapi"),
            false,
            SelectorState::Passing,
            400,
            400,
            (first, last, Some(last)),
        ),
        (
            "amazonses.com",
            Some("ug7nbtf4"),
            false,
            SelectorState::Passing,
            200,
            200,
            (first, last, Some(last)),
        ),
    ];
    assert_eq!(got, want);
    assert_eq!(inventory.total, want.len());
    let old = &inventory.rows[1];
    assert_eq!((old.errors, old.pass_rate), (60, Some(0.0)));
    let k1 = &inventory.rows[0];
    assert_eq!(k1.services, [ServiceId::from_id("sendgrid").unwrap()]);
    assert_eq!(k1.pass_rate, Some(0.5));
}

#[test]
fn the_filter_narrows_the_inventory() {
    let index = index();
    // Before the rotation, nothing is superseded and nothing has stopped.
    let early = Filter {
        to: Some(dmarc_core::analysis::date::day_of(crate::verdicts::START) + 10),
        ..Filter::default()
    };
    let inventory = selectors(&index, &early);
    assert!(inventory
        .rows
        .iter()
        .all(|r| matches!(r.state, SelectorState::Passing | SelectorState::NeverPassed)));
    assert!(inventory
        .rows
        .iter()
        .all(|r| r.selector.as_deref() != Some("s2026")));
    // Only the ESP's mail: its own keys.
    let esp = Filter {
        search: Some(SENDGRID.into()),
        ..Filter::default()
    };
    let esp = selectors(&index, &esp);
    let keys: Vec<Option<&str>> = esp.rows.iter().map(|r| r.selector.as_deref()).collect();
    assert_eq!(keys, [Some("k1"), Some("smtpapi")]);
}

#[test]
fn a_storm_of_spoofed_keys_is_cut_and_counted() {
    let records: Vec<String> = (0..MAX_SELECTORS + 50)
        .map(|i| {
            let domain: &'static str = Box::leak(format!("spoof{i}.example").into_boxed_str());
            let dkim: &'static [(&str, &str, &str)] =
                Box::leak(vec![(domain, "x", "fail")].into_boxed_slice());
            record_xml(&rec("198.51.100.9", dkim), 1 + i as u64)
        })
        .collect();
    let xml = report_xml("storm", "google.com", "p=none", 0, &records);
    let file = ingest_file("s.xml", xml.as_bytes(), &Limits::default());
    let mut index = Index::new();
    for found in &file.reports {
        index.add("s.xml", &found.report);
    }
    let inventory = selectors(&index, &Filter::default());
    assert_eq!(inventory.total, MAX_SELECTORS + 50);
    assert_eq!(inventory.rows.len(), MAX_SELECTORS);
    // The keys with the most messages are kept.
    assert!(inventory.rows.iter().all(|r| r.messages > 50));
}
