//! `dmarc-lens analyze`: its totals against known fixtures, against the
//! NDJSON export of the same files (summed here, independently of the
//! analysis), in both languages, and its exit status on bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

mod common;

use common::{fixtures, run, Scratch};

fn temp(tag: &str) -> Scratch {
    Scratch::new("analyze", tag)
}

/// The shared corpus, found (and its absence said) the one way the core's
/// tests do.
#[path = "../../dmarc-core/tests/corpus.rs"]
#[allow(dead_code)]
mod shared_corpus;

/// The corpus' report files (`files/`).
fn corpus() -> PathBuf {
    shared_corpus::root().join("files")
}

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn known_fixtures_per_domain_and_day() {
    let quirks = fixtures().join("quirks");
    let a = quirks.join("report.xml");
    let b = quirks.join("report-2.xml");
    let v = json(&[
        "analyze",
        "--format",
        "json",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        // The same report again is not counted twice.
        a.to_str().unwrap(),
    ]);
    let domains = v["domains"].as_array().unwrap();
    assert_eq!(domains.len(), 1);
    assert_eq!(domains[0]["domain"], "sender.example");
    assert_eq!(domains[0]["messages"], 11);
    assert_eq!(domains[0]["dmarc_pass"], 7);
    assert_eq!(domains[0]["dmarc_fail"], 4);
    assert_eq!(domains[0]["reports"], 2);
    let days: Vec<(String, u64, u64)> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_owned(),
                d["messages"].as_u64().unwrap(),
                d["dmarc_pass"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2023-11-14".to_owned(), 10, 7),
            ("2023-11-15".to_owned(), 1, 0)
        ]
    );
    assert_eq!(v["totals"]["messages"], 11);
}

/// Messages and DMARC passes per (domain, day) and per domain, summed from
/// `parse --format ndjson` rows.
type Sums = BTreeMap<(String, String), (u64, u64)>;

/// The rows of `parse --format ndjson` over `paths`.
fn ndjson_rows(paths: &[&str]) -> Vec<Value> {
    let mut args = vec!["parse", "--format", "ndjson"];
    args.extend(paths);
    let o = run(&args);
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn sums_from_ndjson(paths: &[&str]) -> (Sums, Sums) {
    let mut days = Sums::new();
    let mut domains = Sums::new();
    for row in ndjson_rows(paths) {
        let domain = row["policy_domain"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        let count = row["count"].as_u64().unwrap_or(0);
        let pass = if row["dmarc_pass"] == true { count } else { 0 };
        if let Some(begin) = row["date_begin"].as_i64() {
            let day = begin.div_euclid(86_400);
            let date = iso(day);
            let e = days.entry((domain.clone(), date)).or_default();
            e.0 += count;
            e.1 += pass;
        }
        let e = domains.entry((domain, String::new())).or_default();
        e.0 += count;
        e.1 += pass;
    }
    (days, domains)
}

/// `YYYY-MM-DD` of days since 1970-01-01 (Howard Hinnant's algorithm).
fn iso(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn totals_equal_the_export_of_the_shared_corpus() {
    let files = corpus();
    let path = files.to_str().unwrap();
    let (want_days, want_domains) = sums_from_ndjson(&[path]);
    assert!(want_days.len() > 20, "only {} days", want_days.len());
    let v = json(&["analyze", "--format", "json", path]);
    let mut got_days = Sums::new();
    for d in v["days"].as_array().unwrap() {
        let key = (
            d["domain"].as_str().unwrap().to_owned(),
            d["date"].as_str().unwrap().to_owned(),
        );
        let figures = (
            d["messages"].as_u64().unwrap(),
            d["dmarc_pass"].as_u64().unwrap(),
        );
        assert!(
            got_days.insert(key.clone(), figures).is_none(),
            "{key:?} twice"
        );
    }
    // Days whose records carry no message are not listed.
    let want_days: Sums = want_days.into_iter().filter(|(_, (m, _))| *m > 0).collect();
    assert_eq!(got_days, want_days);
    let mut got_domains = Sums::new();
    for d in v["domains"].as_array().unwrap() {
        got_domains.insert(
            (d["domain"].as_str().unwrap().to_owned(), String::new()),
            (
                d["messages"].as_u64().unwrap(),
                d["dmarc_pass"].as_u64().unwrap(),
            ),
        );
    }
    assert_eq!(got_domains, want_domains);
    let total: u64 = got_domains.values().map(|(m, _)| m).sum();
    assert_eq!(v["totals"]["messages"].as_u64(), Some(total));
}

/// Messages and DKIM passes per key (policy domain, `d=`, `s=`) summed from
/// `parse --format ndjson` rows: the DKIM selector inventory, computed apart.
fn keys_from_ndjson(path: &str) -> BTreeMap<(String, String, Option<String>), (u64, u64)> {
    let normal = |v: &Value| {
        v.as_str()
            .map(|s| s.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|s| !s.is_empty())
    };
    let mut keys = BTreeMap::new();
    for row in ndjson_rows(&[path]) {
        let policy = row["policy_domain"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .trim_end_matches('.')
            .to_lowercase();
        let count = row["count"].as_u64().unwrap_or(0);
        for dkim in row["dkim_auth"].as_array().unwrap() {
            // `none`: the message was not signed, so no key (AOL's `not.evaluated`).
            if dkim["result"] == "none" {
                continue;
            }
            let Some(domain) = normal(&dkim["domain"]) else {
                continue;
            };
            let e: &mut (u64, u64) = keys
                .entry((policy.clone(), domain, normal(&dkim["selector"])))
                .or_default();
            e.0 += count;
            if dkim["result"] == "pass" {
                e.1 += count;
            }
        }
    }
    keys
}

#[test]
fn dkim_keys_equal_the_export_of_the_shared_corpus() {
    let files = corpus();
    let path = files.to_str().unwrap();
    let want = keys_from_ndjson(path);
    let v = json(&["analyze", "--format", "json", path]);
    let selectors = &v["selectors"];
    assert_eq!(selectors["total"].as_u64(), Some(want.len() as u64));
    let rows = selectors["rows"].as_array().unwrap();
    assert!(rows.len() > 20, "only {} keys", rows.len());
    for r in rows {
        let key = (
            r["policy_domain"].as_str().unwrap().to_owned(),
            r["domain"].as_str().unwrap().to_owned(),
            r["selector"].as_str().map(str::to_owned),
        );
        let figures = (r["messages"].as_u64().unwrap(), r["pass"].as_u64().unwrap());
        assert_eq!(want.get(&key), Some(&figures), "{key:?}");
    }
}

#[test]
fn text_in_both_languages() {
    let dir = fixtures().join("quirks");
    let cases = [
        (
            "en",
            [
                "All policy domains",
                "policy domain",
                "DMARC pass",
                "2023-11-14",
                "total",
                "DKIM keys (selectors)",
            ],
        ),
        (
            "ja",
            [
                "すべてのポリシードメイン",
                "ポリシードメイン",
                "DMARC 成功",
                "2023-11-14",
                "合計",
                "DKIM 鍵（セレクター）",
            ],
        ),
    ];
    for (lang, words) in cases {
        let o = run(&["analyze", "--lang", lang, dir.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = String::from_utf8(o.stdout).unwrap();
        for word in words {
            assert!(out.contains(word), "{lang}: {word}: {out}");
        }
        assert!(out.contains("sender.example"), "{out}");
    }
}

#[test]
fn bad_input_is_named_in_one_line_and_the_rest_is_read() {
    let empty = temp("empty");
    let junk = temp("junk");
    std::fs::write(junk.join("notes.txt"), "hello").unwrap();
    let unreadable = temp("missing").join("gone.xml");
    let good = fixtures().join("quirks/report.xml");
    let o = run(&[
        "analyze",
        "--format",
        "json",
        empty.to_str().unwrap(),
        junk.to_str().unwrap(),
        unreadable.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    let lines = [
        format!("{}: the folder holds no file", empty.display()),
        format!(
            "{}: no report found in this folder (files read: 1)",
            junk.display()
        ),
        format!("{}: cannot read: ", unreadable.display()),
        format!("{}/notes.txt", junk.display()),
        "dmarc-lens: files: 2, reports: 1, rejected: 4".to_owned(),
    ];
    for line in lines {
        assert!(err.contains(&line), "{line}\n{err}");
    }
    // No progress bar when standard error is not a terminal.
    assert!(!err.contains('\r') && !err.contains('█'), "{err:?}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["domains"][0]["messages"], 10);
}

#[test]
fn japanese_messages_about_the_input() {
    let empty = temp("empty-ja");
    let o = run(&["analyze", "--lang", "ja", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("フォルダにファイルがありません"), "{err}");
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("集計レポートは読み込まれませんでした。"),
        "{out}"
    );
}

/// A report with three unidentified sources, for the network fields.
const NETWORK_REPORT: &str = r#"<?xml version="1.0"?>
<feedback><report_metadata><org_name>r.example</org_name><email>r@r.example</email>
<report_id>net-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
<policy_published><domain>example.org</domain><p>none</p></policy_published>
<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers></record>
<record><row><source_ip>192.0.2.2</source_ip><count>2</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers></record>
<record><row><source_ip>198.51.100.9</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers></record>
</feedback>"#;

#[test]
fn json_names_each_sources_network_from_the_asset() {
    use dmarc_core::network::build::{Builder, Family};
    use dmarc_core::network::{format, Meta};
    let dir = temp("network");
    let report = dir.join("r.xml");
    std::fs::write(&report, NETWORK_REPORT).unwrap();
    let mut b = Builder::new(Meta {
        date: "2026-06-17".into(),
        sources: "test".into(),
    });
    let net = |a: [u8; 4]| u128::from(u32::from_be_bytes(a));
    b.add_as(
        Family::V4,
        net([192, 0, 2, 0]),
        net([192, 0, 2, 255]),
        64500,
        "Example Hosting",
    )
    .unwrap();
    b.add_country(Family::V4, net([192, 0, 2, 0]), net([192, 0, 2, 255]), "NL")
        .unwrap();
    let asset = dir.join("network.bin");
    std::fs::write(&asset, format::encode(&b.finish())).unwrap();

    let d = json(&[
        "analyze",
        "--format",
        "json",
        "--network",
        asset.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    let sources = d["sources"].as_array().unwrap();
    let of = |ip: &str| sources.iter().find(|s| s["ip"] == ip).unwrap().clone();
    assert_eq!(of("192.0.2.1")["asn"], 64500);
    assert_eq!(of("192.0.2.1")["as_name"], "Example Hosting");
    assert_eq!(of("192.0.2.2")["country"], "NL");
    assert_eq!(of("198.51.100.9")["asn"], Value::Null);
    assert_eq!(d["networks"]["date"], "2026-06-17");
    let groups = d["networks"]["unknown"].as_array().unwrap();
    assert_eq!(groups[0]["network"]["asn"], 64500);
    assert_eq!(groups[0]["addresses"], 2);
    assert_eq!(groups[0]["counts"]["messages"], 5);

    // Without the asset: the fields are null and stderr says where it looked.
    let missing = dir.join("missing.bin");
    let o = run(&[
        "analyze",
        "--format",
        "json",
        "--network",
        missing.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    let stdout: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(stdout["sources"][0]["asn"], Value::Null);
    assert_eq!(stdout["networks"]["date"], Value::Null);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("missing.bin"), "{stderr}");
}

/// The domains at a glance: first in the text (both languages), and in the
/// JSON the same lines as the per-domain totals, in the same order, with
/// the verdicts of the readiness section.
#[test]
fn domains_overview_first_and_the_same_figures() {
    let files = corpus();
    let path = files.to_str().unwrap();
    for (lang, title) in [("en", "Domains at a glance"), ("ja", "ドメインの概要")] {
        let o = run(&["analyze", "--lang", lang, path]);
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.starts_with(title), "{lang}: {out}");
    }
    let v = json(&["analyze", "--format", "json", path]);
    let lines = v["domains_overview"].as_array().unwrap();
    let parents: Vec<&Value> = lines.iter().filter(|l| l["parent"].is_null()).collect();
    let domains = v["domains"].as_array().unwrap();
    let names = |rows: &[&Value]| -> Vec<String> {
        rows.iter()
            .map(|r| r["domain"].as_str().unwrap().to_owned())
            .collect()
    };
    let with_records: Vec<&Value> = parents
        .iter()
        .copied()
        .filter(|l| l["counts"]["records"].as_u64() > Some(0))
        .collect();
    assert_eq!(
        names(&with_records),
        names(&domains.iter().collect::<Vec<_>>())
    );
    for (line, domain) in with_records.iter().zip(domains) {
        assert_eq!(line["counts"]["messages"], domain["messages"]);
        assert_eq!(line["counts"]["dmarc_pass"], domain["dmarc_pass"]);
        assert_eq!(line["verdict"], domain["verdict"]);
    }
    // Subdomain lines follow their parent and count within it.
    for (i, line) in lines.iter().enumerate() {
        if let Some(parent) = line["parent"].as_str() {
            let at = lines
                .iter()
                .position(|l| l["domain"] == parent && l["parent"].is_null());
            assert!(at.is_some_and(|at| at < i), "{line}");
            assert!(line["domain"]
                .as_str()
                .unwrap()
                .ends_with(&format!(".{parent}")));
        }
    }
    assert!(
        lines.iter().any(|l| !l["parent"].is_null()),
        "no subdomain line"
    );
}
