//! Policy readiness: is it safe to move a domain from `p=none` to
//! `quarantine`, then to `reject`?
//!
//! Judged on the last [`WINDOW_DAYS`] days with data (ending at the end of
//! the chosen period, never at the clock): the share of *legitimate-looking*
//! messages (every diagnosis but `unauthenticated` and `forwarded_altered`)
//! that pass DMARC must reach [`QUARANTINE_SHARE`] to move to quarantine and
//! [`REJECT_SHARE`] to move to reject, over at least [`MIN_DAYS`] days and
//! [`MIN_MESSAGES`] messages. The failing senders to fix first are listed by
//! service. Outcome, source, reporter and search filters are ignored here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::date::iso_date;
use super::diagnosis::Diagnosis;
use super::filter::{Compiled, Filter};
use super::index::{Index, DMARC_PASS};
use super::senders::ServiceId;
use super::sources::rate;
use crate::report::aggregate::Policy;

/// Days looked at.
pub const WINDOW_DAYS: i32 = 30;
/// Days with reports needed in the window.
pub const MIN_DAYS: u32 = 14;
/// Messages needed in the window.
pub const MIN_MESSAGES: u64 = 100;
/// Share of legitimate messages passing needed for quarantine.
pub const QUARANTINE_SHARE: f64 = 0.98;
/// Share of legitimate messages passing needed for reject.
pub const REJECT_SHARE: f64 = 0.995;

/// The readiness verdict. Serialises as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Too few days or messages to judge.
    NotEnoughData,
    /// Too much legitimate mail fails: fix the listed senders first.
    FixSendersFirst,
    /// At `p=none` (or no policy) and ready for `p=quarantine`.
    ReadyForQuarantine,
    /// At `p=quarantine` and ready for `p=reject`.
    ReadyForReject,
    /// Already at `p=reject`.
    AtReject,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 5] = [
        Verdict::NotEnoughData,
        Verdict::FixSendersFirst,
        Verdict::ReadyForQuarantine,
        Verdict::ReadyForReject,
        Verdict::AtReject,
    ];

    /// The code: `not_enough_data`…
    pub fn code(self) -> &'static str {
        match self {
            Verdict::NotEnoughData => "not_enough_data",
            Verdict::FixSendersFirst => "fix_senders_first",
            Verdict::ReadyForQuarantine => "ready_for_quarantine",
            Verdict::ReadyForReject => "ready_for_reject",
            Verdict::AtReject => "at_reject",
        }
    }

    /// Translation key of the label: `readiness.<code>`.
    pub fn key(self) -> String {
        format!("readiness.{}", self.code())
    }

    /// Translation key of the advice: `readiness_advice.<code>` (placeholders
    /// `%{share}`, `%{target}`, `%{days}`, `%{min_days}`, `%{messages}`).
    pub fn advice_key(self) -> String {
        format!("readiness_advice.{}", self.code())
    }
}

/// The advice at `p=reject` when the window holds no legitimate-looking
/// mail, so there is no share to quote (placeholder `%{domain}`).
pub const AT_REJECT_NO_LEGITIMATE_KEY: &str = "readiness_advice.at_reject_no_legitimate";

/// Failing legitimate messages of one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailingService {
    /// The service.
    pub service: ServiceId,
    /// Its legitimate-looking messages that failed DMARC.
    pub messages: u64,
}

/// The readiness of one policy domain, with the figures behind the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    /// The policy domain.
    pub domain: String,
    /// The verdict.
    pub verdict: Verdict,
    /// `p` of the latest report (`none` when absent).
    pub current_policy: String,
    /// `pct` of the latest report.
    pub pct: Option<u32>,
    /// The policy to move to, when ready.
    pub next_policy: Option<String>,
    /// First day of the window (`YYYY-MM-DD`).
    pub from_date: Option<String>,
    /// Last day of the window.
    pub to_date: Option<String>,
    /// Days with reports in the window.
    pub days_with_data: u32,
    /// Messages in the window.
    pub messages: u64,
    /// Legitimate-looking messages.
    pub legitimate: u64,
    /// Of those, passing DMARC.
    pub legitimate_passing: u64,
    /// `legitimate_passing / legitimate`.
    pub pass_share: Option<f64>,
    /// The share needed for the next step.
    pub target_share: f64,
    /// Messages diagnosed `unauthenticated` (spoofing or forgotten senders).
    pub unauthenticated: u64,
    /// Messages diagnosed `forwarded_altered` (left out of the share).
    pub forwarded_altered: u64,
    /// Services whose legitimate mail fails, most messages first.
    pub failing_services: Vec<FailingService>,
}

impl Readiness {
    /// Translation key of the advice: the verdict's
    /// ([`Verdict::advice_key`]), or [`AT_REJECT_NO_LEGITIMATE_KEY`] when a
    /// domain at `p=reject` has no legitimate-looking mail to quote a share
    /// of. (The other verdicts that quote the share need at least
    /// [`MIN_MESSAGES`] legitimate messages, so they always have one.)
    pub fn advice_key(&self) -> String {
        if self.verdict == Verdict::AtReject && self.pass_share.is_none() {
            AT_REJECT_NO_LEGITIMATE_KEY.to_owned()
        } else {
            self.verdict.advice_key()
        }
    }
}

#[derive(Default)]
struct Acc {
    days: BTreeSet<i32>,
    messages: u64,
    legitimate: u64,
    passing: u64,
    unauthenticated: u64,
    altered: u64,
    failing: HashMap<ServiceId, u64>,
}

/// The readiness of each policy domain with data in `filter`'s period
/// (only `filter.domain` when set).
pub fn readiness(index: &Index, filter: &Filter) -> Vec<Readiness> {
    if !index.is_consistent() {
        return Vec::new();
    }
    let scope = Compiled::new(index, &filter.period_and_domain());
    // The last day with data and the latest policy, per domain.
    let mut latest: BTreeMap<u32, (i32, Option<&Policy>, Option<u32>)> = BTreeMap::new();
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        let Some(day) = r.day else { continue };
        let entry = latest.entry(r.domain).or_insert((day, None, None));
        if day >= entry.0 || entry.1.is_none() {
            *entry = (day.max(entry.0), r.policy.p.as_ref(), r.policy.pct);
        }
    }
    let mut accs: BTreeMap<u32, Acc> = BTreeMap::new();
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        let (Some(day), Some((last, _, _))) = (r.day, latest.get(&r.domain)) else {
            continue;
        };
        if day <= last - WINDOW_DAYS {
            continue;
        }
        let acc = accs.entry(r.domain).or_default();
        acc.days.insert(day);
        for row in r.first_row as usize..r.end_row as usize {
            let count = index.rows.count[row];
            let diagnosis = Diagnosis::from_u8(index.rows.diagnosis[row]);
            acc.messages += count;
            match diagnosis {
                Diagnosis::Unauthenticated => acc.unauthenticated += count,
                Diagnosis::ForwardedAltered => acc.altered += count,
                _ => {
                    acc.legitimate += count;
                    if index.rows.flags[row] & DMARC_PASS != 0 {
                        acc.passing += count;
                    } else if let Some((service, _)) = index.sources.value(index.rows.source[row]) {
                        *acc.failing.entry(*service).or_default() += count;
                    }
                }
            }
        }
    }
    accs.into_iter()
        .filter_map(|(domain, acc)| {
            let (last, policy, pct) = *latest.get(&domain)?;
            Some(judge(
                index.domains.value(domain)?.clone(),
                last,
                policy,
                pct,
                acc,
            ))
        })
        .collect()
}

fn judge(
    domain: String,
    last: i32,
    policy: Option<&Policy>,
    pct: Option<u32>,
    acc: Acc,
) -> Readiness {
    let share = rate(acc.passing, acc.legitimate);
    let days = acc.days.len() as u32;
    let (target, next) = match policy {
        Some(Policy::Quarantine) => (REJECT_SHARE, Policy::Reject),
        _ => (QUARANTINE_SHARE, Policy::Quarantine),
    };
    let verdict = if policy == Some(&Policy::Reject) {
        Verdict::AtReject
    } else if days < MIN_DAYS || acc.legitimate < MIN_MESSAGES {
        Verdict::NotEnoughData
    } else if share.is_none_or(|s| s < target) {
        Verdict::FixSendersFirst
    } else if next == Policy::Reject {
        Verdict::ReadyForReject
    } else {
        Verdict::ReadyForQuarantine
    };
    let mut failing: Vec<FailingService> = acc
        .failing
        .into_iter()
        .map(|(service, messages)| FailingService { service, messages })
        .collect();
    failing.sort_by(|a, b| b.messages.cmp(&a.messages).then(a.service.cmp(&b.service)));
    Readiness {
        domain,
        verdict,
        current_policy: policy.map_or_else(|| "none".to_owned(), ToString::to_string),
        pct,
        next_policy: matches!(
            verdict,
            Verdict::ReadyForQuarantine | Verdict::ReadyForReject
        )
        .then(|| next.to_string()),
        from_date: acc.days.first().map(|d| iso_date(*d)),
        to_date: Some(iso_date(last)),
        days_with_data: days,
        messages: acc.messages,
        legitimate: acc.legitimate,
        legitimate_passing: acc.passing,
        pass_share: share,
        target_share: target,
        unauthenticated: acc.unauthenticated,
        forwarded_altered: acc.altered,
        failing_services: failing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(days: i32, legitimate: u64, passing: u64) -> Acc {
        Acc {
            days: (0..days).collect(),
            messages: legitimate,
            legitimate,
            passing,
            ..Acc::default()
        }
    }

    #[test]
    fn verdicts_follow_the_thresholds() {
        let cases = [
            (None, acc(30, 1000, 990), Verdict::ReadyForQuarantine),
            (
                Some(Policy::None),
                acc(30, 1000, 900),
                Verdict::FixSendersFirst,
            ),
            (
                Some(Policy::None),
                acc(5, 1000, 1000),
                Verdict::NotEnoughData,
            ),
            (Some(Policy::None), acc(30, 10, 10), Verdict::NotEnoughData),
            (
                Some(Policy::Quarantine),
                acc(30, 1000, 990),
                Verdict::FixSendersFirst,
            ),
            (
                Some(Policy::Quarantine),
                acc(30, 1000, 999),
                Verdict::ReadyForReject,
            ),
            (Some(Policy::Reject), acc(1, 1, 0), Verdict::AtReject),
        ];
        for (policy, a, want) in cases {
            let r = judge("example.com".into(), 100, policy.as_ref(), None, a);
            assert_eq!(r.verdict, want, "{policy:?}");
        }
    }

    /// Only spoofed mail at `p=reject`: no share to quote, so the advice
    /// says so instead of showing "– of your legitimate mail".
    #[test]
    fn advice_without_legitimate_mail_quotes_no_share() {
        let spoofed_only = Acc {
            days: (0..20).collect(),
            messages: 500,
            unauthenticated: 500,
            ..Acc::default()
        };
        let cases = [
            (
                Some(Policy::Reject),
                spoofed_only,
                None,
                AT_REJECT_NO_LEGITIMATE_KEY,
            ),
            (
                Some(Policy::Reject),
                acc(20, 500, 499),
                Some(0.998),
                "readiness_advice.at_reject",
            ),
            (
                Some(Policy::None),
                Acc {
                    days: (0..20).collect(),
                    ..Acc::default()
                },
                None,
                "readiness_advice.not_enough_data",
            ),
        ];
        for (policy, a, share, key) in cases {
            let r = judge("example.com".into(), 100, policy.as_ref(), None, a);
            assert_eq!((r.pass_share, r.advice_key().as_str()), (share, key));
        }
    }
}
