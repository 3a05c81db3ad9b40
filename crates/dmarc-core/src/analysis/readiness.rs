//! Policy readiness: what the published policy does today, as both
//! generations of receivers apply it, and whether the next step is safe.
//!
//! The steps are `p=none` → `p=quarantine` for all failing mail → `p=reject`
//! → subdomains (`sp`, `np`) as strict as `p`. A record may sit between two
//! steps: `pct` below 100 (RFC 7489) or `t=y` (RFC 9989). Receivers that
//! implement only RFC 7489 ignore `t`, so `p=reject; t=y` is enforced by
//! them as written; receivers that implement RFC 9989 ignore `pct`, so
//! `p=quarantine; pct=25` quarantines *all* failing mail there. The verdict
//! follows the strictest treatment any receiver gives (that is what can
//! bounce mail) and the next step is the one that makes both generations
//! agree.
//!
//! Judged per policy domain on the last [`WINDOW_DAYS`] days with data
//! (ending at the end of the chosen period, never at the clock), with the
//! families of [`Judge`]: the owner's mail (`ok` and `fix_needed`) must pass
//! DMARC at [`QUARANTINE_SHARE`] for quarantine and [`REJECT_SHARE`] for
//! reject; every unmarked source that is suspicious or ambiguous and carries
//! at least [`REVIEW_SHARE`] of the domain's mail must be reviewed first;
//! and there must be [`MIN_DAYS`] days and [`MIN_MESSAGES`] messages.
//! Outcome, source, reporter and search filters are ignored here.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashMap;
use serde::{Deserialize, Serialize};

use super::date::iso_date;
use super::diagnosis::{Diagnosis, Family, Mark};
use super::filter::{Compiled, Filter};
use super::index::{Index, DMARC_PASS};
use super::judge::Judge;
use super::senders::ServiceId;
use super::sources::rate;
use crate::report::aggregate::{Alignment, Policy, PolicyPublished, Testing};

/// Days looked at.
pub const WINDOW_DAYS: i32 = 30;
/// Days with reports needed in the window.
pub const MIN_DAYS: u32 = 14;
/// The owner's messages needed in the window.
pub const MIN_MESSAGES: u64 = 100;
/// Share of the owner's messages passing needed for quarantine.
pub const QUARANTINE_SHARE: f64 = 0.98;
/// Share of the owner's messages passing needed for reject.
pub const REJECT_SHARE: f64 = 0.995;
/// An unmarked suspicious or ambiguous source carrying this share of a
/// domain's messages must be reviewed before the next step.
pub const REVIEW_SHARE: f64 = 0.01;
/// Sources listed for review, most messages first.
pub const MAX_REVIEW: usize = 20;

/// The readiness verdict. Serialises as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The policy already quarantines or rejects failing mail at some
    /// receivers, and too much of the owner's own mail fails: it is being
    /// filtered or bounced now. The most urgent verdict.
    OwnMailFailingUnderEnforcement,
    /// Too few days or messages to judge.
    NotEnoughData,
    /// Unmarked sources that may or may not be the owner's carry a
    /// meaningful share: say whether they are yours first.
    ReviewSourcesFirst,
    /// Too much of the owner's mail fails: fix the listed senders first.
    FixSendersFirst,
    /// At `p=none` and ready for `p=quarantine`.
    ReadyForQuarantine,
    /// Part way to quarantine (`pct` below 100 or `t=y`) and ready to
    /// quarantine all failing mail everywhere.
    ReadyForFullQuarantine,
    /// Quarantining all failing mail and ready for `p=reject`.
    ReadyForReject,
    /// Part way to reject (`pct` below 100 or `t=y`) and ready to reject
    /// everywhere.
    ReadyForFullReject,
    /// At `p=reject` for the domain; subdomains (`sp`, `np`) are weaker
    /// and their mail is ready for the same.
    ReadyForSubdomains,
    /// Rejecting failing mail of the domain and its subdomains everywhere.
    AtReject,
}

impl Verdict {
    /// Every verdict, most urgent first.
    pub const ALL: [Verdict; 10] = [
        Verdict::OwnMailFailingUnderEnforcement,
        Verdict::NotEnoughData,
        Verdict::ReviewSourcesFirst,
        Verdict::FixSendersFirst,
        Verdict::ReadyForQuarantine,
        Verdict::ReadyForFullQuarantine,
        Verdict::ReadyForReject,
        Verdict::ReadyForFullReject,
        Verdict::ReadyForSubdomains,
        Verdict::AtReject,
    ];

    /// The code: `not_enough_data`…
    pub fn code(self) -> &'static str {
        match self {
            Verdict::OwnMailFailingUnderEnforcement => "own_mail_failing_under_enforcement",
            Verdict::NotEnoughData => "not_enough_data",
            Verdict::ReviewSourcesFirst => "review_sources_first",
            Verdict::FixSendersFirst => "fix_senders_first",
            Verdict::ReadyForQuarantine => "ready_for_quarantine",
            Verdict::ReadyForFullQuarantine => "ready_for_full_quarantine",
            Verdict::ReadyForReject => "ready_for_reject",
            Verdict::ReadyForFullReject => "ready_for_full_reject",
            Verdict::ReadyForSubdomains => "ready_for_subdomains",
            Verdict::AtReject => "at_reject",
        }
    }

    /// Translation key of the label: `readiness.<code>`.
    pub fn key(self) -> String {
        format!("readiness.{}", self.code())
    }

    /// Translation key of the advice: `readiness_advice.<code>`
    /// (placeholders: see [`Readiness::advice_args`]).
    pub fn advice_key(self) -> String {
        format!("readiness_advice.{}", self.code())
    }

    /// Whether this verdict offers a next record.
    pub fn is_ready(self) -> bool {
        matches!(
            self,
            Verdict::ReadyForQuarantine
                | Verdict::ReadyForFullQuarantine
                | Verdict::ReadyForReject
                | Verdict::ReadyForFullReject
                | Verdict::ReadyForSubdomains
        )
    }

    /// What needs attention first (0 first): the owner's mail failing under
    /// an enforcing policy, then what blocks the next step (senders to fix,
    /// sources to review), then a step that is ready, then the rest (too
    /// little data, already at reject).
    pub fn attention(self) -> u8 {
        match self {
            Verdict::OwnMailFailingUnderEnforcement => 0,
            Verdict::FixSendersFirst | Verdict::ReviewSourcesFirst => 1,
            Verdict::ReadyForQuarantine
            | Verdict::ReadyForFullQuarantine
            | Verdict::ReadyForReject
            | Verdict::ReadyForFullReject
            | Verdict::ReadyForSubdomains => 2,
            Verdict::NotEnoughData => 3,
            Verdict::AtReject => 4,
        }
    }
}

/// The advice at `p=reject` when the window holds none of the owner's
/// mail, so there is no share to quote (placeholder `%{domain}`).
pub const AT_REJECT_NO_LEGITIMATE_KEY: &str = "readiness_advice.at_reject_no_legitimate";

/// What a generation of receivers does with failing mail under a policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Treatment {
    /// The action applied to the sampled share of failing mail.
    pub action: Policy,
    /// The share (percent) it applies to; the rest gets the next weaker
    /// action.
    pub percent: u32,
    /// The action the rest gets (the same as `action` at 100 %).
    pub rest: Policy,
}

impl Treatment {
    fn new(action: Policy, percent: u32) -> Treatment {
        let percent = percent.min(100);
        let rest = if percent >= 100 {
            action.clone()
        } else {
            weaker(&action)
        };
        Treatment {
            action,
            percent,
            rest,
        }
    }

    /// The strongest action any failing message gets.
    pub fn strongest(&self) -> Policy {
        if self.percent > 0 {
            self.action.clone()
        } else {
            self.rest.clone()
        }
    }
}

fn weaker(p: &Policy) -> Policy {
    match p {
        Policy::Reject => Policy::Quarantine,
        _ => Policy::None,
    }
}

fn level(p: &Policy) -> u8 {
    match p {
        Policy::Reject => 2,
        Policy::Quarantine => 1,
        _ => 0,
    }
}

/// The published policy as receivers apply it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// `p` (`none` when absent or unreadable).
    pub p: Policy,
    /// `sp` as it applies (`p` when absent).
    pub sp: Policy,
    /// `np` as it applies (RFC 9989; `sp` when absent).
    pub np: Policy,
    /// `pct` as published.
    pub pct: Option<u32>,
    /// `t=y` published.
    pub testing: bool,
    /// What RFC 7489 receivers do with failing mail of the domain (they
    /// read `pct`, ignore `t`).
    pub rfc7489: Treatment,
    /// What RFC 9989 receivers do (they read `t`, ignore `pct`).
    pub rfc9989: Treatment,
}

impl Applied {
    /// How receivers apply `pp`.
    pub fn of(pp: &PolicyPublished) -> Applied {
        let p = match &pp.p {
            Some(p @ (Policy::None | Policy::Quarantine | Policy::Reject)) => p.clone(),
            _ => Policy::None,
        };
        let sp = match &pp.sp {
            Some(sp @ (Policy::None | Policy::Quarantine | Policy::Reject)) => sp.clone(),
            _ => p.clone(),
        };
        let np = match &pp.np {
            Some(np @ (Policy::None | Policy::Quarantine | Policy::Reject)) => np.clone(),
            _ => sp.clone(),
        };
        let testing = pp.testing == Some(Testing::Yes);
        let rfc7489 = Treatment::new(p.clone(), pp.pct.unwrap_or(100));
        let rfc9989 = if testing {
            Treatment::new(weaker(&p), 100)
        } else {
            Treatment::new(p.clone(), 100)
        };
        Applied {
            p,
            sp,
            np,
            pct: pp.pct,
            testing,
            rfc7489,
            rfc9989,
        }
    }

    /// The strongest action any receiver applies to some failing mail.
    pub fn strongest(&self) -> Policy {
        let (a, b) = (self.rfc7489.strongest(), self.rfc9989.strongest());
        if level(&a) >= level(&b) {
            a
        } else {
            b
        }
    }

    /// The action every receiver applies to all failing mail.
    pub fn everywhere(&self) -> Policy {
        let (a, b) = (self.rfc7489.rest.clone(), self.rfc9989.rest.clone());
        if level(&a) <= level(&b) {
            a
        } else {
            b
        }
    }

    /// Notes on how the two generations differ for this record: keys
    /// `readiness_note.<code>` (placeholder `%{pct}`).
    pub fn notes(&self) -> Vec<&'static str> {
        let mut notes = Vec::new();
        if self.pct.is_some_and(|pct| pct < 100) && self.p != Policy::None {
            notes.push("pct_ignored_by_rfc9989");
        }
        if self.testing && self.p != Policy::None {
            notes.push("t_ignored_by_rfc7489");
        }
        if level(&self.sp) < level(&self.p) {
            notes.push("sp_weaker");
        }
        if level(&self.np) < level(&self.sp).max(level(&self.p)) {
            notes.push("np_weaker");
        }
        notes
    }
}

/// The record to publish next: the policy tags of the step, the rest kept
/// from the published policy. The web app opens it in the builder; the CLI
/// prints [`NextRecord::text`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextRecord {
    /// The policy domain.
    pub domain: String,
    /// `p`.
    pub p: Policy,
    /// `sp`, when it should be written.
    pub sp: Option<Policy>,
    /// `np`, when it should be written (RFC 9989 tag).
    pub np: Option<Policy>,
    /// `adkim` kept from the published policy (strict only).
    pub adkim: Option<Alignment>,
    /// `aspf` kept (strict only).
    pub aspf: Option<Alignment>,
    /// `fo` kept.
    pub fo: Option<String>,
    /// The record's text without report destinations (add your `rua`).
    pub text: String,
}

impl NextRecord {
    fn new(domain: &str, pp: &PolicyPublished, p: Policy, sp: Option<Policy>) -> NextRecord {
        let strict = |a: &Option<Alignment>| a.clone().filter(|a| *a == Alignment::Strict);
        let fo = pp
            .fo
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty() && *f != "0")
            .map(str::to_owned);
        let mut text = format!("v=DMARC1; p={p}");
        if let Some(sp) = &sp {
            text.push_str(&format!("; sp={sp}"));
        }
        if strict(&pp.adkim).is_some() {
            text.push_str("; adkim=s");
        }
        if strict(&pp.aspf).is_some() {
            text.push_str("; aspf=s");
        }
        if let Some(fo) = &fo {
            text.push_str(&format!("; fo={fo}"));
        }
        NextRecord {
            domain: domain.to_owned(),
            p,
            sp,
            np: None,
            adkim: strict(&pp.adkim),
            aspf: strict(&pp.aspf),
            fo,
            text,
        }
    }
}

/// The owner's failing messages of one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailingService {
    /// The service.
    pub service: ServiceId,
    /// Its messages of the owner's families that failed DMARC.
    pub messages: u64,
    /// The diagnosis of most of them.
    pub diagnosis: Diagnosis,
}

/// An unmarked source to review before the next step: one address, or a
/// whole well-known service (a platform spreads its mail over many
/// addresses, each of them small).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// Its service.
    pub service: ServiceId,
    /// Its address; `None` for a whole service (mark the service).
    pub ip: Option<String>,
    /// How many addresses it stands for.
    pub addresses: u64,
    /// Its messages in the window.
    pub messages: u64,
    /// Their share of the domain's messages.
    pub share: f64,
    /// The diagnosis of most of them.
    pub diagnosis: Diagnosis,
    /// Its family.
    pub family: Family,
}

/// The owner's mail, passing or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnMail {
    /// Messages of the `ok` and `fix_needed` families.
    pub messages: u64,
    /// Of those, passing DMARC.
    pub passing: u64,
}

impl OwnMail {
    /// `passing / messages`.
    pub fn share(&self) -> Option<f64> {
        rate(self.passing, self.messages)
    }
}

/// The readiness of one policy domain, with the figures behind the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    /// The policy domain (may be empty when a report named none).
    pub domain: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The latest published policy, as receivers apply it.
    pub applied: Applied,
    /// The latest published policy as received.
    pub published: PolicyPublished,
    /// The record for the next step, when [`Verdict::is_ready`].
    pub next: Option<NextRecord>,
    /// How the two generations differ for the published record: keys
    /// `readiness_note.<code>`.
    pub notes: Vec<String>,
    /// First day of the window (`YYYY-MM-DD`).
    pub from_date: Option<String>,
    /// Last day of the window.
    pub to_date: Option<String>,
    /// Days with reports in the window.
    pub days_with_data: u32,
    /// Messages in the window.
    pub messages: u64,
    /// The owner's mail from the domain itself (and subdomains while `sp`
    /// follows `p`).
    pub own: OwnMail,
    /// The owner's mail from subdomains.
    pub own_subdomains: OwnMail,
    /// `own.share()`.
    pub pass_share: Option<f64>,
    /// The share needed for the verdict's step.
    pub target_share: f64,
    /// Messages per family in the window.
    pub families: Vec<(Family, u64)>,
    /// Unmarked suspicious or ambiguous messages in the window.
    pub unreviewed_messages: u64,
    /// Sources to review first (each at least [`REVIEW_SHARE`]).
    pub review: Vec<ReviewItem>,
    /// Services whose (owner's) mail fails, most messages first.
    pub failing_services: Vec<FailingService>,
}

impl Readiness {
    /// Translation key of the advice: the verdict's, or
    /// [`AT_REJECT_NO_LEGITIMATE_KEY`] at reject without owner's mail.
    pub fn advice_key(&self) -> String {
        if self.verdict == Verdict::AtReject && self.pass_share.is_none() {
            AT_REJECT_NO_LEGITIMATE_KEY.to_owned()
        } else {
            self.verdict.advice_key()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ReviewKey {
    Source(u32),
    Service(ServiceId),
}

#[derive(Default)]
struct Acc {
    days: BTreeSet<i32>,
    messages: u64,
    own: OwnMail,
    own_sub: OwnMail,
    families: [u64; 4],
    unreviewed: u64,
    /// Per address of an unknown sender, or per well-known service:
    /// (messages, addresses, diagnosis tally) of unreviewed mail.
    review: HashMap<ReviewKey, (u64, BTreeSet<u32>, [u64; Diagnosis::ALL.len()])>,
    failing: HashMap<ServiceId, [u64; Diagnosis::ALL.len()]>,
}

/// Per shape: whether its From domain is a subdomain of the policy domain
/// it was last asked for (that domain's id, the answer), as the overview
/// keeps it. Shapes repeat across rows; the test was 8 % of a large
/// reporter's dashboard when made for every row. One table for every
/// domain: a shape's From domain almost always goes with one of them.
type ShapeSubdomains = Vec<Option<(u32, bool)>>;

/// The readiness of each policy domain with data in `filter`'s period
/// (only `filter.domain` when set), most urgent first
/// ([`Verdict::attention`]). Each domain is judged in its own scope, as
/// when the dashboard is focused on it ([`domain_judges`]).
pub fn readiness(index: &Index, filter: &Filter) -> Vec<Readiness> {
    if !index.is_consistent() {
        return Vec::new();
    }
    readiness_with(index, filter, &domain_judges(index, filter))
}

/// One [`Judge`] per policy domain with reports in `filter`'s period (only
/// `filter.domain` when set), each counting regularity over its own domain
/// and period: a domain's verdict is the same whether the dashboard shows
/// it alone or among others.
/// (Indexed by domain id; `None` for a domain without reports there.)
pub(crate) fn domain_judges(index: &Index, filter: &Filter) -> Vec<Option<Judge>> {
    let scope = Compiled::new(index, &filter.period_and_domain());
    let mut judges: Vec<Option<Judge>> = vec![None; index.domains.len()];
    let period = Filter {
        from: filter.from,
        to: filter.to,
        ..Filter::default()
    };
    let marks = Judge::marks_of(index);
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        if let Some(slot @ None) = judges.get_mut(r.domain as usize) {
            let scope = Compiled::new(index, &period).narrowed_to(r.domain);
            *slot = Some(Judge::with_marks(index, &scope, marks.clone()));
        }
    }
    judges
}

/// [`readiness`] with the judges of [`domain_judges`].
pub(crate) fn readiness_with(
    index: &Index,
    filter: &Filter,
    judges: &[Option<Judge>],
) -> Vec<Readiness> {
    let scope = Compiled::new(index, &filter.period_and_domain());
    // The last day with data and the latest policy, per domain.
    let mut latest: BTreeMap<u32, (i32, Option<&PolicyPublished>)> = BTreeMap::new();
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        let Some(day) = r.day else { continue };
        let entry = latest.entry(r.domain).or_insert((day, None));
        if day >= entry.0 || entry.1.is_none() {
            *entry = (day.max(entry.0), Some(&r.policy));
        }
    }
    let mut accs: BTreeMap<u32, Acc> = BTreeMap::new();
    let mut shape_sub: ShapeSubdomains = vec![None; index.shapes.len()];
    for r in index.reports.iter().filter(|r| scope.report_matches(r)) {
        let (Some(day), Some((last, _))) = (r.day, latest.get(&r.domain)) else {
            continue;
        };
        if day <= last - WINDOW_DAYS {
            continue;
        }
        let Some(Some(judge)) = judges.get(r.domain as usize) else {
            continue;
        };
        let domain = index.domains.value(r.domain).map_or("", String::as_str);
        let acc = accs.entry(r.domain).or_default();
        acc.days.insert(day);
        for row in r.first_row as usize..r.end_row as usize {
            add_row(acc, index, judge, (r.domain, domain), row, &mut shape_sub);
        }
    }
    let mut out: Vec<Readiness> = accs
        .into_iter()
        .filter_map(|(domain, acc)| {
            let (last, policy) = *latest.get(&domain)?;
            let name = index.domains.value(domain)?.clone();
            Some(judge_domain(index, name, last, policy?, acc))
        })
        .collect();
    out.sort_by(|a, b| {
        a.verdict
            .attention()
            .cmp(&b.verdict.attention())
            .then(b.messages.cmp(&a.messages))
            .then_with(|| a.domain.cmp(&b.domain))
    });
    out
}

fn add_row(
    acc: &mut Acc,
    index: &Index,
    judge: &Judge,
    (domain_id, domain): (u32, &str),
    row: usize,
    shape_sub: &mut ShapeSubdomains,
) {
    let count = index.rows.count[row];
    let j = judge.row(index, row);
    let source = index.rows.source[row];
    let pass = index.rows.flags[row] & DMARC_PASS != 0;
    acc.messages += count;
    if let Some(f) = acc.families.get_mut(j.family as usize) {
        *f += count;
    }
    if j.family.is_own() {
        let shape = index.rows.shape[row];
        let test = || {
            index
                .shapes
                .value(shape)
                .and_then(|s| s.header_from.as_deref())
                .is_some_and(|hf| is_subdomain(hf, domain))
        };
        let subdomain = match shape_sub.get_mut(shape as usize) {
            Some(Some((of, known))) if *of == domain_id => *known,
            Some(slot) => slot.insert((domain_id, test())).1,
            None => test(),
        };
        let own = if subdomain {
            &mut acc.own_sub
        } else {
            &mut acc.own
        };
        own.messages += count;
        if pass {
            own.passing += count;
        } else if let Some((service, _)) = index.sources.value(source) {
            let tally = acc
                .failing
                .entry(*service)
                .or_insert([0; Diagnosis::ALL.len()]);
            tally[j.diagnosis.index()] += count;
        }
    }
    if judge.mark(source) == Mark::Unmarked && (j.ambiguous || j.family == Family::Suspicious) {
        acc.unreviewed += count;
        let key = match index.sources.value(source) {
            Some((service, _)) if service.is_known_service() => ReviewKey::Service(*service),
            _ => ReviewKey::Source(source),
        };
        let entry =
            acc.review
                .entry(key)
                .or_insert((0, BTreeSet::new(), [0; Diagnosis::ALL.len()]));
        entry.0 += count;
        entry.1.insert(index.rows.ip[row]);
        entry.2[j.diagnosis.index()] += count;
    }
}

/// Whether `header_from` is a proper subdomain of `domain`.
pub(crate) fn is_subdomain(header_from: &str, domain: &str) -> bool {
    let hf = header_from.trim().trim_end_matches('.');
    hf.len() > domain.len() + 1
        && hf
            .get(hf.len() - domain.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(domain))
        && hf.as_bytes().get(hf.len() - domain.len() - 1) == Some(&b'.')
}

fn main_diagnosis(tally: &[u64; Diagnosis::ALL.len()]) -> Diagnosis {
    Diagnosis::ALL
        .iter()
        .zip(tally)
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(Diagnosis::Unauthenticated, |(d, _)| *d)
}

fn judge_domain(
    index: &Index,
    domain: String,
    last: i32,
    pp: &PolicyPublished,
    acc: Acc,
) -> Readiness {
    let applied = Applied::of(pp);
    let mut own = acc.own;
    if applied.sp == applied.p {
        own.messages += acc.own_sub.messages;
        own.passing += acc.own_sub.passing;
    }
    let days = acc.days.len() as u32;
    let review = review_items(index, &acc);
    let verdict = decide(&applied, own, acc.own_sub, days, !review.is_empty());
    let next = next_record(&domain, pp, &applied, verdict);
    let target_share = target_for(verdict, &applied);
    let mut failing: Vec<FailingService> = acc
        .failing
        .iter()
        .map(|(service, tally)| FailingService {
            service: *service,
            messages: tally.iter().sum(),
            diagnosis: main_diagnosis(tally),
        })
        .collect();
    failing.sort_by(|a, b| b.messages.cmp(&a.messages).then(a.service.cmp(&b.service)));
    Readiness {
        pass_share: own.share(),
        notes: applied.notes().into_iter().map(str::to_owned).collect(),
        domain,
        verdict,
        published: pp.clone(),
        applied,
        next,
        from_date: acc.days.first().map(|d| iso_date(*d)),
        to_date: Some(iso_date(last)),
        days_with_data: days,
        messages: acc.messages,
        own,
        own_subdomains: acc.own_sub,
        target_share,
        families: Family::ALL
            .iter()
            .zip(acc.families)
            .filter(|(_, n)| *n > 0)
            .map(|(f, n)| (*f, n))
            .collect(),
        unreviewed_messages: acc.unreviewed,
        review,
        failing_services: failing,
    }
}

fn review_items(index: &Index, acc: &Acc) -> Vec<ReviewItem> {
    let mut items: Vec<ReviewItem> = acc
        .review
        .iter()
        .filter_map(|(key, (messages, ips, tally))| {
            let share = rate(*messages, acc.messages)?;
            if share < REVIEW_SHARE {
                return None;
            }
            let (service, ip) = match key {
                ReviewKey::Source(source) => {
                    let (service, ip) = *index.sources.value(*source)?;
                    (service, index.ips.value(ip).cloned())
                }
                ReviewKey::Service(service) => (*service, None),
            };
            let diagnosis = main_diagnosis(tally);
            Some(ReviewItem {
                service,
                ip,
                addresses: ips.len() as u64,
                messages: *messages,
                share,
                diagnosis,
                family: diagnosis.family(),
            })
        })
        .collect();
    items.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.ip.cmp(&b.ip)));
    items.truncate(MAX_REVIEW);
    items
}

fn share_needed(p: &Policy) -> f64 {
    if level(p) >= 2 {
        REJECT_SHARE
    } else {
        QUARANTINE_SHARE
    }
}

/// The share a verdict was judged against: the strongest action applied
/// now for an enforcement verdict, else the next step's.
fn target_for(verdict: Verdict, applied: &Applied) -> f64 {
    match verdict {
        Verdict::OwnMailFailingUnderEnforcement | Verdict::AtReject => {
            share_needed(&applied.strongest())
        }
        _ => share_needed(&next_policy(applied)),
    }
}

/// The action of the next step.
fn next_policy(applied: &Applied) -> Policy {
    let everywhere = applied.everywhere();
    if level(&everywhere) < level(&applied.p) {
        applied.p.clone()
    } else if level(&applied.p) < 2 {
        match applied.p {
            Policy::Quarantine => Policy::Reject,
            _ => Policy::Quarantine,
        }
    } else {
        Policy::Reject
    }
}

/// The verdict from the figures.
pub(crate) fn decide(
    applied: &Applied,
    own: OwnMail,
    own_sub: OwnMail,
    days: u32,
    unreviewed: bool,
) -> Verdict {
    let strongest = applied.strongest();
    let passes = |mail: OwnMail, p: &Policy| mail.share().is_none_or(|s| s >= share_needed(p));
    // Mail filtered now: the domain's own mail under the strongest action
    // any receiver applies, subdomain mail under sp.
    if level(&strongest) >= 1 && !passes(own, &strongest) {
        return Verdict::OwnMailFailingUnderEnforcement;
    }
    if level(&applied.sp) >= 1 && !passes(own_sub, &applied.sp) && own_sub.messages > 0 {
        return Verdict::OwnMailFailingUnderEnforcement;
    }
    let everywhere = applied.everywhere();
    let fully_rejecting = level(&everywhere) >= 2;
    let subdomains_weaker = level(&applied.sp) < 2 || level(&applied.np) < 2;
    if fully_rejecting && !subdomains_weaker {
        return Verdict::AtReject;
    }
    if days < MIN_DAYS || own.messages + own_sub.messages < MIN_MESSAGES {
        return Verdict::NotEnoughData;
    }
    if unreviewed {
        return Verdict::ReviewSourcesFirst;
    }
    if fully_rejecting {
        return if passes(own_sub, &Policy::Reject) {
            Verdict::ReadyForSubdomains
        } else {
            Verdict::FixSendersFirst
        };
    }
    let next = next_policy(applied);
    if !passes(own, &next) {
        return Verdict::FixSendersFirst;
    }
    let partial = level(&everywhere) < level(&applied.p);
    match (next, partial) {
        (Policy::Reject, true) => Verdict::ReadyForFullReject,
        (Policy::Reject, false) => Verdict::ReadyForReject,
        (_, true) => Verdict::ReadyForFullQuarantine,
        (_, false) => Verdict::ReadyForQuarantine,
    }
}

fn next_record(
    domain: &str,
    pp: &PolicyPublished,
    applied: &Applied,
    verdict: Verdict,
) -> Option<NextRecord> {
    // sp is written only where it differs from p and is not weaker.
    let sp_for = |p: &Policy| (level(&applied.sp) > level(p)).then(|| applied.sp.clone());
    match verdict {
        Verdict::ReadyForQuarantine | Verdict::ReadyForFullQuarantine => {
            let p = Policy::Quarantine;
            Some(NextRecord::new(domain, pp, p.clone(), sp_for(&p)))
        }
        Verdict::ReadyForReject | Verdict::ReadyForFullReject | Verdict::ReadyForSubdomains => {
            Some(NextRecord::new(domain, pp, Policy::Reject, None))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pp(record: &str) -> PolicyPublished {
        let mut pp = PolicyPublished::default();
        for tag in record.split(';') {
            let Some((k, v)) = tag.trim().split_once('=') else {
                continue;
            };
            match k {
                "p" => pp.p = Some(Policy::from(v)),
                "sp" => pp.sp = Some(Policy::from(v)),
                "np" => pp.np = Some(Policy::from(v)),
                "pct" => pp.pct = v.parse().ok(),
                "t" => pp.testing = Some(Testing::from(v)),
                "adkim" => pp.adkim = Some(Alignment::from(v)),
                _ => {}
            }
        }
        pp
    }

    fn mail(messages: u64, passing: u64) -> OwnMail {
        OwnMail { messages, passing }
    }

    /// Both generations of receivers: what they do, and what comes next.
    #[test]
    fn verdicts_follow_the_policy_as_applied() {
        let good = mail(1000, 1000);
        let none = mail(0, 0);
        type Case<'a> = (&'a str, OwnMail, u32, bool, Verdict, Option<&'a str>);
        let cases: &[Case] = &[
            (
                "p=none",
                good,
                30,
                false,
                Verdict::ReadyForQuarantine,
                Some("v=DMARC1; p=quarantine"),
            ),
            (
                "p=none",
                mail(1000, 900),
                30,
                false,
                Verdict::FixSendersFirst,
                None,
            ),
            ("p=none", good, 5, false, Verdict::NotEnoughData, None),
            (
                "p=none",
                mail(10, 10),
                30,
                false,
                Verdict::NotEnoughData,
                None,
            ),
            ("p=none", good, 30, true, Verdict::ReviewSourcesFirst, None),
            // pct=25: RFC 9989 receivers quarantine everything already; the
            // next step is quarantine for all, not reject.
            (
                "p=quarantine; pct=25",
                good,
                30,
                false,
                Verdict::ReadyForFullQuarantine,
                Some("v=DMARC1; p=quarantine"),
            ),
            (
                "p=quarantine; pct=25",
                mail(1000, 900),
                30,
                false,
                Verdict::OwnMailFailingUnderEnforcement,
                None,
            ),
            (
                "p=quarantine; t=y",
                good,
                30,
                false,
                Verdict::ReadyForFullQuarantine,
                Some("v=DMARC1; p=quarantine"),
            ),
            (
                "p=quarantine",
                mail(1000, 990),
                30,
                false,
                Verdict::FixSendersFirst,
                None,
            ),
            (
                "p=quarantine",
                mail(1000, 999),
                30,
                false,
                Verdict::ReadyForReject,
                Some("v=DMARC1; p=reject"),
            ),
            // t=y is ignored by RFC 7489 receivers: reject is enforced there.
            (
                "p=reject; t=y",
                mail(1000, 980),
                30,
                false,
                Verdict::OwnMailFailingUnderEnforcement,
                None,
            ),
            (
                "p=reject; t=y",
                good,
                30,
                false,
                Verdict::ReadyForFullReject,
                Some("v=DMARC1; p=reject"),
            ),
            (
                "p=reject; pct=50",
                good,
                30,
                false,
                Verdict::ReadyForFullReject,
                Some("v=DMARC1; p=reject"),
            ),
            // sp/np weaker than p: not fully protected.
            (
                "p=reject; sp=none",
                good,
                30,
                false,
                Verdict::ReadyForSubdomains,
                Some("v=DMARC1; p=reject"),
            ),
            (
                "p=reject; np=none",
                good,
                30,
                false,
                Verdict::ReadyForSubdomains,
                Some("v=DMARC1; p=reject"),
            ),
            ("p=reject", good, 1, false, Verdict::AtReject, None),
            ("p=reject", none, 30, true, Verdict::AtReject, None),
            // At reject, legitimate mail failing is mail bounced.
            (
                "p=reject",
                mail(1000, 560),
                30,
                false,
                Verdict::OwnMailFailingUnderEnforcement,
                None,
            ),
            (
                "p=reject; adkim=s",
                good,
                30,
                false,
                Verdict::AtReject,
                None,
            ),
            (
                "p=none; sp=reject",
                good,
                30,
                false,
                Verdict::ReadyForQuarantine,
                Some("v=DMARC1; p=quarantine; sp=reject"),
            ),
        ];
        for (record, own, days, unreviewed, want, text) in cases {
            let applied = Applied::of(&pp(record));
            let verdict = decide(&applied, *own, none, *days, *unreviewed);
            assert_eq!(verdict, *want, "{record} {own:?} {days} {unreviewed}");
            let next = next_record("example.com", &pp(record), &applied, verdict);
            assert_eq!(next.map(|n| n.text).as_deref(), *text, "{record}");
        }
    }

    #[test]
    fn subdomain_mail_counts_under_sp() {
        let applied = Applied::of(&pp("p=reject; sp=quarantine"));
        let verdict = decide(&applied, mail(100, 100), mail(100, 50), 30, false);
        assert_eq!(verdict, Verdict::OwnMailFailingUnderEnforcement);
        let applied = Applied::of(&pp("p=reject; sp=none"));
        let verdict = decide(&applied, mail(100, 100), mail(100, 50), 30, false);
        assert_eq!(verdict, Verdict::FixSendersFirst);
    }

    #[test]
    fn treatments_of_both_generations() {
        let cases = [
            (
                "p=quarantine; pct=25",
                ("quarantine", 25, "none"),
                ("quarantine", 100, "quarantine"),
            ),
            (
                "p=reject; t=y",
                ("reject", 100, "reject"),
                ("quarantine", 100, "quarantine"),
            ),
            (
                "p=reject; pct=0",
                ("reject", 0, "quarantine"),
                ("reject", 100, "reject"),
            ),
            ("p=none; t=y", ("none", 100, "none"), ("none", 100, "none")),
        ];
        for (record, a, b) in cases {
            let applied = Applied::of(&pp(record));
            let show = |t: &Treatment| (t.action.to_string(), t.percent, t.rest.to_string());
            let want = |w: (&str, u32, &str)| (w.0.to_owned(), w.1, w.2.to_owned());
            assert_eq!(show(&applied.rfc7489), want(a), "{record}");
            assert_eq!(show(&applied.rfc9989), want(b), "{record}");
        }
        let notes = Applied::of(&pp("p=reject; t=y; pct=50; sp=none")).notes();
        assert_eq!(
            notes,
            [
                "pct_ignored_by_rfc9989",
                "t_ignored_by_rfc7489",
                "sp_weaker",
                "np_weaker"
            ]
        );
        assert!(is_subdomain("news.Example.com.", "example.com"));
        assert!(!is_subdomain("example.com", "example.com"));
        assert!(!is_subdomain("badexample.com", "example.com"));
    }
}
