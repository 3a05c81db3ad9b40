//! Recognising a payload by its bytes, never by its name.

/// What a payload looks like. Serialised as its [`name`](Sniffed::name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Sniffed {
    /// No bytes, or only white space.
    Empty,
    /// gzip (`1f 8b`).
    Gzip,
    /// A raw zlib stream (RFC 1950 header).
    Zlib,
    /// A zip archive (`PK\3\4` or an empty archive's `PK\5\6`).
    Zip,
    /// Text starting with `<` (after a byte order mark and white space).
    Xml,
    /// Text starting with `{` or `[`.
    Json,
    /// An mbox file (`From ` line followed by header fields).
    Mbox,
    /// An e-mail message (header fields first).
    Email,
    /// A PNG image.
    Png,
    /// A PDF document.
    Pdf,
    /// Other text.
    Text,
    /// Other binary data.
    Binary,
    /// An e-mail holding an ARF feedback report of another Feedback-Type
    /// than `auth-failure`: recognised when the message is read, never by
    /// [`sniff`].
    Arf,
}

impl Sniffed {
    /// Every kind, in declaration order.
    pub const ALL: [Sniffed; 13] = [
        Sniffed::Empty,
        Sniffed::Gzip,
        Sniffed::Zlib,
        Sniffed::Zip,
        Sniffed::Xml,
        Sniffed::Json,
        Sniffed::Mbox,
        Sniffed::Email,
        Sniffed::Png,
        Sniffed::Pdf,
        Sniffed::Text,
        Sniffed::Binary,
        Sniffed::Arf,
    ];

    /// The layer name used in paths and in the corpus (`gz`, `zip`, `xml`…).
    pub fn name(self) -> &'static str {
        match self {
            Sniffed::Empty => "empty",
            Sniffed::Gzip => "gz",
            Sniffed::Zlib => "zlib",
            Sniffed::Zip => "zip",
            Sniffed::Xml => "xml",
            Sniffed::Json => "json",
            Sniffed::Mbox => "mbox",
            Sniffed::Email => "eml",
            Sniffed::Png => "png",
            Sniffed::Pdf => "pdf",
            Sniffed::Text => "text",
            Sniffed::Binary => "binary",
            Sniffed::Arf => "arf",
        }
    }

    /// The kind named `name` (see [`Sniffed::name`]).
    pub fn from_name(name: &str) -> Option<Sniffed> {
        Sniffed::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl From<Sniffed> for &'static str {
    fn from(kind: Sniffed) -> Self {
        kind.name()
    }
}

impl TryFrom<String> for Sniffed {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Sniffed::from_name(&name).ok_or_else(|| format!("unknown payload kind {name:?}"))
    }
}

/// Skips a UTF-8, UTF-16 or UTF-32 byte order mark and leading white space
/// (including NUL bytes some reporters add).
pub fn text_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0c))
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Recognises `bytes`.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Sniffed::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(b"\x89PNG") {
        return Sniffed::Png;
    }
    if bytes.starts_with(b"%PDF") {
        return Sniffed::Pdf;
    }
    if let [cmf, flg, ..] = bytes {
        if cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0 {
            return Sniffed::Zlib;
        }
    }
    // UTF-16 text with a byte order mark: XML or JSON in a wide encoding.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Sniffed::Xml;
    }
    let text = text_start(bytes);
    match text.first() {
        None => Sniffed::Empty,
        Some(b'<') => Sniffed::Xml,
        Some(b'{' | b'[') => Sniffed::Json,
        Some(_) if text.starts_with(b"From ") && first_lines_are_headers(next_line(text)) => {
            Sniffed::Mbox
        }
        Some(_) if first_lines_are_headers(text) => Sniffed::Email,
        Some(_) if looks_textual(text) => Sniffed::Text,
        Some(_) => Sniffed::Binary,
    }
}

fn next_line(text: &[u8]) -> &[u8] {
    match text.iter().position(|&b| b == b'\n') {
        Some(i) => text.get(i + 1..).unwrap_or_default(),
        None => &[],
    }
}

/// A header field name: visible ASCII but `:`, then `:`.
pub(crate) fn is_header_line(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(0) | None => false,
        Some(colon) => line
            .get(..colon)
            .unwrap_or_default()
            .iter()
            .all(|&b| b.is_ascii_graphic()),
    }
}

/// True when the text starts with at least two header fields (or one field
/// followed by a continuation line or the end of the header).
fn first_lines_are_headers(text: &[u8]) -> bool {
    let mut lines = text.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    if !is_header_line(first) {
        return false;
    }
    match lines.next() {
        Some(second) => {
            is_header_line(second)
                || second.starts_with(b" ")
                || second.starts_with(b"\t")
                || second == b"\r"
                || second.is_empty()
        }
        None => false,
    }
}

fn looks_textual(text: &[u8]) -> bool {
    let sample = text.get(..text.len().min(512)).unwrap_or_default();
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0c))
        .count();
    control == 0
        && (std::str::from_utf8(sample).is_ok()
            || sample.iter().all(|&b| !(0x80..0xa0).contains(&b)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_bytes() {
        let cases: &[(&[u8], Sniffed)] = &[
            (b"", Sniffed::Empty),
            (b" \n", Sniffed::Empty),
            (b"\x1f\x8b\x08\x00", Sniffed::Gzip),
            (b"\x78\x9c\x03\x00", Sniffed::Zlib),
            (b"\x78\xda\x03\x00", Sniffed::Zlib),
            (b"PK\x03\x04rest", Sniffed::Zip),
            (b"\xEF\xBB\xBF<?xml version=\"1.0\"?>", Sniffed::Xml),
            (b" \n<?xml", Sniffed::Xml),
            (b"{\"organization-name\": 1}", Sniffed::Json),
            (
                b"From abc Mon Jan  1 00:00:00 2024\nFrom: a@b\nTo: c@d\n",
                Sniffed::Mbox,
            ),
            (
                b"Return-Path: <a@b>\r\nFrom: a@b\r\n\r\nbody",
                Sniffed::Email,
            ),
            (b"unused", Sniffed::Text),
            (b"This is not XML at all\n", Sniffed::Text),
            (b"\x89PNG\r\n\x1a\n", Sniffed::Png),
            (b"\x00\x01\x02\x03", Sniffed::Binary),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), *want, "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
