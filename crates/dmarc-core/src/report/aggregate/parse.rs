//! The aggregate report parser: a single pass of quick-xml's pull reader
//! over the (decoded) text, matching elements by local name so that every
//! namespace works, with a small state machine of known elements.
//!
//! The reader borrows from the text (`Reader::from_str`), so events cost no
//! copy; the only allocations are the values kept in the model and one
//! reused text buffer.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::decode::decode;
use super::error::{AggregateError, Position, XmlLimits};
use super::model::{
    AggregateReport, DateRange, Extension, IdentifiersTag, Reason, Record, SourceIp,
};
pub(super) use super::notes::Notes;
use super::schema::El;
use super::ParsedAggregate;

/// A closed vocabulary read from text (implemented by the value enums).
pub(crate) trait Word: Sized {
    /// Reads a value, ignoring ASCII case.
    fn read(text: &str) -> Self;
    /// Whether the value is in the vocabulary.
    fn known(&self) -> bool;
}

/// Sections seen in the current record (bit flags).
const SEEN_ROW: u8 = 1;
const SEEN_POLICY_EVALUATED: u8 = 2;
const SEEN_IDENTIFIERS: u8 = 4;
const SEEN_AUTH_RESULTS: u8 = 8;
const SEEN_SOURCE_IP: u8 = 16;
const SEEN_COUNT: u8 = 32;
const SEEN_HEADER_FROM: u8 = 64;

/// Sections seen in the report.
const SEEN_METADATA: u8 = 1;
const SEEN_POLICY: u8 = 2;
const SEEN_FEEDBACK: u8 = 4;

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

struct Parser<'t> {
    /// The text the reader reads.
    src: &'t str,
    /// Offset of `src` in `full`.
    base: usize,
    /// The whole decoded text, for positions.
    full: &'t str,
    max_depth: usize,
    stack: Vec<El>,
    skip: Option<Skip>,
    text: String,
    report: AggregateReport,
    record: Record,
    record_seen: u8,
    report_seen: u8,
    reason: Reason,
    notes: Notes,
    /// Where the value of the current leaf element starts.
    leaf_start: usize,
    /// Whether the current leaf's raw value has white space around it.
    spaced: bool,
}

/// Parses a DMARC aggregate report; see [`super::parse_aggregate`].
pub(super) fn parse(xml: &[u8], limits: &XmlLimits) -> Result<ParsedAggregate, AggregateError> {
    let mut notes = Notes::default();
    let decoded = decode(xml, &mut notes);
    let full: &str = &decoded.text;
    let src = full.get(decoded.start..).unwrap_or(full);
    let mut parser = Parser {
        src,
        base: decoded.start,
        full,
        max_depth: limits.max_depth.max(1),
        stack: Vec::with_capacity(8),
        skip: None,
        text: String::with_capacity(256),
        report: AggregateReport::default(),
        record: Record::default(),
        record_seen: 0,
        report_seen: 0,
        reason: empty_reason(),
        notes,
        leaf_start: 0,
        spaced: false,
    };
    parser.run()?;
    Ok(parser.finish())
}

fn empty_reason() -> Reason {
    Reason {
        kind: None,
        comment: None,
    }
}

impl<'t> Parser<'t> {
    fn position(&self, offset: u64) -> Position {
        Position::locate(self.full, self.base + offset as usize)
    }

    fn run(&mut self) -> Result<(), AggregateError> {
        let mut reader = Reader::from_str(self.src);
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
        loop {
            // Where the event starts, give or take white space the reader
            // skips first (see `skip_space`).
            let before = reader.buffer_position();
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    return Err(AggregateError::Xml {
                        position: self.position(reader.error_position()),
                        message: err.to_string(),
                    })
                }
            };
            let outside = self.stack.is_empty() && self.skip.is_none();
            match event {
                Event::Start(e) if outside => {
                    if local(e.name().0) == "feedback" {
                        self.root(&e, outer.as_ref());
                        continue;
                    }
                    outer.get_or_insert_with(|| (e.name().0.to_owned(), self.skip_space(before)));
                    outer_depth += 1;
                    if outer_depth >= self.max_depth {
                        return Err(AggregateError::TooDeep {
                            limit: self.max_depth,
                            position: self.position(self.skip_space(before)),
                        });
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
                Event::Start(e) => {
                    self.leaf_start = reader.buffer_position() as usize;
                    self.start(&e, before, None)?;
                    // Inside a value, keep all text (` ` after `&amp;`
                    // matters); between elements, skip white space.
                    reader.config_mut().trim_text_start = !self.collecting();
                }
                Event::Empty(e) => self.start(&e, before, Some(reader.buffer_position()))?,
                Event::End(e) => {
                    if self.end(e.name().0, reader.buffer_position())? {
                        return Ok(());
                    }
                    reader.config_mut().trim_text_start = true;
                }
                Event::Text(t) => {
                    if self.collecting() {
                        self.text.push_str(&t);
                    }
                }
                Event::CData(t) => {
                    if self.collecting() {
                        self.text.push_str(&t);
                    }
                }
                Event::GeneralRef(r) => {
                    if self.collecting() {
                        match &*r {
                            "lt" => self.text.push('<'),
                            "gt" => self.text.push('>'),
                            "amp" => self.text.push('&'),
                            "quot" => self.text.push('"'),
                            "apos" => self.text.push('\''),
                            name => match r.resolve_char_ref() {
                                Ok(Some(c)) => self.text.push(c),
                                _ => {
                                    self.notes.add("unknown_entity", || {
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
                Event::DocType(_) => self.notes.add("doctype_ignored", || {
                    "a <!DOCTYPE> declaration, ignored (no entity expansion)".to_owned()
                }),
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
        if self.report_seen & SEEN_FEEDBACK == 0 {
            return Err(match outer {
                Some((root, at)) => AggregateError::NotAggregateReport {
                    root,
                    position: self.position(at),
                },
                None => AggregateError::NoRootElement,
            });
        }
        let element = match (&self.skip, self.stack.last()) {
            (Some(skip), _) => skip.names.last().cloned().unwrap_or_default(),
            (None, Some(el)) => el.name().to_owned(),
            (None, None) => return Ok(()),
        };
        Err(AggregateError::Truncated {
            element,
            position: self.position(self.src.len() as u64),
        })
    }

    /// `offset` moved past white space, to the start of the next markup.
    fn skip_space(&self, offset: u64) -> u64 {
        let rest = self
            .src
            .as_bytes()
            .get(offset as usize..)
            .unwrap_or_default();
        offset
            + rest
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .count() as u64
    }

    /// Whether text events belong to a value being read.
    fn collecting(&self) -> bool {
        self.skip.is_none() && self.stack.last().is_some_and(|el| el.is_leaf())
    }

    fn root(&mut self, e: &BytesStart<'_>, outer: Option<&(String, u64)>) {
        self.report_seen |= SEEN_FEEDBACK;
        if let Some((outer, _)) = outer {
            self.notes.add("feedback_not_root", || {
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
    ) -> Result<(), AggregateError> {
        let depth = self.stack.len() + self.skip.as_ref().map_or(0, |s| s.names.len());
        if depth >= self.max_depth {
            return Err(AggregateError::TooDeep {
                limit: self.max_depth,
                position: self.position(self.skip_space(before)),
            });
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

    /// Keeps the raw XML of a skipped element.
    fn keep(&mut self, keep: Keep, name: String, start: u64, end: u64) {
        let xml = || {
            self.src
                .get(start as usize..end as usize)
                .unwrap_or_default()
                .to_owned()
        };
        match keep {
            Keep::Report => self.report.extensions.push(Extension { name, xml: xml() }),
            Keep::Record => push_exact(&mut self.record.extensions, Extension { name, xml: xml() }),
            Keep::Nowhere => {}
        }
    }

    fn open(&mut self, el: El, local: &str) {
        self.stack.push(el);
        if el.is_leaf() {
            self.text.clear();
            return;
        }
        match el {
            El::Record => {
                self.record = Record::default();
                self.record_seen = 0;
            }
            El::ReportMetadata => self.report_seen |= SEEN_METADATA,
            El::PolicyPublished => self.report_seen |= SEEN_POLICY,
            El::DateRange => {
                if local == "data_range" {
                    self.notes.add("date_range_misspelt", || {
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
                    self.notes.add("identities_tag", || {
                        "<identities> read as <identifiers> (2012-era reports)".to_owned()
                    });
                    IdentifiersTag::Identities
                } else {
                    IdentifiersTag::Identifiers
                };
                self.record.identifiers_tag.get_or_insert(tag);
            }
            El::AuthDkim => push_exact(&mut self.record.auth_results.dkim, Default::default()),
            El::AuthSpf => push_exact(&mut self.record.auth_results.spf, Default::default()),
            El::Reason => {
                if local == "policy_override" {
                    self.notes.add("policy_override_tag", || {
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
    fn end(&mut self, name: &str, after: u64) -> Result<bool, AggregateError> {
        // The end tag starts at the last `<` before `after`.
        let tag = self
            .src
            .as_bytes()
            .get(..after as usize)
            .and_then(|s| s.iter().rposition(|&b| b == b'<'))
            .unwrap_or(0);
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
            let raw = self
                .src
                .as_bytes()
                .get(self.leaf_start..tag)
                .unwrap_or_default();
            self.spaced = matches!(
                (raw.first(), raw.last()),
                (Some(b' ' | b'\t' | b'\r' | b'\n'), _) | (_, Some(b' ' | b'\t' | b'\r' | b'\n'))
            );
        }
        Ok(self.close())
    }

    /// The error for an end tag that does not match its start tag.
    fn mismatch(&self, open: &str, found: &str, at: usize) -> AggregateError {
        AggregateError::Xml {
            position: self.position(at as u64),
            message: format!("expected `</{open}>`, but `</{found}>` was found"),
        }
    }

    /// Closes the innermost known element; returns true for `<feedback>`.
    fn close(&mut self) -> bool {
        let Some(el) = self.stack.pop() else {
            return true;
        };
        if el.is_leaf() {
            let parent = self.stack.last().copied().unwrap_or(El::Feedback);
            let text = std::mem::take(&mut self.text);
            self.value(el, parent, &text);
            self.text = text;
            return false;
        }
        match el {
            El::Feedback => return true,
            El::Record => self.finish_record(),
            El::Reason => {
                let reason = std::mem::replace(&mut self.reason, empty_reason());
                push_exact(&mut self.record.row.policy_evaluated.reasons, reason);
            }
            _ => {}
        }
        false
    }

    fn finish_record(&mut self) {
        let index = self.report.records.len();
        let seen = self.record_seen;
        let checks: [(u8, &str); 6] = [
            (SEEN_ROW, "missing:row"),
            (SEEN_SOURCE_IP, "missing:source_ip"),
            (SEEN_COUNT, "missing:count"),
            (SEEN_POLICY_EVALUATED, "missing:policy_evaluated"),
            (SEEN_IDENTIFIERS, "missing:identifiers"),
            (SEEN_HEADER_FROM, "missing:header_from"),
        ];
        if seen
            & (SEEN_ROW | SEEN_SOURCE_IP | SEEN_COUNT | SEEN_POLICY_EVALUATED | SEEN_HEADER_FROM)
            != (SEEN_ROW | SEEN_SOURCE_IP | SEEN_COUNT | SEEN_POLICY_EVALUATED | SEEN_HEADER_FROM)
        {
            for (flag, code) in checks {
                if seen & flag == 0 {
                    self.notes.add(code, || format!("record {index}"));
                }
            }
        }
        if seen & SEEN_AUTH_RESULTS == 0 {
            self.notes
                .add("missing:auth_results", || format!("record {index}"));
        }
        let pe = &self.record.row.policy_evaluated;
        if seen & SEEN_POLICY_EVALUATED != 0 && (pe.dkim.is_none() || pe.spf.is_none()) {
            self.notes.add("policy_evaluated_without_dkim_spf", || {
                format!("record {index}: <policy_evaluated> lacks <dkim> or <spf>")
            });
        }
        let record = std::mem::take(&mut self.record);
        self.report.records.push(record);
    }

    /// Stores the value of leaf `el` (child of `parent`).
    fn value(&mut self, el: El, parent: El, raw: &str) {
        let v = raw.trim();
        if std::mem::take(&mut self.spaced) {
            self.notes.add("whitespace_in_values", || {
                format!("white space around the value of <{}>", el.name())
            });
        }
        let index = self.report.records.len();
        let notes = &mut self.notes;
        let report = &mut self.report;
        let meta = &mut report.report_metadata;
        let policy = &mut report.policy_published;
        let record = &mut self.record;
        let pe = &mut record.row.policy_evaluated;
        match (parent, el) {
            (_, El::Version) => set(&mut report.version, v, notes, el),
            (_, El::OrgName) => {
                if v.is_empty() {
                    notes.add("empty:report_metadata/org_name", String::new);
                }
                set(&mut meta.org_name, v, notes, el)
            }
            (_, El::Email) => set(&mut meta.email, v, notes, el),
            (_, El::ExtraContactInfo) => set(&mut meta.extra_contact_info, v, notes, el),
            (_, El::ReportId) => set(&mut meta.report_id, v, notes, el),
            (_, El::Error) => meta.errors.push(v.to_owned()),
            (_, El::Generator) => set(&mut meta.generator, v, notes, el),
            (_, El::Begin | El::End) => {
                let range = meta.date_range.get_or_insert_with(DateRange::default);
                let slot = if el == El::Begin {
                    &mut range.begin
                } else {
                    &mut range.end
                };
                if slot.is_none() {
                    *slot = timestamp(v, el, notes);
                }
            }
            (El::PolicyPublished, El::Domain) => set(&mut policy.domain, v, notes, el),
            (_, El::DiscoveryMethod) => word(&mut policy.discovery_method, v, notes, el),
            (_, El::Adkim) => word(&mut policy.adkim, v, notes, el),
            (_, El::Aspf) => word(&mut policy.aspf, v, notes, el),
            (_, El::P) => word(&mut policy.p, v, notes, el),
            (_, El::Sp) => word(&mut policy.sp, v, notes, el),
            (_, El::Np) => word(&mut policy.np, v, notes, el),
            (_, El::Testing) => word(&mut policy.testing, v, notes, el),
            (_, El::Fo) => set(&mut policy.fo, v, notes, el),
            (_, El::Pct) if policy.pct.is_none() => {
                policy.pct = number(v, el, notes).and_then(|n| u32::try_from(n).ok());
            }
            (_, El::SourceIp) => {
                self.record_seen |= SEEN_SOURCE_IP;
                if v.is_empty() {
                    notes.add("empty:source_ip", || format!("record {index}"));
                } else if record.row.source_ip.is_none() {
                    let ip = SourceIp::parse(v);
                    if let SourceIp::Invalid(_) = ip {
                        notes.add("invalid:source_ip", || format!("record {index}: {v:?}"));
                    }
                    record.row.source_ip = Some(ip);
                }
            }
            (_, El::Count) => {
                self.record_seen |= SEEN_COUNT;
                if record.row.count.is_none() {
                    record.row.count = number(v, el, notes);
                }
            }
            (_, El::Disposition) => word(&mut pe.disposition, v, notes, el),
            (_, El::Dkim) => word(&mut pe.dkim, v, notes, el),
            (_, El::Spf) => word(&mut pe.spf, v, notes, el),
            (_, El::Type) => word(&mut self.reason.kind, v, notes, el),
            (_, El::Comment) => set(&mut self.reason.comment, v, notes, el),
            (_, El::HeaderFrom) => {
                self.record_seen |= SEEN_HEADER_FROM;
                if v.is_empty() {
                    notes.add("empty:header_from", || format!("record {index}"));
                }
                set(&mut record.identifiers.header_from, v, notes, el)
            }
            (_, El::EnvelopeFrom) => set(&mut record.identifiers.envelope_from, v, notes, el),
            (_, El::EnvelopeTo) => set(&mut record.identifiers.envelope_to, v, notes, el),
            (El::AuthDkim, _) => {
                let Some(dkim) = record.auth_results.dkim.last_mut() else {
                    return;
                };
                match el {
                    El::Domain => set(&mut dkim.domain, v, notes, el),
                    El::Selector => set(&mut dkim.selector, v, notes, el),
                    El::Result => word(&mut dkim.result, v, notes, el),
                    El::HumanResult => set(&mut dkim.human_result, v, notes, el),
                    _ => {}
                }
            }
            (El::AuthSpf, _) => {
                let Some(spf) = record.auth_results.spf.last_mut() else {
                    return;
                };
                match el {
                    El::Domain => set(&mut spf.domain, v, notes, el),
                    El::Scope => word(&mut spf.scope, v, notes, el),
                    El::Result => word(&mut spf.result, v, notes, el),
                    El::HumanResult => set(&mut spf.human_result, v, notes, el),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> ParsedAggregate {
        let report = &self.report;
        let notes = &mut self.notes;
        let meta = &report.report_metadata;
        if self.report_seen & SEEN_METADATA == 0 {
            notes.add("missing:report_metadata", String::new);
        } else {
            let required = [
                ("missing:report_metadata/org_name", meta.org_name.is_none()),
                ("missing:report_metadata/email", meta.email.is_none()),
                (
                    "missing:report_metadata/report_id",
                    meta.report_id.is_none(),
                ),
                (
                    "missing:report_metadata/date_range",
                    meta.date_range.is_none(),
                ),
            ];
            for (code, missing) in required {
                if missing {
                    notes.add(code, String::new);
                }
            }
        }
        let policy = &report.policy_published;
        if self.report_seen & SEEN_POLICY == 0 {
            notes.add("missing:policy_published", String::new);
        } else {
            if policy.domain.is_none() {
                notes.add("missing:policy_published/domain", String::new);
            }
            if policy.p.is_none() {
                notes.add("missing:policy_published/p", String::new);
            }
        }
        if report.records.is_empty() {
            notes.add("no_records", || "the report holds no <record>".to_owned());
        }
        ParsedAggregate {
            report: self.report,
            notes: self.notes.finish(),
        }
    }
}

/// The local part of a qualified name (`d:record` → `record`).
fn local(qname: &str) -> &str {
    match qname.as_bytes().iter().position(|&b| b == b':') {
        Some(i) => qname.get(i + 1..).unwrap_or(qname),
        None => qname,
    }
}

/// Pushes without the usual headroom: a record holds one or two results,
/// and a report can hold millions of records.
fn push_exact<T>(v: &mut Vec<T>, item: T) {
    if v.len() == v.capacity() {
        v.reserve_exact(if v.len() < 4 { 1 } else { v.len() });
    }
    v.push(item);
}

/// Sets a text value (the first one wins; a repeated element is noted).
fn set(slot: &mut Option<String>, v: &str, notes: &mut Notes, el: El) {
    match slot {
        None => *slot = Some(v.to_owned()),
        Some(_) => notes.add("duplicate_element", || {
            format!("a second <{}> ({v:?}) ignored", el.name())
        }),
    }
}

/// Sets a vocabulary value, noting empty, upper-case and unknown values.
fn word<T: Word>(slot: &mut Option<T>, v: &str, notes: &mut Notes, el: El) {
    if slot.is_some() {
        notes.add("duplicate_element", || {
            format!("a second <{}> ({v:?}) ignored", el.name())
        });
        return;
    }
    let value = T::read(v);
    if v.is_empty() {
        // Present but empty: kept as `Other("")`, unlike an absent element.
        notes.add(&format!("empty:{}", el.name()), || {
            format!("<{}> is empty", el.name())
        });
    } else if !value.known() {
        notes.add("unknown_values", || {
            format!("<{}>{v}</{}>", el.name(), el.name())
        });
    } else if v.bytes().any(|b| b.is_ascii_uppercase()) {
        notes.add("non_lowercase_values", || {
            format!("<{}>{v}</{}>", el.name(), el.name())
        });
    }
    *slot = Some(value);
}

/// Reads a non-negative integer; `12.0` is accepted with a note.
fn number(v: &str, el: El, notes: &mut Notes) -> Option<u64> {
    if let Ok(n) = v.parse::<u64>() {
        return Some(n);
    }
    let code = format!("non_integer:{}", el.name());
    match v.split_once('.') {
        Some((int, frac)) if frac.bytes().all(|b| b == b'0') => {
            let n = int.parse::<u64>().ok();
            notes.add(&code, || match n {
                Some(_) => format!("{v:?} read as {int}"),
                None => format!("{v:?}"),
            });
            n
        }
        _ => {
            notes.add(&code, || format!("{v:?}"));
            None
        }
    }
}

/// Reads Unix seconds; a decimal such as `1339171200.0` keeps its integer
/// part, with a note.
fn timestamp(v: &str, el: El, notes: &mut Notes) -> Option<i64> {
    if let Ok(n) = v.parse::<i64>() {
        return Some(n);
    }
    let code = format!("non_integer:date_range/{}", el.name());
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let n = if frac.bytes().all(|b| b.is_ascii_digit()) {
        int.parse::<i64>().ok()
    } else {
        None
    };
    notes.add(&code, || match n {
        Some(n) => format!("{v:?} read as {n}"),
        None => format!("{v:?}"),
    });
    n
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn report(body: &str) -> Result<ParsedAggregate, AggregateError> {
        let xml = format!(
            "<feedback><report_metadata><org_name>o</org_name><email>e</email>\
             <report_id>1</report_id><date_range><begin>1</begin><end>2</end></date_range>\
             </report_metadata><policy_published><domain>d</domain><p>none</p>\
             </policy_published>{body}</feedback>"
        );
        parse(xml.as_bytes(), &XmlLimits::default())
    }

    fn codes(parsed: &ParsedAggregate) -> Vec<&str> {
        parsed.notes.iter().map(|n| n.code.as_str()).collect()
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
            assert_eq!(err.code(), "xml_not_well_formed", "{body}");
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
        assert!(matches!(err, AggregateError::TooDeep { limit: 3, .. }));
    }
}
