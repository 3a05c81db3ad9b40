//! Identification by network on the addresses platforms really send from:
//! with the network data applied, mail from SendGrid's and Mailchimp's own
//! ASes (as `@ip-location-db/asn` 2.3.2026061719 registers them) is told to
//! be theirs when its domains name no service, and the verdict is still
//! what the record's authentication says: an aligned source stays ok, a
//! source that authenticates only as the platform still needs the owner's
//! word, and neither the AS nor a "mine" mark on the platform makes
//! unauthenticated mail from the same network (another customer's) the
//! owner's. Without the catalogue's AS numbers these sources read "your own
//! domain" and "unknown", and the test fails.

#![allow(clippy::unwrap_used)]

use std::net::Ipv4Addr;
use std::sync::Arc;

use dmarc_core::analysis::{summarize, Diagnosis, Family, Filter, Mark, Marks, SourceRow};
use dmarc_core::network::build::{Builder, Family as IpFamily};
use dmarc_core::network::{Meta, NetworkDb};

use super::verdicts::{index_of, mine, Rec, BASE};

/// In AS11377 "SendGrid, Inc." (167.89.0.0–167.89.127.255 in the package).
const SENDGRID_NET: &str = "167.89.17.2";
/// In AS11377 too (149.72.112.0–149.72.255.255), the samples' other address.
const SENDGRID_NET_2: &str = "149.72.154.2";
/// In AS14782 "MailChimp" (198.2.128.0–198.2.191.255).
const MAILCHIMP_NET: &str = "198.2.180.12";

fn v4(text: &str) -> u128 {
    u128::from(u32::from(text.parse::<Ipv4Addr>().unwrap()))
}

/// The three rows of the routing data these scenarios send from.
fn network() -> NetworkDb {
    let mut b = Builder::new(Meta {
        date: "2026-06-17".into(),
        sources: "@ip-location-db/asn@2.3.2026061719 (three rows)".into(),
    });
    let rows = [
        ("167.89.0.0", "167.89.127.255", 11377, "SendGrid, Inc."),
        ("149.72.112.0", "149.72.255.255", 11377, "SendGrid, Inc."),
        ("198.2.128.0", "198.2.191.255", 14782, "MailChimp"),
    ];
    for (first, last, asn, name) in rows {
        b.add_as(IpFamily::V4, v4(first), v4(last), asn, name)
            .unwrap();
        b.add_country(IpFamily::V4, v4(first), v4(last), "US")
            .unwrap();
    }
    b.finish()
}

struct Case {
    name: &'static str,
    rec: Rec,
    days: i64,
    marks: Marks,
    /// Service id without the network data, then with it.
    services: (&'static str, &'static str),
    want: (Family, Diagnosis, bool),
}

fn cases() -> Vec<Case> {
    use Diagnosis as D;
    use Family as F;
    let c = |name, rec, services, want| Case {
        name,
        rec,
        days: 20,
        marks: Marks::default(),
        services,
        want,
    };
    vec![
        c("SendGrid with the owner's authenticated domain: SPF and DKIM align", Rec {
            ip: SENDGRID_NET, evaluated: Some(("pass", "pass")), envelope_from: Some("em123.example.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("em123.example.com", "mfrom", "pass")], ..BASE
        }, ("own_domain", "sendgrid"), (F::Ok, D::Aligned, false)),
        Case {
            marks: mine(Some("sendgrid"), None, Mark::NotMine),
            ..c("Aligned mail from SendGrid after the owner said SendGrid is not theirs", Rec {
                ip: SENDGRID_NET_2, evaluated: Some(("pass", "fail")), envelope_from: Some("bounces.example.com"),
                dkim: &[("example.com", "s1", "pass")],
                spf: &[("bounces.example.com", "mfrom", "softfail")], ..BASE
            }, ("own_domain", "sendgrid"), (F::Suspicious, D::NotMinePassing, false))
        },
        c("SendGrid's own SPF and DKIM only: someone's SendGrid account, needs the owner's word", Rec {
            ip: SENDGRID_NET, envelope_from: Some("bounces.sendgrid.net"),
            dkim: &[("sendgrid.net", "smtpapi", "pass")],
            spf: &[("bounces.sendgrid.net", "mfrom", "pass")], ..BASE
        }, ("sendgrid", "sendgrid"), (F::Suspicious, D::SharedPlatform, true)),
        c("Aligned DKIM, SPF fails, steady, from SendGrid's network: SPF lacks it or forwarded", Rec {
            ip: SENDGRID_NET, evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, ("own_domain", "sendgrid"), (F::FixNeeded, D::SpfMissingSender, true)),
        c("Unauthenticated steady mail from SendGrid's network: not shown to be the owner's", Rec {
            ip: SENDGRID_NET, envelope_from: Some("spoof.example"),
            spf: &[("spoof.example", "mfrom", "fail")], ..BASE
        }, ("unknown", "sendgrid"), (F::Suspicious, D::UnknownSteadySender, true)),
        Case {
            marks: mine(Some("sendgrid"), None, Mark::Mine),
            ..c("Unauthenticated mail from SendGrid's network, SendGrid marked mine: another customer's", Rec {
                ip: SENDGRID_NET, envelope_from: Some("spoof.example"),
                spf: &[("spoof.example", "mfrom", "fail")], ..BASE
            }, ("unknown", "sendgrid"), (F::Suspicious, D::UnknownSteadySender, true))
        },
        Case {
            marks: mine(Some("sendgrid"), Some(SENDGRID_NET), Mark::Mine),
            ..c("The same with the address itself marked mine: the owner's, to fix", Rec {
                ip: SENDGRID_NET, envelope_from: Some("spoof.example"),
                spf: &[("spoof.example", "mfrom", "fail")], ..BASE
            }, ("unknown", "sendgrid"), (F::FixNeeded, D::OwnSenderUnauthenticated, false))
        },
        Case {
            marks: mine(Some("mailchimp"), None, Mark::Mine),
            ..c("Aligned DKIM from Mailchimp's network, Mailchimp marked mine: the owner's", Rec {
                ip: MAILCHIMP_NET, evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
                dkim: &[("example.com", "k1", "pass")],
                spf: &[("example.com", "mfrom", "fail")], ..BASE
            }, ("own_domain", "mailchimp"), (F::FixNeeded, D::SpfMissingSender, false))
        },
        Case {
            days: 2,
            ..c("A scatter of spoofing from Mailchimp's network", Rec {
                ip: MAILCHIMP_NET, envelope_from: Some("spoof.example"),
                spf: &[("spoof.example", "mfrom", "fail")], ..BASE
            }, ("unknown", "mailchimp"), (F::Suspicious, D::Unauthenticated, false))
        },
    ]
}

#[test]
fn platform_networks_name_the_sender_and_leave_the_verdict_to_authentication() {
    let db = Arc::new(network());
    let mut wrong = Vec::new();
    for case in cases() {
        let mut index = index_of(&case.rec, "google.com", "p=none", case.days, &case.marks);
        let row = |index: &_| -> Option<SourceRow> {
            let d = summarize(index, &Filter::default());
            let rows: Vec<SourceRow> = d.services.iter().flat_map(|g| g.sources.clone()).collect();
            rows.into_iter().find(|s| s.ip == case.rec.ip)
        };
        let before = row(&index).map(|r| r.service.id());
        index.set_network(Some(Arc::clone(&db)));
        let Some(after) = row(&index) else {
            wrong.push(format!("{}: no source", case.name));
            continue;
        };
        let got = (
            (before.unwrap_or("none"), after.service.id()),
            (after.family, after.diagnosis, after.ambiguous_messages > 0),
        );
        if got != (case.services, case.want) {
            wrong.push(format!(
                "{}: got {got:?}, want {:?}",
                case.name,
                (case.services, case.want)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
