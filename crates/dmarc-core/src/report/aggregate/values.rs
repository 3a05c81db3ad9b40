//! The closed vocabularies of the aggregate report (dispositions, results,
//! alignment modes…), each with a fallback variant that keeps the raw text.
//!
//! Reading is case-insensitive (`Pass`, `PASS` → [`DmarcResult::Pass`]);
//! anything else is kept verbatim in `Other`, so that nothing a reporter
//! wrote is lost. They serialise as plain strings (`"pass"`, or the raw
//! text for `Other`).

use std::fmt;

/// The raw text of a value outside a vocabulary (`Other`). Boxed in 64-bit
/// builds (the command-line tool), so that a value is two words (16 bytes),
/// not three: a record holds five of them, a report millions of records, and
/// almost every value is a known one (the model of a large reporter's report
/// went from 0.85 to 0.79 times its XML). The 32-bit WebAssembly worker keeps
/// a plain `String` (12 bytes): there the box saved 4 bytes a value but cost
/// 1.4 KB of its gzip'd size, which is at its budget.
#[cfg(target_pointer_width = "64")]
pub type RawText = Box<String>;
/// See the 64-bit definition.
#[cfg(not(target_pointer_width = "64"))]
pub type RawText = String;

/// The text of a [`RawText`].
#[cfg(target_pointer_width = "64")]
#[expect(
    clippy::boxed_local,
    reason = "the box is the value's own; its text moves out"
)]
fn into_string(raw: RawText) -> String {
    *raw
}

/// The text of a [`RawText`].
#[cfg(not(target_pointer_width = "64"))]
fn into_string(raw: RawText) -> String {
    raw
}

/// Defines a string enum with known variants and an `Other` fallback
/// keeping the raw text ([`RawText`]).
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value outside the vocabulary, kept as the reporter wrote it.
            Other(RawText),
        }

        impl $name {
            /// Reads a value, ignoring ASCII case; unknown text becomes `Other`.
            pub fn parse(text: &str) -> Self {
                $(
                    if text.eq_ignore_ascii_case($text) $(|| text.eq_ignore_ascii_case($alias))* {
                        return $name::$variant;
                    }
                )+
                $name::Other(text.to_owned().into())
            }

            /// The canonical (lower-case) text, or the raw text of `Other`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(raw) => raw.as_str(),
                }
            }

            /// Whether the value is one of the known vocabulary.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl super::parse::Word for $name {
            fn read(text: &str) -> Self {
                $name::parse(text)
            }
            fn known(&self) -> bool {
                self.is_known()
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                match $name::parse(&text) {
                    $name::Other(_) => $name::Other(text.into()),
                    known => known,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name::parse(text)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                match value {
                    $name::Other(raw) => into_string(raw),
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// The policy a receiver applied (`policy_evaluated/disposition`).
    Disposition {
        /// `none`: delivered as usual.
        None => "none",
        /// `quarantine`: delivered to spam or held.
        Quarantine => "quarantine",
        /// `reject`: refused.
        Reject => "reject",
        /// `pass` (RFC 9990): the message passed DMARC.
        Pass => "pass",
    }
}

string_enum! {
    /// A DMARC policy as published (`p`, `sp`, `np`).
    Policy {
        /// `none`: monitor only.
        None => "none",
        /// `quarantine`.
        Quarantine => "quarantine",
        /// `reject`.
        Reject => "reject",
    }
}

string_enum! {
    /// An identifier alignment mode (`adkim`, `aspf`).
    Alignment {
        /// `r`: relaxed, organisational domains must match (the default).
        Relaxed => "r" | "relaxed",
        /// `s`: strict, the domains must be identical.
        Strict => "s" | "strict",
    }
}

string_enum! {
    /// The aligned DMARC result of DKIM or SPF (`policy_evaluated/dkim|spf`).
    DmarcResult {
        /// `pass`: the mechanism passed and was aligned.
        Pass => "pass",
        /// `fail`.
        Fail => "fail",
    }
}

string_enum! {
    /// A raw DKIM verification result (`auth_results/dkim/result`).
    DkimResult {
        /// `none`: no signature.
        None => "none",
        /// `pass`.
        Pass => "pass",
        /// `fail`.
        Fail => "fail",
        /// `policy`: rejected by local policy.
        Policy => "policy",
        /// `neutral`.
        Neutral => "neutral",
        /// `temperror`: a transient error.
        Temperror => "temperror",
        /// `permerror`: a permanent error.
        Permerror => "permerror",
    }
}

string_enum! {
    /// A raw SPF result (`auth_results/spf/result`). `hardfail`, `unknown`
    /// and `error`, seen in the wild, stay distinct in `Other`.
    SpfResult {
        /// `none`: no SPF record.
        None => "none",
        /// `neutral`.
        Neutral => "neutral",
        /// `pass`.
        Pass => "pass",
        /// `fail`.
        Fail => "fail",
        /// `softfail`.
        Softfail => "softfail",
        /// `temperror`: a transient error.
        Temperror => "temperror",
        /// `permerror`: a permanent error.
        Permerror => "permerror",
    }
}

string_enum! {
    /// Which identity SPF checked (`auth_results/spf/scope`).
    SpfScope {
        /// `mfrom`: the envelope sender (`MAIL FROM`).
        Mfrom => "mfrom",
        /// `helo`: the HELO/EHLO name.
        Helo => "helo",
    }
}

string_enum! {
    /// Why a receiver overrode the policy (`policy_evaluated/reason/type`).
    ReasonType {
        /// `forwarded` (RFC 7489).
        Forwarded => "forwarded",
        /// `sampled_out` (RFC 7489, `pct`).
        SampledOut => "sampled_out",
        /// `trusted_forwarder`.
        TrustedForwarder => "trusted_forwarder",
        /// `mailing_list`.
        MailingList => "mailing_list",
        /// `local_policy`.
        LocalPolicy => "local_policy",
        /// `policy_test_mode` (RFC 9990, `t=y`).
        PolicyTestMode => "policy_test_mode",
        /// `other`.
        OtherReason => "other",
    }
}

string_enum! {
    /// How the receiver found the policy (`discovery_method`, RFC 9990).
    DiscoveryMethod {
        /// `psl`: the Public Suffix List.
        Psl => "psl",
        /// `treewalk`: the DNS tree walk of RFC 9989.
        Treewalk => "treewalk",
    }
}

string_enum! {
    /// The testing flag of the policy (`testing`, RFC 9990, the `t` tag).
    Testing {
        /// `y`: the domain owner asked receivers not to enforce.
        Yes => "y",
        /// `n`.
        No => "n",
    }
}

impl DkimResult {
    /// Whether the result is `pass`.
    pub fn is_pass(&self) -> bool {
        matches!(self, DkimResult::Pass)
    }
}

impl SpfResult {
    /// Whether the result is `pass`.
    pub fn is_pass(&self) -> bool {
        matches!(self, SpfResult::Pass)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn values_read_case_insensitively_and_keep_unknown_text() {
        let cases: [(&str, DkimResult); 5] = [
            ("pass", DkimResult::Pass),
            ("PASS", DkimResult::Pass),
            ("TempError", DkimResult::Temperror),
            ("unknown", DkimResult::Other("unknown".to_owned().into())),
            ("error", DkimResult::Other("error".to_owned().into())),
        ];
        for (text, want) in cases {
            assert_eq!(DkimResult::parse(text), want, "{text}");
        }
        assert_eq!(
            SpfResult::parse("hardfail"),
            SpfResult::Other("hardfail".to_owned().into())
        );
        assert_eq!(Disposition::parse("Pass"), Disposition::Pass);
        assert_eq!(Alignment::parse("S"), Alignment::Strict);
        assert_eq!(ReasonType::parse("other"), ReasonType::OtherReason);
        assert_eq!(
            ReasonType::parse("policy_test_mode"),
            ReasonType::PolicyTestMode
        );
    }

    #[test]
    fn values_serialise_as_plain_strings() {
        let json = serde_json::to_string(&vec![
            Disposition::Quarantine,
            Disposition::Other("Delivered".to_owned().into()),
        ])
        .unwrap();
        assert_eq!(json, r#"["quarantine","Delivered"]"#);
        let back: Vec<Disposition> = serde_json::from_str(&json).unwrap();
        assert_eq!(back[1], Disposition::Other("Delivered".to_owned().into()));
    }
}
