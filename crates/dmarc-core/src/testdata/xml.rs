//! The one XML writer of the generators: a [`Head`] and [`Record`]s as an
//! RFC 7489 aggregate report, in a [`Layout`] (reporters differ in
//! declaration, line ends, indentation and element order, and the parser
//! must read them all). Elements whose value is absent are left out; text
//! is escaped.
//!
//! ```
//! use dmarc_core::testdata::model::{Head, Report, Reporter};
//! use dmarc_core::testdata::xml::{write, Layout, Lines};
//!
//! let reporter = Reporter { org: "r.example", email: "dmarc@r.example", extra: None };
//! let report = Report { head: Head::new(&reporter, "1".into(), 0, 86_399), records: vec![] };
//! let layout = Layout { lines: Lines::RecordPerLine, ..Layout::INDENTED };
//! let xml = write(&report, &layout);
//! assert!(xml.contains("<feedback>\n<version>1.0</version><report_metadata>"));
//! ```

use std::fmt::Write as _;

use super::model::{Head, Record, Report, Source};

/// How a report is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The XML declaration, without its line end.
    pub declaration: &'static str,
    /// The root's opening tag: `<feedback>`, with any attributes.
    pub root: &'static str,
    /// The line end.
    pub newline: &'static str,
    /// Where lines break.
    pub lines: Lines,
    /// `<identifiers>` with `header_from` first (as Google writes them)
    /// rather than in the schema's order (`envelope_to`, `envelope_from`,
    /// `header_from`).
    pub header_from_first: bool,
    /// Whether a line end follows `</feedback>`.
    pub final_newline: bool,
}

impl Layout {
    /// Every element on its own line, indented, in the schema's order,
    /// LF line ends, declaring UTF-8.
    pub const INDENTED: Layout = Layout {
        declaration: r#"<?xml version="1.0" encoding="UTF-8" ?>"#,
        root: "<feedback>",
        newline: "\n",
        lines: Lines::Indented,
        header_from_first: false,
        final_newline: true,
    };
}

/// Where a layout breaks lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// Every element on a line of its own, indented by two spaces a level.
    Indented,
    /// As `Indented`, but the children of `<auth_results>` on one line.
    AuthResultsOnOneLine,
    /// No indentation: the version and the metadata on the first line,
    /// then the policy and each record on a line of its own.
    RecordPerLine,
}

/// How one element is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Opening and closing tags on lines of their own.
    Block,
    /// On the current line, which ends after it.
    Line,
    /// On the current line.
    Inline,
}

/// An aggregate report being written: the head first ([`Writer::new`]),
/// then each record ([`Writer::record`]), so that a large report need not
/// be held as records.
pub struct Writer<'a> {
    out: String,
    layout: &'a Layout,
    /// The open elements and how each is written.
    open: Vec<(&'static str, Mode)>,
    at_line_start: bool,
}

/// `report` as XML in `layout`.
pub fn write(report: &Report, layout: &Layout) -> String {
    let mut writer = Writer::new(layout, &report.head, 0);
    for record in &report.records {
        writer.record(record);
    }
    writer.finish()
}

impl<'a> Writer<'a> {
    /// Starts a report in `layout` with `head`, reserving `capacity` bytes.
    pub fn new(layout: &'a Layout, head: &Head, capacity: usize) -> Self {
        let mut out = String::with_capacity(capacity);
        out.push_str(layout.declaration);
        out.push_str(layout.newline);
        out.push_str(layout.root);
        out.push_str(layout.newline);
        let mut w = Writer {
            out,
            layout,
            open: vec![("feedback", Mode::Block)],
            at_line_start: true,
        };
        w.leaf("version", head.version.as_deref());
        let m = &head.metadata;
        w.open("report_metadata");
        w.leaf("org_name", m.org_name.as_deref());
        w.leaf("email", m.email.as_deref());
        w.leaf("extra_contact_info", m.extra_contact_info.as_deref());
        w.leaf("report_id", m.report_id.as_deref());
        if let Some(range) = &m.date_range {
            w.open("date_range");
            w.number("begin", range.begin);
            w.number("end", range.end);
            w.close();
        }
        w.close();
        let p = &head.policy;
        w.open("policy_published");
        w.leaf("domain", p.domain.as_deref());
        w.leaf("adkim", p.adkim.as_ref().map(|v| v.as_str()));
        w.leaf("aspf", p.aspf.as_ref().map(|v| v.as_str()));
        w.leaf("p", p.p.as_ref().map(|v| v.as_str()));
        w.leaf("sp", p.sp.as_ref().map(|v| v.as_str()));
        w.number("pct", p.pct);
        w.leaf("np", p.np.as_ref().map(|v| v.as_str()));
        w.leaf("fo", p.fo.as_deref());
        w.close();
        w
    }

    /// Writes one record.
    pub fn record(&mut self, r: &Record) {
        let pe = &r.evaluated;
        self.open("record");
        self.open("row");
        match &r.source_ip {
            Source::Address(ip) => self.number("source_ip", Some(ip)),
            Source::Written(text) => self.leaf("source_ip", Some(text)),
        }
        self.number("count", Some(r.count));
        self.open("policy_evaluated");
        self.leaf("disposition", pe.disposition.as_ref().map(|v| v.as_str()));
        self.leaf("dkim", pe.dkim.as_ref().map(|v| v.as_str()));
        self.leaf("spf", pe.spf.as_ref().map(|v| v.as_str()));
        for reason in &pe.reasons {
            self.open("reason");
            self.leaf("type", reason.kind.as_ref().map(|v| v.as_str()));
            self.leaf("comment", reason.comment.as_deref());
            self.close();
        }
        self.close();
        self.close();
        let ids = &r.identifiers;
        self.open("identifiers");
        if self.layout.header_from_first {
            self.leaf("header_from", ids.header_from.as_deref());
            self.leaf("envelope_from", ids.envelope_from.as_deref());
            self.leaf("envelope_to", ids.envelope_to.as_deref());
        } else {
            self.leaf("envelope_to", ids.envelope_to.as_deref());
            self.leaf("envelope_from", ids.envelope_from.as_deref());
            self.leaf("header_from", ids.header_from.as_deref());
        }
        self.close();
        self.open("auth_results");
        for d in &r.auth_results.dkim {
            self.open("dkim");
            self.leaf("domain", d.domain.as_deref());
            self.leaf("selector", d.selector.as_deref());
            self.leaf("result", d.result.as_ref().map(|v| v.as_str()));
            self.close();
        }
        for s in &r.auth_results.spf {
            self.open("spf");
            self.leaf("domain", s.domain.as_deref());
            self.leaf("scope", s.scope.as_ref().map(|v| v.as_str()));
            self.leaf("result", s.result.as_ref().map(|v| v.as_str()));
            self.close();
        }
        self.close();
        self.close();
    }

    /// Closes the report and gives its text.
    pub fn finish(mut self) -> String {
        self.end_line();
        self.out.push_str("</feedback>");
        if self.layout.final_newline {
            self.out.push_str(self.layout.newline);
        }
        self.out
    }

    /// How the next element (with children or not) is written.
    fn mode(&self, leaf: bool) -> Mode {
        let depth = self.open.len();
        match self.open.last() {
            Some((_, Mode::Line | Mode::Inline)) => return Mode::Inline,
            Some(("auth_results", _)) if self.layout.lines == Lines::AuthResultsOnOneLine => {
                return Mode::Inline
            }
            _ => {}
        }
        match (self.layout.lines, leaf) {
            (Lines::RecordPerLine, false) if depth == 1 => Mode::Line,
            (Lines::RecordPerLine, _) => Mode::Inline,
            (_, true) => Mode::Line,
            (_, false) => Mode::Block,
        }
    }

    fn start(&mut self, mode: Mode) {
        if mode == Mode::Block {
            self.end_line();
        }
        if self.at_line_start {
            self.indent();
        }
        self.at_line_start = false;
    }

    fn open(&mut self, name: &'static str) {
        let mode = self.mode(false);
        self.start(mode);
        self.tag("<", name);
        if mode == Mode::Block {
            self.newline();
        }
        self.open.push((name, mode));
    }

    fn close(&mut self) {
        let Some((name, mode)) = self.open.pop() else {
            return;
        };
        if mode == Mode::Block {
            self.start(mode);
        }
        self.tag("</", name);
        if mode != Mode::Inline {
            self.newline();
        }
    }

    fn leaf(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(value) = value {
            self.leaf_with(name, |out| escape(out, value));
        }
    }

    fn number<T: std::fmt::Display>(&mut self, name: &'static str, value: Option<T>) {
        if let Some(value) = value {
            // Writing to a String cannot fail.
            self.leaf_with(name, |out| {
                let _ = write!(out, "{value}");
            });
        }
    }

    /// Writes the element `name` whose text `text` appends.
    fn leaf_with(&mut self, name: &'static str, text: impl FnOnce(&mut String)) {
        let mode = self.mode(true);
        self.start(mode);
        self.tag("<", name);
        text(&mut self.out);
        self.tag("</", name);
        if mode != Mode::Inline {
            self.newline();
        }
    }

    fn tag(&mut self, start: &str, name: &str) {
        self.out.push_str(start);
        self.out.push_str(name);
        self.out.push('>');
    }

    fn indent(&mut self) {
        if self.layout.lines != Lines::RecordPerLine {
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
        }
    }

    fn end_line(&mut self) {
        if !self.at_line_start {
            self.newline();
        }
    }

    fn newline(&mut self) {
        self.out.push_str(self.layout.newline);
        self.at_line_start = true;
    }
}

/// Appends `text` with `&`, `<`, `>` and `"` escaped.
fn escape(out: &mut String, text: &str) {
    if !text.contains(['&', '<', '>', '"']) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}
