//! Records with the markup of a record before them.
//!
//! The records of a report are written by one program, so nearly all of
//! them have the markup of one of a few records before them, byte for byte,
//! with other values. The cut of a recent plain record is kept (a
//! [`Shape`]): when a record's markup is that record's, its pieces are that
//! record's moved by the lengths of its values, found without looking at
//! the markup byte by byte ([`follow`]), and they are what the cut gives.
//! When all the elements of that record are known, what handling its pieces
//! does is known too, but for the values: the elements it opens and closes,
//! in order ([`Step`]); a record that follows it is read by taking those
//! steps ([`Parser::replay`]), with the same handlers (`open`, `close`),
//! without looking up each name again. `tests/plain.rs` and the tests here
//! compare the readings.

use super::plain::{cut, place, Piece};
use super::{spaced, Parser, Stop};
use crate::report::aggregate::schema::El;

/// How many cuts of recent records are kept: the records of a real report
/// have a few shapes (one, two or three DKIM results, a reason or none).
const SHAPES: usize = 4;

/// What handling the pieces of a record does, in order, when all its
/// elements are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step<'t> {
    /// A known element opens (its name as written: reporters' other names
    /// leave notes).
    Open(El, &'t str),
    /// The leaf opened last closes, its text the record's value of this
    /// index in [`Shape::values`].
    Value(usize),
    /// The element opened last closes (a leaf: with no text).
    Close,
}

/// The cut of a recent plain record.
pub(super) struct Shape<'t> {
    /// The record's text, `<record>` to `</record>`.
    text: &'t [u8],
    /// Its pieces.
    pieces: Vec<Piece>,
    /// Its values: each text piece between a start and an end tag, by its
    /// place in `text` and its index in `pieces`.
    values: Vec<(u32, u32, usize)>,
    /// The steps of its handling, when all its elements are known, and the
    /// most elements open before one opens (for the depth limit).
    steps: Vec<Step<'t>>,
    deepest: Option<usize>,
}

/// The steps of a record followed, and the places of its values.
pub(super) type Followed<'s, 't> = (&'s [Step<'t>], &'s [(u32, u32)]);

/// How a record was cut.
pub(super) enum Cut {
    /// By the byte (see `plain::cut`), into the pieces given.
    Pieces(usize),
    /// Following the first of [`Shapes::recent`], its values' places in
    /// [`Shapes::found`]; no pieces made.
    Followed(usize),
}

/// The cuts of recent plain records, the last one followed first, and how
/// often one was followed: when most records have a markup of their own,
/// they are no longer tried.
#[derive(Default)]
pub(super) struct Shapes<'t> {
    recent: Vec<Shape<'t>>,
    /// The places of the values of the record followed last, reused.
    found: Vec<(u32, u32)>,
    followed: usize,
    missed: usize,
}

impl<'t> Shapes<'t> {
    /// Cuts `text`, which starts with `<record>`: follows the cut of a
    /// recent record when one fits, else cuts it into `pieces` (`open`: the
    /// cut's own) and keeps its cut. None when it is not plain.
    pub(super) fn cut(
        &mut self,
        text: &'t [u8],
        pieces: &mut Vec<Piece>,
        open: &mut Vec<(u32, u32)>,
    ) -> Option<Cut> {
        let trying = self.missed <= 32 + 4 * self.followed;
        if trying {
            for i in 0..self.recent.len() {
                let Some(shape) = self.recent.get(i) else {
                    break;
                };
                if let Some(len) = follow(shape, text, &mut self.found) {
                    self.followed += 1;
                    // The last one followed is tried first next time.
                    if let Some(tried) = self.recent.get_mut(..=i) {
                        tried.rotate_right(1);
                    }
                    return Some(Cut::Followed(len));
                }
            }
            self.missed += 1;
        }
        let len = cut(text, pieces, open)?;
        if trying {
            self.learn(text.get(..len)?, pieces);
        }
        Some(Cut::Pieces(len))
    }

    /// The record followed last, when its steps may be taken under the
    /// depth limit `max_depth`: its steps and its values' places.
    pub(super) fn steps(&self, max_depth: usize) -> Option<Followed<'_, 't>> {
        let shape = self.recent.first()?;
        let deepest = shape.deepest?;
        (deepest < max_depth).then_some((&shape.steps, &self.found))
    }

    /// The pieces of the record followed last.
    pub(super) fn pieces(&self, pieces: &mut Vec<Piece>) -> Option<()> {
        let shape = self.recent.first()?;
        pieces.clear();
        let (mut next, mut moved) = (0usize, 0u32);
        for (&(_, to, index), &(start, end)) in shape.values.iter().zip(&self.found) {
            let before = shape.pieces.get(next..index)?;
            // The pieces between two values move by the same number of
            // bytes (wrapping: a move back).
            pieces.extend(before.iter().map(|piece| piece.moved(moved)));
            pieces.push(Piece::Text(start, end));
            moved = end.wrapping_sub(to);
            next = index + 1;
        }
        let rest = shape.pieces.get(next..)?;
        pieces.extend(rest.iter().map(|piece| piece.moved(moved)));
        Some(())
    }

    /// Keeps the cut `pieces` of the record `text`, in place of the one
    /// followed longest ago when there are enough.
    fn learn(&mut self, text: &'t [u8], pieces: &[Piece]) {
        let mut shape = if self.recent.len() >= SHAPES {
            self.recent.pop()
        } else {
            None
        }
        .unwrap_or(Shape {
            text,
            pieces: Vec::new(),
            values: Vec::new(),
            steps: Vec::new(),
            deepest: None,
        });
        shape.text = text;
        shape.pieces.clear();
        shape.pieces.extend_from_slice(pieces);
        shape.values.clear();
        for (i, window) in pieces.windows(3).enumerate() {
            if let [Piece::Start(..), Piece::Text(from, to), Piece::End(..)] = *window {
                shape.values.push((from, to, i + 1));
            }
        }
        shape.deepest = steps(text, pieces, &shape.values, &mut shape.steps);
        self.recent.insert(0, shape);
    }
}

/// The steps of handling the `pieces` of the record `text` (its `values` as
/// in [`Shape::values`]) into `steps`, and the most elements open before
/// one opens, `<feedback>` counted; None when an element is not known or an
/// end tag does not match (the handlers then do more than open and close).
fn steps<'t>(
    text: &'t [u8],
    pieces: &[Piece],
    values: &[(u32, u32, usize)],
    steps: &mut Vec<Step<'t>>,
) -> Option<usize> {
    steps.clear();
    let name_at = |from: u32, to: u32| {
        let name = text.get(from as usize..to as usize)?;
        std::str::from_utf8(name).ok()
    };
    let mut open = vec![El::Feedback];
    let mut deepest = 0;
    let mut value = 0;
    let mut i = 0;
    while let Some(&piece) = pieces.get(i) {
        i += 1;
        match piece {
            Piece::Start(from, to) | Piece::Empty(from, to) => {
                let name = name_at(from, to)?;
                deepest = deepest.max(open.len());
                let el = open.last()?.child(name)?;
                steps.push(Step::Open(el, name));
                if matches!(piece, Piece::Empty(..)) {
                    steps.push(Step::Close);
                } else if el.is_leaf() {
                    // A leaf holds a value or nothing, then its end tag.
                    if let Some(Piece::Text(..)) = pieces.get(i) {
                        while values.get(value).is_some_and(|v| v.2 < i) {
                            value += 1;
                        }
                        if values.get(value)?.2 != i {
                            return None;
                        }
                        steps.push(Step::Value(value));
                        i += 1;
                    } else {
                        steps.push(Step::Close);
                    }
                    match pieces.get(i) {
                        // A plain name has no prefix: it is its local name.
                        Some(&Piece::End(from, to)) if el.ends_with(name_at(from, to)?) => i += 1,
                        _ => return None,
                    }
                } else {
                    open.push(el);
                }
            }
            Piece::End(from, to) => {
                let el = open.pop()?;
                if el == El::Feedback || !el.ends_with(name_at(from, to)?) {
                    return None;
                }
                steps.push(Step::Close);
            }
            // Text between elements: not a value, not kept.
            Piece::Text(..) => {}
        }
    }
    (open == [El::Feedback]).then_some(deepest)
}

/// How `text`, which starts with `<record>`, is cut when its markup is that
/// of the record `shape` was cut from, byte for byte, and only the values
/// differ (each one some text without `<` or `&`, as in that record none
/// empty): the pieces of that record moved by the lengths of the values,
/// which are what [`cut`] gives, as it reads the same bytes in the markup
/// and a value up to the first `<`. Puts the places of the values in
/// `found` and returns the record's length; None when the markup differs.
fn follow(shape: &Shape<'_>, text: &[u8], found: &mut Vec<(u32, u32)>) -> Option<usize> {
    let old = shape.text;
    found.clear();
    // The shape's text is the same as `text` up to `checked` in the one,
    // `at` in the other.
    let (mut checked, mut at) = (0usize, 0usize);
    for &(from, to, _) in &shape.values {
        let markup = old.get(checked..from as usize)?;
        let start = at + markup.len();
        if !same_bytes(markup, text.get(at..start)?) {
            return None;
        }
        let end = start + markup_or_reference(text.get(start..)?)?;
        if end == start || text.get(end) != Some(&b'<') {
            return None;
        }
        found.push((place(start)?, place(end)?));
        (checked, at) = (to as usize, end);
    }
    let markup = old.get(checked..)?;
    let len = at + markup.len();
    if !same_bytes(markup, text.get(at..len)?) {
        return None;
    }
    // Places fit in `u32` (the pieces' moves rely on it).
    place(len)?;
    Some(len)
}

/// Where the first `<` or `&` of `text` is, looked for eight bytes at a
/// time (a value is a few dozen bytes: shorter than `memchr`'s set-up is
/// worth).
fn markup_or_reference(text: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each zero byte of `x`, and maybe of bytes after one
    // (the lowest is always one).
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut chunks = text.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x = chunk.try_into().map(u64::from_le_bytes).unwrap_or_default();
        let found = zeros(x ^ (ONES * u64::from(b'<'))) | zeros(x ^ (ONES * u64::from(b'&')));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = chunks
        .remainder()
        .iter()
        .position(|&b| b == b'<' || b == b'&');
    rest.map(|i| at + i)
}

/// Whether `a` and `b` are the same bytes, compared eight at a time as
/// numbers (the markup between two values is a few dozen bytes: a call to
/// `memcmp` for each would cost more, in WebAssembly most).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |bytes: &[u8]| bytes.try_into().map(u64::from_ne_bytes).unwrap_or_default();
    if (&mut a8).zip(&mut b8).any(|(x, y)| word(x) != word(y)) {
        return false;
    }
    a8.remainder().iter().eq(b8.remainder())
}

impl Piece {
    /// The piece `by` bytes further on (wrapping: `by` may stand for a
    /// move back).
    fn moved(self, by: u32) -> Piece {
        match self {
            Piece::Start(from, to) => Piece::Start(from.wrapping_add(by), to.wrapping_add(by)),
            Piece::Empty(from, to) => Piece::Empty(from.wrapping_add(by), to.wrapping_add(by)),
            Piece::End(from, to) => Piece::End(from.wrapping_add(by), to.wrapping_add(by)),
            Piece::Text(from, to) => Piece::Text(from.wrapping_add(by), to.wrapping_add(by)),
        }
    }
}

impl<'t> Parser<'t> {
    /// Reads the record `text[..len]` by the `steps` of a record it follows
    /// (its values at `found`), as `read_pieces` would its pieces; `before`
    /// and `lead` as there. None, before any step, when the record is not
    /// UTF-8 or (in the first part of a report read in parts) reaches past
    /// where the other threads took over.
    pub(super) fn replay(
        &mut self,
        text: &'t [u8],
        len: usize,
        before: u64,
        lead: usize,
        (steps, found): Followed<'_, 't>,
    ) -> Result<Option<usize>, Stop> {
        let Some(text) = self.record_text(text, len, before + (lead + len) as u64) else {
            return Ok(None);
        };
        for &step in steps {
            match step {
                Step::Open(el, name) => self.open(el, name),
                Step::Value(index) => {
                    let (from, to) = found.get(index).copied().unwrap_or_default();
                    let value = text.get(from as usize..to as usize).unwrap_or_default();
                    // As `end` would have it: the raw value is the text.
                    self.spaced = spaced(value.as_bytes());
                    // As the value's text (`value_text`): one piece, after
                    // the leaf's `open` emptied the buffer.
                    self.pending = Some(value);
                    self.close();
                }
                // A leaf with no text: `end` would find no white space,
                // and `spaced` is false already (the last value took it).
                Step::Close => {
                    self.close();
                }
            }
        }
        self.plain_records += 1;
        self.replayed += 1;
        Ok(Some(lead + len))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The cut of `text` by the byte and by following `shape` (when it
    /// fits): the same pieces and length.
    fn same_cut(shape: &Shapes<'_>, text: &[u8]) -> Option<usize> {
        let (mut by_byte, mut open) = (Vec::new(), Vec::new());
        let cut_len = cut(text, &mut by_byte, &mut open);
        let mut shapes = Shapes {
            recent: Vec::new(),
            found: Vec::new(),
            followed: 0,
            missed: 0,
        };
        let first = shape.recent.first().unwrap();
        let followed = follow(first, text, &mut shapes.found)?;
        shapes.recent.push(Shape {
            text: first.text,
            pieces: first.pieces.clone(),
            values: first.values.clone(),
            steps: first.steps.clone(),
            deepest: first.deepest,
        });
        let mut pieces = Vec::new();
        shapes.pieces(&mut pieces).unwrap();
        assert_eq!(cut_len, Some(followed), "{}", String::from_utf8_lossy(text));
        assert_eq!(pieces, by_byte, "{}", String::from_utf8_lossy(text));
        Some(followed)
    }

    const RECORD: &str = "<record>\n  <row>\n    <source_ip>192.0.2.1</source_ip>\n    \
        <count>2</count>\n    <policy_evaluated><disposition>none</disposition>\
        <dkim>pass</dkim><spf>fail</spf></policy_evaluated>\n  </row>\n  \
        <identifiers><header_from>example.com</header_from></identifiers>\n  \
        <auth_results><dkim><domain>example.com</domain><result>pass</result>\
        <selector/></dkim><spf><domain>example.com</domain><result>fail</result></spf>\
        </auth_results><x>1</x>\n</record>\n<record>";

    fn learnt(text: &[u8]) -> Shapes<'_> {
        let mut shapes = Shapes::default();
        let (mut pieces, mut open) = (Vec::new(), Vec::new());
        let cut = shapes.cut(text, &mut pieces, &mut open);
        assert!(matches!(cut, Some(Cut::Pieces(_))), "{pieces:?}");
        shapes
    }

    #[test]
    fn a_record_follows_one_of_the_same_markup_as_the_cut_would_cut_it() {
        let shapes = learnt(RECORD.as_bytes());
        let other = RECORD
            .replace("192.0.2.1", "2001:db8::1")
            .replace(">2<", ">12345<")
            .replace(">none<", "> quarantine\n<")
            .replace("example.com", "例え.jp");
        assert!(same_cut(&shapes, RECORD.as_bytes()).is_some());
        assert!(same_cut(&shapes, other.as_bytes()).is_some());
        // An unknown element (`<x>`): no steps, the pieces are followed.
        assert_eq!(shapes.recent.first().unwrap().deepest, None);
    }

    #[test]
    fn any_change_to_a_byte_is_followed_as_the_cut_cuts_or_not_at_all() {
        let shapes = learnt(RECORD.as_bytes());
        let mut followed = 0;
        for at in 0..RECORD.len() - "<record>".len() {
            for byte in [b'<', b'>', b'&', b'/', b' ', b'\n', b'x', b'_', b':', 0xff] {
                let mut text = RECORD.as_bytes().to_vec();
                text[at] = byte;
                followed += usize::from(same_cut(&shapes, &text).is_some());
            }
        }
        // Changes inside values (and some at their ends) are followed.
        assert!(followed > 200, "{followed}");
    }

    #[test]
    fn the_first_markup_or_reference_is_found_as_memchr_finds_it() {
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for len in 0..40 {
            for at in 0..=len {
                for byte in [b'<', b'&', b'=', b'>', 0x3c ^ 0x80, 0x00, 0xff] {
                    let mut text = vec![b'a'; len];
                    if at < len {
                        text[at] = byte;
                    }
                    // A second one later, and bytes just above and below.
                    text.extend_from_slice(b";=<&");
                    texts.push(text);
                }
            }
        }
        for text in &texts {
            assert_eq!(
                markup_or_reference(text),
                memchr::memchr2(b'<', b'&', text),
                "{text:?}"
            );
            assert_eq!(
                markup_or_reference(&text[..text.len() - 2]),
                memchr::memchr2(b'<', b'&', &text[..text.len() - 2])
            );
        }
    }

    #[test]
    fn the_steps_of_known_elements_are_those_of_the_handlers() {
        let text = RECORD.replace("<x>1</x>", "");
        let shapes = learnt(text.as_bytes());
        let shape = shapes.recent.first().unwrap();
        // <feedback>, <record>, <auth_results>, <dkim>: four open before
        // the deepest elements open.
        assert_eq!(shape.deepest, Some(4));
        let opened = |el| {
            shape
                .steps
                .iter()
                .filter(|s| matches!(s, Step::Open(e, _) if *e == el))
                .count()
        };
        assert_eq!(opened(El::Domain), 2);
        assert_eq!(opened(El::Selector), 1);
        let values = shape
            .steps
            .iter()
            .filter(|s| matches!(s, Step::Value(_)))
            .count();
        assert_eq!(values, 10);
        assert_eq!(shape.steps.last(), Some(&Step::Close));
        // An end tag that does not match its start tag: no steps.
        let broken = text.replace("</count>", "</cuont>");
        assert_eq!(
            learnt(broken.as_bytes()).recent.first().unwrap().deepest,
            None
        );
    }
}
