//! The checker: the parser's findings plus everything a valid-looking record
//! can still get wrong.

use serde::{Deserialize, Serialize};

use super::finding::{Code, Finding, Kind, Severity};
use super::model::MAX_STRING_LEN;
use super::model::{DmarcRecord, Policy, TagSet, Testing, NEW_TAGS, REMOVED_TAGS};
use super::parse::{parse, ParsedRecord};
use super::render::render;
use crate::psl::SuffixListMissing;

/// Above this many bytes a record may not fit, with the rest of a DNS answer,
/// in a 512-byte UDP packet (RFC 1035 §4.2.1), and some resolvers fail over TCP.
pub const LARGE_RECORD: usize = 450;

/// What the checker should know beyond the record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOptions {
    /// The domain the record is for (`example.com`). Needed to tell which
    /// report destinations are outside its organisation. When `None`, the
    /// owner name of pasted `dig`/`nslookup` output is used, if any.
    pub policy_domain: Option<String>,
    /// The tag set the owner targets. `None`: warn about both RFC 9989's
    /// removed tags and its new ones.
    pub tag_set: Option<TagSet>,
    /// A sender of the domain relies on SPF alone (no DKIM signature).
    pub spf_only: bool,
    /// The domain is parked: it sends no mail at all, so everything claiming
    /// to come from it (or its subdomains) should be rejected.
    pub parked: bool,
    /// The record's choices were made knowingly (in the builder, with their
    /// explanations shown): findings that only describe a choice
    /// (`p=none`, `pct<100`, external destinations…) become information.
    pub acknowledged: bool,
}

/// A checked record: the parse and every finding, errors first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCheck {
    /// The parsed record.
    pub parsed: ParsedRecord,
    /// Every finding, sorted by severity (stable within one severity).
    pub findings: Vec<Finding>,
}

impl RecordCheck {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The record in canonical form.
    pub fn canonical(&self) -> String {
        render(&self.parsed.record)
    }
}

/// Checks a pasted record for `policy_domain` (if known).
pub fn check(input: &str, policy_domain: Option<&str>) -> RecordCheck {
    check_with(
        input,
        &CheckOptions {
            policy_domain: policy_domain.map(str::to_owned),
            ..CheckOptions::default()
        },
    )
}

/// Checks a pasted record with all options.
pub fn check_with(input: &str, options: &CheckOptions) -> RecordCheck {
    let parsed = parse(input);
    let mut findings = parsed.findings.clone();
    let stop = findings
        .iter()
        .any(|f| matches!(f.code, Code::EmptyRecord | Code::SpfRecord));
    if !stop {
        let domain = options
            .policy_domain
            .as_deref()
            .and_then(crate::domain::normalise_domain)
            .or_else(|| parsed.policy_domain_from_name());
        semantic(&parsed, options, domain.as_deref(), &mut findings);
    }
    for f in &mut findings {
        if f.code.kind() == Kind::Advisory && options.acknowledged {
            f.severity = Severity::Info;
        }
    }
    findings.sort_by_key(|f| f.severity);
    RecordCheck { parsed, findings }
}

fn semantic(
    parsed: &ParsedRecord,
    options: &CheckOptions,
    domain: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let r: &DmarcRecord = &parsed.record;
    let has = |name: &str| parsed.has_tag(name);

    // p: present, second, strong enough.
    if !has("p") {
        if r.rua.is_empty() {
            out.push(Finding::new(Code::MissingPolicy));
        } else {
            out.push(Finding::new(Code::MissingPolicyWithRua));
        }
    } else if parsed.tags.first().is_some_and(|t| t.name == "v")
        && parsed.tags.get(1).is_some_and(|t| t.name != "p")
    {
        out.push(Finding::new(Code::PolicyNotSecond));
    }
    if r.p == Some(Policy::None) {
        out.push(Finding::new(Code::PolicyNone));
    }
    if matches!(r.p, Some(Policy::Quarantine | Policy::Reject)) {
        for (tag, value) in [("sp", r.sp), ("np", r.np)] {
            if value == Some(Policy::None) {
                out.push(
                    Finding::new(Code::SubdomainPolicyNone)
                        .with("tag", tag)
                        .with("p", r.p.map_or("", Policy::as_str)),
                );
            }
        }
    }

    // pct and t.
    match r.pct {
        Some(0) => out.push(Finding::new(Code::PctZero)),
        Some(pct @ 1..=99) => out.push(Finding::new(Code::PctPartial).with("value", pct)),
        _ => {}
    }
    if options.tag_set != Some(TagSet::Rfc7489) {
        for tag in REMOVED_TAGS.iter().filter(|t| has(t)) {
            out.push(Finding::new(Code::RemovedTag).with("tag", tag));
        }
    }
    if options.tag_set != Some(TagSet::Rfc9989) {
        for tag in NEW_TAGS.iter().filter(|t| has(t)) {
            out.push(Finding::new(Code::NewTag).with("tag", tag));
        }
    }
    if r.t == Some(Testing::Yes) && r.p == Some(Policy::None) {
        out.push(Finding::new(Code::TestingWithPolicyNone));
    }
    if has("pct") && has("t") {
        out.push(Finding::new(Code::PctWithTesting));
    }
    if r.psd == Some(super::model::Psd::Yes) {
        out.push(Finding::new(Code::PsdYes));
    }

    // Reports.
    if has("fo") && !has("ruf") {
        out.push(Finding::new(Code::FoWithoutRuf));
    }
    if has("ruf") && !has("rua") {
        out.push(Finding::new(Code::RufWithoutRua));
    }
    if !has("rua") {
        out.push(Finding::new(Code::NoRua));
    }
    for (tag, list) in [("rua", &r.rua), ("ruf", &r.ruf)] {
        if list.len() > 2 {
            out.push(
                Finding::new(Code::TooManyDestinations)
                    .with("tag", tag)
                    .with("count", list.len()),
            );
        }
        if options.tag_set == Some(TagSet::Rfc9989) {
            for uri in list.iter().filter(|u| u.size_limit.is_some()) {
                out.push(
                    Finding::new(Code::SizeLimitIgnored)
                        .with("tag", tag)
                        .with("uri", uri),
                );
            }
        }
        if let Some(domain) = domain {
            for uri in list {
                let Some(host) = uri.host() else { continue };
                match authorization_needed(domain, &host) {
                    Ok(None) => {}
                    Ok(Some(record)) => out.push(
                        Finding::new(Code::ExternalDestination)
                            .with("tag", tag)
                            .with("address", &uri.address)
                            .with("destination", &host)
                            .with("domain", domain)
                            .with("record", record),
                    ),
                    Err(SuffixListMissing) => out.push(
                        Finding::new(Code::DestinationUnchecked)
                            .with("tag", tag)
                            .with("address", &uri.address)
                            .with("domain", domain),
                    ),
                }
            }
        }
    }

    if options.spf_only && matches!(r.p, Some(Policy::Reject | Policy::Quarantine)) {
        out.push(
            Finding::new(Code::EnforcementWithSpfOnly).with("p", r.p.map_or("", Policy::as_str)),
        );
    }

    if options.parked {
        for (tag, value) in [("p", r.p), ("sp", r.effective_sp())] {
            if value != Some(Policy::Reject) {
                out.push(
                    Finding::new(Code::ParkedNotReject)
                        .with("tag", tag)
                        .with("value", value.map_or("", Policy::as_str)),
                );
            }
        }
    }

    // Size.
    let length = parsed.text.len();
    if length > LARGE_RECORD {
        out.push(
            Finding::new(Code::RecordLarge)
                .with("length", length)
                .with("limit", LARGE_RECORD),
        );
    }
    // Quoted input shows how it is split (and string_too_long catches a long
    // string); a bare value longer than one string must be split on publication.
    if length > MAX_STRING_LEN && parsed.string_lengths.is_empty() {
        out.push(Finding::new(Code::RecordNeedsSplitting).with("length", length));
    }
}

/// The authorisation record a destination host must publish to receive
/// reports for `domain`, or `None` when both share an organisational domain;
/// [`SuffixListMissing`] while the Public Suffix List is not there.
pub fn authorization_needed(domain: &str, host: &str) -> Result<Option<String>, SuffixListMissing> {
    let org = |d: &str| -> Result<String, SuffixListMissing> {
        Ok(crate::domain::try_organizational_domain(d)?.unwrap_or_else(|| d.to_owned()))
    };
    Ok((org(domain)? != org(host)?).then(|| authorization_record(domain, host)))
}

/// `<domain>._report._dmarc.<host> TXT "v=DMARC1"`.
pub fn authorization_record(domain: &str, host: &str) -> String {
    format!("{domain}._report._dmarc.{host} TXT \"v=DMARC1\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_with(input: &str, options: &CheckOptions) -> Vec<&'static str> {
        check_with(input, options)
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect()
    }

    fn codes(input: &str) -> Vec<&'static str> {
        codes_with(input, &CheckOptions::default())
    }

    const RUA: &str = "rua=mailto:d@example.com";

    #[test]
    fn clean_records_have_no_findings() {
        assert!(codes(&format!("v=DMARC1; p=reject; {RUA}")).is_empty());
        assert!(codes(&format!("v=DMARC1; p=quarantine; adkim=s; aspf=s; {RUA}")).is_empty());
    }

    #[test]
    fn every_rule() {
        let cases: &[(&str, &[&str])] = &[
            ("v=DMARC1", &["missing_policy", "no_rua"]),
            ("v=DMARC1; rua=mailto:d@example.com", &["missing_policy_with_rua"]),
            ("v=DMARC1; rua=mailto:d@example.com; p=reject", &["policy_not_second"]),
            ("v=DMARC1; p=none; rua=mailto:d@example.com", &["policy_none"]),
            ("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com", &["subdomain_policy_none"]),
            ("v=DMARC1; p=reject; np=none; rua=mailto:d@example.com", &["subdomain_policy_none", "new_tag"]),
            ("v=DMARC1; p=reject; pct=0; rua=mailto:d@example.com", &["pct_zero", "removed_tag"]),
            ("v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com", &["pct_partial", "removed_tag"]),
            ("v=DMARC1; p=reject; ri=3600; rf=afrf; rua=mailto:d@example.com", &["removed_tag", "removed_tag"]),
            ("v=DMARC1; p=none; t=y; rua=mailto:d@example.com", &["policy_none", "new_tag", "testing_with_policy_none"]),
            ("v=DMARC1; p=reject; t=y; pct=100; rua=mailto:d@example.com", &["removed_tag", "new_tag", "pct_with_testing"]),
            ("v=DMARC1; p=reject; psd=y; rua=mailto:d@example.com", &["new_tag", "psd_yes"]),
            ("v=DMARC1; p=reject; fo=1; rua=mailto:d@example.com", &["fo_without_ruf"]),
            ("v=DMARC1; p=reject; ruf=mailto:d@example.com", &["ruf_without_rua", "no_rua"]),
            ("v=DMARC1; p=reject; rua=mailto:a@example.com,mailto:b@example.com,mailto:c@example.com", &["too_many_destinations"]),
        ];
        for (input, want) in cases {
            assert_eq!(codes(input), *want, "{input}");
        }
    }

    #[test]
    fn tag_set_decides_which_tags_are_out_of_place() {
        let o7489 = CheckOptions {
            tag_set: Some(TagSet::Rfc7489),
            ..CheckOptions::default()
        };
        let o9989 = CheckOptions {
            tag_set: Some(TagSet::Rfc9989),
            ..CheckOptions::default()
        };
        let rec = "v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com!10m";
        assert!(codes_with(rec, &o7489).is_empty());
        assert_eq!(
            codes_with(rec, &o9989),
            ["removed_tag", "size_limit_ignored"]
        );
        let rec = "v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com";
        assert!(codes_with(rec, &o9989).is_empty());
        assert_eq!(codes_with(rec, &o7489), ["new_tag"]);
    }

    #[test]
    fn external_destinations_need_authorisation() {
        let rec = "v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:x@reports.vendor.net";
        let c = check(rec, Some("Mail.Example.com."));
        assert_eq!(c.findings.len(), 1);
        let f = &c.findings[0];
        assert_eq!(f.code, Code::ExternalDestination);
        assert_eq!(
            f.arg("record"),
            Some("mail.example.com._report._dmarc.reports.vendor.net TXT \"v=DMARC1\"")
        );
        assert!(check(rec, None).findings.is_empty());
        let dig = format!("_dmarc.example.com. 300 IN TXT \"{rec}\"");
        let c = check(&dig, None);
        assert!(c
            .findings
            .iter()
            .any(|f| f.code == Code::ExternalDestination));
    }

    #[test]
    fn spf_only_senders_and_acknowledged_choices() {
        let rec = "v=DMARC1; p=reject; rua=mailto:d@example.com";
        let o = CheckOptions {
            spf_only: true,
            ..CheckOptions::default()
        };
        let c = check_with(rec, &o);
        assert_eq!(c.findings[0].code, Code::EnforcementWithSpfOnly);
        assert_eq!(c.findings[0].severity, Severity::Warning);
        let o = CheckOptions {
            spf_only: true,
            acknowledged: true,
            ..CheckOptions::default()
        };
        assert_eq!(check_with(rec, &o).findings[0].severity, Severity::Info);
    }

    #[test]
    fn size_limits() {
        let many: Vec<String> = (0..14)
            .map(|i| format!("mailto:r{i}@example.com"))
            .collect();
        let rec = format!("v=DMARC1; p=reject; rua={}", many.join(","));
        let c = codes(&rec);
        assert!(c.contains(&"record_needs_splitting"), "{c:?}");
        let many: Vec<String> = (0..22)
            .map(|i| format!("mailto:r{i}@example.com"))
            .collect();
        let rec = format!("v=DMARC1; p=reject; rua={}", many.join(","));
        assert!(codes(&rec).contains(&"record_large"));
        let long = "x".repeat(300);
        let c = codes(&format!(
            "\"v=DMARC1; p=reject; rua=mailto:d@example.com; x={long}\""
        ));
        assert!(c.contains(&"string_too_long"), "{c:?}");
    }

    #[test]
    fn errors_sort_first_and_fail_the_check() {
        let c = check("v=DMARC1; p=none; p=reject", None);
        assert!(c.has_errors());
        assert_eq!(c.findings[0].code, Code::DuplicateTag);
        assert_eq!(c.count(Severity::Error), 1);
    }
}
