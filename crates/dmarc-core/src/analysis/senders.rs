//! Sending services, told offline: a dated catalogue of well-known senders,
//! matched by the domains a record names (DKIM `d=`, envelope from, SPF
//! domain: a domain matches a suffix when it is the suffix or ends with
//! `.suffix`), by published address ranges and by AS number.
//!
//! The catalogue is data: `data/senders/services.toml` lists each service
//! with, for every domain, range and AS it states, the provider's own
//! documentation page and the day it was read. `build.rs` checks it and
//! writes [`SERVICES`] from it (see the README, "The sender catalogue"); it
//! is not derived from any other project's map. Each service has a stable
//! id; its display name is the translation key `service.<id>`.

use std::net::IpAddr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

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
    /// Autonomous systems it sends from, for a source nothing else identifies.
    pub asns: &'static [u32],
    /// The newest read date of its sources (`YYYY-MM-DD`).
    pub checked: &'static str,
    /// Where each of its facts comes from.
    pub sources: &'static [Source],
}

/// One page of a provider's documentation the catalogue read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The page (https).
    pub url: &'static str,
    /// The day it was read (`YYYY-MM-DD`).
    pub read: &'static str,
    /// The facts it gives: domains, `AS<n>`, CIDR ranges.
    pub facts: &'static [&'static str],
}

// `SERVICES_AS_OF` and `SERVICES`, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/services.rs"));

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
    trimmed_domain_matches(domain.trim().trim_end_matches('.'), suffix)
}

/// [`domain_matches`] for a domain already trimmed of white space and
/// trailing dots.
fn trimmed_domain_matches(domain: &str, suffix: &str) -> bool {
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
    SERVICE_OF_DOMAIN.with_borrow_mut(|known| {
        if let Some(&service) = known.get(domain) {
            return service;
        }
        let trimmed = domain.trim().trim_end_matches('.');
        let service = SERVICES.iter().enumerate().find_map(|(i, s)| {
            s.domains
                .iter()
                .any(|suffix| trimmed_domain_matches(trimmed, suffix))
                .then_some(ServiceId(i as u16 + ServiceId::FIRST_SERVICE))
        });
        if known.len() >= SERVICE_OF_DOMAIN_KEPT {
            known.clear();
        }
        known.insert(domain.to_owned(), service);
        service
    })
}

/// Domains [`service_of_domain`] remembers at most (then it starts again).
const SERVICE_OF_DOMAIN_KEPT: usize = 4096;

thread_local! {
    /// The answers of [`service_of_domain`] so far: the same DKIM and SPF
    /// domains recur across records, and each new one is compared with
    /// every domain of the catalogue (a twentieth of reading a large
    /// report into the index).
    static SERVICE_OF_DOMAIN: std::cell::RefCell<foldhash::HashMap<String, Option<ServiceId>>> =
        std::cell::RefCell::default();
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

/// The well-known service that names `asn` as one of its networks.
pub fn service_of_asn(asn: u32) -> Option<ServiceId> {
    position_of_asn(SERVICES, asn).map(|i| ServiceId(i as u16 + ServiceId::FIRST_SERVICE))
}

fn position_of_asn(services: &[Service], asn: u32) -> Option<usize> {
    services.iter().position(|s| s.asns.contains(&asn))
}

/// The service a source belongs to by its network when its domains and
/// published ranges say nothing: the email platform or security gateway
/// that documents `asn` as the network it sends from. A mailbox provider's
/// AS is never an attribution: mail from there with no domain of the
/// provider's was sent or forwarded *through* it by one of its many users
/// (the source stays unknown and is grouped under that network).
pub fn service_by_network(asn: u32) -> Option<ServiceId> {
    position_by_network(SERVICES, asn).map(|i| ServiceId(i as u16 + ServiceId::FIRST_SERVICE))
}

fn position_by_network(services: &[Service], asn: u32) -> Option<usize> {
    position_of_asn(services, asn).filter(|&i| {
        services
            .get(i)
            .is_some_and(|s| s.kind != ServiceKind::MailboxProvider)
    })
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
            ("mail21.atl11.rsgsv.net", Some("mailchimp")),
            ("bounce.salesforce.com", Some("salesforce")),
            ("pm-bounces.mtasv.net", Some("postmark")),
            ("eu.sparkpostmail.com", Some("sparkpost")),
            ("mail.bmsend.com", Some("benchmark_email")),
            ("spf.bserver.jp", Some("cafe24")),
            ("ferret-one.com", Some("ferret_one")),
            ("notferret-one.com", None),
            ("mail.zendesk.com", Some("zendesk")),
            ("in.constantcontact.com", Some("constant_contact")),
            ("acme.intercom-mail.eu", Some("intercom")),
            ("_spf.protonmail.ch", Some("proton")),
            ("eu._netblocks.mimecast.com", Some("mimecast")),
            ("smp.ne.jp", Some("spiral")),
            ("ne.jp", None),
            ("spf.haihaimail.jp", Some("haihaimail")),
            ("jira.acme.atlassian.net", Some("atlassian")),
            ("spf.qiye.aliyun.com", Some("alibaba_mail")),
            ("spf1.dm.aliyun.com", Some("alibaba_directmail")),
            ("aliyun.com", None),
            (
                "eu.rp.oracleemaildelivery.com",
                Some("oracle_email_delivery"),
            ),
            ("_spf.hier-im-netz.de", Some("telekom_hosting")),
            ("example.com", None),
        ];
        // Three rounds: asked first, answered from memory, and after more
        // domains than it keeps.
        for round in 0..3 {
            if round == 2 {
                for i in 0..SERVICE_OF_DOMAIN_KEPT + 10 {
                    let domain = format!("mail{i}.sendgrid.net.");
                    assert_eq!(
                        service_of_domain(&domain).map(ServiceId::id),
                        Some("sendgrid")
                    );
                }
            }
            for (domain, want) in cases {
                assert_eq!(
                    service_of_domain(domain).map(ServiceId::id),
                    want,
                    "{domain}, round {round}"
                );
            }
        }
    }

    #[test]
    fn services_by_address_range() {
        let cases = [
            ("40.107.22.53", Some("microsoft365")),
            ("52.103.255.255", Some("microsoft365")),
            ("52.104.0.0", None),
            ("2a01:111:f403:c000::1", Some("microsoft365")),
            ("54.240.8.10", Some("amazon_ses")),
            ("::ffff:54.240.8.10", Some("amazon_ses")),
            ("199.255.195.255", Some("amazon_ses")),
            ("192.0.2.1", None),
        ];
        for (text, want) in cases {
            let got = ip(text).and_then(service_of_ip).map(ServiceId::id);
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn services_by_asn() {
        let service = |id, asns| Service {
            id,
            kind: ServiceKind::EmailPlatform,
            domains: &[],
            ip_ranges: &[],
            asns,
            checked: "2026-11-30",
            sources: &[],
        };
        let mut mailbox = service("c", &[64_510]);
        mailbox.kind = ServiceKind::MailboxProvider;
        let mut gateway = service("d", &[64_511]);
        gateway.kind = ServiceKind::SecurityGateway;
        let table = [
            service("a", &[64_500]),
            service("b", &[64_501, 64_502]),
            mailbox,
            gateway,
        ];
        // (AS, the service naming it, the service a source is attributed to)
        let cases = [
            (64_500, Some(0), Some(0)),
            (64_502, Some(1), Some(1)),
            (64_503, None, None),
            (64_510, Some(2), None),
            (64_511, Some(3), Some(3)),
        ];
        for (asn, named, attributed) in cases {
            assert_eq!(position_of_asn(&table, asn), named, "AS{asn}");
            assert_eq!(position_by_network(&table, asn), attributed, "AS{asn}");
        }
        for (i, s) in SERVICES.iter().enumerate() {
            for &asn in s.asns {
                assert_eq!(
                    service_of_asn(asn).and_then(ServiceId::service),
                    SERVICES.get(i)
                );
                assert_eq!(
                    service_by_network(asn).is_some(),
                    s.kind != ServiceKind::MailboxProvider
                );
            }
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
            (&["example.com"], &[], "40.107.22.53", "microsoft365"),
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
        // Every listed range parses (build.rs refuses the others).
        let listed: usize = SERVICES.iter().map(|s| s.ip_ranges.len()).sum();
        assert_eq!(ranges().len(), listed);
        assert!(listed > 0);
        // The catalogue's date is its newest read date.
        let newest = SERVICES.iter().map(|s| s.checked).max();
        assert_eq!(newest, Some(SERVICES_AS_OF));
        assert!(is_mailbox_provider("google.com"));
        assert!(is_mailbox_provider("Yahoo! Inc."));
        assert!(!is_mailbox_provider("Example Corp"));
    }
}
