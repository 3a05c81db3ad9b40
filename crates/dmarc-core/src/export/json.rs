//! The JSON export: every report as the model has it, and, for aggregate
//! reports, what the NDJSON rows add: each record's `id`, `dkim_aligned`,
//! `spf_aligned` and `dmarc_pass`, `aligned` on each DKIM and SPF result,
//! and `begin_iso`/`end_iso` beside the Unix seconds of the date range;
//! and what the analysis says of each record (`family`, `diagnosis`, `asn`,
//! `as_name`, `country`; see [`Annotation`]).
//!
//! The views below borrow the model and destructure every struct they
//! mirror completely, so a field added to the model fails to compile here
//! until it is exported too.

use serde::Serialize;

use super::annotate::Annotation;
use super::row::{dkim_rows, iso_datetime, record_id, spf_rows};
use crate::analysis::reporter_name;
use crate::ingest::{FileOutcome, FoundReport};
use crate::report::aggregate::{
    AggregateReport, DateRange, DkimAuthResult, DkimResult, Extension, Identifiers, IdentifiersTag,
    PolicyPublished, Record, ReportMetadata, Row, SpfAuthResult, SpfResult, SpfScope, Text,
};
use crate::report::failure::FailureReport;
use crate::report::tls::TlsReport;
use crate::report::{Note, Report};

/// A report with where it came from (the shape of
/// [`ExportedReport`](super::ExportedReport), with the additions).
#[derive(Serialize)]
pub(super) struct JsonExport<'a> {
    file: &'a str,
    layers: &'a [String],
    #[serde(flatten)]
    report: JsonReport<'a>,
    notes: &'a [Note],
}

#[derive(Serialize)]
#[serde(tag = "type", content = "report", rename_all = "snake_case")]
enum JsonReport<'a> {
    Aggregate(JsonAggregate<'a>),
    Failure(&'a FailureReport),
    Tls(&'a TlsReport),
}

#[derive(Serialize)]
struct JsonAggregate<'a> {
    version: &'a Option<String>,
    namespace: &'a Option<String>,
    report_metadata: JsonMetadata<'a>,
    policy_published: &'a PolicyPublished,
    extensions: &'a [Extension],
    records: Vec<JsonRecord<'a>>,
}

#[derive(Serialize)]
struct JsonMetadata<'a> {
    org_name: &'a Option<String>,
    email: &'a Option<String>,
    extra_contact_info: &'a Option<String>,
    report_id: &'a Option<String>,
    date_range: Option<JsonDateRange>,
    errors: &'a [String],
    generator: &'a Option<String>,
}

#[derive(Serialize)]
struct JsonDateRange {
    begin: Option<i64>,
    begin_iso: Option<String>,
    end: Option<i64>,
    end_iso: Option<String>,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    id: String,
    row: &'a Row,
    identifiers: &'a Identifiers,
    identifiers_tag: &'a Option<IdentifiersTag>,
    auth_results: JsonAuth<'a>,
    extensions: &'a [Extension],
    dkim_aligned: bool,
    spf_aligned: bool,
    dmarc_pass: bool,
    family: Option<&'static str>,
    diagnosis: Option<&'static str>,
    asn: Option<u32>,
    as_name: Option<String>,
    country: Option<String>,
}

#[derive(Serialize)]
struct JsonAuth<'a> {
    dkim: Vec<JsonDkim<'a>>,
    spf: Vec<JsonSpf<'a>>,
}

#[derive(Serialize)]
struct JsonDkim<'a> {
    domain: &'a Option<Text>,
    selector: &'a Option<Text>,
    result: &'a Option<DkimResult>,
    human_result: &'a Option<Text>,
    aligned: bool,
}

#[derive(Serialize)]
struct JsonSpf<'a> {
    domain: &'a Option<Text>,
    scope: &'a Option<SpfScope>,
    result: &'a Option<SpfResult>,
    human_result: &'a Option<Text>,
    aligned: bool,
}

impl<'a> JsonExport<'a> {
    /// The view of `found`, read from `file`, with the records at the
    /// positions `keep` accepts (`Some`), each with its annotation.
    pub(super) fn new(
        file: &'a FileOutcome,
        found: &'a FoundReport,
        keep: impl Fn(usize) -> Option<Option<Annotation>>,
    ) -> Self {
        let report = match &found.report {
            Report::Aggregate(r) => JsonReport::Aggregate(aggregate(r, keep)),
            Report::Failure(r) => JsonReport::Failure(r),
            Report::Tls(r) => JsonReport::Tls(r),
        };
        JsonExport {
            file: &file.name,
            layers: &found.layers,
            report,
            notes: &found.notes,
        }
    }
}

fn aggregate(
    report: &AggregateReport,
    keep: impl Fn(usize) -> Option<Option<Annotation>>,
) -> JsonAggregate<'_> {
    let AggregateReport {
        version,
        namespace,
        report_metadata,
        policy_published,
        extensions,
        records,
    } = report;
    let ReportMetadata {
        org_name,
        email,
        extra_contact_info,
        report_id,
        date_range,
        errors,
        generator,
    } = report_metadata;
    let date_range = date_range.as_ref().map(|d| {
        let DateRange { begin, end } = d;
        JsonDateRange {
            begin: *begin,
            begin_iso: begin.map(iso_datetime),
            end: *end,
            end_iso: end.map(iso_datetime),
        }
    });
    JsonAggregate {
        version,
        namespace,
        report_metadata: JsonMetadata {
            org_name,
            email,
            extra_contact_info,
            report_id,
            date_range,
            errors,
            generator,
        },
        policy_published,
        extensions,
        records: records
            .iter()
            .enumerate()
            .filter_map(|(position, record)| {
                let annotation = keep(position)?;
                Some(json_record(report, record, position, annotation))
            })
            .collect(),
    }
}

fn json_record<'a>(
    report: &AggregateReport,
    record: &'a Record,
    position: usize,
    annotation: Option<Annotation>,
) -> JsonRecord<'a> {
    let Record {
        row,
        identifiers,
        identifiers_tag,
        auth_results,
        extensions,
    } = record;
    let dkim_aligned = dkim_rows(report, record);
    let spf_aligned = spf_rows(report, record);
    let dkim = auth_results
        .dkim
        .iter()
        .zip(&dkim_aligned)
        .map(|(d, exported)| {
            let DkimAuthResult {
                domain,
                selector,
                result,
                human_result,
            } = d;
            JsonDkim {
                domain,
                selector,
                result,
                human_result,
                aligned: exported.aligned,
            }
        })
        .collect();
    let spf = auth_results
        .spf
        .iter()
        .zip(&spf_aligned)
        .map(|(s, exported)| {
            let SpfAuthResult {
                domain,
                scope,
                result,
                human_result,
            } = s;
            JsonSpf {
                domain,
                scope,
                result,
                human_result,
                aligned: exported.aligned,
            }
        })
        .collect();
    let meta = &report.report_metadata;
    let policy = &report.policy_published;
    JsonRecord {
        id: record_id(
            &reporter_name(meta),
            meta.report_id.as_deref().unwrap_or_default(),
            policy.domain.as_deref().unwrap_or_default(),
            meta.date_range
                .as_ref()
                .map_or((None, None), |d| (d.begin, d.end)),
            position,
        ),
        row,
        identifiers,
        identifiers_tag,
        auth_results: JsonAuth { dkim, spf },
        extensions,
        dkim_aligned: record.evaluated_dkim_pass(policy.adkim.as_ref()),
        spf_aligned: record.evaluated_spf_pass(policy.aspf.as_ref()),
        dmarc_pass: record.dmarc_pass(policy),
        family: annotation.as_ref().map(|a| a.family),
        diagnosis: annotation.as_ref().map(|a| a.diagnosis),
        asn: annotation.as_ref().and_then(|a| a.asn),
        as_name: annotation.as_ref().and_then(|a| a.as_name.clone()),
        country: annotation.and_then(|a| a.country),
    }
}
