//! The DMARC record: parse, render, check, explain, build.

use dmarc_core::record::{
    build, check, check_with, choices_from_record, explain, parse, render, rollout_plan,
    BuilderChoices, CheckOptions, Code, FailureOption, Policy, ReportUri, Severity, SizeLimit,
    TagSet,
};
use proptest::prelude::*;

/// (record as pasted, policy domain, finding codes expected in order).
const TABLE: &[(&str, Option<&str>, &[&str])] = &[
    // Valid, as most domains publish them.
    ("v=DMARC1; p=reject; rua=mailto:dmarc@example.com", Some("example.com"), &[]),
    ("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com", Some("example.com"), &[]),
    ("v=DMARC1; p=none; rua=mailto:dmarc@example.com", Some("example.com"), &["policy_none"]),
    ("v=DMARC1;p=reject;rua=mailto:dmarc@example.com", None, &[]),
    ("v=DMARC1 ; p = reject ; rua = mailto:dmarc@example.com ;", None, &[]),
    ("v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:dmarc@example.com", None, &[]),
    ("v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@example.com", None, &[]),
    ("v=DMARC1; p=reject; rua=mailto:dmarc@example.com; ruf=mailto:f@example.com; fo=1", None, &[]),
    ("v=DMARC1; p=reject; rua=mailto:dmarc@example.com!10m", None, &[]),
    ("v=DMARC1; p=reject; rua=mailto:a@example.com,mailto:b@example.com", None, &[]),
    ("v=DMARC1; p=Reject; rua=MAILTO:dmarc@example.com", None, &[]),
    ("v=DMARC1; p=reject; rua=mailto:dmarc@mail.example.co.jp", Some("example.co.jp"), &[]),
    // Real-world shapes.
    ("v=DMARC1; p=reject; rua=mailto:mailauth-reports@google.com", Some("google.com"), &[]),
    (
        "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"",
        None,
        &["input_unwrapped"],
    ),
    (
        "_dmarc.example.com.\t300\tIN\tTXT\t\"v=DMARC1; p=reject; \" \"rua=mailto:d@example.com\"",
        None,
        &["input_unwrapped"],
    ),
    (
        "_dmarc.example.com\ttext = \"v=DMARC1; p=reject; rua=mailto:d@example.com\"",
        None,
        &["input_unwrapped"],
    ),
    (
        "Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\nNon-authoritative answer:\n_dmarc.example.com\ttext = \"v=DMARC1; p=reject; rua=mailto:d@example.com\"\n",
        None,
        &["input_unwrapped"],
    ),
    ("\"v=DMARC1; p=reject; rua=mailto:d@example.com\"", None, &["input_unwrapped"]),
    ("\"v=DMARC1; p=rej\" \"ect; rua=mailto:d@example.com\"", None, &["input_unwrapped"]),
    (
        "_dmarc IN TXT ( \"v=DMARC1; p=reject; \" \"rua=mailto:d@example.com\" )",
        None,
        &["input_unwrapped"],
    ),
    (
        "_dmarc.example.com. IN TXT (\n    \"v=DMARC1; p=reject; \"\n    \"rua=mailto:d@example.com\" )\n",
        None,
        &["input_unwrapped"],
    ),
    (
        "_dmarc.example.com      text =\n\n        \"v=DMARC1; p=reject; rua=mailto:d@example.com\"\n",
        None,
        &["input_unwrapped"],
    ),
    ("V=DMARC1; P=REJECT; RUA=mailto:d@example.com", None, &[]),
    ("v=DMARC1; p=reject;;; rua=mailto:d@example.com;", None, &[]),
    ("v=DMARC1;\np=reject;\nrua=mailto:d@example.com", None, &[]),
    // Pasted from Japanese input methods, word processors and web pages.
    ("v=DMARC1； p=reject； rua=mailto:d@example.com", None, &["fullwidth_characters"]),
    ("ｖ＝ＤＭＡＲＣ１;\u{3000}p=reject; rua=mailto:d@example.com", None, &["fullwidth_characters"]),
    ("“v=DMARC1; p=reject; rua=mailto:d@example.com”", None, &["typographic_quotes", "input_unwrapped"]),
    ("\u{FEFF}v=DMARC1; p=reject; rua=mailto:d@example.com\u{200B}", None, &["invisible_characters"]),
    (
        "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@vendor.net\"",
        None,
        &["external_destination", "input_unwrapped"],
    ),
    // Unusual but valid.
    ("v=DMARC1; p=reject", None, &["no_rua"]),
    ("v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com", None, &["removed_tag"]),
    ("v=DMARC1; p=quarantine; pct=20; rua=mailto:d@example.com", None, &["pct_partial", "removed_tag"]),
    ("v=DMARC1; p=quarantine; pct=0; rua=mailto:d@example.com", None, &["pct_zero", "removed_tag"]),
    ("v=DMARC1; p=reject; ri=3600; rua=mailto:d@example.com", None, &["removed_tag"]),
    ("v=DMARC1; p=reject; rf=afrf; rua=mailto:d@example.com", None, &["removed_tag"]),
    ("v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com", None, &["new_tag"]),
    ("v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.com", None, &["new_tag"]),
    ("v=DMARC1; p=reject; psd=n; rua=mailto:d@example.com", None, &["new_tag"]),
    ("v=DMARC1; p=reject; psd=y; rua=mailto:d@example.com", None, &["new_tag", "psd_yes"]),
    ("v=DMARC1; p=none; t=y; rua=mailto:d@example.com", None, &["policy_none", "new_tag", "testing_with_policy_none"]),
    ("v=DMARC1; p=reject; pct=50; t=y; rua=mailto:d@example.com", None, &["pct_partial", "removed_tag", "new_tag", "pct_with_testing"]),
    ("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com", None, &["subdomain_policy_none"]),
    ("v=DMARC1; p=quarantine; sp=none; np=none; rua=mailto:d@example.com", None, &["subdomain_policy_none", "subdomain_policy_none", "new_tag"]),
    ("v=DMARC1; rua=mailto:d@example.com; p=reject", None, &["policy_not_second"]),
    ("v=DMARC1; rua=mailto:d@example.com", None, &["missing_policy_with_rua"]),
    ("v=DMARC1; p=reject; ruf=mailto:f@example.com", None, &["ruf_without_rua", "no_rua"]),
    ("v=DMARC1; p=reject; fo=1; rua=mailto:d@example.com", None, &["fo_without_ruf"]),
    ("v=DMARC1; p=reject; fo=0:1; rua=mailto:d@example.com; ruf=mailto:f@example.com", None, &["fo_zero_and_one"]),
    ("v=DMARC1; p=reject; fo=d:d; rua=mailto:d@example.com; ruf=mailto:f@example.com", None, &["fo_duplicate"]),
    (
        "v=DMARC1; p=reject; rua=mailto:a@example.com,mailto:b@example.com,mailto:c@example.com",
        None,
        &["too_many_destinations"],
    ),
    (
        "v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:x@reports.vendor.net",
        Some("example.com"),
        &["external_destination"],
    ),
    (
        "v=DMARC1; p=reject; rua=mailto:d@example.com; ruf=mailto:x@vendor.net",
        Some("example.com"),
        &["external_destination"],
    ),
    ("v=DMARC1; p=reject; rua=mailto:d@example.com; foo=bar", None, &["unknown_tag"]),
    ("v=DMARC1; p=reject; rua=mailto:d@example.com; adkm=s", None, &["unknown_tag"]),
    // Broken.
    ("", None, &["empty_record"]),
    ("v=spf1 include:amazonses.com ~all", None, &["spf_record"]),
    ("\"v=spf1 -all\"", None, &["spf_record", "input_unwrapped"]),
    ("p=reject; rua=mailto:d@example.com", None, &["missing_version"]),
    ("p=reject; v=DMARC1; rua=mailto:d@example.com", None, &["version_not_first"]),
    ("v=dmarc1; p=reject; rua=mailto:d@example.com", None, &["version_wrong_case"]),
    ("v=DMARC2; p=reject; rua=mailto:d@example.com", None, &["invalid_version"]),
    ("v=DMARC1", None, &["missing_policy", "no_rua"]),
    ("v=DMARC1; p=reject; rua=mailto:d@example.com\nv=DMARC1; p=none", None, &["several_records"]),
    ("v=DMARC1; p=reject; v=DMARC1; p=none; rua=mailto:d@example.com", None, &["several_records", "duplicate_tag"]),
    ("v=DMARC1; p=reject; p=none; rua=mailto:d@example.com", None, &["duplicate_tag"]),
    ("v=DMARC1; p=reject rua=mailto:d@example.com", None, &["missing_semicolon"]),
    ("v=DMARC1; p=reject; reject; rua=mailto:d@example.com", None, &["missing_equals"]),
    ("v=DMARC1; p=reject; 1x=2; rua=mailto:d@example.com", None, &["invalid_tag_name"]),
    ("\"v=DMARC1; p=reject; rua=mailto:d@example.com", None, &["unterminated_quote", "input_unwrapped"]),
    // A zone-file escape that decodes to a line break (found by fuzzing: the
    // value was rendered with a real line break, which reads back as two lines).
    (
        "\"v=DMARC1\\059 p=none; rua=mailto:d@example.com; x=a\\10b\"",
        None,
        &["control_character", "unknown_tag", "policy_none", "input_unwrapped"],
    ),
    ("\"v=DMARC1; p=none\\000; rua=mailto:d@example.com\"", None, &["control_character", "invalid_policy", "input_unwrapped"]),
    ("v=DMARC1; p=rejected; rua=mailto:d@example.com", None, &["invalid_policy"]),
    ("v=DMARC1; p=reject; sp=nothing; rua=mailto:d@example.com", None, &["invalid_policy"]),
    ("v=DMARC1; p=reject; np=blocked; rua=mailto:d@example.com", None, &["invalid_policy", "new_tag"]),
    ("v=DMARC1; p=reject; adkim=relaxed; rua=mailto:d@example.com", None, &["invalid_alignment"]),
    ("v=DMARC1; p=reject; aspf=S1; rua=mailto:d@example.com", None, &["invalid_alignment"]),
    ("v=DMARC1; p=reject; fo=2; rua=mailto:d@example.com; ruf=mailto:f@example.com", None, &["invalid_failure_option"]),
    ("v=DMARC1; p=reject; t=true; rua=mailto:d@example.com", None, &["invalid_testing", "new_tag"]),
    ("v=DMARC1; p=reject; psd=x; rua=mailto:d@example.com", None, &["invalid_psd", "new_tag"]),
    ("v=DMARC1; p=reject; pct=50%; rua=mailto:d@example.com", None, &["invalid_pct", "removed_tag"]),
    ("v=DMARC1; p=reject; pct=150; rua=mailto:d@example.com", None, &["invalid_pct", "removed_tag"]),
    ("v=DMARC1; p=reject; ri=daily; rua=mailto:d@example.com", None, &["invalid_ri", "removed_tag"]),
    ("v=DMARC1; p=reject; rf=iodef; rua=mailto:d@example.com", None, &["invalid_rf", "removed_tag"]),
    ("v=DMARC1; p=reject; rua=dmarc@example.com", None, &["uri_not_mailto"]),
    ("v=DMARC1; p=reject; rua=https://example.com/dmarc", None, &["uri_not_mailto"]),
    ("v=DMARC1; p=reject; rua=", None, &["uri_empty"]),
    ("v=DMARC1; p=reject; rua=mailto:d@example.com,", None, &["uri_empty"]),
    ("v=DMARC1; p=reject; rua=mailto:dmarc", None, &["uri_bad_address"]),
    ("v=DMARC1; p=reject; rua=mailto:d@exa mple.com", None, &["uri_bad_address"]),
    ("v=DMARC1; p=reject; rua=mailto:d@example.com!10x", None, &["uri_bad_size"]),
    ("v=DMARC1; p=reject; rua=mailto:d@example.com!", None, &["uri_bad_size"]),
    ("v=DMARC1; p=reject; rua=mailto:a@example.com,b@example.com", None, &["uri_unencoded_comma"]),
    ("v=DMARC1; p=reject; rua=mailto:a!b@example.com", None, &["uri_unencoded_bang"]),
    ("v=DMARC1; p=none; p=reject; sp=none; adkim=x; rua=mailto:d@example.com", None, &["duplicate_tag", "invalid_alignment", "policy_none"]),
];

/// Rules that need options or long records: (record, options, codes expected).
fn option_table() -> Vec<(String, CheckOptions, Vec<&'static str>)> {
    let many = |n: usize| -> String {
        let list: Vec<String> = (0..n).map(|i| format!("mailto:r{i}@example.com")).collect();
        list.join(",")
    };
    let spf_only = CheckOptions {
        spf_only: true,
        ..CheckOptions::default()
    };
    let rfc9989 = CheckOptions {
        tag_set: Some(TagSet::Rfc9989),
        ..CheckOptions::default()
    };
    let rfc7489 = CheckOptions {
        tag_set: Some(TagSet::Rfc7489),
        ..CheckOptions::default()
    };
    let builder = CheckOptions {
        policy_domain: Some("example.com".into()),
        tag_set: Some(TagSet::Rfc7489),
        spf_only: true,
        parked: false,
        acknowledged: true,
    };
    let parked = CheckOptions {
        parked: true,
        ..CheckOptions::default()
    };
    vec![
        ("v=DMARC1; p=reject".into(), parked.clone(), vec!["no_rua"]),
        (
            "v=DMARC1; p=reject; sp=none".into(),
            parked.clone(),
            vec!["subdomain_policy_none", "no_rua", "parked_not_reject"],
        ),
        (
            "v=DMARC1; p=quarantine".into(),
            parked,
            vec!["no_rua", "parked_not_reject", "parked_not_reject"],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:d@example.com".into(),
            spf_only.clone(),
            vec!["enforcement_with_spf_only"],
        ),
        (
            "v=DMARC1; p=quarantine; rua=mailto:d@example.com".into(),
            spf_only.clone(),
            vec!["enforcement_with_spf_only"],
        ),
        (
            "v=DMARC1; p=none; rua=mailto:d@example.com".into(),
            spf_only,
            vec!["policy_none"],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:d@example.com!10m".into(),
            rfc9989.clone(),
            vec!["size_limit_ignored"],
        ),
        (
            "v=DMARC1; p=reject; pct=50; ri=3600; rua=mailto:d@example.com".into(),
            rfc9989.clone(),
            vec!["pct_partial", "removed_tag", "removed_tag"],
        ),
        (
            "v=DMARC1; p=reject; np=reject; t=y; rua=mailto:d@example.com".into(),
            rfc9989,
            vec![],
        ),
        (
            "v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com!10m".into(),
            rfc7489,
            vec!["new_tag"],
        ),
        (
            format!("v=DMARC1; p=reject; rua={}", many(2)) + &format!("; ruf={}", many(10)),
            CheckOptions::default(),
            vec!["too_many_destinations", "record_needs_splitting"],
        ),
        (
            format!("v=DMARC1; p=reject; rua={}", many(21)),
            CheckOptions::default(),
            vec![
                "too_many_destinations",
                "record_large",
                "record_needs_splitting",
            ],
        ),
        (
            format!(
                "\"v=DMARC1; p=reject; rua=mailto:d@example.com; x={}\"",
                "y".repeat(260)
            ),
            CheckOptions::default(),
            vec!["string_too_long", "unknown_tag", "input_unwrapped"],
        ),
        (
            "v=DMARC1; p=quarantine; pct=50; sp=none; rua=mailto:d@vendor.net".into(),
            builder,
            vec![
                "subdomain_policy_none",
                "pct_partial",
                "external_destination",
                "enforcement_with_spf_only",
            ],
        ),
    ]
}

#[test]
fn rules_that_need_options() {
    for (input, options, want) in option_table() {
        let checked = check_with(&input, &options);
        assert_eq!(
            codes_of(&checked.findings),
            want,
            "{input} with {options:?}"
        );
        if options.acknowledged {
            // Every one of these describes a choice: information in the builder.
            assert!(checked
                .findings
                .iter()
                .all(|f| f.severity == Severity::Info));
        }
    }
}

/// Every finding code is exercised by one of the tables above.
#[test]
fn every_code_is_tested() {
    let mut seen: std::collections::BTreeSet<&str> = TABLE
        .iter()
        .flat_map(|(_, _, codes)| codes.iter().copied())
        .collect();
    for (_, _, codes) in option_table() {
        seen.extend(codes);
    }
    // Only a core without its embedded Public Suffix List says this (these
    // tests always have the list): `cargo test -p dmarc-core --lib
    // --no-default-features psl::` exercises it.
    seen.insert("destination_unchecked");
    let untested: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(c))
        .collect();
    assert!(
        untested.is_empty(),
        "codes no table exercises: {untested:?}"
    );
}

fn codes_of(findings: &[dmarc_core::record::Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn table_of_records_gives_exactly_the_expected_findings() {
    assert!(TABLE.len() >= 60, "only {} records", TABLE.len());
    let mut failures = Vec::new();
    for (input, domain, want) in TABLE {
        let got = codes_of(&check(input, *domain).findings);
        if got != *want {
            failures.push(format!("{input:?}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn table_records_with_errors_are_exactly_those_listing_an_error() {
    for (input, domain, want) in TABLE {
        let c = check(input, *domain);
        let want_error = want.iter().any(|code| {
            Code::ALL.iter().any(|c| {
                c.as_str() == *code
                    && dmarc_core::record::Finding::new(*c).severity == Severity::Error
            })
        });
        assert_eq!(c.has_errors(), want_error, "{input}");
    }
}

#[test]
fn valid_records_survive_render_and_parse() {
    for (input, _, _) in TABLE {
        if check(input, None).has_errors() {
            continue;
        }
        let parsed = parse(input);
        let again = parse(&render(&parsed.record));
        assert_eq!(again.record, parsed.record, "{input}");
    }
}

#[test]
fn explanations_cover_every_known_tag() {
    let parsed = parse("v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com");
    let e = explain(&parsed);
    assert_eq!(e.len(), 14);
    let pct = e.iter().find(|x| x.tag == "pct");
    assert_eq!(pct.and_then(|x| x.value.clone()).as_deref(), Some("50"));
    let sp = e.iter().find(|x| x.tag == "sp");
    assert_eq!(
        sp.map(|x| x.value_keys.clone()),
        Some(vec!["tag.sp.value.quarantine".to_owned()])
    );
}

/// Every catalogue key the core can hand to a view is in locales/record.toml.
#[test]
fn every_key_is_in_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales/record.toml");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let keys: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
        .collect();
    let mut wanted: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("finding.{}", c.as_str()))
        .collect();
    wanted.extend(dmarc_core::record::explain::all_keys());
    for tag_set in TagSet::ALL {
        for step in rollout_plan(*tag_set) {
            wanted.push(step.key("title"));
            wanted.push(step.key("body"));
            wanted.extend(step.check_keys());
        }
        wanted.push(format!("builder.choice.tag_set.{}", tag_set.as_str()));
    }
    wanted.extend(
        dmarc_core::record::setup::PURPOSE_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    for code in [
        "invalid_domain",
        "public_suffix",
        "invalid_address",
        "invalid_pct",
        "suffix_list_missing",
    ] {
        wanted.push(format!("builder.error.{code}"));
    }
    for code in [
        "invalid_domain",
        "unknown_region",
        "mail_from_not_subdomain",
        "wrong_token_count",
        "invalid_token",
    ] {
        wanted.push(format!("setup.error.{code}"));
    }
    for s in ["error", "warning", "info"] {
        wanted.push(format!("severity.{s}"));
    }
    wanted.push("builder.output.authorization".to_owned());
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|k| !keys.contains(k.as_str()))
        .collect();
    assert!(missing.is_empty(), "missing from record.toml: {missing:?}");
}

#[test]
fn a_pasted_record_opens_in_the_builder_with_the_same_meaning() {
    let records = [
        "v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=s; pct=30; fo=1:d; ri=3600; rua=mailto:a@example.com!10m; ruf=mailto:f@example.com",
        "v=DMARC1; p=reject; np=reject; t=y; rua=mailto:a@example.com",
        "v=DMARC1; p=none; rua=mailto:a@example.com,mailto:b@vendor.net",
    ];
    for text in records {
        let parsed = parse(text);
        let choices = choices_from_record(&parsed.record, "example.com");
        let built = build(&choices).unwrap_or_else(|e| unreachable!("{text}: {e}"));
        assert_eq!(meaning(&built.record), meaning(&parsed.record), "{text}");
    }
}

/// What a record asks of receivers, defaults applied.
fn meaning(r: &dmarc_core::record::DmarcRecord) -> String {
    format!(
        "p={:?} sp={:?} np={:?} pct={} t={:?} adkim={:?} aspf={:?} fo={:?} rua={:?} ruf={:?} ri={:?}",
        r.p,
        r.effective_sp(),
        r.effective_np(),
        r.effective_pct(),
        r.t.unwrap_or(dmarc_core::record::Testing::No),
        r.adkim.unwrap_or_default(),
        r.aspf.unwrap_or_default(),
        r.fo.clone().unwrap_or_else(|| vec![FailureOption::All]),
        r.rua,
        r.ruf,
        r.ri.unwrap_or(86_400),
    )
}

// ---------------------------------------------------------------- properties

fn policy() -> impl Strategy<Value = Policy> {
    prop::sample::select(Policy::ALL.to_vec())
}

fn address() -> impl Strategy<Value = ReportUri> {
    let local = prop::sample::select(vec!["dmarc", "reports", "d.m+tag", "rua_1"]);
    let host = prop::sample::select(vec![
        "example.com",
        "mail.example.com",
        "reports.vendor.net",
        "例え.jp",
        "dmarc.example.co.jp",
    ]);
    let size = prop::option::of(prop::sample::select(vec!["10m", "500k", "1g", "2048"]));
    (local, host, size).prop_map(|(l, h, s)| ReportUri {
        address: format!("{l}@{h}"),
        size_limit: s.and_then(SizeLimit::parse),
    })
}

prop_compose! {
    fn choices()(
        domain in prop::sample::select(vec!["example.com", "Shop.Example.COM.", "例え.jp", "example.co.jp"]),
        tag_set in prop::sample::select(TagSet::ALL.to_vec()),
        p in policy(),
        sp in prop::option::of(policy()),
        np in prop::option::of(policy()),
        pct in prop::option::of(1u8..=100),
        testing in any::<bool>(),
        rua in prop::collection::vec(address(), 0..4),
        ruf in prop::collection::vec(address(), 0..3),
        adkim in prop::sample::select(dmarc_core::record::Alignment::ALL.to_vec()),
        aspf in prop::sample::select(dmarc_core::record::Alignment::ALL.to_vec()),
        fo in prop::collection::vec(prop::sample::select(FailureOption::ALL.to_vec()), 0..4),
        ri in prop::option::of(prop::sample::select(vec![3600u32, 86400, 604800])),
        rf in prop::option::of(Just(dmarc_core::record::ReportFormat::Afrf)),
        spf_only in any::<bool>(),
    ) -> BuilderChoices {
        BuilderChoices {
            domain: domain.to_owned(), tag_set, p, sp, np, pct, testing, rua, ruf,
            adkim, aspf, fo, rf, ri, spf_only,
        }
    }
}

proptest! {
    /// Every record the builder produces re-parses to the same policy, and
    /// our own checker finds neither error nor warning in it.
    #[test]
    fn builder_output_is_clean_and_means_what_was_chosen(c in choices()) {
        let built = build(&c).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let options = dmarc_core::record::builder::check_options(&c, &built.domain);
        let checked = check_with(&built.value, &options);
        let loud: Vec<String> = checked
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(ToString::to_string)
            .collect();
        prop_assert!(loud.is_empty(), "{}: {:?}", built.value, loud);
        let r = &checked.parsed.record;
        prop_assert_eq!(r, &built.record);
        prop_assert_eq!(r.p, Some(c.p));
        prop_assert_eq!(r.effective_sp(), Some(c.sp.unwrap_or(c.p)));
        if c.tag_set == TagSet::Rfc9989 {
            prop_assert_eq!(r.effective_np(), Some(c.np.or(c.sp).unwrap_or(c.p)));
        }
        prop_assert_eq!(r.adkim.unwrap_or_default(), c.adkim);
        prop_assert_eq!(r.aspf.unwrap_or_default(), c.aspf);
        prop_assert_eq!(r.rua.len(), dedup_len(&c.rua));
        // The zone-file line carries the same value, in strings of at most 255 bytes.
        let from_zone = parse(&built.zone_line);
        prop_assert_eq!(&from_zone.text, &built.value);
        prop_assert!(built.strings.iter().all(|s| s.len() <= 255));
        // And it opens in the builder again with the same meaning.
        let again = build(&choices_from_record(r, &built.domain))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again.value, built.value);
    }

    /// The parser never panics and positions stay inside the input.
    #[test]
    fn parser_survives_anything(input in ".{0,300}") {
        let checked = check(&input, Some("example.com"));
        for f in &checked.findings {
            if let Some(p) = f.arg("position").and_then(|p| p.parse::<usize>().ok()) {
                prop_assert!(p <= input.len(), "{} at {} of {}", f, p, input.len());
            }
        }
    }

    /// The same from pieces of real records, quotes, tool output and
    /// multi-byte characters, where the parser's edge cases are.
    #[test]
    fn parser_survives_pieces_of_records(pieces in prop::collection::vec(prop::sample::select(vec![
        "v=DMARC1", "v=", "DMARC1", ";", " ", "\t", "\n", "\"", "\\", "\\0", "=", ",", "!", "!10m", ":",
        "p=", "reject", "rua=", "mailto:", "a@例え.jp", "@", "%21", "text =", " IN TXT ", "_dmarc.example.com.",
        "3600", "(", ")", "fo=0:1", "pct=", "é", "😀", "v=spf1", "sp=none", "t=y",
    ]), 0..40)) {
        let input: String = pieces.concat();
        let checked = check(&input, Some("例え.jp"));
        for f in &checked.findings {
            if let Some(p) = f.arg("position").and_then(|p| p.parse::<usize>().ok()) {
                prop_assert!(p <= input.len(), "{} at {} of {}", f, p, input.len());
            }
        }
        let _ = explain(&checked.parsed);
        let _ = choices_from_record(&checked.parsed.record, "example.com");
    }

    /// Records made of valid tags round-trip through render.
    #[test]
    fn render_round_trips(c in choices()) {
        if let Ok(built) = build(&c) {
            prop_assert_eq!(parse(&render(&built.record)).record, built.record);
        }
    }
}

fn dedup_len(list: &[ReportUri]) -> usize {
    let mut seen: Vec<String> = Vec::new();
    for u in list {
        let a = u.address.to_ascii_lowercase();
        if !seen.contains(&a) {
            seen.push(a);
        }
    }
    seen.len()
}

/// Pasting something enormous must not hang the browser tab: the parser and
/// checker stay linear.
#[test]
fn huge_inputs_are_checked_quickly() {
    let inputs = [
        format!(
            "v=DMARC1; p=none; rua=mailto:a@example.com{}",
            " ".repeat(200_000)
        ),
        format!(
            "v=DMARC1; p=none; rua={}",
            "mailto:a@example.com,".repeat(10_000)
        ),
        "v=DMARC1; p=none; p=none; ".repeat(10_000),
        "v=DMARC1; ".repeat(20_000),
        format!("v=DMARC1; p={}", "a b ".repeat(50_000)),
        format!("\"{}\"", "v=DMARC1; p=none; ".repeat(10_000)),
        "_dmarc.example.com. 1 IN TXT \"v=DMARC1; p=none\"\n".repeat(5_000),
        "x".repeat(200_000),
        ";".repeat(200_000),
        "=".repeat(200_000),
    ];
    for input in &inputs {
        let start = std::time::Instant::now();
        let c = check(input, Some("example.com"));
        let _ = explain(&c.parsed);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(3),
            "{:?}… took {:?}",
            &input[..40.min(input.len())],
            start.elapsed()
        );
    }
}

/// Every placeholder of a finding's message is filled by that finding's
/// arguments, for every finding the tables produce.
#[test]
fn finding_messages_have_all_their_arguments() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales/record.toml");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut templates = std::collections::BTreeMap::new();
    let mut key = "";
    for line in text.lines() {
        if let Some(k) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            key = k;
        } else if let Some(en) = line.strip_prefix("en = ") {
            templates.insert(key.to_owned(), en.to_owned());
        }
    }
    let mut findings = Vec::new();
    for (input, domain, _) in TABLE {
        findings.extend(check(input, *domain).findings);
    }
    for (input, options, _) in option_table() {
        findings.extend(check_with(&input, &options).findings);
    }
    for f in findings {
        let template = templates.get(&f.key()).cloned().unwrap_or_default();
        assert!(!template.is_empty(), "no text for {}", f.key());
        for (i, _) in template.match_indices("%{") {
            let name = template[i + 2..].split('}').next().unwrap_or_default();
            assert!(f.arg(name).is_some(), "{} needs {name}: {f}", f.key());
        }
    }
}
