//! `dmarc-lens fetch --maildir DIR --out DIR` and `fetch --imap HOST --user
//! NAME --out DIR`: takes the report attachments out of the mail in a
//! Maildir folder (`new/` and `cur/`) or an IMAP mailbox ([`imap`]), into a
//! folder that `parse` and `analyze` read.
//!
//! It remembers what it has read in a state file (by default
//! `OUT/.dmarc-lens-fetch.json`): a Maildir message by its unique name
//! (the file name before `:2,`, which stays when a mail client moves it from
//! `new/` to `cur/` or changes its flags), an IMAP message by its UID under
//! the mailbox's UIDVALIDITY, so a daily run only reads new mail. The state
//! is written after each message (to a temporary file, then renamed), so a
//! run that stops midway loses nothing and reads nothing twice. The Maildir
//! is never changed; the IMAP mailbox only with `--move-to`.
//!
//! Both sources hand each raw message to [`take_message`].
//!
//! A message whose attachments hold no report is named in one line and
//! remembered (not read again). Each attachment that holds a report is kept
//! under its own name (a second, different file of the same name gets
//! `-2`, `-3`, …); when the report is deeper (a forwarded message), the
//! whole message is kept as `.eml`.

mod imap;
mod tls;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{ArgGroup, Args};
use dmarc_core::ingest::{ingest_file, FileStatus, Limits};
use mail_parser::{MessageParser, MimeHeaders as _, PartType};
use serde::{Deserialize, Serialize};

use crate::log::Log;
use crate::EXIT_REJECTED;

/// `fetch`'s arguments.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["maildir", "imap"])))]
pub(crate) struct FetchArgs {
    #[arg(long, value_name = "DIR")]
    maildir: Option<PathBuf>,
    #[arg(long, value_name = "HOST[:PORT]", requires = "user")]
    imap: Option<String>,
    #[command(flatten)]
    imap_args: imap::ImapArgs,
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
}

/// What has been read, kept between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    /// Format of this file.
    version: u32,
    /// Maildir unique names of the messages read.
    #[serde(default)]
    maildir: BTreeSet<String>,
    /// IMAP mailboxes (`user@host/mailbox`): what was taken from each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    imap: BTreeMap<String, imap::Taken>,
}

impl State {
    fn load(path: &Path) -> anyhow::Result<State> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("{}: not a dmarc-lens fetch state file", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State {
                version: 1,
                ..State::default()
            }),
            Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
        }
    }

    /// Written whole to a temporary file, then renamed over the old one.
    pub(crate) fn save(&self, path: &Path) -> anyhow::Result<()> {
        let tmp = path.with_extension("json.tmp");
        let mut file = std::fs::File::create(&tmp)
            .with_context(|| format!("{}: cannot write", tmp.display()))?;
        file.write_all(&serde_json::to_vec_pretty(self)?)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))
    }
}

/// The messages of a Maildir folder: (unique name, path), in name order.
fn messages(maildir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut found_sub = false;
    for sub in ["new", "cur"] {
        let dir = maildir.join(sub);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("{}: cannot list", dir.display())),
        };
        found_sub = true;
        for entry in entries {
            let path = entry
                .with_context(|| format!("{}: cannot list", dir.display()))?
                .path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let unique = name.split(':').next().unwrap_or(name).to_owned();
            out.push((unique, path));
        }
    }
    anyhow::ensure!(
        found_sub,
        "{}: not a Maildir folder (no new/ or cur/ in it)",
        maildir.display()
    );
    out.sort();
    Ok(out)
}

/// A file name that is safe in the output folder.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "report".to_owned()
    } else {
        cleaned
    }
}

/// A report file: written now, or already there with the same bytes.
#[derive(Debug)]
enum Kept {
    New(PathBuf),
    Same(PathBuf),
}

/// Writes `bytes` as `name` in `out`, or as `name-2`, … when another file
/// has that name; nothing when the same bytes are already there. A file is
/// written whole to a hidden temporary name, then renamed, so a run that
/// stops midway leaves no half file.
fn keep(out: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<Kept> {
    let name = safe_name(name);
    let (stem, ext) = match name.split_once('.') {
        Some((stem, ext)) => (stem.to_owned(), format!(".{ext}")),
        None => (name.clone(), String::new()),
    };
    for n in 1.. {
        let candidate = if n == 1 {
            out.join(&name)
        } else {
            out.join(format!("{stem}-{n}{ext}"))
        };
        match std::fs::read(&candidate) {
            Ok(existing) if existing == bytes => return Ok(Kept::Same(candidate)),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let tmp = out.join(format!(".{name}.part"));
                std::fs::write(&tmp, bytes)
                    .and_then(|()| std::fs::rename(&tmp, &candidate))
                    .with_context(|| format!("{}: cannot write", candidate.display()))?;
                return Ok(Kept::New(candidate));
            }
            Err(e) => {
                return Err(e).with_context(|| format!("{}: cannot read", candidate.display()))
            }
        }
    }
    anyhow::bail!("no free name for {name}")
}

/// The report attachments of one message, kept in `out`; the paths written.
fn take_reports(unique: &str, bytes: &[u8], out: &Path) -> anyhow::Result<Vec<Kept>> {
    let limits = Limits::default();
    let holds_report = |name: &str, b: &[u8]| {
        let outcome = ingest_file(name, b, &limits);
        outcome.status == FileStatus::Parsed && !outcome.reports.is_empty()
    };
    let mut kept = Vec::new();
    if let Some(message) = MessageParser::default().parse(bytes) {
        for (i, part) in message.parts.iter().enumerate() {
            let contents: &[u8] = match &part.body {
                PartType::Binary(b) | PartType::InlineBinary(b) => b,
                PartType::Text(t) => t.as_bytes(),
                _ => continue,
            };
            let name = part
                .attachment_name()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{unique}-{i}"));
            if holds_report(&name, contents) {
                kept.push(keep(out, &name, contents)?);
            }
        }
    }
    if kept.is_empty() && holds_report(&format!("{unique}.eml"), bytes) {
        kept.push(keep(out, &format!("{unique}.eml"), bytes)?);
    }
    Ok(kept)
}

/// One raw message, from either source: its report attachments kept in
/// `out`, each new path printed; a line naming `shown` when it holds no
/// report, or for each report already kept with the same bytes (a report
/// sent twice). `unique` names the kept files when the report has no file
/// name. The number of files written.
pub(crate) fn take_message(
    unique: &str,
    shown: &str,
    bytes: &[u8],
    out: &Path,
    log: &Log,
) -> anyhow::Result<usize> {
    let kept = take_reports(unique, bytes, out)?;
    if kept.is_empty() {
        log.line("cli.fetch.no_report", &[("file", shown.to_owned())]);
    }
    let mut written = 0;
    for file in &kept {
        match file {
            Kept::New(path) => {
                log.out(&path.display().to_string())?;
                written += 1;
            }
            Kept::Same(path) => log.line(
                "cli.fetch.already_kept",
                &[
                    ("file", shown.to_owned()),
                    ("kept", path.display().to_string()),
                ],
            ),
        }
    }
    Ok(written)
}

/// The state file and the state in it.
pub(crate) fn open_state(args: &FetchArgs) -> anyhow::Result<(PathBuf, State)> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create the folder", args.out.display()))?;
    let path = args
        .state
        .clone()
        .unwrap_or_else(|| args.out.join(".dmarc-lens-fetch.json"));
    let state = State::load(&path)?;
    Ok((path, state))
}

/// The summary line on stderr.
pub(crate) fn summary(log: &Log, read: usize, kept: usize, known: usize) {
    log.line(
        "cli.fetch.summary",
        &[
            ("read", read.to_string()),
            ("kept", kept.to_string()),
            ("known", known.to_string()),
        ],
    );
}

/// Runs `dmarc-lens fetch`.
pub(crate) fn run(args: &FetchArgs, lang: &str) -> anyhow::Result<ExitCode> {
    match (&args.maildir, &args.imap) {
        (Some(maildir), _) => run_maildir(args, maildir, lang),
        (None, Some(server)) => imap::run(args, server, lang),
        // clap requires one of the two.
        (None, None) => Ok(ExitCode::from(crate::EXIT_USAGE)),
    }
}

/// `fetch --maildir`.
fn run_maildir(args: &FetchArgs, maildir: &Path, lang: &str) -> anyhow::Result<ExitCode> {
    let (state_path, mut state) = open_state(args)?;
    let all = messages(maildir)?;
    let mut log = Log::new(lang, "cli.progress.messages");
    log.set_total(
        all.iter()
            .filter(|(u, _)| !state.maildir.contains(u))
            .count(),
    );
    let (mut read, mut kept, mut failed) = (0usize, 0usize, 0usize);
    for (unique, path) in &all {
        if state.maildir.contains(unique) {
            continue;
        }
        log.progress(read + failed);
        let shown = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                // Not remembered: the next run tries it again.
                log.line(
                    "cli.input.cannot_read",
                    &[("file", shown), ("error", e.to_string())],
                );
                failed += 1;
                continue;
            }
        };
        kept += take_message(unique, &shown, &bytes, &args.out, &log)?;
        read += 1;
        state.maildir.insert(unique.clone());
        state.save(&state_path)?;
    }
    log.finish();
    summary(&log, read, kept, all.len() - read - failed);
    Ok(if failed > 0 {
        ExitCode::from(EXIT_REJECTED)
    } else {
        ExitCode::SUCCESS
    })
}
