//! The small types the builder's store is made of.

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
