//! What the CLI tests share: running the binary, and writing report mail
//! (zip, gzip and XML attachments) for the `fetch` tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod dovecot;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `dmarc-lens` with `args`, in English whatever the environment says.
pub fn run(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"));
    for var in ["LANG", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    cmd.args(args).output().unwrap()
}

/// The core's test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dmarc-core/tests/fixtures")
}

/// The bytes of a report in the fixtures' `quirks/`.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("quirks").join(name)).unwrap()
}

/// A report mail with one attachment.
pub fn mail(subject: &str, name: &str, mime: &str, bytes: &[u8]) -> Vec<u8> {
    format!(
        "From: noreply-dmarc@receiver.example\r\nTo: dmarc@sender.example\r\nSubject: {subject}\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain\r\n\r\nThis is an aggregate report.\r\n\
         --b1\r\nContent-Type: {mime}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        dmarc_core::testdata::base64(bytes)
    )
    .into_bytes()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub fn zip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap().into_inner()
}

/// A fresh folder under the system's temporary folder, removed when the
/// test is done with it (read it as a [`Path`]).
pub struct Scratch(PathBuf);

impl Scratch {
    /// An empty folder named after `what`, `tag` and this process.
    pub fn new(what: &str, tag: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("dmarc-lens-{what}-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn temp(tag: &str) -> Scratch {
    let dir = Scratch::new("fetch", tag);
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join("Maildir").join(sub)).unwrap();
    }
    dir
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// [`mail`] with `filler` bytes of text before the attachment (a bigger
/// message, for the test that cuts the connection midway).
pub fn big_mail(subject: &str, name: &str, bytes: &[u8], filler: usize) -> Vec<u8> {
    let line = "This line only makes the message bigger, as real mail often is.\r\n";
    let text = line.repeat(filler / line.len() + 1);
    let mail = String::from_utf8(mail(subject, name, "text/xml", bytes)).unwrap();
    mail.replacen("This is an aggregate report.\r\n", &text, 1)
        .into_bytes()
}

/// Runs `dmarc-lens` with `args` and the IMAP password `password` (none:
/// the variable is removed), in `lang`, with stdin not a terminal.
pub fn run_imap(args: &[String], password: Option<&str>, lang: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dmarc-lens"));
    for var in ["LANG", "LC_ALL", "LC_MESSAGES", "DMARC_LENS_IMAP_PASSWORD"] {
        cmd.env_remove(var);
    }
    if let Some(password) = password {
        cmd.env("DMARC_LENS_IMAP_PASSWORD", password);
    }
    cmd.args(["--lang", lang])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// The file names of the paths printed one a line.
pub fn names(stdout: &[u8]) -> Vec<String> {
    text(stdout)
        .lines()
        .map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}
