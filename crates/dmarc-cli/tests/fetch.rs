//! `dmarc-lens fetch --maildir`: mail with zip, gzip and XML attachments, a
//! mail without a report, a second run that reads nothing new, a message
//! moved from `new/` to `cur/`, and the kept files read by `analyze`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

mod common;

use common::{fixture, gzip, mail, run, temp, text, zip};

#[test]
fn reports_are_kept_once_and_new_mail_only_is_read() {
    let dir = temp("maildir");
    let maildir = dir.join("Maildir");
    let out = dir.join("reports");
    let m = |sub: &str, name: &str| maildir.join(sub).join(name);
    std::fs::write(
        m("new", "1700000001.M1P1.host"),
        mail(
            "zip",
            "report.zip",
            "application/zip",
            &zip("report.xml", &fixture("report.xml")),
        ),
    )
    .unwrap();
    std::fs::write(
        m("new", "1700000002.M2P1.host"),
        mail(
            "gz",
            "report-2.xml.gz",
            "application/gzip",
            &gzip(&fixture("report-2.xml")),
        ),
    )
    .unwrap();
    std::fs::write(
        m("cur", "1700000003.M3P1.host:2,S"),
        mail("xml", "bom.xml", "text/xml", &fixture("bom-and-space.xml")),
    )
    .unwrap();
    std::fs::write(
        m("new", "1700000004.M4P1.host"),
        b"From: a@b.example\r\nSubject: lunch\r\n\r\nNo report here.\r\n",
    )
    .unwrap();

    let args = [
        "fetch",
        "--maildir",
        maildir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let kept: Vec<String> = text(&o.stdout).lines().map(str::to_owned).collect();
    let names: Vec<&str> = kept
        .iter()
        .map(|p| Path::new(p).file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["report.zip", "report-2.xml.gz", "bom.xml"]);
    let err = text(&o.stderr);
    assert!(
        err.contains("1700000004.M4P1.host: no report in this message"),
        "{err}"
    );
    assert!(
        err.contains("messages read: 4, report files kept: 3, read before: 0"),
        "{err}"
    );

    // The kept files are the reports: analyze reads them all.
    let o = run(&["analyze", "--format", "json", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["totals"]["reports"], 3);

    // A second run reads nothing; a client moving a message to cur/ does not
    // make it new; a new message is read alone.
    std::fs::rename(
        m("new", "1700000001.M1P1.host"),
        m("cur", "1700000001.M1P1.host:2,S"),
    )
    .unwrap();
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("messages read: 0, report files kept: 0, read before: 4"));
    std::fs::write(
        m("new", "1700000005.M5P1.host"),
        mail(
            "again",
            "report.zip",
            "application/zip",
            &zip("r.xml", &fixture("report-2.xml")),
        ),
    )
    .unwrap();
    let o = run(&args);
    // Another file named report.zip: kept beside the first, not over it.
    assert_eq!(
        text(&o.stdout).trim(),
        out.join("report-2.zip").display().to_string()
    );
    assert!(text(&o.stderr).contains("messages read: 1, report files kept: 1, read before: 4"));
}

#[test]
fn a_folder_that_is_not_a_maildir_is_named() {
    let dir = temp("not-maildir");
    let o = run(&[
        "fetch",
        "--maildir",
        dir.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("{}: not a Maildir folder", dir.display())),
        "{err}"
    );
}

#[test]
fn a_report_sent_twice_is_kept_and_counted_once() {
    let dir = temp("twice");
    let maildir = dir.join("Maildir");
    let out = dir.join("reports");
    let report = zip("report.xml", &fixture("report.xml"));
    for n in ["1700000001.M1P1.host", "1700000002.M2P1.host"] {
        let m = mail("zip", "report.zip", "application/zip", &report);
        std::fs::write(maildir.join("new").join(n), m).unwrap();
    }
    let o = run(&[
        "fetch",
        "--maildir",
        maildir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(
        text(&o.stdout).trim(),
        out.join("report.zip").display().to_string()
    );
    let again = format!(
        "1700000002.M2P1.host: its report is already kept as {} (the same bytes); not written again",
        out.join("report.zip").display()
    );
    assert!(err.contains(&again), "{err}");
    assert!(
        err.contains("messages read: 2, report files kept: 1, read before: 0"),
        "{err}"
    );
    // Only the report and the state file: no temporary file is left.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
}
