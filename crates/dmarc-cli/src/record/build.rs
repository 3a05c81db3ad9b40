//! `dmarc-lens record build|ses`: the record builder and the Amazon SES
//! set-up on the command line, printing from the shared catalogue.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Args;
use dmarc_core::record::{
    ses_records, Alignment, BuilderChoices, FailureOption, Policy, ReportUri, SesInput, SizeLimit,
    TagSet,
};

use super::finding_text;
use crate::i18n::tr;
use crate::EXIT_REJECTED;

/// `record build`'s arguments: the builder's choices.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[arg(long)]
    domain: String,
    #[arg(long, value_parser = super::tag_set)]
    tag_set: Option<TagSet>,
    #[arg(long = "p", visible_alias = "policy", value_parser = policy)]
    p: Option<Policy>,
    #[arg(long, value_parser = policy)]
    sp: Option<Policy>,
    #[arg(long, value_parser = policy)]
    np: Option<Policy>,
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pct: Option<u8>,
    #[arg(long)]
    testing: bool,
    #[arg(long, value_parser = report_uri)]
    rua: Vec<ReportUri>,
    #[arg(long, value_parser = report_uri)]
    ruf: Vec<ReportUri>,
    #[arg(long, value_parser = alignment)]
    adkim: Option<Alignment>,
    #[arg(long, value_parser = alignment)]
    aspf: Option<Alignment>,
    #[arg(long, value_parser = failure_options)]
    fo: Option<FailureOptions>,
    #[arg(long)]
    ri: Option<u32>,
    #[arg(long)]
    spf_only: bool,
    #[arg(long)]
    json: bool,
}

/// `record ses`'s arguments: what the SES console shows.
#[derive(Debug, Args)]
pub(crate) struct SesArgs {
    #[arg(long)]
    domain: String,
    #[arg(long)]
    region: String,
    #[arg(long, default_value = "")]
    mail_from: String,
    #[arg(long = "token")]
    tokens: Vec<String>,
    #[arg(long)]
    json: bool,
}

/// `--fo 1:d:s`.
#[derive(Clone, Debug)]
struct FailureOptions(Vec<FailureOption>);

fn invalid(value: &str) -> String {
    format!("{value:?} is not valid")
}

fn policy(v: &str) -> Result<Policy, String> {
    Policy::parse(v).ok_or_else(|| format!("{}: none, quarantine or reject", invalid(v)))
}

fn alignment(v: &str) -> Result<Alignment, String> {
    Alignment::parse(v).ok_or_else(|| format!("{}: r or s", invalid(v)))
}

fn failure_options(v: &str) -> Result<FailureOptions, String> {
    v.split(':')
        .map(|o| FailureOption::parse(o).ok_or_else(|| format!("{}: 0, 1, d or s", invalid(o))))
        .collect::<Result<_, _>>()
        .map(FailureOptions)
}

/// `ADDRESS[!SIZE]`.
fn report_uri(value: &str) -> Result<ReportUri, String> {
    let (address, size) = match value.rsplit_once('!') {
        Some((a, s)) => (a, Some(SizeLimit::parse(s).ok_or_else(|| invalid(s))?)),
        None => (value, None),
    };
    Ok(ReportUri {
        address: address.to_owned(),
        size_limit: size,
    })
}

/// A builder or set-up error on standard error, with its suggestion if any.
fn print_error(lang: &str, key: &str, args: &BTreeMap<String, String>) {
    eprintln!("{}", tr(lang, key, args));
    if args.contains_key("suggestion") {
        eprintln!("    {}", tr(lang, "finding.suggestion", args));
    }
}

/// `dmarc-lens record build`: the builder on the command line.
pub(super) fn build(args: BuildArgs, lang: &str) -> anyhow::Result<ExitCode> {
    let defaults = BuilderChoices::default();
    let c = BuilderChoices {
        domain: args.domain,
        tag_set: args.tag_set.unwrap_or(defaults.tag_set),
        p: args.p.unwrap_or(defaults.p),
        sp: args.sp,
        np: args.np,
        pct: args.pct,
        testing: args.testing,
        rua: args.rua,
        ruf: args.ruf,
        adkim: args.adkim.unwrap_or(defaults.adkim),
        aspf: args.aspf.unwrap_or(defaults.aspf),
        fo: args.fo.map(|f| f.0).unwrap_or(defaults.fo.clone()),
        ri: args.ri,
        spf_only: args.spf_only,
        ..defaults
    };
    let json = args.json;
    let none = BTreeMap::new();
    let built = match dmarc_core::record::build(&c) {
        Ok(built) => built,
        Err(e) => {
            print_error(lang, &e.key(), &e.args());
            return Ok(ExitCode::from(EXIT_REJECTED));
        }
    };
    if json {
        crate::log::stdout(format!("{}\n", serde_json::to_string_pretty(&built)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let line = |key: &str, value: &str| format!("{}: {value}\n", tr(lang, key, &none));
    let mut out = String::new();
    out.push_str(&line("builder.output.name", &built.name));
    out.push_str(&line("builder.output.relative_name", &built.relative_name));
    out.push_str(&format!("{}\n", tr(lang, "builder.output.type", &none)));
    out.push_str(&line("builder.output.value", &built.value));
    out.push_str(&line("builder.output.zone_line", &built.zone_line));
    if built.strings.len() > 1 {
        let args = BTreeMap::from([("count".to_owned(), built.strings.len().to_string())]);
        out.push_str(&format!("{}\n", tr(lang, "builder.output.split", &args)));
    }
    for a in &built.authorizations {
        out.push_str(&format!(
            "\n{}\n    {}\n",
            tr(lang, &a.purpose, &none),
            a.zone_line()
        ));
    }
    if !built.notes.is_empty() {
        out.push_str(&format!("\n{}:\n", tr(lang, "builder.output.notes", &none)));
        for f in &built.notes {
            out.push_str(&finding_text(f, lang));
        }
    }
    crate::log::stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `dmarc-lens record ses`: the DNS records of an Amazon SES set-up.
pub(super) fn ses(args: SesArgs, lang: &str) -> anyhow::Result<ExitCode> {
    let input = SesInput {
        domain: args.domain,
        region: args.region,
        mail_from: args.mail_from,
        dkim_tokens: args.tokens,
    };
    let json = args.json;
    let records = match ses_records(&input) {
        Ok(records) => records,
        Err(e) => {
            print_error(lang, &e.key(), &e.args());
            return Ok(ExitCode::from(EXIT_REJECTED));
        }
    };
    if json {
        crate::log::stdout(format!("{}\n", serde_json::to_string_pretty(&records)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let none = BTreeMap::new();
    let mut out = format!("{}\n\n", tr(lang, "setup.ses.intro", &none));
    for r in &records {
        out.push_str(&format!(
            "{}\n    {}\n",
            tr(lang, &r.purpose, &none),
            r.zone_line()
        ));
    }
    crate::log::stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
