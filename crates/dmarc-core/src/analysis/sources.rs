//! Sources: messages grouped by sending service, then by source address.

use serde::{Deserialize, Serialize};

use super::date::iso_date;
use super::diagnosis::Diagnosis;
use super::index::{
    Index, DKIM_ALIGNED, DKIM_PASS, DMARC_PASS, QUARANTINED, REJECTED, SPF_ALIGNED, SPF_PASS,
};
use super::senders::ServiceId;

/// Row ids kept per source address for a drill-down (the rest are counted).
pub const MAX_DRILL_ROWS: usize = 200;
/// Distinct record shapes read per source address for its domain lists.
const MAX_SHAPES: usize = 64;

/// Message counts by outcome, shared by sources, services and reporters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Messages (sum of `count`).
    pub messages: u64,
    /// Records.
    pub records: u64,
    /// Messages that passed DMARC.
    pub dmarc_pass: u64,
    /// Messages with aligned SPF pass.
    pub spf_aligned: u64,
    /// Messages with aligned DKIM pass.
    pub dkim_aligned: u64,
    /// Messages with a raw SPF pass (any domain).
    pub spf_pass: u64,
    /// Messages with a raw DKIM pass (any domain).
    pub dkim_pass: u64,
    /// Messages quarantined by the receiver.
    pub quarantined: u64,
    /// Messages rejected by the receiver.
    pub rejected: u64,
}

impl Counts {
    #[inline]
    pub(crate) fn add(&mut self, count: u64, flags: u16) {
        let on = |bit: u16| if flags & bit != 0 { count } else { 0 };
        self.messages += count;
        self.records += 1;
        self.dmarc_pass += on(DMARC_PASS);
        self.spf_aligned += on(SPF_ALIGNED);
        self.dkim_aligned += on(DKIM_ALIGNED);
        self.spf_pass += on(SPF_PASS);
        self.dkim_pass += on(DKIM_PASS);
        self.quarantined += on(QUARANTINED);
        self.rejected += on(REJECTED);
    }

    pub(crate) fn merge(&mut self, other: &Counts) {
        self.messages += other.messages;
        self.records += other.records;
        self.dmarc_pass += other.dmarc_pass;
        self.spf_aligned += other.spf_aligned;
        self.dkim_aligned += other.dkim_aligned;
        self.spf_pass += other.spf_pass;
        self.dkim_pass += other.dkim_pass;
        self.quarantined += other.quarantined;
        self.rejected += other.rejected;
    }

    /// Messages that failed DMARC.
    pub fn dmarc_fail(&self) -> u64 {
        self.messages - self.dmarc_pass.min(self.messages)
    }
}

/// A share of messages, `None` when there are none.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Messages of one diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosisCount {
    /// The diagnosis.
    pub diagnosis: Diagnosis,
    /// Its messages.
    pub messages: u64,
}

/// One source address of a service. Plain fields, sortable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    /// The sending service.
    pub service: ServiceId,
    /// The source address as written.
    pub ip: String,
    /// Message counts.
    pub counts: Counts,
    /// Share of messages passing DMARC.
    pub dmarc_pass_rate: Option<f64>,
    /// The diagnosis of most of its messages.
    pub diagnosis: Diagnosis,
    /// Every diagnosis met, most messages first.
    pub diagnoses: Vec<DiagnosisCount>,
    /// Distinct `header_from` domains.
    pub header_from: Vec<String>,
    /// Distinct `envelope_from` domains.
    pub envelope_from: Vec<String>,
    /// Distinct DKIM `d=` domains.
    pub dkim_domains: Vec<String>,
    /// Distinct DKIM selectors.
    pub dkim_selectors: Vec<String>,
    /// Distinct raw DKIM results (`pass`, `fail`…).
    pub dkim_results: Vec<String>,
    /// Distinct SPF domains.
    pub spf_domains: Vec<String>,
    /// Distinct raw SPF results (`pass`, `softfail`…).
    pub spf_results: Vec<String>,
    /// First day seen (`YYYY-MM-DD`), when dated.
    pub first_date: Option<String>,
    /// Last day seen.
    pub last_date: Option<String>,
    /// Row ids for [`Index::record`] (at most [`MAX_DRILL_ROWS`]).
    pub rows: Vec<u32>,
    /// Whether the lists above were cut (more rows or record shapes).
    pub truncated: bool,
}

/// One sending service and its addresses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceGroup {
    /// The service.
    pub service: ServiceId,
    /// Its translation key, `service.<id>`.
    pub name_key: String,
    /// Message counts over its addresses.
    pub counts: Counts,
    /// Share of messages passing DMARC.
    pub dmarc_pass_rate: Option<f64>,
    /// The diagnosis of most of its messages.
    pub diagnosis: Diagnosis,
    /// Every diagnosis met, most messages first.
    pub diagnoses: Vec<DiagnosisCount>,
    /// Its addresses, most messages first.
    pub sources: Vec<SourceRow>,
}

/// Per sender group, while scanning.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceAcc {
    pub(crate) source: u32,
    counts: Counts,
    diagnoses: [u64; Diagnosis::ALL.len()],
    shapes: Vec<u32>,
    rows: Vec<u32>,
    truncated: bool,
    first: Option<i32>,
    last: Option<i32>,
}

impl SourceAcc {
    pub(crate) fn new(source: u32) -> Self {
        SourceAcc {
            source,
            ..SourceAcc::default()
        }
    }

    #[inline]
    pub(crate) fn add(
        &mut self,
        row: u32,
        count: u64,
        flags: u16,
        diagnosis: u8,
        shape: u32,
        day: Option<i32>,
    ) {
        self.counts.add(count, flags);
        if let Some(d) = self.diagnoses.get_mut(usize::from(diagnosis)) {
            *d += count;
        }
        if self.shapes.last() != Some(&shape) && !self.shapes.contains(&shape) {
            if self.shapes.len() < MAX_SHAPES {
                self.shapes.push(shape);
            } else {
                self.truncated = true;
            }
        }
        if self.rows.len() < MAX_DRILL_ROWS {
            self.rows.push(row);
        } else {
            self.truncated = true;
        }
        if let Some(day) = day {
            self.first = Some(self.first.map_or(day, |f| f.min(day)));
            self.last = Some(self.last.map_or(day, |l| l.max(day)));
        }
    }
}

fn diagnoses(counts: &[u64; Diagnosis::ALL.len()]) -> (Diagnosis, Vec<DiagnosisCount>) {
    let mut list: Vec<DiagnosisCount> = Diagnosis::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(d, n)| DiagnosisCount {
            diagnosis: *d,
            messages: *n,
        })
        .collect();
    list.sort_by(|a, b| {
        b.messages
            .cmp(&a.messages)
            .then(a.diagnosis.cmp(&b.diagnosis))
    });
    let main = list.first().map_or(Diagnosis::Aligned, |d| d.diagnosis);
    (main, list)
}

fn distinct(mut values: Vec<String>) -> Vec<String> {
    values.sort_unstable();
    values.dedup();
    values
}

fn source_row(index: &Index, acc: SourceAcc) -> Option<SourceRow> {
    let (service, ip) = *index.sources.value(acc.source)?;
    let (diagnosis, diagnoses) = diagnoses(&acc.diagnoses);
    let mut lists: [Vec<String>; 7] = Default::default();
    for shape in acc.shapes.iter().filter_map(|s| index.shapes.value(*s)) {
        lists[0].extend(shape.header_from.clone());
        lists[1].extend(shape.envelope_from.clone());
        for d in &shape.dkim_auth {
            lists[2].extend(d.domain.clone());
            lists[3].extend(d.selector.clone());
            lists[4].extend(d.result.as_ref().map(|r| r.as_str().to_owned()));
        }
        for s in &shape.spf_auth {
            lists[5].extend(s.domain.clone());
            lists[6].extend(s.result.as_ref().map(|r| r.as_str().to_owned()));
        }
    }
    let [header_from, envelope_from, dkim_domains, dkim_selectors, dkim_results, spf_domains, spf_results] =
        lists.map(distinct);
    Some(SourceRow {
        service,
        ip: index.ips.value(ip).cloned().unwrap_or_default(),
        dmarc_pass_rate: rate(acc.counts.dmarc_pass, acc.counts.messages),
        counts: acc.counts,
        diagnosis,
        diagnoses,
        header_from,
        envelope_from,
        dkim_domains,
        dkim_selectors,
        dkim_results,
        spf_domains,
        spf_results,
        first_date: acc.first.map(iso_date),
        last_date: acc.last.map(iso_date),
        rows: acc.rows,
        truncated: acc.truncated,
    })
}

/// Groups the accumulated sources by service, most messages first.
pub(crate) fn group(index: &Index, accs: Vec<SourceAcc>) -> Vec<ServiceGroup> {
    let mut groups: Vec<ServiceGroup> = Vec::new();
    let mut diag_by_group: Vec<[u64; Diagnosis::ALL.len()]> = Vec::new();
    for acc in accs {
        let diag = acc.diagnoses;
        let Some(row) = source_row(index, acc) else {
            continue;
        };
        let at = match groups.iter().position(|g| g.service == row.service) {
            Some(i) => i,
            None => {
                groups.push(ServiceGroup {
                    service: row.service,
                    name_key: row.service.key(),
                    counts: Counts::default(),
                    dmarc_pass_rate: None,
                    diagnosis: Diagnosis::Aligned,
                    diagnoses: Vec::new(),
                    sources: Vec::new(),
                });
                diag_by_group.push([0; Diagnosis::ALL.len()]);
                groups.len() - 1
            }
        };
        for (total, n) in diag_by_group[at].iter_mut().zip(diag) {
            *total += n;
        }
        groups[at].counts.merge(&row.counts);
        groups[at].sources.push(row);
    }
    for (g, diag) in groups.iter_mut().zip(&diag_by_group) {
        g.dmarc_pass_rate = rate(g.counts.dmarc_pass, g.counts.messages);
        (g.diagnosis, g.diagnoses) = diagnoses(diag);
        g.sources.sort_by(|a, b| {
            b.counts
                .messages
                .cmp(&a.counts.messages)
                .then_with(|| a.ip.cmp(&b.ip))
        });
    }
    groups.sort_by(|a, b| {
        b.counts
            .messages
            .cmp(&a.counts.messages)
            .then(a.service.cmp(&b.service))
    });
    groups
}
