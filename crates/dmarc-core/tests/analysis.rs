//! The analysis over the shared corpus and over hand-written scenarios:
//! totals, forwarding, Amazon SES without a custom MAIL FROM, spoofing,
//! duplicates, filters, readiness, the translation catalogue, and the
//! filter-change benchmark at 1,000,000 records (ignored; run with
//! `cargo test -p dmarc-core --release --test tests analysis::filter_change_at_one_million_records -- --ignored --nocapture`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use dmarc_core::analysis::{
    all_codes, summarize, Diagnosis, Filter, Index, Mark, Outcome, ServiceId, SourceFilter, Verdict,
};
use dmarc_core::ingest::{ingest_file, Limits, ReportSet};
use dmarc_core::report::Report;
use dmarc_core::testdata::synthetic::Synthetic;
use serde_json::Value;

use super::corpus;

/// Expected messages of a file: the `sum_count` of its aggregate reports,
/// each distinct report once.
fn expected_messages(facts: &Value) -> u64 {
    let mut seen = HashSet::new();
    let mut total = 0;
    for r in facts["reports"].as_array().into_iter().flatten() {
        if r["type"] != "aggregate" {
            continue;
        }
        let key = (
            r["org_name"].to_string(),
            r["report_id"].to_string(),
            r["policy_domain"].to_string(),
            r["date_begin"].to_string(),
            r["date_end"].to_string(),
        );
        if seen.insert(key) {
            total += r["sum_count"].as_u64().unwrap_or(0);
        }
    }
    total
}

#[test]
fn corpus_totals_match_the_expected_facts() {
    let on_disk = corpus::files();
    let mut set = ReportSet::new();
    let (mut files, mut mismatches) = (0, Vec::new());
    for path in &on_disk {
        let name = corpus::relative(path);
        let bytes = std::fs::read(path).unwrap();
        let facts = corpus::facts(&name).unwrap_or_else(|| panic!("{name}: no expected facts"));
        let outcome = ingest_file(&name, &bytes, &Limits::default());
        let alone = Index::build(outcome.reports.iter().map(|r| (name.as_str(), &r.report)));
        let shown = summarize(&alone, &Filter::default())
            .headline
            .counts
            .messages;
        let parsed: u64 = outcome
            .reports
            .iter()
            .filter_map(|r| match &r.report {
                Report::Aggregate(a) => Some(a),
                _ => None,
            })
            .map(|a| a.message_count())
            .sum::<u64>();
        let want = expected_messages(&facts);
        assert_eq!(
            shown, parsed,
            "{name}: the dashboard counts what the parser read"
        );
        let recovered = facts["reports"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["recovered"] == true);
        if shown != want && !recovered {
            mismatches.push(format!(
                "{name}: dashboard {shown}, facts {want}, parsed {parsed}"
            ));
        }
        files += 1;
        set.add(outcome);
    }
    println!("analysis over {files} corpus files; mismatches: {mismatches:#?}");
    assert_eq!(files, on_disk.len(), "every corpus file is analysed");
    // Reports the facts recovered from XML that is not well-formed may be
    // rejected instead; other mismatches can only come from the parser's
    // known gaps (listed in tests/ingest/conformance.rs), never from counting.
    assert!(mismatches.len() <= 2, "{mismatches:#?}");
    let index = Index::from_set(&set);
    let all = summarize(&index, &Filter::default());
    let from_set: u64 = set
        .reports()
        .filter_map(|(_, r)| match &r.report {
            Report::Aggregate(a) => Some(a.message_count()),
            _ => None,
        })
        .sum();
    assert_eq!(all.headline.counts.messages, from_set);
    println!(
        "corpus: {} messages in {} reports ({} indexed, {} in the set)",
        all.headline.counts.messages,
        all.headline.reports,
        index.reports.len(),
        set.reports().count()
    );
    assert!(all.headline.counts.messages > 1_000);
    // One model, one truth: the export (`dmarc-lens parse`, the page's
    // CSV/JSON) adds up to the headline. Real reports whose
    // `policy_evaluated` disagrees with their `auth_results` (Zoho, Yahoo,
    // the legacy namespace) once made the aligned counts differ.
    let session = dmarc_core::session::Session::from_set(set.clone());
    let rows: Vec<_> = session.export(&Filter::default()).rows().collect();
    let sum = |keep: &dyn Fn(&dmarc_core::export::RecordRow) -> bool| -> u64 {
        rows.iter()
            .filter(|r| keep(r))
            .map(|r| r.count.unwrap_or(0))
            .sum()
    };
    let c = &all.headline.counts;
    let disposition = |d: &'static str| {
        move |r: &dmarc_core::export::RecordRow| r.disposition.as_deref() == Some(d)
    };
    assert_eq!(
        (rows.len() as u64, sum(&|_| true), sum(&|r| r.dmarc_pass)),
        (c.records, c.messages, c.dmarc_pass),
        "records, messages, DMARC pass"
    );
    assert_eq!(
        (sum(&|r| r.spf_aligned), sum(&|r| r.dkim_aligned)),
        (c.spf_aligned, c.dkim_aligned),
        "aligned SPF, aligned DKIM"
    );
    assert_eq!(
        (sum(&disposition("quarantine")), sum(&disposition("reject"))),
        (c.quarantined, c.rejected),
        "quarantined, rejected"
    );
    // Each record's family in the export is the dashboard's.
    let mut shown = std::collections::BTreeMap::<&str, u64>::new();
    for service in &all.services {
        for d in &service.diagnoses {
            *shown.entry(d.diagnosis.code()).or_default() += d.messages;
        }
    }
    let mut exported = std::collections::BTreeMap::<&str, u64>::new();
    for r in &rows {
        *exported
            .entry(r.diagnosis.as_deref().unwrap_or("none"))
            .or_default() += r.count.unwrap_or(0);
    }
    assert_eq!(shown, exported, "messages per diagnosis");
    // The domains partition the total; so do the outcomes.
    let by_domain: u64 = all
        .domains
        .iter()
        .map(|d| {
            let f = Filter {
                domain: Some(d.clone()),
                ..Filter::default()
            };
            summarize(&index, &f).headline.counts.messages
        })
        .sum();
    assert_eq!(by_domain, from_set);
    let by_outcome: u64 = [Outcome::Pass, Outcome::Fail]
        .iter()
        .map(|o| {
            summarize(
                &index,
                &Filter {
                    outcome: *o,
                    ..Filter::default()
                },
            )
            .headline
            .counts
            .messages
        })
        .sum();
    assert_eq!(by_outcome, from_set);
    for g in &all.services {
        let diagnoses: Vec<String> = g
            .diagnoses
            .iter()
            .map(|d| format!("{} {}", d.diagnosis.code(), d.messages))
            .collect();
        println!(
            "{:>16} {:>6} messages, {:>3} addresses: {}",
            g.service.id(),
            g.counts.messages,
            g.sources_total,
            diagnoses.join(", ")
        );
    }
    let by_service: u64 = all.services.iter().map(|s| s.counts.messages).sum();
    assert_eq!(by_service, from_set);
    assert!(!all.failures.is_empty(), "corpus failure reports listed");
    assert!(!all.tls.is_empty(), "corpus TLS reports summarised");
    assert!(all.tls.iter().any(|t| !t.mx_hosts.is_empty()));
}

/// One `<record>`: ip, count, disposition, aligned dkim, aligned spf,
/// header from, envelope from, dkim (domain, result), spf (domain, result),
/// reason.
#[allow(clippy::too_many_arguments)]
fn record(
    ip: &str,
    count: u64,
    disposition: &str,
    dkim: &str,
    spf: &str,
    envelope: &str,
    auth_dkim: &[(&str, &str)],
    auth_spf: &[(&str, &str)],
    reason: Option<&str>,
) -> String {
    let reason = reason
        .map(|r| format!("<reason><type>{r}</type></reason>"))
        .unwrap_or_default();
    let dkim_auth: String = auth_dkim
        .iter()
        .map(|(d, r)| {
            format!("<dkim><domain>{d}</domain><selector>s1</selector><result>{r}</result></dkim>")
        })
        .collect();
    let spf_auth: String = auth_spf
        .iter()
        .map(|(d, r)| {
            format!("<spf><domain>{d}</domain><scope>mfrom</scope><result>{r}</result></spf>")
        })
        .collect();
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>\
         <disposition>{disposition}</disposition><dkim>{dkim}</dkim><spf>{spf}</spf>{reason}\
         </policy_evaluated></row><identifiers><header_from>example.com</header_from>\
         <envelope_from>{envelope}</envelope_from></identifiers><auth_results>{dkim_auth}{spf_auth}\
         </auth_results></record>"
    )
}

fn report(org: &str, id: &str, domain: &str, day: i64, p: &str, records: &[String]) -> Vec<u8> {
    let begin = day * 86_400;
    format!(
        "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>{org}</org_name>\
         <email>dmarc@{org}</email><report_id>{id}</report_id><date_range><begin>{begin}</begin>\
         <end>{}</end></date_range></report_metadata><policy_published><domain>{domain}</domain>\
         <adkim>r</adkim><aspf>r</aspf><p>{p}</p><pct>100</pct></policy_published>{}</feedback>",
        begin + 86_399,
        records.concat()
    )
    .into_bytes()
}

/// 2024-01-01.
const DAY: i64 = 19_723;

fn scenario() -> (ReportSet, Index) {
    let forwarded = record(
        "203.0.113.5",
        4,
        "none",
        "pass",
        "fail",
        "example.com",
        &[("example.com", "pass")],
        &[("example.com", "softfail")],
        None,
    );
    let ses = record(
        "54.240.8.10",
        100,
        "none",
        "pass",
        "fail",
        "eu-west-1.amazonses.com",
        &[("example.com", "pass"), ("amazonses.com", "pass")],
        &[("eu-west-1.amazonses.com", "pass")],
        None,
    );
    let spoof = record(
        "185.220.101.7",
        3,
        "none",
        "fail",
        "fail",
        "example.com",
        &[],
        &[("example.com", "fail")],
        None,
    );
    let own = record(
        "192.0.2.25",
        50,
        "none",
        "pass",
        "pass",
        "example.com",
        &[("example.com", "pass")],
        &[("example.com", "pass")],
        None,
    );
    let gateway_forward = record(
        "198.51.100.9",
        2,
        "none",
        "pass",
        "fail",
        "example.com",
        &[("example.com", "pass")],
        &[("example.com", "fail")],
        Some("forwarded"),
    );
    let files = [
        (
            "google.xml",
            report(
                "google.com",
                "g1",
                "example.com",
                DAY,
                "none",
                &[forwarded, ses.clone(), spoof.clone()],
            ),
        ),
        (
            "yahoo.xml",
            report(
                "Yahoo",
                "y1",
                "example.com",
                DAY + 1,
                "quarantine",
                &[ses, own],
            ),
        ),
        (
            "gateway.xml",
            report(
                "Partner Gateway",
                "p1",
                "example.com",
                DAY + 2,
                "quarantine",
                &[gateway_forward],
            ),
        ),
        (
            "other.xml",
            report(
                "google.com",
                "g2",
                "other.example",
                DAY + 40,
                "reject",
                &[spoof],
            ),
        ),
    ];
    let mut set = ReportSet::new();
    let mut index = Index::new();
    for (name, bytes) in &files {
        let outcome = ingest_file(name, bytes, &Limits::default());
        assert_eq!(outcome.reports.len(), 1, "{name}: {:?}", outcome.errors);
        for r in &outcome.reports {
            assert!(index.add(name, &r.report));
        }
        set.add(outcome);
    }
    (set, index)
}

fn source<'a>(
    d: &'a dmarc_core::analysis::Dashboard,
    ip: &str,
) -> &'a dmarc_core::analysis::SourceRow {
    d.services
        .iter()
        .flat_map(|g| &g.sources)
        .find(|s| s.ip == ip)
        .unwrap()
}

#[test]
fn scenario_diagnoses_forwarding_ses_and_spoofing() {
    let (_, index) = scenario();
    let d = summarize(
        &index,
        &Filter {
            domain: Some("example.com".into()),
            ..Filter::default()
        },
    );
    let h = &d.headline;
    assert_eq!(h.counts.messages, 4 + 100 + 3 + 100 + 50 + 2);
    assert_eq!(h.counts.records, 6);
    assert_eq!(h.counts.dmarc_pass, 4 + 100 + 100 + 50 + 2);
    assert_eq!(h.counts.spf_aligned, 50);
    assert_eq!(h.sources, 5);
    assert_eq!(h.reporters, 3);
    assert_eq!(h.first_date.as_deref(), Some("2024-01-01"));
    assert_eq!(h.last_date.as_deref(), Some("2024-01-03"));
    let cases = [
        ("203.0.113.5", "own_domain", Diagnosis::Forwarded),
        ("198.51.100.9", "own_domain", Diagnosis::Forwarded),
        ("54.240.8.10", "amazon_ses", Diagnosis::SesDefaultMailFrom),
        ("185.220.101.7", "unknown", Diagnosis::Unauthenticated),
        ("192.0.2.25", "own_domain", Diagnosis::Aligned),
    ];
    for (ip, service, diagnosis) in cases {
        let s = source(&d, ip);
        assert_eq!((s.service.id(), s.diagnosis), (service, diagnosis), "{ip}");
    }
    let ses = source(&d, "54.240.8.10");
    assert_eq!(ses.counts.messages, 200);
    assert_eq!(ses.envelope_from, ["eu-west-1.amazonses.com"]);
    assert_eq!(ses.dkim_domains, ["amazonses.com", "example.com"]);
    assert_eq!(ses.spf_results, ["pass"]);
    let rows = dmarc_core::analysis::source_rows(&index, &Filter::default(), ses.source, 200);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        dmarc_core::analysis::source_rows(&index, &Filter::default(), ses.source, 1).len(),
        1
    );
    let detail = index.record(rows[1]).unwrap();
    assert_eq!(
        (detail.file.as_str(), detail.report_id.as_deref()),
        ("yahoo.xml", Some("y1"))
    );
    assert_eq!((detail.count, detail.position), (100, 0));
    assert_eq!(d.daily.len(), 3);
    assert_eq!((d.daily[0].passed, d.daily[0].failed), (104, 3));
    // The policy seen changed from none to quarantine.
    let changes: Vec<(&str, bool)> = d
        .policies
        .iter()
        .map(|p| (p.p.as_deref().unwrap_or(""), p.changed))
        .collect();
    assert_eq!(changes.len(), 3);
    assert!(d.policies.iter().all(|p| p.record.starts_with("p=")));
    assert_eq!(d.domains, ["example.com", "other.example"]);
}

#[test]
fn duplicates_are_not_counted_twice() {
    let (set, mut index) = scenario();
    let before = summarize(&index, &Filter::default())
        .headline
        .counts
        .messages;
    let again = ingest_file(
        "copy.xml",
        &report("Yahoo", "y1", "example.com", DAY + 1, "quarantine", &[]),
        &Limits::default(),
    );
    assert!(!index.add("copy.xml", &again.reports[0].report));
    assert_eq!(index.duplicates, 1);
    assert_eq!(
        summarize(&index, &Filter::default())
            .headline
            .counts
            .messages,
        before
    );
    let mut twice = set.clone();
    for file in set.files() {
        twice.add(file.clone());
    }
    assert_eq!(
        summarize(&Index::from_set(&twice), &Filter::default())
            .headline
            .counts
            .messages,
        before
    );
    // A serialised index reads back to the same dashboard, and still dedupes.
    let json = serde_json::to_string(&index).unwrap();
    let mut back: Index = serde_json::from_str(&json).unwrap();
    assert_eq!(
        summarize(&back, &Filter::default()),
        summarize(&index, &Filter::default())
    );
    assert!(!back.add("copy.xml", &again.reports[0].report));
}

#[test]
fn filters_narrow_correctly() {
    let (_, index) = scenario();
    let ses = ServiceId::from_id("amazon_ses").unwrap();
    let all = Filter::default();
    let cases: [(Filter, u64); 11] = [
        (all.clone(), 262),
        (
            Filter {
                domain: Some("OTHER.example".into()),
                ..all.clone()
            },
            3,
        ),
        (
            Filter {
                domain: Some("nope.example".into()),
                ..all.clone()
            },
            0,
        ),
        (
            Filter {
                from: Some(DAY as i32 + 1),
                to: Some(DAY as i32 + 3),
                ..all.clone()
            },
            152,
        ),
        (
            Filter {
                reporter: Some("google.com".into()),
                ..all.clone()
            },
            110,
        ),
        (
            Filter {
                outcome: Outcome::Fail,
                ..all.clone()
            },
            6,
        ),
        (
            Filter {
                outcome: Outcome::Pass,
                ..all.clone()
            },
            256,
        ),
        (
            Filter {
                source: Some(SourceFilter::Service(ses)),
                ..all.clone()
            },
            200,
        ),
        (
            Filter {
                source: Some(SourceFilter::Ip("185.220.101.7".into())),
                ..all.clone()
            },
            6,
        ),
        (
            Filter {
                search: Some("AMAZONSES".into()),
                ..all.clone()
            },
            200,
        ),
        (
            Filter {
                search: Some("203.0.113".into()),
                outcome: Outcome::Pass,
                ..all.clone()
            },
            4,
        ),
    ];
    for (filter, want) in cases {
        let d = summarize(&index, &filter);
        assert_eq!(d.headline.counts.messages, want, "{}", filter.to_query());
        let by_service: u64 = d.services.iter().map(|s| s.counts.messages).sum();
        let by_reporter: u64 = d.reporters.iter().map(|r| r.counts.messages).sum();
        let by_day: u64 = d.daily.iter().map(|p| p.passed + p.failed).sum();
        assert_eq!(
            (by_service, by_reporter, by_day),
            (want, want, want),
            "{}",
            filter.to_query()
        );
        assert_eq!(Filter::from_query(&filter.to_query()), filter);
    }
}

#[test]
fn readiness_on_synthetic_reports() {
    let mut index = Index::new();
    for r in Synthetic::new(3).records(60_000).per_report(20) {
        index.add("synthetic.xml", &Report::Aggregate(r));
    }
    let d = summarize(&index, &Filter::default());
    assert_eq!(d.readiness.len(), 3);
    for r in &d.readiness {
        assert!(r.days_with_data >= 14, "{r:?}");
        assert!(r.unreviewed_messages > 0);
        // Mailchimp authenticates only as itself: the owner must say whether
        // it is theirs before anything else.
        assert_eq!(r.verdict, Verdict::ReviewSourcesFirst, "{r:?}");
        assert!(
            r.review.iter().any(|i| i.service.id() == "mailchimp"),
            "{r:?}"
        );
    }
    // Once Mailchimp is marked as theirs, it is the sender to fix first.
    let mailchimp = dmarc_core::analysis::ServiceId::from_id("mailchimp").unwrap();
    index.marks.set_service(mailchimp, Mark::Mine);
    let mut unknown = dmarc_core::analysis::Marks::default();
    for g in summarize(&index, &Filter::default()).services {
        if g.service.id() == "unknown" {
            for s in &g.sources {
                unknown.set_source(&s.ip, Mark::NotMine);
            }
        }
    }
    index.marks.merge(unknown);
    let d = summarize(&index, &Filter::default());
    for r in &d.readiness {
        // example.com quarantines already: its own failing mail is being
        // filtered now, the most urgent verdict.
        let want = if r.applied.p.as_str() == "quarantine" {
            Verdict::OwnMailFailingUnderEnforcement
        } else {
            Verdict::FixSendersFirst
        };
        assert_eq!(r.verdict, want, "{r:?}");
        assert_eq!(r.failing_services[0].service.id(), "mailchimp", "{r:?}");
        assert_eq!(
            r.failing_services[0].diagnosis,
            Diagnosis::ServiceNotSetUp,
            "{r:?}"
        );
    }
    let example = d
        .readiness
        .iter()
        .find(|r| r.domain == "example.com")
        .unwrap();
    assert_eq!(example.applied.p.as_str(), "quarantine");
    assert!(d
        .policies
        .iter()
        .any(|p| p.domain == "example.com" && p.changed));
    // Every diagnosis counts in its service's list, listed address or not
    // (spoofing comes from many small addresses).
    let diagnoses: HashSet<Diagnosis> = d
        .services
        .iter()
        .flat_map(|g| &g.diagnoses)
        .map(|c| c.diagnosis)
        .collect();
    for want in [
        Diagnosis::Aligned,
        Diagnosis::SesDefaultMailFrom,
        Diagnosis::SpfNotAligned,
        Diagnosis::ServiceNotSetUp,
        Diagnosis::NotMine,
    ] {
        assert!(diagnoses.contains(&want), "{want:?} in {diagnoses:?}");
    }
}

#[test]
fn every_code_has_english_and_japanese_text() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales/analysis.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(key) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            entries.push((key.to_owned(), Vec::new()));
        } else if let Some((lang, value)) = line.split_once(" = ") {
            if let Some((_, langs)) = entries.last_mut() {
                assert!(
                    value.starts_with('"') && value.ends_with('"') && value.len() > 2,
                    "{line}"
                );
                langs.push(lang.to_owned());
            }
        }
    }
    let keys: HashSet<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    for code in all_codes() {
        assert!(
            keys.contains(code.as_str()),
            "{code} missing from {}",
            path.display()
        );
    }
    for (key, langs) in &entries {
        assert_eq!(langs, &["en", "ja"], "{key}");
    }
    assert_eq!(entries.len(), all_codes().len(), "no stale keys");
}

/// Filter changes at 1,000,000 records, native. Run in release:
/// `cargo test -p dmarc-core --release --test tests analysis::filter_change_at_one_million_records -- --ignored --nocapture`
#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn filter_change_at_one_million_records() {
    let n: usize = std::env::var("ANALYSIS_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let start = Instant::now();
    let mut index = Index::new();
    for r in Synthetic::new(42).records(n) {
        index.add("synthetic.xml", &Report::Aggregate(r));
    }
    println!(
        "index of {} records ({} reports, {} addresses, {} shapes) built in {:?}",
        index.rows.len(),
        index.reports.len(),
        index.ips.len(),
        index.shapes.len(),
        start.elapsed()
    );
    let filters = [
        ("everything", Filter::default()),
        ("one domain", Filter::from_query("domain=example.com")),
        ("one month", Filter::from_query("from=2025-03-01&to=2025-04-01")),
        ("failing", Filter::from_query("outcome=fail")),
        ("one service", Filter::from_query("service=amazon_ses")),
        ("search", Filter::from_query("q=54.240.1")),
        ("everything at once", Filter::from_query("domain=example.com&from=2025-01-01&to=2025-07-01&reporter=google.com&outcome=pass&q=example")),
    ];
    let mut worst = std::time::Duration::ZERO;
    for (name, filter) in &filters {
        let _ = summarize(&index, filter);
        let start = Instant::now();
        let runs = 5;
        let mut messages = 0;
        for _ in 0..runs {
            messages = summarize(&index, filter).headline.counts.messages;
        }
        let each = start.elapsed() / runs;
        worst = worst.max(each);
        println!("summarize {name:>20}: {each:>10.2?} ({messages} messages)");
    }
    // A figure, not a verdict: the goal (under 150 ms at 1,000,000 records)
    // is read from this line, never asserted (a busy machine would fail it).
    println!("worst filter change at {n} records: {worst:.2?} (goal: under 150 ms at 1,000,000)");
}
