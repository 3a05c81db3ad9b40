//! Domains at a glance: one line per policy domain and subdomain, what needs
//! attention first; the focused dashboard's readiness is the overview's.

use dmarc_core::analysis::{
    overview, summarize, Family, Filter, Index, Mark, Outcome, Step, Verdict,
};
use dmarc_core::ingest::{ingest_file, Limits};
use dmarc_core::report::Report;
use dmarc_core::testdata::synthetic::Synthetic;

const DAY: i64 = 86_400;
/// 2026-03-01.
const START: i64 = 1_772_323_200;

/// An aligned record of the domain's own server (`pass`) or the same
/// server's mail failing both (a sender of the owner's, misconfigured:
/// the address is marked mine by the caller when needed).
fn record(ip: &str, header_from: &str, count: u64, pass: bool) -> String {
    let r = if pass { "pass" } else { "fail" };
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>\
         <disposition>none</disposition><dkim>{r}</dkim><spf>{r}</spf></policy_evaluated></row>\
         <identifiers><header_from>{header_from}</header_from></identifiers><auth_results>\
         <dkim><domain>{header_from}</domain><selector>s1</selector><result>{r}</result></dkim>\
         <spf><domain>{header_from}</domain><result>{r}</result></spf></auth_results></record>"
    )
}

fn add_report(index: &mut Index, id: &str, domain: &str, policy: &str, day: i64, records: &str) {
    let begin = START + day * DAY;
    let xml = format!(
        "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>google.com</org_name>\
         <email>noreply-dmarc-support@google.com</email><report_id>{id}</report_id>\
         <date_range><begin>{begin}</begin><end>{end}</end></date_range></report_metadata>\
         <policy_published><domain>{domain}</domain><p>{policy}</p></policy_published>{records}</feedback>",
        end = begin + DAY - 1,
    );
    let file = ingest_file("o.xml", xml.as_bytes(), &Limits::default());
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    for found in &file.reports {
        index.add("o.xml", &found.report);
    }
}

/// (domain, policy, days with reports, messages passing per day, failing
/// per day from the same address, subdomain mail per day)
type Case = (&'static str, &'static str, i64, u64, u64, u64);

#[test]
fn lines_come_most_urgent_first_with_their_subdomains() {
    let cases: [Case; 6] = [
        // Plenty of mail, at reject, all passing: nothing to do.
        ("quiet.example", "reject", 20, 500, 0, 0),
        // Too little data.
        ("new.example", "none", 3, 100, 0, 0),
        // Ready for quarantine, with a subdomain of its own.
        ("ready.example", "none", 20, 100, 0, 30),
        // The owner's mail failing under reject: mail bounced now.
        ("bounce.example", "reject", 20, 100, 100, 0),
        // A sender of the owner's failing at p=none: fix first.
        ("fix.example", "none", 20, 100, 20, 0),
        // A report that named no policy domain.
        ("", "none", 1, 5, 0, 0),
    ];
    let mut index = Index::new();
    // The owner's server, said to be theirs: its failing mail is a fix.
    index.marks.set_source("192.0.2.1", Mark::Mine);
    for (domain, policy, days, pass, fail, sub) in cases {
        for day in 0..days {
            let mut records = record("192.0.2.1", domain, pass, true);
            if fail > 0 {
                records.push_str(&record("192.0.2.1", domain, fail, false));
            }
            if sub > 0 {
                records.push_str(&record("192.0.2.1", &format!("news.{domain}"), sub, true));
            }
            add_report(
                &mut index,
                &format!("{domain}-{day}"),
                domain,
                policy,
                day,
                &records,
            );
        }
    }
    let lines = overview(&index, &Filter::default());
    let got: Vec<(&str, Option<&str>, Option<Verdict>, u64)> = lines
        .iter()
        .map(|l| {
            (
                l.domain.as_str(),
                l.parent.as_deref(),
                l.verdict,
                l.counts.messages,
            )
        })
        .collect();
    let want: Vec<(&str, Option<&str>, Option<Verdict>, u64)> = vec![
        (
            "bounce.example",
            None,
            Some(Verdict::OwnMailFailingUnderEnforcement),
            4000,
        ),
        ("fix.example", None, Some(Verdict::FixSendersFirst), 2400),
        (
            "ready.example",
            None,
            Some(Verdict::ReadyForQuarantine),
            2600,
        ),
        ("news.ready.example", Some("ready.example"), None, 600),
        ("new.example", None, Some(Verdict::NotEnoughData), 300),
        ("", None, Some(Verdict::NotEnoughData), 5),
        ("quiet.example", None, Some(Verdict::AtReject), 10_000),
    ];
    assert_eq!(got, want);
    let ready = &lines[2];
    assert_eq!(ready.policy.as_deref(), Some("p=none"));
    assert_eq!(lines[3].policy.as_deref(), Some("sp=none"));
    assert_eq!(ready.counts.dmarc_pass, 2600);
    assert_eq!(ready.dmarc_pass_rate, Some(1.0));
    let fix = &lines[1];
    assert_eq!(fix.counts.dmarc_pass, 2000);
    let families: u64 = fix.families.iter().map(|f| f.messages).sum();
    assert_eq!(families, fix.counts.messages);

    // Focusing on a domain: the overview keeps every domain, readiness
    // shows the focused one, with the overview's verdict.
    for line in lines
        .iter()
        .filter(|l| l.parent.is_none() && !l.domain.is_empty())
    {
        let focused = summarize(
            &index,
            &Filter {
                domain: Some(line.domain.to_uppercase()),
                ..Filter::default()
            },
        );
        assert_eq!(focused.overview, lines, "{}", line.domain);
        let verdicts: Vec<Verdict> = focused.readiness.iter().map(|r| r.verdict).collect();
        assert_eq!(verdicts, line.verdict.into_iter().collect::<Vec<_>>());
        assert_eq!(focused.headline.counts.messages, line.counts.messages);
    }
}

/// A generated year of five domains: every message in exactly one domain
/// line, families summing to the messages, and the same lines for the
/// dashboard whatever it focuses on.
#[test]
fn a_generated_year_of_five_domains() {
    let domains = [
        "example.com",
        "example.co.jp",
        "shop.example.net",
        "example.org",
        "mail.example.io",
    ];
    let mut index = Index::new();
    for r in Synthetic::new(14)
        .domains(&domains)
        .records(20_000)
        .per_report(40)
    {
        index.add("s.xml", &Report::Aggregate(r));
    }
    let all = summarize(&index, &Filter::default());
    let parents: Vec<_> = all.overview.iter().filter(|l| l.parent.is_none()).collect();
    assert_eq!(parents.len(), domains.len());
    let total: u64 = parents.iter().map(|l| l.counts.messages).sum();
    assert_eq!(total, all.headline.counts.messages);
    for line in &all.overview {
        let by_family: u64 = line.families.iter().map(|f| f.messages).sum();
        assert_eq!(by_family, line.counts.messages, "{}", line.domain);
        assert!(line.verdict.is_some() == line.parent.is_none());
    }
    let ranks: Vec<u8> = parents
        .iter()
        .filter_map(|l| l.verdict.map(Verdict::attention))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // The first domain's policy changed to quarantine half-way.
    let first = parents.iter().find(|l| l.domain == "example.com");
    assert_eq!(
        first.and_then(|l| l.policy.as_deref()),
        Some("p=quarantine")
    );
    assert!(all
        .overview
        .iter()
        .any(|l| l.families.iter().any(|f| f.family == Family::Suspicious)));

    // A year: week by week, every message in one bucket, and the one
    // policy change as a marker in its week.
    let t = &all.timeline;
    assert_eq!(t.step, Step::Week);
    let in_buckets: u64 = t.buckets.iter().map(|b| b.messages()).sum();
    assert_eq!(in_buckets, all.headline.counts.messages);
    let by_family: u64 = t.buckets.iter().flat_map(|b| b.families).sum();
    assert_eq!(by_family, in_buckets);
    assert!(t
        .ticks
        .last()
        .is_some_and(|top| t.buckets.iter().all(|b| b.messages() <= *top)));
    let markers: Vec<(&str, &str, &str)> = t
        .markers
        .iter()
        .map(|m| (m.domain.as_str(), m.from.as_str(), m.to.as_str()))
        .collect();
    assert_eq!(markers, [("example.com", "p=none", "p=quarantine")]);
    // Half-way through 2025 (day 20_089 + 182).
    assert!((20_089 + 175..=20_089 + 190).contains(&t.markers[0].day));
    // Ten days: day by day; focused on another domain: no marker.
    let ten = summarize(
        &index,
        &Filter {
            domain: Some("example.org".into()),
            from: Some(20_089 + 59),
            to: Some(20_089 + 69),
            ..Filter::default()
        },
    );
    assert_eq!(ten.timeline.step, Step::Day);
    assert!(ten.timeline.buckets.len() <= 10);
    assert!(ten.timeline.markers.is_empty());
}

/// Reporters as organisations: grouped on the reporting address's
/// organisational domain and the alias table, every name listed, a report
/// without a name named by its e-mail domain; the filter takes the
/// organisation, and the name a report was signed with (older links).
#[test]
fn reporters_merge_into_organisations() {
    // (org_name, email, messages)
    let reports: [(&str, &str, u64); 8] = [
        ("Yahoo! Inc.", "dmarc-noreply@yahoo.com", 1),
        ("Yahoo", "dmarchelp@yahooinc.com", 2),
        ("Yahoo", "dmarchelp@yahooinc.com", 4),
        ("Outlook.com", "dmarcreport@microsoft.com", 8),
        ("Enterprise Outlook", "dmarcreport@microsoft.com", 16),
        ("Microsoft Corporation", "dmarcreport@microsoft.com", 32),
        ("", "administrator@accurateplastics.com", 64),
        ("google.com", "noreply-dmarc-support@google.com", 128),
    ];
    let mut index = Index::new();
    for (i, (org, email, count)) in reports.iter().enumerate() {
        let xml = format!(
            "<feedback><report_metadata><org_name>{org}</org_name><email>{email}</email>\
             <report_id>r{i}</report_id><date_range><begin>{begin}</begin><end>{end}</end>\
             </date_range></report_metadata><policy_published><domain>example.com</domain>\
             <p>none</p></policy_published>{record}</feedback>",
            begin = START,
            end = START + DAY - 1,
            record = record("192.0.2.1", "example.com", *count, true),
        );
        let file = ingest_file("r.xml", xml.as_bytes(), &Limits::default());
        for found in &file.reports {
            index.add("r.xml", &found.report);
        }
    }
    let d = summarize(&index, &Filter::default());
    let got: Vec<(&str, &str, Vec<&str>, u64, u64)> = d
        .reporters
        .iter()
        .map(|r| {
            (
                r.organisation.as_str(),
                r.reporter.as_str(),
                r.names.iter().map(String::as_str).collect(),
                r.counts.messages,
                r.reports,
            )
        })
        .collect();
    let want: Vec<(&str, &str, Vec<&str>, u64, u64)> = vec![
        ("google.com", "google.com", vec!["google.com"], 128, 1),
        (
            "accurateplastics.com",
            "accurateplastics.com",
            vec!["accurateplastics.com"],
            64,
            1,
        ),
        (
            "microsoft.com",
            "Enterprise Outlook",
            vec!["Enterprise Outlook", "Microsoft Corporation", "Outlook.com"],
            56,
            3,
        ),
        ("yahoo.com", "Yahoo", vec!["Yahoo", "Yahoo! Inc."], 7, 3),
    ];
    assert_eq!(got, want);
    assert_eq!(d.headline.reporters, 4);
    assert_eq!(
        d.reporter_labels,
        [
            "accurateplastics.com",
            "Enterprise Outlook",
            "google.com",
            "Yahoo"
        ]
    );
    assert_eq!(
        d.reporter_names,
        [
            "accurateplastics.com",
            "microsoft.com",
            "google.com",
            "yahoo.com"
        ]
    );
    for (reporter, messages) in [
        ("yahoo.com", 7),
        ("Microsoft.com", 56),
        ("Yahoo! Inc.", 1),
        ("Outlook.com", 8),
        ("nobody.example", 0),
    ] {
        let filter = Filter {
            reporter: Some(reporter.into()),
            ..Filter::default()
        };
        let got = summarize(&index, &filter).headline.counts.messages;
        assert_eq!(got, messages, "{reporter}");
    }
}

/// The index keeps the last overview and readiness: a filter change that
/// keeps the period reuses them, and anything they depend on (a report
/// added, a mark, the period) gives them afresh, as a fresh index would.
#[test]
fn the_kept_overview_follows_what_it_depends_on() {
    let mut index = Index::new();
    let fresh = |index: &Index, filter: &Filter| {
        // A clone starts with no overview kept.
        let d = summarize(&index.clone(), filter);
        (d.overview, d.readiness)
    };
    let shown = |index: &Index, filter: &Filter| {
        let d = summarize(index, filter);
        (d.overview, d.readiness)
    };
    for day in 0..20 {
        let records = record("192.0.2.1", "ready.example", 100, true)
            + &record("198.51.100.9", "ready.example", 5, false);
        add_report(
            &mut index,
            &format!("r-{day}"),
            "ready.example",
            "none",
            day,
            &records,
        );
    }
    let all = Filter::default();
    let before = shown(&index, &all);
    assert_eq!(before, fresh(&index, &all));
    // Another part of the filter: the same overview, taken from the index.
    let failing = Filter {
        outcome: Outcome::Fail,
        ..Filter::default()
    };
    assert_eq!(shown(&index, &failing), before);
    // A mark changes the families, so the overview.
    index.marks.set_source("198.51.100.9", Mark::Mine);
    let marked = shown(&index, &all);
    assert_ne!(marked, before);
    assert_eq!(marked, fresh(&index, &all));
    // A report added.
    add_report(
        &mut index,
        "r-20",
        "ready.example",
        "none",
        20,
        &record("192.0.2.1", "ready.example", 7, true),
    );
    let added = shown(&index, &all);
    assert_ne!(added, marked);
    assert_eq!(added, fresh(&index, &all));
    // Another period.
    let first_week = Filter {
        to: Some(((START + 6 * DAY) / DAY) as i32),
        ..Filter::default()
    };
    let week = shown(&index, &first_week);
    assert_ne!(week, added);
    assert_eq!(week, fresh(&index, &first_week));
}

/// Mail from a subdomain is the owner's mail from subdomains however often
/// the same record comes back: whether a record's From domain is a subdomain
/// is worked out once per kind of record and remembered for the next rows.
#[test]
fn subdomain_mail_is_told_apart_on_every_day_it_comes() {
    let mut index = Index::new();
    for day in 0..3 {
        let records = [
            record("192.0.2.1", "example.com", 10, true),
            record("192.0.2.1", "news.example.com", 5, true),
        ]
        .concat();
        add_report(
            &mut index,
            &format!("sub-{day}"),
            "example.com",
            "none",
            day,
            &records,
        );
    }
    let d = summarize(&index, &Filter::default());
    let r = d
        .readiness
        .iter()
        .find(|r| r.domain == "example.com")
        .expect("the domain is judged");
    assert_eq!(r.messages, 45);
    assert_eq!(
        (r.own_subdomains.messages, r.own_subdomains.passing),
        (15, 15)
    );
}

/// The same kind of record under two policy domains in turn — a subdomain
/// sending as itself, reported under its parent's policy on some days and
/// under its own record on others — is subdomain mail of the parent only:
/// the answer kept for a shape is for the domain it was asked for.
#[test]
fn a_subdomain_with_its_own_record_is_not_its_own_subdomain() {
    let mut index = Index::new();
    let sub = record("192.0.2.1", "news.example.com", 5, true);
    for (day, domain) in [
        (0, "example.com"),
        (1, "news.example.com"),
        (2, "example.com"),
        (3, "news.example.com"),
    ] {
        add_report(
            &mut index,
            &format!("turns-{day}"),
            domain,
            "none",
            day,
            &sub,
        );
    }
    let d = summarize(&index, &Filter::default());
    let of = |domain: &str| {
        let r = d
            .readiness
            .iter()
            .find(|r| r.domain == domain)
            .expect("the domain is judged");
        (r.messages, r.own_subdomains.messages)
    };
    assert_eq!(of("example.com"), (10, 10));
    assert_eq!(of("news.example.com"), (10, 0));
}
