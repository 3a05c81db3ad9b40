//! `dmarc-lens fetch --maildir`: mail with zip, gzip and XML attachments, a
//! mail without a report, a second run that reads nothing new, a message
//! moved from `new/` to `cur/`, and the kept files read by `analyze`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"));
    for var in ["LANG", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    cmd.args(args).output().unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../dmarc-core/tests/fixtures/quirks")
            .join(name),
    )
    .unwrap()
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A report mail with one attachment.
fn mail(subject: &str, name: &str, mime: &str, bytes: &[u8]) -> Vec<u8> {
    format!(
        "From: noreply-dmarc@receiver.example\r\nTo: dmarc@sender.example\r\nSubject: {subject}\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain\r\n\r\nThis is an aggregate report.\r\n\
         --b1\r\nContent-Type: {mime}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        base64(bytes)
    )
    .into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap().into_inner()
}

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dmarc-lens-fetch-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join("Maildir").join(sub)).unwrap();
    }
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

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
