//! `dmarc-lens record check|explain|build|ses`: the record checker, the
//! builder and the Amazon SES set-up on the command line.
//!
//! Every sentence comes from the shared catalogue `locales/record.toml`
//! (the one the web view uses), in English or Japanese (`--lang ja`, or a
//! `LANG`/`LC_ALL`/`LC_MESSAGES` starting with `ja`).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use dmarc_core::record::{
    check_with, explain, CheckOptions, Finding, RecordCheck, Severity, TagSet,
};

use crate::i18n::{tr, try_tr};
use crate::EXIT_REJECTED;

mod build;

/// `dmarc-lens record …`.
#[derive(Debug, Subcommand)]
pub(crate) enum RecordCommand {
    Check(CheckArgs),
    Explain(CheckArgs),
    Build(build::BuildArgs),
    Ses(build::SesArgs),
}

/// The arguments of `check` and `explain`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[arg(value_name = "RECORD")]
    record: String,
    #[arg(long, short = 'd')]
    domain: Option<String>,
    #[arg(long, value_parser = tag_set)]
    tag_set: Option<TagSet>,
    #[arg(long)]
    spf_only: bool,
    #[arg(long)]
    parked: bool,
    #[arg(long)]
    json: bool,
}

/// `rfc7489`, `rfc9989`, or the number alone.
pub(crate) fn tag_set(v: &str) -> Result<TagSet, String> {
    TagSet::parse(v)
        .or_else(|| TagSet::parse(&format!("rfc{v}")))
        .ok_or_else(|| format!("unknown tag set {v:?}: rfc7489 or rfc9989"))
}

/// Runs `dmarc-lens record …`.
pub(crate) fn run(command: RecordCommand, lang: &str) -> anyhow::Result<ExitCode> {
    let (cmd, explaining) = match command {
        RecordCommand::Build(args) => return build::build(args, lang),
        RecordCommand::Ses(args) => return build::ses(args, lang),
        RecordCommand::Check(args) => (args, false),
        RecordCommand::Explain(args) => (args, true),
    };
    let text = if cmd.record == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the record from standard input")?;
        text
    } else {
        cmd.record.clone()
    };
    let options = CheckOptions {
        policy_domain: cmd.domain.clone(),
        tag_set: cmd.tag_set,
        spf_only: cmd.spf_only,
        parked: cmd.parked,
        ..CheckOptions::default()
    };
    let checked = check_with(&text, &options);
    if cmd.json {
        let json = if explaining {
            serde_json::to_string_pretty(&explain(&checked.parsed))?
        } else {
            serde_json::to_string_pretty(&checked)?
        };
        crate::log::stdout(format!("{json}\n"))?;
    } else if explaining {
        crate::log::stdout(explain_text(&checked, lang))?;
    } else {
        crate::log::stdout(check_text(&checked, lang))?;
    }
    let failed = if explaining {
        checked.parsed.tags.is_empty()
    } else {
        checked.has_errors()
    };
    Ok(if failed {
        ExitCode::from(EXIT_REJECTED)
    } else {
        ExitCode::SUCCESS
    })
}

/// One finding as a line (and a hint line for a suggestion), from
/// [`Finding::text`].
pub(crate) fn finding_text(f: &Finding, lang: &str) -> String {
    let label = tr(lang, &format!("severity.{}", f.severity.as_str()), &f.args);
    let words = f.text(|key| try_tr(lang, key).unwrap_or_else(|| key.to_owned()));
    let mut text = format!("{label} [{}]: {}\n", f.code.as_str(), words.message);
    if let Some(suggestion) = words.suggestion {
        text.push_str(&format!("    {suggestion}\n"));
    }
    text
}

fn check_text(checked: &RecordCheck, lang: &str) -> String {
    let none = BTreeMap::new();
    let mut out = String::new();
    if !checked.parsed.tags.is_empty() {
        out.push_str(&format!(
            "{}: {}\n",
            tr(lang, "cli.record.canonical", &none),
            checked.canonical()
        ));
    }
    if checked.findings.is_empty() {
        out.push_str(&tr(lang, "cli.record.no_findings", &none));
        out.push('\n');
        return out;
    }
    for f in &checked.findings {
        out.push_str(&finding_text(f, lang));
    }
    let counts = BTreeMap::from([
        (
            "errors".to_owned(),
            checked.count(Severity::Error).to_string(),
        ),
        (
            "warnings".to_owned(),
            checked.count(Severity::Warning).to_string(),
        ),
        (
            "infos".to_owned(),
            checked.count(Severity::Info).to_string(),
        ),
    ]);
    out.push_str(&tr(lang, "cli.record.summary", &counts));
    out.push('\n');
    out
}

fn explain_text(checked: &RecordCheck, lang: &str) -> String {
    let none = BTreeMap::new();
    let mut out = String::new();
    for e in explain(&checked.parsed) {
        let name = tr(lang, &e.key("name"), &e.args);
        out.push_str(&format!("{} — {name}\n", e.tag));
        match &e.value {
            Some(value) => out.push_str(&format!(
                "    {}: {}={value}\n",
                tr(lang, "cli.record.value", &none),
                e.tag
            )),
            None => out.push_str(&format!(
                "    ({})\n",
                tr(lang, "tag.label.defaulted", &none)
            )),
        }
        for key in &e.value_keys {
            out.push_str(&format!("    → {}\n", tr(lang, key, &e.args)));
        }
        out.push_str(&format!("    {}\n", tr(lang, &e.key("what"), &e.args)));
        out.push_str(&format!(
            "    {}: {}\n",
            tr(lang, "cli.record.default", &none),
            tr(lang, &e.key("default"), &e.args)
        ));
        out.push_str(&format!(
            "    {}\n\n",
            tr(lang, &e.key("consequence"), &e.args)
        ));
    }
    let problems: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    if !problems.is_empty() {
        out.push_str(&format!("{}:\n", tr(lang, "cli.record.findings", &none)));
        for f in problems {
            out.push_str(&finding_text(f, lang));
        }
    }
    out
}
