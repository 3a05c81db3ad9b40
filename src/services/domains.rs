//! Domain names a person types with non-ASCII labels (`例え.jp`), converted
//! to ASCII by the browser's own URL parser: it implements the WHATWG URL
//! Standard's "domain to ASCII" (UTS #46), as the `idna` crate does, whose
//! Unicode tables the web app then does not carry (README, "Size").
//! Installed in the core at start (`dmarc_core::domain::install_to_ascii`).

/// `name` (lower case, trimmed, no trailing dot; the core hands over only
/// names with a non-ASCII or `xn--` label) in ASCII, or `None` when the URL
/// Standard refuses it.
pub fn to_ascii(name: &str) -> Option<String> {
    // A host and nothing else: an ASCII character the URL parser would read
    // as the start of a path, port, user or query is refused here (the core's
    // label check refuses it after `idna` too).
    if name
        .chars()
        .any(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return None;
    }
    // A last label of our own: a host whose last label is a number is read as
    // an IPv4 address by the URL Standard, never by `idna`.
    let url = web_sys::Url::new(&format!("http://{name}.x/")).ok()?;
    url.hostname().strip_suffix(".x").map(str::to_owned)
}

/// Installs [`to_ascii`] in the core (the page and the worker, at start).
pub fn install() {
    dmarc_core::domain::install_to_ascii(to_ascii);
}
