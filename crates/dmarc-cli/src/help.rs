//! Help in the reader's language: every command's description, examples and
//! every argument's help come from the catalogue (`locales/cli.toml`), under
//! `cli.help.<command path>.about`, `.examples` and `.arg.<id>`, with the
//! command path starting at `main` (`main.record.check`). The headings of the
//! help page are translated too (`cli.help.heading.*`).

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command};

use crate::i18n::{tr, try_tr};

/// The value of `--lang` in the raw arguments, read before clap runs so that
/// the help and the usage errors are in that language.
pub(crate) fn lang_in_args(args: &[OsString]) -> Option<String> {
    let mut iter = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return iter.next().map(str::to_owned);
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_owned());
        }
    }
    None
}

/// `command` with its help texts (and those of every subcommand) in `lang`.
pub(crate) fn localize(command: Command, lang: &str) -> Command {
    let version = tr(lang, "cli.help.flag.version", &Default::default());
    localize_at(command, "main", lang)
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(version),
        )
}

/// The catalogue key of a command's part.
pub(crate) fn key(path: &str, part: &str) -> String {
    format!("cli.help.{path}.{part}")
}

fn localize_at(mut command: Command, path: &str, lang: &str) -> Command {
    let none = Default::default();
    if let Some(about) = try_tr(lang, &key(path, "about")) {
        command = command.about(about);
    }
    let mut after = Vec::new();
    for part in ["examples", "exit_status"] {
        if let Some(text) = try_tr(lang, &key(path, part)) {
            let heading = tr(lang, &format!("cli.help.heading.{part}"), &none);
            after.push(format!("{heading}:\n{text}"));
        }
    }
    if !after.is_empty() {
        command = command.after_help(after.join("\n\n"));
    }
    command = command.mut_args(|arg| {
        let id = arg.get_id().as_str().to_owned();
        // The values are named in the help text, in the reader's language.
        let takes_values = arg.get_action().takes_values();
        let arg = arg.hide_possible_values(takes_values);
        match try_tr(lang, &key(path, &format!("arg.{id}"))) {
            Some(help) => arg.help(help),
            None => arg,
        }
    });
    let help = tr(lang, "cli.help.flag.help", &none);
    command = command.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(help),
    );
    let page = template(&command, lang);
    command = command.help_template(page);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = format!("{path}.{name}");
        command = command.mut_subcommand(&name, |s| localize_at(s, &sub_path, lang));
    }
    command
}

/// A help page with translated headings, listing only the sections the
/// command has.
fn template(command: &Command, lang: &str) -> String {
    let none = Default::default();
    let heading = |name: &str| tr(lang, &format!("cli.help.heading.{name}"), &none);
    let mut out = format!("{{about-with-newline}}\n{}: {{usage}}\n", heading("usage"));
    if command.has_subcommands() {
        out.push_str(&format!("\n{}:\n{{subcommands}}\n", heading("commands")));
    }
    if command.get_positionals().next().is_some() {
        out.push_str(&format!("\n{}:\n{{positionals}}\n", heading("arguments")));
    }
    out.push_str(&format!(
        "\n{}:\n{{options}}\n{{after-help}}",
        heading("options")
    ));
    out
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;
    use crate::Cli;

    /// Every command and subcommand, with its catalogue path.
    fn commands(command: &Command, path: &str, out: &mut Vec<(String, Command)>) {
        out.push((path.to_owned(), command.clone()));
        for sub in command.get_subcommands() {
            commands(sub, &format!("{path}.{}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_has_help_and_examples_in_the_catalogue() {
        let mut all = Vec::new();
        commands(&Cli::command(), "main", &mut all);
        assert!(all.len() >= 9, "only {} commands", all.len());
        let mut missing = Vec::new();
        for (path, command) in &all {
            for part in ["about", "examples"] {
                if try_tr("en", &key(path, part)).is_none() {
                    missing.push(key(path, part));
                }
            }
            for arg in command.get_arguments() {
                let k = key(path, &format!("arg.{}", arg.get_id()));
                if try_tr("en", &k).is_none() {
                    missing.push(k);
                }
            }
        }
        assert!(missing.is_empty(), "missing: {missing:#?}");
    }

    #[test]
    fn the_help_follows_the_language() {
        let cases = [("en", "Examples:", "Usage:"), ("ja", "例:", "使い方:")];
        for (lang, examples, usage) in cases {
            let mut command = localize(Cli::command(), lang);
            let help = command.render_help().to_string();
            assert!(help.contains(examples), "{lang}: {help}");
            assert!(help.contains(usage), "{lang}: {help}");
        }
    }

    #[test]
    fn lang_is_found_before_parsing() {
        let cases: [(&[&str], Option<&str>); 4] = [
            (&["dmarc-lens", "parse", "--lang", "ja", "x"], Some("ja")),
            (&["dmarc-lens", "--lang=en", "record"], Some("en")),
            (&["dmarc-lens", "parse", "--", "--lang", "ja"], None),
            (&["dmarc-lens", "parse"], None),
        ];
        for (args, want) in cases {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            assert_eq!(lang_in_args(&args).as_deref(), want, "{args:?}");
        }
    }
}
