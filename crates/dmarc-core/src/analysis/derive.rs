//! What a record's text means, computed once per shape and context:
//! aligned results, the sending service, the [`Evidence`](super::diagnosis::Evidence)
//! of its diagnosis, as row flags.

use std::net::IpAddr;

use super::diagnosis::{classify, Facts, Outcome};
use super::senders::{domain_matches, identify, service_of_ip, Identities, ServiceId};
use crate::report::aggregate::{
    domains_aligned, remembered_organizational_domain, Disposition, DkimResult, PolicyPublished,
    ReasonType, Record, SpfResult,
};

/// Row flag: DMARC passed (aligned SPF or aligned DKIM).
pub const DMARC_PASS: u16 = 1;
/// Row flag: aligned SPF passed (`policy_evaluated/spf`, computed from
/// `auth_results` when absent).
pub const SPF_ALIGNED: u16 = 1 << 1;
/// Row flag: aligned DKIM passed (`policy_evaluated/dkim`, computed when absent).
pub const DKIM_ALIGNED: u16 = 1 << 2;
/// Row flag: some raw SPF result passed.
pub const SPF_PASS: u16 = 1 << 3;
/// Row flag: some raw DKIM result passed.
pub const DKIM_PASS: u16 = 1 << 4;
/// Row flag: disposition `quarantine`.
pub const QUARANTINED: u16 = 1 << 5;
/// Row flag: disposition `reject`.
pub const REJECTED: u16 = 1 << 6;
/// Row flag: an override reason of forwarding (forwarded, trusted forwarder,
/// mailing list, or a local policy that trusted ARC).
pub const FORWARDING_REASON: u16 = 1 << 7;
/// Row flag: the sending service was told by the source's network (its AS,
/// [`service_by_network`](super::senders::service_by_network)), not by the
/// record's domains or a published range; set and cleared as network data
/// is applied ([`Index::set_network`](super::Index::set_network)).
pub const BY_NETWORK: u16 = 1 << 8;
/// Row flag, with [`BY_NETWORK`]: before its network told the service, the
/// row was told as the owner's own domain (its own domain passed), not as
/// an unknown sender; removing the network data gives that back.
pub const BY_NETWORK_OWN: u16 = 1 << 9;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Derived {
    pub(crate) flags: u16,
    /// [`Evidence`] as a small integer.
    pub(crate) evidence: u8,
    pub(crate) service: ServiceId,
}

fn dkim_outcome(result: Option<&DkimResult>) -> Outcome {
    match result {
        Some(DkimResult::Pass) => Outcome::Pass,
        Some(DkimResult::Fail) => Outcome::Fail,
        Some(DkimResult::Temperror) => Outcome::TempError,
        Some(DkimResult::Permerror) => Outcome::PermError,
        Some(DkimResult::Policy | DkimResult::Neutral) => Outcome::Unused,
        Some(DkimResult::None) | None => Outcome::Absent,
        Some(DkimResult::Other(text)) => other_outcome(text),
    }
}

fn spf_outcome(result: Option<&SpfResult>) -> Outcome {
    match result {
        Some(SpfResult::Pass) => Outcome::Pass,
        Some(SpfResult::Fail) => Outcome::Fail,
        Some(SpfResult::Temperror) => Outcome::TempError,
        Some(SpfResult::Permerror) => Outcome::PermError,
        Some(SpfResult::Softfail | SpfResult::Neutral) => Outcome::Unused,
        Some(SpfResult::None) | None => Outcome::Absent,
        Some(SpfResult::Other(text)) => other_outcome(text),
    }
}

/// Results seen in the wild outside the schema (`hardfail`, `error`…).
fn other_outcome(text: &str) -> Outcome {
    match text.trim().to_ascii_lowercase().as_str() {
        "hardfail" => Outcome::Fail,
        "error" | "perm_error" => Outcome::PermError,
        "temp_error" => Outcome::TempError,
        _ => Outcome::Unused,
    }
}

/// Whether a receiver's override comment says ARC passed (Google writes
/// `arc=pass` in the comment of a `local_policy` reason).
pub(crate) fn says_arc_pass(comment: &str) -> bool {
    let lower = comment.to_ascii_lowercase();
    lower
        .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .any(|word| word == "arc=pass")
}

/// The first label of a registrable domain (`example` of `example.co.jp`).
fn org_label(org: &str) -> &str {
    org.split('.').next().unwrap_or(org)
}

/// Whether `domain` looks like `policy_org` without belonging to it: the
/// same first label under another suffix (`example.net` for
/// `example.com`), or one edit away (`examp1e.com`, `exampl.com`), for
/// labels of at least five characters.
pub(crate) fn resembles(domain: &str, policy_org: &str) -> bool {
    let Some(org) = remembered_organizational_domain(domain) else {
        return false;
    };
    if org == policy_org {
        return false;
    }
    let (a, b) = (org_label(&org), org_label(policy_org));
    b.len() >= 5 && (a == b || one_edit_apart(a, b))
}

fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

pub(crate) fn derive(
    record: &Record,
    pp: &PolicyPublished,
    policy_org: Option<&str>,
    ip: Option<IpAddr>,
) -> Derived {
    let pe = &record.row.policy_evaluated;
    let spf_aligned = record.evaluated_spf_pass(pp.aspf.as_ref());
    let dkim_aligned = record.evaluated_dkim_pass(pp.adkim.as_ref());
    let auth = &record.auth_results;
    // The author domain: header_from, else the policy domain.
    let author = record
        .identifiers
        .header_from
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .or(pp.domain.as_deref())
        .unwrap_or_default();
    let in_org = |domain: &str| policy_org.is_some_and(|org| domain_matches(domain, org));
    let mut passing: Vec<&str> = Vec::new();
    let mut other: Vec<&str> = Vec::new();
    let mut facts = Facts {
        spf_aligned,
        dkim_aligned,
        ..Facts::default()
    };
    let mut spf_pass = false;
    for s in &auth.spf {
        let outcome = spf_outcome(s.result.as_ref());
        spf_pass |= outcome == Outcome::Pass;
        let Some(domain) = s.domain.as_deref() else {
            continue;
        };
        if domains_aligned(author, domain, pp.aspf.as_ref()) {
            facts.spf_own = facts.spf_own.max(outcome);
        } else if outcome == Outcome::Pass {
            facts.spf_pass_other = true;
            facts.spf_pass_amazonses |= domain_matches(domain, "amazonses.com");
            facts.own_org_passed |= in_org(domain);
        }
        if outcome == Outcome::Pass {
            passing.push(domain);
        } else {
            other.push(domain);
        }
    }
    let mut dkim_pass = false;
    for d in &auth.dkim {
        let outcome = dkim_outcome(d.result.as_ref());
        dkim_pass |= outcome == Outcome::Pass;
        let Some(domain) = d.domain.as_deref() else {
            continue;
        };
        if domains_aligned(author, domain, pp.adkim.as_ref()) {
            facts.dkim_own = facts.dkim_own.max(outcome);
        } else if outcome == Outcome::Pass {
            facts.dkim_pass_other = true;
            facts.own_org_passed |= in_org(domain);
        }
        if outcome == Outcome::Pass {
            passing.push(domain);
        } else {
            other.push(domain);
        }
    }
    if let Some(org) = policy_org {
        facts.lookalike_passed = passing.iter().any(|d| resembles(d, org));
    }
    if let Some(envelope) = record.identifiers.envelope_from.as_deref() {
        other.push(envelope);
    }
    for reason in &pe.reasons {
        match reason.kind {
            Some(ReasonType::Forwarded | ReasonType::TrustedForwarder) => {
                facts.forwarding_reason = true;
            }
            Some(ReasonType::MailingList) => facts.mailing_list_reason = true,
            _ => {}
        }
        facts.arc_override |= reason.comment.as_deref().is_some_and(says_arc_pass);
    }
    let service = identify(&Identities {
        policy_org,
        ip,
        passing: &passing,
        other: &other,
    });
    facts.service = Some(service);
    facts.network = ip.and_then(service_of_ip).and_then(ServiceId::kind);
    let evidence = classify(&facts);
    let mut flags = 0;
    let mut set = |on: bool, bit: u16| {
        if on {
            flags |= bit;
        }
    };
    set(spf_aligned || dkim_aligned, DMARC_PASS);
    set(spf_aligned, SPF_ALIGNED);
    set(dkim_aligned, DKIM_ALIGNED);
    set(spf_pass, SPF_PASS);
    set(dkim_pass, DKIM_PASS);
    set(pe.disposition == Some(Disposition::Quarantine), QUARANTINED);
    set(pe.disposition == Some(Disposition::Reject), REJECTED);
    set(
        facts.forwarding_reason || facts.mailing_list_reason || facts.arc_override,
        FORWARDING_REASON,
    );
    Derived {
        flags,
        evidence: evidence.to_u8(),
        service,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes_and_arc_comments() {
        let cases = [
            ("examp1e.com", true),
            ("exampel.com", false),
            ("exampl.com", true),
            ("example.net", true),
            ("mail.example.com", false),
            ("sendgrid.net", false),
            ("xexample.com", true),
        ];
        for (domain, want) in cases {
            assert_eq!(resembles(domain, "example.com"), want, "{domain}");
        }
        assert!(
            !resembles("abc.com", "abd.com"),
            "short labels are left out"
        );
        for (comment, want) in [
            ("arc=pass", true),
            ("ARC=pass as=2 ams=2", true),
            ("spf=fail; arc=pass", true),
            ("arc=fail", false),
            ("", false),
        ] {
            assert_eq!(says_arc_pass(comment), want, "{comment}");
        }
    }
}
