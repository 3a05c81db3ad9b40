//! `dmarc-lens fetch --imap` against a real Dovecot started by the test on
//! 127.0.0.1 (see `common/dovecot.rs`): zip, gzip and XML attachments kept,
//! a mail without a report named, a second run that takes nothing, a wrong
//! password, an untrusted certificate, a connection cut midway (the next run
//! takes exactly the rest), a renumbered mailbox (UIDVALIDITY), STARTTLS and
//! `--move-to`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::dovecot::{cutting_proxy, Dovecot, PASSWORD};
use common::{big_mail, fixture, gzip, mail, names, run, run_imap, temp, text, zip};

/// Writes the four messages of the first test into `dir/Maildir/new`.
fn four_messages(dir: &Path) {
    let new = dir.join("Maildir/new");
    let messages = [
        mail(
            "zip",
            "report.zip",
            "application/zip",
            &zip("report.xml", &fixture("report.xml")),
        ),
        mail(
            "gz",
            "report-2.xml.gz",
            "application/gzip",
            &gzip(&fixture("report-2.xml")),
        ),
        mail("xml", "bom.xml", "text/xml", &fixture("bom-and-space.xml")),
        b"From: a@b.example\r\nSubject: lunch\r\n\r\nNo report here.\r\n".to_vec(),
    ];
    for (i, m) in messages.iter().enumerate() {
        std::fs::write(new.join(format!("170000000{i}.M{i}P1.host")), m).unwrap();
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The messages in a Maildir folder (`new/` and `cur/`).
fn count(maildir: &Path) -> usize {
    ["new", "cur"]
        .iter()
        .map(|sub| {
            std::fs::read_dir(maildir.join(sub))
                .map(|d| d.count())
                .unwrap_or(0)
        })
        .sum()
}

#[test]
fn reports_are_taken_once_and_the_mailbox_is_not_changed() {
    let dir = temp("imap-once");
    four_messages(&dir);
    let server = Dovecot::start(&dir, "");
    let out = dir.join("reports");
    let args = server.args(&out);

    let o = run_imap(&args, Some(PASSWORD), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}\n{}", server.log());
    assert_eq!(
        sorted(names(&o.stdout)),
        ["bom.xml", "report-2.xml.gz", "report.zip"]
    );
    assert!(err.contains("no report in this message"), "{err}");
    assert!(
        err.contains(&format!("127.0.0.1:{}/INBOX UID ", server.imaps)),
        "{err}"
    );
    assert!(
        err.contains("messages read: 4, report files kept: 3, read before: 0"),
        "{err}"
    );
    // Read-only: every message is still in new/, none was marked seen.
    let maildir = dir.join("Maildir");
    assert_eq!(std::fs::read_dir(maildir.join("new")).unwrap().count(), 4);
    assert_eq!(std::fs::read_dir(maildir.join("cur")).unwrap().count(), 0);

    // The kept files are the reports.
    let o = run(&["analyze", "--format", "json", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["totals"]["reports"], 3);

    // The second run takes nothing, and says so in Japanese when asked.
    let o = run_imap(&args, Some(PASSWORD), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    assert!(
        text(&o.stderr)
            .contains("読んだメール: 0、保存したレポートファイル: 0、前回までに読んだメール: 4"),
        "{}",
        text(&o.stderr)
    );

    // The server renumbers the mailbox: said in one line, every message is
    // read again, and no file is written twice.
    let state_path = out.join(".dmarc-lens-fetch.json");
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state_path).unwrap()).unwrap();
    let mailboxes = state["imap"].as_object_mut().unwrap();
    assert_eq!(mailboxes.len(), 1);
    for (_, taken) in mailboxes.iter_mut() {
        assert_eq!(taken["uids"].as_array().unwrap().len(), 4);
        taken["uidvalidity"] = 7.into();
    }
    std::fs::write(&state_path, serde_json::to_vec(&state).unwrap()).unwrap();
    let files_before = std::fs::read_dir(&out).unwrap().count();
    let o = run_imap(&args, Some(PASSWORD), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("renumbered the mailbox (UIDVALIDITY 7 → "))
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("messages read: 4, report files kept: 0, read before: 0"),
        "{err}"
    );
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("its report is already kept as"))
            .count(),
        3,
        "{err}"
    );
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), files_before);
}

#[test]
fn a_wrong_password_or_an_untrusted_certificate_is_one_line_and_exit_1() {
    let dir = temp("imap-refused");
    four_messages(&dir);
    let server = Dovecot::start(&dir, "");
    let out = dir.join("reports");
    let args = server.args(&out);
    let at = format!("127.0.0.1:{}", server.imaps);

    let o = run_imap(&args, Some("wrong"), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "dmarc-lens: {at}: the server refused the login of dmarc (wrong user name or password?): "
        )),
        "{err}"
    );
    assert!(o.stdout.is_empty());

    let o = run_imap(&args, Some("wrong"), "ja");
    assert!(
        text(&o.stderr).contains("ログインを拒否しました"),
        "{}",
        text(&o.stderr)
    );

    // No password and no terminal to ask on.
    let o = run_imap(&args, None, "en");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr).trim(),
        "dmarc-lens: no IMAP password: set DMARC_LENS_IMAP_PASSWORD, or run on a terminal to be asked"
    );

    // Without --ca-file the self-signed certificate is not trusted.
    let plain: Vec<String> = args
        .iter()
        .filter(|a| *a != "--ca-file" && **a != server.ca.to_str().unwrap())
        .cloned()
        .collect();
    let o = run_imap(&plain, Some(PASSWORD), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "dmarc-lens: {at}: cannot connect: TLS: invalid peer certificate"
        )),
        "{err}"
    );
    // Nothing was taken by any of these.
    assert!(!out.join(".dmarc-lens-fetch.json").exists());

    // A mailbox the server does not have.
    let mut nope = args.clone();
    nope.extend(["--mailbox", "Nope"].map(str::to_owned));
    let o = run_imap(&nope, Some(PASSWORD), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "dmarc-lens: {at}/Nope: cannot open this mailbox: "
        )),
        "{err}"
    );

    // No TLS only when asked for, and then said on every run.
    let mut clear = server.args_at(server.imap, &dir.join("clear"));
    clear.push("--insecure-plaintext".to_owned());
    let o = run_imap(&clear, Some(PASSWORD), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(names(&o.stdout).len(), 3);
    assert!(
        err.starts_with(&format!(
            "dmarc-lens: WARNING: --insecure-plaintext: the password goes to 127.0.0.1:{} unencrypted\n",
            server.imap
        )),
        "{err}"
    );
}

#[test]
fn a_connection_cut_midway_is_named_and_the_next_run_takes_exactly_the_rest() {
    let dir = temp("imap-cut");
    let new = dir.join("Maildir/new");
    let total = 6;
    for i in 0..total {
        let m = big_mail(
            &format!("report {i}"),
            &format!("report-{i}.xml"),
            &fixture("report.xml"),
            30_000,
        );
        std::fs::write(new.join(format!("170000010{i}.M{i}P1.host")), m).unwrap();
    }
    let server = Dovecot::start(&dir, "");
    let out = dir.join("reports");
    // About three messages of 30 kB get through, then the proxy cuts.
    let proxy = cutting_proxy(server.imaps, 100_000);
    let o = run_imap(&server.args_at(proxy, &out), Some(PASSWORD), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let lost: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("the connection was lost after"))
        .collect();
    assert_eq!(lost.len(), 1, "{err}");
    assert!(lost[0].contains("the next run takes the rest"), "{err}");
    let first = names(&o.stdout);
    assert!(
        !first.is_empty() && first.len() < total,
        "{} taken before the cut: {err}",
        first.len()
    );
    assert!(
        lost[0].contains(&format!("after {} new messages", first.len())),
        "{err}"
    );

    let o = run_imap(&server.args(&out), Some(PASSWORD), "en");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let second = names(&o.stdout);
    assert_eq!(first.len() + second.len(), total, "{first:?} {second:?}");
    let all: BTreeSet<&String> = first.iter().chain(&second).collect();
    assert_eq!(all.len(), total, "fetched twice: {first:?} {second:?}");
    assert!(
        err.contains(&format!(
            "messages read: {}, report files kept: {}, read before: {}",
            second.len(),
            second.len(),
            first.len()
        )),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        total + 1,
        "the reports and the state file"
    );
}

/// `--move-to` with MOVE, and without it (COPY, \\Deleted, then UID EXPUNGE
/// or, without UIDPLUS, EXPUNGE): the server's capabilities are cut down by
/// its config, and its log says how many messages were flagged \\Deleted.
const MOVE_CASES: [(&str, &str, &str); 3] = [
    ("move", "", "deleted=0"),
    (
        "copy-uidplus",
        "imap_capability = IMAP4rev1 LITERAL+ UIDPLUS",
        "deleted=4",
    ),
    (
        "copy-expunge",
        "imap_capability = IMAP4rev1 LITERAL+",
        "deleted=4",
    ),
];

#[test]
fn move_to_moves_the_taken_messages_over_starttls() {
    for (tag, config, deleted) in MOVE_CASES {
        let dir = temp(&format!("imap-{tag}"));
        four_messages(&dir);
        let server = Dovecot::start(&dir, config);
        let out = dir.join("reports");
        let mut args = server.args_at(server.imap, &out);
        args.extend(["--starttls", "--move-to", "Processed"].map(str::to_owned));

        let o = run_imap(&args, Some(PASSWORD), "en");
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{tag}: {err}\n{}", server.log());
        assert_eq!(names(&o.stdout).len(), 3, "{tag}");
        assert!(
            err.contains("created the IMAP folder Processed"),
            "{tag}: {err}"
        );
        assert!(
            err.contains("messages moved to Processed: 4"),
            "{tag}: {err}"
        );
        let maildir = dir.join("Maildir");
        assert_eq!(count(&maildir), 0, "{tag}: INBOX still holds mail");
        assert_eq!(count(&maildir.join(".Processed")), 4, "{tag}");
        // Dovecot logs the logout after the client has gone: wait for it.
        let logged = (0..100).any(|_| {
            let found = server
                .log()
                .lines()
                .any(|l| l.contains("Logged out") && l.contains(deleted));
            if !found {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            found
        });
        assert!(logged, "{tag}: {}", server.log());

        // New mail comes in: only it is taken and moved.
        let extra = mail("again", "again.xml", "text/xml", &fixture("report-2.xml"));
        server.deliver("1700000009.M9P1.host", &extra);
        let o = run_imap(&args, Some(PASSWORD), "en");
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{tag}: {err}");
        assert_eq!(names(&o.stdout), ["again.xml"], "{tag}");
        assert!(
            err.contains("messages moved to Processed: 1"),
            "{tag}: {err}"
        );
        assert_eq!(count(&maildir), 0, "{tag}");
        assert_eq!(count(&maildir.join(".Processed")), 5, "{tag}");
    }
}
