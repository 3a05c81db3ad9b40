//! Reading the files and folders named on the command line into a
//! [`ReportSet`], shared by `parse` and `analyze`.
//!
//! Folders are read recursively, in name order, skipping hidden entries
//! (names starting with `.`). Every problem is one line on
//! standard error naming the file (or folder) and the problem, and the run
//! goes on with the rest: a path that cannot be read, a folder with no file,
//! a folder where no report was found, a file the core rejects. Duplicate
//! reports are named and counted once. Files are read on every core
//! (`DMARC_LENS_THREADS=N` sets how many threads) and kept in name order,
//! so the output is the same as on one. A progress bar shows on standard
//! error, only when it is a terminal and only once reading takes more than
//! a second.

use std::path::{Path, PathBuf};

use dmarc_core::ingest::{ingest_file, FileOutcome, FileStatus, Limits, ReportSet};

use crate::i18n::tr_with;
use crate::log::Log;
use crate::ordered;

/// What was read.
pub(crate) struct Loaded {
    /// The reports, duplicates marked.
    pub set: ReportSet,
    /// Files read (or tried).
    pub files: usize,
    /// Paths and files that could not be read or held no report.
    pub rejected: usize,
}

/// A file to read, and which of the given paths it was found under.
struct Found {
    path: PathBuf,
    given: usize,
}

/// Every file under `path`, recursively, in name order; problems named.
fn collect(path: &Path, given: usize, out: &mut Vec<Found>, log: &Log) -> usize {
    let mut rejected = 0;
    let show = || path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            log.line(
                "cli.input.cannot_read",
                &[("file", show()), ("error", e.to_string())],
            );
            return 1;
        }
    };
    if !meta.is_dir() {
        out.push(Found {
            path: path.to_owned(),
            given,
        });
        return 0;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            log.line(
                "cli.input.cannot_list",
                &[("folder", show()), ("error", e.to_string())],
            );
            return 1;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            // Hidden files and folders (`.git`, `fetch`'s state file) are not reports.
            Ok(entry) if entry.file_name().to_string_lossy().starts_with('.') => {}
            Ok(entry) => paths.push(entry.path()),
            Err(e) => {
                log.line(
                    "cli.input.cannot_list",
                    &[("folder", show()), ("error", e.to_string())],
                );
                rejected += 1;
            }
        }
    }
    paths.sort();
    for entry in paths {
        rejected += collect(&entry, given, out, log);
    }
    rejected
}

/// Reads `paths` (files and folders) into a report set, naming every problem
/// on standard error in `lang`.
pub(crate) fn load(paths: &[PathBuf], lang: &str) -> Loaded {
    let mut log = Log::new(lang, "cli.progress.files");
    let mut found = Vec::new();
    let mut rejected = 0;
    for (given, path) in paths.iter().enumerate() {
        let before = found.len();
        rejected += collect(path, given, &mut found, &log);
        if path.is_dir() && found.len() == before {
            log.line(
                "cli.input.empty_folder",
                &[("folder", path.display().to_string())],
            );
            rejected += 1;
        }
    }
    log.set_total(found.len());
    // Files are read on all cores; cores left over (fewer files than
    // cores: one large report) read a report's records in parts.
    let limits = Limits {
        xml_threads: (ordered::threads() / found.len().max(1)).max(1),
        ..Limits::default()
    };
    let mut set = ReportSet::new();
    let mut reports_under = vec![0usize; paths.len()];
    let mut done = 0;
    read_in_parallel(&found, &limits, |file, read| {
        log.progress(done);
        done += 1;
        let name = file.path.display().to_string();
        let outcome = match read {
            Ok(outcome) => outcome,
            Err(e) => {
                log.line(
                    "cli.input.cannot_read",
                    &[("file", name), ("error", e.to_string())],
                );
                rejected += 1;
                return;
            }
        };
        let outcome = set.add(outcome);
        if let Some(n) = reports_under.get_mut(file.given) {
            *n += outcome.reports.len();
        }
        match outcome.status {
            FileStatus::Rejected => {
                rejected += 1;
                for e in &outcome.errors {
                    log.line("cli.input.rejected", &[("error", e.to_string())]);
                }
            }
            FileStatus::Duplicate => {
                log.line("cli.input.duplicate_file", &[("file", name.clone())])
            }
            FileStatus::Parsed => {
                for e in &outcome.errors {
                    log.line("cli.input.error", &[("error", e.to_string())]);
                }
                for found in outcome.reports.iter().filter(|r| r.duplicate) {
                    log.line(
                        "cli.input.duplicate_report",
                        &[
                            ("file", name.clone()),
                            ("layers", found.layers.join(" > ")),
                            ("kind", found.report.kind().to_string()),
                        ],
                    );
                }
            }
        }
    });
    for (given, path) in paths.iter().enumerate() {
        let files = found.iter().filter(|f| f.given == given).count();
        if path.is_dir() && files > 0 && reports_under.get(given) == Some(&0) {
            log.line(
                "cli.input.no_reports",
                &[
                    ("folder", path.display().to_string()),
                    ("files", files.to_string()),
                ],
            );
            rejected += 1;
        }
    }
    log.finish();
    Loaded {
        set,
        files: found.len(),
        rejected,
    }
}

/// Reads and ingests `files` on every core (see [`ordered::threads`]), and
/// hands each result to `each` on this thread in the order of `files` (so
/// the report set, its duplicates and every message are those of a run on
/// one thread). At most a few files per thread wait to be handed over, so
/// memory stays that of the files being read.
fn read_in_parallel(
    files: &[Found],
    limits: &Limits,
    mut each: impl FnMut(&Found, std::io::Result<FileOutcome>),
) {
    let threads = ordered::threads();
    ordered::in_order(
        files.len(),
        threads,
        threads * 2,
        |i| {
            let file = files.get(i)?;
            Some(
                std::fs::read(&file.path)
                    .map(|bytes| ingest_file(&file.path.display().to_string(), &bytes, limits)),
            )
        },
        |i, read| {
            if let (Some(file), Some(read)) = (files.get(i), read) {
                each(file, read);
            }
            true
        },
    );
}

/// The closing line on standard error: files, reports, rejected.
pub(crate) fn summary(loaded: &Loaded, lang: &str) -> String {
    tr_with(
        lang,
        "cli.input.summary",
        &[
            ("files", loaded.files.to_string()),
            ("reports", loaded.set.reports().count().to_string()),
            ("rejected", loaded.rejected.to_string()),
        ],
    )
}
