//! `dmarc-lens parse [--format json|ndjson|csv] PATH...`: reads files and
//! folders (recursively, in name order), writes the reports to stdout and
//! each file's problems to stderr. Exits 1 when any file was rejected, 2 on
//! a usage error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use dmarc_core::export;
use dmarc_core::ingest::{ingest_file, FileStatus, Limits, ReportSet};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Ndjson,
    Csv,
}

const USAGE: &str = "usage: dmarc-lens parse [--format json|ndjson|csv] PATH...";

fn format_named(name: &str) -> anyhow::Result<Format> {
    match name {
        "json" => Ok(Format::Json),
        "ndjson" | "jsonl" => Ok(Format::Ndjson),
        "csv" => Ok(Format::Csv),
        other => bail!("unknown format {other:?} (json, ndjson or csv)\n{USAGE}"),
    }
}

/// Every file under `path`, recursively, sorted by name.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot list {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for entry in entries {
            collect(&entry, out)?;
        }
    } else {
        out.push(path.to_owned());
    }
    Ok(())
}

/// Runs `dmarc-lens parse ARGS`.
pub fn run(args: &[String]) -> anyhow::Result<ExitCode> {
    let mut format = Format::Json;
    let mut paths = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--format" | "-f" => match iter.next() {
                Some(name) => format = format_named(name)?,
                None => bail!("--format needs a value\n{USAGE}"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            other => match other.strip_prefix("--format=") {
                Some(name) => format = format_named(name)?,
                None if other.starts_with('-') && other.len() > 1 => {
                    bail!("unknown option {other:?}\n{USAGE}")
                }
                None => paths.push(PathBuf::from(other)),
            },
        }
    }
    if paths.is_empty() {
        bail!("no file or folder given\n{USAGE}");
    }
    let mut files = Vec::new();
    for path in &paths {
        collect(path, &mut files)?;
    }

    let limits = Limits::default();
    let mut set = ReportSet::new();
    let mut rejected = 0usize;
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for file in &files {
        let name = file.display().to_string();
        let outcome = match std::fs::read(file) {
            Ok(bytes) => ingest_file(&name, &bytes, &limits),
            Err(e) => {
                writeln!(err, "{name}: cannot read: {e}")?;
                rejected += 1;
                continue;
            }
        };
        let outcome = set.add(outcome);
        match outcome.status {
            FileStatus::Rejected => {
                rejected += 1;
                for e in &outcome.errors {
                    writeln!(err, "rejected: {e}")?;
                }
            }
            FileStatus::Duplicate => writeln!(
                err,
                "{name}: duplicate: every report in it was already loaded"
            )?,
            FileStatus::Parsed => {
                for e in &outcome.errors {
                    writeln!(err, "error: {e}")?;
                }
            }
        }
        for found in outcome.reports.iter().filter(|r| r.duplicate) {
            if outcome.status == FileStatus::Parsed {
                writeln!(
                    err,
                    "{name}: {}: duplicate {} report skipped",
                    found.layers.join(" > "),
                    found.report.kind()
                )?;
            }
        }
    }

    let out = match format {
        Format::Json => {
            let mut text = export::to_json(set.files())?;
            text.push('\n');
            text
        }
        Format::Ndjson => export::to_ndjson(set.files())?,
        Format::Csv => export::to_csv(set.files()),
    };
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => {}
        // The reader went away (`| head`): not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e.into()),
    }

    let reports = set.reports().count();
    writeln!(
        err,
        "dmarc-lens: {} files, {reports} reports, {rejected} rejected",
        files.len()
    )?;
    Ok(if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
