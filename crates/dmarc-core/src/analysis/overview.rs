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

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::diagnosis::Family;
use super::feedback::policy_text;
use super::filter::{Compiled, Filter};
use super::index::Index;
use super::intern::Interner;
use super::readiness::{domain_judges, is_subdomain, readiness_with, Applied, Readiness, Verdict};
use super::sources::{rate, Counts, FamilyCount};
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
    /// The policy published now (the latest report's), as text
    /// (`p=none; sp=quarantine`); for a subdomain, `sp=` as it applies.
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
pub(crate) fn overview_and_readiness(
    index: &Index,
    filter: &Filter,
) -> (Vec<DomainOverview>, Vec<Readiness>) {
    if !index.is_consistent() {
        return (Vec::new(), Vec::new());
    }
    let period = Filter {
        from: filter.from,
        to: filter.to,
        ..Filter::default()
    };
    let judges = domain_judges(index, &period);
    let all = readiness_with(index, &period, &judges);
    let scope = Compiled::new(index, &period);
    let mut lines: BTreeMap<u32, Line> = BTreeMap::new();
    let mut latest: HashMap<u32, (Option<i32>, &PolicyPublished)> = HashMap::new();
    // Subdomains: names interned, lines per (domain, subdomain), and each
    // (domain, shape)'s subdomain computed once.
    let mut names: Interner<String> = Interner::default();
    let mut sub_lines: HashMap<(u32, u32), Line> = HashMap::new();
    let mut shape_sub: HashMap<(u32, u32), Option<u32>> = HashMap::new();
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        let Some(judge) = judges.get(&r.domain) else {
            continue;
        };
        let newer = latest.get(&r.domain).is_none_or(|(day, _)| r.day >= *day);
        if newer {
            latest.insert(r.domain, (r.day, &r.policy));
        }
        let domain = index.domains.value(r.domain).map_or("", String::as_str);
        let line = lines.entry(r.domain).or_default();
        for row in r.first_row as usize..r.end_row as usize {
            let (count, flags) = (index.rows.count[row], index.rows.flags[row]);
            let family = judge.row(index, row).family;
            line.add(count, flags, family);
            let shape = index.rows.shape[row];
            let sub = *shape_sub.entry((r.domain, shape)).or_insert_with(|| {
                let hf = index.shapes.value(shape)?.header_from.as_deref()?;
                is_subdomain(hf, domain)
                    .then(|| names.intern(hf.trim().trim_end_matches('.').to_ascii_lowercase()))
            });
            if let Some(sub) = sub {
                sub_lines
                    .entry((r.domain, sub))
                    .or_default()
                    .add(count, flags, family);
            }
        }
    }
    let mut subs: HashMap<u32, Vec<(u32, Line)>> = HashMap::new();
    for ((domain, sub), line) in sub_lines {
        subs.entry(domain).or_default().push((sub, line));
    }
    let mut parents: Vec<DomainOverview> = lines
        .into_iter()
        .map(|(id, line)| {
            let name = index.domains.value(id).cloned().unwrap_or_default();
            let verdict = all.iter().find(|r| r.domain == name).map(|r| r.verdict);
            let policy = latest.get(&id).map(|(_, pp)| policy_text(pp));
            line.finish(name, None, policy, verdict)
        })
        .collect();
    parents.sort_by(|a, b| {
        let rank = |d: &DomainOverview| d.verdict.map_or(u8::MAX, Verdict::attention);
        rank(a)
            .cmp(&rank(b))
            .then(b.counts.messages.cmp(&a.counts.messages))
            .then_with(|| a.domain.cmp(&b.domain))
    });
    let mut out = Vec::new();
    for parent in parents {
        let id = index.domains.get(parent.domain.as_str());
        let sp = id
            .and_then(|id| latest.get(&id))
            .map(|(_, pp)| format!("sp={}", Applied::of(pp).sp));
        let mut children = id.and_then(|id| subs.remove(&id)).unwrap_or_default();
        children.sort_by(|a, b| {
            b.1.counts
                .messages
                .cmp(&a.1.counts.messages)
                .then(a.0.cmp(&b.0))
        });
        children.truncate(MAX_SUBDOMAINS);
        let name = parent.domain.clone();
        out.push(parent);
        for (sub, line) in children {
            let sub = names.value(sub).cloned().unwrap_or_default();
            out.push(line.finish(sub, Some(name.clone()), sp.clone(), None));
        }
    }
    (out, all)
}
