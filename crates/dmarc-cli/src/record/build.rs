//! `dmarc-lens record build|ses`: the record builder and the Amazon SES
//! set-up on the command line, printing from the shared catalogue.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use dmarc_core::record::{
    ses_records, Alignment, BuilderChoices, FailureOption, Policy, ReportUri, SesInput, SizeLimit,
    TagSet,
};

use super::{finding_text, lang_from_env, tr};

/// `--name value` pairs and flags of `build` and `ses`, in order.
fn options(args: &[String], flags: &[&str]) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let Some(name) = arg.strip_prefix("--") else {
            bail!("unexpected argument {arg:?}\n{}", build_usage());
        };
        if flags.contains(&name) {
            out.push((name.to_owned(), String::new()));
        } else {
            let value = rest
                .next()
                .with_context(|| format!("--{name} needs a value\n{}", build_usage()))?;
            out.push((name.to_owned(), value.clone()));
        }
    }
    Ok(out)
}

fn build_usage() -> &'static str {
    "usage: dmarc-lens record build --domain D [--tag-set rfc7489|rfc9989] [--p none|quarantine|reject]
         [--sp P] [--np P] [--pct N] [--testing] [--rua ADDRESS[!SIZE]]... [--ruf ADDRESS]...
         [--adkim r|s] [--aspf r|s] [--fo 1:d:s] [--ri SECONDS] [--spf-only] [--lang en|ja] [--json]
       dmarc-lens record ses --domain D --region R [--mail-from SUBDOMAIN] --token T --token T --token T
         [--lang en|ja] [--json]"
}

fn parse_value<T>(name: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> anyhow::Result<T> {
    parse(value).with_context(|| format!("--{name}: {value:?} is not valid\n{}", build_usage()))
}

fn report_uri(value: &str) -> anyhow::Result<ReportUri> {
    let (address, size) = match value.rsplit_once('!') {
        Some((a, s)) => (a, Some(parse_value("rua", s, SizeLimit::parse)?)),
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
pub(super) fn build(args: &[String]) -> anyhow::Result<ExitCode> {
    let mut c = BuilderChoices::default();
    let (mut lang, mut json) = (None, false);
    for (name, value) in options(args, &["testing", "spf-only", "json"])? {
        let v = value.as_str();
        match name.as_str() {
            "domain" => c.domain = value,
            "tag-set" => {
                c.tag_set = parse_value(&name, v, |v| {
                    TagSet::parse(v).or_else(|| TagSet::parse(&format!("rfc{v}")))
                })?
            }
            "p" | "policy" => c.p = parse_value(&name, v, Policy::parse)?,
            "sp" => c.sp = Some(parse_value(&name, v, Policy::parse)?),
            "np" => c.np = Some(parse_value(&name, v, Policy::parse)?),
            "pct" => c.pct = Some(parse_value(&name, v, |v| v.parse().ok())?),
            "testing" => c.testing = true,
            "rua" => c.rua.push(report_uri(v)?),
            "ruf" => c.ruf.push(report_uri(v)?),
            "adkim" => c.adkim = parse_value(&name, v, Alignment::parse)?,
            "aspf" => c.aspf = parse_value(&name, v, Alignment::parse)?,
            "fo" => {
                c.fo = v
                    .split(':')
                    .map(|o| parse_value(&name, o, FailureOption::parse))
                    .collect::<anyhow::Result<_>>()?
            }
            "ri" => c.ri = Some(parse_value(&name, v, |v| v.parse().ok())?),
            "spf-only" => c.spf_only = true,
            "lang" => lang = Some(value),
            "json" => json = true,
            other => bail!("unknown option --{other}\n{}", build_usage()),
        }
    }
    let lang = lang.unwrap_or_else(lang_from_env);
    let none = BTreeMap::new();
    let built = match dmarc_core::record::build(&c) {
        Ok(built) => built,
        Err(e) => {
            print_error(&lang, &e.key(), &e.args());
            return Ok(ExitCode::from(1));
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&built)?);
        return Ok(ExitCode::SUCCESS);
    }
    let line = |key: &str, value: &str| format!("{}: {value}\n", tr(&lang, key, &none));
    let mut out = String::new();
    out.push_str(&line("builder.output.name", &built.name));
    out.push_str(&line("builder.output.relative_name", &built.relative_name));
    out.push_str(&format!("{}\n", tr(&lang, "builder.output.type", &none)));
    out.push_str(&line("builder.output.value", &built.value));
    out.push_str(&line("builder.output.zone_line", &built.zone_line));
    if built.strings.len() > 1 {
        let args = BTreeMap::from([("count".to_owned(), built.strings.len().to_string())]);
        out.push_str(&format!("{}\n", tr(&lang, "builder.output.split", &args)));
    }
    for a in &built.authorizations {
        out.push_str(&format!(
            "\n{}\n    {}\n",
            tr(&lang, &a.purpose, &none),
            a.zone_line()
        ));
    }
    if !built.notes.is_empty() {
        out.push_str(&format!(
            "\n{}:\n",
            tr(&lang, "builder.output.notes", &none)
        ));
        for f in &built.notes {
            out.push_str(&finding_text(f, &lang));
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// `dmarc-lens record ses`: the DNS records of an Amazon SES set-up.
pub(super) fn ses(args: &[String]) -> anyhow::Result<ExitCode> {
    let mut input = SesInput::default();
    let (mut lang, mut json) = (None, false);
    for (name, value) in options(args, &["json"])? {
        match name.as_str() {
            "domain" => input.domain = value,
            "region" => input.region = value,
            "mail-from" => input.mail_from = value,
            "token" => input.dkim_tokens.push(value),
            "lang" => lang = Some(value),
            "json" => json = true,
            other => bail!("unknown option --{other}\n{}", build_usage()),
        }
    }
    let lang = lang.unwrap_or_else(lang_from_env);
    let records = match ses_records(&input) {
        Ok(records) => records,
        Err(e) => {
            print_error(&lang, &e.key(), &e.args());
            return Ok(ExitCode::from(1));
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&records)?);
        return Ok(ExitCode::SUCCESS);
    }
    let none = BTreeMap::new();
    let mut out = format!("{}\n\n", tr(&lang, "setup.ses.intro", &none));
    for r in &records {
        out.push_str(&format!(
            "{}\n    {}\n",
            tr(&lang, &r.purpose, &none),
            r.zone_line()
        ));
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
