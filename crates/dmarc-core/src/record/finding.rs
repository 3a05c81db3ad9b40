//! Findings: what the parser and the checker say about a record.
//!
//! A finding is language-neutral: a stable [`Code`] (the catalogue key is
//! `finding.<code>`, see [`Finding::key`]), a [`Severity`] and named
//! arguments (`tag`, `value`, `position`, `suggestion`, `record`…) that fill
//! the `%{name}` placeholders of the translated message. `Display` prints
//! the code and arguments only, as a fallback; the text people read comes
//! from `locales/record.toml`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record does not work as written, or not at all.
    Error,
    /// The record works, but something is likely not what the owner wants.
    Warning,
    /// Worth knowing; nothing to change.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info` (also the catalogue key `severity.<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// How a code's severity is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Error,
    Warning,
    /// Describes a choice: a warning for a pasted record, information when
    /// the choice was made in the builder with its explanation in view
    /// ([`crate::record::CheckOptions::acknowledged`]).
    Advisory,
    Info,
}

macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident => $text:literal, $kind:ident;)+) => {
        /// The stable identifier of a finding (snake_case in JSON and in the catalogue).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $($(#[$meta])* $variant,)+
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as text: `duplicate_tag`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }

            pub(crate) fn kind(self) -> Kind {
                match self {
                    $(Code::$variant => Kind::$kind,)+
                }
            }
        }
    };
}

codes! {
    /// Nothing was pasted.
    EmptyRecord => "empty_record", Error;
    /// An SPF record (`v=spf1`) was pasted instead of a DMARC record.
    SpfRecord => "spf_record", Error;
    /// There is no `v` tag.
    MissingVersion => "missing_version", Error;
    /// `v` is not the first tag.
    VersionNotFirst => "version_not_first", Error;
    /// `v=dmarc1` and the like: the value must be exactly `DMARC1`.
    VersionWrongCase => "version_wrong_case", Error;
    /// `v` holds something other than `DMARC1`.
    InvalidVersion => "invalid_version", Error;
    /// Two or more DMARC records were pasted (two records at one name mean none).
    SeveralRecords => "several_records", Error;
    /// A quoted string is not closed.
    UnterminatedQuote => "unterminated_quote", Error;
    /// A part between semicolons has no `=`.
    MissingEquals => "missing_equals", Error;
    /// A semicolon is missing between two tags (`p=none rua=…`).
    MissingSemicolon => "missing_semicolon", Error;
    /// A tag name holds characters a tag name cannot.
    InvalidTagName => "invalid_tag_name", Error;
    /// Full-width characters (`；`, `＝`, ideographic space) from a Japanese input method.
    FullwidthCharacters => "fullwidth_characters", Error;
    /// A control character (a line break, NUL, …) inside the record, usually
    /// from a `\DDD` escape such as `\010`.
    ControlCharacter => "control_character", Error;
    /// A tag appears twice.
    DuplicateTag => "duplicate_tag", Error;
    /// `p`, `sp` or `np` is not none, quarantine or reject.
    InvalidPolicy => "invalid_policy", Error;
    /// `adkim` or `aspf` is not r or s.
    InvalidAlignment => "invalid_alignment", Error;
    /// An `fo` option is not 0, 1, d or s.
    InvalidFailureOption => "invalid_failure_option", Error;
    /// `t` is not y or n.
    InvalidTesting => "invalid_testing", Error;
    /// `psd` is not y, n or u.
    InvalidPsd => "invalid_psd", Error;
    /// `pct` is not a whole number from 0 to 100.
    InvalidPct => "invalid_pct", Error;
    /// `ri` is not a whole number of seconds.
    InvalidRi => "invalid_ri", Error;
    /// `rf` is not afrf.
    InvalidRf => "invalid_rf", Error;
    /// No `p` and no valid `rua`: the record does nothing.
    MissingPolicy => "missing_policy", Error;
    /// A report destination is not a `mailto:` URI.
    UriNotMailto => "uri_not_mailto", Error;
    /// An empty report destination (`rua=` or a stray comma).
    UriEmpty => "uri_empty", Error;
    /// The address of a `mailto:` destination is not an e-mail address.
    UriBadAddress => "uri_bad_address", Error;
    /// The `!size` suffix is not a number with an optional k, m, g or t.
    UriBadSize => "uri_bad_size", Error;
    /// A comma inside one destination split it in two (`mailto:a@x,b@x`).
    UriUnencodedComma => "uri_unencoded_comma", Error;
    /// A `!` inside an address must be written `%21`.
    UriUnencodedBang => "uri_unencoded_bang", Error;
    /// One quoted string is longer than the 255 bytes DNS allows.
    StringTooLong => "string_too_long", Error;
    /// No `p`, but a valid `rua`: RFC 9989 reads it as `p=none`, RFC 7489 ignores the record.
    MissingPolicyWithRua => "missing_policy_with_rua", Warning;
    /// `p` is not the second tag (some RFC 7489 receivers require it).
    PolicyNotSecond => "policy_not_second", Warning;
    /// `p=none`: monitoring only.
    PolicyNone => "policy_none", Advisory;
    /// `sp=none` or `np=none` under a stronger `p`.
    SubdomainPolicyNone => "subdomain_policy_none", Advisory;
    /// `pct` between 1 and 99: the policy applies to part of the failing mail.
    PctPartial => "pct_partial", Advisory;
    /// `pct=0`: the policy applies to no mail.
    PctZero => "pct_zero", Warning;
    /// `pct`, `rf` or `ri`: removed by RFC 9989.
    RemovedTag => "removed_tag", Warning;
    /// `np`, `t` or `psd`: RFC 9989 tags that RFC 7489 receivers ignore.
    NewTag => "new_tag", Warning;
    /// `t=y` with `p=none`: testing mode changes nothing.
    TestingWithPolicyNone => "testing_with_policy_none", Warning;
    /// `pct` and `t` together: two ways of saying the same thing to different receivers.
    PctWithTesting => "pct_with_testing", Warning;
    /// A tag this checker does not know; receivers ignore it.
    UnknownTag => "unknown_tag", Warning;
    /// `fo` without `ruf`: nobody receives the failure reports it asks for.
    FoWithoutRuf => "fo_without_ruf", Warning;
    /// `fo` holding both 0 and 1 (1 includes 0).
    FoZeroAndOne => "fo_zero_and_one", Warning;
    /// `fo` holding one option twice.
    FoDuplicate => "fo_duplicate", Warning;
    /// `ruf` without `rua`.
    RufWithoutRua => "ruf_without_rua", Advisory;
    /// No `rua`: no aggregate reports, so no way to see who sends as the domain.
    NoRua => "no_rua", Advisory;
    /// More than two destinations in one tag (receivers may use only two).
    TooManyDestinations => "too_many_destinations", Advisory;
    /// A destination outside the policy domain's organisation: it must authorise the domain.
    ExternalDestination => "external_destination", Advisory;
    /// Whether a destination is outside the policy domain's organisation
    /// cannot be told yet: the Public Suffix List is not loaded.
    DestinationUnchecked => "destination_unchecked", Warning;
    /// `p=reject` (or quarantine) while a sender relies on SPF alone.
    EnforcementWithSpfOnly => "enforcement_with_spf_only", Advisory;
    /// The record is long enough that DNS answers may not fit in one UDP packet.
    RecordLarge => "record_large", Advisory;
    /// The record is longer than 255 bytes and must be published as several strings.
    RecordNeedsSplitting => "record_needs_splitting", Advisory;
    /// A `!size` suffix under RFC 9989, where reporters ignore it.
    SizeLimitIgnored => "size_limit_ignored", Warning;
    /// `psd=y`: only registries of public suffixes should publish it.
    PsdYes => "psd_yes", Warning;
    /// Typographic quotes (“…”) where straight quotes (or none) belong.
    TypographicQuotes => "typographic_quotes", Warning;
    /// Invisible characters (byte order mark, zero-width space, soft hyphen).
    InvisibleCharacters => "invisible_characters", Warning;
    /// A parked domain (one that sends no mail) without `p=reject` and `sp=reject`.
    ParkedNotReject => "parked_not_reject", Warning;
    /// The record was read out of `dig`, `nslookup` or quoted text.
    InputUnwrapped => "input_unwrapped", Info;
}

/// One thing the parser or the checker found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What was found.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// Named arguments for the message (`tag`, `value`, `position`, `suggestion`…).
    pub args: BTreeMap<String, String>,
}

impl Finding {
    /// A finding with the code's usual severity (advisories as warnings).
    pub fn new(code: Code) -> Self {
        let severity = match code.kind() {
            Kind::Error => Severity::Error,
            Kind::Warning | Kind::Advisory => Severity::Warning,
            Kind::Info => Severity::Info,
        };
        Finding {
            code,
            severity,
            args: BTreeMap::new(),
        }
    }

    /// Adds an argument.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.args.insert(name.to_owned(), value.to_string());
        self
    }

    /// An argument's value.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.get(name).map(String::as_str)
    }

    /// The catalogue key of the message: `finding.<code>`.
    pub fn key(&self) -> String {
        format!("finding.{}", self.code.as_str())
    }

    /// The finding's words in one language, from `template` (the catalogue
    /// text of a key): the message with its arguments filled in, and, when
    /// the finding has them and the message does not say them, the
    /// "Did you mean …?" line and the character column. Each front end lays
    /// the parts out its own way.
    pub fn text(&self, template: impl Fn(&str) -> String) -> FindingText {
        let own = template(&self.key());
        let fill = |text: &str| crate::template::fill(text, |name| self.arg(name));
        let part = |arg: &str, key: &str| {
            let placeholder = format!("%{{{arg}}}");
            (self.arg(arg).is_some() && !own.contains(&placeholder)).then(|| fill(&template(key)))
        };
        FindingText {
            suggestion: part("suggestion", "finding.suggestion"),
            column: part("column", "finding.at_column"),
            message: fill(&own),
        }
    }

    /// Whether this finding describes a deliberate choice (information when
    /// [`crate::record::CheckOptions::acknowledged`] is set).
    pub fn is_advisory(&self) -> bool {
        self.code.kind() == Kind::Advisory
    }
}

/// A finding's words, from [`Finding::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingText {
    /// The message (`finding.<code>`).
    pub message: String,
    /// "Did you mean …?" (`finding.suggestion`), when the message leaves it out.
    pub suggestion: Option<String>,
    /// "(at character N)" (`finding.at_column`), when the message leaves it out.
    pub column: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity.as_str(), self.code.as_str())?;
        let mut first = true;
        for (name, value) in &self.args {
            write!(f, "{}{name}={value}", if first { " " } else { ", " })?;
            first = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_serialise_as_written() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            let json = serde_json::to_string(code).unwrap_or_default();
            assert_eq!(json, format!("\"{text}\""));
        }
    }

    #[test]
    fn display_names_code_and_arguments() {
        let f = Finding::new(Code::DuplicateTag)
            .with("tag", "p")
            .with("position", 14);
        assert_eq!(f.to_string(), "error[duplicate_tag] position=14, tag=p");
        assert_eq!(f.key(), "finding.duplicate_tag");
        assert_eq!(Finding::new(Code::PolicyNone).severity, Severity::Warning);
        assert_eq!(Finding::new(Code::InputUnwrapped).severity, Severity::Info);
    }

    #[test]
    fn text_adds_suggestion_and_column_only_when_the_message_lacks_them() {
        let template = |key: &str| {
            match key {
                "finding.unknown_tag" => "Unknown tag %{tag}.",
                "finding.missing_equals" => "\"%{text}\" at %{column} is not a tag.",
                "finding.invalid_policy" => "%{value} is not a policy; did you mean %{suggestion}?",
                "finding.suggestion" => "Did you mean %{suggestion}?",
                "finding.at_column" => "(at character %{column})",
                _ => "?",
            }
            .to_owned()
        };
        let unknown = Finding::new(Code::UnknownTag)
            .with("tag", "pc")
            .with("suggestion", "pct")
            .with("column", 11);
        let missing = Finding::new(Code::MissingEquals)
            .with("text", "p")
            .with("column", 11);
        let policy = Finding::new(Code::InvalidPolicy)
            .with("value", "rejct")
            .with("suggestion", "reject");
        let cases = [
            (
                unknown,
                "Unknown tag pc.",
                Some("Did you mean pct?"),
                Some("(at character 11)"),
            ),
            (missing, "\"p\" at 11 is not a tag.", None, None),
            (
                policy,
                "rejct is not a policy; did you mean reject?",
                None,
                None,
            ),
        ];
        for (finding, message, suggestion, column) in cases {
            let text = finding.text(template);
            assert_eq!(text.message, message);
            assert_eq!(text.suggestion.as_deref(), suggestion, "{message}");
            assert_eq!(text.column.as_deref(), column, "{message}");
        }
    }
}
