//! From bytes to UTF-8 text: byte order marks, leading white space, declared
//! encodings (windows-1252, ISO-8859-1…), UTF-16 and invalid UTF-8, each
//! repair recorded as a note. Input that is already clean UTF-8 is borrowed,
//! not copied.

use std::borrow::Cow;

use super::transcode::{self, Transcoder};

use super::parse::Notes;
use crate::report::NoteCode;

/// The text to parse, where the markup starts in it (after a byte order
/// mark or leading white space), and whether it was checked to be UTF-8.
pub(super) struct Decoded<'a> {
    pub text: Cow<'a, [u8]>,
    pub start: usize,
    /// False when the text is the input as given, not yet checked: the XML
    /// reader checks every event it reads, and the caller starts again with
    /// `lazy = false` if that finds invalid UTF-8.
    pub checked: bool,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Turns `bytes` into UTF-8 text, noting every repair. With `lazy`, input
/// that declares no other encoding is passed on unchecked (one pass less over
/// a large report).
pub(super) fn decode<'a>(bytes: &'a [u8], notes: &mut Notes, lazy: bool) -> Decoded<'a> {
    // UTF-16, with or without a byte order mark.
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] | [b'<', 0, _, 0, ..] => Some(false),
        [0xFE, 0xFF, ..] | [0, b'<', 0, _, ..] => Some(true),
        _ => None,
    };
    if let Some(big_endian) = utf16 {
        notes.add(NoteCode::Utf16, || {
            let name = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
            format!("the report is in {name}")
        });
        let (text, had_errors) = transcode::utf16(bytes, big_endian);
        if had_errors {
            notes.add(NoteCode::InvalidUtf16, || {
                "invalid UTF-16 replaced by U+FFFD".to_owned()
            });
        }
        let text = Cow::Owned(text.into_bytes());
        let start = leading_whitespace(&text, notes);
        return Decoded {
            text,
            start,
            checked: true,
        };
    }

    let (body, bom) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len()),
        None => (bytes, 0),
    };
    if bom > 0 {
        notes.add(NoteCode::Bom, || {
            "a UTF-8 byte order mark, skipped".to_owned()
        });
    }

    let transcoder = transcode::current();
    let declared = transcoder.and_then(|t| declared_encoding(t, body));
    let label = |name: &str| match declared_label(body) {
        Some(label) if !label.eq_ignore_ascii_case(name) => format!("{label} (read as {name})"),
        _ => name.to_owned(),
    };
    if lazy && declared.is_none_or(|e| e == UTF_8) {
        let start = leading_whitespace(body, notes);
        return Decoded {
            text: Cow::Borrowed(body),
            start,
            checked: false,
        };
    }
    let text: Cow<'a, [u8]> = match std::str::from_utf8(body) {
        Ok(_) => {
            if let Some(enc) = declared.filter(|e| *e != UTF_8 && !body.is_ascii()) {
                notes.add(NoteCode::EncodingMismatch, || {
                    format!(
                        "declared {} but the content is valid UTF-8; read as UTF-8",
                        label(enc)
                    )
                });
            }
            Cow::Borrowed(body)
        }
        Err(err) => match declared
            .filter(|e| *e != UTF_8 && transcode::ascii_compatible(e))
            .zip(transcoder)
        {
            Some((enc, transcoder)) => {
                notes.add(NoteCode::DeclaredEncoding, || {
                    format!("transcoded from {} to UTF-8", label(enc))
                });
                let (text, had_errors) = transcoder.decode(enc, body);
                if had_errors {
                    notes.add(NoteCode::InvalidBytes, || {
                        format!("bytes invalid in {enc} replaced by U+FFFD")
                    });
                }
                Cow::Owned(text.into_bytes())
            }
            None => {
                let at = err.valid_up_to();
                notes.add(NoteCode::InvalidUtf8, || {
                    format!("invalid UTF-8 from byte {} replaced by U+FFFD", at + bom)
                });
                Cow::Owned(String::from_utf8_lossy(body).into_owned().into_bytes())
            }
        },
    };
    let start = leading_whitespace(&text, notes);
    Decoded {
        text,
        start,
        checked: true,
    }
}

/// Skips white space (and stray NULs) before the first `<`, with a note.
fn leading_whitespace(text: &[u8], notes: &mut Notes) -> usize {
    let skip = text
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0))
        .count();
    if skip > 0 && text.get(skip) == Some(&b'<') {
        notes.add(NoteCode::LeadingWhitespace, || {
            format!("{skip} bytes of white space before the XML declaration, skipped")
        });
        skip
    } else {
        0
    }
}

const UTF_8: &str = "UTF-8";

/// The encoding named by `<?xml … encoding="…"?>`, when known to the
/// Encoding Standard (its canonical name). UTF-16 labels are ignored here: a
/// document whose bytes are ASCII-compatible cannot be UTF-16, whatever it
/// declares.
fn declared_encoding(transcoder: &dyn Transcoder, body: &[u8]) -> Option<&'static str> {
    transcode::resolve(transcoder, &declared_label(body)?)
        .filter(|e| !matches!(*e, "UTF-16LE" | "UTF-16BE"))
}

/// The label in `<?xml … encoding="…"?>`, as written.
fn declared_label(body: &[u8]) -> Option<String> {
    let head = body.get(..body.len().min(512))?;
    let skip = head.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let head = head.get(skip..)?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = head.get(..end)?;
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = decl.get(at + 8..)?;
    let rest = rest.get(rest.iter().position(|&b| b == b'"' || b == b'\'')?..)?;
    let quote = *rest.first()?;
    let rest = rest.get(1..)?;
    let label = rest.get(..rest.iter().position(|&b| b == quote)?)?;
    Some(String::from_utf8_lossy(label).trim().to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> (String, usize, Vec<String>) {
        let mut notes = Notes::default();
        let d = decode(bytes, &mut notes, false);
        assert!(d.checked);
        let codes = notes
            .finish()
            .into_iter()
            .map(|n| n.code.name().to_owned())
            .collect();
        (
            String::from_utf8(d.text.into_owned()).unwrap(),
            d.start,
            codes,
        )
    }

    #[test]
    fn bytes_become_utf8_with_notes() {
        let cases: &[(&[u8], &str, usize, &[&str])] = &[
            (b"<a/>", "<a/>", 0, &[]),
            (b"\xEF\xBB\xBF<a/>", "<a/>", 0, &["bom"]),
            (
                b" \n<?xml version='1.0'?><a/>",
                " \n<?xml version='1.0'?><a/>",
                2,
                &["leading_whitespace"],
            ),
            (
                b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>Caf\xE9</a>",
                "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>Café</a>",
                0,
                &["declared_encoding"],
            ),
            (
                b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>x</a>",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>x</a>",
                0,
                &[],
            ),
            (b"<a>\xFF</a>", "<a>\u{FFFD}</a>", 0, &["invalid_utf8"]),
            (b"\xFF\xFE<\0a\0/\0>\0", "<a/>", 0, &["utf16"]),
        ];
        for (input, text, start, codes) in cases {
            let (got, got_start, got_codes) = run(input);
            assert_eq!(&got, text);
            assert_eq!(got_start, *start, "{text}");
            assert_eq!(&got_codes, codes, "{text}");
        }
    }
}
