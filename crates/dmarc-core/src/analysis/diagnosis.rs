//! Diagnoses: what a source's results mean, in four families, and what to do.
//!
//! A verdict is made in two steps, so that what is known once per record
//! shape is computed once, and what depends on the person and on time is
//! computed when the dashboard is:
//!
//! 1. [`classify`] turns the facts of one record ([`Facts`]: aligned and raw
//!    SPF/DKIM results, override reasons, the sending service and the kind
//!    of network it came from) into an [`Evidence`]. Some evidence is
//!    conclusive (SPF and DKIM aligned; a platform that signs with your
//!    domain but whose signature fails); some is not (SPF fails but aligned
//!    DKIM passes: forwarded, or SPF lacks this sender).
//! 2. [`resolve`] settles an [`Evidence`] into a [`Judgement`] — a
//!    [`Family`], a [`Diagnosis`] and whether it stays ambiguous — using, in
//!    this order, what the person said about the source ([`Mark`]) and how
//!    regularly the source sends (a steady daily stream looks like a sender;
//!    a scatter of small ones like forwarding or spoofing).
//!
//! Codes are translation keys: `family.<code>`, `diagnosis.<code>` (label)
//! and `diagnosis_advice.<code>` (the fix).

use serde::{Deserialize, Serialize};

use super::senders::{ServiceId, ServiceKind};

/// The four families every source falls into: the vocabulary of the whole
/// dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Yours, aligned: DMARC passes as intended (possibly with advice).
    Ok,
    /// Yours, misconfigured: missing from SPF, broken or missing DKIM, a
    /// service not yet set up to sign with your domain.
    FixNeeded,
    /// A third party relayed your mail (forwarders, mailing lists, ARC):
    /// benign or out of your hands.
    Forwarding,
    /// Not shown to be yours: spoofing, lookalikes, someone else's account on
    /// a shared platform.
    Suspicious,
}

impl Family {
    /// Every family, in the order the dashboard shows them.
    pub const ALL: [Family; 4] = [
        Family::Ok,
        Family::FixNeeded,
        Family::Forwarding,
        Family::Suspicious,
    ];

    /// The code: `ok`, `fix_needed`, `forwarding`, `suspicious`.
    pub fn code(self) -> &'static str {
        match self {
            Family::Ok => "ok",
            Family::FixNeeded => "fix_needed",
            Family::Forwarding => "forwarding",
            Family::Suspicious => "suspicious",
        }
    }

    /// Translation key of its name: `family.<code>`.
    pub fn key(self) -> String {
        format!("family.{}", self.code())
    }

    /// Whether mail of this family is the owner's own (counts in the
    /// legitimate share of readiness).
    pub fn is_own(self) -> bool {
        matches!(self, Family::Ok | Family::FixNeeded)
    }

    /// The family of a code.
    pub fn from_code(code: &str) -> Option<Family> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

macro_rules! diagnoses {
    ($($variant:ident => $code:literal, $family:ident;)*) => {
        /// What a source's results mean: a code the view translates
        /// (`diagnosis.<code>`, `diagnosis_advice.<code>`), in one [`Family`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Diagnosis {
            $(
                #[doc = concat!("`", $code, "` (", stringify!($family), ").")]
                $variant,
            )*
        }

        impl Diagnosis {
            /// Every diagnosis, grouped by family.
            pub const ALL: &'static [Diagnosis] = &[$(Diagnosis::$variant,)*];

            /// The code: `aligned`, `ses_default_mail_from`…
            pub fn code(self) -> &'static str {
                match self {
                    $(Diagnosis::$variant => $code,)*
                }
            }

            /// Its family.
            pub fn family(self) -> Family {
                match self {
                    $(Diagnosis::$variant => Family::$family,)*
                }
            }
        }
    };
}

diagnoses! {
    Aligned => "aligned", Ok;
    SesDefaultMailFrom => "ses_default_mail_from", Ok;
    SpfNotAligned => "spf_not_aligned", Ok;
    TemporaryErrorPassed => "temporary_error_passed", Ok;
    SpfMissingSender => "spf_missing_sender", FixNeeded;
    SpfRecordError => "spf_record_error", FixNeeded;
    DkimMissing => "dkim_missing", FixNeeded;
    DkimNotAligned => "dkim_not_aligned", FixNeeded;
    DkimFailing => "dkim_failing", FixNeeded;
    DkimKeyError => "dkim_key_error", FixNeeded;
    ServiceDkimFailing => "service_dkim_failing", FixNeeded;
    ServiceNotSetUp => "service_not_set_up", FixNeeded;
    StrictAlignment => "strict_alignment", FixNeeded;
    TemporaryError => "temporary_error", FixNeeded;
    OwnSenderUnauthenticated => "own_sender_unauthenticated", FixNeeded;
    Forwarded => "forwarded", Forwarding;
    ForwardedAltered => "forwarded_altered", Forwarding;
    MailingList => "mailing_list", Forwarding;
    ArcOverride => "arc_override", Forwarding;
    SharedPlatform => "shared_platform", Suspicious;
    LookalikeDomain => "lookalike_domain", Suspicious;
    UnknownSteadySender => "unknown_steady_sender", Suspicious;
    Unauthenticated => "unauthenticated", Suspicious;
    NotMine => "not_mine", Suspicious;
    NotMinePassing => "not_mine_passing", Suspicious;
}

impl Diagnosis {
    /// Its position in [`Diagnosis::ALL`].
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// Translation key of the label: `diagnosis.<code>`.
    pub fn key(self) -> String {
        format!("diagnosis.{}", self.code())
    }

    /// Translation key of the advice: `diagnosis_advice.<code>`.
    pub fn advice_key(self) -> String {
        format!("diagnosis_advice.{}", self.code())
    }

    /// The diagnosis of a code.
    pub fn from_code(code: &str) -> Option<Diagnosis> {
        Self::ALL.iter().copied().find(|d| d.code() == code)
    }
}

/// What one record alone says about its sender, before the person's marks
/// and the source's regularity are known ([`resolve`] settles it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Conclusive: this diagnosis whatever else is known (marks aside).
    Settled(Diagnosis),
    /// Aligned DKIM passes, SPF fails for your envelope domain, from a
    /// mailbox provider's network: forwarded, or SPF lacks that provider.
    SpfFailMailboxNetwork,
    /// The same from a network no service is known for.
    SpfFailUnknownNetwork,
    /// Your DKIM signature fails and nothing else aligns, from a mailbox
    /// provider's network: forwarded and altered, or your sender there signs
    /// wrongly.
    DkimFailMailboxNetwork,
    /// The same from a network no service is known for.
    DkimFailUnknownNetwork,
    /// Authenticates only as a shared platform (its own SPF or DKIM domain,
    /// or its address range): your account not yet set up, or someone
    /// else's account on the same platform.
    PlatformOnly,
    /// Authenticates (DKIM or SPF passes) only for a domain that resembles
    /// yours: a lookalike, or another domain of yours.
    Lookalike,
    /// Nothing passes for any domain connected to you, sender unknown.
    Unauthenticated,
    /// The receiver says DMARC failed, yet its own raw results show your
    /// domain's DKIM or SPF passing aligned: a reporter's quirk, or results
    /// other than those it evaluated. Not settled either way: the owner
    /// decides whose it is.
    EvaluationContradicts,
}

impl Evidence {
    /// Every evidence, for the index columns ([`Evidence::to_u8`]).
    fn all() -> impl Iterator<Item = Evidence> {
        Diagnosis::ALL.iter().map(|d| Evidence::Settled(*d)).chain([
            Evidence::SpfFailMailboxNetwork,
            Evidence::SpfFailUnknownNetwork,
            Evidence::DkimFailMailboxNetwork,
            Evidence::DkimFailUnknownNetwork,
            Evidence::PlatformOnly,
            Evidence::Lookalike,
            Evidence::Unauthenticated,
            Evidence::EvaluationContradicts,
        ])
    }

    /// As a `u8` for the index columns.
    pub(crate) fn to_u8(self) -> u8 {
        Self::all().position(|e| e == self).unwrap_or(0) as u8
    }

    /// From [`Evidence::to_u8`] (cheap: called for every row on every
    /// filter change).
    #[inline]
    pub(crate) fn from_u8(value: u8) -> Evidence {
        let n = Diagnosis::ALL.len();
        match usize::from(value) {
            v if v < n => Evidence::Settled(Diagnosis::ALL[v]),
            v => match v - n {
                0 => Evidence::SpfFailMailboxNetwork,
                1 => Evidence::SpfFailUnknownNetwork,
                2 => Evidence::DkimFailMailboxNetwork,
                3 => Evidence::DkimFailUnknownNetwork,
                4 => Evidence::PlatformOnly,
                5 => Evidence::Lookalike,
                6 => Evidence::Unauthenticated,
                _ => Evidence::EvaluationContradicts,
            },
        }
    }

    /// Whether a source's regularity can change what this evidence means.
    pub(crate) fn needs_regularity(self) -> bool {
        matches!(
            self,
            Evidence::SpfFailUnknownNetwork
                | Evidence::DkimFailUnknownNetwork
                | Evidence::Unauthenticated
        )
    }
}

/// What the person said about a source or a service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Not reviewed.
    #[default]
    Unmarked,
    /// "This is mine": one of the owner's senders.
    Mine,
    /// "This is not mine": not one of the owner's senders.
    NotMine,
}

/// A settled verdict for a source (or one of its records).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Judgement {
    /// The family.
    pub family: Family,
    /// The diagnosis (its family is [`Judgement::family`]).
    pub diagnosis: Diagnosis,
    /// Whether the evidence left another reading open (the advice says
    /// which); only the person's mark removes the doubt.
    pub ambiguous: bool,
}

impl Judgement {
    fn of(diagnosis: Diagnosis, ambiguous: bool) -> Judgement {
        Judgement {
            family: diagnosis.family(),
            diagnosis,
            ambiguous,
        }
    }
}

/// Settles `evidence` for a record that did (`passes`) or did not pass
/// DMARC, from a source the person marked `mark`, that sends `steady`ly
/// (on most days with data) or not.
pub fn resolve(evidence: Evidence, passes: bool, mark: Mark, steady: bool) -> Judgement {
    use Diagnosis as D;
    use Evidence as E;
    match mark {
        Mark::NotMine => {
            let d = if passes {
                D::NotMinePassing
            } else {
                D::NotMine
            };
            return Judgement::of(d, false);
        }
        Mark::Mine => {
            let d = match evidence {
                E::Settled(d) if d.family().is_own() => d,
                E::Settled(D::Forwarded) | E::SpfFailMailboxNetwork | E::SpfFailUnknownNetwork => {
                    D::SpfMissingSender
                }
                E::Settled(D::ForwardedAltered | D::MailingList | D::ArcOverride)
                | E::DkimFailMailboxNetwork
                | E::DkimFailUnknownNetwork => D::DkimFailing,
                E::PlatformOnly => D::ServiceNotSetUp,
                E::Settled(_) | E::Lookalike | E::Unauthenticated | E::EvaluationContradicts => {
                    if passes {
                        D::DkimNotAligned
                    } else {
                        D::OwnSenderUnauthenticated
                    }
                }
            };
            return Judgement::of(d, false);
        }
        Mark::Unmarked => {}
    }
    match evidence {
        E::Settled(d) => Judgement::of(d, false),
        E::SpfFailMailboxNetwork => Judgement::of(D::Forwarded, true),
        E::SpfFailUnknownNetwork if steady => Judgement::of(D::SpfMissingSender, true),
        E::SpfFailUnknownNetwork => Judgement::of(D::Forwarded, true),
        E::DkimFailMailboxNetwork => Judgement::of(D::ForwardedAltered, true),
        E::DkimFailUnknownNetwork if steady => Judgement::of(D::DkimFailing, true),
        E::DkimFailUnknownNetwork => Judgement::of(D::ForwardedAltered, true),
        E::PlatformOnly => Judgement::of(D::SharedPlatform, true),
        E::Lookalike => Judgement::of(D::LookalikeDomain, true),
        E::Unauthenticated if steady => Judgement::of(D::UnknownSteadySender, true),
        E::Unauthenticated => Judgement::of(D::Unauthenticated, false),
        E::EvaluationContradicts => Judgement::of(D::Unauthenticated, true),
    }
}

/// A raw result, reduced to what it means for DMARC.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// No result, or `none` (no SPF record / no DKIM signature).
    #[default]
    Absent,
    /// `neutral`, `policy`, `softfail`: a result that authenticated nothing.
    Unused,
    /// `fail`: checked, and did not verify.
    Fail,
    /// `permerror`: a broken record (SPF syntax or lookups, DKIM key).
    PermError,
    /// `temperror`: a DNS hiccup; trying again may pass.
    TempError,
    /// `pass`.
    Pass,
}

/// The facts a record is classified from (see [`classify`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// DMARC-aligned SPF passed (receiver's verdict, else computed).
    pub spf_aligned: bool,
    /// DMARC-aligned DKIM passed (receiver's verdict, else computed).
    pub dkim_aligned: bool,
    /// The best raw SPF result for a domain aligned with the From domain.
    pub spf_own: Outcome,
    /// SPF passed for a domain *not* aligned with the From domain.
    pub spf_pass_other: bool,
    /// That passing domain is Amazon SES's.
    pub spf_pass_amazonses: bool,
    /// The best raw DKIM result among signatures aligned with the From domain.
    pub dkim_own: Outcome,
    /// A DKIM signature of a domain *not* aligned with From passed.
    pub dkim_pass_other: bool,
    /// Some domain of the policy domain's own organisation passed SPF or
    /// DKIM, without aligning (strict alignment).
    pub own_org_passed: bool,
    /// A passing domain resembles the policy domain without being under it.
    pub lookalike_passed: bool,
    /// An override reason says forwarded or trusted forwarder.
    pub forwarding_reason: bool,
    /// An override reason says mailing list.
    pub mailing_list_reason: bool,
    /// The receiver overrode the policy because ARC passed
    /// (`local_policy` with a comment such as `arc=pass`).
    pub arc_override: bool,
    /// The service the record's domains (or, failing those, its address)
    /// name.
    pub service: Option<ServiceId>,
    /// The kind of service whose published ranges hold the source address.
    pub network: Option<ServiceKind>,
}

/// Classifies one record's facts. See the module documentation.
pub fn classify(f: &Facts) -> Evidence {
    use Diagnosis as D;
    use Evidence as E;
    let service_kind = f.service.and_then(ServiceId::kind);
    let network = f.network.or(service_kind);
    let platform = matches!(network, Some(ServiceKind::EmailPlatform));
    let mailbox_network = matches!(
        network,
        Some(ServiceKind::MailboxProvider | ServiceKind::SecurityGateway)
    );
    let passes = f.spf_aligned || f.dkim_aligned;
    if passes {
        let settled = if f.spf_aligned && f.dkim_aligned {
            D::Aligned
        } else if f.dkim_aligned {
            return if f.spf_pass_amazonses {
                E::Settled(D::SesDefaultMailFrom)
            } else if f.spf_pass_other {
                E::Settled(D::SpfNotAligned)
            } else if f.spf_own == Outcome::PermError {
                E::Settled(D::SpfRecordError)
            } else if f.spf_own == Outcome::TempError {
                E::Settled(D::TemporaryErrorPassed)
            } else if f.forwarding_reason || f.mailing_list_reason || f.arc_override {
                E::Settled(D::Forwarded)
            } else if platform {
                // A platform's address signing with your domain: your account.
                E::Settled(D::SpfMissingSender)
            } else if mailbox_network {
                E::SpfFailMailboxNetwork
            } else {
                E::SpfFailUnknownNetwork
            };
        } else {
            match f.dkim_own {
                Outcome::TempError => D::TemporaryErrorPassed,
                Outcome::PermError => D::DkimKeyError,
                Outcome::Fail | Outcome::Unused => D::DkimFailing,
                Outcome::Absent | Outcome::Pass if f.dkim_pass_other => D::DkimNotAligned,
                Outcome::Absent | Outcome::Pass => D::DkimMissing,
            }
        };
        return E::Settled(settled);
    }
    if f.arc_override {
        return E::Settled(D::ArcOverride);
    }
    match f.dkim_own {
        Outcome::TempError => return E::Settled(D::TemporaryError),
        Outcome::PermError => return E::Settled(D::DkimKeyError),
        Outcome::Fail | Outcome::Unused => {
            return if f.mailing_list_reason {
                E::Settled(D::MailingList)
            } else if f.forwarding_reason {
                E::Settled(D::ForwardedAltered)
            } else if platform {
                // A platform sent it directly (SPF passed for its domain, or
                // from its own address), signing with your domain: your
                // account there, whose DKIM set-up is broken. (SPF passing
                // for an unknown domain proves nothing: forwarders that
                // rewrite the envelope (SRS) pass SPF for their own.)
                E::Settled(D::ServiceDkimFailing)
            } else if mailbox_network {
                E::DkimFailMailboxNetwork
            } else {
                E::DkimFailUnknownNetwork
            };
        }
        Outcome::Absent | Outcome::Pass => {}
    }
    if f.own_org_passed {
        return E::Settled(D::StrictAlignment);
    }
    match f.spf_own {
        Outcome::PermError => return E::Settled(D::SpfRecordError),
        Outcome::TempError => return E::Settled(D::TemporaryError),
        _ => {}
    }
    if f.mailing_list_reason {
        return E::Settled(D::MailingList);
    }
    if f.forwarding_reason {
        return E::Settled(D::ForwardedAltered);
    }
    // DMARC failed by the receiver's word, but its raw results show the
    // author's own domain passing aligned: never a confident "spoofing".
    if f.dkim_own == Outcome::Pass || f.spf_own == Outcome::Pass {
        return E::EvaluationContradicts;
    }
    if f.lookalike_passed {
        return E::Lookalike;
    }
    if f.service.is_some_and(ServiceId::is_known_service) || network.is_some() {
        return E::PlatformOnly;
    }
    E::Unauthenticated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for (i, d) in Diagnosis::ALL.iter().enumerate() {
            assert_eq!(d.index(), i);
            assert_eq!(Diagnosis::from_code(d.code()), Some(*d));
            let json = serde_json::to_string(d).unwrap();
            assert_eq!(json, format!("\"{}\"", d.code()));
            let e = Evidence::Settled(*d);
            assert_eq!(Evidence::from_u8(e.to_u8()), e);
        }
        for f in Family::ALL {
            assert_eq!(Family::from_code(f.code()), Some(f));
        }
        assert!(Evidence::all().count() < usize::from(u8::MAX));
        for e in Evidence::all() {
            assert_eq!(Evidence::from_u8(e.to_u8()), e);
        }
    }

    /// Every evidence under every mark and regularity settles into the
    /// family its diagnosis belongs to; only an unmarked source can stay
    /// ambiguous, and a mark always decides between own and suspicious.
    #[test]
    fn marks_decide_and_remove_doubt() {
        for e in Evidence::all() {
            for passes in [false, true] {
                for steady in [false, true] {
                    for mark in [Mark::Unmarked, Mark::Mine, Mark::NotMine] {
                        let j = resolve(e, passes, mark, steady);
                        assert_eq!(j.family, j.diagnosis.family(), "{e:?}");
                        if mark != Mark::Unmarked {
                            assert!(!j.ambiguous, "{e:?} {mark:?}");
                        }
                        match mark {
                            Mark::Mine => assert!(j.family.is_own(), "{e:?}"),
                            Mark::NotMine => assert_eq!(j.family, Family::Suspicious),
                            Mark::Unmarked => {}
                        }
                    }
                }
            }
        }
    }
}
