//! Domains at a glance: one line per policy domain (and per subdomain seen
//! in its reports' `header_from`), what needs attention first. The
//! dashboard's overview table and `dmarc-lens analyze` both print
//! [`overview`].
//!
//! A line counts every message of the filter's period, whatever the other
//! parts of the filter narrow (reporter, outcome, source, search): the
//! overview is where one chooses what to look at. Families come from the
//! same per-domain [`Judge`](super::Judge)s as readiness ([`domain_judges`]), so a
//! domain's line, its readiness card and the CLI agree.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::diagnosis::Family;
use super::filter::{Compiled, Filter};
use super::index::Index;
use super::intern::Interner;
use super::judge::Marks;
use super::readiness::{domain_judges, is_subdomain, readiness_with, Applied, Readiness, Verdict};
use super::sources::{rate, Counts, FamilyCount};
use super::timeline::policy_label;
use crate::report::aggregate::PolicyPublished;

/// Subdomain lines listed under a policy domain, most messages first (the
/// others count in the domain's line).
pub const MAX_SUBDOMAINS: usize = 10;

/// One line of the overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DomainOverview {
    /// The policy domain, or the subdomain (`header_from`) of a subdomain
    /// line. Empty when a report named no policy domain: say so in words.
    pub domain: String,
    /// For a subdomain line, its policy domain.
    pub parent: Option<String>,
    /// Message counts.
    pub counts: Counts,
    /// Share of messages passing DMARC.
    pub dmarc_pass_rate: Option<f64>,
    /// The policy published now (the latest report's), as its effect
    /// ([`policy_label`]: `p=quarantine; pct=25`); for a subdomain, `sp=`
    /// as it applies.
    pub policy: Option<String>,
    /// Messages per family (families without messages left out).
    pub families: Vec<FamilyCount>,
    /// The readiness verdict of a policy domain with dated reports.
    pub verdict: Option<Verdict>,
}

#[derive(Default)]
struct Line {
    counts: Counts,
    families: [u64; 4],
}

impl Line {
    fn add(&mut self, count: u64, flags: u16, family: Family) {
        self.counts.add(count, flags);
        if let Some(f) = self.families.get_mut(family as usize) {
            *f += count;
        }
    }

    fn finish(
        self,
        domain: String,
        parent: Option<String>,
        policy: Option<String>,
        verdict: Option<Verdict>,
    ) -> DomainOverview {
        DomainOverview {
            domain,
            parent,
            dmarc_pass_rate: rate(self.counts.dmarc_pass, self.counts.messages),
            counts: self.counts,
            policy,
            families: Family::ALL
                .iter()
                .zip(self.families)
                .filter(|(_, n)| *n > 0)
                .map(|(family, messages)| FamilyCount {
                    family: *family,
                    messages,
                })
                .collect(),
            verdict,
        }
    }
}

/// The overview of every policy domain with reports in `filter`'s period,
/// most urgent first ([`Verdict::attention`], then most messages), each
/// followed by its subdomains.
pub fn overview(index: &Index, filter: &Filter) -> Vec<DomainOverview> {
    overview_and_readiness(index, filter).0
}

/// [`overview`] and the readiness of every domain of the period (the
/// dashboard shows both; computed with the same judges, once).
/// The overview and readiness of every domain depend only on the filter's
/// period and on the index (its reports, its rows' attribution, the marks),
/// not on the rest of the filter; they walk every row of the period, so a
/// filter change at a million records would spend most of its time on
/// them. The index keeps the last result ([`OverviewCache`]) under what it
/// was computed from.
#[derive(Clone, Debug, PartialEq)]
struct OverviewKey {
    from: Option<i32>,
    to: Option<i32>,
    reports: usize,
    rows: usize,
    /// How many times the rows were attributed again ([`Index::attributions`]).
    attributions: u64,
    marks: Marks,
}

type Computed = (Vec<DomainOverview>, Vec<Readiness>);

/// The last [`overview_and_readiness`] of an [`Index`]. A clone of the index
/// starts with an empty cache.
#[derive(Debug, Default)]
pub(crate) struct OverviewCache(Mutex<Option<(OverviewKey, Computed)>>);

impl Clone for OverviewCache {
    fn clone(&self) -> Self {
        OverviewCache::default()
    }
}

pub(crate) fn overview_and_readiness(index: &Index, filter: &Filter) -> Computed {
    if !index.is_consistent() {
        return (Vec::new(), Vec::new());
    }
    let key = OverviewKey {
        from: filter.from,
        to: filter.to,
        reports: index.reports.len(),
        rows: index.rows.count.len(),
        attributions: index.attributions(),
        marks: index.marks.clone(),
    };
    let cache = index.overview_cache();
    if let Ok(cached) = cache.0.lock() {
        if let Some((k, computed)) = cached.as_ref() {
            if *k == key {
                return computed.clone();
            }
        }
    }
    let computed = compute(index, filter);
    if let Ok(mut cached) = cache.0.lock() {
        *cached = Some((key, computed.clone()));
    }
    computed
}

fn compute(index: &Index, filter: &Filter) -> Computed {
    let period = Filter {
        from: filter.from,
        to: filter.to,
        ..Filter::default()
    };
    let judges = domain_judges(index, &period);
    let all = readiness_with(index, &period, &judges);
    let scope = Compiled::new(index, &period);
    let n = index.domains.len();
    let mut lines: Vec<Option<Line>> = (0..n).map(|_| None).collect();
    let mut latest: Vec<Option<(Option<i32>, &PolicyPublished)>> = vec![None; n];
    // Subdomains: names interned, one line each (under the policy domain
    // it was first seen with: a name's policy domain is found by DNS, the
    // same for every receiver), and each shape's subdomain for the domain
    // it was last looked up for.
    let mut names: Interner<String> = Interner::default();
    let mut sub_lines: Vec<(u32, Line)> = Vec::new();
    let mut shape_sub: Vec<Option<(u32, Option<u32>)>> = vec![None; index.shapes.len()];
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        let d = r.domain as usize;
        let (Some(Some(judge)), Some(line), Some(last)) =
            (judges.get(d), lines.get_mut(d), latest.get_mut(d))
        else {
            continue;
        };
        if last.is_none_or(|(day, _)| r.day >= day) {
            *last = Some((r.day, &r.policy));
        }
        let line = line.get_or_insert_with(Line::default);
        let domain = index.domains.value(r.domain).map_or("", String::as_str);
        for row in r.first_row as usize..r.end_row as usize {
            let (count, flags) = (index.rows.count[row], index.rows.flags[row]);
            let family = judge.row(index, row).family;
            line.add(count, flags, family);
            let shape = index.rows.shape[row];
            let Some(cached) = shape_sub.get_mut(shape as usize) else {
                continue;
            };
            let sub = match cached {
                Some((of, sub)) if *of == r.domain => *sub,
                _ => {
                    let sub = index
                        .shapes
                        .value(shape)
                        .and_then(|s| s.header_from.as_deref())
                        .filter(|hf| is_subdomain(hf, domain))
                        .map(|hf| {
                            names.intern(hf.trim().trim_end_matches('.').to_ascii_lowercase())
                        });
                    *cached = Some((r.domain, sub));
                    sub
                }
            };
            if let Some(sub) = sub {
                if sub as usize == sub_lines.len() {
                    sub_lines.push((r.domain, Line::default()));
                }
                if let Some((_, l)) = sub_lines.get_mut(sub as usize) {
                    l.add(count, flags, family);
                }
            }
        }
    }
    let mut parents: Vec<DomainOverview> = lines
        .into_iter()
        .enumerate()
        .filter_map(|(id, line)| {
            let name = index.domains.value(id as u32)?.clone();
            let verdict = all.iter().find(|r| r.domain == name).map(|r| r.verdict);
            let policy = latest
                .get(id)
                .copied()
                .flatten()
                .map(|(_, pp)| policy_label(pp));
            Some(line?.finish(name, None, policy, verdict))
        })
        .collect();
    parents.sort_unstable_by(|a, b| {
        let rank = |d: &DomainOverview| d.verdict.map_or(u8::MAX, Verdict::attention);
        rank(a)
            .cmp(&rank(b))
            .then(b.counts.messages.cmp(&a.counts.messages))
            .then_with(|| a.domain.cmp(&b.domain))
    });
    let mut subs: Vec<(u32, u32, Line)> = sub_lines
        .into_iter()
        .enumerate()
        .map(|(sub, (domain, line))| (domain, sub as u32, line))
        .collect();
    subs.sort_unstable_by(|a, b| {
        b.2.counts
            .messages
            .cmp(&a.2.counts.messages)
            .then(a.1.cmp(&b.1))
    });
    let mut out = Vec::new();
    for parent in parents {
        let id = index
            .domains
            .get(parent.domain.as_str())
            .unwrap_or(u32::MAX);
        let sp = latest
            .get(id as usize)
            .copied()
            .flatten()
            .map(|(_, pp)| format!("sp={}", Applied::of(pp).sp));
        let name = parent.domain.clone();
        out.push(parent);
        let mine = subs
            .iter_mut()
            .filter(|(d, _, _)| *d == id)
            .take(MAX_SUBDOMAINS);
        for (_, sub, line) in mine {
            let sub = names.value(*sub).cloned().unwrap_or_default();
            let line = std::mem::take(line);
            out.push(line.finish(sub, Some(name.clone()), sp.clone(), None));
        }
    }
    (out, all)
}
