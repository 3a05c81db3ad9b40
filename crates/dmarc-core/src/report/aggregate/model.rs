//! The aggregate report model (RFC 7489 Appendix C, RFC 9990), field names
//! straight from the XSD.
//!
//! An element that was absent is `None` (or an empty `Vec`); a text element
//! that was present but empty is `Some("")`. Typed values (results, numbers,
//! addresses) that could not be read keep their raw text where the type
//! allows (`Other`, [`SourceIp::Invalid`]), and otherwise leave a
//! [`Note`](crate::report::Note) with the raw text.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::values::{
    Alignment, DiscoveryMethod, Disposition, DkimResult, DmarcResult, Policy, ReasonType,
    SpfResult, SpfScope, Testing,
};
use crate::domain::{normalise, organizational_domain};

/// A short text value of a record (a domain, a selector): kept inline when
/// it fits in 24 bytes (12 in the 32-bit WebAssembly build), as most do
/// natively, so a record's names cost no allocation of their own (a report's
/// model was about the size of its XML otherwise). Same size as `String`.
pub type Text = compact_str::CompactString;

/// One DMARC aggregate report: the `<feedback>` document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AggregateReport {
    /// `<version>` as written (`1.0`, `2.0`), if present.
    pub version: Option<String>,
    /// The XML namespace of `<feedback>`: none for RFC 7489,
    /// `urn:ietf:params:xml:ns:dmarc-2.0` for RFC 9990, or a draft namespace.
    pub namespace: Option<String>,
    /// Who sent the report, its id and period.
    pub report_metadata: ReportMetadata,
    /// The policy the receiver found for the domain.
    pub policy_published: PolicyPublished,
    /// The children of the report-level `<extension>` (RFC 9990) and any other
    /// foreign element at report level, kept as raw XML.
    pub extensions: Vec<Extension>,
    /// One entry per `<record>`, in document order. Never filtered.
    pub records: Vec<Record>,
}

/// `<report_metadata>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportMetadata {
    /// `<org_name>`: the reporting organisation (may be empty in the wild).
    pub org_name: Option<String>,
    /// `<email>`: the reporter's contact address.
    pub email: Option<String>,
    /// `<extra_contact_info>`.
    pub extra_contact_info: Option<String>,
    /// `<report_id>`: unique per reporter.
    pub report_id: Option<String>,
    /// `<date_range>` (also read from the misspelt `<data_range>`).
    pub date_range: Option<DateRange>,
    /// Each `<error>`, in order.
    pub errors: Vec<String>,
    /// `<generator>` (RFC 9990): the software that wrote the report.
    pub generator: Option<String>,
}

/// `<date_range>`: the period covered, in Unix seconds (UTC). Decimal
/// timestamps such as `1339171200.0` are read as their integer part.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// `<begin>`; `None` when absent or not a number (a note keeps the text).
    pub begin: Option<i64>,
    /// `<end>`; `None` when absent or not a number (a note keeps the text).
    pub end: Option<i64>,
}

/// `<policy_published>`: the DMARC record as the receiver saw it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyPublished {
    /// `<domain>`: the domain the policy is for.
    pub domain: Option<String>,
    /// `<discovery_method>` (RFC 9990): `psl` or `treewalk`.
    pub discovery_method: Option<DiscoveryMethod>,
    /// `<adkim>`: DKIM alignment mode.
    pub adkim: Option<Alignment>,
    /// `<aspf>`: SPF alignment mode.
    pub aspf: Option<Alignment>,
    /// `<p>`: the policy for the domain.
    pub p: Option<Policy>,
    /// `<sp>`: the policy for subdomains.
    pub sp: Option<Policy>,
    /// `<np>` (RFC 9990): the policy for non-existent subdomains.
    pub np: Option<Policy>,
    /// `<pct>` (RFC 7489); `None` when absent or not a number (see notes).
    pub pct: Option<u32>,
    /// `<fo>`: failure reporting options, as written.
    pub fo: Option<String>,
    /// `<testing>` (RFC 9990): the `t` tag.
    pub testing: Option<Testing>,
}

/// A foreign element kept verbatim: RFC 9990 extensions, namespaced
/// elements inside a record, or unknown elements at report or record level.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The element's qualified name as written (`ext:foo`).
    pub name: String,
    /// The element's raw XML, from `<` to the end of its closing tag.
    pub xml: String,
}

/// One `<record>`: a group of messages from one source with the same results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `<row>` (all fields `None` when the row was missing).
    pub row: Row,
    /// `<identifiers>` (all fields `None` when missing).
    pub identifiers: Identifiers,
    /// Which tag held the identifiers: `identifiers`, or `identities` in
    /// 2012-era Google reports; `None` when neither was present.
    pub identifiers_tag: Option<IdentifiersTag>,
    /// `<auth_results>` (empty when missing).
    pub auth_results: AuthResults,
    /// Namespaced extension elements and unknown elements of the record.
    pub extensions: Vec<Extension>,
}

/// The element that held a record's identifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifiersTag {
    /// `<identifiers>`, as in the schema.
    Identifiers,
    /// `<identities>`, as in 2012-era Google reports.
    Identities,
}

/// `<row>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// `<source_ip>`: the sending address.
    pub source_ip: Option<SourceIp>,
    /// `<count>`: messages in this record (0 is kept); `None` when absent or
    /// not a number.
    pub count: Option<u64>,
    /// `<policy_evaluated>` (all fields `None` when missing).
    pub policy_evaluated: PolicyEvaluated,
}

/// A `<source_ip>`: an address when it parses, the raw text otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SourceIp {
    /// A valid IPv4 or IPv6 address.
    Valid(IpAddr),
    /// Text that is not an address, kept as written.
    Invalid(String),
}

impl SourceIp {
    /// Reads an address; text that does not parse is kept as `Invalid`.
    pub fn parse(text: &str) -> Self {
        match text.parse::<IpAddr>() {
            Ok(ip) => SourceIp::Valid(ip),
            Err(_) => SourceIp::Invalid(text.to_owned()),
        }
    }

    /// Appends the text [`Display`](std::fmt::Display) writes to `out`,
    /// without the formatting machinery for IPv4 addresses (the index and
    /// the exports write the address of every record).
    pub fn write_to(&self, out: &mut String) {
        match self {
            SourceIp::Valid(IpAddr::V4(v4)) => {
                for (i, octet) in v4.octets().into_iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    if octet >= 100 {
                        out.push(char::from(b'0' + octet / 100));
                    }
                    if octet >= 10 {
                        out.push(char::from(b'0' + octet / 10 % 10));
                    }
                    out.push(char::from(b'0' + octet % 10));
                }
            }
            SourceIp::Valid(ip) => {
                use std::fmt::Write as _;
                let _ = write!(out, "{ip}");
            }
            SourceIp::Invalid(raw) => out.push_str(raw),
        }
    }

    /// The address, when valid.
    pub fn ip(&self) -> Option<IpAddr> {
        match self {
            SourceIp::Valid(ip) => Some(*ip),
            SourceIp::Invalid(_) => None,
        }
    }
}

impl std::fmt::Display for SourceIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceIp::Valid(ip) => ip.fmt(f),
            SourceIp::Invalid(raw) => f.write_str(raw),
        }
    }
}

/// `<policy_evaluated>`: what the receiver decided, with the aligned results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyEvaluated {
    /// `<disposition>`.
    pub disposition: Option<Disposition>,
    /// `<dkim>`: the aligned DKIM result.
    pub dkim: Option<DmarcResult>,
    /// `<spf>`: the aligned SPF result.
    pub spf: Option<DmarcResult>,
    /// Each `<reason>`, in order.
    pub reasons: Vec<Reason>,
}

/// `<reason>`: why the policy was overridden.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// `<type>`; `None` when absent.
    #[serde(rename = "type")]
    pub kind: Option<ReasonType>,
    /// `<comment>`.
    pub comment: Option<String>,
}

/// `<identifiers>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifiers {
    /// `<header_from>`: the author (`From:`) domain.
    pub header_from: Option<Text>,
    /// `<envelope_from>`: the `MAIL FROM` domain.
    pub envelope_from: Option<Text>,
    /// `<envelope_to>`: the recipient domain.
    pub envelope_to: Option<Text>,
}

/// `<auth_results>`: the raw DKIM and SPF results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthResults {
    /// Each `<dkim>`, one per signature checked.
    pub dkim: Vec<DkimAuthResult>,
    /// Each `<spf>`.
    pub spf: Vec<SpfAuthResult>,
}

/// `<auth_results/dkim>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DkimAuthResult {
    /// `<domain>`: the signature's `d=`.
    pub domain: Option<Text>,
    /// `<selector>`: the signature's `s=`.
    pub selector: Option<Text>,
    /// `<result>`.
    pub result: Option<DkimResult>,
    /// `<human_result>`.
    pub human_result: Option<Text>,
}

/// `<auth_results/spf>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpfAuthResult {
    /// `<domain>`: the checked domain.
    pub domain: Option<Text>,
    /// `<scope>`: `mfrom` or `helo`.
    pub scope: Option<SpfScope>,
    /// `<result>`.
    pub result: Option<SpfResult>,
    /// `<human_result>`.
    pub human_result: Option<Text>,
}

/// Whether `checked` is aligned with the author domain `author` under `mode`
/// (RFC 7489 §3.1): strict needs the same name, relaxed (the default, also
/// for an unknown mode) the same organisational domain. Case and one
/// trailing dot are ignored; an empty name never aligns.
pub fn domains_aligned(author: &str, checked: &str, mode: Option<&Alignment>) -> bool {
    if !crate::psl::is_loaded() {
        // Nothing is remembered while the list is missing (a build without
        // it, before it is installed): its answers would outlive it.
        return match (AlignmentName::of(author), AlignmentName::of(checked)) {
            (Some(author), Some(checked)) => author.aligned_with(&checked, mode),
            _ => false,
        };
    }
    ALIGNMENT_NAMES.with_borrow_mut(|names| {
        // Both names are usually known already: looked up once each.
        if let (Some(a), Some(c)) = (names.get(author), names.get(checked)) {
            return aligned(a.as_ref(), c.as_ref(), mode);
        }
        remember(names, &[author, checked]);
        aligned(
            names.get(author).and_then(Option::as_ref),
            names.get(checked).and_then(Option::as_ref),
            mode,
        )
    })
}

/// Whether remembered names align (a name that normalises to nothing never does).
fn aligned(
    author: Option<&AlignmentName>,
    checked: Option<&AlignmentName>,
    mode: Option<&Alignment>,
) -> bool {
    match (author, checked) {
        (Some(author), Some(checked)) => author.aligned_with(checked, mode),
        _ => false,
    }
}

/// [`organizational_domain`] of `name`, remembered with what
/// [`domains_aligned`] reads of it.
pub(crate) fn remembered_organizational_domain(name: &str) -> Option<String> {
    if !crate::psl::is_loaded() {
        return organizational_domain(name);
    }
    ALIGNMENT_NAMES.with_borrow_mut(|names| {
        if let Some(known) = names.get(name) {
            return known.as_ref()?.of_given.clone();
        }
        remember(names, &[name]);
        names.get(name)?.as_ref()?.of_given.clone()
    })
}

/// Adds what is not known yet of `given` to `names`, starting again when
/// full.
fn remember(names: &mut foldhash::HashMap<String, Option<AlignmentName>>, given: &[&str]) {
    if names.len() + given.len() > ALIGNMENT_NAMES_KEPT {
        names.clear();
    }
    for &name in given {
        if !names.contains_key(name) {
            names.insert(name.to_owned(), AlignmentName::of(name));
        }
    }
}

/// What [`domains_aligned`] reads of a name: the name normalised, and the
/// organisational domain of that; and the organisational domain of the
/// name as given (the same but for names that [`normalise`] changes
/// twice, such as `a.example. .`).
struct AlignmentName {
    normalised: String,
    organisational: Option<String>,
    of_given: Option<String>,
}

impl AlignmentName {
    /// The rule of [`domains_aligned`]: the same name, or under `relaxed`
    /// the same organisational domain.
    fn aligned_with(&self, checked: &AlignmentName, mode: Option<&Alignment>) -> bool {
        if self.normalised == checked.normalised {
            return true;
        }
        if matches!(mode, Some(Alignment::Strict)) {
            return false;
        }
        match (&self.organisational, &checked.organisational) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// `None` for a name that normalises to nothing.
    fn of(name: &str) -> Option<Self> {
        let normalised = normalise(name)?;
        let of_given = organizational_domain(name);
        let organisational = if normalise(&normalised).as_deref() == Some(normalised.as_str()) {
            of_given.clone()
        } else {
            organizational_domain(&normalised)
        };
        Some(AlignmentName {
            normalised,
            organisational,
            of_given,
        })
    }
}

/// Names [`domains_aligned`] remembers at most (then it starts again).
const ALIGNMENT_NAMES_KEPT: usize = 4096;

thread_local! {
    /// The names [`domains_aligned`] has read, by the text given: the same
    /// names recur across the records of a report (the header From domain,
    /// the DKIM and SPF domains), and looking up an organisational domain
    /// in the Public Suffix List was a tenth of reading and exporting one.
    static ALIGNMENT_NAMES: std::cell::RefCell<foldhash::HashMap<String, Option<AlignmentName>>> =
        std::cell::RefCell::default();
}

impl Record {
    /// The number of messages, 0 when absent or unreadable.
    pub fn count(&self) -> u64 {
        self.row.count.unwrap_or(0)
    }

    /// The organisational domain of `header_from`.
    pub fn header_from_org_domain(&self) -> Option<String> {
        remembered_organizational_domain(self.identifiers.header_from.as_deref()?)
    }

    /// The organisational domain of `envelope_from`.
    pub fn envelope_from_org_domain(&self) -> Option<String> {
        organizational_domain(self.identifiers.envelope_from.as_deref()?)
    }

    /// Whether a passing DKIM signature in `auth_results` is aligned with
    /// `header_from` under `adkim` (relaxed when `None`). False when
    /// `header_from` is missing.
    pub fn dkim_aligned(&self, adkim: Option<&Alignment>) -> bool {
        let Some(author) = self.identifiers.header_from.as_deref() else {
            return false;
        };
        self.auth_results.dkim.iter().any(|d| {
            d.result.as_ref().is_some_and(DkimResult::is_pass)
                && d.domain
                    .as_deref()
                    .is_some_and(|domain| domains_aligned(author, domain, adkim))
        })
    }

    /// Whether a passing SPF result in `auth_results` for the envelope sender
    /// (scope `mfrom` or unspecified) is aligned with `header_from` under
    /// `aspf` (relaxed when `None`). A `helo` result counts only when the
    /// record has no other SPF result (RFC 7208 §2.4: an empty `MAIL FROM`).
    pub fn spf_aligned(&self, aspf: Option<&Alignment>) -> bool {
        let Some(author) = self.identifiers.header_from.as_deref() else {
            return false;
        };
        let only_helo = self
            .auth_results
            .spf
            .iter()
            .all(|s| matches!(s.scope, Some(SpfScope::Helo)));
        self.auth_results.spf.iter().any(|s| {
            (only_helo || !matches!(s.scope, Some(SpfScope::Helo)))
                && s.result.as_ref().is_some_and(SpfResult::is_pass)
                && s.domain
                    .as_deref()
                    .is_some_and(|domain| domains_aligned(author, domain, aspf))
        })
    }

    /// Whether aligned SPF passed, by the receiver's verdict
    /// (`policy_evaluated/spf`), or computed with [`Record::spf_aligned`]
    /// when the receiver left it out. The dashboard and every export count
    /// with this one rule.
    pub fn evaluated_spf_pass(&self, aspf: Option<&Alignment>) -> bool {
        self.row
            .policy_evaluated
            .spf
            .as_ref()
            .map_or_else(|| self.spf_aligned(aspf), |r| *r == DmarcResult::Pass)
    }

    /// Whether aligned DKIM passed, by the receiver's verdict
    /// (`policy_evaluated/dkim`), or computed with [`Record::dkim_aligned`]
    /// when the receiver left it out.
    pub fn evaluated_dkim_pass(&self, adkim: Option<&Alignment>) -> bool {
        self.row
            .policy_evaluated
            .dkim
            .as_ref()
            .map_or_else(|| self.dkim_aligned(adkim), |r| *r == DmarcResult::Pass)
    }

    /// Whether the record passed DMARC under `policy`: aligned SPF or
    /// aligned DKIM passed ([`Record::evaluated_spf_pass`],
    /// [`Record::evaluated_dkim_pass`]).
    pub fn dmarc_pass(&self, policy: &PolicyPublished) -> bool {
        self.evaluated_spf_pass(policy.aspf.as_ref())
            || self.evaluated_dkim_pass(policy.adkim.as_ref())
    }
}

impl DkimAuthResult {
    /// The organisational domain of `d=`.
    pub fn org_domain(&self) -> Option<String> {
        organizational_domain(self.domain.as_deref()?)
    }
}

impl SpfAuthResult {
    /// The organisational domain of the checked domain.
    pub fn org_domain(&self) -> Option<String> {
        organizational_domain(self.domain.as_deref()?)
    }
}

impl AggregateReport {
    /// The sum of the records' counts.
    pub fn message_count(&self) -> u64 {
        self.records.iter().map(Record::count).sum()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc7489_3_1_identifier_alignment() {
        let strict = Some(&Alignment::Strict);
        let cases = [
            ("example.com", "example.com", None, true),
            ("example.com", "mail.example.com", None, true),
            ("example.com", "mail.example.com", strict, false),
            ("Example.COM.", "example.com", strict, true),
            ("example.co.jp", "mail.example.co.jp", None, true),
            ("example.com", "eu-west-1.amazonses.com", None, false),
            ("example.com", "", None, false),
            ("co.jp", "other.co.jp", None, false),
        ];
        for (author, checked, mode, want) in cases {
            assert_eq!(
                domains_aligned(author, checked, mode),
                want,
                "{author} {checked}"
            );
        }
    }

    #[test]
    fn source_addresses_are_written_as_display_writes_them() {
        let mut cases: Vec<SourceIp> = [
            "::1",
            "2001:db8::8a2e:370:7334",
            "::ffff:192.0.2.1",
            "fe80::1",
        ]
        .iter()
        .map(|text| SourceIp::parse(text))
        .collect();
        cases.push(SourceIp::Invalid("not an address".into()));
        cases.push(SourceIp::Invalid(String::new()));
        // Every octet value in every position of an IPv4 address.
        for octet in 0..=255u8 {
            for at in 0..4 {
                let mut octets = [10, 0, 99, 255];
                octets[at] = octet;
                cases.push(SourceIp::Valid(IpAddr::from(octets)));
            }
        }
        let mut out = String::from("kept:");
        for ip in &cases {
            out.truncate(5);
            ip.write_to(&mut out);
            assert_eq!(out, format!("kept:{ip}"), "{ip:?}");
        }
    }

    /// The rule of [`domains_aligned`] without its memory of names.
    fn aligned_from_scratch(author: &str, checked: &str, mode: Option<&Alignment>) -> bool {
        let (Some(author), Some(checked)) = (normalise(author), normalise(checked)) else {
            return false;
        };
        if author == checked {
            return true;
        }
        if matches!(mode, Some(Alignment::Strict)) {
            return false;
        }
        match (
            organizational_domain(&author),
            organizational_domain(&checked),
        ) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    #[test]
    fn remembered_names_give_the_rule_s_answers() {
        let names = [
            "example.com",
            "Mail.Example.COM.",
            " example.com. .",
            "example.co.jp",
            "mail.example.co.jp",
            "co.jp",
            "amazonses.com",
            "eu-west-1.amazonses.com",
            "",
            " ",
            ".",
            "例え.jp",
            "sub.例え.jp",
        ];
        let modes = [None, Some(Alignment::Strict), Some(Alignment::Relaxed)];
        let check = || {
            for name in names {
                assert_eq!(
                    remembered_organizational_domain(name),
                    organizational_domain(name),
                    "{name:?}"
                );
            }
            for a in names {
                for b in names {
                    for mode in &modes {
                        assert_eq!(
                            domains_aligned(a, b, mode.as_ref()),
                            aligned_from_scratch(a, b, mode.as_ref()),
                            "{a:?} {b:?} {mode:?}"
                        );
                    }
                }
            }
        };
        check();
        // Again from memory, then after more names than it keeps.
        check();
        for i in 0..ALIGNMENT_NAMES_KEPT + 10 {
            let name = format!("host{i}.example.net");
            assert!(domains_aligned(&name, "example.net", None));
        }
        check();
    }

    fn record(header_from: &str, dkim: &[(&str, &str)], spf: &[(&str, &str, &str)]) -> Record {
        Record {
            identifiers: Identifiers {
                header_from: Some(header_from.into()),
                ..Identifiers::default()
            },
            auth_results: AuthResults {
                dkim: dkim
                    .iter()
                    .map(|(d, r)| DkimAuthResult {
                        domain: Some((*d).into()),
                        result: Some(DkimResult::parse(r)),
                        ..DkimAuthResult::default()
                    })
                    .collect(),
                spf: spf
                    .iter()
                    .map(|(d, scope, r)| SpfAuthResult {
                        domain: Some((*d).into()),
                        scope: Some(SpfScope::parse(scope)),
                        result: Some(SpfResult::parse(r)),
                        ..SpfAuthResult::default()
                    })
                    .collect(),
            },
            ..Record::default()
        }
    }

    #[test]
    fn amazon_ses_default_mail_from_aligns_dkim_not_spf() {
        let r = record(
            "example.com",
            &[("example.com", "pass"), ("amazonses.com", "pass")],
            &[("eu-west-1.amazonses.com", "mfrom", "pass")],
        );
        assert!(r.dkim_aligned(None));
        assert!(!r.spf_aligned(None));
        let custom = record("example.com", &[], &[("mail.example.com", "mfrom", "pass")]);
        assert!(custom.spf_aligned(Some(&Alignment::Relaxed)));
        assert!(!custom.spf_aligned(Some(&Alignment::Strict)));
        let failing = record("example.com", &[("example.com", "fail")], &[]);
        assert!(!failing.dkim_aligned(None));
        let helo_only = record("example.com", &[], &[("example.com", "helo", "pass")]);
        assert!(helo_only.spf_aligned(None));
        let helo_and_mfrom = record(
            "example.com",
            &[],
            &[
                ("example.com", "helo", "pass"),
                ("bounce.other.net", "mfrom", "pass"),
            ],
        );
        assert!(!helo_and_mfrom.spf_aligned(None));
    }

    /// The receiver's `policy_evaluated` verdict wins over our own reading
    /// of `auth_results`; ours fills in only what the receiver left out
    /// (real reports disagree both ways: Zoho says `fail` for a passing
    /// aligned signature, others `pass` with no `auth_results` at all).
    #[test]
    fn evaluated_results_prefer_the_receivers_verdict() {
        let aligned = record(
            "example.com",
            &[("example.com", "pass")],
            &[("example.com", "mfrom", "pass")],
        );
        let unaligned = record("example.com", &[("other.net", "pass")], &[]);
        let pass = Some(DmarcResult::Pass);
        let fail = Some(DmarcResult::Fail);
        // (record, evaluated dkim, evaluated spf) -> (dkim, spf, dmarc)
        let cases = [
            (&aligned, None, None, (true, true, true)),
            (&aligned, fail.clone(), fail.clone(), (false, false, false)),
            (&aligned, fail.clone(), None, (false, true, true)),
            (&unaligned, None, None, (false, false, false)),
            (&unaligned, pass.clone(), None, (true, false, true)),
            (&unaligned, None, pass.clone(), (false, true, true)),
        ];
        for (i, (r, dkim, spf, want)) in cases.into_iter().enumerate() {
            let mut r = r.clone();
            r.row.policy_evaluated.dkim = dkim;
            r.row.policy_evaluated.spf = spf;
            let got = (
                r.evaluated_dkim_pass(None),
                r.evaluated_spf_pass(None),
                r.dmarc_pass(&PolicyPublished::default()),
            );
            assert_eq!(got, want, "case {i}");
        }
    }
}
