//! The aggregate report parser: a single pass of quick-xml's pull reader
//! over the (decoded) text, matching elements by local name so that every
//! namespace works, with a small state machine of known elements.
//!
//! The reader borrows from the text (`Reader::from_str`), so events cost no
//! copy; the only allocations are the values kept in the model and one
//! reused text buffer.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::decode::decode;
use super::error::{no_root_element, Position, XmlLimits};
use super::fields::push_exact;
use super::model::{AggregateReport, DateRange, Extension, IdentifiersTag, Reason, Record};
pub(super) use super::notes::Notes;
use super::schema::El;
use super::{ParsedAggregate, PlainRecords};
use crate::error::ErrorKind;
use crate::report::NoteCode;

/// A closed vocabulary read from text (implemented by the value enums).
pub(crate) trait Word: Sized {
    /// Reads a value, ignoring ASCII case.
    fn read(text: &str) -> Self;
    /// Whether the value is in the vocabulary.
    fn known(&self) -> bool;
}

mod plain;
mod shape;

/// Whether reports may be read in parts (the `parallel` feature, see
/// `split`): without it, the parser's checks for parts are compiled out.
const IN_PARTS: bool = cfg!(feature = "parallel");

/// Sections seen in the current record (bit flags).
pub(super) const SEEN_ROW: u8 = 1;
pub(super) const SEEN_POLICY_EVALUATED: u8 = 2;
pub(super) const SEEN_IDENTIFIERS: u8 = 4;
pub(super) const SEEN_AUTH_RESULTS: u8 = 8;
pub(super) const SEEN_SOURCE_IP: u8 = 16;
pub(super) const SEEN_COUNT: u8 = 32;
pub(super) const SEEN_HEADER_FROM: u8 = 64;

/// Sections seen in the report.
pub(super) const SEEN_METADATA: u8 = 1;
pub(super) const SEEN_POLICY: u8 = 2;
pub(super) const SEEN_FEEDBACK: u8 = 4;

/// Where an element being skipped is kept, if anywhere.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    Report,
    Record,
    Nowhere,
}

/// An unknown or foreign element being skipped.
struct Skip {
    /// The names of the open elements, outermost first.
    names: Vec<String>,
    start: usize,
    keep: Keep,
    name: String,
}

/// Records written into places made for them beforehand, when a report is
/// read in parts on several threads (see `split`): `first` is the index of
/// `slots[0]` in the report, `used` how many were started.
pub(super) struct Slots<'t> {
    pub slots: &'t mut [Record],
    pub first: usize,
    pub used: usize,
}

/// Where the reader of a report's first part leaves off: at `at`, the start
/// of a record that other threads read, it goes on at `to` (the first
/// record they did not read), writing into `tail`.
pub(super) struct Jump<'t> {
    pub at: usize,
    pub to: usize,
    pub tail: Slots<'t>,
}

pub(super) struct Parser<'t> {
    /// The text the reader reads (UTF-8, checked by the reader if not before).
    pub(super) src: &'t [u8],
    /// Offset of `src` in `full`.
    base: usize,
    /// The whole decoded text, for positions.
    full: &'t [u8],
    /// Whether `full` was checked to be UTF-8 before reading.
    checked: bool,
    max_depth: usize,
    stack: Vec<El>,
    skip: Option<Skip>,
    text: String,
    /// The value read so far, when it is one piece of the source text.
    pending: Option<&'t str>,
    pub(super) report: AggregateReport,
    /// Written to instead of a record outside `<record>` (never kept).
    pub(super) scratch: Record,
    pub(super) record_seen: u8,
    pub(super) report_seen: u8,
    pub(super) reason: Reason,
    pub(super) notes: Notes,
    /// Where the value of the current leaf element starts.
    leaf_start: usize,
    /// Whether the current leaf's raw value has white space around it.
    pub(super) spaced: bool,
    /// Added to the reader's positions: where its text starts in `src`
    /// (and, after a [`Jump`], the bytes jumped over).
    pub(super) shift: u64,
    /// Where records go when not onto `report.records`.
    pub(super) slots: Option<Slots<'t>>,
    /// Where to leave off and go on, for the first part of a report read
    /// in parts; the notes before it are kept in `head_notes`.
    pub(super) jump: Option<Jump<'t>>,
    pub(super) head_notes: Option<Notes>,
    /// A run of records in the middle of a report, read on a thread of its
    /// own: anything but records at the top level stops it.
    pub(super) fragment: bool,
    /// The pieces of a plain record (see `plain`), reused.
    pieces: Vec<plain::Piece>,
    /// The names of a plain record's open elements (see `plain`), reused.
    open: Vec<(u32, u32)>,
    /// The cuts of recent plain records (see `shape`).
    shapes: shape::Shapes<'t>,
    /// Whether records are read without the reader when they are plain
    /// (always but in the tests that compare the two readings), and how
    /// many were.
    pub(super) plain: bool,
    pub(super) plain_records: usize,
    /// How many plain records were read by the steps of one before them
    /// (see `shape`).
    pub(super) replayed: usize,
}

/// Why a parse stopped.
pub(super) enum Stop {
    /// The report cannot be read.
    Failed(ErrorKind),
    /// Input not checked beforehand is not UTF-8: start again, checking.
    NotUtf8,
    /// A part of a report read in parts was not what its split assumed
    /// (see `split`): read the whole report on one thread instead.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    Unsplit,
}

impl From<ErrorKind> for Stop {
    fn from(err: ErrorKind) -> Self {
        Stop::Failed(err)
    }
}

/// Parses a DMARC aggregate report; see [`super::parse_aggregate`].
pub(super) fn parse(xml: &[u8], limits: &XmlLimits) -> Result<ParsedAggregate, ErrorKind> {
    #[cfg(feature = "parallel")]
    if let Some(parsed) = super::split::parse(xml, limits) {
        return Ok(parsed);
    }
    parse_on_one_thread(xml, limits, true).0
}

/// Parses a report on one thread, plain records without the reader when
/// `plain` (see `plain`); also says how many records were so read.
pub(super) fn parse_on_one_thread(
    xml: &[u8],
    limits: &XmlLimits,
    plain: bool,
) -> (Result<ParsedAggregate, ErrorKind>, PlainRecords) {
    // Most reports are UTF-8: read them as given, leaving the check to the
    // reader, and only on invalid UTF-8 decode them (lossily) first.
    let mut counts = PlainRecords::default();
    let parsed = match parse_decoded(xml, limits, true, plain, &mut counts) {
        Err(Stop::NotUtf8) => match parse_decoded(xml, limits, false, plain, &mut counts) {
            Ok(parsed) => Ok(parsed),
            Err(Stop::Failed(err)) => Err(err),
            Err(Stop::NotUtf8 | Stop::Unsplit) => Err(no_root_element()),
        },
        Ok(parsed) => Ok(parsed),
        Err(Stop::Failed(err)) => Err(err),
        // Only a report read in parts stops so.
        Err(Stop::Unsplit) => Err(no_root_element()),
    };
    (parsed, counts)
}

fn parse_decoded(
    xml: &[u8],
    limits: &XmlLimits,
    lazy: bool,
    plain: bool,
    counts: &mut PlainRecords,
) -> Result<ParsedAggregate, Stop> {
    let mut notes = Notes::default();
    let decoded = decode(xml, &mut notes, lazy);
    let full: &[u8] = &decoded.text;
    let src = full.get(decoded.start..).unwrap_or(full);
    let mut parser = Parser::new(src, decoded.start, full, decoded.checked, limits);
    parser.notes = notes;
    parser.plain = plain;
    parser.report.records = Vec::with_capacity(record_estimate(src));
    let run = parser.run(0, src.len());
    *counts = PlainRecords {
        plain: parser.plain_records,
        followed: parser.replayed,
    };
    run?;
    Ok(parser.finish())
}

/// About how many records `text` holds, from its `record>` tags, so that
/// the records are stored without growing (and copying) their vector again
/// and again: one SIMD pass over the text. Never more than one per 64 bytes.
fn record_estimate(text: &[u8]) -> usize {
    let tags = memchr::memmem::find_iter(text, b"record>").count();
    (tags / 2).min(text.len() / 64)
}

fn empty_reason() -> Reason {
    Reason {
        kind: None,
        comment: None,
    }
}

impl<'t> Parser<'t> {
    /// A parser of `src`, which starts at `base` in `full`.
    pub(super) fn new(
        src: &'t [u8],
        base: usize,
        full: &'t [u8],
        checked: bool,
        limits: &XmlLimits,
    ) -> Self {
        Parser {
            src,
            base,
            full,
            checked,
            max_depth: limits.max_depth.max(1),
            stack: Vec::with_capacity(8),
            skip: None,
            text: String::with_capacity(256),
            pending: None,
            report: AggregateReport::default(),
            scratch: Record::default(),
            record_seen: 0,
            report_seen: 0,
            reason: empty_reason(),
            notes: Notes::default(),
            leaf_start: 0,
            spaced: false,
            shift: 0,
            slots: None,
            jump: None,
            head_notes: None,
            fragment: false,
            pieces: Vec::new(),
            open: Vec::new(),
            shapes: shape::Shapes::default(),
            replayed: 0,
            plain: true,
            plain_records: 0,
        }
    }

    /// A parser of a run of records in the middle of a report (see
    /// `split`), inside `<feedback>` as the reader of the whole report would
    /// be there, writing into `slots`.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(super) fn fragment(mut self, slots: Slots<'t>) -> Self {
        self.stack.push(El::Feedback);
        self.report_seen = SEEN_FEEDBACK;
        self.fragment = true;
        self.slots = Some(slots);
        self
    }

    /// Whether the places given for records were all used, no more.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(super) fn slots_filled(&self) -> bool {
        self.slots
            .as_ref()
            .is_some_and(|slots| slots.used == slots.slots.len())
    }

    fn position(&self, offset: u64) -> Position {
        Position::locate_bytes(self.full, self.base + offset as usize)
    }

    /// Reads `src[from..to]`: the whole report, or one part of it.
    pub(super) fn run(&mut self, from: usize, to: usize) -> Result<(), Stop> {
        let text = self.src.get(from..to).unwrap_or_default();
        let mut reader = Reader::from_reader(text);
        // The reader drops a byte order mark at the start of its text without
        // counting it in its positions (a second one: `decode` skipped the first).
        let bom = if text.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        self.shift = from as u64 + bom;
        let config = reader.config_mut();
        config.allow_dangling_amp = true;
        // End tags are checked in `end`, cheaper than the reader's copy of
        // every name.
        config.check_end_names = false;
        // White space between elements makes no event; white space around a
        // value is seen in the raw text instead (see `end`).
        config.trim_text_start = true;
        // The first element, when it is not `<feedback>` (a report wrapped in
        // another element is still read, with a note), and the depth inside it.
        let mut outer: Option<(String, u64)> = None;
        let mut outer_depth = 0usize;
        // Whether the last event was text: the reader is then inside the
        // markup that follows, and cannot be moved on past a plain record.
        let mut after_text = false;
        loop {
            // Where the event starts, give or take white space the reader
            // skips first (see `skip_space`).
            let mut before = reader.buffer_position() + self.shift;
            if IN_PARTS && self.jump.is_some() {
                before = self.leave_off(&mut reader, before)?;
            }
            if self.plain
                && !after_text
                && self.skip.is_none()
                && matches!(self.stack.as_slice(), [El::Feedback])
            {
                let rest: &'t [u8] = reader.get_ref();
                if let Some(used) = self.plain_record(rest, before)? {
                    // As after the record's end tag: the reader goes on
                    // after it, its positions shifted by what it skipped.
                    *reader.get_mut() = rest.get(used..).unwrap_or_default();
                    self.shift += used as u64;
                    reader.config_mut().trim_text_start = true;
                    continue;
                }
            }
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(quick_xml::Error::Encoding(_)) if !self.checked => return Err(Stop::NotUtf8),
                Err(_) if IN_PARTS && self.fragment => return Err(Stop::Unsplit),
                Err(err) => {
                    return Err(Stop::Failed(
                        self.position(reader.error_position() + self.shift)
                            .not_well_formed(err.to_string()),
                    ))
                }
            };
            after_text = matches!(event, Event::Text(_));
            let outside = self.stack.is_empty() && self.skip.is_none();
            if IN_PARTS && self.fragment {
                self.check_fragment(&event)?;
            }
            match event {
                Event::Start(e) if outside => {
                    if local(e.name().0) == "feedback" {
                        self.root(&e, outer.as_ref());
                        continue;
                    }
                    outer.get_or_insert_with(|| (e.name().0.to_owned(), self.skip_space(before)));
                    outer_depth += 1;
                    if outer_depth >= self.max_depth {
                        return Err(Stop::Failed(
                            self.position(self.skip_space(before))
                                .too_deep(self.max_depth),
                        ));
                    }
                }
                Event::Empty(e) if outside => {
                    if local(e.name().0) == "feedback" {
                        // `<feedback/>`: an empty report.
                        self.root(&e, outer.as_ref());
                        self.stack.clear();
                        return Ok(());
                    }
                    outer.get_or_insert_with(|| (e.name().0.to_owned(), self.skip_space(before)));
                }
                Event::End(_) if outside => outer_depth = outer_depth.saturating_sub(1),
                // Text before the first element: not XML (a text file, a
                // container read as XML), whatever tags may follow.
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
                    if outside && outer.is_none() =>
                {
                    return Err(Stop::Failed(no_root_element()));
                }
                Event::Start(e) => {
                    self.leaf_start = (reader.buffer_position() + self.shift) as usize;
                    self.start(&e, before, None)?;
                    // Inside a value, keep all text (` ` after `&amp;`
                    // matters); between elements, skip white space.
                    reader.config_mut().trim_text_start = !self.collecting();
                }
                Event::Empty(e) => {
                    self.start(&e, before, Some(reader.buffer_position() + self.shift))?
                }
                Event::End(e) => {
                    if self.end(e.name().0, reader.buffer_position() + self.shift)? {
                        self.after_root(&mut reader);
                        return Ok(());
                    }
                    reader.config_mut().trim_text_start = true;
                }
                Event::Text(t) => {
                    if self.collecting() {
                        self.value_text(t.into_inner());
                    }
                }
                Event::CData(t) => {
                    if self.collecting() {
                        self.text_buffer().push_str(&t);
                    }
                }
                Event::GeneralRef(r) => {
                    if self.collecting() {
                        self.text_buffer();
                        match &*r {
                            "lt" => self.text.push('<'),
                            "gt" => self.text.push('>'),
                            "amp" => self.text.push('&'),
                            "quot" => self.text.push('"'),
                            "apos" => self.text.push('\''),
                            name => match r.resolve_char_ref() {
                                Ok(Some(c)) => self.text.push(c),
                                _ => {
                                    self.notes.add(NoteCode::UnknownEntity, || {
                                        format!("&{name}; kept as written (no entity expansion)")
                                    });
                                    self.text.push('&');
                                    self.text.push_str(name);
                                    self.text.push(';');
                                }
                            },
                        }
                    }
                }
                Event::DocType(_) => self.notes.add(NoteCode::DoctypeIgnored, || {
                    "a <!DOCTYPE> declaration, ignored (no entity expansion)".to_owned()
                }),
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
        if IN_PARTS && self.fragment {
            // A part ends between two records, or it was not one.
            return match (&self.skip, self.stack.as_slice()) {
                (None, [El::Feedback]) => Ok(()),
                _ => Err(Stop::Unsplit),
            };
        }
        if IN_PARTS && self.jump.is_some() {
            return Err(Stop::Unsplit);
        }
        if self.report_seen & SEEN_FEEDBACK == 0 {
            return Err(Stop::Failed(match outer {
                Some((root, at)) => self.position(at).not_feedback(&root),
                None => no_root_element(),
            }));
        }
        let element = match (&self.skip, self.stack.last()) {
            (Some(skip), _) => skip.names.last().cloned().unwrap_or_default(),
            (None, Some(el)) => el.name().to_owned(),
            (None, None) => return Ok(()),
        };
        Err(Stop::Failed(
            self.position(self.src.len() as u64).truncated(element),
        ))
    }

    /// Before the next event of a report's first part (see [`Jump`]): at the
    /// place where other threads took over, goes on after what they read;
    /// past it, without having met it between two elements of `<feedback>`,
    /// stops. Returns where the next event starts.
    fn leave_off(&mut self, reader: &mut Reader<&'t [u8]>, before: u64) -> Result<u64, Stop> {
        let Some(at) = self.jump.as_ref().map(|jump| jump.at as u64) else {
            return Ok(before);
        };
        let between = self.skip.is_none() && matches!(self.stack.as_slice(), [El::Feedback]);
        if !between || self.skip_space(before) != at {
            return if before > at {
                Err(Stop::Unsplit)
            } else {
                Ok(before)
            };
        }
        if !self.slots_filled() {
            return Err(Stop::Unsplit);
        }
        let Some(jump) = self.jump.take() else {
            return Ok(before);
        };
        // The reader keeps its state (the open elements); only the text it
        // reads moves on, and its positions with `shift`.
        *reader.get_mut() = self.src.get(jump.to..).unwrap_or_default();
        self.shift = (jump.to as u64).saturating_sub(reader.buffer_position());
        self.slots = Some(jump.tail);
        self.head_notes = Some(std::mem::take(&mut self.notes));
        Ok(jump.to as u64)
    }

    /// In a run of records read on its own thread, what only a whole report
    /// may hold: an element other than `<record>` in `<feedback>` (metadata,
    /// extensions: their order is the report's) or its end.
    fn check_fragment(&self, event: &Event<'_>) -> Result<(), Stop> {
        let top = self.skip.is_none() && matches!(self.stack.as_slice(), [El::Feedback]);
        match event {
            Event::Start(e) | Event::Empty(e) if top => {
                match El::Feedback.child(local(e.name().0)) {
                    Some(El::Record) => Ok(()),
                    _ => Err(Stop::Unsplit),
                }
            }
            Event::End(_) if top => Err(Stop::Unsplit),
            _ => Ok(()),
        }
    }

    /// After `</feedback>`: an element there (a second report pasted after
    /// the first) is not read, but noted; anything else is ignored.
    fn after_root(&mut self, reader: &mut Reader<&[u8]>) {
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    let name = e.name().0.to_owned();
                    self.notes.add(NoteCode::ContentAfterReport, || {
                        format!("<{name}> after </feedback> was not read")
                    });
                    return;
                }
                Ok(Event::Eof) | Err(_) => return,
                Ok(_) => {}
            }
        }
    }

    /// `offset` moved past white space, to the start of the next markup.
    fn skip_space(&self, offset: u64) -> u64 {
        let rest = self.src.get(offset as usize..).unwrap_or_default();
        offset + rest.iter().take_while(|&&b| space(b)).count() as u64
    }

    /// Text of the value being read.
    fn value_text(&mut self, piece: Cow<'t, str>) {
        match piece {
            // The usual case, a value in one piece: no copy.
            Cow::Borrowed(piece) if self.text.is_empty() && self.pending.is_none() => {
                self.pending = Some(piece);
            }
            piece => self.text_buffer().push_str(&piece),
        }
    }

    /// The buffer for a value in several pieces, holding the pieces so far.
    fn text_buffer(&mut self) -> &mut String {
        if let Some(piece) = self.pending.take() {
            self.text.push_str(piece);
        }
        &mut self.text
    }

    /// Whether text events belong to a value being read.
    fn collecting(&self) -> bool {
        self.skip.is_none() && self.stack.last().is_some_and(|el| el.is_leaf())
    }

    fn root(&mut self, e: &BytesStart<'_>, outer: Option<&(String, u64)>) {
        self.report_seen |= SEEN_FEEDBACK;
        if let Some((outer, _)) = outer {
            self.notes.add(NoteCode::FeedbackNotRoot, || {
                format!("<feedback> found inside <{outer}>, read from there")
            });
        }
        let qname = e.name().0;
        let binding = match qname.split_once(':') {
            Some((prefix, _)) => format!("xmlns:{prefix}"),
            None => "xmlns".to_owned(),
        };
        for attr in e.attributes().flatten() {
            if attr.key.0 == binding {
                let ns = attr.value.trim();
                if !ns.is_empty() {
                    self.report.namespace = Some(ns.to_owned());
                }
            }
        }
        self.stack.push(El::Feedback);
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        before: u64,
        empty_end: Option<u64>,
    ) -> Result<(), ErrorKind> {
        let depth = self.stack.len() + self.skip.as_ref().map_or(0, |s| s.names.len());
        if depth >= self.max_depth {
            return Err(self
                .position(self.skip_space(before))
                .too_deep(self.max_depth));
        }
        if let Some(skip) = &mut self.skip {
            if empty_end.is_none() {
                skip.names.push(e.name().0.to_owned());
            }
            return Ok(());
        }
        let Some(&parent) = self.stack.last() else {
            return Ok(());
        };
        let local = local(e.name().0);
        match parent.child(local) {
            Some(el) => {
                self.open(el, local);
                if empty_end.is_some() {
                    self.close();
                }
            }
            None => {
                let qname = e.name().0;
                let foreign = qname.contains(':') || e.attributes_raw().contains("xmlns");
                let keep = match parent {
                    El::Feedback | El::Extension => Keep::Report,
                    El::Record => Keep::Record,
                    _ => Keep::Nowhere,
                };
                if parent != El::Extension && !(foreign && keep != Keep::Nowhere) {
                    let path = self.path(qname);
                    self.notes.unknown(path);
                }
                match empty_end {
                    Some(end) => self.keep(keep, qname.to_owned(), self.skip_space(before), end),
                    None => {
                        self.skip = Some(Skip {
                            names: vec![qname.to_owned()],
                            start: self.skip_space(before) as usize,
                            keep,
                            name: qname.to_owned(),
                        })
                    }
                }
            }
        }
        Ok(())
    }

    /// The path of an unknown element, for its note.
    fn path(&self, name: &str) -> String {
        let mut path = String::new();
        for el in self.stack.iter().skip(1) {
            path.push_str(el.name());
            path.push('/');
        }
        path.push_str(name);
        path
    }

    /// The record being read: the last one, as records are built in place.
    pub(super) fn record(&mut self) -> &mut Record {
        current_record(&mut self.report.records, &mut self.slots, &mut self.scratch)
    }

    /// The index of the record being read in the report (0 before any).
    pub(super) fn record_index(&self) -> usize {
        match self.slots.as_ref().filter(|_| IN_PARTS) {
            Some(slots) => (slots.first + slots.used).saturating_sub(1),
            None => self.report.records.len().saturating_sub(1),
        }
    }

    /// Keeps the raw XML of a skipped element.
    fn keep(&mut self, keep: Keep, name: String, start: u64, end: u64) {
        if keep == Keep::Nowhere {
            return;
        }
        let raw = self
            .src
            .get(start as usize..end as usize)
            .unwrap_or_default();
        let xml = String::from_utf8_lossy(raw).into_owned();
        match keep {
            Keep::Report => self.report.extensions.push(Extension { name, xml }),
            Keep::Record => push_exact(&mut self.record().extensions, Extension { name, xml }),
            Keep::Nowhere => {}
        }
    }

    fn open(&mut self, el: El, local: &str) {
        self.stack.push(el);
        if el.is_leaf() {
            self.text.clear();
            self.pending = None;
            return;
        }
        match el {
            El::Record => {
                // Built in place: a record is not moved once read.
                match self.slots.as_mut().filter(|_| IN_PARTS) {
                    // More records than places makes the part fail (see
                    // `split`); until then they share the last place.
                    Some(slots) => slots.used += 1,
                    None => self.report.records.push(Record::default()),
                }
                self.record_seen = 0;
            }
            El::ReportMetadata => self.report_seen |= SEEN_METADATA,
            El::PolicyPublished => self.report_seen |= SEEN_POLICY,
            El::DateRange => {
                if local == "data_range" {
                    self.notes.add(NoteCode::DateRangeMisspelt, || {
                        "<data_range> read as <date_range>".to_owned()
                    });
                }
                let meta = &mut self.report.report_metadata;
                if meta.date_range.is_none() {
                    meta.date_range = Some(DateRange::default());
                }
            }
            El::Row => self.record_seen |= SEEN_ROW,
            El::PolicyEvaluated => self.record_seen |= SEEN_POLICY_EVALUATED,
            El::AuthResults => self.record_seen |= SEEN_AUTH_RESULTS,
            El::Identifiers => {
                self.record_seen |= SEEN_IDENTIFIERS;
                let tag = if local == "identities" {
                    self.notes.add(NoteCode::IdentitiesTag, || {
                        "<identities> read as <identifiers> (2012-era reports)".to_owned()
                    });
                    IdentifiersTag::Identities
                } else {
                    IdentifiersTag::Identifiers
                };
                self.record().identifiers_tag.get_or_insert(tag);
            }
            El::AuthDkim => push_exact(&mut self.record().auth_results.dkim, Default::default()),
            El::AuthSpf => push_exact(&mut self.record().auth_results.spf, Default::default()),
            El::Reason => {
                if local == "policy_override" {
                    self.notes.add(NoteCode::PolicyOverrideTag, || {
                        "<policy_override> read as <reason>".to_owned()
                    });
                }
                self.reason = empty_reason();
            }
            _ => {}
        }
    }

    /// Handles an end tag; returns true at the end of `<feedback>`.
    /// Handles the end tag `name` ending at `after`; returns true at the end
    /// of `<feedback>`. End tags are checked here, not by the reader: known
    /// elements by role, skipped ones by name.
    fn end(&mut self, name: &str, after: u64) -> Result<bool, ErrorKind> {
        let tag = self.end_tag_start(name, after as usize);
        if let Some(skip) = &mut self.skip {
            let open = skip.names.pop().unwrap_or_default();
            if open != name {
                return Err(self.mismatch(&open, name, tag));
            }
            if skip.names.is_empty() {
                if let Some(skip) = self.skip.take() {
                    self.keep(skip.keep, skip.name, skip.start as u64, after);
                }
            }
            return Ok(false);
        }
        let Some(&el) = self.stack.last() else {
            return Ok(true);
        };
        if !el.ends_with(local(name)) {
            return Err(self.mismatch(el.name(), name, tag));
        }
        if el.is_leaf() {
            // White space around the raw value, from the start tag's end to
            // the end tag.
            self.spaced = spaced(self.src.get(self.leaf_start..tag).unwrap_or_default());
        }
        Ok(self.close())
    }

    /// Where the end tag `name` ending at `after` starts: `</name>` as
    /// usual, else (white space before its `>`, which the reader trims from
    /// the name) the last `<` before `after`.
    fn end_tag_start(&self, name: &str, after: usize) -> usize {
        let usual = after.checked_sub(name.len() + 3);
        if let Some(at) = usual.filter(|&at| self.src.get(at) == Some(&b'<')) {
            return at;
        }
        self.src
            .get(..after)
            .and_then(|s| s.iter().rposition(|&b| b == b'<'))
            .unwrap_or(0)
    }

    /// The error for an end tag that does not match its start tag.
    fn mismatch(&self, open: &str, found: &str, at: usize) -> ErrorKind {
        self.position(at as u64)
            .not_well_formed(format!("expected `</{open}>`, but `</{found}>` was found"))
    }

    /// Closes the innermost known element; returns true for `<feedback>`.
    fn close(&mut self) -> bool {
        let Some(el) = self.stack.pop() else {
            return true;
        };
        if el.is_leaf() {
            let parent = self.stack.last().copied().unwrap_or(El::Feedback);
            let text = std::mem::take(&mut self.text);
            let pending = self.pending.take();
            self.value(el, parent, pending.unwrap_or(&text));
            self.text = text;
            return false;
        }
        match el {
            El::Feedback => return true,
            El::Record => self.finish_record(),
            El::Reason => {
                let reason = std::mem::replace(&mut self.reason, empty_reason());
                push_exact(&mut self.record().row.policy_evaluated.reasons, reason);
            }
            _ => {}
        }
        false
    }
}

/// The record being read: the last of `records`, or of the places in
/// `slots` when they are given, or `scratch` before any.
pub(super) fn current_record<'r>(
    records: &'r mut [Record],
    slots: &'r mut Option<Slots<'_>>,
    scratch: &'r mut Record,
) -> &'r mut Record {
    let last = match slots.as_mut().filter(|_| IN_PARTS) {
        Some(slots) => {
            let index = slots.used.min(slots.slots.len()).checked_sub(1);
            index.and_then(|i| slots.slots.get_mut(i))
        }
        None => records.last_mut(),
    };
    last.unwrap_or(scratch)
}

/// White space as XML and the reader have it.
fn space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether a leaf's raw value has white space at its start or end.
fn spaced(raw: &[u8]) -> bool {
    raw.first().is_some_and(|&b| space(b)) || raw.last().is_some_and(|&b| space(b))
}

/// The local part of a qualified name (`d:record` → `record`).
fn local(qname: &str) -> &str {
    match qname.as_bytes().iter().position(|&b| b == b':') {
        Some(i) => qname.get(i + 1..).unwrap_or(qname),
        None => qname,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn report(body: &str) -> Result<ParsedAggregate, ErrorKind> {
        parse(wrapped(body).as_bytes(), &XmlLimits::default())
    }

    fn wrapped(body: &str) -> String {
        format!(
            "<feedback><report_metadata><org_name>o</org_name><email>e</email>\
             <report_id>1</report_id><date_range><begin>1</begin><end>2</end></date_range>\
             </report_metadata><policy_published><domain>d</domain><p>none</p>\
             </policy_published>{body}</feedback>"
        )
    }

    #[test]
    fn a_second_byte_order_mark_does_not_shift_positions() {
        // The reader drops it without counting it: kept raw XML and the
        // white space around values are read from the right bytes.
        let body = format!("<record>{ROW}<x:e xmlns:x=\"urn:x\">v</x:e></record>");
        let xml = format!("\u{FEFF}\u{FEFF}{}", wrapped(&body)).replace("<count>1", "<count> 1");
        let parsed = parse(xml.as_bytes(), &XmlLimits::default()).unwrap();
        let record = &parsed.report.records[0];
        assert_eq!(record.extensions[0].xml, "<x:e xmlns:x=\"urn:x\">v</x:e>");
        assert!(
            codes(&parsed).contains(&"whitespace_in_values"),
            "{:?}",
            codes(&parsed)
        );
    }

    fn codes(parsed: &ParsedAggregate) -> Vec<&str> {
        parsed.notes.iter().map(|n| n.code.name()).collect()
    }

    const ROW: &str = "<row><source_ip>192.0.2.1</source_ip><count>1</count>\
        <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf>\
        </policy_evaluated></row><identifiers><header_from>a.example</header_from></identifiers>\
        <auth_results/>";

    #[test]
    fn well_formedness_is_checked_everywhere() {
        let cases = [
            (
                "<record><row></record>",
                "expected `</row>`, but `</record>`",
            ),
            (
                "<record><x:ext><x:a></x:b></x:ext></record>",
                "expected `</x:a>`, but `</x:b>`",
            ),
            ("<record><count>1</COUNT></record>", "expected `</count>`"),
        ];
        for (body, want) in cases {
            let err = report(body).unwrap_err();
            assert_eq!(err.code(), "xml", "{body}");
            assert!(err.to_string().contains(want), "{body}: {err}");
        }
    }

    #[test]
    fn values_keep_inner_space_and_note_outer_space() {
        let cases = [
            ("<comment>a &amp; b</comment>", "a & b", false),
            ("<comment> a&#x20;b </comment>", "a b", true),
            (
                "<comment>\n  multi\n  line\n</comment>",
                "multi\n  line",
                true,
            ),
            ("<comment><![CDATA[ x ]]></comment>", "x", false),
            ("<comment></comment>", "", false),
            // White space inside the end tag is not around the value.
            ("<comment>a b</comment  >", "a b", false),
            ("<comment>a b </comment\n>", "a b", true),
            ("<comment>></comment >", ">", false),
        ];
        for (comment, want, spaced) in cases {
            let body = format!(
                "<record>{}</record>",
                ROW.replace(
                    "</policy_evaluated>",
                    &format!("<reason><type>other</type>{comment}</reason></policy_evaluated>")
                )
            );
            let parsed = report(&body).unwrap();
            let reason = &parsed.report.records[0].row.policy_evaluated.reasons[0];
            assert_eq!(reason.comment.as_deref(), Some(want), "{comment}");
            assert_eq!(
                codes(&parsed).contains(&"whitespace_in_values"),
                spaced,
                "{comment}"
            );
        }
    }

    #[test]
    fn foreign_elements_are_kept_and_never_drop_a_record() {
        let body = format!(
            "<record>{ROW}<x:trace xmlns:x=\"urn:x\"><x:hop>1</x:hop></x:trace><x:flag/></record>"
        );
        let parsed = report(&body).unwrap();
        let record = &parsed.report.records[0];
        assert_eq!(record.extensions.len(), 2);
        assert_eq!(
            record.extensions[0].xml,
            "<x:trace xmlns:x=\"urn:x\"><x:hop>1</x:hop></x:trace>"
        );
        assert_eq!(record.extensions[1].name, "x:flag");
        assert!(!codes(&parsed).contains(&"unknown_elements"));
    }

    #[test]
    fn the_depth_cap_holds_inside_skipped_elements() {
        let deep = format!("<record>{}{}</record>", "<x>".repeat(70), "</x>".repeat(70));
        assert_eq!(report(&deep).unwrap_err().code(), "xml_too_deep");
        // feedback/record/row/count: four levels.
        let xml = b"<feedback><record><row><count>1</count></row></record></feedback>";
        assert!(parse(xml, &XmlLimits::default().with_max_depth(4)).is_ok());
        let err = parse(xml, &XmlLimits::default().with_max_depth(3)).unwrap_err();
        assert!(matches!(err, ErrorKind::XmlTooDeep { limit: 3, .. }));
    }
}
