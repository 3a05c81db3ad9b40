//! Time that scales: the volume chart's buckets, whose step follows the
//! span (days up to [`MAX_DAY_SPAN`] days, ISO weeks up to
//! [`MAX_WEEK_SPAN`], then months), a y-axis of round ticks, and the
//! published-policy changes as markers (`p=none → p=quarantine`).
//!
//! Buckets run without a hole from the first to the last one with data; a
//! bucket without reports holds zeros and is drawn as a gap. A message
//! counts on the day its report begins, as everywhere in the dashboard.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::{civil_from_days, days_from_civil, iso_date};
use super::filter::Compiled;
use super::index::Index;
use crate::report::aggregate::{Policy, PolicyPublished, Testing};

/// Spans up to this many days are shown day by day.
pub const MAX_DAY_SPAN: i32 = 92;
/// Spans up to this many days are shown week by week (then month by month).
pub const MAX_WEEK_SPAN: i32 = 731;
/// Markers kept, the latest changes first dropped beyond it.
pub const MAX_MARKERS: usize = 24;

/// The width of a bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// One UTC day.
    #[default]
    Day,
    /// One ISO week, Monday to Sunday.
    Week,
    /// One calendar month.
    Month,
}

impl Step {
    /// The step for a span of `days` days.
    pub fn for_span(days: i32) -> Step {
        if days <= MAX_DAY_SPAN {
            Step::Day
        } else if days <= MAX_WEEK_SPAN {
            Step::Week
        } else {
            Step::Month
        }
    }

    /// `day`, `week` or `month`.
    pub fn code(self) -> &'static str {
        match self {
            Step::Day => "day",
            Step::Week => "week",
            Step::Month => "month",
        }
    }

    /// The first day of the bucket holding `day`.
    pub fn start(self, day: i32) -> i32 {
        match self {
            Step::Day => day,
            // 1970-01-01 was a Thursday: Monday is 3 days before.
            Step::Week => day - (day + 3).rem_euclid(7),
            Step::Month => {
                let (y, m, _) = civil_from_days(day);
                days_from_civil(y, m, 1)
            }
        }
    }

    /// The first day of the next bucket after the one starting on `start`.
    pub fn next(self, start: i32) -> i32 {
        match self {
            Step::Day => start + 1,
            Step::Week => start + 7,
            Step::Month => {
                let (y, m, _) = civil_from_days(start);
                if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                }
            }
        }
    }
}

/// Messages of one day, by outcome and by family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DayCounts {
    pub(crate) passed: u64,
    pub(crate) failed: u64,
    /// By [`Family`](super::Family) (`Family as usize`).
    pub(crate) families: [u64; 4],
}

/// One bar of the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// First day (days since 1970-01-01).
    pub start: i32,
    /// First day of the next bucket.
    pub end: i32,
    /// `start` as `YYYY-MM-DD`.
    pub date: String,
    /// Messages that passed DMARC.
    pub passed: u64,
    /// Messages that failed DMARC.
    pub failed: u64,
    /// Messages per family, in [`Family::ALL`](super::Family::ALL) order.
    pub families: [u64; 4],
}

impl Bucket {
    /// All its messages.
    pub fn messages(&self) -> u64 {
        self.passed + self.failed
    }
}

/// A change of the published policy, as most reports of a day saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyMarker {
    /// The first day the new policy was seen.
    pub day: i32,
    /// The same, `YYYY-MM-DD`.
    pub date: String,
    /// The policy domain.
    pub domain: String,
    /// The policy before (`p=none`).
    pub from: String,
    /// The policy after (`p=quarantine; pct=25`).
    pub to: String,
}

/// The chart: its step, buckets, y-axis and markers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// The width of a bucket.
    pub step: Step,
    /// Buckets from the first to the last with data, none left out.
    pub buckets: Vec<Bucket>,
    /// The y-axis ticks from 0 up, the last one at or above every bucket.
    pub ticks: Vec<u64>,
    /// Published-policy changes, in date order.
    pub markers: Vec<PolicyMarker>,
}

/// Round ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power
/// of ten, at most six ticks.
pub fn ticks(max: u64) -> Vec<u64> {
    if max == 0 {
        return vec![0, 1];
    }
    let mut step = 1u64;
    'search: loop {
        for m in [1, 2, 5] {
            let s = step.saturating_mul(m);
            if max.div_ceil(s) <= 5 {
                step = s;
                break 'search;
            }
        }
        step = step.saturating_mul(10);
    }
    let top = max.div_ceil(step);
    (0..=top).map(|i| i * step).collect()
}

/// The buckets of `days` at the step their span calls for.
pub(crate) fn buckets(days: &BTreeMap<i32, DayCounts>) -> (Step, Vec<Bucket>) {
    let (Some((&first, _)), Some((&last, _))) = (days.first_key_value(), days.last_key_value())
    else {
        return (Step::Day, Vec::new());
    };
    let step = Step::for_span(last - first + 1);
    let mut out: Vec<Bucket> = Vec::new();
    let mut start = step.start(first);
    while start <= last {
        let end = step.next(start);
        let mut b = Bucket {
            start,
            end,
            date: iso_date(start),
            passed: 0,
            failed: 0,
            families: [0; 4],
        };
        for (_, c) in days.range(start..end) {
            b.passed += c.passed;
            b.failed += c.failed;
            for (sum, n) in b.families.iter_mut().zip(c.families) {
                *sum += n;
            }
        }
        out.push(b);
        start = end;
    }
    (step, out)
}

/// The policy as a short label: `p`, then what changes its effect (`sp`
/// and `np` when they differ, `pct` below 100, `t=y`).
pub fn policy_label(pp: &PolicyPublished) -> String {
    let p = pp.p.clone().unwrap_or(Policy::None);
    let mut label = format!("p={p}");
    if let Some(sp) = pp.sp.as_ref().filter(|sp| **sp != p) {
        label.push_str(&format!("; sp={sp}"));
    }
    if let Some(np) = &pp.np {
        label.push_str(&format!("; np={np}"));
    }
    if let Some(pct) = pp.pct.filter(|pct| *pct < 100) {
        label.push_str(&format!("; pct={pct}"));
    }
    if pp.testing == Some(Testing::Yes) {
        label.push_str("; t=y");
    }
    label
}

/// The published-policy changes of the reports `scope` selects: per
/// domain, the policy most of a day's reports saw, and a marker where it
/// differs from the previous day with reports.
pub(crate) fn markers(index: &Index, scope: &Compiled) -> Vec<PolicyMarker> {
    // Each distinct label once; (domain, day, label) per report.
    let mut labels: Vec<String> = Vec::new();
    let mut seen: Vec<(u32, i32, usize)> = Vec::new();
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        if let Some(day) = r.day {
            let label = policy_label(&r.policy);
            let id = labels.iter().position(|l| *l == label).unwrap_or_else(|| {
                labels.push(label);
                labels.len() - 1
            });
            seen.push((r.domain, day, id));
        }
    }
    seen.sort_unstable();
    let mut out = Vec::new();
    let mut last: Option<(u32, usize)> = None;
    for day in seen.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        // The label most of the day's reports saw (the first on a tie).
        let Some(&(domain, date, label)) = day
            .chunk_by(|a, b| a.2 == b.2)
            .max_by(|a, b| {
                let first = |run: &[(u32, i32, usize)]| run.first().map(|x| x.2);
                a.len().cmp(&b.len()).then(first(b).cmp(&first(a)))
            })
            .and_then(|run| run.first())
        else {
            continue;
        };
        if let Some((d, before)) = last {
            if d == domain && before != label {
                out.push(PolicyMarker {
                    day: date,
                    date: iso_date(date),
                    domain: index.domains.value(domain).cloned().unwrap_or_default(),
                    from: labels.get(before).cloned().unwrap_or_default(),
                    to: labels.get(label).cloned().unwrap_or_default(),
                });
            }
        }
        last = Some((domain, label));
    }
    out.sort_unstable_by(|a, b| a.day.cmp(&b.day).then_with(|| a.domain.cmp(&b.domain)));
    out.truncate(MAX_MARKERS);
    out
}

/// The timeline of `days` with `markers`.
pub(crate) fn timeline(days: &BTreeMap<i32, DayCounts>, markers: Vec<PolicyMarker>) -> Timeline {
    let (step, buckets) = buckets(days);
    let max = buckets.iter().map(Bucket::messages).max().unwrap_or(0);
    Timeline {
        step,
        ticks: ticks(max),
        buckets,
        markers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ticks() {
        let cases: [(u64, &[u64]); 7] = [
            (0, &[0, 1]),
            (1, &[0, 1]),
            (4, &[0, 1, 2, 3, 4]),
            (7, &[0, 2, 4, 6, 8]),
            (23, &[0, 5, 10, 15, 20, 25]),
            (99, &[0, 20, 40, 60, 80, 100]),
            (1_234, &[0, 500, 1_000, 1_500]),
        ];
        for (max, want) in cases {
            assert_eq!(ticks(max), want, "{max}");
        }
    }

    #[test]
    fn step_follows_the_span() {
        // 2024-01-01 is day 19723, a Monday.
        let monday = 19_723;
        let cases = [
            (10, Step::Day, 10),
            (92, Step::Day, 92),
            (93, Step::Week, 14),
            (366, Step::Week, 53),
            (3_653, Step::Month, 120),
        ];
        for (span, step, n) in cases {
            let days: BTreeMap<i32, DayCounts> = [monday, monday + span - 1]
                .into_iter()
                .map(|d| (d, DayCounts::default()))
                .collect();
            let (got, buckets) = buckets(&days);
            assert_eq!((got, buckets.len()), (step, n), "{span}");
            assert!(buckets.windows(2).all(|w| w[0].end == w[1].start));
        }
        assert_eq!(Step::Week.start(monday + 6), monday);
        assert_eq!(Step::Month.start(monday + 40), monday + 31);
        assert_eq!(
            Step::Month.next(days_from_civil(2024, 12, 1)),
            days_from_civil(2025, 1, 1)
        );
    }

    #[test]
    fn gaps_are_empty_buckets_and_nothing_is_lost() {
        let day = |passed, failed| DayCounts {
            passed,
            failed,
            families: [passed, 0, 0, failed],
        };
        let days: BTreeMap<i32, DayCounts> = [
            (19_723, day(5, 1)),
            (19_725, day(2, 0)),
            (19_800, day(0, 3)),
        ]
        .into_iter()
        .collect();
        let (step, b) = buckets(&days);
        assert_eq!(step, Step::Day);
        assert_eq!(b.len(), 78);
        assert_eq!(b[1].messages(), 0);
        let total: u64 = b.iter().map(Bucket::messages).sum();
        assert_eq!(total, 11);
        let fam: u64 = b.iter().flat_map(|x| x.families).sum();
        assert_eq!(fam, 11);
    }

    #[test]
    fn labels() {
        let pp = |p: Policy, sp: Option<Policy>, pct: Option<u32>, t: bool| PolicyPublished {
            p: Some(p),
            sp,
            pct,
            testing: t.then_some(Testing::Yes),
            ..PolicyPublished::default()
        };
        let cases = [
            (pp(Policy::None, None, Some(100), false), "p=none"),
            (
                pp(Policy::Reject, Some(Policy::Reject), None, false),
                "p=reject",
            ),
            (
                pp(Policy::Quarantine, Some(Policy::None), Some(25), false),
                "p=quarantine; sp=none; pct=25",
            ),
            (pp(Policy::Reject, None, None, true), "p=reject; t=y"),
        ];
        for (policy, want) in cases {
            assert_eq!(policy_label(&policy), want);
        }
    }
}
