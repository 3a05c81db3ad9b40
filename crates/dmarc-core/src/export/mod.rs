//! Exports: JSON, NDJSON, CSV and OpenSearch bulk, for the command line and
//! the web app (the same bytes for the same files): an [`Export`] of a
//! [`Session`](crate::session::Session) ([`Session::export`](crate::session::Session::export)).
//!
//! - [`Export::to_json`]: every report that is not a duplicate, of every kind, with
//!   the file and layers it came from, as the model has it; aggregate
//!   records gain their `id`, `dkim_aligned`, `spf_aligned`, `dmarc_pass`,
//!   and `aligned` on each DKIM and SPF result; date ranges gain
//!   `begin_iso`/`end_iso`.
//! - [`Export::write_ndjson`]: one line per aggregate record, its
//!   report's metadata flattened in ([`RecordRow`]): for ClickHouse
//!   `JSONEachRow`, DuckDB `read_json`, or OpenSearch after an action line
//!   ([`Export::write_opensearch_bulk`]). Failure and TLS reports are only in the
//!   JSON export. Table definitions for these engines are in `engines/`.
//! - [`Export::write_csv`]: the same rows as flat CSV (RFC 4180), with
//!   [`CSV_COLUMNS`] as the header.
//!
//! The fields of a row (NDJSON objects in this order; CSV columns the same,
//! absent values empty):
//!
//! | field | meaning |
//! | --- | --- |
//! | `id` | stable record id, 32 hex digits: [`record_id`] of reporter (`org_name`, else the domain of `email`), `report_id`, `policy_domain`, the report's date range and the record's position in its report (from 0). The same files give the same ids, so a second load can replace rather than duplicate |
//! | `file` | input file name |
//! | `org_name`, `email`, `report_id` | `report_metadata` |
//! | `date_begin`, `date_end` | `date_range`, Unix seconds |
//! | `date_begin_iso`, `date_end_iso` | the same in ISO 8601, UTC (`2024-01-01T00:00:00Z`) |
//! | `policy_domain`, `policy_p`, `policy_sp`, `policy_np`, `policy_adkim`, `policy_aspf`, `policy_pct`, `policy_fo`, `policy_testing` | `policy_published` |
//! | `source_ip`, `count` | `row` |
//! | `disposition`, `dkim`, `spf` | `policy_evaluated` (dkim/spf are the aligned DMARC results) |
//! | `reasons` | override reasons, `type` or `type:comment`, separated by `;` |
//! | `header_from`, `header_from_org_domain`, `envelope_from`, `envelope_to` | `identifiers` |
//! | `dkim_auth` | raw DKIM results. NDJSON: an array of objects `{domain, selector, result, aligned}`; CSV: `domain:selector:result`, separated by `;` |
//! | `spf_auth` | raw SPF results. NDJSON: an array of objects `{domain, scope, result, aligned}`; CSV: `domain:scope:result`, separated by `;` |
//! | `dkim_aligned`, `spf_aligned` | aligned DKIM/SPF passed (`true`/`false`): the receiver's `dkim`/`spf` verdict, or, where the receiver left it out, a passing `dkim_auth`/`spf_auth` result aligned with `header_from` |
//! | `dmarc_pass` | `dkim_aligned` or `spf_aligned` |
//!
//! `aligned` on a DKIM or SPF result says whether its domain is aligned with
//! `header_from` under the policy's `adkim`/`aspf`, whatever the result.
//! The three last fields are the rule the dashboard counts with
//! ([`Record::evaluated_dkim_pass`](crate::report::aggregate::Record::evaluated_dkim_pass),
//! [`Record::evaluated_spf_pass`](crate::report::aggregate::Record::evaluated_spf_pass),
//! [`Record::dmarc_pass`](crate::report::aggregate::Record::dmarc_pass)), so
//! an export adds up to the figures shown.
//!
//! The last fields are what the dashboard's analysis says of the record
//! ([`Annotation`]), computed by the same functions:
//!
//! | field | meaning |
//! | --- | --- |
//! | `family` | the sender's family: `ok`, `fix_needed`, `forwarding` or `suspicious`, judged with the person's marks and with regularity counted over the exported period and domain (an export of the dashboard's filter judges as the dashboard does) |
//! | `diagnosis` | the diagnosis code within the family (`spf_not_aligned_dkim_ok`, `spoofing`, …; the dashboard's advice key is `diagnosis.<code>.advice`) |
//! | `asn`, `as_name`, `country` | the AS announcing `source_ip`, its organisation, and the registry's country (ISO 3166 code), from the network data when it is loaded; empty otherwise |
//!
//! New fields are added at the end: readers should look columns up by name.

mod annotate;
mod csv;
mod json;
mod ndjson;
mod row;

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use self::annotate::Annotation;
pub(crate) use self::annotate::Annotator;
pub use self::csv::CSV_COLUMNS;
pub use self::row::{iso_datetime, record_id, DkimRow, RecordRow, SpfRow};
use crate::ingest::{FileOutcome, FoundReport};
use crate::report::aggregate::AggregateReport;
use crate::report::Report;

/// A report with where it came from, as the model has it (what [`to_json`]
/// writes, less the additions listed in the module documentation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedReport {
    /// Input file name.
    pub file: String,
    /// Layers the report came through.
    pub layers: Vec<String>,
    /// The report.
    #[serde(flatten)]
    pub report: Report,
    /// Repairs noted while reading it.
    pub notes: Vec<crate::report::Note>,
}

/// Which aggregate records an export holds: all of them, or those listed
/// as (file index, report index in the file, record position). A record
/// keeps its position (and so its `id`) in a partial export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// Every report that is not a duplicate, of every kind.
    #[default]
    All,
    /// Only these aggregate records (and only the reports that hold one).
    Records(BTreeSet<(usize, usize, usize)>),
}

impl Selection {
    fn keeps(&self, at: (usize, usize), position: usize) -> bool {
        match self {
            Selection::All => true,
            Selection::Records(set) => set.contains(&(at.0, at.1, position)),
        }
    }

    fn keeps_report(&self, at: (usize, usize), report: &Report) -> bool {
        match (self, report) {
            (Selection::All, _) => true,
            (Selection::Records(set), Report::Aggregate(_)) => set
                .range((at.0, at.1, 0)..=(at.0, at.1, usize::MAX))
                .next()
                .is_some(),
            (Selection::Records(_), _) => false,
        }
    }
}

/// The reports of `files` that are not duplicates, in order, with their
/// (file index, report index in the file).
fn unique_reports(
    files: &[FileOutcome],
) -> impl Iterator<Item = ((usize, usize), &FileOutcome, &FoundReport)> {
    files.iter().enumerate().flat_map(|(i, f)| {
        f.reports
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.duplicate)
            .map(move |(j, r)| ((i, j), f, r))
    })
}

/// The aggregate reports among [`unique_reports`], each with the ordinal of
/// its first record among the records of all of them (what
/// [`Export::write_records`] counts in).
fn aggregate_reports(
    files: &[FileOutcome],
) -> impl Iterator<Item = ((usize, usize), &FileOutcome, &AggregateReport, usize)> {
    let mut next = 0usize;
    unique_reports(files).filter_map(move |(at, file, found)| match &found.report {
        Report::Aggregate(report) => {
            let first = next;
            next += report.records.len();
            Some((at, file, report, first))
        }
        _ => None,
    })
}

/// The positions in a report whose records have the ordinals `first`..
/// `first + len` that fall in `records`.
fn positions_in(first: usize, len: usize, records: &Range<usize>) -> Range<usize> {
    let start = records.start.saturating_sub(first).min(len);
    let end = records.end.saturating_sub(first).min(len);
    start..end.max(start)
}

/// The line formats of [`Export::write_records`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowFormat {
    /// [`Export::write_ndjson`]'s lines.
    Ndjson,
    /// [`Export::write_opensearch_bulk`]'s lines.
    OpensearchBulk,
    /// [`Export::write_csv`]'s lines, without the header.
    Csv,
}

/// An export of a session's files: which records, and what the analysis
/// says of each. Made by [`Session::export`](crate::session::Session::export).
#[derive(Debug)]
pub struct Export<'a> {
    files: &'a [FileOutcome],
    selection: Selection,
    annotator: Annotator<'a>,
}

impl<'a> Export<'a> {
    pub(crate) fn new(
        files: &'a [FileOutcome],
        selection: Selection,
        annotator: Annotator<'a>,
    ) -> Self {
        Export {
            files,
            selection,
            annotator,
        }
    }

    /// The selected rows, one at a time (nothing is collected).
    pub fn rows(&self) -> impl Iterator<Item = RecordRow> + '_ {
        self.rows_in(0..usize::MAX)
    }

    /// The selected rows among the records of ordinals `records` (see
    /// [`Export::write_records`]).
    fn rows_in(&self, records: Range<usize>) -> impl Iterator<Item = RecordRow> + '_ {
        aggregate_reports(self.files)
            .skip_while(move |&(.., report, first)| first + report.records.len() <= records.start)
            .take_while({
                let end = records.end;
                move |&(.., first)| first < end
            })
            .flat_map(move |(at, file, report, first)| {
                positions_in(first, report.records.len(), &records).filter_map(move |i| {
                    if !self.selection.keeps(at, i) {
                        return None;
                    }
                    let mut row = RecordRow::new(&file.name, report, i)?;
                    if let Some(annotation) = self.annotator.annotate(at, i) {
                        row.annotate(annotation);
                    }
                    Some(row)
                })
            })
    }

    /// The selected reports and records, as a pretty-printed JSON array.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let reports: Vec<json::JsonExport> = unique_reports(self.files)
            .filter(|(at, _, found)| self.selection.keeps_report(*at, &found.report))
            .map(|(at, file, found)| {
                json::JsonExport::new(file, found, |position| {
                    self.selection
                        .keeps(at, position)
                        .then(|| self.annotator.annotate(at, position))
                })
            })
            .collect();
        serde_json::to_string_pretty(&reports)
    }

    /// One JSON object per selected aggregate record, one per line, each
    /// line ending in `\n`, written to `out` as they are made.
    pub fn write_ndjson(&self, out: &mut impl Write) -> io::Result<()> {
        self.write_records(RowFormat::Ndjson, 0..usize::MAX, out)
    }

    /// [`Export::write_ndjson`] into a string.
    pub fn to_ndjson(&self) -> Result<String, serde_json::Error> {
        let mut out = Vec::new();
        self.write_ndjson(&mut out).map_err(serde_json::Error::io)?;
        String::from_utf8(out).map_err(|e| serde_json::Error::io(io::Error::other(e)))
    }

    /// The NDJSON rows for OpenSearch's (or Elasticsearch's) `_bulk` API:
    /// before each row an action line `{"index":{"_id":"<id>"}}`, so that
    /// loading the same files again replaces documents instead of adding
    /// them. Post it to `/<index>/_bulk` with `Content-Type:
    /// application/x-ndjson`.
    pub fn write_opensearch_bulk(&self, out: &mut impl Write) -> io::Result<()> {
        self.write_records(RowFormat::OpensearchBulk, 0..usize::MAX, out)
    }

    /// CSV (RFC 4180, `\r\n` line ends) with a header line of
    /// [`CSV_COLUMNS`], written to `out` as the rows are made.
    pub fn write_csv(&self, out: &mut impl Write) -> io::Result<()> {
        write_csv_header(out)?;
        self.write_records(RowFormat::Csv, 0..usize::MAX, out)
    }

    /// How many aggregate records the reports of the export hold, selected
    /// or not: the ordinals [`Export::write_records`] counts in.
    pub fn record_count(&self) -> usize {
        aggregate_reports(self.files)
            .map(|(.., report, _)| report.records.len())
            .sum()
    }

    /// The lines of the selected records among those of ordinals `records`
    /// (0 is the first record of the first aggregate report, in the order of
    /// the export, counting records that are not selected too), in `format`.
    /// Consecutive ranges give, one after the other, the bytes of the whole
    /// ([`Export::write_ndjson`] is `0..usize::MAX`), so ranges can be
    /// written on several threads and joined in order.
    pub fn write_records(
        &self,
        format: RowFormat,
        records: Range<usize>,
        out: &mut impl Write,
    ) -> io::Result<()> {
        match format {
            RowFormat::Ndjson => ndjson::write(self, out, false, records),
            RowFormat::OpensearchBulk => ndjson::write(self, out, true, records),
            RowFormat::Csv => {
                let (mut line, mut cell) = (String::new(), String::new());
                for row in self.rows_in(records) {
                    csv::write_row(out, &row, &mut line, &mut cell)?;
                }
                Ok(())
            }
        }
    }

    /// [`Export::write_csv`] into a string.
    pub fn to_csv(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every cell is UTF-8.
        let _ = self.write_csv(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// The CSV header line of [`Export::write_csv`] ([`CSV_COLUMNS`], `\r\n`).
pub fn write_csv_header(out: &mut impl Write) -> io::Result<()> {
    csv::write_header(out)
}
