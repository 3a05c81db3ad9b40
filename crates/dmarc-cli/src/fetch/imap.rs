//! `dmarc-lens fetch --imap HOST[:PORT] --user NAME --out DIR`: the report
//! attachments of an IMAP mailbox.
//!
//! The mailbox is opened read-only (EXAMINE) and each message fetched with
//! `BODY.PEEK[]`, which leaves its flags alone; only `--move-to FOLDER`
//! changes it (SELECT, then UID MOVE, or UID COPY + \Deleted + EXPUNGE when
//! the server has no MOVE). Each message taken is remembered by UID under
//! the mailbox's UIDVALIDITY; when the server changes UIDVALIDITY every
//! message is read again, and the files already kept are not written twice.
//!
//! The password comes from `DMARC_LENS_IMAP_PASSWORD` or, on a terminal,
//! from a prompt; never from the command line.

use std::collections::BTreeSet;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::tls::{self, Mode, Stream};
use super::{open_state, summary, take_message, FetchArgs};
use crate::i18n::tr_with;
use crate::log::Log;
use crate::EXIT_REJECTED;

/// The variable the password is read from.
pub(crate) const PASSWORD_VAR: &str = "DMARC_LENS_IMAP_PASSWORD";

/// `fetch --imap`'s own arguments.
#[derive(Debug, Args)]
pub(crate) struct ImapArgs {
    #[arg(long, value_name = "NAME", requires = "imap")]
    user: Option<String>,
    #[arg(
        long,
        value_name = "MAILBOX",
        default_value = "INBOX",
        hide_default_value = true,
        requires = "imap"
    )]
    mailbox: String,
    #[arg(long, value_name = "FOLDER", requires = "imap")]
    move_to: Option<String>,
    #[arg(long, value_name = "PEM", requires = "imap")]
    ca_file: Option<PathBuf>,
    #[arg(long, requires = "imap", conflicts_with = "insecure_plaintext")]
    starttls: bool,
    #[arg(long, requires = "imap")]
    insecure_plaintext: bool,
}

/// What was taken from one mailbox.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Taken {
    /// The mailbox's UIDVALIDITY when the UIDs below were taken.
    uidvalidity: u32,
    /// The UIDs of the messages taken.
    uids: BTreeSet<u32>,
}

/// `HOST[:PORT]` (`[v6]:PORT` for an IPv6 address): the host and the port,
/// if one is given.
fn split_server(server: &str) -> Option<(String, Option<u16>)> {
    if let Some(rest) = server.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(port) => Some((host.to_owned(), Some(port.parse().ok()?))),
            None if after.is_empty() => Some((host.to_owned(), None)),
            None => None,
        };
    }
    match server.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => {
            Some((host.to_owned(), Some(port.parse().ok()?)))
        }
        _ if server.is_empty() => None,
        _ => Some((server.to_owned(), None)),
    }
}

/// The password: from the environment, else asked on the terminal.
fn password(lang: &str, user: &str, host: &str) -> Option<String> {
    if let Ok(p) = std::env::var(PASSWORD_VAR) {
        if !p.is_empty() {
            return Some(p);
        }
    }
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let prompt = tr_with(
        lang,
        "cli.fetch.imap.prompt",
        &[("user", user.to_owned()), ("host", host.to_owned())],
    );
    rpassword::prompt_password(prompt).ok()
}

/// A short name for a message made from its bytes: the same mail read again
/// (after a UIDVALIDITY change) gets the same name.
fn content_name(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("mail-{hex}")
}

type Session = imap::Session<Stream>;

/// Connects and logs in; the reason in one line when it cannot.
fn open(
    imap_args: &ImapArgs,
    host: &str,
    port: u16,
    mode: Mode,
    user: &str,
    password: &str,
) -> Result<Session, (&'static str, String)> {
    let stream = tls::connect(host, port, mode, imap_args.ca_file.as_deref())
        .map_err(|e| ("cli.fetch.imap.cannot_connect", format!("{e:#}")))?;
    let mut client = imap::Client::new(stream);
    if mode != Mode::StartTls {
        client
            .read_greeting()
            .map_err(|e| ("cli.fetch.imap.cannot_connect", e.to_string()))?;
    }
    client.login(user, password).map_err(|(e, _)| match e {
        imap::Error::No(no) => ("cli.fetch.imap.login_refused", no.information),
        other => ("cli.fetch.imap.cannot_connect", other.to_string()),
    })
}

/// Moves one message to `folder`: MOVE when the server has it, else COPY,
/// \Deleted and EXPUNGE (of that UID alone when the server has UIDPLUS).
fn move_message(
    session: &mut Session,
    uid: u32,
    folder: &str,
    can_move: bool,
    uidplus: bool,
) -> imap::error::Result<()> {
    let set = uid.to_string();
    if can_move {
        return session.uid_mv(&set, folder);
    }
    session.uid_copy(&set, folder)?;
    session.uid_store(&set, "+FLAGS.SILENT (\\Deleted)")?;
    if uidplus {
        session.uid_expunge(&set)?;
    } else {
        session.expunge()?;
    }
    Ok(())
}

/// Runs `dmarc-lens fetch --imap`.
pub(crate) fn run(args: &FetchArgs, server: &str, lang: &str) -> anyhow::Result<ExitCode> {
    let mut log = Log::new(lang, "cli.progress.messages");
    let a = &args.imap_args;
    let Some((host, port)) = split_server(server) else {
        log.line(
            "cli.fetch.imap.bad_server",
            &[("server", server.to_owned())],
        );
        return Ok(ExitCode::from(crate::EXIT_USAGE));
    };
    let mode = match (a.starttls, a.insecure_plaintext) {
        (_, true) => Mode::Plaintext,
        (true, false) => Mode::StartTls,
        (false, false) => Mode::Implicit,
    };
    let port = port.unwrap_or(mode.default_port());
    let user = a.user.clone().unwrap_or_default();
    let at = format!("{host}:{port}");
    if mode == Mode::Plaintext {
        log.line("cli.fetch.imap.plaintext", &[("server", at.clone())]);
    }
    let Some(password) = password(lang, &user, &host) else {
        log.line(
            "cli.fetch.imap.no_password",
            &[("var", PASSWORD_VAR.to_owned())],
        );
        return Ok(ExitCode::from(EXIT_REJECTED));
    };
    let (state_path, mut state) = open_state(args)?;
    let mut session = match open(a, &host, port, mode, &user, &password) {
        Ok(session) => session,
        Err((key, error)) => {
            log.line(
                key,
                &[
                    ("server", at),
                    ("user", user),
                    ("error", error.trim().to_owned()),
                ],
            );
            return Ok(ExitCode::from(EXIT_REJECTED));
        }
    };
    let outcome = fetch_all(
        &mut session,
        args,
        (&host, &at),
        &user,
        &mut log,
        &mut state,
        &state_path,
    );
    state.save(&state_path)?;
    let _ = session.logout();
    outcome
}

/// Counts of one run.
#[derive(Default)]
struct Counts {
    read: usize,
    kept: usize,
    known: usize,
    moved: usize,
}

/// A failure of the server after login, said in one line: what was taken
/// before it is remembered, so the next run takes the rest.
fn lost(log: &mut Log, shown: &str, counts: &Counts, e: imap::Error) -> anyhow::Result<ExitCode> {
    log.finish();
    log.line(
        "cli.fetch.imap.lost",
        &[
            ("mailbox", shown.to_owned()),
            ("read", counts.read.to_string()),
            ("error", e.to_string().trim().to_owned()),
        ],
    );
    summary(log, counts.read, counts.kept, counts.known);
    Ok(ExitCode::from(EXIT_REJECTED))
}

/// Reads the mailbox, takes what is new, moves what was taken when asked.
fn fetch_all(
    session: &mut Session,
    args: &FetchArgs,
    (host, at): (&str, &str),
    user: &str,
    log: &mut Log,
    state: &mut super::State,
    state_path: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let a = &args.imap_args;
    let mailbox = &a.mailbox;
    let shown = format!("{at}/{mailbox}");
    let mut counts = Counts::default();
    let opened = match &a.move_to {
        Some(_) => session.select(mailbox),
        None => session.examine(mailbox),
    };
    let opened = match opened {
        Ok(m) => m,
        Err(imap::Error::No(no)) => {
            log.line(
                "cli.fetch.imap.no_mailbox",
                &[("mailbox", shown), ("error", no.information)],
            );
            return Ok(ExitCode::from(EXIT_REJECTED));
        }
        Err(e) => return lost(log, &shown, &counts, e),
    };
    let validity = opened.uid_validity.unwrap_or(0);
    // The port is left out: the same mailbox over STARTTLS or implicit TLS.
    let key = format!("{user}@{host}/{mailbox}");
    let taken = state.imap.entry(key.clone()).or_default();
    if taken.uidvalidity != validity && !taken.uids.is_empty() {
        log.line(
            "cli.fetch.imap.uidvalidity",
            &[
                ("mailbox", shown.clone()),
                ("old", taken.uidvalidity.to_string()),
                ("new", validity.to_string()),
            ],
        );
        taken.uids.clear();
    }
    taken.uidvalidity = validity;
    let mut uids: Vec<u32> = match session.uid_search("ALL") {
        Ok(uids) => uids.into_iter().collect(),
        Err(e) => return lost(log, &shown, &counts, e),
    };
    uids.sort_unstable();
    let (can_move, uidplus) = match (&a.move_to, session.capabilities()) {
        (None, _) => (false, false),
        (Some(_), Ok(caps)) => (caps.has_str("MOVE"), caps.has_str("UIDPLUS")),
        (Some(_), Err(e)) => return lost(log, &shown, &counts, e),
    };
    if let Some(folder) = &a.move_to {
        match session.list(None, Some(folder)) {
            Ok(names) if names.is_empty() => {
                if let Err(e) = session.create(folder) {
                    return lost(log, &shown, &counts, e);
                }
                log.line("cli.fetch.imap.created", &[("folder", folder.clone())]);
            }
            Ok(_) => {}
            Err(e) => return lost(log, &shown, &counts, e),
        }
    }
    let is_known = |state: &super::State, uid: &u32| {
        state.imap.get(&key).is_some_and(|t| t.uids.contains(uid))
    };
    log.set_total(uids.iter().filter(|u| !is_known(state, u)).count());
    for uid in uids {
        let known = is_known(state, &uid);
        if known {
            counts.known += 1;
        } else {
            let fetched = match session.uid_fetch(uid.to_string(), "BODY.PEEK[]") {
                Ok(f) => f,
                Err(e) => return lost(log, &shown, &counts, e),
            };
            // Gone since the search (another client expunged it): nothing
            // to take, and nothing remembered.
            let Some(body) = fetched
                .iter()
                .find(|f| f.uid == Some(uid))
                .and_then(|f| f.body())
            else {
                log.line(
                    "cli.fetch.imap.gone",
                    &[("message", format!("{shown} UID {uid}"))],
                );
                continue;
            };
            let name = format!("{shown} UID {uid}");
            counts.kept += take_message(&content_name(body), &name, body, &args.out, log)?;
            counts.read += 1;
            log.progress(counts.read);
            if let Some(t) = state.imap.get_mut(&key) {
                t.uids.insert(uid);
            }
            state.save(state_path)?;
        }
        if let Some(folder) = &a.move_to {
            if let Err(e) = move_message(session, uid, folder, can_move, uidplus) {
                return lost(log, &shown, &counts, e);
            }
            counts.moved += 1;
        }
    }
    log.finish();
    summary(log, counts.read, counts.kept, counts.known);
    if let Some(folder) = &a.move_to {
        log.line(
            "cli.fetch.imap.moved",
            &[
                ("moved", counts.moved.to_string()),
                ("folder", folder.clone()),
            ],
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host and maybe a port, or nothing for a bad server.
    type Split<'a> = Option<(&'a str, Option<u16>)>;

    #[test]
    fn servers_are_split_into_host_and_port() {
        let cases: [(&str, Split); 7] = [
            ("imap.example.com", Some(("imap.example.com", None))),
            (
                "imap.example.com:143",
                Some(("imap.example.com", Some(143))),
            ),
            ("127.0.0.1:10993", Some(("127.0.0.1", Some(10993)))),
            ("[::1]:993", Some(("::1", Some(993)))),
            ("[::1]", Some(("::1", None))),
            ("imap.example.com:imaps", None),
            ("", None),
        ];
        for (server, want) in cases {
            let got = split_server(server);
            let want = want.map(|(h, p)| (h.to_owned(), p));
            assert_eq!(got, want, "{server}");
        }
    }

    #[test]
    fn the_same_mail_gets_the_same_name() {
        assert_eq!(content_name(b"a"), content_name(b"a"));
        assert_ne!(content_name(b"a"), content_name(b"b"));
        assert!(content_name(b"a").starts_with("mail-"));
    }
}
