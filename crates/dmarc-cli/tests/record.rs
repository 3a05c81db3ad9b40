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
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("usage")
                || String::from_utf8_lossy(&o.stderr).contains("unknown tag set"),
            "{args:?}"
        );
    }
}

#[test]
fn tag_set_option() {
    let rec = "v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com";
    assert!(stdout(&run(&["check", rec])).contains("removed_tag"));
    assert!(stdout(&run(&["check", "--tag-set", "7489", rec])).contains("No problems found."));
}
