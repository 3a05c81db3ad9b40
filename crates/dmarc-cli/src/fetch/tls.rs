//! The connection `fetch --imap` talks over: TLS (rustls with ring) from the
//! first byte, TLS after STARTTLS, or plain TCP when asked for loudly.
//!
//! The server's certificate is checked against the system's trusted roots
//! (read by `rustls-native-certs`), or against the certificates of a PEM
//! file given with `--ca-file` (a self-signed or private CA), and its name.

use std::io::{BufRead as _, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs as _};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

/// How long to wait for the server to accept, and then for each answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const READ_TIMEOUT: Duration = Duration::from_secs(120);

/// How the connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// TLS from the first byte (port 993).
    Implicit,
    /// Plain TCP, then STARTTLS before anything else (port 143).
    StartTls,
    /// No TLS at all: the password crosses the network in clear.
    Plaintext,
}

impl Mode {
    /// The port used when `--imap` names none.
    pub(crate) fn default_port(self) -> u16 {
        match self {
            Mode::Implicit => 993,
            Mode::StartTls | Mode::Plaintext => 143,
        }
    }
}

/// A connection to the server.
#[derive(Debug)]
pub(crate) enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// The certificates a server may chain to: those of `ca_file`, else the
/// system's.
fn roots(ca_file: Option<&Path>) -> anyhow::Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| {
                    anyhow::anyhow!("{}: not a PEM certificate file ({e})", path.display())
                })?;
            anyhow::ensure!(
                !certs.is_empty(),
                "{}: no certificate in this file",
                path.display()
            );
            for cert in certs {
                roots
                    .add(cert)
                    .with_context(|| format!("{}: not a usable certificate", path.display()))?;
            }
        }
        None => {
            let native = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(native.certs);
            anyhow::ensure!(
                !roots.is_empty(),
                "no trusted certificates found on this system (Debian: apt-get install ca-certificates); or give --ca-file"
            );
        }
    }
    Ok(roots)
}

/// The TLS settings: ring, TLS 1.2 and 1.3, the roots above.
fn config(ca_file: Option<&Path>) -> anyhow::Result<Arc<ClientConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots(ca_file)?)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// TLS over `tcp`, the handshake done, the certificate checked for `host`.
fn wrap(tcp: TcpStream, host: &str, config: Arc<ClientConfig>) -> anyhow::Result<Stream> {
    let name = ServerName::try_from(host.to_owned())
        .map_err(|e| anyhow::anyhow!("{host}: not a server name ({e})"))?;
    let conn = ClientConnection::new(config, name)?;
    let mut tls = StreamOwned::new(conn, tcp);
    // Handshake now, so that a bad certificate is named as such.
    while tls.conn.is_handshaking() {
        tls.conn
            .complete_io(&mut tls.sock)
            .map_err(|e| anyhow::anyhow!("TLS: {e}"))?;
    }
    Ok(Stream::Tls(Box::new(tls)))
}

/// One line from the server, read a byte at a time (nothing is read past
/// it, so TLS can start right after).
fn line(tcp: &mut TcpStream) -> anyhow::Result<String> {
    let mut line = Vec::new();
    let mut reader = BufReader::with_capacity(1, tcp);
    reader.read_until(b'\n', &mut line)?;
    anyhow::ensure!(!line.is_empty(), "the server closed the connection");
    Ok(String::from_utf8_lossy(&line).trim_end().to_owned())
}

/// STARTTLS on a fresh connection: the greeting, the command, its answer.
fn starttls(tcp: &mut TcpStream) -> anyhow::Result<()> {
    let greeting = line(tcp)?;
    anyhow::ensure!(
        greeting.starts_with("* OK"),
        "unexpected greeting: {greeting}"
    );
    tcp.write_all(b"s0 STARTTLS\r\n")?;
    loop {
        let answer = line(tcp)?;
        if answer.starts_with("s0 OK") {
            return Ok(());
        }
        anyhow::ensure!(
            !answer.starts_with("s0 "),
            "the server refused STARTTLS: {answer}"
        );
    }
}

/// Connects to `host:port`. With TLS, the handshake is done; the IMAP
/// greeting is still to be read, except after STARTTLS (where it was read
/// before).
pub(crate) fn connect(
    host: &str,
    port: u16,
    mode: Mode,
    ca_file: Option<&Path>,
) -> anyhow::Result<Stream> {
    // The certificates first: a bad --ca-file is said before any network.
    let config = match mode {
        Mode::Plaintext => None,
        Mode::Implicit | Mode::StartTls => Some(config(ca_file)?),
    };
    let mut last = None;
    let mut tcp = None;
    for addr in (host, port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let mut tcp = match (tcp, last) {
        (Some(tcp), _) => tcp,
        (None, Some(e)) => return Err(e.into()),
        (None, None) => anyhow::bail!("no address for {host}"),
    };
    tcp.set_read_timeout(Some(READ_TIMEOUT))?;
    tcp.set_write_timeout(Some(READ_TIMEOUT))?;
    match (mode, config) {
        (Mode::Implicit, Some(config)) => wrap(tcp, host, config),
        (Mode::StartTls, Some(config)) => {
            starttls(&mut tcp)?;
            wrap(tcp, host, config)
        }
        (Mode::Plaintext, _) => Ok(Stream::Plain(tcp)),
        // Never plain text unless asked for.
        (Mode::Implicit | Mode::StartTls, None) => anyhow::bail!("no TLS settings"),
    }
}
