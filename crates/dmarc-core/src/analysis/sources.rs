//! Sources: messages grouped by sending service, then by source address.

use serde::{Deserialize, Serialize};

use super::date::iso_date;
use super::diagnosis::{Diagnosis, Family, Judgement, Mark};
use super::index::{
    Index, DKIM_ALIGNED, DKIM_PASS, DMARC_PASS, QUARANTINED, REJECTED, SPF_ALIGNED, SPF_PASS,
};
use super::judge::Judge;
use super::senders::ServiceId;

/// Row ids kept per source address for a drill-down (the rest are counted).
pub const MAX_DRILL_ROWS: usize = 200;
/// Addresses listed per service, those with the most messages (the rest are
/// counted in the service's totals and reachable by filtering on them).
pub const MAX_SOURCES_PER_SERVICE: usize = 100;
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

/// Messages of one family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyCount {
    /// The family.
    pub family: Family,
    /// Its messages.
    pub messages: u64,
}

/// Messages per diagnosis ([`Diagnosis::index`]), and of them those whose
/// verdict stayed ambiguous.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) by_diagnosis: [u64; Diagnosis::ALL.len()],
    pub(crate) ambiguous: u64,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            by_diagnosis: [0; Diagnosis::ALL.len()],
            ambiguous: 0,
        }
    }
}

impl Tally {
    #[inline]
    pub(crate) fn add(&mut self, count: u64, j: Judgement) {
        if let Some(d) = self.by_diagnosis.get_mut(j.diagnosis.index()) {
            *d += count;
        }
        if j.ambiguous {
            self.ambiguous += count;
        }
    }

    /// The diagnosis with the most messages, and every one met, most first.
    fn diagnoses(&self) -> (Diagnosis, Vec<DiagnosisCount>) {
        diagnoses(&self.by_diagnosis)
    }

    /// Messages per family, in [`Family::ALL`] order, those with none left out.
    pub(crate) fn families(&self) -> Vec<FamilyCount> {
        Family::ALL
            .iter()
            .map(|family| FamilyCount {
                family: *family,
                messages: Diagnosis::ALL
                    .iter()
                    .zip(&self.by_diagnosis)
                    .filter(|(d, _)| d.family() == *family)
                    .map(|(_, n)| n)
                    .sum(),
            })
            .filter(|f| f.messages > 0)
            .collect()
    }
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
    /// The family of [`SourceRow::diagnosis`].
    pub family: Family,
    /// The diagnosis of most of its messages.
    pub diagnosis: Diagnosis,
    /// Every diagnosis met, most messages first.
    pub diagnoses: Vec<DiagnosisCount>,
    /// Messages per family.
    pub families: Vec<FamilyCount>,
    /// Messages whose verdict stayed ambiguous: only the person can say
    /// whether this source is theirs.
    pub ambiguous_messages: u64,
    /// What the person said about this address (or its service).
    pub mark: Mark,
    /// Whether it sends on most days with reports.
    pub steady: bool,
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
    /// The sender group (service and address) in [`Index::sources`]: ask
    /// [`source_rows`](crate::analysis::source_rows) for its records. The
    /// rows themselves are not listed here, which keeps a dashboard of a
    /// million records small enough for the page to decode quickly.
    pub source: u32,
    /// Whether the lists above were cut (more rows or record shapes).
    pub truncated: bool,
    /// Its AS and country, once the network data is loaded
    /// ([`crate::network`]). Always written (`null` without the data): the
    /// page–worker messages' compact format cannot leave a field out.
    #[serde(default)]
    pub network: Option<crate::network::SourceNetwork>,
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
    /// Messages per family over all its addresses.
    pub families: Vec<FamilyCount>,
    /// Messages whose verdict stayed ambiguous.
    pub ambiguous_messages: u64,
    /// What the person said about the service.
    pub mark: Mark,
    /// Its addresses with the most messages, most first (at most
    /// [`MAX_SOURCES_PER_SERVICE`]; filter by address or search for others).
    pub sources: Vec<SourceRow>,
    /// How many addresses it has in all.
    pub sources_total: u64,
}

/// Details of a listed sender group, second pass.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceDetail {
    counts: Counts,
    first: Option<i32>,
    last: Option<i32>,
    tally: Tally,
    shapes: Vec<u32>,
    truncated: bool,
}

impl SourceDetail {
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add(
        &mut self,
        count: u64,
        flags: u16,
        judgement: Judgement,
        shape: u32,
        day: Option<i32>,
    ) {
        self.counts.add(count, flags);
        if let Some(day) = day {
            self.first = Some(self.first.map_or(day, |f| f.min(day)));
            self.last = Some(self.last.map_or(day, |l| l.max(day)));
        }
        self.tally.add(count, judgement);
        if self.shapes.last() != Some(&shape) && !self.shapes.contains(&shape) {
            if self.shapes.len() < MAX_SHAPES {
                self.shapes.push(shape);
            } else {
                self.truncated = true;
            }
        }
        if self.counts.records > MAX_DRILL_ROWS as u64 {
            self.truncated = true;
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

fn source_row(
    index: &Index,
    judge: &Judge,
    source: u32,
    detail: SourceDetail,
) -> Option<SourceRow> {
    let (service, ip) = *index.sources.value(source)?;
    let (diagnosis, diagnoses) = detail.tally.diagnoses();
    let mut lists: [Vec<String>; 7] = Default::default();
    for shape in detail.shapes.iter().filter_map(|s| index.shapes.value(*s)) {
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
        dmarc_pass_rate: rate(detail.counts.dmarc_pass, detail.counts.messages),
        counts: detail.counts,
        family: diagnosis.family(),
        diagnosis,
        diagnoses,
        families: detail.tally.families(),
        ambiguous_messages: detail.tally.ambiguous,
        mark: judge.mark(source),
        steady: judge.steady(source),
        header_from,
        envelope_from,
        dkim_domains,
        dkim_selectors,
        dkim_results,
        spf_domains,
        spf_results,
        first_date: detail.first.map(iso_date),
        last_date: detail.last.map(iso_date),
        source,
        truncated: detail.truncated,
        network: None,
    })
}

/// Sender groups of one service after the first pass.
pub(crate) struct Pending {
    service: ServiceId,
    counts: Counts,
    tally: Tally,
    /// (messages, sender group id) of the addresses to list.
    listed: Vec<(u64, u32)>,
    sources: u64,
}

/// What the first pass counts per service (indexed by [`ServiceId`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ServiceTotals {
    pub(crate) counts: Counts,
    pub(crate) tally: Tally,
}

/// Groups the first pass's per-sender-group `(messages, records)` by
/// service and picks the addresses to list: the [`MAX_SOURCES_PER_SERVICE`]
/// with the most messages in each. Returns the groups and, per sender group
/// id, the slot of its detail (`u32::MAX` when not listed), and the number
/// of detail slots.
pub(crate) fn pick(
    index: &Index,
    per_source: &[(u64, u32)],
    services: &[ServiceTotals],
) -> (Vec<Pending>, Vec<u32>, usize) {
    let mut pending: Vec<Pending> = services
        .iter()
        .enumerate()
        .filter(|(_, t)| t.counts.records > 0)
        .map(|(i, t)| Pending {
            service: ServiceId(i as u16),
            counts: t.counts,
            tally: t.tally,
            listed: Vec::new(),
            sources: 0,
        })
        .collect();
    let mut at_service = vec![usize::MAX; services.len()];
    for (i, g) in pending.iter().enumerate() {
        if let Some(slot) = at_service.get_mut(usize::from(g.service.0)) {
            *slot = i;
        }
    }
    for (source, (messages, records)) in per_source.iter().enumerate() {
        if *records == 0 {
            continue;
        }
        let Some((service, _)) = index.sources.value(source as u32) else {
            continue;
        };
        let at = at_service
            .get(usize::from(service.0))
            .copied()
            .unwrap_or(usize::MAX);
        if let Some(g) = pending.get_mut(at) {
            g.sources += 1;
            g.listed.push((*messages, source as u32));
        }
    }
    let mut slots = vec![u32::MAX; index.sources.len()];
    let mut next = 0u32;
    let by_messages = |a: &(u64, u32), b: &(u64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    for g in &mut pending {
        if g.listed.len() > MAX_SOURCES_PER_SERVICE {
            g.listed
                .select_nth_unstable_by(MAX_SOURCES_PER_SERVICE, by_messages);
            g.listed.truncate(MAX_SOURCES_PER_SERVICE);
        }
        g.listed.sort_unstable_by(by_messages);
        for (_, source) in &g.listed {
            if let Some(slot) = slots.get_mut(*source as usize) {
                *slot = next;
                next += 1;
            }
        }
    }
    (pending, slots, next as usize)
}

/// The service groups, most messages first, from the picked groups and the
/// details of their listed addresses (in slot order).
pub(crate) fn finish(
    index: &Index,
    judge: &Judge,
    pending: Vec<Pending>,
    details: Vec<SourceDetail>,
) -> Vec<ServiceGroup> {
    let mut details = details.into_iter();
    let mut groups: Vec<ServiceGroup> = pending
        .into_iter()
        .map(|g| {
            let (diagnosis, diagnoses) = g.tally.diagnoses();
            let sources: Vec<SourceRow> = g
                .listed
                .iter()
                .filter_map(|(_, source)| {
                    source_row(index, judge, *source, details.next().unwrap_or_default())
                })
                .collect();
            ServiceGroup {
                service: g.service,
                name_key: g.service.key(),
                dmarc_pass_rate: rate(g.counts.dmarc_pass, g.counts.messages),
                counts: g.counts,
                diagnosis,
                diagnoses,
                families: g.tally.families(),
                ambiguous_messages: g.tally.ambiguous,
                mark: index
                    .marks
                    .services
                    .get(g.service.id())
                    .copied()
                    .unwrap_or_default(),
                sources_total: g.sources,
                sources,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.counts
            .messages
            .cmp(&a.counts.messages)
            .then(a.service.cmp(&b.service))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_messages_by_flag() {
        let cases = [
            (
                0,
                Counts {
                    messages: 5,
                    records: 1,
                    ..Counts::default()
                },
            ),
            (
                DMARC_PASS | DKIM_ALIGNED | DKIM_PASS | SPF_PASS,
                Counts {
                    messages: 5,
                    records: 1,
                    dmarc_pass: 5,
                    dkim_aligned: 5,
                    dkim_pass: 5,
                    spf_pass: 5,
                    ..Counts::default()
                },
            ),
            (
                REJECTED | QUARANTINED | SPF_ALIGNED,
                Counts {
                    messages: 5,
                    records: 1,
                    spf_aligned: 5,
                    quarantined: 5,
                    rejected: 5,
                    ..Counts::default()
                },
            ),
        ];
        for (flags, want) in cases {
            let mut c = Counts::default();
            c.add(5, flags);
            assert_eq!(c, want, "{flags:b}");
            assert_eq!(c.dmarc_fail(), 5 - want.dmarc_pass);
        }
        assert_eq!(rate(1, 4), Some(0.25));
        assert_eq!(rate(0, 0), None);
    }

    #[test]
    fn diagnoses_sorted_by_messages() {
        let mut counts = [0u64; Diagnosis::ALL.len()];
        counts[Diagnosis::Forwarded.index()] = 3;
        counts[Diagnosis::Aligned.index()] = 9;
        counts[Diagnosis::Unauthenticated.index()] = 3;
        let (main, list) = diagnoses(&counts);
        assert_eq!(main, Diagnosis::Aligned);
        let order: Vec<Diagnosis> = list.iter().map(|d| d.diagnosis).collect();
        assert_eq!(
            order,
            [
                Diagnosis::Aligned,
                Diagnosis::Forwarded,
                Diagnosis::Unauthenticated
            ]
        );
    }
}
