//! `dmarc-lens record check|explain`: the built binary, both languages, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    run_env(args, &[])
}

fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"));
    cmd.arg("record").args(args);
    for var in ["LANG", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn a_clean_record_passes() {
    let o = run(&["check", "v=DMARC1; p=reject; rua=mailto:d@example.com"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("Canonical form: v=DMARC1; p=reject; rua=mailto:d@example.com"),
        "{out}"
    );
    assert!(out.contains("No problems found."), "{out}");
}

#[test]
fn errors_fail_the_check_with_messages_from_the_catalogue() {
    let o = run(&[
        "check",
        "v=DMARC1; p=rejct; rua=mailto:a@example.com,b@example.com",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("Error [invalid_policy]: p=rejct is not a policy."),
        "{out}"
    );
    assert!(out.contains("Did you mean reject?"), "{out}");
    assert!(out.contains("Error [uri_unencoded_comma]"), "{out}");
    assert!(out.contains("write mailto:b@example.com"), "{out}");
    assert!(out.contains("2 error(s)"), "{out}");
}

#[test]
fn warnings_alone_do_not_fail() {
    let o = run(&["check", "v=DMARC1; p=none"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("Warning [policy_none]"), "{out}");
    assert!(out.contains("Warning [no_rua]"), "{out}");
}

#[test]
fn japanese_by_flag_or_environment() {
    let o = run(&["check", "--lang", "ja", "v=DMARC1; p=reject; p=none"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("エラー [duplicate_tag]: p タグが 2 回以上書かれています"),
        "{out}"
    );
    let o = run_env(
        &["check", "v=DMARC1; p=none; rua=mailto:d@example.com"],
        &[("LANG", "ja_JP.UTF-8")],
    );
    let out = stdout(&o);
    assert!(
        out.contains("警告 [policy_none]: p=none は監視のみです。"),
        "{out}"
    );
    let o = run_env(
        &["check", "--lang", "en", "v=DMARC1; p=none"],
        &[("LANG", "ja_JP.UTF-8")],
    );
    assert!(stdout(&o).contains("Warning [policy_none]"));
}

#[test]
fn domain_option_reports_external_destinations() {
    let rec = "v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:x@reports.vendor.net";
    let o = run(&["check", rec, "--domain", "example.com"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("example.com._report._dmarc.reports.vendor.net TXT \"v=DMARC1\""),
        "{out}"
    );
    let o = run(&["check", rec]);
    assert!(stdout(&o).contains("No problems found."));
}

#[test]
fn dig_output_and_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .args(["record", "check", "-"])
        .env_remove("LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject; \" \"rua=mailto:d@vendor.net\"\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("Warning [external_destination]"), "{out}");
    assert!(
        out.contains("example.com._report._dmarc.vendor.net"),
        "{out}"
    );
    assert!(out.contains("Note [input_unwrapped]"), "{out}");
}

#[test]
fn spf_record_and_empty_input_are_errors() {
    let o = run(&["check", "v=spf1 include:amazonses.com ~all"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Error [spf_record]"));
    let o = run(&["check", ""]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Error [empty_record]"));
}

#[test]
fn json_output() {
    let o = run(&["check", "--json", "v=DMARC1; p=none; pct=50"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["policy_none", "pct_partial", "removed_tag", "no_rua"]
    );
}

#[test]
fn explain_in_both_languages() {
    let rec = "v=DMARC1; p=quarantine; adkim=s; rua=mailto:d@example.com; zz=1";
    let o = run(&["explain", rec]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("p — Policy"), "{out}");
    assert!(
        out.contains("→ quarantine: treat failing mail as suspicious"),
        "{out}"
    );
    assert!(out.contains("adkim — DKIM alignment"), "{out}");
    assert!(out.contains("→ s: strict"), "{out}");
    assert!(
        out.contains("aspf — SPF alignment\n    (not written: the default applies)"),
        "{out}"
    );
    assert!(out.contains("zz — Unknown tag"), "{out}");
    assert!(out.contains("Warning [unknown_tag]"), "{out}");
    let o = run(&["explain", "--lang", "ja", rec]);
    let out = stdout(&o);
    assert!(out.contains("p — ポリシー"), "{out}");
    assert!(out.contains("既定値: r（緩やか）。"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["check"],
        &["check", "--tag-set", "rfc1", "v=DMARC1"],
        &["check", "a", "b"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
        assert!(
            err.contains("usage") || err.contains("unknown tag set"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn tag_set_option() {
    let rec = "v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com";
    assert!(stdout(&run(&["check", rec])).contains("removed_tag"));
    assert!(stdout(&run(&["check", "--tag-set", "7489", rec])).contains("No problems found."));
}

#[test]
fn full_width_input_is_explained_in_japanese() {
    let o = run(&[
        "check",
        "--lang",
        "ja",
        "v=DMARC1； p＝reject; rua=mailto:d@example.com",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("エラー [fullwidth_characters]"), "{out}");
    assert!(out.contains("「；」（U+FF1B、最初は 9 文字目）"), "{out}");
    assert!(
        out.contains("正規化した形: v=DMARC1; p=reject; rua=mailto:d@example.com"),
        "{out}"
    );
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn build_prints_the_record_its_names_and_authorisations() {
    let o = run(&[
        "build",
        "--domain",
        "Shop.Example.COM.",
        "--p",
        "quarantine",
        "--pct",
        "25",
        "--rua",
        "dmarc@example.com",
        "--rua",
        "x@reports.vendor.net!10m",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Name (host): _dmarc.shop.example.com\n"),
        "{out}"
    );
    assert!(out.contains("themselves: _dmarc.shop\n"), "{out}");
    assert!(
        out.contains("Value: v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc@example.com,mailto:x@reports.vendor.net!10m\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "shop.example.com._report._dmarc.reports.vendor.net. 3600 IN TXT \"v=DMARC1\""
        ),
        "{out}"
    );
    assert!(out.contains("Note [pct_partial]"), "{out}");
    assert!(!out.contains("Warning"), "{out}");
}

#[test]
fn build_in_japanese_with_rfc9989_and_idn() {
    let o = run(&[
        "build",
        "--lang",
        "ja",
        "--domain",
        "例え.jp",
        "--tag-set",
        "9989",
        "--p",
        "reject",
        "--testing",
        "--rua",
        "d@例え.jp",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("名前（ホスト名）: _dmarc.xn--r8jz45g.jp"),
        "{out}"
    );
    assert!(
        out.contains("値: v=DMARC1; p=reject; t=y; rua=mailto:d@xn--r8jz45g.jp"),
        "{out}"
    );
}

#[test]
fn build_errors_are_translated() {
    let o = run(&["build", "--lang", "ja", "--domain", "co.jp"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("co.jp は多くの所有者が共有する公開サフィックス"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "build",
        "--domain",
        "example.com",
        "--rua",
        "not-an-address",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("\"not-an-address\" is not an e-mail address"));
    let o = run(&["build", "--domain", "example.com", "--p", "block"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn ses_records_and_errors() {
    let t = [
        "abcdefghijklmnopqrstuvwxyz012345",
        "bbcdefghijklmnopqrstuvwxyz012345",
        "cbcdefghijklmnopqrstuvwxyz012345",
    ];
    let o = run(&[
        "ses",
        "--domain",
        "example.com",
        "--region",
        "ap-northeast-1",
        "--mail-from",
        "mail",
        "--token",
        t[0],
        "--token",
        t[1],
        "--token",
        t[2],
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("mail.example.com. 3600 IN MX 10 feedback-smtp.ap-northeast-1.amazonses.com."),
        "{out}"
    );
    assert!(
        out.contains("mail.example.com. 3600 IN TXT \"v=spf1 include:amazonses.com ~all\""),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{0}._domainkey.example.com. 3600 IN CNAME {0}.dkim.amazonses.com.",
            t[2]
        )),
        "{out}"
    );
    let o = run(&[
        "ses",
        "--domain",
        "example.com",
        "--region",
        "ap-northeast1",
        "--token",
        t[0],
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("\"ap-northeast1\" is not an Amazon SES region"),
        "{err}"
    );
    assert!(err.contains("Did you mean ap-northeast-1?"), "{err}");
}

#[test]
fn parked_domains_should_reject() {
    let o = run(&[
        "check",
        "--parked",
        "v=DMARC1; p=none; rua=mailto:d@example.com",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains(
            "Warning [parked_not_reject]: The domain is parked (it sends no mail), yet p=none."
        ),
        "{out}"
    );
}
