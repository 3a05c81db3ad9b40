//! Exports: JSON, NDJSON and CSV, for the command line and the web app.
//!
//! - [`to_json`]: every report that is not a duplicate, of every kind, with
//!   the file and layers it came from (an array of [`ExportedReport`]).
//! - [`to_ndjson`]: one line per aggregate record, its report's metadata
//!   flattened in ([`RecordRow`]): ready for OpenSearch/Elasticsearch
//!   `_bulk` (after an action line), ClickHouse `JSONEachRow` or DuckDB
//!   `read_json`. Failure and TLS reports are only in the JSON export.
//! - [`to_csv`]: the same rows as CSV (RFC 4180), with [`CSV_COLUMNS`] as
//!   the header.
//!
//! The CSV columns, in order (absent values are empty):
//!
//! | column | meaning |
//! | --- | --- |
//! | `file` | input file name |
//! | `org_name`, `email`, `report_id` | `report_metadata` |
//! | `date_begin`, `date_end` | `date_range`, Unix seconds |
//! | `policy_domain`, `policy_p`, `policy_sp`, `policy_np`, `policy_adkim`, `policy_aspf`, `policy_pct`, `policy_fo`, `policy_testing` | `policy_published` |
//! | `source_ip`, `count` | `row` |
//! | `disposition`, `dkim`, `spf` | `policy_evaluated` (dkim/spf are the aligned DMARC results) |
//! | `reasons` | override reasons, `type` or `type:comment`, separated by `;` |
//! | `header_from`, `header_from_org_domain`, `envelope_from`, `envelope_to` | `identifiers` |
//! | `dkim_auth` | raw DKIM results, `domain:selector:result`, separated by `;` |
//! | `spf_auth` | raw SPF results, `domain:scope:result`, separated by `;` |
//! | `dkim_aligned`, `spf_aligned` | aligned DKIM/SPF passed (`true`/`false`): the receiver's `dkim`/`spf` verdict, or, where the receiver left it out, a passing `dkim_auth`/`spf_auth` result aligned with `header_from` |
//! | `dmarc_pass` | `dkim_aligned` or `spf_aligned` |
//!
//! These three are the rule the dashboard counts with
//! ([`Record::evaluated_dkim_pass`], [`Record::evaluated_spf_pass`],
//! [`Record::dmarc_pass`]), so an export adds up to the figures shown.

use serde::{Deserialize, Serialize};

use crate::ingest::{FileOutcome, FoundReport};
use crate::report::aggregate::{AggregateReport, Record};
use crate::report::Report;

/// A report with where it came from, as written by [`to_json`].
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

/// One aggregate record with its report's metadata, as written by
/// [`to_ndjson`] and [`to_csv`]. See the module documentation for columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RecordRow {
    pub file: String,
    pub org_name: Option<String>,
    pub email: Option<String>,
    pub report_id: Option<String>,
    pub date_begin: Option<i64>,
    pub date_end: Option<i64>,
    pub policy_domain: Option<String>,
    pub policy_p: Option<String>,
    pub policy_sp: Option<String>,
    pub policy_np: Option<String>,
    pub policy_adkim: Option<String>,
    pub policy_aspf: Option<String>,
    pub policy_pct: Option<u32>,
    pub policy_fo: Option<String>,
    pub policy_testing: Option<String>,
    pub source_ip: Option<String>,
    pub count: Option<u64>,
    pub disposition: Option<String>,
    pub dkim: Option<String>,
    pub spf: Option<String>,
    pub reasons: String,
    pub header_from: Option<String>,
    pub header_from_org_domain: Option<String>,
    pub envelope_from: Option<String>,
    pub envelope_to: Option<String>,
    pub dkim_auth: String,
    pub spf_auth: String,
    pub dkim_aligned: bool,
    pub spf_aligned: bool,
    pub dmarc_pass: bool,
}

/// The CSV header, in column order.
pub const CSV_COLUMNS: [&str; 30] = [
    "file",
    "org_name",
    "email",
    "report_id",
    "date_begin",
    "date_end",
    "policy_domain",
    "policy_p",
    "policy_sp",
    "policy_np",
    "policy_adkim",
    "policy_aspf",
    "policy_pct",
    "policy_fo",
    "policy_testing",
    "source_ip",
    "count",
    "disposition",
    "dkim",
    "spf",
    "reasons",
    "header_from",
    "header_from_org_domain",
    "envelope_from",
    "envelope_to",
    "dkim_auth",
    "spf_auth",
    "dkim_aligned",
    "spf_aligned",
    "dmarc_pass",
];

impl RecordRow {
    /// The row of `record` in `report`, read from `file`.
    pub fn new(file: &str, report: &AggregateReport, record: &Record) -> Self {
        let meta = &report.report_metadata;
        let pp = &report.policy_published;
        let pe = &record.row.policy_evaluated;
        let ids = &record.identifiers;
        let s = |v: Option<&str>| v.map(str::to_owned);
        RecordRow {
            file: file.to_owned(),
            org_name: meta.org_name.clone(),
            email: meta.email.clone(),
            report_id: meta.report_id.clone(),
            date_begin: meta.date_range.as_ref().and_then(|d| d.begin),
            date_end: meta.date_range.as_ref().and_then(|d| d.end),
            policy_domain: pp.domain.clone(),
            policy_p: s(pp.p.as_ref().map(|v| v.as_str())),
            policy_sp: s(pp.sp.as_ref().map(|v| v.as_str())),
            policy_np: s(pp.np.as_ref().map(|v| v.as_str())),
            policy_adkim: s(pp.adkim.as_ref().map(|v| v.as_str())),
            policy_aspf: s(pp.aspf.as_ref().map(|v| v.as_str())),
            policy_pct: pp.pct,
            policy_fo: pp.fo.clone(),
            policy_testing: s(pp.testing.as_ref().map(|v| v.as_str())),
            source_ip: record.row.source_ip.as_ref().map(ToString::to_string),
            count: record.row.count,
            disposition: s(pe.disposition.as_ref().map(|v| v.as_str())),
            dkim: s(pe.dkim.as_ref().map(|v| v.as_str())),
            spf: s(pe.spf.as_ref().map(|v| v.as_str())),
            reasons: pe
                .reasons
                .iter()
                .map(|r| {
                    let kind = r.kind.as_ref().map(|k| k.as_str()).unwrap_or_default();
                    match r.comment.as_deref() {
                        Some(c) if !c.is_empty() => format!("{kind}:{c}"),
                        _ => kind.to_owned(),
                    }
                })
                .collect::<Vec<_>>()
                .join(";"),
            header_from: ids.header_from.clone(),
            header_from_org_domain: record.header_from_org_domain(),
            envelope_from: ids.envelope_from.clone(),
            envelope_to: ids.envelope_to.clone(),
            dkim_auth: record
                .auth_results
                .dkim
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}:{}",
                        d.domain.as_deref().unwrap_or_default(),
                        d.selector.as_deref().unwrap_or_default(),
                        d.result.as_ref().map(|r| r.as_str()).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(";"),
            spf_auth: record
                .auth_results
                .spf
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}:{}",
                        d.domain.as_deref().unwrap_or_default(),
                        d.scope.as_ref().map(|r| r.as_str()).unwrap_or_default(),
                        d.result.as_ref().map(|r| r.as_str()).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(";"),
            dkim_aligned: record.evaluated_dkim_pass(pp.adkim.as_ref()),
            spf_aligned: record.evaluated_spf_pass(pp.aspf.as_ref()),
            dmarc_pass: record.dmarc_pass(pp),
        }
    }

    fn csv_fields(&self) -> [String; 30] {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        [
            self.file.clone(),
            o(&self.org_name),
            o(&self.email),
            o(&self.report_id),
            n(self.date_begin),
            n(self.date_end),
            o(&self.policy_domain),
            o(&self.policy_p),
            o(&self.policy_sp),
            o(&self.policy_np),
            o(&self.policy_adkim),
            o(&self.policy_aspf),
            self.policy_pct.map(|v| v.to_string()).unwrap_or_default(),
            o(&self.policy_fo),
            o(&self.policy_testing),
            o(&self.source_ip),
            self.count.map(|v| v.to_string()).unwrap_or_default(),
            o(&self.disposition),
            o(&self.dkim),
            o(&self.spf),
            self.reasons.clone(),
            o(&self.header_from),
            o(&self.header_from_org_domain),
            o(&self.envelope_from),
            o(&self.envelope_to),
            self.dkim_auth.clone(),
            self.spf_auth.clone(),
            self.dkim_aligned.to_string(),
            self.spf_aligned.to_string(),
            self.dmarc_pass.to_string(),
        ]
    }
}

/// The reports of `files` that are not duplicates, in order.
fn unique_reports(files: &[FileOutcome]) -> impl Iterator<Item = (&FileOutcome, &FoundReport)> {
    files.iter().flat_map(|f| {
        f.reports
            .iter()
            .filter(|r| !r.duplicate)
            .map(move |r| (f, r))
    })
}

/// One row per aggregate record of the reports that are not duplicates.
pub fn record_rows(files: &[FileOutcome]) -> Vec<RecordRow> {
    let mut rows = Vec::new();
    for (file, found) in unique_reports(files) {
        if let Report::Aggregate(report) = &found.report {
            rows.extend(
                report
                    .records
                    .iter()
                    .map(|record| RecordRow::new(&file.name, report, record)),
            );
        }
    }
    rows
}

/// Every report that is not a duplicate, as a pretty-printed JSON array of
/// [`ExportedReport`].
pub fn to_json(files: &[FileOutcome]) -> Result<String, serde_json::Error> {
    let reports: Vec<ExportedReport> = unique_reports(files)
        .map(|(file, found)| ExportedReport {
            file: file.name.clone(),
            layers: found.layers.clone(),
            report: found.report.clone(),
            notes: found.notes.clone(),
        })
        .collect();
    serde_json::to_string_pretty(&reports)
}

/// One JSON object per aggregate record, one per line, each line ending in
/// `\n`.
pub fn to_ndjson(files: &[FileOutcome]) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    for row in record_rows(files) {
        out.push_str(&serde_json::to_string(&row)?);
        out.push('\n');
    }
    Ok(out)
}

/// CSV (RFC 4180, `\r\n` line ends) with a header line of [`CSV_COLUMNS`].
pub fn to_csv(files: &[FileOutcome]) -> String {
    let mut out = String::new();
    push_csv_line(&mut out, CSV_COLUMNS.iter().copied());
    for row in record_rows(files) {
        let fields = row.csv_fields();
        push_csv_line(&mut out, fields.iter().map(String::as_str));
    }
    out
}

fn push_csv_line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_csv_field(out, field);
    }
    out.push_str("\r\n");
}

/// Quotes a field when it holds a comma, quote, line break, or could be
/// read as a spreadsheet formula (a leading `=`, `+`, `-`, `@`, tab or CR
/// gets a `'` prefix: report values come from strangers).
fn push_csv_field(out: &mut String, field: &str) {
    let formula =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err();
    let needs_quotes = formula || field.contains([',', '"', '\n', '\r']);
    if !needs_quotes {
        out.push_str(field);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&field.replace('"', "\"\""));
    out.push('"');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=cmd()", "\"'=cmd()\""),
            ("-5", "-5"),
            ("line\nbreak", "\"line\nbreak\""),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            push_csv_field(&mut out, input);
            assert_eq!(out, want, "{input:?}");
        }
    }
}
