//! A real Dovecot IMAP server for the `fetch --imap` tests, started by the
//! test on 127.0.0.1 (free ports), from a config, a self-signed certificate
//! (rcgen) and a passdb with one user, all in a temporary folder; the mail
//! is the Maildir the test writes. Stopped when dropped, also when the test
//! fails. Dovecot comes from Debian's `dovecot-imapd` (scripts/setup.sh
//! installs it); when it is missing the test fails, it is never skipped.
//!
//! As root (CI), Dovecot runs its login processes as `dovenull` and reads
//! the mail as `dovecot`, the users Debian's package creates, so the mail
//! folder is handed to `dovecot`; as another user, everything runs as that
//! user (no chroot, which needs root).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian puts the server.
const DOVECOT: &str = "/usr/sbin/dovecot";
pub const USER: &str = "dmarc";
pub const PASSWORD: &str = "s3cret-pass";

/// A running Dovecot; stopped on drop.
pub struct Dovecot {
    child: Child,
    pub dir: PathBuf,
    /// Port of implicit TLS (imaps).
    pub imaps: u16,
    /// Port of plain IMAP, where STARTTLS is offered.
    pub imap: u16,
    /// The PEM file of the server's self-signed certificate.
    pub ca: PathBuf,
    /// Started as root: the mail belongs to `dovecot`.
    root: bool,
}

/// Two distinct free ports on 127.0.0.1 (both held while the second is
/// chosen, so they differ). Another process may still take one before
/// Dovecot binds it: `start` then tries again with new ports.
fn free_ports() -> (u16, u16) {
    let first = TcpListener::bind("127.0.0.1:0").unwrap();
    let second = TcpListener::bind("127.0.0.1:0").unwrap();
    (
        first.local_addr().unwrap().port(),
        second.local_addr().unwrap().port(),
    )
}

/// How many times `start` picks new ports when Dovecot stops at once
/// because a port was taken.
const ATTEMPTS: usize = 4;

fn id(flag: &str, user: Option<&str>) -> String {
    let mut cmd = Command::new("id");
    cmd.arg(flag);
    if let Some(user) = user {
        cmd.arg(user);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "id {flag} {user:?} failed");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Who Dovecot runs and reads the mail as.
struct Users {
    internal: String,
    group: String,
    login: String,
    /// The mail's owner.
    uid: String,
    gid: String,
}

/// Writes the config for these ports and starts Dovecot in the foreground,
/// its standard error into `dir/dovecot/stderr.log`.
fn spawn(dir: &Path, users: &Users, imaps: u16, imap: u16, extra: &str) -> Child {
    let server = dir.join("dovecot");
    let s = server.display();
    let home = dir.display();
    let Users {
        internal,
        group,
        login,
        uid,
        gid,
    } = users;
    let config = format!(
        "base_dir = {s}/run\n\
         state_dir = {s}/state\n\
         log_path = {s}/dovecot.log\n\
         protocols = imap\n\
         listen = 127.0.0.1\n\
         ssl = yes\n\
         ssl_cert = <{s}/cert.pem\n\
         ssl_key = <{s}/key.pem\n\
         default_internal_user = {internal}\n\
         default_internal_group = {group}\n\
         default_login_user = {login}\n\
         auth_mechanisms = plain\n\
         first_valid_uid = 1\n\
         mail_location = maildir:{home}/Maildir\n\
         passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN {s}/passwd\n}}\n\
         userdb {{\n  driver = static\n  args = uid={uid} gid={gid} home={home}\n}}\n\
         service anvil {{\n  chroot =\n}}\n\
         service imap-login {{\n\
           chroot =\n\
           inet_listener imap {{\n    port = {imap}\n  }}\n\
           inet_listener imaps {{\n    port = {imaps}\n    ssl = yes\n  }}\n\
         }}\n\
         {extra}\n"
    );
    let conf = server.join("dovecot.conf");
    std::fs::write(&conf, config).unwrap();
    let stderr = std::fs::File::create(server.join("stderr.log")).unwrap();
    Command::new(DOVECOT)
        .arg("-c")
        .arg(&conf)
        .arg("-F")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

impl Dovecot {
    /// Starts Dovecot over the Maildir `dir/Maildir` (written by the test
    /// before), with `extra` appended to the config.
    pub fn start(dir: &Path, extra: &str) -> Dovecot {
        assert!(
            Path::new(DOVECOT).exists(),
            "{DOVECOT} is missing: the IMAP tests need Dovecot (Debian: apt-get install dovecot-imapd; scripts/setup.sh does it)"
        );
        let server = dir.join("dovecot");
        std::fs::create_dir_all(&server).unwrap();
        let cert = rcgen::generate_simple_self_signed(vec![
            "127.0.0.1".to_owned(),
            "localhost".to_owned(),
        ])
        .unwrap();
        let ca = server.join("cert.pem");
        std::fs::write(&ca, cert.cert.pem()).unwrap();
        std::fs::write(server.join("key.pem"), cert.signing_key.serialize_pem()).unwrap();
        std::fs::write(
            server.join("passwd"),
            format!("{USER}:{{PLAIN}}{PASSWORD}\n"),
        )
        .unwrap();
        let root = id("-u", None) == "0";
        let users = if root {
            Users {
                internal: "dovecot".to_owned(),
                group: "dovecot".to_owned(),
                login: "dovenull".to_owned(),
                uid: id("-u", Some("dovecot")),
                gid: id("-g", Some("dovecot")),
            }
        } else {
            let me = id("-un", None);
            Users {
                internal: me.clone(),
                group: id("-gn", None),
                login: me,
                uid: id("-u", None),
                gid: id("-g", None),
            }
        };
        if root {
            // The mail is read and written as `dovecot`.
            let status = Command::new("chown")
                .args(["-R", "dovecot:dovecot"])
                .arg(dir.join("Maildir"))
                .status()
                .unwrap();
            assert!(status.success(), "chown of the Maildir failed");
        }
        let mut failures = Vec::new();
        for _ in 0..ATTEMPTS {
            let (imaps, imap) = free_ports();
            let child = spawn(dir, &users, imaps, imap, extra);
            let mut dovecot = Dovecot {
                child,
                dir: dir.to_owned(),
                imaps,
                imap,
                ca: ca.clone(),
                root,
            };
            match dovecot.wait_ready() {
                Ok(()) => return dovecot,
                Err(failure) => {
                    let taken = failure.contains("Address already in use");
                    failures.push(failure);
                    if !taken {
                        break;
                    }
                }
            }
        }
        panic!("Dovecot did not start:\n{}", failures.join("\n---\n"));
    }

    /// Puts a new message into the INBOX (`Maildir/new`), readable by the
    /// server.
    pub fn deliver(&self, name: &str, bytes: &[u8]) {
        let path = self.dir.join("Maildir/new").join(name);
        std::fs::write(&path, bytes).unwrap();
        if self.root {
            let status = Command::new("chown")
                .arg("dovecot:dovecot")
                .arg(&path)
                .status()
                .unwrap();
            assert!(status.success(), "chown of {} failed", path.display());
        }
    }

    /// The server log (for a failing assertion's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("dovecot/dovecot.log")).unwrap_or_default()
    }

    /// Waits until the plain port greets with "ready" (the greeting comes
    /// only once the authentication process answers). When Dovecot stops
    /// or does not greet in time, what it wrote (standard error, where it
    /// reports a failure before its log is open, and the log).
    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Dovecot stopped ({status}): {}", self.output()));
            }
            if let Ok(stream) = TcpStream::connect(("127.0.0.1", self.imap)) {
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line.contains("ready") {
                        return Ok(());
                    }
                    line.clear();
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "no greeting on port {} in 30 s: {}",
            self.imap,
            self.output()
        ))
    }

    /// Dovecot's standard error and log, for a failure's message.
    fn output(&self) -> String {
        let stderr =
            std::fs::read_to_string(self.dir.join("dovecot/stderr.log")).unwrap_or_default();
        format!("standard error: {stderr:?}; log: {:?}", self.log())
    }

    /// `fetch --imap` arguments for this server, over implicit TLS.
    pub fn args(&self, out: &Path) -> Vec<String> {
        self.args_at(self.imaps, out)
    }

    /// `fetch --imap` arguments for another port (a proxy in front).
    pub fn args_at(&self, port: u16, out: &Path) -> Vec<String> {
        [
            "fetch",
            "--imap",
            &format!("127.0.0.1:{port}"),
            "--user",
            USER,
            "--ca-file",
            self.ca.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]
        .map(str::to_owned)
        .to_vec()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        // SIGTERM lets the master stop its children; then make sure.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP proxy on 127.0.0.1 in front of `port` that closes both ends of
/// the first connection once `limit` bytes have come from the server: a
/// connection dropped midway. Its port.
pub fn cutting_proxy(port: u16, limit: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let local = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((client, _)) = listener.accept() else {
            return;
        };
        let Ok(server) = TcpStream::connect(("127.0.0.1", port)) else {
            return;
        };
        let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut c_in, &mut s_out);
        });
        let (mut s_in, mut c_out) = (server, client);
        let mut buf = [0u8; 4096];
        let mut sent = 0usize;
        while sent < limit {
            let n = match s_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n.min(limit - sent),
            };
            if c_out.write_all(&buf[..n]).is_err() {
                break;
            }
            sent += n;
        }
        let _ = c_out.shutdown(Shutdown::Both);
        let _ = s_in.shutdown(Shutdown::Both);
    });
    local
}
