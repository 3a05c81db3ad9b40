//! The DMARC record model: one typed field per tag, values as enums.
//!
//! Field names are the tag names of RFC 7489 and RFC 9989. A tag that the
//! record does not contain is `None` (or an empty list); its default is
//! applied only where a question is asked ([`DmarcRecord::effective_sp`]),
//! never by filling the field in, so rendering gives back what was written.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A parsed DMARC record (the TXT value at `_dmarc.<domain>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DmarcRecord {
    /// `v`: the version, as written (`DMARC1` when valid).
    pub v: String,
    /// `p`: what receivers do with failing mail from the domain itself.
    pub p: Option<Policy>,
    /// `sp`: the policy for subdomains (default: `p`).
    pub sp: Option<Policy>,
    /// `np`: the policy for non-existent subdomains (RFC 9989; default: `sp`, else `p`).
    pub np: Option<Policy>,
    /// `adkim`: DKIM alignment (default relaxed).
    pub adkim: Option<Alignment>,
    /// `aspf`: SPF alignment (default relaxed).
    pub aspf: Option<Alignment>,
    /// `fo`: failure reporting options, in the order written (default `0`).
    pub fo: Option<Vec<FailureOption>>,
    /// `rua`: where aggregate reports go.
    pub rua: Vec<ReportUri>,
    /// `ruf`: where failure reports go.
    pub ruf: Vec<ReportUri>,
    /// `psd`: whether the domain is a public suffix domain (RFC 9989).
    pub psd: Option<Psd>,
    /// `t`: testing mode (RFC 9989).
    pub t: Option<Testing>,
    /// `pct`: percentage of failing mail the policy applies to (RFC 7489 only).
    pub pct: Option<u8>,
    /// `rf`: failure report format (RFC 7489 only).
    pub rf: Option<ReportFormat>,
    /// `ri`: requested aggregate report interval in seconds (RFC 7489 only).
    pub ri: Option<u32>,
    /// Tags this model does not know, as `(name, value)` in the order written.
    pub unknown: Vec<(String, String)>,
}

impl DmarcRecord {
    /// A record holding only `v=DMARC1` and `p`.
    pub fn new(p: Policy) -> Self {
        DmarcRecord {
            v: VERSION.to_owned(),
            p: Some(p),
            ..DmarcRecord::default()
        }
    }

    /// The policy for subdomains: `sp`, else `p`.
    pub fn effective_sp(&self) -> Option<Policy> {
        self.sp.or(self.p)
    }

    /// The policy for non-existent subdomains: `np`, else `sp`, else `p`.
    pub fn effective_np(&self) -> Option<Policy> {
        self.np.or(self.sp).or(self.p)
    }

    /// `pct`, or its default 100.
    pub fn effective_pct(&self) -> u8 {
        self.pct.unwrap_or(100)
    }
}

/// The only valid value of `v`.
pub const VERSION: &str = "DMARC1";

/// The longest string one TXT character-string can hold (RFC 1035 §3.3).
pub const MAX_STRING_LEN: usize = 255;

/// Defines a tag value enum with its textual form (lower case, as rendered;
/// parsing is case-insensitive as ABNF literals are, RFC 5234 §2.3).
macro_rules! value_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order of the RFC.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in a record.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// Reads a value, ignoring ASCII case and surrounding white space.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                $(if text.eq_ignore_ascii_case($text) {
                    return Some($name::$variant);
                })+
                None
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

value_enum! {
    /// A value of `p`, `sp` or `np`.
    Policy {
        /// `none`: monitor only, deliver as usual.
        None => "none",
        /// `quarantine`: treat failing mail as suspicious (usually the spam folder).
        Quarantine => "quarantine",
        /// `reject`: refuse failing mail.
        Reject => "reject",
    }
}

value_enum! {
    /// A value of `adkim` or `aspf`.
    Alignment {
        /// `r`: the organisational domains must match.
        Relaxed => "r",
        /// `s`: the domains must be identical.
        Strict => "s",
    }
}

value_enum! {
    /// One option of `fo`.
    FailureOption {
        /// `0`: report when every mechanism fails to produce an aligned pass.
        All => "0",
        /// `1`: report when any mechanism fails to produce an aligned pass.
        Any => "1",
        /// `d`: report when a DKIM signature fails, aligned or not.
        Dkim => "d",
        /// `s`: report when SPF fails, aligned or not.
        Spf => "s",
    }
}

value_enum! {
    /// A value of `t` (RFC 9989 testing mode).
    Testing {
        /// `y`: testing; receivers should not apply quarantine or reject fully.
        Yes => "y",
        /// `n`: not testing (default).
        No => "n",
    }
}

value_enum! {
    /// A value of `psd` (RFC 9989).
    Psd {
        /// `y`: the domain is a public suffix domain.
        Yes => "y",
        /// `n`: the domain is not a public suffix domain (an organisational domain).
        No => "n",
        /// `u`: unspecified (default).
        Unspecified => "u",
    }
}

value_enum! {
    /// A value of `rf` (RFC 7489).
    ReportFormat {
        /// `afrf`: the Authentication Failure Reporting Format (RFC 6591).
        Afrf => "afrf",
    }
}

value_enum! {
    /// A choice between the tag set of RFC 7489 (what most receivers
    /// implement) and that of RFC 9989 (the revision that obsoletes it).
    TagSet {
        /// RFC 7489: `pct`, `rf`, `ri`, size limits; no `np`, `t`, `psd`.
        Rfc7489 => "rfc7489",
        /// RFC 9989: `np`, `t`, `psd`; no `pct`, `rf`, `ri`.
        Rfc9989 => "rfc9989",
    }
}

#[allow(clippy::derivable_impls)] // the enum comes from a macro
impl Default for TagSet {
    fn default() -> Self {
        TagSet::Rfc7489
    }
}

#[allow(clippy::derivable_impls)] // the enum comes from a macro
impl Default for Policy {
    /// `none`: where every domain should start.
    fn default() -> Self {
        Policy::None
    }
}

#[allow(clippy::derivable_impls)] // the enum comes from a macro
impl Default for Alignment {
    /// Relaxed, as in the RFC.
    fn default() -> Self {
        Alignment::Relaxed
    }
}

/// A report destination of `rua` or `ruf`: `mailto:<address>[!<size>]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReportUri {
    /// The mailbox, without `mailto:` (`dmarc@example.com`).
    pub address: String,
    /// The optional maximum report size (`!10m`).
    pub size_limit: Option<SizeLimit>,
}

impl ReportUri {
    /// A destination without size limit.
    pub fn new(address: impl Into<String>) -> Self {
        ReportUri {
            address: address.into(),
            size_limit: None,
        }
    }

    /// The host part of the address, lower-cased (`example.com`).
    pub fn host(&self) -> Option<String> {
        let (_, host) = self.address.rsplit_once('@')?;
        let host = host.split('?').next().unwrap_or(host);
        crate::domain::normalise(host)
    }
}

impl fmt::Display for ReportUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mailto:{}", self.address)?;
        if let Some(size) = self.size_limit {
            write!(f, "!{size}")?;
        }
        Ok(())
    }
}

/// The `!size` suffix of a report URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SizeLimit {
    /// The number.
    pub value: u64,
    /// Its unit.
    pub unit: SizeUnit,
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value, self.unit.suffix())
    }
}

/// The unit of a [`SizeLimit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SizeUnit {
    /// No suffix: bytes.
    Bytes,
    /// `k`: kibibytes.
    Kilo,
    /// `m`: mebibytes.
    Mega,
    /// `g`: gibibytes.
    Giga,
    /// `t`: tebibytes.
    Tera,
}

impl SizeUnit {
    /// The suffix as written (`""`, `k`, `m`, `g`, `t`).
    pub fn suffix(self) -> &'static str {
        match self {
            SizeUnit::Bytes => "",
            SizeUnit::Kilo => "k",
            SizeUnit::Mega => "m",
            SizeUnit::Giga => "g",
            SizeUnit::Tera => "t",
        }
    }
}

impl SizeLimit {
    /// Reads `10m`, `500k`, `2048`. Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<SizeLimit> {
        let text = text.trim();
        let digits_end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (digits, suffix) = text.split_at(digits_end);
        if digits.is_empty() {
            return None;
        }
        let value = digits.parse().ok()?;
        let unit = match suffix.to_ascii_lowercase().as_str() {
            "" => SizeUnit::Bytes,
            "k" => SizeUnit::Kilo,
            "m" => SizeUnit::Mega,
            "g" => SizeUnit::Giga,
            "t" => SizeUnit::Tera,
            _ => return None,
        };
        Some(SizeLimit { value, unit })
    }
}

/// The tags this model knows, in canonical (rendering) order.
pub const KNOWN_TAGS: &[&str] = &[
    "v", "p", "sp", "np", "adkim", "aspf", "pct", "t", "fo", "rf", "ri", "rua", "ruf", "psd",
];

/// Tags RFC 9989 removed.
pub const REMOVED_TAGS: &[&str] = &["pct", "rf", "ri"];

/// Tags RFC 9989 added (older receivers ignore them).
pub const NEW_TAGS: &[&str] = &["np", "t", "psd"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_back_from_its_text() {
        for p in Policy::ALL {
            assert_eq!(Policy::parse(p.as_str()), Some(*p));
            assert_eq!(Policy::parse(&p.as_str().to_uppercase()), Some(*p));
        }
        for a in Alignment::ALL {
            assert_eq!(Alignment::parse(a.as_str()), Some(*a));
        }
        for o in FailureOption::ALL {
            assert_eq!(FailureOption::parse(o.as_str()), Some(*o));
        }
        for t in Testing::ALL {
            assert_eq!(Testing::parse(t.as_str()), Some(*t));
        }
        for p in Psd::ALL {
            assert_eq!(Psd::parse(p.as_str()), Some(*p));
        }
        assert_eq!(ReportFormat::parse("AFRF"), Some(ReportFormat::Afrf));
        assert_eq!(Policy::parse("rejected"), None);
    }

    #[test]
    fn size_limits_parse_and_print() {
        for text in ["10m", "500k", "2048", "1g", "3t"] {
            let size = SizeLimit::parse(text);
            assert_eq!(size.map(|s| s.to_string()).as_deref(), Some(text));
        }
        assert_eq!(
            SizeLimit::parse("10M").map(|s| s.to_string()).as_deref(),
            Some("10m")
        );
        for bad in ["", "m", "10mb", "ten", "-5", "99999999999999999999999"] {
            assert_eq!(SizeLimit::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn defaults_follow_the_rfc() {
        let mut r = DmarcRecord::new(Policy::Reject);
        assert_eq!(r.effective_sp(), Some(Policy::Reject));
        r.sp = Some(Policy::Quarantine);
        assert_eq!(r.effective_np(), Some(Policy::Quarantine));
        r.np = Some(Policy::None);
        assert_eq!(r.effective_np(), Some(Policy::None));
        assert_eq!(r.effective_pct(), 100);
    }

    #[test]
    fn report_uris_print_with_their_size() {
        let uri = ReportUri {
            address: "dmarc@Example.com".into(),
            size_limit: SizeLimit::parse("10m"),
        };
        assert_eq!(uri.to_string(), "mailto:dmarc@Example.com!10m");
        assert_eq!(uri.host().as_deref(), Some("example.com"));
    }
}
