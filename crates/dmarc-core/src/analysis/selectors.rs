//! The DKIM selector inventory: every key (`d=` domain and selector) the
//! reports show signing a policy domain's mail, by which services, from
//! when to when, how often it passed, and what that says:
//!
//! - `stopped_passing`: it passed, then failed on at least
//!   [`STOPPED_DAYS`] later days and never passed again (a key removed from
//!   DNS, or replaced, while something still signs with it);
//! - `never_passed`: no message signed with it passed (a broken or missing
//!   key record, or someone else signing with that name);
//! - `superseded`: a newer selector of the same `d=` domain and service
//!   appeared, and this one still signs mail in the last
//!   [`RECENT_DAYS`] days of the data (an old key still in use);
//! - `passing`: none of the above.
//!
//! The dashboard's table and `dmarc-lens analyze` both print [`selectors`].

use std::collections::BTreeMap;

use foldhash::HashMap;
use serde::{Deserialize, Serialize};

use super::date::iso_date;
use super::filter::{Compiled, Filter};
use super::index::Index;
use super::senders::ServiceId;
use super::sources::rate;
use crate::report::aggregate::{domains_aligned, Alignment, DkimResult};

/// Days with failures after the last pass that make a key `stopped_passing`.
pub const STOPPED_DAYS: usize = 2;

/// How recent (in days before the data's last day) a superseded key's use
/// must be to count as still in use.
pub const RECENT_DAYS: i32 = 7;

/// Rows listed at most (the most messages first); the rest are counted.
pub const MAX_SELECTORS: usize = 200;

/// What a key's history says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectorState {
    /// It passed, then only failed.
    StoppedPassing,
    /// It never passed.
    NeverPassed,
    /// A newer selector took over, and this one is still used.
    Superseded,
    /// It passes.
    Passing,
}

impl SelectorState {
    /// Every state, most urgent first.
    pub const ALL: [SelectorState; 4] = [
        SelectorState::StoppedPassing,
        SelectorState::NeverPassed,
        SelectorState::Superseded,
        SelectorState::Passing,
    ];

    /// The code: `stopped_passing`, `never_passed`, `superseded`, `passing`.
    pub fn code(self) -> &'static str {
        match self {
            SelectorState::StoppedPassing => "stopped_passing",
            SelectorState::NeverPassed => "never_passed",
            SelectorState::Superseded => "superseded",
            SelectorState::Passing => "passing",
        }
    }

    /// Its translation key, `selector.state.<code>`.
    pub fn key(self) -> String {
        format!("selector.state.{}", self.code())
    }
}

/// One DKIM key as the reports show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectorRow {
    /// The policy domain whose mail it signed.
    pub policy_domain: String,
    /// The signing domain (`d=`), lower-cased.
    pub domain: String,
    /// The selector (`s=`), lower-cased; `None` when the reporters left it out.
    pub selector: Option<String>,
    /// Whether `d=` aligns with the mail's From domain (for most of its
    /// messages): a key of the domain owner's, not only the platform's.
    pub aligned: bool,
    /// The services that sent the mail it signed, most messages first.
    pub services: Vec<ServiceId>,
    /// Messages it signed.
    pub messages: u64,
    /// Of them, those whose signature passed.
    pub pass: u64,
    /// `pass / messages`.
    pub pass_rate: Option<f64>,
    /// Of the failures, those with `temperror` (a DNS hiccup) or `permerror`
    /// (a broken key record).
    pub errors: u64,
    /// First and last day seen (`YYYY-MM-DD`), when the reports are dated.
    pub first_date: Option<String>,
    /// Last day seen.
    pub last_date: Option<String>,
    /// Last day its signature passed.
    pub last_pass_date: Option<String>,
    /// What its history says.
    pub state: SelectorState,
}

/// The inventory for a filter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Selectors {
    /// The keys, by policy domain, then what needs attention first, then
    /// the most messages.
    pub rows: Vec<SelectorRow>,
    /// Keys in all (more than `rows` when cut at [`MAX_SELECTORS`]).
    pub total: usize,
}

/// A key: policy domain id, `d=`, `s=`.
type Key = (u32, String, Option<String>);

/// A DKIM result resolved: its key's index and whether `d=` aligns.
type Resolved = Vec<Option<(usize, bool)>>;

/// One report's figures for a key sent through a service.
#[derive(Default)]
struct Tally {
    id: usize,
    service: u16,
    /// The next tally of the same key in the report (`usize::MAX`: none).
    next: usize,
    messages: u64,
    pass: u64,
    errors: u64,
    aligned: u64,
}

#[derive(Default)]
struct Acc {
    messages: u64,
    pass: u64,
    errors: u64,
    aligned: u64,
    services: HashMap<u16, u64>,
    /// Per day: (messages, passes).
    days: BTreeMap<i32, (u64, u64)>,
}

/// The DKIM keys of the rows `filter` shows.
pub fn selectors(index: &Index, filter: &Filter) -> Selectors {
    if !index.is_consistent() {
        return Selectors::default();
    }
    let scope = Compiled::new(index, filter);
    let all_rows = scope.all_rows();
    // Each key once, and each (domain, shape, DKIM result, strict) mapped to
    // its key and alignment once: a year of reports repeats them.
    let mut keys: Vec<(Key, Acc)> = Vec::new();
    let mut key_ids: HashMap<Key, usize> = HashMap::default();
    // The key of each (policy domain, `d=`, `s=`) as the reports write them.
    let mut raw_ids: HashMap<(u32, &str, Option<&str>), Option<usize>> = HashMap::default();
    // Per (policy domain, strict): each shape's DKIM results resolved to
    // (key, aligned) once. Rows only index vectors.
    let mut resolved: HashMap<(u32, bool), Vec<Option<Resolved>>> = HashMap::default();
    // One report's figures per (key, service), added to the keys per report,
    // and where each (key, service) is in it: a large reporter's report has
    // thousands (a search along them for every row took three quarters of
    // the dashboard's time).
    let mut in_report: Vec<Tally> = Vec::new();
    // Per key, its first tally in the report (`usize::MAX`: none); the
    // tallies of one key are chained, a key having few services.
    let mut first_tally: Vec<usize> = Vec::new();
    // Whether a From domain and a key's `d=` align, per (From, key, strict):
    // shapes repeat the same few pairs.
    let mut aligned_of: HashMap<(&str, usize, bool), bool> = HashMap::default();
    let mut last_day: Option<i32> = None;
    for report in index.reports.iter().filter(|r| scope.report_matches(r)) {
        let strict = matches!(report.policy.adkim, Some(Alignment::Strict));
        let shapes = resolved
            .entry((report.domain, strict))
            .or_insert_with(|| vec![None; index.shapes.len()]);
        for t in in_report.drain(..) {
            if let Some(first) = first_tally.get_mut(t.id) {
                *first = usize::MAX;
            }
        }
        for row in report.first_row as usize..report.end_row as usize {
            if !all_rows && !scope.row_matches(index, row) {
                continue;
            }
            let shape_id = index.rows.shape[row];
            let (Some(shape), Some(slot)) = (
                index.shapes.value(shape_id),
                shapes.get_mut(shape_id as usize),
            ) else {
                continue;
            };
            let results = slot.get_or_insert_with(|| {
                shape
                    .dkim_auth
                    .iter()
                    .map(|dkim| {
                        // `none`: "the message was not signed" (RFC 8601
                        // §2.7.1, which the report schemas' DKIM results
                        // follow), so no key signed that mail, whatever `d=`
                        // the reporter wrote beside it (AOL: the placeholder
                        // `not.evaluated`; others: the From domain).
                        if matches!(dkim.result, Some(DkimResult::None)) {
                            return None;
                        }
                        // Each `d=` and `s=` as written is made a key once.
                        let raw = (
                            report.domain,
                            dkim.domain.as_deref()?,
                            dkim.selector.as_deref(),
                        );
                        let id = match raw_ids.get(&raw) {
                            Some(&id) => id?,
                            None => {
                                let id = key_of(report.domain, dkim).map(|key| {
                                    *key_ids.entry(key.clone()).or_insert_with(|| {
                                        keys.push((key, Acc::default()));
                                        keys.len() - 1
                                    })
                                });
                                raw_ids.insert(raw, id);
                                id?
                            }
                        };
                        let mode = strict.then_some(&Alignment::Strict);
                        let aligned = shape.header_from.as_deref().is_some_and(|hf| {
                            *aligned_of.entry((hf, id, strict)).or_insert_with(|| {
                                keys.get(id)
                                    .is_some_and(|((_, d, _), _)| domains_aligned(hf, d, mode))
                            })
                        });
                        Some((id, aligned))
                    })
                    .collect()
            });
            let count = index.rows.count[row];
            let service = index.rows.service[row];
            for (dkim, found) in shape.dkim_auth.iter().zip(results.iter()) {
                let Some((id, aligned)) = *found else {
                    continue;
                };
                if first_tally.len() <= id {
                    first_tally.resize(id + 1, usize::MAX);
                }
                let mut at = first_tally.get(id).copied().unwrap_or(usize::MAX);
                while let Some(t) = in_report.get(at) {
                    if t.service == service {
                        break;
                    }
                    at = t.next;
                }
                if at == usize::MAX {
                    at = in_report.len();
                    in_report.push(Tally {
                        id,
                        service,
                        next: first_tally.get(id).copied().unwrap_or(usize::MAX),
                        ..Tally::default()
                    });
                    if let Some(first) = first_tally.get_mut(id) {
                        *first = at;
                    }
                }
                let Some(t) = in_report.get_mut(at) else {
                    continue;
                };
                t.messages += count;
                match dkim.result {
                    Some(DkimResult::Pass) => t.pass += count,
                    Some(DkimResult::Temperror | DkimResult::Permerror) => t.errors += count,
                    _ => {}
                }
                if aligned {
                    t.aligned += count;
                }
            }
        }
        if !in_report.is_empty() {
            last_day = last_day.max(report.day);
        }
        for t in &in_report {
            let Some((_, acc)) = keys.get_mut(t.id) else {
                continue;
            };
            acc.messages += t.messages;
            acc.pass += t.pass;
            acc.errors += t.errors;
            acc.aligned += t.aligned;
            *acc.services.entry(t.service).or_default() += t.messages;
            if let Some(day) = report.day {
                let d = acc.days.entry(day).or_default();
                d.0 += t.messages;
                d.1 += t.pass;
            }
        }
    }
    let mut rows: Vec<SelectorRow> = keys
        .into_iter()
        .map(|((domain_id, domain, selector), acc)| row(index, domain_id, domain, selector, &acc))
        .collect();
    mark_superseded(&mut rows, last_day);
    let total = rows.len();
    rows.sort_by_key(|r| std::cmp::Reverse(r.messages));
    rows.truncate(MAX_SELECTORS);
    rows.sort_by(|a, b| {
        a.policy_domain
            .cmp(&b.policy_domain)
            .then(b.aligned.cmp(&a.aligned))
            .then(a.state.cmp(&b.state))
            .then(b.messages.cmp(&a.messages))
            .then_with(|| a.domain.cmp(&b.domain))
            .then_with(|| a.selector.cmp(&b.selector))
    });
    Selectors { rows, total }
}

fn normal(text: &str) -> String {
    text.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// The key of a DKIM result of policy domain `domain`; `None` without a `d=`.
fn key_of(domain: u32, dkim: &super::shape::DkimAuth) -> Option<Key> {
    let d = dkim
        .domain
        .as_deref()
        .map(normal)
        .filter(|d| !d.is_empty())?;
    let s = dkim
        .selector
        .as_deref()
        .map(normal)
        .filter(|s| !s.is_empty());
    Some((domain, d, s))
}

fn row(
    index: &Index,
    domain_id: u32,
    domain: String,
    selector: Option<String>,
    acc: &Acc,
) -> SelectorRow {
    let mut services: Vec<(u16, u64)> = acc.services.iter().map(|(s, n)| (*s, *n)).collect();
    services.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let last_pass = acc
        .days
        .iter()
        .rev()
        .find(|(_, d)| d.1 > 0)
        .map(|(day, _)| *day);
    let failing_after = match last_pass {
        Some(lp) => acc.days.range(lp + 1..).filter(|(_, d)| d.0 > 0).count(),
        None => 0,
    };
    let state = if acc.pass == 0 {
        SelectorState::NeverPassed
    } else if failing_after >= STOPPED_DAYS {
        SelectorState::StoppedPassing
    } else {
        SelectorState::Passing
    };
    SelectorRow {
        policy_domain: index.domains.value(domain_id).cloned().unwrap_or_default(),
        domain,
        selector,
        aligned: acc.aligned * 2 > acc.messages,
        services: services.into_iter().map(|(s, _)| ServiceId(s)).collect(),
        messages: acc.messages,
        pass: acc.pass,
        pass_rate: rate(acc.pass, acc.messages),
        errors: acc.errors,
        first_date: acc.days.keys().next().map(|d| iso_date(*d)),
        last_date: acc.days.keys().next_back().map(|d| iso_date(*d)),
        last_pass_date: last_pass.map(iso_date),
        state,
    }
}

/// Marks `passing` keys that a newer passing selector of the same policy
/// domain, `d=` domain and main service replaced, while they are still in
/// use.
fn mark_superseded(rows: &mut [SelectorRow], last_day: Option<i32>) {
    let Some(last_day) = last_day else {
        return;
    };
    let recent = iso_date(last_day - RECENT_DAYS + 1);
    let mut newest: HashMap<(&str, &str, Option<ServiceId>), &str> = HashMap::default();
    for r in rows
        .iter()
        .filter(|r| r.state == SelectorState::Passing && r.selector.is_some())
    {
        if let Some(first) = r.first_date.as_deref() {
            let key = (
                r.policy_domain.as_str(),
                r.domain.as_str(),
                r.services.first().copied(),
            );
            let e = newest.entry(key).or_insert(first);
            if first > *e {
                *e = first;
            }
        }
    }
    let superseded: Vec<bool> = rows
        .iter()
        .map(|r| {
            let key = (
                r.policy_domain.as_str(),
                r.domain.as_str(),
                r.services.first().copied(),
            );
            r.state == SelectorState::Passing
                && r.selector.is_some()
                && r.last_date.as_deref() >= Some(recent.as_str())
                && match (r.first_date.as_deref(), newest.get(&key)) {
                    (Some(first), Some(newer)) => *newer > first,
                    _ => false,
                }
        })
        .collect();
    for (r, s) in rows.iter_mut().zip(superseded) {
        if s {
            r.state = SelectorState::Superseded;
        }
    }
}
