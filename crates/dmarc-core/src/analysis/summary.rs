//! [`summarize`]: everything the Reports dashboard shows for one filter, in
//! one pass over the matching rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::iso_date;
use super::feedback::{failures, policies, tls, FailureRow, PolicyRow, TlsDomainSummary};
use super::filter::{Compiled, Filter};
use super::index::Index;
use super::judge::Judge;
use super::overview::{overview_and_readiness, DomainOverview};
use super::readiness::Readiness;
use super::senders::ServiceId;
use super::sources::{finish, pick, rate, Counts, ServiceGroup, ServiceTotals, SourceDetail};
use super::timeline::{markers, timeline, DayCounts, Timeline};

/// Daily series longer than this list only the days with data.
const MAX_FILLED_DAYS: i64 = 3_700;

/// The headline figures. Messages are sums of `count`, never records.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// Message counts (messages, DMARC, aligned SPF/DKIM, quarantined, rejected).
    pub counts: Counts,
    /// Messages that failed DMARC.
    pub dmarc_fail: u64,
    /// Share of messages passing DMARC.
    pub dmarc_pass_rate: Option<f64>,
    /// Share of messages with aligned SPF pass.
    pub spf_aligned_rate: Option<f64>,
    /// Share of messages with aligned DKIM pass.
    pub dkim_aligned_rate: Option<f64>,
    /// Aggregate reports with a matching record.
    pub reports: u64,
    /// Distinct source addresses.
    pub sources: u64,
    /// Distinct sending services.
    pub services: u64,
    /// Distinct reporters.
    pub reporters: u64,
    /// First day covered (`YYYY-MM-DD`, the begin of the earliest report).
    pub first_date: Option<String>,
    /// Last day covered (the end of the latest report).
    pub last_date: Option<String>,
    /// The same as days since 1970-01-01.
    pub first_day: Option<i32>,
    /// The same as days since 1970-01-01.
    pub last_day: Option<i32>,
}

/// One day of the volume chart (a report counts on the day it begins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyPoint {
    /// Days since 1970-01-01.
    pub day: i32,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Messages that passed DMARC.
    pub passed: u64,
    /// Messages that failed DMARC.
    pub failed: u64,
}

/// One reporting organisation (receiver), whatever names its reports
/// were signed with ([`super::reporters`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReporterRow {
    /// Its name: the one most of its reports were signed with (a report
    /// without `org_name` is named by its e-mail domain).
    pub reporter: String,
    /// Its key, as in [`Filter::reporter`]: the organisational domain of its
    /// reporting address (or its name without one).
    #[serde(default)]
    pub organisation: String,
    /// Every name its reports used, most reports first.
    #[serde(default)]
    pub names: Vec<String>,
    /// Message counts.
    pub counts: Counts,
    /// Share of messages passing DMARC.
    pub dmarc_pass_rate: Option<f64>,
    /// Reports with a matching record.
    pub reports: u64,
    /// First day covered.
    pub first_date: Option<String>,
    /// Last day covered.
    pub last_date: Option<String>,
}

/// Everything the Reports view shows. Every list is of plain rows, sorted by
/// messages (or date) but sortable by any field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The filter this is for.
    pub filter: Filter,
    /// Headline figures.
    pub headline: Headline,
    /// Daily volume by outcome, continuous from the first to the last day
    /// (for the CLI; the page draws [`Dashboard::timeline`], so the worker
    /// does not send it).
    #[serde(skip)]
    pub daily: Vec<DailyPoint>,
    /// The chart: buckets at the step the span calls for, by outcome and
    /// family, y-axis ticks and published-policy changes.
    #[serde(default)]
    pub timeline: Timeline,
    /// Sources by service, then address.
    pub services: Vec<ServiceGroup>,
    /// Reporters.
    pub reporters: Vec<ReporterRow>,
    /// The policy each reporter saw published, as runs over time.
    pub policies: Vec<PolicyRow>,
    /// Policy readiness, one per policy domain shown.
    pub readiness: Vec<Readiness>,
    /// Every policy domain of the period (and its subdomains), most urgent
    /// first, whatever domain the filter focuses on.
    #[serde(default)]
    pub overview: Vec<DomainOverview>,
    /// The DKIM keys seen signing the mail shown ([`selectors`](super::selectors)).
    #[serde(default)]
    pub selectors: super::Selectors,
    /// Failure reports.
    pub failures: Vec<FailureRow>,
    /// SMTP TLS results per policy domain.
    pub tls: Vec<TlsDomainSummary>,
    /// Every policy domain loaded, for the filter's select.
    pub domains: Vec<String>,
    /// Every reporting organisation loaded ([`ReporterRow::organisation`]),
    /// for the filter's select.
    pub reporter_names: Vec<String>,
    /// The name of each of [`Dashboard::reporter_names`], in the same order:
    /// the one most of its reports were signed with.
    #[serde(default)]
    pub reporter_labels: Vec<String>,
    /// Every service met in the loaded reports, for the filter's select.
    pub service_ids: Vec<ServiceId>,
    /// Reports offered again and not counted ([`Index::duplicates`]).
    pub duplicates: u64,
    /// Networks of the listed sources ([`crate::network`]), once the
    /// network data is loaded.
    #[serde(default)]
    pub networks: crate::network::NetworkSummary,
}

#[derive(Clone, Copy, Debug, Default)]
struct ReporterAcc {
    counts: Counts,
    reports: u64,
    first: Option<i32>,
    last: Option<i32>,
}

fn widen(range: &mut (Option<i32>, Option<i32>), first: Option<i32>, last: Option<i32>) {
    if let Some(f) = first {
        range.0 = Some(range.0.map_or(f, |x| x.min(f)));
    }
    if let Some(l) = last {
        range.1 = Some(range.1.map_or(l, |x| x.max(l)));
    }
}

/// Computes the dashboard for `filter`: one pass over the rows of the
/// reports that match the report-level part of the filter, and a second one
/// for the details of the addresses listed.
pub fn summarize(index: &Index, filter: &Filter) -> Dashboard {
    if !index.is_consistent() {
        return Dashboard {
            filter: filter.clone(),
            ..Dashboard::default()
        };
    }
    let compiled = Compiled::new(index, filter);
    let judge = Judge::for_filter(index, filter);
    let rows = &index.rows;
    let all_rows = compiled.all_rows();
    let mut total = Counts::default();
    let mut reports = 0u64;
    let mut period = (None, None);
    let mut per_source: Vec<(u64, u32)> = vec![(0, 0); index.sources.len()];
    let mut services = vec![ServiceTotals::default(); ServiceId::all().count()];
    let mut reporters: Vec<ReporterAcc> = vec![ReporterAcc::default(); index.organisations.len()];
    let mut daily: BTreeMap<i32, DayCounts> = BTreeMap::new();
    // (organisation, name) of each report counted.
    let mut org_names: Vec<(u32, u32)> = Vec::new();
    for report in &index.reports {
        if !compiled.report_matches(report) {
            continue;
        }
        let mut counts = Counts::default();
        let mut families = [0u64; 4];
        for row in report.first_row as usize..report.end_row as usize {
            if !all_rows && !compiled.row_matches(index, row) {
                continue;
            }
            let count = rows.count[row];
            let flags = rows.flags[row];
            counts.add(count, flags);
            let judgement = judge.row(index, row);
            if let Some(f) = families.get_mut(judgement.family as usize) {
                *f += count;
            }
            if let Some(s) = services.get_mut(usize::from(rows.service[row])) {
                s.counts.add(count, flags);
                s.tally.add(count, judgement);
            }
            if let Some(s) = per_source.get_mut(rows.source[row] as usize) {
                s.0 += count;
                s.1 += 1;
            }
        }
        if counts.records == 0 {
            continue;
        }
        reports += 1;
        total.merge(&counts);
        widen(&mut period, report.day, report.end_day);
        if let Some(day) = report.day {
            let d = daily.entry(day).or_default();
            d.passed += counts.dmarc_pass;
            d.failed += counts.dmarc_fail();
            for (sum, n) in d.families.iter_mut().zip(families) {
                *sum += n;
            }
        }
        if let Some(r) = reporters.get_mut(report.organisation as usize) {
            r.counts.merge(&counts);
            r.reports += 1;
            org_names.push((report.organisation, report.reporter));
            let mut range = (r.first, r.last);
            widen(&mut range, report.day, report.end_day);
            (r.first, r.last) = range;
        }
    }
    let mut ip_seen = vec![false; index.ips.len()];
    for (source, (_, records)) in per_source.iter().enumerate() {
        if *records > 0 {
            if let Some((_, ip)) = index.sources.value(source as u32) {
                if let Some(seen) = ip_seen.get_mut(*ip as usize) {
                    *seen = true;
                }
            }
        }
    }
    let (pending, detail_slots, listed) = pick(index, &per_source, &services);
    let mut details = vec![SourceDetail::default(); listed];
    for report in index.reports.iter().filter(|r| compiled.report_matches(r)) {
        for row in report.first_row as usize..report.end_row as usize {
            let at = detail_slots
                .get(rows.source[row] as usize)
                .copied()
                .unwrap_or(u32::MAX);
            if at == u32::MAX || (!all_rows && !compiled.row_matches(index, row)) {
                continue;
            }
            if let Some(detail) = details.get_mut(at as usize) {
                detail.add(
                    rows.count[row],
                    rows.flags[row],
                    judge.row(index, row),
                    rows.shape[row],
                    report.day,
                );
            }
        }
    }
    let services = finish(index, &judge, pending, details);
    let reporter_rows = reporter_rows(index, reporters, names_of(index, org_names));
    let headline = Headline {
        dmarc_fail: total.dmarc_fail(),
        dmarc_pass_rate: rate(total.dmarc_pass, total.messages),
        spf_aligned_rate: rate(total.spf_aligned, total.messages),
        dkim_aligned_rate: rate(total.dkim_aligned, total.messages),
        counts: total,
        reports,
        sources: ip_seen.iter().filter(|s| **s).count() as u64,
        services: services.len() as u64,
        reporters: reporter_rows.len() as u64,
        first_date: period.0.map(iso_date),
        last_date: period.1.map(iso_date),
        first_day: period.0,
        last_day: period.1,
    };
    let mut domains = index.domains.values().to_vec();
    domains.sort_unstable();
    let (reporter_names, reporter_labels) = organisation_labels(index);
    let mut service_ids: Vec<ServiceId> = index.sources.values().iter().map(|(s, _)| *s).collect();
    service_ids.sort_unstable();
    service_ids.dedup();
    let (overview, mut readiness) = overview_and_readiness(index, filter);
    if let Some(focus) = &filter.domain {
        let focus = focus.trim().to_lowercase();
        readiness.retain(|r| r.domain == focus);
    }
    Dashboard {
        filter: filter.clone(),
        headline,
        timeline: timeline(&daily, markers(index, &compiled)),
        daily: daily_series(&daily),
        services,
        reporters: reporter_rows,
        policies: policies(index, &compiled),
        readiness,
        overview,
        selectors: super::selectors(index, filter),
        failures: failures(index, filter),
        tls: tls(index, filter),
        domains,
        reporter_names,
        reporter_labels,
        service_ids,
        duplicates: index.duplicates,
        networks: Default::default(),
    }
}

/// Every row matching `filter`, in load order: for an export of the current
/// view. A row's report and position are in [`Index::record`]; with an index
/// built by [`Index::from_set`], the n-th [`Index::reports`] entry is the
/// n-th aggregate report of the set.
pub fn matching_rows(index: &Index, filter: &Filter) -> Vec<u32> {
    rows_where(index, filter, |_| true, usize::MAX)
}

/// The rows of one sender group ([`SourceRow::source`](crate::analysis::SourceRow::source))
/// that match `filter`, in load order, at most `limit`: the raw records
/// behind one line of the sources table.
pub fn source_rows(index: &Index, filter: &Filter, source: u32, limit: usize) -> Vec<u32> {
    let of_source = |row: u32| index.rows.source.get(row as usize) == Some(&source);
    rows_where(index, filter, of_source, limit)
}

/// At most `limit` rows, in load order, that match `filter` and `keep`.
fn rows_where(
    index: &Index,
    filter: &Filter,
    keep: impl Fn(u32) -> bool,
    limit: usize,
) -> Vec<u32> {
    if !index.is_consistent() {
        return Vec::new();
    }
    let compiled = Compiled::new(index, filter);
    let all_rows = compiled.all_rows();
    index
        .reports
        .iter()
        .filter(|r| compiled.report_matches(r))
        .flat_map(|r| r.first_row..r.end_row)
        .filter(|row| keep(*row))
        .filter(|row| all_rows || compiled.row_matches(index, *row as usize))
        .take(limit)
        .collect()
}

/// Each organisation's names ([`Index::organisations`] order), most
/// reports first, from the (organisation, name) of each report.
fn names_of(index: &Index, pairs: Vec<(u32, u32)>) -> Vec<Vec<String>> {
    let mut pairs: Vec<u64> = pairs
        .into_iter()
        .map(|(org, name)| (u64::from(org) << 32) | u64::from(name))
        .collect();
    pairs.sort_unstable();
    let mut counted: Vec<(u32, usize, &String)> = Vec::new();
    for run in pairs.chunk_by(|a, b| a == b) {
        if let Some(pair) = run.first() {
            let (org, name) = ((pair >> 32) as u32, *pair as u32);
            if let Some(text) = index.reporters.value(name) {
                counted.push((org, run.len(), text));
            }
        }
    }
    counted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(b.2)));
    let mut out = vec![Vec::new(); index.organisations.len()];
    for (org, _, name) in counted {
        if let Some(names) = out.get_mut(org as usize) {
            names.push(name.clone());
        }
    }
    out
}

/// Every organisation's key and name (the name most of its reports used),
/// sorted by name.
fn organisation_labels(index: &Index) -> (Vec<String>, Vec<String>) {
    let pairs = index
        .reports
        .iter()
        .map(|r| (r.organisation, r.reporter))
        .collect();
    let mut pairs: Vec<(String, String)> = names_of(index, pairs)
        .into_iter()
        .enumerate()
        .filter_map(|(i, names)| {
            let key = index.organisations.value(i as u32)?.clone();
            let label = names.into_iter().next().unwrap_or_else(|| key.clone());
            Some((key, label))
        })
        .collect();
    pairs.sort_unstable_by(|a, b| {
        a.1.to_lowercase()
            .cmp(&b.1.to_lowercase())
            .then_with(|| a.0.cmp(&b.0))
    });
    pairs.into_iter().unzip()
}

fn reporter_rows(
    index: &Index,
    accs: Vec<ReporterAcc>,
    names: Vec<Vec<String>>,
) -> Vec<ReporterRow> {
    let mut rows: Vec<ReporterRow> = accs
        .into_iter()
        .zip(names)
        .enumerate()
        .filter(|(_, (a, _))| a.counts.records > 0)
        .map(|(i, (a, names))| ReporterRow {
            reporter: names.first().cloned().unwrap_or_default(),
            organisation: index
                .organisations
                .value(i as u32)
                .cloned()
                .unwrap_or_default(),
            names,
            dmarc_pass_rate: rate(a.counts.dmarc_pass, a.counts.messages),
            counts: a.counts,
            reports: a.reports,
            first_date: a.first.map(iso_date),
            last_date: a.last.map(iso_date),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.counts
            .messages
            .cmp(&a.counts.messages)
            .then_with(|| a.reporter.cmp(&b.reporter))
    });
    rows
}

fn daily_series(days: &BTreeMap<i32, DayCounts>) -> Vec<DailyPoint> {
    let point = |day: i32, c: DayCounts| DailyPoint {
        day,
        date: iso_date(day),
        passed: c.passed,
        failed: c.failed,
    };
    let (Some((&first, _)), Some((&last, _))) = (days.first_key_value(), days.last_key_value())
    else {
        return Vec::new();
    };
    if i64::from(last) - i64::from(first) > MAX_FILLED_DAYS {
        return days.iter().map(|(d, v)| point(*d, *v)).collect();
    }
    (first..=last)
        .map(|d| point(d, days.get(&d).copied().unwrap_or_default()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Report;
    use crate::testdata::synthetic::Synthetic;

    #[test]
    fn daily_series_fill_gaps() {
        type Day = (i32, (u64, u64));
        type Point = (i32, u64, u64);
        let cases: [(&[Day], Vec<Point>); 3] = [
            (&[], vec![]),
            (
                &[(10, (1, 2)), (12, (3, 0))],
                vec![(10, 1, 2), (11, 0, 0), (12, 3, 0)],
            ),
            (
                &[(0, (1, 0)), (20_000, (0, 1))],
                vec![(0, 1, 0), (20_000, 0, 1)],
            ),
        ];
        for (days, want) in cases {
            let days: BTreeMap<i32, DayCounts> = days
                .iter()
                .map(|(d, (passed, failed))| {
                    let c = DayCounts {
                        passed: *passed,
                        failed: *failed,
                        families: [0; 4],
                    };
                    (*d, c)
                })
                .collect();
            let got: Vec<Point> = daily_series(&days)
                .into_iter()
                .map(|p| (p.day, p.passed, p.failed))
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn matching_rows_agree_with_the_dashboard() {
        let mut index = Index::new();
        for r in Synthetic::new(4).records(3_000).per_report(50) {
            index.add("s.xml", &Report::Aggregate(r));
        }
        for query in [
            "",
            "domain=example.com",
            "outcome=fail",
            "service=google",
            "q=sendgrid",
        ] {
            let filter = Filter::from_query(query);
            let d = summarize(&index, &filter);
            let rows = matching_rows(&index, &filter);
            assert_eq!(rows.len() as u64, d.headline.counts.records, "{query}");
            let messages: u64 = rows.iter().map(|r| index.rows.count[*r as usize]).sum();
            assert_eq!(messages, d.headline.counts.messages, "{query}");
        }
    }
}
