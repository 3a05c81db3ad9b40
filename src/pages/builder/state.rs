//! The builder page's own store: the form as typed, the checker's text, the
//! set-up helper's fields and the "Copied" feedback.
//!
//! Text fields are kept as typed (a half-written size limit or percentage
//! must not vanish under the cursor); [`BuilderState::choices`] turns them
//! into the core's [`BuilderChoices`], and [`BuilderState::input_problems`]
//! says which of them cannot be read. [`apply`] is pure, so native tests
//! cover every transition.

use std::rc::Rc;

use dmarc_core::record::{
    check, choices_from_record, rollout_plan, Alignment, BuilderChoices, FailureOption, Policy,
    ReportUri, SizeLimit, TagSet,
};
use yew::Reducible;

/// `rua` or `ruf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// Aggregate reports (`rua`).
    Aggregate,
    /// Failure reports (`ruf`).
    Failure,
}

impl ReportKind {
    /// The tag name.
    pub fn tag(self) -> &'static str {
        match self {
            ReportKind::Aggregate => "rua",
            ReportKind::Failure => "ruf",
        }
    }
}

/// `adkim` or `aspf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlignmentTag {
    /// `adkim`.
    Dkim,
    /// `aspf`.
    Spf,
}

impl AlignmentTag {
    /// The tag name.
    pub fn tag(self) -> &'static str {
        match self {
            AlignmentTag::Dkim => "adkim",
            AlignmentTag::Spf => "aspf",
        }
    }
}

/// One report destination as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Destination {
    /// The address, with or without `mailto:`.
    pub address: String,
    /// The optional size limit (`10m`), empty for none.
    pub size: String,
}

/// Which sending service the set-up helper is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Amazon SES.
    #[default]
    Ses,
    /// Google Workspace.
    Google,
    /// Microsoft 365.
    Microsoft,
}

impl Provider {
    /// Every provider, in the order shown.
    pub const ALL: [Provider; 3] = [Provider::Ses, Provider::Google, Provider::Microsoft];

    /// `ses`, `google`, `microsoft` (catalogue keys `setup.<id>.*`).
    pub fn id(self) -> &'static str {
        match self {
            Provider::Ses => "ses",
            Provider::Google => "google",
            Provider::Microsoft => "microsoft",
        }
    }
}

/// A field of the set-up helper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetupField {
    /// The sending domain.
    Domain,
    /// The SES region.
    Region,
    /// The SES custom MAIL FROM subdomain.
    MailFrom,
    /// One of the three Easy DKIM tokens (0, 1, 2).
    Token(usize),
    /// The Google Workspace DKIM value.
    GoogleDkim,
    /// The Microsoft 365 initial domain.
    Tenant,
}

/// The set-up helper's fields, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupForm {
    /// The chosen service.
    pub provider: Provider,
    /// The sending domain; empty means "the builder's domain".
    pub domain: String,
    /// The SES region.
    pub region: String,
    /// The custom MAIL FROM subdomain.
    pub mail_from: String,
    /// The three Easy DKIM tokens.
    pub tokens: [String; 3],
    /// The DKIM value from the Google Admin console.
    pub google_dkim: String,
    /// The Microsoft 365 initial domain.
    pub tenant: String,
}

impl Default for SetupForm {
    fn default() -> Self {
        SetupForm {
            provider: Provider::Ses,
            domain: String::new(),
            region: "us-east-1".to_owned(),
            mail_from: "mail".to_owned(),
            tokens: Default::default(),
            google_dkim: String::new(),
            tenant: String::new(),
        }
    }
}

/// What a copy button copied, for the "Copied" feedback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopyTarget {
    /// The TXT value.
    Value,
    /// The zone-file line.
    ZoneLine,
    /// The n-th authorisation record's zone line.
    Authorization(usize),
    /// The n-th set-up record's zone line.
    Setup(usize),
}

/// A typed field that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputProblem {
    /// The percentage is not a whole number from 1 to 100.
    Pct(String),
    /// The report interval is not a whole number of seconds.
    Ri(String),
    /// A size limit is not a number with an optional k, m, g or t.
    Size {
        /// rua or ruf.
        kind: ReportKind,
        /// The row.
        index: usize,
        /// As typed.
        text: String,
    },
}

impl InputProblem {
    /// The catalogue key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            InputProblem::Pct(_) => "builder.ui.problem.pct",
            InputProblem::Ri(_) => "builder.ui.problem.ri",
            InputProblem::Size { .. } => "builder.ui.problem.size",
        }
    }

    /// The text that cannot be read.
    pub fn text(&self) -> &str {
        match self {
            InputProblem::Pct(t) | InputProblem::Ri(t) | InputProblem::Size { text: t, .. } => t,
        }
    }
}

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
                SetupField::Tenant => f.tenant = text,
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

impl BuilderState {
    fn rows_mut(&mut self, kind: ReportKind) -> &mut Vec<Destination> {
        match kind {
            ReportKind::Aggregate => &mut self.rua,
            ReportKind::Failure => &mut self.ruf,
        }
    }

    /// The destination rows of `kind`.
    pub fn rows(&self, kind: ReportKind) -> &[Destination] {
        match kind {
            ReportKind::Aggregate => &self.rua,
            ReportKind::Failure => &self.ruf,
        }
    }

    /// The choices the form stands for. Blank rows and unreadable numbers
    /// are left out ([`BuilderState::input_problems`] names the latter).
    pub fn choices(&self) -> BuilderChoices {
        let uris = |rows: &[Destination]| -> Vec<ReportUri> {
            rows.iter()
                .filter(|d| !d.address.trim().is_empty())
                .map(|d| ReportUri {
                    address: d.address.trim().to_owned(),
                    size_limit: SizeLimit::parse(&d.size),
                })
                .collect()
        };
        BuilderChoices {
            domain: self.domain.clone(),
            tag_set: self.tag_set,
            p: self.p,
            sp: self.sp,
            np: self.np,
            pct: read_pct(&self.pct),
            testing: self.testing,
            rua: uris(&self.rua),
            ruf: uris(&self.ruf),
            adkim: self.adkim,
            aspf: self.aspf,
            fo: self.fo.clone(),
            rf: None,
            ri: read_ri(&self.ri),
            spf_only: self.spf_only,
        }
    }

    /// The typed fields that cannot be read (and so are left out), for
    /// the fields the chosen tag set uses.
    pub fn input_problems(&self) -> Vec<InputProblem> {
        let mut out = Vec::new();
        if self.tag_set == TagSet::Rfc7489 {
            if !self.pct.trim().is_empty() && read_pct(&self.pct).is_none() {
                out.push(InputProblem::Pct(self.pct.clone()));
            }
            if !self.ri.trim().is_empty() && read_ri(&self.ri).is_none() {
                out.push(InputProblem::Ri(self.ri.clone()));
            }
            for kind in [ReportKind::Aggregate, ReportKind::Failure] {
                for (index, d) in self.rows(kind).iter().enumerate() {
                    if !d.size.trim().is_empty() && SizeLimit::parse(&d.size).is_none() {
                        out.push(InputProblem::Size {
                            kind,
                            index,
                            text: d.size.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    /// The index of the rollout step the current choices match, if any.
    pub fn rollout_position(&self) -> Option<usize> {
        let c = self.choices();
        let pct = c.pct.filter(|p| *p < 100);
        rollout_plan(self.tag_set).iter().position(|step| {
            step.p == c.p
                && (self.tag_set == TagSet::Rfc9989 || step.pct == pct)
                && (self.tag_set == TagSet::Rfc7489
                    || (step.testing && c.p != Policy::None) == (c.testing && c.p != Policy::None))
        })
    }

    /// The policy domain for the checker: the one typed there, else the
    /// builder's.
    pub fn checker_policy_domain(&self) -> Option<&str> {
        [self.checker_domain.trim(), self.domain.trim()]
            .into_iter()
            .find(|d| !d.is_empty())
    }

    fn open_checked_record(&mut self) {
        let checked = check(&self.checker_text, None);
        if checked.parsed.text.trim().is_empty() {
            return;
        }
        let domain = Some(self.checker_domain.trim().to_owned())
            .filter(|d| !d.is_empty())
            .or_else(|| checked.parsed.policy_domain_from_name())
            .unwrap_or_else(|| self.domain.clone());
        let c = choices_from_record(&checked.parsed.record, &domain);
        let rows = |list: &[ReportUri]| -> Vec<Destination> {
            list.iter()
                .map(|u| Destination {
                    address: u.address.clone(),
                    size: u.size_limit.map(|s| s.to_string()).unwrap_or_default(),
                })
                .collect()
        };
        self.domain = c.domain;
        self.tag_set = c.tag_set;
        self.p = c.p;
        self.sp = c.sp;
        self.np = c.np;
        self.pct = c.pct.map(|p| p.to_string()).unwrap_or_default();
        self.testing = c.testing;
        self.rua = rows(&c.rua);
        if self.rua.is_empty() {
            self.rua.push(Destination::default());
        }
        self.ruf = rows(&c.ruf);
        self.adkim = c.adkim;
        self.aspf = c.aspf;
        self.fo = c.fo;
        self.ri = c.ri.map(|r| r.to_string()).unwrap_or_default();
        self.opened_from_checker = true;
        self.left_out = Vec::new();
        for t in &checked.parsed.tags {
            if !BUILDER_TAGS.contains(&t.name.as_str()) && !self.left_out.contains(&t.name) {
                self.left_out.push(t.name.clone());
            }
        }
    }
}

/// The tags the builder writes (`rf` has one value, the default, so it is
/// never needed).
const BUILDER_TAGS: &[&str] = &[
    "v", "p", "sp", "np", "adkim", "aspf", "pct", "t", "fo", "rf", "ri", "rua", "ruf",
];

fn read_pct(text: &str) -> Option<u8> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse::<u8>().ok().filter(|p| (1..=100).contains(p))
}

fn read_ri(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse::<u32>().ok().filter(|r| *r > 0)
}

impl Reducible for BuilderState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(apply(&self, action))
    }
}
