//! `dmarc-lens parse [--format json|ndjson|csv|opensearch-bulk] PATH...`:
//! reads files and folders (recursively, in name order), writes the reports
//! to stdout and each file's problems to stderr. Exits 1 when any input was
//! rejected.
//!
//! Each record carries what the dashboard says of it (`family`,
//! `diagnosis`; with `--marks`, judged with the person's marks) and its
//! network (`asn`, `as_name`, `country`, with the network data: see
//! `analyze`).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dmarc_core::analysis::Filter;
use dmarc_core::export::{write_csv_header, Export, RowFormat};
use dmarc_core::session::Session;

use crate::context::{read_marks, NetworkLoading};
use crate::input::{load, summary};
use crate::ordered;
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
    // Read while the index is built (not while the reports are read,
    // whose bytes are the peak of memory).
    let network = NetworkLoading::start(args.network.as_deref());
    let said = summary(&loaded, lang);
    let rejected = loaded.rejected;
    let mut session = Session::from_set(loaded.set);
    session.set_marks(marks);
    if let Some(db) = network.finish(lang) {
        session.set_network(db);
    }
    let export = session.export(&Filter::default());
    let mut out = Background::stdout();
    match args.format {
        Format::Json => {
            out.write_all(export.to_json()?.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Format::Ndjson => write_rows(&export, RowFormat::Ndjson, &mut out)?,
        Format::Csv => {
            write_csv_header(&mut out)?;
            write_rows(&export, RowFormat::Csv, &mut out)?;
        }
        Format::OpensearchBulk => write_rows(&export, RowFormat::OpensearchBulk, &mut out)?,
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

/// Records per piece of the rows written on one thread (about 0.65 MB of
/// NDJSON on a large reporter's report). The pieces being made, waiting for
/// their turn and queued for the writing thread are all in memory at once,
/// beside the reports and their index: at 1,024 records they held 10–12 MB
/// at the run's peak (a tenth of it on a 50,000-record report).
const PIECE: usize = 512;

/// Writes the rows of `export` in `format`, pieces of [`PIECE`] records
/// made on every core and written in order: the same bytes as
/// [`Export::write_records`] of all records on one thread.
fn write_rows(export: &Export<'_>, format: RowFormat, out: &mut Background) -> io::Result<()> {
    let count = export.record_count();
    let threads = ordered::threads();
    if threads == 1 || count <= PIECE {
        return export.write_records(format, 0..count, out);
    }
    let mut written = Ok(());
    ordered::in_order(
        count.div_ceil(PIECE),
        threads,
        threads,
        |piece| {
            let mut block = Vec::with_capacity(1 << 20);
            let start = piece * PIECE;
            export
                .write_records(format, start..start + PIECE, &mut block)
                .map(|()| block)
        },
        |_, block| {
            written = block.and_then(|block| out.send(block));
            written.is_ok()
        },
    );
    written
}
