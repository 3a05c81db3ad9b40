//! Diagnosis of a record (and so of a source): what its SPF and DKIM results
//! mean and what to do, as a code the view translates (`diagnosis.<code>`
//! for a short label, `diagnosis_advice.<code>` for the advice).

use serde::{Deserialize, Serialize};

use super::senders::ServiceId;

/// What a record's results mean. Serialises as its code (`forwarded`…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    /// SPF and DKIM both pass aligned: nothing to do.
    Aligned,
    /// Amazon SES without a custom MAIL FROM: SPF passes for amazonses.com,
    /// unaligned; DKIM aligned carries DMARC.
    SesDefaultMailFrom,
    /// SPF passes for another domain (a service's bounce domain), unaligned;
    /// DKIM aligned carries DMARC.
    SpfNotAligned,
    /// Forwarded (override reason, or reported by a mailbox provider): SPF
    /// broke on the way, aligned DKIM survived. Benign.
    Forwarded,
    /// SPF fails for this address but aligned DKIM passes: the SPF record
    /// may lack this sender.
    SpfFail,
    /// SPF aligned passes, no DKIM signature: add DKIM (forwarding will
    /// break SPF).
    SpfOnly,
    /// SPF aligned passes; DKIM passes only for another `d=` (a third party
    /// signing with its own domain).
    DkimNotAligned,
    /// SPF aligned passes; DKIM fails.
    DkimFail,
    /// DMARC fails on forwarded or mailing-list mail whose DKIM signature was
    /// broken by the forwarder: little the owner can do.
    ForwardedAltered,
    /// DMARC fails for a well-known service: a sender to set up (its DKIM
    /// with your domain, a custom MAIL FROM).
    ServiceNotAligned,
    /// DMARC fails although your own domain authenticated: strict alignment
    /// (`adkim=s`/`aspf=s`) with a subdomain.
    StrictAlignment,
    /// Neither SPF nor DKIM aligned, unknown sender: spoofing or a forgotten
    /// sender.
    Unauthenticated,
}

impl Diagnosis {
    /// Every diagnosis, in order.
    pub const ALL: [Diagnosis; 12] = [
        Diagnosis::Aligned,
        Diagnosis::SesDefaultMailFrom,
        Diagnosis::SpfNotAligned,
        Diagnosis::Forwarded,
        Diagnosis::SpfFail,
        Diagnosis::SpfOnly,
        Diagnosis::DkimNotAligned,
        Diagnosis::DkimFail,
        Diagnosis::ForwardedAltered,
        Diagnosis::ServiceNotAligned,
        Diagnosis::StrictAlignment,
        Diagnosis::Unauthenticated,
    ];

    /// The code: `aligned`, `ses_default_mail_from`…
    pub fn code(self) -> &'static str {
        match self {
            Diagnosis::Aligned => "aligned",
            Diagnosis::SesDefaultMailFrom => "ses_default_mail_from",
            Diagnosis::SpfNotAligned => "spf_not_aligned",
            Diagnosis::Forwarded => "forwarded",
            Diagnosis::SpfFail => "spf_fail",
            Diagnosis::SpfOnly => "spf_only",
            Diagnosis::DkimNotAligned => "dkim_not_aligned",
            Diagnosis::DkimFail => "dkim_fail",
            Diagnosis::ForwardedAltered => "forwarded_altered",
            Diagnosis::ServiceNotAligned => "service_not_aligned",
            Diagnosis::StrictAlignment => "strict_alignment",
            Diagnosis::Unauthenticated => "unauthenticated",
        }
    }

    /// Translation key of the label: `diagnosis.<code>`.
    pub fn key(self) -> String {
        format!("diagnosis.{}", self.code())
    }

    /// Translation key of the advice: `diagnosis_advice.<code>`.
    pub fn advice_key(self) -> String {
        format!("diagnosis_advice.{}", self.code())
    }

    /// Whether DMARC passes with this diagnosis.
    pub fn passes(self) -> bool {
        matches!(
            self,
            Diagnosis::Aligned
                | Diagnosis::SesDefaultMailFrom
                | Diagnosis::SpfNotAligned
                | Diagnosis::Forwarded
                | Diagnosis::SpfFail
                | Diagnosis::SpfOnly
                | Diagnosis::DkimNotAligned
                | Diagnosis::DkimFail
        )
    }

    /// Whether the mail looks legitimate (anything but `unauthenticated`).
    pub fn legitimate(self) -> bool {
        self != Diagnosis::Unauthenticated
    }

    /// As a `u8` for the index columns.
    pub(crate) fn to_u8(self) -> u8 {
        Self::ALL.iter().position(|d| *d == self).unwrap_or(0) as u8
    }

    /// From [`Diagnosis::to_u8`].
    pub(crate) fn from_u8(value: u8) -> Diagnosis {
        Self::ALL
            .get(usize::from(value))
            .copied()
            .unwrap_or(Diagnosis::Unauthenticated)
    }
}

/// The facts a diagnosis is made from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// DMARC-aligned SPF passed (receiver's verdict, else computed).
    pub spf_aligned: bool,
    /// DMARC-aligned DKIM passed (receiver's verdict, else computed).
    pub dkim_aligned: bool,
    /// Some SPF result passed (any domain).
    pub spf_pass: bool,
    /// That passing SPF domain is Amazon SES's.
    pub spf_pass_amazonses: bool,
    /// The record has at least one DKIM result.
    pub dkim_present: bool,
    /// Some DKIM signature passed (any domain).
    pub dkim_pass: bool,
    /// An override reason says forwarded, trusted forwarder or mailing list.
    pub forwarding_reason: bool,
    /// The reporter is a mailbox provider.
    pub mailbox_reporter: bool,
    /// A DKIM signature with an aligned domain was present but did not pass.
    pub aligned_dkim_failed: bool,
    /// Who sent it.
    pub service: Option<ServiceId>,
}

/// Diagnoses one record.
pub fn diagnose(f: &Facts) -> Diagnosis {
    let service = f.service.unwrap_or(ServiceId::UNKNOWN);
    match (f.spf_aligned, f.dkim_aligned) {
        (true, true) => Diagnosis::Aligned,
        (false, true) if f.spf_pass_amazonses => Diagnosis::SesDefaultMailFrom,
        (false, true) if f.spf_pass => Diagnosis::SpfNotAligned,
        (false, true) if f.forwarding_reason || f.mailbox_reporter => Diagnosis::Forwarded,
        (false, true) => Diagnosis::SpfFail,
        (true, false) if !f.dkim_present => Diagnosis::SpfOnly,
        (true, false) if f.dkim_pass => Diagnosis::DkimNotAligned,
        (true, false) => Diagnosis::DkimFail,
        (false, false) if f.forwarding_reason || (f.mailbox_reporter && f.aligned_dkim_failed) => {
            Diagnosis::ForwardedAltered
        }
        (false, false) if service.is_known_service() => Diagnosis::ServiceNotAligned,
        (false, false) if service == ServiceId::OWN_DOMAIN => Diagnosis::StrictAlignment,
        (false, false) => Diagnosis::Unauthenticated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnoses_follow_the_results() {
        let ses = ServiceId::from_id("amazon_ses");
        let base = Facts::default();
        let cases = [
            (
                Facts {
                    spf_aligned: true,
                    dkim_aligned: true,
                    ..base
                },
                Diagnosis::Aligned,
            ),
            (
                Facts {
                    dkim_aligned: true,
                    spf_pass: true,
                    spf_pass_amazonses: true,
                    ..base
                },
                Diagnosis::SesDefaultMailFrom,
            ),
            (
                Facts {
                    dkim_aligned: true,
                    spf_pass: true,
                    ..base
                },
                Diagnosis::SpfNotAligned,
            ),
            (
                Facts {
                    dkim_aligned: true,
                    mailbox_reporter: true,
                    ..base
                },
                Diagnosis::Forwarded,
            ),
            (
                Facts {
                    dkim_aligned: true,
                    forwarding_reason: true,
                    ..base
                },
                Diagnosis::Forwarded,
            ),
            (
                Facts {
                    dkim_aligned: true,
                    ..base
                },
                Diagnosis::SpfFail,
            ),
            (
                Facts {
                    spf_aligned: true,
                    ..base
                },
                Diagnosis::SpfOnly,
            ),
            (
                Facts {
                    spf_aligned: true,
                    dkim_present: true,
                    dkim_pass: true,
                    ..base
                },
                Diagnosis::DkimNotAligned,
            ),
            (
                Facts {
                    spf_aligned: true,
                    dkim_present: true,
                    ..base
                },
                Diagnosis::DkimFail,
            ),
            (
                Facts {
                    mailbox_reporter: true,
                    aligned_dkim_failed: true,
                    ..base
                },
                Diagnosis::ForwardedAltered,
            ),
            (
                Facts {
                    service: ses,
                    ..base
                },
                Diagnosis::ServiceNotAligned,
            ),
            (
                Facts {
                    service: Some(ServiceId::OWN_DOMAIN),
                    ..base
                },
                Diagnosis::StrictAlignment,
            ),
            (
                Facts {
                    mailbox_reporter: true,
                    ..base
                },
                Diagnosis::Unauthenticated,
            ),
        ];
        for (facts, want) in cases {
            assert_eq!(diagnose(&facts), want, "{facts:?}");
            assert_eq!(want.passes(), facts.spf_aligned || facts.dkim_aligned);
        }
    }

    #[test]
    fn codes_round_trip() {
        for d in Diagnosis::ALL {
            assert_eq!(Diagnosis::from_u8(d.to_u8()), d);
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(json, format!("\"{}\"", d.code()));
        }
    }
}
