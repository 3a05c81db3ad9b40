//! [`RecordRow`]: one aggregate record with its report's metadata, the row
//! of the NDJSON and CSV exports, with its stable [`record_id`].

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::annotate::Annotation;
use crate::analysis::date::{civil_from_days, day_of, SECONDS_PER_DAY};
use crate::analysis::reporter_name;
use crate::report::aggregate::{domains_aligned, AggregateReport, PolicyEvaluated, Record};

/// One DKIM result of a record, as exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkimRow {
    /// `d=`.
    pub domain: Option<String>,
    /// `s=`.
    pub selector: Option<String>,
    /// `pass`, `fail`, …
    pub result: Option<String>,
    /// The domain is aligned with `header_from` under the policy's `adkim`
    /// (whatever the result).
    pub aligned: bool,
}

/// One SPF result of a record, as exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfRow {
    /// The domain checked.
    pub domain: Option<String>,
    /// `mfrom` or `helo`; absent when the report leaves it out.
    pub scope: Option<String>,
    /// `pass`, `softfail`, …
    pub result: Option<String>,
    /// The domain is aligned with `header_from` under the policy's `aspf`
    /// (whatever the result).
    pub aligned: bool,
}

/// One aggregate record with its report's metadata, as written by
/// [`to_ndjson`](super::to_ndjson) (fields in this order) and
/// [`to_csv`](super::to_csv). See the module documentation for each field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RecordRow {
    pub id: String,
    pub file: String,
    pub org_name: Option<String>,
    pub email: Option<String>,
    pub report_id: Option<String>,
    pub date_begin: Option<i64>,
    pub date_begin_iso: Option<String>,
    pub date_end: Option<i64>,
    pub date_end_iso: Option<String>,
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
    pub dkim_auth: Vec<DkimRow>,
    pub spf_auth: Vec<SpfRow>,
    pub dkim_aligned: bool,
    pub spf_aligned: bool,
    pub dmarc_pass: bool,
    pub family: Option<String>,
    pub diagnosis: Option<String>,
    pub asn: Option<u32>,
    pub as_name: Option<String>,
    pub country: Option<String>,
}

/// The stable id of the record at `position` (0-based, in the order of the
/// report) in the report `report_id` from `reporter` for `policy_domain`
/// covering `begin`..`end`: the first 16 bytes of a SHA-256, written as 32
/// lowercase hexadecimal digits, over the three texts, each as its UTF-8
/// length in 8 bytes big-endian then its bytes (an absent text is empty),
/// then each date as one byte 0 when absent, else 1 and the Unix seconds in
/// 8 bytes big-endian two's complement, then `position` in 8 bytes
/// big-endian. The dates are in because reporters reuse report ids (the
/// shared corpus has five such pairs). In Python:
///
/// ```text
/// def record_id(reporter, report_id, policy_domain, begin, end, position):
///     h = hashlib.sha256()
///     for text in (reporter, report_id, policy_domain):
///         b = text.encode("utf-8")
///         h.update(len(b).to_bytes(8, "big") + b)
///     for t in (begin, end):
///         h.update(b"\x00" if t is None else b"\x01" + t.to_bytes(8, "big", signed=True))
///     h.update(position.to_bytes(8, "big"))
///     return h.hexdigest()[:32]
/// ```
pub fn record_id(
    reporter: &str,
    report_id: &str,
    policy_domain: &str,
    dates: (Option<i64>, Option<i64>),
    position: usize,
) -> String {
    let hex = RecordIds::new(reporter, report_id, policy_domain, dates).id(position);
    // Hexadecimal digits are ASCII.
    String::from_utf8_lossy(&hex).into_owned()
}

/// The [`record_id`]s of one report's records: the hash of what they share
/// is computed once, each id then hashes only its position.
#[derive(Clone)]
pub(super) struct RecordIds(Sha256);

impl RecordIds {
    pub(super) fn new(
        reporter: &str,
        report_id: &str,
        policy_domain: &str,
        (begin, end): (Option<i64>, Option<i64>),
    ) -> Self {
        let mut hash = Sha256::new();
        for text in [reporter, report_id, policy_domain] {
            hash.update((text.len() as u64).to_be_bytes());
            hash.update(text.as_bytes());
        }
        for date in [begin, end] {
            match date {
                Some(t) => {
                    hash.update([1]);
                    hash.update(t.to_be_bytes());
                }
                None => hash.update([0]),
            }
        }
        RecordIds(hash)
    }

    /// The ids of the records of `report`.
    pub(super) fn of(report: &AggregateReport) -> Self {
        let meta = &report.report_metadata;
        RecordIds::new(
            &reporter_name(meta),
            meta.report_id.as_deref().unwrap_or_default(),
            report
                .policy_published
                .domain
                .as_deref()
                .unwrap_or_default(),
            meta.date_range
                .as_ref()
                .map_or((None, None), |d| (d.begin, d.end)),
        )
    }

    /// The id of the record at `position`, as 32 lowercase hexadecimal digits.
    pub(super) fn id(&self, position: usize) -> [u8; 32] {
        let mut hash = self.0.clone();
        hash.update((position as u64).to_be_bytes());
        let digest = hash.finalize();
        let mut out = [0u8; 32];
        for (pair, byte) in out.chunks_exact_mut(2).zip(digest.iter()) {
            if let [high, low] = pair {
                *high = HEX[usize::from(byte >> 4)];
                *low = HEX[usize::from(byte & 0x0f)];
            }
        }
        out
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A Unix time as ISO 8601 / RFC 3339 in UTC: `2024-01-01T00:00:00Z`.
pub fn iso_datetime(unix_seconds: i64) -> String {
    let (y, m, d) = civil_from_days(day_of(unix_seconds));
    let secs = unix_seconds.rem_euclid(SECONDS_PER_DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A DKIM or SPF result as exported, borrowed from the record: what a
/// [`DkimRow`] (`kind` is the selector) or an [`SpfRow`] (`kind` is the
/// scope) holds.
pub(super) struct AuthParts<'r> {
    pub domain: Option<&'r str>,
    pub kind: Option<&'r str>,
    pub result: Option<&'r str>,
    pub aligned: bool,
}

/// The DKIM results of `record`, with their alignment under `report`'s
/// policy: [`dkim_rows`] without building them (the NDJSON writer's).
pub(super) fn dkim_parts<'r>(
    report: &'r AggregateReport,
    record: &'r Record,
) -> impl Iterator<Item = AuthParts<'r>> {
    let mode = report.policy_published.adkim.as_ref();
    parts(record, &record.auth_results.dkim, mode, |d| {
        (
            d.domain.as_deref(),
            d.selector.as_deref(),
            d.result.as_ref().map(|r| r.as_str()),
        )
    })
}

/// The SPF results of `record`, with their alignment under `report`'s
/// policy: [`spf_rows`] without building them.
pub(super) fn spf_parts<'r>(
    report: &'r AggregateReport,
    record: &'r Record,
) -> impl Iterator<Item = AuthParts<'r>> {
    let mode = report.policy_published.aspf.as_ref();
    parts(record, &record.auth_results.spf, mode, |s| {
        (
            s.domain.as_deref(),
            s.scope.as_ref().map(|v| v.as_str()),
            s.result.as_ref().map(|r| r.as_str()),
        )
    })
}

/// Each of `results` as (domain, selector or scope, result), with whether
/// its domain aligns with `record`'s From domain under `mode`.
fn parts<'r, T>(
    record: &'r Record,
    results: &'r [T],
    mode: Option<&'r crate::report::aggregate::Alignment>,
    each: impl Fn(&'r T) -> (Option<&'r str>, Option<&'r str>, Option<&'r str>) + 'r,
) -> impl Iterator<Item = AuthParts<'r>> {
    let author = record.identifiers.header_from.as_deref();
    results.iter().map(move |r| {
        let (domain, kind, result) = each(r);
        AuthParts {
            domain,
            kind,
            result,
            aligned: aligned(author, domain, mode),
        }
    })
}

/// The DKIM results of `record`, with their alignment under `report`'s policy.
pub(super) fn dkim_rows(report: &AggregateReport, record: &Record) -> Vec<DkimRow> {
    dkim_parts(report, record)
        .map(|p| DkimRow {
            domain: p.domain.map(String::from),
            selector: p.kind.map(String::from),
            result: p.result.map(String::from),
            aligned: p.aligned,
        })
        .collect()
}

/// The SPF results of `record`, with their alignment under `report`'s policy.
pub(super) fn spf_rows(report: &AggregateReport, record: &Record) -> Vec<SpfRow> {
    spf_parts(report, record)
        .map(|p| SpfRow {
            domain: p.domain.map(String::from),
            scope: p.kind.map(String::from),
            result: p.result.map(String::from),
            aligned: p.aligned,
        })
        .collect()
}

/// The override reasons of `pe`: `type` or `type:comment`, separated by `;`.
pub(super) fn reasons_text(pe: &PolicyEvaluated) -> String {
    pe.reasons
        .iter()
        .map(|r| {
            let kind = r.kind.as_ref().map(|k| k.as_str()).unwrap_or_default();
            match r.comment.as_deref() {
                Some(c) if !c.is_empty() => format!("{kind}:{c}"),
                _ => kind.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn aligned(
    author: Option<&str>,
    domain: Option<&str>,
    mode: Option<&crate::report::aggregate::Alignment>,
) -> bool {
    match (author, domain) {
        (Some(a), Some(d)) => domains_aligned(a, d, mode),
        _ => false,
    }
}

impl RecordRow {
    /// The row of the record at `position` in `report`, read from `file`.
    pub fn new(file: &str, report: &AggregateReport, position: usize) -> Option<Self> {
        let record = report.records.get(position)?;
        let meta = &report.report_metadata;
        let pp = &report.policy_published;
        let pe = &record.row.policy_evaluated;
        let ids = &record.identifiers;
        let s = |v: Option<&str>| v.map(str::to_owned);
        let date_begin = meta.date_range.as_ref().and_then(|d| d.begin);
        let date_end = meta.date_range.as_ref().and_then(|d| d.end);
        Some(RecordRow {
            id: String::from_utf8_lossy(&RecordIds::of(report).id(position)).into_owned(),
            file: file.to_owned(),
            org_name: meta.org_name.clone(),
            email: meta.email.clone(),
            report_id: meta.report_id.clone(),
            date_begin,
            date_begin_iso: date_begin.map(iso_datetime),
            date_end,
            date_end_iso: date_end.map(iso_datetime),
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
            reasons: reasons_text(pe),
            header_from: ids.header_from.as_deref().map(String::from),
            header_from_org_domain: record.header_from_org_domain(),
            envelope_from: ids.envelope_from.as_deref().map(String::from),
            envelope_to: ids.envelope_to.as_deref().map(String::from),
            dkim_auth: dkim_rows(report, record),
            spf_auth: spf_rows(report, record),
            dkim_aligned: record.evaluated_dkim_pass(pp.adkim.as_ref()),
            spf_aligned: record.evaluated_spf_pass(pp.aspf.as_ref()),
            dmarc_pass: record.dmarc_pass(pp),
            family: None,
            diagnosis: None,
            asn: None,
            as_name: None,
            country: None,
        })
    }

    /// Adds what the analysis says of the record.
    pub fn annotate(&mut self, annotation: Annotation) {
        self.family = Some(annotation.family.to_owned());
        self.diagnosis = Some(annotation.diagnosis.to_owned());
        self.asn = annotation.asn;
        self.as_name = annotation.as_name;
        self.country = annotation.country;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_match_the_documented_recipe() {
        // Computed with the Python function in the documentation.
        let cases = [
            (
                (
                    "google.com",
                    "123",
                    "example.com",
                    (Some(1704067200), Some(1704153599)),
                    0,
                ),
                "de7df88ab7c35a902ae43b936eb1e3f8",
            ),
            (
                ("", "", "", (None, None), 0),
                "eb142b0cae0baa72a767ebc0823d1be9",
            ),
            (
                ("受信者", "r-1", "例え.jp", (Some(-5), None), 41),
                "49a9761176bc14f07e3d74b3fbbc432e",
            ),
        ];
        for ((reporter, id, domain, dates, position), want) in cases {
            assert_eq!(record_id(reporter, id, domain, dates, position), want);
        }
        // The fields cannot run into each other, and an absent date is not 0.
        let none = (None, None);
        assert_ne!(
            record_id("ab", "c", "", none, 0),
            record_id("a", "bc", "", none, 0)
        );
        assert_ne!(
            record_id("a", "b", "", none, 0),
            record_id("a", "b", "", (Some(0), None), 0)
        );
    }

    #[test]
    fn iso_datetimes() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
            (1_704_153_599, "2024-01-01T23:59:59Z"),
            (-1, "1969-12-31T23:59:59Z"),
        ];
        for (secs, want) in cases {
            assert_eq!(iso_datetime(secs), want);
        }
    }
}
