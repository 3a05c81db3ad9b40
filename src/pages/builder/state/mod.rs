//! The builder page's own store: the form as typed, the checker's text, the
//! set-up helper's fields and the "Copied" feedback.
//!
//! Text fields are kept as typed (a half-written size limit or percentage
//! must not vanish under the cursor); [`BuilderState::choices`] turns them
//! into the core's [`BuilderChoices`], and [`BuilderState::input_problems`]
//! says which of them cannot be read. [`apply`] is pure, so native tests
//! cover every transition.

mod derived;
mod types;

use std::rc::Rc;

use dmarc_core::record::{rollout_plan, Alignment, BuilderLink, FailureOption, Policy, TagSet};
use yew::Reducible;

pub use self::types::{
    AlignmentTag, CopyTarget, Destination, InputProblem, Provider, ReportKind, SetupField,
    SetupForm,
};

/// Everything the builder page holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuilderState {
    /// The domain as typed.
    pub domain: String,
    /// RFC 7489 or RFC 9989 tags.
    pub tag_set: TagSet,
    /// `p`.
    pub p: Policy,
    /// `sp`, `None` for "same as p".
    pub sp: Option<Policy>,
    /// `np`, `None` for "same as subdomains".
    pub np: Option<Policy>,
    /// `pct` as typed; empty for 100.
    pub pct: String,
    /// `t=y`.
    pub testing: bool,
    /// `rua` rows (at least one, possibly blank).
    pub rua: Vec<Destination>,
    /// `ruf` rows (possibly none).
    pub ruf: Vec<Destination>,
    /// `adkim`.
    pub adkim: Alignment,
    /// `aspf`.
    pub aspf: Alignment,
    /// `fo`, in the order ticked.
    pub fo: Vec<FailureOption>,
    /// `ri` as typed; empty for the default.
    pub ri: String,
    /// A sender relies on SPF alone.
    pub spf_only: bool,
    /// The checker's textarea.
    pub checker_text: String,
    /// The checker's optional policy domain.
    pub checker_domain: String,
    /// The builder was last filled from the checker.
    pub opened_from_checker: bool,
    /// Tags of the pasted record the builder does not write (`psd`, unknown tags).
    pub left_out: Vec<String>,
    /// The set-up helper.
    pub setup: SetupForm,
    /// The last thing copied, until anything changes.
    pub copied: Option<CopyTarget>,
    /// The last copy failed (no clipboard access).
    pub copy_failed: bool,
    /// Opened from a readiness verdict: (policy domain, verdict code).
    pub from_link: Option<(String, String)>,
}

impl Default for BuilderState {
    fn default() -> Self {
        BuilderState {
            domain: String::new(),
            tag_set: TagSet::Rfc7489,
            p: Policy::None,
            sp: None,
            np: None,
            pct: String::new(),
            testing: false,
            rua: vec![Destination::default()],
            ruf: Vec::new(),
            adkim: Alignment::Relaxed,
            aspf: Alignment::Relaxed,
            fo: Vec::new(),
            ri: String::new(),
            spf_only: false,
            checker_text: String::new(),
            checker_domain: String::new(),
            opened_from_checker: false,
            left_out: Vec::new(),
            setup: SetupForm::default(),
            copied: None,
            copy_failed: false,
            from_link: None,
        }
    }
}

/// What can happen on the builder page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The domain was edited.
    DomainEdited(String),
    /// A tag set was chosen.
    TagSetChosen(TagSet),
    /// `p` was chosen.
    PolicyChosen(Policy),
    /// `sp` was chosen (`None`: same as p).
    SubdomainPolicyChosen(Option<Policy>),
    /// `np` was chosen (`None`: same as subdomains).
    NonExistentPolicyChosen(Option<Policy>),
    /// The percentage was edited.
    PctEdited(String),
    /// Testing mode was switched.
    TestingToggled(bool),
    /// A destination's address was edited.
    AddressEdited(ReportKind, usize, String),
    /// A destination's size limit was edited.
    SizeEdited(ReportKind, usize, String),
    /// A destination row was added.
    DestinationAdded(ReportKind),
    /// A destination row was removed.
    DestinationRemoved(ReportKind, usize),
    /// An alignment was chosen.
    AlignmentChosen(AlignmentTag, Alignment),
    /// An `fo` option was ticked or unticked.
    FailureOptionToggled(FailureOption, bool),
    /// The report interval was edited.
    RiEdited(String),
    /// "A sender relies on SPF alone" was switched.
    SpfOnlyToggled(bool),
    /// A step of the rollout plan was taken (its index).
    RolloutStepTaken(usize),
    /// The checker's text was edited.
    CheckerEdited(String),
    /// The checker's domain was edited.
    CheckerDomainEdited(String),
    /// "Open in builder": the pasted record's choices fill the builder.
    OpenedInBuilder,
    /// The page was opened at a builder link: the link, and the report
    /// addresses the person entered before (for a link without `rua`).
    OpenedFromLink(BuilderLink, Vec<String>),
    /// A sending service was chosen in the set-up helper.
    ProviderChosen(Provider),
    /// A set-up field was edited.
    SetupEdited(SetupField, String),
    /// Something was copied.
    Copied(CopyTarget),
    /// The clipboard refused.
    CopyFailed,
}

/// The next state after `action`.
pub fn apply(state: &BuilderState, action: Action) -> BuilderState {
    let opening = action == Action::OpenedInBuilder;
    let mut s = state.clone();
    s.copied = None;
    s.copy_failed = false;
    match action {
        Action::DomainEdited(d) => s.domain = d,
        Action::TagSetChosen(t) => s.tag_set = t,
        Action::PolicyChosen(p) => s.p = p,
        Action::SubdomainPolicyChosen(p) => s.sp = p,
        Action::NonExistentPolicyChosen(p) => s.np = p,
        Action::PctEdited(t) => s.pct = t,
        Action::TestingToggled(on) => s.testing = on,
        Action::AddressEdited(kind, i, text) => {
            if let Some(d) = s.rows_mut(kind).get_mut(i) {
                d.address = text;
            }
        }
        Action::SizeEdited(kind, i, text) => {
            if let Some(d) = s.rows_mut(kind).get_mut(i) {
                d.size = text;
            }
        }
        Action::DestinationAdded(kind) => s.rows_mut(kind).push(Destination::default()),
        Action::DestinationRemoved(kind, i) => {
            let rows = s.rows_mut(kind);
            if i < rows.len() {
                rows.remove(i);
            }
            if kind == ReportKind::Aggregate && s.rua.is_empty() {
                s.rua.push(Destination::default());
            }
        }
        Action::AlignmentChosen(AlignmentTag::Dkim, a) => s.adkim = a,
        Action::AlignmentChosen(AlignmentTag::Spf, a) => s.aspf = a,
        Action::FailureOptionToggled(o, on) => {
            s.fo.retain(|x| *x != o);
            if on {
                s.fo.push(o);
                s.fo.sort_by_key(|x| FailureOption::ALL.iter().position(|y| y == x));
            }
        }
        Action::RiEdited(t) => s.ri = t,
        Action::SpfOnlyToggled(on) => s.spf_only = on,
        Action::RolloutStepTaken(i) => {
            if let Some(step) = rollout_plan(s.tag_set).get(i) {
                let mut c = s.choices();
                step.apply(&mut c);
                s.p = c.p;
                s.pct = c.pct.map(|p| p.to_string()).unwrap_or_default();
                s.testing = c.testing;
            }
        }
        Action::CheckerEdited(t) => s.checker_text = t,
        Action::CheckerDomainEdited(t) => s.checker_domain = t,
        Action::OpenedInBuilder => s.open_checked_record(),
        Action::OpenedFromLink(link, rua) => s.open_link(&link, &rua),
        Action::ProviderChosen(p) => s.setup.provider = p,
        Action::SetupEdited(field, text) => {
            let f = &mut s.setup;
            match field {
                SetupField::Domain => f.domain = text,
                SetupField::Region => f.region = text,
                SetupField::MailFrom => f.mail_from = text,
                SetupField::Token(i) => {
                    if let Some(t) = f.tokens.get_mut(i) {
                        *t = text;
                    }
                }
                SetupField::GoogleDkim => f.google_dkim = text,
            }
        }
        Action::Copied(target) => s.copied = Some(target),
        Action::CopyFailed => s.copy_failed = true,
    }
    if !opening && s.opened_from_checker && s.choices() != state.choices() {
        // The builder no longer shows the pasted record as it was.
        s.opened_from_checker = false;
    }
    s
}

impl Reducible for BuilderState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(apply(&self, action))
    }
}
