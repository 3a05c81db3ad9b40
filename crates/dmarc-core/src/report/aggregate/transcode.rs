//! Legacy encodings (windows-1252, ISO-8859-x, Shift_JIS, EUC-KR, …): who
//! turns them into UTF-8.
//!
//! A report that declares an encoding of the WHATWG Encoding Standard other
//! than UTF-8 is transcoded by a [`Transcoder`]. With the `encodings` feature
//! (on by default: the CLI, the tests) that is [`EncodingRs`]. The browser's
//! worker turns the feature off, because encoding_rs's tables of the CJK
//! encodings weigh about 130 KB of gzip'd WebAssembly, and installs one over
//! the browser's own `TextDecoder`, which implements the same standard
//! ([`install`]). UTF-16 needs no transcoder: [`utf16`] decodes it here.
//!
//! A transcoder only resolves labels and decodes bytes; the notes, the names
//! they show and what counts as ASCII-compatible are decided here, so the
//! page and the CLI say the same of the same file.

use std::sync::OnceLock;

/// Resolves an encoding label and decodes bytes, as the Encoding Standard
/// says (<https://encoding.spec.whatwg.org/>).
pub trait Transcoder: Send + Sync {
    /// The encoding `label` names (`latin1` → `windows-1252`), in any case:
    /// [`canonical`] gives the standard's spelling. `None` when unknown.
    fn resolve(&self, label: &str) -> Option<String>;
    /// `bytes` decoded from the encoding `name` (a name [`Self::resolve`]
    /// gave, canonical), without byte order mark handling; errors replaced
    /// by U+FFFD, and whether there were any.
    fn decode(&self, name: &'static str, bytes: &[u8]) -> (String, bool);
}

static INSTALLED: OnceLock<Box<dyn Transcoder>> = OnceLock::new();

/// Installs the transcoder for builds without the `encodings` feature (the
/// browser's worker, at start). The first one stays; false if one was
/// there already.
pub fn install(transcoder: Box<dyn Transcoder>) -> bool {
    INSTALLED.set(transcoder).is_ok()
}

/// The installed transcoder, else encoding_rs when the feature is on. Without
/// either, declared legacy encodings are unknown and such a report is read as
/// UTF-8, invalid bytes replaced and noted.
pub(super) fn current() -> Option<&'static dyn Transcoder> {
    if let Some(t) = INSTALLED.get() {
        return Some(t.as_ref());
    }
    #[cfg(feature = "encodings")]
    {
        Some(&EncodingRs)
    }
    #[cfg(not(feature = "encodings"))]
    {
        None
    }
}

/// encoding_rs, Mozilla's implementation of the Encoding Standard.
#[cfg(feature = "encodings")]
pub struct EncodingRs;

#[cfg(feature = "encodings")]
impl Transcoder for EncodingRs {
    fn resolve(&self, label: &str) -> Option<String> {
        encoding_rs::Encoding::for_label(label.as_bytes()).map(|e| e.name().to_owned())
    }

    fn decode(&self, name: &'static str, bytes: &[u8]) -> (String, bool) {
        match encoding_rs::Encoding::for_label(name.as_bytes()) {
            Some(enc) => {
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                (text.into_owned(), had_errors)
            }
            None => (String::from_utf8_lossy(bytes).into_owned(), true),
        }
    }
}

/// The names of the Encoding Standard's encodings, as it spells them.
pub const NAMES: [&str; 40] = [
    "UTF-8",
    "IBM866",
    "ISO-8859-2",
    "ISO-8859-3",
    "ISO-8859-4",
    "ISO-8859-5",
    "ISO-8859-6",
    "ISO-8859-7",
    "ISO-8859-8",
    "ISO-8859-8-I",
    "ISO-8859-10",
    "ISO-8859-13",
    "ISO-8859-14",
    "ISO-8859-15",
    "ISO-8859-16",
    "KOI8-R",
    "KOI8-U",
    "macintosh",
    "windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "x-mac-cyrillic",
    "GBK",
    "gb18030",
    "Big5",
    "EUC-JP",
    "ISO-2022-JP",
    "Shift_JIS",
    "EUC-KR",
    "replacement",
    "UTF-16BE",
    "UTF-16LE",
    "x-user-defined",
];

/// The labels of the standard's `replacement` encoding, which browsers'
/// `TextDecoder` refuses rather than resolves.
const REPLACEMENT_LABELS: [&str; 6] = [
    "csiso2022kr",
    "hz-gb-2312",
    "iso-2022-cn",
    "iso-2022-cn-ext",
    "iso-2022-kr",
    "replacement",
];

/// The standard's spelling of an encoding's name (`shift_jis` → `Shift_JIS`).
pub fn canonical(name: &str) -> Option<&'static str> {
    NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)).copied()
}

/// The encoding `label` names, canonical, through `transcoder`.
pub(super) fn resolve(transcoder: &dyn Transcoder, label: &str) -> Option<&'static str> {
    let label = label.trim();
    if REPLACEMENT_LABELS
        .iter()
        .any(|l| l.eq_ignore_ascii_case(label))
    {
        return Some("replacement");
    }
    canonical(&transcoder.resolve(label)?)
}

/// Whether ASCII bytes mean ASCII in the encoding `name` (false for UTF-16,
/// ISO-2022-JP and `replacement`).
pub(super) fn ascii_compatible(name: &str) -> bool {
    !matches!(
        name,
        "UTF-16BE" | "UTF-16LE" | "ISO-2022-JP" | "replacement"
    )
}

/// UTF-16 (`big_endian` or not) to UTF-8, a byte order mark of that order
/// skipped, unpaired surrogates and an odd last byte replaced by U+FFFD; and
/// whether there were such errors. What encoding_rs's `decode` gives.
pub fn utf16(bytes: &[u8], big_endian: bool) -> (String, bool) {
    let bom: &[u8] = if big_endian { b"\xFE\xFF" } else { b"\xFF\xFE" };
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    let units = body.chunks_exact(2).map(|pair| match pair {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut errors = false;
    let mut text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                errors = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if body.len() % 2 == 1 {
        errors = true;
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, errors)
}

#[cfg(all(test, feature = "encodings"))]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// Every name resolves to itself through encoding_rs, which spells them
    /// as the standard does; and encoding_rs knows no other.
    #[test]
    fn the_names_are_the_standards() {
        for name in NAMES {
            assert_eq!(EncodingRs.resolve(name).as_deref(), Some(name), "{name}");
            assert_eq!(canonical(&name.to_ascii_lowercase()), Some(name));
        }
        for label in REPLACEMENT_LABELS {
            assert_eq!(EncodingRs.resolve(label).as_deref(), Some("replacement"));
        }
        assert_eq!(resolve(&EncodingRs, " Latin1 "), Some("windows-1252"));
        assert_eq!(resolve(&EncodingRs, "sjis"), Some("Shift_JIS"));
        assert_eq!(resolve(&EncodingRs, "klingon"), None);
    }

    #[test]
    fn ascii_compatibility_is_encoding_rs() {
        for name in NAMES {
            let enc = encoding_rs::Encoding::for_label(name.as_bytes()).unwrap();
            assert_eq!(ascii_compatible(name), enc.is_ascii_compatible(), "{name}");
        }
    }

    /// UTF-16 here and in encoding_rs, on clean text, byte order marks,
    /// unpaired surrogates and odd lengths.
    #[test]
    fn utf16_is_encoding_rs() {
        let cases: &[&[u8]] = &[
            b"",
            b"<\0a\0/\0>\0",
            b"\xFF\xFE<\0a\0>\0",
            b"\xFE\xFF\0<\0a",
            b"\0<\0a\0/\0>",
            b"=\xD8\x00\xDE",         // a pair (LE): U+1F600
            b"=\xD8a\0",              // a lone high surrogate
            b"\x00\xDCa\0",           // a lone low surrogate
            b"<\0a",                  // an odd last byte
            b"\xFF\xFE\xFF\xFE<\0",   // a second BOM is text
            "<a>日本</a>".as_bytes(), // read as UTF-16: nonsense, but the same nonsense
        ];
        for bytes in cases {
            for (big_endian, enc) in [
                (false, encoding_rs::UTF_16LE),
                (true, encoding_rs::UTF_16BE),
            ] {
                let (theirs, their_errors) = enc.decode_with_bom_removal(bytes);
                let (ours, our_errors) = utf16(bytes, big_endian);
                assert_eq!(ours, theirs, "{bytes:?} {}", enc.name());
                assert_eq!(our_errors, their_errors, "{bytes:?} {}", enc.name());
            }
        }
    }
}
