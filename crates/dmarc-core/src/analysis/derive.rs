//! What a record's text means, computed once per shape and context:
//! aligned results, the sending service, the diagnosis, as row flags.

use std::net::IpAddr;

use super::diagnosis::{diagnose, Facts};
use super::senders::{domain_matches, identify, Identities, ServiceId};
use crate::report::aggregate::{
    domains_aligned, Disposition, DkimResult, PolicyPublished, ReasonType, Record, SpfResult,
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
/// mailing list).
pub const FORWARDING_REASON: u16 = 1 << 7;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Derived {
    pub(crate) flags: u16,
    pub(crate) diagnosis: u8,
    pub(crate) service: ServiceId,
}

pub(crate) fn derive(
    record: &Record,
    pp: &PolicyPublished,
    policy_org: Option<&str>,
    mailbox: bool,
    ip: Option<IpAddr>,
) -> Derived {
    let pe = &record.row.policy_evaluated;
    let spf_aligned = record.evaluated_spf_pass(pp.aspf.as_ref());
    let dkim_aligned = record.evaluated_dkim_pass(pp.adkim.as_ref());
    let auth = &record.auth_results;
    let mut passing: Vec<&str> = Vec::new();
    let mut other: Vec<&str> = Vec::new();
    let mut spf_pass = false;
    let mut spf_pass_amazonses = false;
    for s in &auth.spf {
        let Some(domain) = s.domain.as_deref() else {
            continue;
        };
        if s.result.as_ref().is_some_and(SpfResult::is_pass) {
            spf_pass = true;
            spf_pass_amazonses |= domain_matches(domain, "amazonses.com");
            passing.push(domain);
        } else {
            other.push(domain);
        }
    }
    let header_from = record.identifiers.header_from.as_deref();
    let mut dkim_pass = false;
    let mut aligned_dkim_failed = false;
    for d in &auth.dkim {
        let pass = d.result.as_ref().is_some_and(DkimResult::is_pass);
        dkim_pass |= pass;
        let Some(domain) = d.domain.as_deref() else {
            continue;
        };
        if pass {
            passing.push(domain);
        } else {
            other.push(domain);
            aligned_dkim_failed |=
                header_from.is_some_and(|hf| domains_aligned(hf, domain, pp.adkim.as_ref()));
        }
    }
    if let Some(envelope) = record.identifiers.envelope_from.as_deref() {
        other.push(envelope);
    }
    let forwarding_reason = pe.reasons.iter().any(|r| {
        matches!(
            r.kind,
            Some(ReasonType::Forwarded | ReasonType::TrustedForwarder | ReasonType::MailingList)
        )
    });
    let service = identify(&Identities {
        policy_org,
        ip,
        passing: &passing,
        other: &other,
    });
    let diagnosis = diagnose(&Facts {
        spf_aligned,
        dkim_aligned,
        spf_pass,
        spf_pass_amazonses,
        dkim_present: !auth.dkim.is_empty(),
        dkim_pass,
        forwarding_reason,
        mailbox_reporter: mailbox,
        aligned_dkim_failed,
        service: Some(service),
    });
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
    set(forwarding_reason, FORWARDING_REASON);
    Derived {
        flags,
        diagnosis: diagnosis.to_u8(),
        service,
    }
}
