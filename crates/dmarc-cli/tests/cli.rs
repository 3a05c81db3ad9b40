//! The command line itself: help with examples on every command in both
//! languages, `--version`, shell completions, and exit status 2 for every
//! kind of usage error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::{run, text};

/// Every command and subcommand, as words after `dmarc-lens`.
const COMMANDS: [&[&str]; 10] = [
    &[],
    &["parse"],
    &["analyze"],
    &["fetch"],
    &["record"],
    &["record", "check"],
    &["record", "explain"],
    &["record", "build"],
    &["record", "ses"],
    &["completions"],
];

#[test]
fn every_command_has_help_with_examples_in_both_languages() {
    let langs = [
        ("en", "Usage:", "Examples:\n  dmarc-lens ", "Print help"),
        ("ja", "使い方:", "例:\n  dmarc-lens ", "ヘルプを表示する"),
    ];
    for words in COMMANDS {
        for (lang, usage, examples, help) in langs {
            for flag in ["--help", "-h"] {
                let mut args = words.to_vec();
                args.extend([flag, "--lang", lang]);
                let o = run(&args);
                assert_eq!(o.status.code(), Some(0), "{args:?}");
                let out = text(&o.stdout);
                assert!(out.contains(usage), "{args:?}: {out}");
                assert!(out.contains(examples), "{args:?}: {out}");
                assert!(out.contains(help), "{args:?}: {out}");
                // Every example runs the command the help is for.
                let prefix = format!("  dmarc-lens {}", words.join(" "));
                let heading = examples.split_inclusive('\n').next().unwrap();
                let after = out.split_once(heading).unwrap().1;
                let listed: Vec<&str> = after
                    .lines()
                    .take_while(|l| l.starts_with("  dmarc-lens"))
                    .collect();
                assert!(!listed.is_empty(), "{args:?}: {out}");
                for example in listed {
                    assert!(
                        example.starts_with(prefix.trim_end()),
                        "{args:?}: {example}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_main_help_lists_commands_and_exit_codes() {
    let o = run(&["--help"]);
    let out = text(&o.stdout);
    for word in [
        "parse",
        "analyze",
        "record",
        "completions",
        "--lang",
        "--version",
    ] {
        assert!(out.contains(word), "{word}: {out}");
    }
    assert!(out.contains("Exit status:\n  0  "), "{out}");
    assert!(out.contains("  2  the command line is wrong"), "{out}");
    let o = run(&["--help", "--lang", "ja"]);
    assert!(text(&o.stdout).contains("終了ステータス:"));
    // The environment chooses the language when --lang is not given.
    let o = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
        .args(["parse", "--help"])
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(text(&o.stdout).contains("使い方:"));
}

#[test]
fn version() {
    for args in [&["--version"][..], &["-V"]] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            text(&o.stdout),
            format!("dmarc-lens {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn completions_for_three_shells() {
    let cases = [
        ("bash", "_dmarc__lens()"),
        ("zsh", "#compdef dmarc-lens"),
        ("fish", "complete -c dmarc-lens"),
    ];
    for (shell, marker) in cases {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = text(&o.stdout);
        assert!(out.contains(marker), "{shell}: {out}");
        for word in ["analyze", "explain", "ndjson", "lang"] {
            assert!(out.contains(word), "{shell} lacks {word}");
        }
    }
}

/// A reader that leaves before the script is written (`completions bash | head`)
/// ends the run quietly: exit 0 and no panic on stderr, for every printing command.
#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/samples.zip");
    let cases: [&[&str]; 6] = [
        &["completions", "bash"],
        &["completions", "fish"],
        &["record", "explain", "v=DMARC1; p=none"],
        &["record", "check", "v=DMARC1; p=none", "--json"],
        &["record", "build", "--domain", "example.com", "--p", "none"],
        &["analyze", "--network", "/nonexistent", samples],
    ];
    for args in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = text(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn usage_errors_exit_2_with_the_usage() {
    let cases: [&[&str]; 12] = [
        &[],
        &["frobnicate"],
        &["parse"],
        &["parse", "--format", "xml", "x"],
        &["parse", "--bogus", "x"],
        &["analyze"],
        &["analyze", "--format", "csv", "x"],
        &["completions"],
        &["completions", "powershell"],
        &["record", "build", "--p", "reject"],
        &["record", "check", "--lang", "fr", "v=DMARC1"],
        &["record", "build", "--domain", "example.com", "--pct", "101"],
    ];
    for args in cases {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let err = text(&o.stderr);
        assert!(
            err.contains("Usage: dmarc-lens") || err.contains("try '--help'"),
            "{args:?}: {err}"
        );
    }
}
