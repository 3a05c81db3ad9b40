//! Plain records read without the XML reader.
//!
//! Nearly every record of a real report is plain markup: start tags without
//! attributes or namespace prefixes, end tags, and text without references.
//! For such a record the reader's work per event (finding the markup,
//! checking each piece of it to be UTF-8, building the event) is most of
//! the parse. Here a record that is plain is cut into its pieces by one
//! scan, checked to be UTF-8 once as a whole, and its pieces handed to the
//! parser's own handlers (`start`, `end`, the text of a value) exactly as
//! the reader's events would be, in the same order and with the same
//! positions, so the model, the notes and any error are the ones the reader
//! gives. Anything else in a record — a comment, CDATA, a reference, an
//! attribute, a prefix, white space inside a tag, bytes that are not UTF-8,
//! the text ending inside it — leaves the whole record to the reader, before
//! anything of it was handled. `tests/plain.rs` compares the two readings.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

use super::shape::Cut;
use super::{space, Parser, Stop, IN_PARTS};

/// Pieces past which a record is left to the reader (a record of a real
/// report has a few dozen).
const MAX_PIECES: usize = 4096;

/// One piece of a plain record, by its place in the record's text: a start
/// tag, an empty element or an end tag (the place of its name), or text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    Start(u32, u32),
    Empty(u32, u32),
    End(u32, u32),
    Text(u32, u32),
}

/// Bytes of an element name read here: ASCII letters, digits, `_`, `-`
/// and `.` (no `:`: prefixed names are the reader's).
const NAME: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
        b += 1;
    }
    table
};

/// Cuts `text`, which starts with `<record>`, into `pieces` up to and
/// including the end tag that closes it; returns that end's place, or None
/// when the record is not plain (see the module's documentation). `open`
/// holds the names of the open elements (an end tag is first compared with
/// the innermost).
pub(super) fn cut(
    text: &[u8],
    pieces: &mut Vec<Piece>,
    open: &mut Vec<(u32, u32)>,
) -> Option<usize> {
    pieces.clear();
    open.clear();
    let mut at = 0usize;
    loop {
        // Text up to the next markup: white space between elements is
        // stepped over, a value searched.
        let spaces = text.get(at..)?.iter().take_while(|&&b| space(b)).count();
        let lt = if text.get(at + spaces) == Some(&b'<') {
            at + spaces
        } else {
            let lt = at + memchr::memchr2(b'<', b'&', text.get(at..)?)?;
            if text.get(lt) != Some(&b'<') {
                return None;
            }
            lt
        };
        if lt > at {
            pieces.push(Piece::Text(place(at)?, place(lt)?));
        }
        if text.get(lt + 1) == Some(&b'/') {
            let name_start = lt + 2;
            // Usually the name of the innermost open element.
            let &(from, to) = open.last()?;
            let name = text.get(from as usize..to as usize)?;
            let name_len = match text.get(name_start..name_start + name.len()) {
                Some(found) if found == name => name.len(),
                _ => name_length(text.get(name_start..)?),
            };
            let name_end = name_start + name_len;
            if name_len == 0 || text.get(name_end) != Some(&b'>') {
                return None;
            }
            pieces.push(Piece::End(place(name_start)?, place(name_end)?));
            open.pop();
            at = name_end + 1;
            if open.is_empty() {
                return Some(at);
            }
        } else {
            let name_start = lt + 1;
            let name_len = name_length(text.get(name_start..)?);
            let name_end = name_start + name_len;
            let name = (place(name_start)?, place(name_end)?);
            match (name_len, text.get(name_end), text.get(name_end + 1)) {
                (0, _, _) => return None,
                (_, Some(b'>'), _) => {
                    pieces.push(Piece::Start(name.0, name.1));
                    open.push(name);
                    at = name_end + 1;
                }
                (_, Some(b'/'), Some(b'>')) => {
                    pieces.push(Piece::Empty(name.0, name.1));
                    at = name_end + 2;
                }
                _ => return None,
            }
        }
        if pieces.len() > MAX_PIECES {
            return None;
        }
    }
}

/// How many bytes at the start of `text` are those of a name.
fn name_length(text: &[u8]) -> usize {
    text.iter().take_while(|&&b| NAME[usize::from(b)]).count()
}

/// A place in a record's text as a piece holds it.
pub(super) fn place(at: usize) -> Option<u32> {
    u32::try_from(at).ok()
}

impl<'t> Parser<'t> {
    /// Between the elements of `<feedback>`, with the reader about to read
    /// `rest` (which starts at `before` in `src`): when what comes next is a
    /// plain `<record>`, reads it and returns how many bytes of `rest` it
    /// took (white space before it included); None leaves it to the reader.
    /// The reader must not be in the middle of markup (right after a text
    /// event), so that it can go on after the record.
    pub(super) fn plain_record(
        &mut self,
        rest: &'t [u8],
        before: u64,
    ) -> Result<Option<usize>, Stop> {
        let lead = rest.iter().take_while(|&&b| space(b)).count();
        let Some(text) = rest.get(lead..).filter(|t| t.starts_with(b"<record>")) else {
            return Ok(None);
        };
        let mut pieces = std::mem::take(&mut self.pieces);
        let mut shapes = std::mem::take(&mut self.shapes);
        let read = match shapes.cut(text, &mut pieces, &mut self.open) {
            Some(Cut::Pieces(len)) => self.read_pieces(text, len, before, lead, &pieces),
            Some(Cut::Followed(len)) => match shapes.steps(self.max_depth) {
                Some(steps) => self.replay(text, len, before, lead, steps),
                None => match shapes.pieces(&mut pieces) {
                    Some(()) => self.read_pieces(text, len, before, lead, &pieces),
                    None => Ok(None),
                },
            },
            None => Ok(None),
        };
        self.shapes = shapes;
        self.pieces = pieces;
        read
    }

    /// The record `text[..len]`, ending at `end` in `src`, as text; None
    /// when it is not UTF-8 or (in the first part of a report read in
    /// parts) reaches past where the other threads took over: the reader
    /// then reads it.
    pub(super) fn record_text(&self, text: &'t [u8], len: usize, end: u64) -> Option<&'t str> {
        let text = std::str::from_utf8(text.get(..len)?).ok()?;
        let past = IN_PARTS && self.jump.as_ref().is_some_and(|jump| end > jump.at as u64);
        (!past).then_some(text)
    }

    /// Hands the `pieces` of the record `text[..len]` to the handlers, as
    /// `run` hands the reader's events (see there); None, before any, when
    /// the record is not UTF-8 or (in the first part of a report read in
    /// parts) reaches past where the other threads took over.
    fn read_pieces(
        &mut self,
        text: &'t [u8],
        len: usize,
        before: u64,
        lead: usize,
        pieces: &[Piece],
    ) -> Result<Option<usize>, Stop> {
        let Some(text) = self.record_text(text, len, before + (lead + len) as u64) else {
            return Ok(None);
        };
        // Where the record starts in `src`.
        let base = before + lead as u64;
        let piece = |from: u32, to: u32| text.get(from as usize..to as usize).unwrap_or_default();
        // Where the reader would be before each event, and whether it would
        // skip white space at the start of text (`trim_text_start`, which
        // `run` sets after each start and end tag).
        let mut at = before;
        let mut trim = true;
        for &next in pieces {
            match next {
                Piece::Text(from, to) => {
                    // Only a value's text is kept (white space between
                    // elements is most pieces).
                    if self.collecting() {
                        let mut value = piece(from, to);
                        if trim {
                            value = value.trim_start_matches([' ', '\t', '\r', '\n']);
                        }
                        if !value.is_empty() {
                            self.value_text(Cow::Borrowed(value));
                        }
                    }
                    at = base + u64::from(to);
                }
                Piece::Start(from, to) => {
                    let after = base + u64::from(to) + 1;
                    self.leaf_start = after as usize;
                    self.start(&BytesStart::new(piece(from, to)), at, None)?;
                    trim = !self.collecting();
                    at = after;
                }
                Piece::Empty(from, to) => {
                    let after = base + u64::from(to) + 2;
                    self.start(&BytesStart::new(piece(from, to)), at, Some(after))?;
                    at = after;
                }
                Piece::End(from, to) => {
                    let after = base + u64::from(to) + 1;
                    // Only `</feedback>` ends the report, and the pieces of
                    // a record close no more elements than they open.
                    if self.end(piece(from, to), after)? {
                        return Err(Stop::Unsplit);
                    }
                    trim = true;
                    at = after;
                }
            }
        }
        self.plain_records += 1;
        Ok(Some(lead + len))
    }
}
