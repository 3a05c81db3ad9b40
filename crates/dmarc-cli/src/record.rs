//! `dmarc-lens record check|explain|build|ses`: the record checker, the
//! builder and the Amazon SES set-up on the command line.
//!
//! Every sentence comes from the shared catalogue `locales/record.toml`
//! (the one the web view uses), in English or Japanese (`--lang ja`, or a
//! `LANG`/`LC_ALL`/`LC_MESSAGES` starting with `ja`).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use dmarc_core::record::{
    check_with, explain, CheckOptions, Finding, RecordCheck, Severity, TagSet,
};

mod build;

rust_i18n::i18n!("../../locales", fallback = "en");

/// Runs `dmarc-lens record ARGS`.
pub fn run(args: &[String]) -> anyhow::Result<ExitCode> {
    match args.first().map(String::as_str) {
        Some("build") => return build::build(&args[1..]),
        Some("ses") => return build::ses(&args[1..]),
        _ => {}
    }
    let cmd = Command::parse(args)?;
    let lang = cmd.lang.clone().unwrap_or_else(lang_from_env);
    let text = if cmd.record == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the record from standard input")?;
        text
    } else {
        cmd.record.clone()
    };
    let checked = check_with(&text, &cmd.options);
    if cmd.json {
        let json = if cmd.explain {
            serde_json::to_string_pretty(&explain(&checked.parsed))?
        } else {
            serde_json::to_string_pretty(&checked)?
        };
        println!("{json}");
    } else if cmd.explain {
        print!("{}", explain_text(&checked, &lang));
    } else {
        print!("{}", check_text(&checked, &lang));
    }
    let failed = if cmd.explain {
        checked.parsed.tags.is_empty()
    } else {
        checked.has_errors()
    };
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The parsed command line.
struct Command {
    explain: bool,
    record: String,
    options: CheckOptions,
    lang: Option<String>,
    json: bool,
}

impl Command {
    fn parse(args: &[String]) -> anyhow::Result<Command> {
        let usage = || tr("en", "cli.record.usage", &BTreeMap::new());
        let explain = match args.first().map(String::as_str) {
            Some("check") => false,
            Some("explain") => true,
            _ => bail!("{}", usage()),
        };
        let mut cmd = Command {
            explain,
            record: String::new(),
            options: CheckOptions::default(),
            lang: None,
            json: false,
        };
        let mut record = None;
        let mut rest = args[1..].iter();
        while let Some(arg) = rest.next() {
            let mut value = |name: &str| {
                rest.next()
                    .cloned()
                    .with_context(|| format!("{name} needs a value\n{}", usage()))
            };
            match arg.as_str() {
                "--domain" | "-d" => cmd.options.policy_domain = Some(value("--domain")?),
                "--lang" => cmd.lang = Some(value("--lang")?),
                "--tag-set" => {
                    let v = value("--tag-set")?;
                    let set = TagSet::parse(&v)
                        .or_else(|| TagSet::parse(&format!("rfc{v}")))
                        .with_context(|| format!("unknown tag set {v:?}: rfc7489 or rfc9989"))?;
                    cmd.options.tag_set = Some(set);
                }
                "--spf-only" => cmd.options.spf_only = true,
                "--parked" => cmd.options.parked = true,
                "--json" => cmd.json = true,
                "-h" | "--help" => bail!("{}", usage()),
                other if record.is_none() => record = Some(other.to_owned()),
                other => bail!("unexpected argument {other:?}\n{}", usage()),
            }
        }
        cmd.record = record.with_context(usage)?;
        Ok(cmd)
    }
}

/// `ja` when the environment asks for Japanese, else `en`.
pub(crate) fn lang_from_env() -> String {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var) {
            if !value.is_empty() {
                return if value.starts_with("ja") { "ja" } else { "en" }.to_owned();
            }
        }
    }
    "en".to_owned()
}

/// The catalogue text for `key` in `lang`, placeholders filled from `args`.
/// An unknown key falls back to English, then to the key itself.
pub(crate) fn tr(lang: &str, key: &str, args: &BTreeMap<String, String>) -> String {
    let lang = if lang.starts_with("ja") { "ja" } else { "en" };
    let template = _rust_i18n_try_translate(lang, key)
        .map(|t| t.into_owned())
        .unwrap_or_else(|| key.to_owned());
    fill(&template, args)
}

fn fill(template: &str, args: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("%{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.split_once('}') {
            Some((name, tail)) => {
                match args.get(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push_str("%{");
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// One finding as a line (and a hint line for a suggestion).
pub(crate) fn finding_text(f: &Finding, lang: &str) -> String {
    let label = tr(lang, &format!("severity.{}", f.severity.as_str()), &f.args);
    let mut text = format!(
        "{label} [{}]: {}\n",
        f.code.as_str(),
        tr(lang, &f.key(), &f.args)
    );
    if f.arg("suggestion").is_some()
        && !tr(lang, &f.key(), &BTreeMap::new()).contains("%{suggestion}")
    {
        text.push_str(&format!(
            "    {}\n",
            tr(lang, "finding.suggestion", &f.args)
        ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        let args = BTreeMap::from([("tag".to_owned(), "p".to_owned())]);
        assert_eq!(
            fill("the %{tag} tag, %{missing}", &args),
            "the p tag, %{missing}"
        );
        assert_eq!(fill("100%", &args), "100%");
    }

    #[test]
    fn both_languages_come_from_the_catalogue() {
        let args = BTreeMap::from([
            ("tag".to_owned(), "p".to_owned()),
            ("column".to_owned(), "3".to_owned()),
        ]);
        assert!(tr("en", "finding.duplicate_tag", &args).starts_with("The p tag appears"));
        assert!(tr("ja", "finding.duplicate_tag", &args).starts_with("p タグが"));
        assert!(tr("ja_JP.UTF-8", "severity.error", &args).contains("エラー"));
    }
}
