//! `dmarc-lens parse [--format json|ndjson|csv] PATH...`: reads files and
//! folders (recursively, in name order), writes the reports to stdout and
//! each file's problems to stderr. Exits 1 when any input was rejected.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dmarc_core::export;

use crate::input::{load, summary};
use crate::EXIT_REJECTED;

/// `parse`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct ParseArgs {
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Json)]
    format: Format,
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    #[value(alias = "jsonl")]
    Ndjson,
    Csv,
}

/// Runs `dmarc-lens parse`.
pub(crate) fn run(args: &ParseArgs, lang: &str) -> anyhow::Result<ExitCode> {
    let loaded = load(&args.paths, lang);
    let files = loaded.set.files();
    let out = match args.format {
        Format::Json => {
            let mut text = export::to_json(files)?;
            text.push('\n');
            text
        }
        Format::Ndjson => export::to_ndjson(files)?,
        Format::Csv => export::to_csv(files),
    };
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    eprintln!("{}", summary(&loaded, lang));
    Ok(if loaded.rejected > 0 {
        ExitCode::from(EXIT_REJECTED)
    } else {
        ExitCode::SUCCESS
    })
}
