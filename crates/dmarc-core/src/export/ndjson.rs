//! The NDJSON rows (and OpenSearch bulk lines), written without building a
//! [`RecordRow`] per record: the same bytes as `serde_json` writes for each
//! row of [`Export::rows`](super::Export::rows), at a fraction of the cost.
//!
//! A row's fields fall into four runs, each written once per what it
//! depends on:
//! - `id`: per record, from the report's hash state ([`RecordIds`]);
//! - `file` … `policy_testing`: per report, written once;
//! - `source_ip`, `count`: per record;
//! - `disposition` … `dmarc_pass`: per record *shape* (every textual part of
//!   a record, which the analysis index interns) within a report, written
//!   once per shape and copied after, when the record is seen to have that
//!   shape;
//! - `family` … `country`: per record, from the analysis.
//!
//! The report's run is written from a [`RecordRow`] by [`head`]; a shape's
//! run straight from the record by [`middle_of`], with the values
//! [`RecordRow::new`] would hold. In the tests, `whole` writes a row by
//! these runs naming every field of the row in order, and the bytes are
//! those of the row's `Serialize` (`tests/export.rs` compares them on
//! every fixture and on generated reports).

use std::io::{self, Write};
use std::ops::Range;

use foldhash::HashMap;
use serde::Serialize;

use super::row::{dkim_parts, reasons_text, spf_parts, AuthParts, RecordIds, RecordRow};
use super::{aggregate_reports, positions_in, Export};
use crate::report::aggregate::{AggregateReport, Record};

/// Bytes of cached shape runs past which the cache starts again (memory
/// stays bounded on reports where every record has its own shape).
const CACHE_LIMIT: usize = 4 << 20;

/// Writes the selected rows of `export`, each after an OpenSearch action
/// line when `bulk`, among the records of ordinals `records` (see
/// [`Export::write_records`](super::Export::write_records)).
pub(super) fn write(
    export: &Export<'_>,
    out: &mut impl Write,
    bulk: bool,
    records: Range<usize>,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(2048);
    let mut text = String::new();
    let mut cache = ShapeCache::default();
    for (at, file, report, first) in aggregate_reports(export.files) {
        if first >= records.end {
            break;
        }
        let mut positions = positions_in(first, report.records.len(), &records)
            .filter(|&i| export.selection.keeps(at, i))
            .peekable();
        let Some(&first) = positions.peek() else {
            continue;
        };
        let ids = RecordIds::of(report);
        let mut report_head = Vec::new();
        if let Some(row) = RecordRow::new(&file.name, report, first) {
            head(&mut report_head, &row);
        }
        cache.clear();
        for position in positions {
            let Some(record) = report.records.get(position) else {
                continue;
            };
            let id = ids.id(position);
            line.clear();
            if bulk {
                line.extend_from_slice(b"{\"index\":{\"_id\":\"");
                line.extend_from_slice(&id);
                line.extend_from_slice(b"\"}}\n");
            }
            line.extend_from_slice(b"{\"id\":\"");
            line.extend_from_slice(&id);
            line.push(b'"');
            line.extend_from_slice(&report_head);
            text.clear();
            let ip = record.row.source_ip.as_ref().map(|ip| {
                ip.write_to(&mut text);
                text.as_str()
            });
            field(&mut line, "source_ip", &ip);
            field(&mut line, "count", &record.row.count);
            let shape = export
                .annotator
                .shape(at, position)
                .filter(|(_, shape)| shape.matches(record));
            match shape.and_then(|(id, _)| cache.get(id)) {
                Some(run) => line.extend_from_slice(run),
                None => {
                    let start = line.len();
                    middle_of(&mut line, report, record);
                    if let Some((id, _)) = shape {
                        cache.put(id, line.get(start..).unwrap_or_default());
                    }
                }
            }
            annotation(export, &mut line, at, position);
            line.extend_from_slice(b"}\n");
            out.write_all(&line)?;
        }
    }
    Ok(())
}

/// The shape runs written so far in one report, by shape id.
#[derive(Default)]
struct ShapeCache {
    runs: HashMap<u32, (usize, usize)>,
    bytes: Vec<u8>,
}

impl ShapeCache {
    fn clear(&mut self) {
        self.runs.clear();
        self.bytes.clear();
    }

    fn get(&self, shape: u32) -> Option<&[u8]> {
        let &(start, end) = self.runs.get(&shape)?;
        self.bytes.get(start..end)
    }

    fn put(&mut self, shape: u32, run: &[u8]) {
        if self.bytes.len() + run.len() > CACHE_LIMIT {
            self.clear();
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(run);
        self.runs.insert(shape, (start, self.bytes.len()));
    }
}

/// The record's analysis (`family` … `country`), as [`Export::rows`]
/// adds it.
fn annotation(export: &Export<'_>, line: &mut Vec<u8>, at: (usize, usize), position: usize) {
    let annotation = export.annotator.annotate(at, position);
    let a = annotation.as_ref();
    field(line, "family", &a.map(|a| a.family));
    field(line, "diagnosis", &a.map(|a| a.diagnosis));
    field(line, "asn", &a.and_then(|a| a.asn));
    field(line, "as_name", &a.and_then(|a| a.as_name.as_deref()));
    field(line, "country", &a.and_then(|a| a.country.as_deref()));
}

/// `,"name":value`, the value as `serde_json` writes it.
fn field(line: &mut Vec<u8>, name: &str, value: &impl Serialize) {
    line.extend_from_slice(b",\"");
    line.extend_from_slice(name.as_bytes());
    line.extend_from_slice(b"\":");
    json(line, value);
}

/// The fields a report's rows share: `file` … `policy_testing`.
fn head(line: &mut Vec<u8>, row: &RecordRow) {
    field(line, "file", &row.file);
    field(line, "org_name", &row.org_name);
    field(line, "email", &row.email);
    field(line, "report_id", &row.report_id);
    field(line, "date_begin", &row.date_begin);
    field(line, "date_begin_iso", &row.date_begin_iso);
    field(line, "date_end", &row.date_end);
    field(line, "date_end_iso", &row.date_end_iso);
    field(line, "policy_domain", &row.policy_domain);
    field(line, "policy_p", &row.policy_p);
    field(line, "policy_sp", &row.policy_sp);
    field(line, "policy_np", &row.policy_np);
    field(line, "policy_adkim", &row.policy_adkim);
    field(line, "policy_aspf", &row.policy_aspf);
    field(line, "policy_pct", &row.policy_pct);
    field(line, "policy_fo", &row.policy_fo);
    field(line, "policy_testing", &row.policy_testing);
}

/// [`middle`] of the row of `record` in `report`, written from the
/// record itself without building the rest of its [`RecordRow`] (the
/// report's fields, its id, its dates in ISO 8601): the same values, by
/// the same functions, as [`RecordRow::new`] gives.
fn middle_of(line: &mut Vec<u8>, report: &AggregateReport, record: &Record) {
    let pp = &report.policy_published;
    let pe = &record.row.policy_evaluated;
    let ids = &record.identifiers;
    field(
        line,
        "disposition",
        &pe.disposition.as_ref().map(|v| v.as_str()),
    );
    field(line, "dkim", &pe.dkim.as_ref().map(|v| v.as_str()));
    field(line, "spf", &pe.spf.as_ref().map(|v| v.as_str()));
    field(line, "reasons", &reasons_text(pe));
    field(line, "header_from", &ids.header_from);
    field(
        line,
        "header_from_org_domain",
        &record.header_from_org_domain(),
    );
    field(line, "envelope_from", &ids.envelope_from);
    field(line, "envelope_to", &ids.envelope_to);
    line.extend_from_slice(b",\"dkim_auth\":");
    auth_list(line, dkim_parts(report, record), b",\"selector\":");
    line.extend_from_slice(b",\"spf_auth\":");
    auth_list(line, spf_parts(report, record), b",\"scope\":");
    field(
        line,
        "dkim_aligned",
        &record.evaluated_dkim_pass(pp.adkim.as_ref()),
    );
    field(
        line,
        "spf_aligned",
        &record.evaluated_spf_pass(pp.aspf.as_ref()),
    );
    field(line, "dmarc_pass", &record.dmarc_pass(pp));
}

/// A record's DKIM or SPF results as `serde_json` writes a list of
/// [`DkimRow`](super::row::DkimRow) or [`SpfRow`](super::row::SpfRow)
/// (fields in their order), written from the record without building the
/// rows, their strings or serde's field machinery (a large reporter's
/// records have one to three DKIM results each).
fn auth_list<'r>(line: &mut Vec<u8>, parts: impl Iterator<Item = AuthParts<'r>>, kind: &[u8]) {
    line.push(b'[');
    for (i, part) in parts.enumerate() {
        if i > 0 {
            line.push(b',');
        }
        line.extend_from_slice(b"{\"domain\":");
        json(line, &part.domain);
        line.extend_from_slice(kind);
        json(line, &part.kind);
        line.extend_from_slice(b",\"result\":");
        json(line, &part.result);
        line.extend_from_slice(if part.aligned {
            b",\"aligned\":true}"
        } else {
            b",\"aligned\":false}"
        });
    }
    line.push(b']');
}

/// A value as `serde_json` writes it.
fn json(line: &mut Vec<u8>, value: &impl Serialize) {
    // Writing to a Vec cannot fail, nor can these plain values.
    let _ = serde_json::to_writer(&mut *line, value);
}

/// The fields of a record's shape in its report: `disposition` …
/// `dmarc_pass` (what [`middle_of`] writes, from a whole row).
#[cfg(test)]
fn middle(line: &mut Vec<u8>, row: &RecordRow) {
    field(line, "disposition", &row.disposition);
    field(line, "dkim", &row.dkim);
    field(line, "spf", &row.spf);
    field(line, "reasons", &row.reasons);
    field(line, "header_from", &row.header_from);
    field(line, "header_from_org_domain", &row.header_from_org_domain);
    field(line, "envelope_from", &row.envelope_from);
    field(line, "envelope_to", &row.envelope_to);
    field(line, "dkim_auth", &row.dkim_auth);
    field(line, "spf_auth", &row.spf_auth);
    field(line, "dkim_aligned", &row.dkim_aligned);
    field(line, "spf_aligned", &row.spf_aligned);
    field(line, "dmarc_pass", &row.dmarc_pass);
}

/// Every field of `row`, in order, by the runs above: `{"id":…}` without
/// the line end. Names each field once (a field added to [`RecordRow`]
/// fails to compile here until a run writes it).
#[cfg(test)]
pub(super) fn whole(row: &RecordRow) -> Vec<u8> {
    let RecordRow {
        id,
        source_ip,
        count,
        family,
        diagnosis,
        asn,
        as_name,
        country,
        file: _,
        org_name: _,
        email: _,
        report_id: _,
        date_begin: _,
        date_begin_iso: _,
        date_end: _,
        date_end_iso: _,
        policy_domain: _,
        policy_p: _,
        policy_sp: _,
        policy_np: _,
        policy_adkim: _,
        policy_aspf: _,
        policy_pct: _,
        policy_fo: _,
        policy_testing: _,
        disposition: _,
        dkim: _,
        spf: _,
        reasons: _,
        header_from: _,
        header_from_org_domain: _,
        envelope_from: _,
        envelope_to: _,
        dkim_auth: _,
        spf_auth: _,
        dkim_aligned: _,
        spf_aligned: _,
        dmarc_pass: _,
    } = row;
    let mut line = b"{\"id\":".to_vec();
    let _ = serde_json::to_writer(&mut line, id);
    head(&mut line, row);
    field(&mut line, "source_ip", source_ip);
    field(&mut line, "count", count);
    middle(&mut line, row);
    field(&mut line, "family", family);
    field(&mut line, "diagnosis", diagnosis);
    field(&mut line, "asn", asn);
    field(&mut line, "as_name", as_name);
    field(&mut line, "country", country);
    line.push(b'}');
    line
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::analysis::Filter;
    use crate::session::Session;
    use crate::testdata::{generate_aggregate, generate_large_reporter};

    #[test]
    fn the_runs_name_every_field_in_the_order_serde_writes_them() {
        let xml = generate_large_reporter(300, 5);
        let mut session = Session::default();
        session.add_file("a \"quoted\" name\\.xml", &xml);
        for row in session.export(&Filter::default()).rows() {
            assert_eq!(whole(&row), serde_json::to_vec(&row).unwrap());
        }
    }

    #[test]
    fn rows_are_written_as_serde_writes_them() {
        let mut session = Session::default();
        session.add_file("big.xml", &generate_large_reporter(2_000, 1));
        session.add_file("simple.xml", &generate_aggregate(500, 2));
        for filter in [Filter::default(), Filter::from_query("outcome=fail")] {
            let export = session.export(&filter);
            let mut want = Vec::new();
            let mut want_bulk = Vec::new();
            for row in export.rows() {
                let json = serde_json::to_vec(&row).unwrap();
                want.extend_from_slice(&json);
                want.push(b'\n');
                want_bulk.extend_from_slice(
                    format!("{{\"index\":{{\"_id\":\"{}\"}}}}\n", row.id).as_bytes(),
                );
                want_bulk.extend_from_slice(&json);
                want_bulk.push(b'\n');
            }
            assert!(want.len() > 1_000);
            let (mut got, mut got_bulk) = (Vec::new(), Vec::new());
            write(&export, &mut got, false, 0..usize::MAX).unwrap();
            write(&export, &mut got_bulk, true, 0..usize::MAX).unwrap();
            assert!(got == want, "NDJSON differs");
            assert!(got_bulk == want_bulk, "bulk differs");
        }
    }

    #[test]
    fn ranges_of_records_join_into_the_whole() {
        use crate::export::{write_csv_header, RowFormat};
        let mut session = Session::default();
        session.add_file("big.xml", &generate_large_reporter(700, 3));
        session.add_file("simple.xml", &generate_aggregate(300, 4));
        session.add_file("again.xml", &generate_aggregate(300, 4));
        session.add_file("small.xml", &generate_aggregate(5, 6));
        for filter in [Filter::default(), Filter::from_query("outcome=fail")] {
            let export = session.export(&filter);
            let count = export.record_count();
            assert_eq!(count, 1_005, "the duplicate report is not counted");
            let mut csv = Vec::new();
            export.write_csv(&mut csv).unwrap();
            let mut ndjson = Vec::new();
            export.write_ndjson(&mut ndjson).unwrap();
            let mut bulk = Vec::new();
            export.write_opensearch_bulk(&mut bulk).unwrap();
            let wholes = [
                (RowFormat::Ndjson, ndjson, false),
                (RowFormat::OpensearchBulk, bulk, false),
                (RowFormat::Csv, csv, true),
            ];
            for (format, whole, header) in wholes {
                assert!(whole.len() > 10_000, "{format:?}");
                for step in [1, 7, 299, 300, 701, count, count + 5] {
                    let mut joined = Vec::new();
                    if header {
                        write_csv_header(&mut joined).unwrap();
                    }
                    let mut start = 0;
                    while start < count + step {
                        export
                            .write_records(format, start..start + step, &mut joined)
                            .unwrap();
                        start += step;
                    }
                    assert!(joined == whole, "{format:?} in steps of {step}");
                }
                let mut none = Vec::new();
                export
                    .write_records(format, count..usize::MAX, &mut none)
                    .unwrap();
                assert!(none.is_empty(), "{format:?}: past the last record");
            }
        }
    }
}
