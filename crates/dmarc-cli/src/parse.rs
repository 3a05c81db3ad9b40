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
    /// NDJSON with an OpenSearch/Elasticsearch `_bulk` action line before
    /// each row (`_id` = the record id).
    OpensearchBulk,
}

/// Runs `dmarc-lens parse`.
pub(crate) fn run(args: &ParseArgs, lang: &str) -> anyhow::Result<ExitCode> {
    let loaded = load(&args.paths, lang);
    let files = loaded.set.files();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            out.write_all(export::to_json(files)?.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Format::Ndjson => export::write_ndjson(files, &mut out)?,
        Format::Csv => export::write_csv(files, &mut out)?,
        Format::OpensearchBulk => export::write_opensearch_bulk(files, &mut out)?,
    }
    out.flush()?;
    eprintln!("{}", summary(&loaded, lang));
    Ok(if loaded.rejected > 0 {
        ExitCode::from(EXIT_REJECTED)
    } else {
        ExitCode::SUCCESS
    })
}
