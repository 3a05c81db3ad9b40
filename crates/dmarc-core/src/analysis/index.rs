//! The index: every loaded report flattened once into columns, so that a
//! filter change only scans arrays of integers.
//!
//! Records are stored as a struct of arrays ([`Rows`]), one entry per
//! aggregate record, in report order; each report owns a contiguous range of
//! rows, so report-level filters (domain, reporter, period) skip whole
//! blocks. Strings are interned: a row holds the id of its source address,
//! of its sender group (service and address) and of its *shape* — every
//! textual part of the record (identifiers, raw results, override reasons,
//! policy evaluated), which repeats a lot across records and reports.
//! What depends on text (alignment, sending service, diagnosis) is computed
//! once per distinct shape and context, at load time.

use foldhash::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::attribute::{attribute, reattribute, NONE};
use super::date::{day_of, parse_iso_date, parse_mail_date};
use super::derive::{derive, Derived};
pub use super::derive::{
    BY_NETWORK, BY_NETWORK_OWN, DKIM_ALIGNED, DKIM_PASS, DMARC_PASS, FORWARDING_REASON,
    QUARANTINED, REJECTED, SPF_ALIGNED, SPF_PASS,
};
use super::diagnosis::Evidence;
use super::intern::Interner;
use super::judge::Marks;
use super::reporters::organisation_key;
use super::senders::{service_by_network, service_of_ip, ServiceId};
use super::shape::RecordShape;
pub use super::shape::{DkimAuth, Shape, SpfAuth};
use crate::domain::{normalise, organizational_domain};
use crate::ingest::{report_key, ReportKey, ReportSet};
use crate::network::{NetworkDb, NetworkInfo};
use crate::report::aggregate::{
    AggregateReport, Alignment, PolicyPublished, Record, ReportMetadata,
};
use crate::report::failure::FailureReport;
use crate::report::tls::{TlsPolicyResult, TlsReport};
use crate::report::Report;

/// One loaded aggregate report: its metadata and its rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportInfo {
    /// The file it came from.
    pub file: String,
    /// `org_name`.
    pub org_name: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `report_id`.
    pub report_id: Option<String>,
    /// `date_range/begin`, Unix seconds.
    pub begin: Option<i64>,
    /// `date_range/end`, Unix seconds.
    pub end: Option<i64>,
    /// The day of `begin`: the day its records count for. `None` without a
    /// begin date (such records only show when no period is chosen).
    pub day: Option<i32>,
    /// The last day covered: the day of the second before `end` (or of
    /// `begin` when there is no end).
    pub end_day: Option<i32>,
    /// Id of the policy domain (lower-cased) in [`Index::domains`].
    pub domain: u32,
    /// Id of the reporter in [`Index::reporters`].
    pub reporter: u32,
    /// Id of its organisation in [`Index::organisations`].
    #[serde(default)]
    pub organisation: u32,
    /// `policy_published` as received.
    pub policy: PolicyPublished,
    /// First row.
    pub first_row: u32,
    /// One past the last row.
    pub end_row: u32,
}

/// The rows: one entry per aggregate record in each column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    /// `row/count` (0 when absent).
    pub count: Vec<u64>,
    /// Source address id in [`Index::ips`].
    pub ip: Vec<u32>,
    /// Sender group id (service and address) in [`Index::sources`].
    pub source: Vec<u32>,
    /// Shape id in [`Index::shapes`].
    pub shape: Vec<u32>,
    /// The sending service ([`ServiceId`]`.0`), also in [`Index::sources`].
    pub service: Vec<u16>,
    /// Flags: [`DMARC_PASS`], [`SPF_ALIGNED`]…
    pub flags: Vec<u16>,
    /// What the record alone says of its sender ([`Evidence`] as a small
    /// integer); [`Judge`](super::Judge) settles it with marks and regularity.
    pub evidence: Vec<u8>,
}

impl Rows {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.count.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.count.is_empty()
    }
}

/// A failure report as loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureEntry {
    /// The file it came from.
    pub file: String,
    /// `Reported-Domain`, lower-cased.
    pub domain: String,
    /// The day of `Arrival-Date`, when readable.
    pub day: Option<i32>,
    /// The report.
    pub report: FailureReport,
}

/// One policy of an SMTP TLS report as loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsEntry {
    /// The file it came from.
    pub file: String,
    /// `organization-name`.
    pub organization_name: Option<String>,
    /// `report-id`.
    pub report_id: Option<String>,
    /// The day of `start-datetime`.
    pub day: Option<i32>,
    /// The day of `end-datetime`.
    pub end_day: Option<i32>,
    /// `policy-domain`, lower-cased (empty when absent).
    pub domain: String,
    /// The policy and its results.
    pub policy: TlsPolicyResult,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Context {
    domain: u32,
    adkim: Option<Alignment>,
    aspf: Option<Alignment>,
}

/// Every loaded report, indexed for [`summarize`](super::summarize).
/// Serialisable, so a worker can send it; duplicates are never added twice.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Index {
    /// Policy domains, lower-cased.
    pub domains: Interner<String>,
    /// Reporters (`org_name`, else the `email` domain, else empty).
    pub reporters: Interner<String>,
    /// Reporting organisations ([`organisation_key`]).
    #[serde(default)]
    pub organisations: Interner<String>,
    /// Source addresses as written.
    pub ips: Interner<String>,
    /// Sender groups: (service, address id).
    pub sources: Interner<(ServiceId, u32)>,
    /// Record shapes.
    pub shapes: Interner<Shape>,
    /// Aggregate reports, in load order.
    pub reports: Vec<ReportInfo>,
    /// The rows of every aggregate record.
    pub rows: Rows,
    /// Failure reports.
    pub failures: Vec<FailureEntry>,
    /// SMTP TLS report policies.
    pub tls: Vec<TlsEntry>,
    /// Reports offered again and not added.
    pub duplicates: u64,
    /// What the person said about sources and services.
    #[serde(default)]
    pub marks: Marks,
    seen: Vec<ReportKey>,
    contexts: Interner<Context>,
    #[serde(skip)]
    seen_set: HashSet<ReportKey>,
    #[serde(skip)]
    cache: HashMap<(u32, u32, u16), Derived>,
    /// The well-known service of each address by range (`u16::MAX`: none).
    #[serde(skip)]
    ip_service: Vec<u16>,
    /// The network data, once loaded ([`Index::set_network`]).
    #[serde(skip)]
    network: Option<Arc<NetworkDb>>,
    /// Each address's (AS, country) ids in [`Index::network`].
    #[serde(skip)]
    ip_network: Vec<(u32, u32)>,
    /// Each address's service by network ([`service_by_network`] of its
    /// AS; `u16::MAX`: none), filled with [`Index::ip_network`].
    #[serde(skip)]
    ip_by_network: Vec<u16>,
    /// Tells the service of an AS; [`service_by_network`] unless a test
    /// gives its own table.
    #[serde(skip)]
    by_asn: Option<fn(u32) -> Option<ServiceId>>,
    /// How many times network data was applied or removed ([`Index::set_network`]).
    #[serde(skip)]
    attributions: u64,
    /// The last overview and readiness computed ([`super::overview`]).
    #[serde(skip)]
    overview: super::overview::OverviewCache,
}

/// An address's entry in the index's `ip_service`: its well-known service by
/// published range, `u16::MAX` for none.
fn service_by_range(ip: Option<IpAddr>) -> u16 {
    ip.and_then(service_of_ip).map_or(u16::MAX, |s| s.0)
}

/// The reporter's name: `org_name`, else the domain of `email`, else empty.
pub fn reporter_name(meta: &ReportMetadata) -> String {
    let org = meta.org_name.as_deref().map(str::trim).unwrap_or_default();
    if !org.is_empty() {
        return org.to_owned();
    }
    meta.email
        .as_deref()
        .and_then(|e| e.rsplit('@').next())
        .map(|d| d.trim().trim_end_matches('>').to_ascii_lowercase())
        .unwrap_or_default()
}

impl Index {
    /// Uses `db` for the networks of source addresses (search by AS,
    /// organisation or country; [`Index::network_of`]).
    /// Sources no domain or range identifies take the service whose
    /// documented mail network holds them ([`BY_NETWORK`]); applying other
    /// data (or none) attributes every row again.
    pub fn set_network(&mut self, db: Option<Arc<NetworkDb>>) {
        self.network = db;
        self.ip_network.clear();
        self.ip_by_network.clear();
        self.label_ips();
        reattribute(&mut self.rows, &mut self.sources, &self.ip_by_network);
        self.attributions += 1;
    }

    /// How many times the rows were attributed again: what was computed
    /// from them before a change of this number is out of date.
    pub(crate) fn attributions(&self) -> u64 {
        self.attributions
    }

    /// [`Index::set_network`] with `by_asn` telling the service of an AS
    /// (for tests with a network table of documentation AS numbers).
    #[cfg(test)]
    pub(crate) fn set_network_by(
        &mut self,
        db: Option<Arc<NetworkDb>>,
        by_asn: fn(u32) -> Option<ServiceId>,
    ) {
        self.by_asn = Some(by_asn);
        self.set_network(db);
    }

    /// The last overview and readiness computed, under what they were computed from.
    pub(crate) fn overview_cache(&self) -> &super::overview::OverviewCache {
        &self.overview
    }

    /// The network data in use.
    pub fn network(&self) -> Option<&Arc<NetworkDb>> {
        self.network.as_ref()
    }

    /// The network of address id `ip` ([`Index::ips`]).
    pub fn network_of(&self, ip: u32) -> Option<NetworkInfo<'_>> {
        let db = self.network.as_ref()?;
        Some(db.info(self.ip_network.get(ip as usize).copied().unwrap_or((0, 0))))
    }

    fn label_ips(&mut self) {
        let Some(db) = &self.network else {
            return;
        };
        let by_asn = self.by_asn.unwrap_or(service_by_network);
        // Many addresses share an AS: its service is looked for once.
        let mut of_system: HashMap<u32, u16> = HashMap::default();
        while self.ip_network.len() < self.ips.len() {
            let ids = self
                .ips
                .value(self.ip_network.len() as u32)
                .and_then(|text| text.trim().parse::<IpAddr>().ok())
                .map_or((0, 0), |ip| db.lookup_ids(ip));
            self.ip_network.push(ids);
            let service = db.info(ids).system.map_or(NONE, |s| {
                *of_system
                    .entry(ids.0)
                    .or_insert_with(|| by_asn(s.number).map_or(NONE, |id| id.0))
            });
            self.ip_by_network.push(service);
        }
    }

    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// An index of `reports`, each with the name of the file it came from.
    pub fn build<'a>(reports: impl IntoIterator<Item = (&'a str, &'a Report)>) -> Self {
        let mut index = Index::new();
        for (file, report) in reports {
            index.add(file, report);
        }
        index
    }

    /// An index of the reports of a [`ReportSet`] (duplicates left out).
    pub fn from_set(set: &ReportSet) -> Self {
        Self::build(
            set.reports()
                .map(|(file, found)| (file.name.as_str(), &found.report)),
        )
    }

    /// Adds one report; returns false (and adds nothing) when the same
    /// report was added before.
    pub fn add(&mut self, file: &str, report: &Report) -> bool {
        if self.seen_set.len() != self.seen.len() {
            self.seen_set = self.seen.iter().cloned().collect();
        }
        let key = report_key(report);
        if !self.seen_set.insert(key.clone()) {
            self.duplicates += 1;
            return false;
        }
        self.seen.push(key);
        match report {
            Report::Aggregate(r) => self.add_aggregate(file, r),
            Report::Failure(r) => self.failures.push(FailureEntry {
                file: file.to_owned(),
                domain: r
                    .reported_domain
                    .as_deref()
                    .and_then(normalise)
                    .unwrap_or_default(),
                day: r.arrival().and_then(parse_mail_date),
                report: r.clone(),
            }),
            Report::Tls(r) => self.add_tls(file, r),
        }
        true
    }

    fn add_tls(&mut self, file: &str, r: &TlsReport) {
        let day = r
            .date_range
            .start_datetime
            .as_deref()
            .and_then(parse_iso_date);
        let end_day = r
            .date_range
            .end_datetime
            .as_deref()
            .and_then(parse_iso_date);
        for policy in &r.policies {
            self.tls.push(TlsEntry {
                file: file.to_owned(),
                organization_name: r.organization_name.clone(),
                report_id: r.report_id.clone(),
                day,
                end_day,
                domain: policy
                    .policy_domain
                    .as_deref()
                    .and_then(normalise)
                    .unwrap_or_default(),
                policy: policy.clone(),
            });
        }
    }

    fn add_aggregate(&mut self, file: &str, r: &AggregateReport) {
        let meta = &r.report_metadata;
        let pp = &r.policy_published;
        let domain_text = pp.domain.as_deref().and_then(normalise).unwrap_or_default();
        let domain = self.domains.intern(domain_text.clone());
        let reporter_text = reporter_name(meta);
        let reporter = self.reporters.intern(reporter_text);
        let organisation = self.organisations.intern(organisation_key(meta));
        let policy_org = organizational_domain(&domain_text);
        let ctx = self.contexts.intern(Context {
            domain,
            adkim: pp.adkim.clone(),
            aspf: pp.aspf.clone(),
        });
        let begin = meta.date_range.as_ref().and_then(|d| d.begin);
        let end = meta.date_range.as_ref().and_then(|d| d.end);
        let first_row = row_id(self.rows.len());
        // At most one new address, sender group and shape per record.
        let n = r.records.len();
        self.ips.reserve(n);
        self.sources.reserve(n);
        self.shapes.reserve(n);
        // The report's addresses first, then their networks in one pass (an
        // AS's service is looked for once per report, not once per address).
        let mut ip_text = String::new();
        // Addresses of an index read from elsewhere have no service by range yet.
        while self.ip_service.len() < self.ips.len() {
            let ip = self
                .ips
                .value(self.ip_service.len() as u32)
                .and_then(|text| text.parse::<IpAddr>().ok());
            self.ip_service.push(service_by_range(ip));
        }
        let mut ips = Vec::with_capacity(n);
        for record in &r.records {
            ip_text.clear();
            if let Some(ip) = &record.row.source_ip {
                ip.write_to(&mut ip_text);
            }
            let id = match self.ips.get(ip_text.as_str()) {
                Some(id) => id,
                None => {
                    let ip = record.row.source_ip.as_ref().and_then(|s| s.ip());
                    self.ip_service.push(service_by_range(ip));
                    self.ips.intern(ip_text.clone())
                }
            };
            ips.push(id);
        }
        self.label_ips();
        for (record, ip) in r.records.iter().zip(ips) {
            let ip_addr = record.row.source_ip.as_ref().and_then(|s| s.ip());
            let ip_service = self
                .ip_service
                .get(ip as usize)
                .copied()
                .unwrap_or(u16::MAX);
            let shape = self.shape_of(record);
            let derived = match self.cache.get(&(shape, ctx, ip_service)) {
                Some(d) => *d,
                None => {
                    let d = derive(record, pp, policy_org.as_deref(), ip_addr);
                    self.cache.insert((shape, ctx, ip_service), d);
                    d
                }
            };
            let by_network = self.ip_by_network.get(ip as usize).copied();
            let (service, by) = attribute(derived.service, by_network.unwrap_or(NONE));
            let source = self.sources.intern((service, ip));
            self.rows.count.push(record.count());
            self.rows.ip.push(ip);
            self.rows.source.push(source);
            self.rows.shape.push(shape);
            self.rows.service.push(service.0);
            self.rows.flags.push(derived.flags | by);
            self.rows.evidence.push(derived.evidence);
        }
        self.reports.push(ReportInfo {
            file: file.to_owned(),
            org_name: meta.org_name.clone(),
            email: meta.email.clone(),
            report_id: meta.report_id.clone(),
            begin,
            end,
            day: begin.map(day_of),
            end_day: last_day(begin, end),
            domain,
            reporter,
            organisation,
            policy: pp.clone(),
            first_row,
            end_row: row_id(self.rows.len()),
        });
    }

    /// Whether the columns agree with each other and with the reports (an
    /// index read from elsewhere may not); [`summarize`](super::summarize)
    /// shows nothing for one that does not.
    pub fn is_consistent(&self) -> bool {
        let r = &self.rows;
        let n = r.len();
        [
            r.ip.len(),
            r.source.len(),
            r.shape.len(),
            r.service.len(),
            r.flags.len(),
            r.evidence.len(),
        ]
        .iter()
        .all(|len| *len == n)
            && self
                .reports
                .iter()
                .all(|p| p.first_row <= p.end_row && p.end_row as usize <= n)
    }

    /// The shape id of `record`, interned when new (looked up by the
    /// record's own parts: nothing is built for a shape seen before).
    fn shape_of(&mut self, record: &Record) -> u32 {
        let hash = self.shapes.hash(&RecordShape(record));
        self.shapes
            .intern_with(hash, |shape| shape.matches(record), || Shape::of(record))
    }

    /// The report that holds row `row`.
    pub fn report_of_row(&self, row: u32) -> Option<usize> {
        let i = self.reports.partition_point(|r| r.end_row <= row);
        (i < self.reports.len() && self.reports[i].first_row <= row).then_some(i)
    }

    /// Everything about one row, for a drill-down.
    pub fn record(&self, row: u32) -> Option<RecordDetail> {
        let report = self.report_of_row(row)?;
        let r = row as usize;
        let info = self.reports.get(report)?;
        let shape = self.shapes.value(*self.rows.shape.get(r)?)?.clone();
        let (service, _) = *self.sources.value(*self.rows.source.get(r)?)?;
        let flags = *self.rows.flags.get(r)?;
        Some(RecordDetail {
            row,
            report,
            position: row - info.first_row,
            file: info.file.clone(),
            reporter: self
                .reporters
                .value(info.reporter)
                .cloned()
                .unwrap_or_default(),
            report_id: info.report_id.clone(),
            begin: info.begin,
            end: info.end,
            policy_domain: self.domains.value(info.domain).cloned().unwrap_or_default(),
            source_ip: self
                .ips
                .value(*self.rows.ip.get(r)?)
                .cloned()
                .unwrap_or_default(),
            count: *self.rows.count.get(r)?,
            service,
            evidence: Evidence::from_u8(*self.rows.evidence.get(r)?),
            dmarc_pass: flags & DMARC_PASS != 0,
            spf_aligned: flags & SPF_ALIGNED != 0,
            dkim_aligned: flags & DKIM_ALIGNED != 0,
            shape,
        })
    }
}

/// The last day a report covers: the day of the second before `end` (an end
/// at midnight closes the day before), or of `begin` without an end.
fn last_day(begin: Option<i64>, end: Option<i64>) -> Option<i32> {
    match (begin, end) {
        (Some(b), Some(e)) if e > b => Some(day_of(e - 1)),
        (_, Some(e)) => Some(day_of(e)),
        (b, None) => b.map(day_of),
    }
}

fn row_id(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// One record with its report, for a drill-down. Plain fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordDetail {
    /// Row id.
    pub row: u32,
    /// Index of its report in [`Index::reports`].
    pub report: usize,
    /// Its position among the report's records (0-based).
    pub position: u32,
    /// The file the report came from.
    pub file: String,
    /// The reporter.
    pub reporter: String,
    /// `report_id`.
    pub report_id: Option<String>,
    /// `date_range/begin`.
    pub begin: Option<i64>,
    /// `date_range/end`.
    pub end: Option<i64>,
    /// The policy domain.
    pub policy_domain: String,
    /// `source_ip` as written.
    pub source_ip: String,
    /// `count`.
    pub count: u64,
    /// The sending service.
    pub service: ServiceId,
    /// What the record alone says of its sender (settle it with a
    /// [`Judge`](super::Judge) for the diagnosis).
    pub evidence: Evidence,
    /// DMARC passed.
    pub dmarc_pass: bool,
    /// Aligned SPF passed.
    pub spf_aligned: bool,
    /// Aligned DKIM passed.
    pub dkim_aligned: bool,
    /// Every other value of the record as received.
    pub shape: Shape,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::synthetic::Synthetic;

    #[test]
    fn last_days() {
        let cases = [
            (Some(0), Some(86_400), Some(0)),
            (Some(0), Some(86_399), Some(0)),
            (Some(0), Some(86_401), Some(1)),
            (Some(86_400), None, Some(1)),
            (None, Some(86_400), Some(1)),
            (Some(5), Some(5), Some(0)),
            (None, None, None),
        ];
        for (begin, end, want) in cases {
            assert_eq!(last_day(begin, end), want, "{begin:?} {end:?}");
        }
    }

    #[test]
    fn reporter_names() {
        let cases = [
            (Some("google.com"), None, "google.com"),
            (Some("  Yahoo "), Some("x@yahoo.com"), "Yahoo"),
            (
                Some(""),
                Some("DMARC <noreply@Mail.Example.NET>"),
                "mail.example.net",
            ),
            (None, None, ""),
        ];
        for (org, email, want) in cases {
            let meta = ReportMetadata {
                org_name: org.map(Into::into),
                email: email.map(Into::into),
                ..ReportMetadata::default()
            };
            assert_eq!(reporter_name(&meta), want, "{org:?} {email:?}");
        }
    }

    #[test]
    fn shapes_match_their_records_only() {
        let reports: Vec<AggregateReport> = Synthetic::new(9).records(400).collect();
        let records: Vec<&Record> = reports.iter().flat_map(|r| &r.records).collect();
        for (i, r) in records.iter().enumerate() {
            let shape = Shape::of(r);
            assert!(shape.matches(r), "{i}");
            for other in records.iter().take(40) {
                assert_eq!(shape.matches(other), shape == Shape::of(other));
            }
        }
    }

    #[test]
    fn rows_lead_back_to_their_reports() {
        let mut index = Index::new();
        for r in Synthetic::new(1).records(15).per_report(5) {
            assert!(index.add("s.xml", &Report::Aggregate(r)));
        }
        let cases = [
            (0, Some(0)),
            (4, Some(0)),
            (5, Some(1)),
            (14, Some(2)),
            (15, None),
        ];
        for (row, want) in cases {
            assert_eq!(index.report_of_row(row), want, "{row}");
            assert_eq!(index.record(row).map(|d| d.report), want);
        }
        let detail = index.record(7).unwrap();
        assert_eq!((detail.position, detail.file.as_str()), (2, "s.xml"));
        assert!(index.is_consistent());
        index.rows.flags.pop();
        assert!(!index.is_consistent());
    }
}
