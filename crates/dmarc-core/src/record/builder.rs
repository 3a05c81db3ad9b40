//! The record builder: choices in, a record ready to publish out.
//!
//! The UI fills [`BuilderChoices`] and calls [`build`]. The output is clean by
//! construction: it re-parses to the same policy, and [`check_with`] under the
//! builder's own options finds no error or warning (only information notes,
//! returned in [`BuiltRecord::notes`]). Defaults are left out of the record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::check::{authorization_needed, check_with, CheckOptions};
use super::finding::Finding;
use super::model::{
    Alignment, DmarcRecord, FailureOption, Policy, ReportFormat, ReportUri, TagSet, Testing,
    VERSION,
};
use super::render::{quoted, render, split_strings};
use crate::domain::{is_address, normalise_domain, relative_name, try_organizational_domain};
use crate::psl::SuffixListMissing;

/// The TTL used in zone-file lines.
pub const TTL: u32 = 3600;

/// `text` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// What the person chose, step by step. `Default` is a sensible start:
/// RFC 7489 tags, `p=none`, relaxed alignment, no destinations yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuilderChoices {
    /// The domain mail is sent from (`example.com`, `例え.jp`, `Example.COM.`).
    pub domain: String,
    /// Which tag set to write.
    pub tag_set: TagSet,
    /// The policy for the domain.
    pub p: Policy,
    /// The policy for subdomains, if different from `p`.
    pub sp: Option<Policy>,
    /// The policy for non-existent subdomains (RFC 9989 only), if different.
    pub np: Option<Policy>,
    /// The percentage of failing mail the policy applies to (RFC 7489 only), 1–100.
    pub pct: Option<u8>,
    /// Testing mode (RFC 9989 only): ask receivers not to enforce fully yet.
    pub testing: bool,
    /// Aggregate report destinations.
    pub rua: Vec<ReportUri>,
    /// Failure report destinations.
    pub ruf: Vec<ReportUri>,
    /// DKIM alignment.
    pub adkim: Alignment,
    /// SPF alignment.
    pub aspf: Alignment,
    /// When to send failure reports (only written with `ruf`).
    pub fo: Vec<FailureOption>,
    /// Failure report format (RFC 7489 only; afrf is the only one).
    pub rf: Option<ReportFormat>,
    /// Requested aggregate report interval in seconds (RFC 7489 only).
    pub ri: Option<u32>,
    /// A sender of the domain relies on SPF alone (no DKIM).
    pub spf_only: bool,
}

/// Why the choices cannot make a record. `code()` is the catalogue key
/// `builder.error.<code>`; `args()` fill its placeholders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BuildError {
    /// The domain is empty or not a valid domain name.
    #[error("not a valid domain name: {domain:?}")]
    InvalidDomain {
        /// As typed.
        domain: String,
    },
    /// The domain is a public suffix (`co.jp`): nobody's mail domain.
    #[error("{domain} is a public suffix, not a mail domain")]
    PublicSuffix {
        /// Normalised.
        domain: String,
    },
    /// A report destination is not an e-mail address.
    #[error("not an e-mail address: {address:?}")]
    InvalidAddress {
        /// As typed.
        address: String,
    },
    /// `pct` outside 1–100 (use `p=none` rather than `pct=0`).
    #[error("pct must be from 1 to 100, not {pct}")]
    InvalidPct {
        /// As chosen.
        pct: u8,
    },
    /// The Public Suffix List is not loaded yet (a build without the
    /// embedded list, before [`crate::psl::install`]): the domain and the
    /// report destinations cannot be checked, so nothing is built.
    #[error("the Public Suffix List is not loaded yet")]
    SuffixListMissing,
}

impl BuildError {
    /// `invalid_domain`, `public_suffix`, `invalid_address`, `invalid_pct`,
    /// `suffix_list_missing`.
    pub fn code(&self) -> &'static str {
        match self {
            BuildError::InvalidDomain { .. } => "invalid_domain",
            BuildError::PublicSuffix { .. } => "public_suffix",
            BuildError::InvalidAddress { .. } => "invalid_address",
            BuildError::InvalidPct { .. } => "invalid_pct",
            BuildError::SuffixListMissing => "suffix_list_missing",
        }
    }

    /// The catalogue key: `builder.error.<code>`.
    pub fn key(&self) -> String {
        format!("builder.error.{}", self.code())
    }

    /// Arguments for the message.
    pub fn args(&self) -> BTreeMap<String, String> {
        let (name, value) = match self {
            BuildError::SuffixListMissing => return BTreeMap::new(),
            BuildError::InvalidDomain { domain } | BuildError::PublicSuffix { domain } => {
                ("domain", domain.clone())
            }
            BuildError::InvalidAddress { address } => ("address", address.clone()),
            BuildError::InvalidPct { pct } => ("pct", pct.to_string()),
        };
        BTreeMap::from([(name.to_owned(), value)])
    }
}

/// A DNS record to publish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsRecord {
    /// The full owner name, without trailing dot (`_dmarc.example.com`).
    pub name: String,
    /// `TXT`, `MX`, `CNAME`.
    pub rtype: String,
    /// The value, unquoted (`v=DMARC1`, `feedback-smtp.eu-west-1.amazonses.com`).
    pub value: String,
    /// The MX priority.
    pub priority: Option<u16>,
    /// A catalogue key saying what the record is for.
    pub purpose: String,
}

impl DnsRecord {
    /// The name relative to its organisational domain's zone (see
    /// [`crate::domain::relative_name`]).
    pub fn relative_name(&self) -> String {
        relative_name(&self.name)
    }

    /// A zone-file line: `name. 3600 IN TXT "…"`, TXT values split into strings.
    pub fn zone_line(&self) -> String {
        let value = match (self.rtype.as_str(), self.priority) {
            ("TXT", _) => quoted(&self.value),
            (_, Some(priority)) => format!("{priority} {}.", self.value),
            _ => format!("{}.", self.value),
        };
        format!("{}. {TTL} IN {} {value}", self.name, self.rtype)
    }
}

/// What [`build`] produces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltRecord {
    /// The normalised domain (`example.com`, punycode for IDN).
    pub domain: String,
    /// The record.
    pub record: DmarcRecord,
    /// The TXT value to paste into a DNS panel (`v=DMARC1; p=…`).
    pub value: String,
    /// The value as DNS strings of at most 255 bytes each (one for most records).
    pub strings: Vec<String>,
    /// The full name: `_dmarc.example.com`.
    pub name: String,
    /// The name relative to the zone of the organisational domain, for panels
    /// that append the domain: `_dmarc` for `example.com`, `_dmarc.shop` for
    /// `shop.example.com` (in the `example.com` zone).
    pub relative_name: String,
    /// The zone-file line: `_dmarc.example.com. 3600 IN TXT "…"`.
    pub zone_line: String,
    /// Records each external report destination must publish.
    pub authorizations: Vec<DnsRecord>,
    /// Information about the choices (never an error or warning).
    pub notes: Vec<Finding>,
}

/// Check options matching the builder's choices (used for [`BuiltRecord::notes`]).
pub fn check_options(choices: &BuilderChoices, domain: &str) -> CheckOptions {
    CheckOptions {
        policy_domain: Some(domain.to_owned()),
        tag_set: Some(choices.tag_set),
        spf_only: choices.spf_only,
        parked: false,
        acknowledged: true,
    }
}

/// Builds the record from the choices.
pub fn build(choices: &BuilderChoices) -> Result<BuiltRecord, BuildError> {
    let domain = normalise_domain(&choices.domain).ok_or_else(|| BuildError::InvalidDomain {
        domain: choices.domain.clone(),
    })?;
    match try_organizational_domain(&domain) {
        Err(SuffixListMissing) => return Err(BuildError::SuffixListMissing),
        Ok(None) => return Err(BuildError::PublicSuffix { domain }),
        Ok(Some(_)) => {}
    }
    let record = to_record(choices)?;
    let value = render(&record);
    let name = format!("_dmarc.{domain}");
    let mut hosts: Vec<String> = record
        .rua
        .iter()
        .chain(&record.ruf)
        .filter_map(ReportUri::host)
        .collect();
    hosts.sort();
    hosts.dedup();
    let authorizations = hosts
        .iter()
        .filter(|h| matches!(authorization_needed(&domain, h), Ok(Some(_))))
        .map(|h| DnsRecord {
            name: format!("{domain}._report._dmarc.{h}"),
            rtype: "TXT".to_owned(),
            value: VERSION_TAG.to_owned(),
            priority: None,
            purpose: "builder.output.authorization".to_owned(),
        })
        .collect();
    let notes = check_with(&value, &check_options(choices, &domain)).findings;
    Ok(BuiltRecord {
        zone_line: super::render::zone_line(&name, TTL, &value),
        strings: split_strings(&value),
        relative_name: relative_name(&name),
        domain,
        record,
        value,
        name,
        authorizations,
        notes,
    })
}

const VERSION_TAG: &str = "v=DMARC1";

fn clean_uris(list: &[ReportUri], keep_size: bool) -> Result<Vec<ReportUri>, BuildError> {
    let mut out: Vec<ReportUri> = Vec::new();
    for uri in list {
        let address = uri.address.trim();
        let address = strip_prefix_ci(address, "mailto:").unwrap_or(address);
        if !is_address(address) || address.contains([',', '!']) {
            return Err(BuildError::InvalidAddress {
                address: uri.address.clone(),
            });
        }
        // The host in ASCII (punycode for IDN), as DNS and mail servers expect it.
        let address = match address.rsplit_once('@') {
            Some((local, host)) => match normalise_domain(host) {
                Some(host) => format!("{local}@{host}"),
                None => address.to_owned(),
            },
            None => address.to_owned(),
        };
        let uri = ReportUri {
            address,
            size_limit: uri.size_limit.filter(|_| keep_size),
        };
        if !out
            .iter()
            .any(|u| u.address.eq_ignore_ascii_case(&uri.address))
        {
            out.push(uri);
        }
    }
    Ok(out)
}

fn to_record(c: &BuilderChoices) -> Result<DmarcRecord, BuildError> {
    let rfc7489 = c.tag_set == TagSet::Rfc7489;
    let mut r = DmarcRecord {
        v: VERSION.to_owned(),
        p: Some(c.p),
        ..DmarcRecord::default()
    };
    r.sp = c.sp.filter(|sp| *sp != c.p);
    if !rfc7489 {
        r.np = c.np.filter(|np| Some(*np) != r.effective_sp());
    }
    r.adkim = Some(c.adkim).filter(|a| *a == Alignment::Strict);
    r.aspf = Some(c.aspf).filter(|a| *a == Alignment::Strict);
    r.rua = clean_uris(&c.rua, rfc7489)?;
    r.ruf = clean_uris(&c.ruf, rfc7489)?;
    if rfc7489 {
        if let Some(pct) = c.pct {
            if pct == 0 || pct > 100 {
                return Err(BuildError::InvalidPct { pct });
            }
            r.pct = Some(pct).filter(|p| *p < 100 && c.p != Policy::None);
        }
        r.ri = c.ri.filter(|ri| *ri != 86_400);
        // rf has one value, afrf, the default: writing it changes nothing.
    } else if c.testing && c.p != Policy::None {
        r.t = Some(Testing::Yes);
    }
    if !r.ruf.is_empty() {
        let mut fo: Vec<FailureOption> = Vec::new();
        for o in &c.fo {
            if !fo.contains(o) {
                fo.push(*o);
            }
        }
        if fo.contains(&FailureOption::Any) {
            fo.retain(|o| *o != FailureOption::All);
        }
        if !fo.is_empty() && fo != [FailureOption::All] {
            r.fo = Some(fo);
        }
    }
    Ok(r)
}

/// The choices a parsed record stands for, so a pasted record opens in the
/// builder with everything filled in. Invalid values fall back to defaults
/// (the checker reports them); `pct`/`rf`/`ri` select RFC 7489 and
/// `np`/`t`/`psd` RFC 9989, RFC 7489 when there is neither or both.
pub fn choices_from_record(record: &DmarcRecord, domain: &str) -> BuilderChoices {
    let old = record.pct.is_some() || record.rf.is_some() || record.ri.is_some();
    let new = record.np.is_some() || record.t.is_some() || record.psd.is_some();
    BuilderChoices {
        domain: domain.to_owned(),
        tag_set: if new && !old {
            TagSet::Rfc9989
        } else {
            TagSet::Rfc7489
        },
        p: record.p.unwrap_or_default(),
        sp: record.sp,
        np: record.np,
        pct: record.pct,
        testing: record.t == Some(Testing::Yes),
        rua: record.rua.clone(),
        ruf: record.ruf.clone(),
        adkim: record.adkim.unwrap_or_default(),
        aspf: record.aspf.unwrap_or_default(),
        fo: record.fo.clone().unwrap_or_default(),
        rf: record.rf,
        ri: record.ri,
        spf_only: false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::super::Severity;
    use super::*;

    fn choices(domain: &str) -> BuilderChoices {
        BuilderChoices {
            domain: domain.to_owned(),
            rua: vec![ReportUri::new("dmarc@example.com")],
            ..BuilderChoices::default()
        }
    }

    #[test]
    fn minimal_record_and_names() {
        let b = build(&choices("Example.com.")).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(b.value, "v=DMARC1; p=none; rua=mailto:dmarc@example.com");
        assert_eq!(b.name, "_dmarc.example.com");
        assert_eq!(b.relative_name, "_dmarc");
        assert_eq!(
            b.zone_line,
            "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.com\""
        );
        assert!(b.authorizations.is_empty());
        assert!(b.notes.iter().all(|n| n.severity == Severity::Info));
    }

    #[test]
    fn relative_name_of_a_subdomain_policy() {
        let b = build(&choices("shop.example.com")).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(b.relative_name, "_dmarc.shop");
    }

    #[test]
    fn external_destinations_get_authorisation_records() {
        let mut c = choices("shop.example.com");
        c.rua.push(ReportUri::new("mailto:x@reports.vendor.net"));
        c.ruf.push(ReportUri::new("f@example.com"));
        let b = build(&c).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(b.authorizations.len(), 1);
        assert_eq!(
            b.authorizations[0].zone_line(),
            "shop.example.com._report._dmarc.reports.vendor.net. 3600 IN TXT \"v=DMARC1\""
        );
    }

    #[test]
    fn tag_sets_write_their_own_tags() {
        let mut c = choices("example.com");
        c.p = Policy::Quarantine;
        c.sp = Some(Policy::Reject);
        c.np = Some(Policy::Reject);
        c.pct = Some(50);
        c.testing = true;
        c.ri = Some(3600);
        c.rua[0].size_limit = super::super::SizeLimit::parse("10m");
        let b = build(&c).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            b.value,
            "v=DMARC1; p=quarantine; sp=reject; pct=50; ri=3600; rua=mailto:dmarc@example.com!10m"
        );
        c.tag_set = TagSet::Rfc9989;
        c.np = Some(Policy::Quarantine);
        let b = build(&c).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            b.value,
            "v=DMARC1; p=quarantine; sp=reject; np=quarantine; t=y; rua=mailto:dmarc@example.com"
        );
    }

    #[test]
    fn fo_only_with_ruf_and_without_redundancy() {
        let mut c = choices("example.com");
        c.fo = vec![FailureOption::All, FailureOption::Any, FailureOption::Dkim];
        assert_eq!(build(&c).map(|b| b.record.fo), Ok(None));
        c.ruf = vec![ReportUri::new("f@example.com")];
        assert_eq!(
            build(&c).map(|b| b.record.fo),
            Ok(Some(vec![FailureOption::Any, FailureOption::Dkim]))
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            build(&choices("")).map_err(|e| e.code()),
            Err("invalid_domain")
        );
        assert_eq!(
            build(&choices("co.jp")).map_err(|e| e.code()),
            Err("public_suffix")
        );
        let mut c = choices("example.com");
        c.rua.push(ReportUri::new("not an address"));
        assert_eq!(
            build(&c).map_err(|e| e.key()),
            Err("builder.error.invalid_address".to_owned())
        );
        let mut c = choices("example.com");
        c.pct = Some(0);
        assert_eq!(build(&c).map_err(|e| e.code()), Err("invalid_pct"));
    }

    #[test]
    fn pasted_records_open_in_the_builder() {
        let text = "v=DMARC1; p=quarantine; sp=reject; adkim=s; pct=25; fo=1; rua=mailto:a@example.com; ruf=mailto:f@example.com";
        let parsed = parse(text);
        let c = choices_from_record(&parsed.record, "example.com");
        assert_eq!(c.tag_set, TagSet::Rfc7489);
        assert_eq!(c.p, Policy::Quarantine);
        assert_eq!(c.pct, Some(25));
        let b = build(&c).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(b.value, text);
        let c = choices_from_record(&parse("v=DMARC1; p=reject; t=y").record, "example.com");
        assert_eq!(c.tag_set, TagSet::Rfc9989);
        assert!(c.testing);
    }
}
