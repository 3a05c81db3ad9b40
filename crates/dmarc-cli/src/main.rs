//! `dmarc-lens`: the command-line face of dmarc-core.
//!
//! ```text
//! dmarc-lens parse [--format json|ndjson|csv] PATH...
//! dmarc-lens analyze [--format json|text] PATH...
//! dmarc-lens fetch --maildir DIR --out DIR [--state FILE]
//! dmarc-lens fetch --imap HOST[:PORT] --user NAME [--mailbox INBOX] [--move-to FOLDER] --out DIR
//! dmarc-lens record check|explain "<record>"
//! dmarc-lens record build --domain example.com [--p quarantine] [--rua dmarc@example.com]...
//! dmarc-lens record ses --domain example.com --region eu-west-1 [--mail-from mail] --token T (×3)
//! dmarc-lens completions bash|zsh|fish
//! ```
//!
//! The arguments are parsed by clap (derive). Every help text, example and
//! message for people comes from the shared catalogue (`locales/cli.toml`,
//! `locales/record.toml`) in English or Japanese: see [`help`].
//!
//! Exit status: 0 when everything was read (and a checked record has no
//! error), 1 when some input was rejected or a checked record has errors,
//! 2 on a usage error.

mod analyze;
mod context;
mod fetch;
mod help;
mod i18n;
mod input;
mod log;
mod ordered;
mod output;
mod parse;
mod record;

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};

/// The command line.
#[derive(Debug, Parser)]
#[command(name = "dmarc-lens", version, propagate_version = true)]
pub(crate) struct Cli {
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

/// `--lang`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Lang {
    En,
    Ja,
}

#[derive(Debug, Subcommand)]
enum Command {
    Parse(parse::ParseArgs),
    Analyze(analyze::AnalyzeArgs),
    Fetch(fetch::FetchArgs),
    #[command(subcommand)]
    Record(record::RecordCommand),
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// Shells `completions` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Exit status 1: some input was rejected, or a checked record has errors.
pub(crate) const EXIT_REJECTED: u8 = 1;
/// Exit status 2: the command line is wrong.
pub(crate) const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = i18n::resolve(help::lang_in_args(&args).as_deref());
    let command = help::localize(Cli::command(), &lang);
    let cli = match command
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        // Help and version exit 0, usage errors 2.
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let lang = i18n::resolve(cli.lang.map(|l| match l {
        Lang::En => "en",
        Lang::Ja => "ja",
    }));
    let result = match cli.command {
        Command::Parse(args) => parse::run(&args, &lang),
        Command::Analyze(args) => analyze::run(&args, &lang),
        Command::Fetch(args) => fetch::run(&args, &lang),
        Command::Record(cmd) => record::run(cmd, &lang),
        Command::Completions { shell } => {
            let mut command = help::localize(Cli::command(), &lang);
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            // Written whole, then to stdout: `generate` panics when its writer fails,
            // and a reader that goes away (`| head`) is not an error of ours.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "dmarc-lens", &mut script);
            log::stdout(&script)
                .map(|()| ExitCode::SUCCESS)
                .map_err(Into::into)
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // The reader went away (`| head`): not an error of ours.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("dmarc-lens: {err:#}");
            ExitCode::from(EXIT_REJECTED)
        }
    }
}
