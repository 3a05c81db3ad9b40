//! Sending services, told offline: a small dated table of well-known senders,
//! matched by the domains a record names (DKIM `d=`, envelope from, SPF
//! domain: a domain matches a suffix when it is the suffix or ends with
//! `.suffix`) and, for the largest ones, by published address ranges.
//!
//! The table was written for dmarc-lens from the providers' own
//! documentation (their SPF includes, bounce and DKIM domains) as of
//! [`SERVICES_AS_OF`]; it is not derived from any other project's map.
//! Each service has a stable id; its display name is the translation key
//! `service.<id>`.

use std::net::IpAddr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// When [`SERVICES`] was last checked against the providers' documentation.
pub const SERVICES_AS_OF: &str = "2026-11-23";

/// What kind of sender a service is: the verdicts weigh its evidence by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Hosts people's mailboxes (consumer or business): its networks send
    /// the mail of many customers *and* forward mail on their behalf, so an
    /// SPF failure from there may be forwarding.
    MailboxProvider,
    /// Sends mail for many customers (ESP, CRM, marketing, ticketing,
    /// notifications): its own SPF or DKIM passing says the platform sent
    /// it, not that the policy domain's owner did.
    EmailPlatform,
    /// Relays an organisation's mail in and out (secure e-mail gateway).
    SecurityGateway,
}

impl ServiceKind {
    /// The code: `mailbox_provider`, `email_platform`, `security_gateway`.
    pub fn code(self) -> &'static str {
        match self {
            ServiceKind::MailboxProvider => "mailbox_provider",
            ServiceKind::EmailPlatform => "email_platform",
            ServiceKind::SecurityGateway => "security_gateway",
        }
    }
}

/// One well-known sending service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// Stable id: `amazon_ses`, `google`… (translation key `service.<id>`).
    pub id: &'static str,
    /// What kind of sender it is.
    pub kind: ServiceKind,
    /// Domain suffixes of its DKIM `d=`, bounce (envelope from) and SPF domains.
    pub domains: &'static [&'static str],
    /// Address ranges (CIDR) it sends from, for a source no domain identifies.
    pub ip_ranges: &'static [&'static str],
}

/// The well-known senders, most specific first.
pub const SERVICES: &[Service] = &[
    Service {
        id: "amazon_ses",
        kind: ServiceKind::EmailPlatform,
        domains: &["amazonses.com"],
        ip_ranges: &[
            "54.240.0.0/18",
            "54.240.64.0/19",
            "54.240.96.0/19",
            "69.169.224.0/20",
            "23.249.208.0/20",
            "23.251.224.0/19",
            "76.223.176.0/20",
            "199.255.192.0/22",
            "199.127.232.0/22",
        ],
    },
    Service {
        id: "google",
        kind: ServiceKind::MailboxProvider,
        domains: &[
            "_spf.google.com",
            "google.com",
            "googlemail.com",
            "gmail.com",
            "gappssmtp.com",
        ],
        ip_ranges: &[
            "35.190.247.0/24",
            "64.233.160.0/19",
            "66.102.0.0/20",
            "66.249.80.0/20",
            "72.14.192.0/18",
            "74.125.0.0/16",
            "108.177.8.0/21",
            "173.194.0.0/16",
            "209.85.128.0/17",
            "216.58.192.0/19",
            "216.239.32.0/19",
            "2001:4860:4000::/36",
            "2404:6800:4000::/36",
            "2607:f8b0:4000::/36",
            "2800:3f0:4000::/36",
            "2a00:1450:4000::/36",
        ],
    },
    Service {
        id: "microsoft365",
        kind: ServiceKind::MailboxProvider,
        domains: &[
            "protection.outlook.com",
            "outlook.com",
            "onmicrosoft.com",
            "office365.com",
            "hotmail.com",
        ],
        ip_ranges: &[
            "40.92.0.0/15",
            "40.107.0.0/16",
            "52.100.0.0/15",
            "52.102.0.0/16",
            "104.47.0.0/17",
            "2a01:111:f400::/48",
            "2a01:111:f403::/48",
        ],
    },
    Service {
        id: "sendgrid",
        kind: ServiceKind::EmailPlatform,
        domains: &["sendgrid.net", "sendgrid.com"],
        ip_ranges: &["167.89.0.0/17", "149.72.0.0/16"],
    },
    Service {
        id: "mailgun",
        kind: ServiceKind::EmailPlatform,
        domains: &["mailgun.org", "mailgun.net", "mailgun.com"],
        ip_ranges: &[],
    },
    Service {
        id: "mailchimp",
        kind: ServiceKind::EmailPlatform,
        domains: &[
            "mcsv.net",
            "mandrillapp.com",
            "mcdlv.net",
            "rsgsv.net",
            "mailchimpapp.net",
        ],
        ip_ranges: &[],
    },
    Service {
        id: "salesforce",
        kind: ServiceKind::EmailPlatform,
        domains: &["exacttarget.com", "salesforce.com", "force.com"],
        ip_ranges: &[],
    },
    Service {
        id: "zendesk",
        kind: ServiceKind::EmailPlatform,
        domains: &["zendesk.com", "zdsys.com"],
        ip_ranges: &[],
    },
    Service {
        id: "hubspot",
        kind: ServiceKind::EmailPlatform,
        domains: &["hubspotemail.net", "hubspotstarter.net", "hubspot.com"],
        ip_ranges: &[],
    },
    Service {
        id: "postmark",
        kind: ServiceKind::EmailPlatform,
        domains: &["mtasv.net", "postmarkapp.com"],
        ip_ranges: &[],
    },
    Service {
        id: "sparkpost",
        kind: ServiceKind::EmailPlatform,
        domains: &["sparkpostmail.com", "sparkpost.com"],
        ip_ranges: &[],
    },
    Service {
        id: "brevo",
        kind: ServiceKind::EmailPlatform,
        domains: &["sendinblue.com", "brevo.com", "mailin.fr"],
        ip_ranges: &[],
    },
    Service {
        id: "mailjet",
        kind: ServiceKind::EmailPlatform,
        domains: &["mailjet.com"],
        ip_ranges: &[],
    },
    Service {
        id: "zoho",
        kind: ServiceKind::MailboxProvider,
        domains: &["zoho.com", "zohomail.com", "zoho.eu", "zeptomail.com"],
        ip_ranges: &[],
    },
    Service {
        id: "fastmail",
        kind: ServiceKind::MailboxProvider,
        domains: &["messagingengine.com", "fastmail.com"],
        ip_ranges: &[],
    },
    Service {
        id: "constant_contact",
        kind: ServiceKind::EmailPlatform,
        domains: &["constantcontact.com", "ccsend.com", "ctctcdn.com"],
        ip_ranges: &[],
    },
    Service {
        id: "klaviyo",
        kind: ServiceKind::EmailPlatform,
        domains: &["klaviyomail.com", "klaviyo.com"],
        ip_ranges: &[],
    },
    Service {
        id: "campaign_monitor",
        kind: ServiceKind::EmailPlatform,
        domains: &["createsend.com", "cmail19.com", "cmail20.com"],
        ip_ranges: &[],
    },
    Service {
        id: "mailerlite",
        kind: ServiceKind::EmailPlatform,
        domains: &["mlsend.com", "mailerlite.com"],
        ip_ranges: &[],
    },
    Service {
        id: "intercom",
        kind: ServiceKind::EmailPlatform,
        domains: &["intercom-mail.com", "intercom.io"],
        ip_ranges: &[],
    },
    Service {
        id: "freshworks",
        kind: ServiceKind::EmailPlatform,
        domains: &["freshdesk.com", "freshemail.io", "freshworks.com"],
        ip_ranges: &[],
    },
    Service {
        id: "shopify",
        kind: ServiceKind::EmailPlatform,
        domains: &["shopifyemail.com", "shopify.com"],
        ip_ranges: &[],
    },
    Service {
        id: "github",
        kind: ServiceKind::EmailPlatform,
        domains: &["github.com", "github.net"],
        ip_ranges: &[],
    },
    Service {
        id: "atlassian",
        kind: ServiceKind::EmailPlatform,
        domains: &["atlassian.net", "atlassian.com", "atl-mta.com"],
        ip_ranges: &[],
    },
    Service {
        id: "mimecast",
        kind: ServiceKind::SecurityGateway,
        domains: &["mimecast.com", "mimecast-offshore.com"],
        ip_ranges: &[],
    },
    Service {
        id: "proofpoint",
        kind: ServiceKind::SecurityGateway,
        domains: &["pphosted.com", "ppe-hosted.com"],
        ip_ranges: &[],
    },
    Service {
        id: "smtp2go",
        kind: ServiceKind::EmailPlatform,
        domains: &["smtp2go.com", "smtpcorp.com"],
        ip_ranges: &[],
    },
    Service {
        id: "elastic_email",
        kind: ServiceKind::EmailPlatform,
        domains: &["elasticemail.com"],
        ip_ranges: &[],
    },
];

/// Which sender a source is: one of [`SERVICES`], the policy domain's own
/// organisation, or unknown. Serialises as its string id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ServiceId(pub u16);

impl ServiceId {
    /// Mail authenticated as the policy domain's own organisation, from no
    /// known service: `own_domain`.
    pub const OWN_DOMAIN: ServiceId = ServiceId(0);
    /// Nothing identifies the sender: `unknown`.
    pub const UNKNOWN: ServiceId = ServiceId(1);
    const FIRST_SERVICE: u16 = 2;

    /// Every id, `own_domain` and `unknown` first, then [`SERVICES`] in order.
    pub fn all() -> impl Iterator<Item = ServiceId> {
        (0..SERVICES.len() as u16 + Self::FIRST_SERVICE).map(ServiceId)
    }

    /// The stable id (`own_domain`, `unknown`, `amazon_ses`…).
    pub fn id(self) -> &'static str {
        match self.0 {
            0 => "own_domain",
            1 => "unknown",
            n => SERVICES
                .get(usize::from(n - Self::FIRST_SERVICE))
                .map_or("unknown", |s| s.id),
        }
    }

    /// The translation key of its display name: `service.<id>`.
    pub fn key(self) -> String {
        format!("service.{}", self.id())
    }

    /// The id named `id`.
    pub fn from_id(id: &str) -> Option<ServiceId> {
        Self::all().find(|s| s.id() == id)
    }

    /// The table entry, for a well-known service.
    pub fn service(self) -> Option<&'static Service> {
        SERVICES.get(usize::from(self.0.checked_sub(Self::FIRST_SERVICE)?))
    }

    /// Its kind, for a well-known service.
    pub fn kind(self) -> Option<ServiceKind> {
        self.service().map(|s| s.kind)
    }

    /// Whether this is one of [`SERVICES`] (not own or unknown).
    pub fn is_known_service(self) -> bool {
        self.0 >= Self::FIRST_SERVICE
    }
}

impl From<ServiceId> for String {
    fn from(id: ServiceId) -> String {
        id.id().to_owned()
    }
}

impl TryFrom<String> for ServiceId {
    type Error = String;
    fn try_from(id: String) -> Result<Self, Self::Error> {
        ServiceId::from_id(&id).ok_or_else(|| format!("unknown service id {id:?}"))
    }
}

/// Whether `domain` is `suffix` or a subdomain of it (ASCII case ignored).
pub fn domain_matches(domain: &str, suffix: &str) -> bool {
    let domain = domain.trim().trim_end_matches('.');
    if domain.len() < suffix.len() {
        return false;
    }
    let cut = domain.len() - suffix.len();
    domain
        .get(cut..)
        .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
        && (cut == 0 || domain.as_bytes().get(cut - 1) == Some(&b'.'))
}

/// The well-known service a domain belongs to.
pub fn service_of_domain(domain: &str) -> Option<ServiceId> {
    SERVICES.iter().enumerate().find_map(|(i, s)| {
        s.domains
            .iter()
            .any(|suffix| domain_matches(domain, suffix))
            .then_some(ServiceId(i as u16 + ServiceId::FIRST_SERVICE))
    })
}

/// A parsed CIDR range.
#[derive(Clone, Copy, Debug)]
struct Range {
    base: u128,
    mask: u128,
    v6: bool,
}

fn bits(ip: IpAddr) -> (u128, bool) {
    match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), false),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => (u128::from(u32::from(v4)), false),
            None => (u128::from(v6), true),
        },
    }
}

fn parse_range(cidr: &str) -> Option<Range> {
    let (ip, len) = cidr.split_once('/')?;
    let ip: IpAddr = ip.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    let (base, v6) = bits(ip);
    let width: u32 = if v6 { 128 } else { 32 };
    let host = width.checked_sub(len)?;
    let mask = if host >= 128 {
        0
    } else {
        (u128::MAX << host) & if v6 { u128::MAX } else { u128::from(u32::MAX) }
    };
    Some(Range {
        base: base & mask,
        mask,
        v6,
    })
}

fn ranges() -> &'static [(Range, ServiceId)] {
    static RANGES: OnceLock<Vec<(Range, ServiceId)>> = OnceLock::new();
    RANGES.get_or_init(|| {
        SERVICES
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.ip_ranges.iter().filter_map(move |cidr| {
                    Some((
                        parse_range(cidr)?,
                        ServiceId(i as u16 + ServiceId::FIRST_SERVICE),
                    ))
                })
            })
            .collect()
    })
}

/// The well-known service whose published ranges hold `ip`.
pub fn service_of_ip(ip: IpAddr) -> Option<ServiceId> {
    let (value, v6) = bits(ip);
    ranges()
        .iter()
        .find(|(r, _)| r.v6 == v6 && value & r.mask == r.base)
        .map(|(_, id)| *id)
}

/// What a record says about its sender, for [`identify`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Identities<'a> {
    /// The organisational domain of the policy domain.
    pub policy_org: Option<&'a str>,
    /// The source address.
    pub ip: Option<IpAddr>,
    /// Domains that authenticated: passing DKIM `d=`, passing SPF domains.
    pub passing: &'a [&'a str],
    /// Other domains named: failing DKIM `d=`, envelope from, failing SPF.
    pub other: &'a [&'a str],
}

/// Tells the sender, in this order: a well-known service among the
/// authenticated domains; then by address range; then the policy domain's
/// own organisation among the authenticated domains; then a well-known
/// service among the other domains; else [`ServiceId::UNKNOWN`].
pub fn identify(ids: &Identities<'_>) -> ServiceId {
    if let Some(s) = ids.passing.iter().find_map(|d| service_of_domain(d)) {
        return s;
    }
    if let Some(s) = ids.ip.and_then(service_of_ip) {
        return s;
    }
    if let Some(org) = ids.policy_org {
        if ids.passing.iter().any(|d| domain_matches(d, org)) {
            return ServiceId::OWN_DOMAIN;
        }
    }
    ids.other
        .iter()
        .find_map(|d| service_of_domain(d))
        .unwrap_or(ServiceId::UNKNOWN)
}

/// Words in a reporter's name or address that mark a mailbox provider (a
/// receiver people forward their mail to).
const MAILBOX_PROVIDERS: &[&str] = &[
    "google",
    "gmail",
    "yahoo",
    "aol",
    "outlook",
    "hotmail",
    "microsoft",
    "live.com",
    "mail.ru",
    "yandex",
    "gmx",
    "web.de",
    "comcast",
    "icloud",
    "apple",
    "zoho",
    "fastmail",
    "netease",
    "163.com",
    "126.com",
    "qq.com",
    "orange",
    "t-online",
    "free.fr",
    "laposte",
    "seznam",
    "naver",
    "daum",
    "proton",
    "mailbox.org",
    "posteo",
    "libero",
    "att.net",
    "verizon",
    "rambler",
    "docomo",
    "softbank",
    "biglobe",
    "nifty",
    "linkedin",
];

/// Whether a reporter (org name or contact address) is a mailbox provider.
pub fn is_mailbox_provider(reporter: &str) -> bool {
    let lower = reporter.to_ascii_lowercase();
    MAILBOX_PROVIDERS.iter().any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn services_by_domain_suffix() {
        let cases = [
            ("eu-west-1.amazonses.com", Some("amazon_ses")),
            ("AMAZONSES.COM.", Some("amazon_ses")),
            ("notamazonses.com", None),
            ("_spf.google.com", Some("google")),
            ("example-com.20230601.gappssmtp.com", Some("google")),
            ("eur01.protection.outlook.com", Some("microsoft365")),
            ("contoso.onmicrosoft.com", Some("microsoft365")),
            ("em123.sendgrid.net", Some("sendgrid")),
            ("mg.mailgun.org", Some("mailgun")),
            ("mail123.mcsv.net", Some("mailchimp")),
            ("mandrillapp.com", Some("mailchimp")),
            ("bounce.exacttarget.com", Some("salesforce")),
            ("pm-bounces.mtasv.net", Some("postmark")),
            ("example.com", None),
        ];
        for (domain, want) in cases {
            assert_eq!(
                service_of_domain(domain).map(ServiceId::id),
                want,
                "{domain}"
            );
        }
    }

    #[test]
    fn services_by_address_range() {
        let cases = [
            ("209.85.220.41", Some("google")),
            ("2a00:1450:4864:20::42f", Some("google")),
            ("40.107.22.53", Some("microsoft365")),
            ("54.240.8.10", Some("amazon_ses")),
            ("::ffff:54.240.8.10", Some("amazon_ses")),
            ("192.0.2.1", None),
        ];
        for (text, want) in cases {
            let got = ip(text).and_then(service_of_ip).map(ServiceId::id);
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn identify_prefers_authenticated_services_then_ranges_then_own() {
        let org = Some("example.com");
        let cases: [(&[&str], &[&str], &str, &str); 6] = [
            (
                &["example.com", "amazonses.com"],
                &[],
                "192.0.2.1",
                "amazon_ses",
            ),
            (&["example.com"], &[], "209.85.220.41", "google"),
            (&["mail.example.com"], &[], "192.0.2.1", "own_domain"),
            (&[], &["bounces.sendgrid.net"], "192.0.2.1", "sendgrid"),
            (&[], &["example.com"], "192.0.2.1", "unknown"),
            (&["attacker.test"], &[], "192.0.2.1", "unknown"),
        ];
        for (passing, other, addr, want) in cases {
            let ids = Identities {
                policy_org: org,
                ip: ip(addr),
                passing,
                other,
            };
            assert_eq!(identify(&ids).id(), want, "{passing:?} {other:?} {addr}");
        }
    }

    #[test]
    fn ids_are_unique_and_round_trip() {
        let ids: Vec<&str> = ServiceId::all().map(ServiceId::id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        for id in ServiceId::all() {
            assert_eq!(ServiceId::from_id(id.id()), Some(id));
        }
        assert!(ranges().len() > 20);
        assert!(is_mailbox_provider("google.com"));
        assert!(is_mailbox_provider("Yahoo! Inc."));
        assert!(!is_mailbox_provider("Example Corp"));
    }
}
