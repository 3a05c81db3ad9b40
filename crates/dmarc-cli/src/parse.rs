//! `dmarc-lens parse [--format json|ndjson|csv|opensearch-bulk] PATH...`:
//! reads files and folders (recursively, in name order), writes the reports
//! to stdout and each file's problems to stderr. Exits 1 when any input was
//! rejected.
//!
//! Each record carries what the dashboard says of it (`family`,
//! `diagnosis`; with `--marks`, judged with the person's marks) and its
//! network (`asn`, `as_name`, `country`, with the network data: see
//! `analyze`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dmarc_core::analysis::Filter;
use dmarc_core::session::Session;

use crate::context::{open_network, read_marks};
use crate::input::{load, summary};
use crate::output::Background;
use crate::EXIT_REJECTED;

/// `parse`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct ParseArgs {
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Json)]
    format: Format,
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
    /// A marks file saved by the web app: families are judged with it.
    #[arg(long, value_name = "FILE")]
    marks: Option<PathBuf>,
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
    let marks = read_marks(args.marks.as_deref())?;
    let loaded = load(&args.paths, lang);
    let said = summary(&loaded, lang);
    let rejected = loaded.rejected;
    let mut session = Session::from_set(loaded.set);
    session.set_marks(marks);
    if let Some(db) = open_network(args.network.as_deref(), lang) {
        session.set_network(db);
    }
    let export = session.export(&Filter::default());
    let mut out = Background::stdout();
    match args.format {
        Format::Json => {
            out.write_all(export.to_json()?.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Format::Ndjson => export.write_ndjson(&mut out)?,
        Format::Csv => export.write_csv(&mut out)?,
        Format::OpensearchBulk => export.write_opensearch_bulk(&mut out)?,
    }
    out.finish()?;
    // The process ends here: freeing every record one by one would only
    // add time (a tenth of a run on a large report); the system takes the
    // memory back at once.
    std::mem::forget(session);
    eprintln!("{said}");
    Ok(if rejected > 0 {
        ExitCode::from(EXIT_REJECTED)
    } else {
        ExitCode::SUCCESS
    })
}
