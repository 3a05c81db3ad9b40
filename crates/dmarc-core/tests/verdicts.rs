//! Verdicts on scenarios a DMARC practitioner reads without hesitation,
//! written from the RFCs (7489, 9989, 8617) and the providers' documentation
//! (Amazon SES, Google Workspace, Microsoft 365, SendGrid, Mailchimp): each
//! scenario is an aggregate record as a receiver reports it, sent through
//! the whole pipeline (XML → ingest → index → dashboard), with the family,
//! diagnosis and ambiguity a careful owner should be told.

use dmarc_core::analysis::{
    summarize, Diagnosis, Family, Filter, Index, Mark, Marks, ServiceId, SourceRow, Verdict,
};
use dmarc_core::ingest::{ingest_file, Limits};

pub(crate) const DAY: i64 = 86_400;
/// 2026-03-01.
pub(crate) const START: i64 = 1_772_323_200;

// Source addresses inside the published ranges the sender table knows.
const SES_IP: &str = "54.240.8.10";
const GOOGLE_IP: &str = "209.85.220.41";
const MICROSOFT_IP: &str = "40.107.22.51";
const OUTLOOK_COM_IP: &str = "40.92.18.20";
const SENDGRID_IP: &str = "167.89.12.34";
const UNKNOWN_IP: &str = "198.51.100.23";

/// One record of a scenario.
#[derive(Clone)]
pub(crate) struct Rec {
    pub(crate) ip: &'static str,
    pub(crate) header_from: &'static str,
    pub(crate) envelope_from: Option<&'static str>,
    /// `policy_evaluated` dkim/spf; `None` leaves them out (computed).
    pub(crate) evaluated: Option<(&'static str, &'static str)>,
    /// (type, comment)
    pub(crate) reasons: &'static [(&'static str, &'static str)],
    /// (domain, selector, result)
    pub(crate) dkim: &'static [(&'static str, &'static str, &'static str)],
    /// (domain, scope, result)
    pub(crate) spf: &'static [(&'static str, &'static str, &'static str)],
}

pub(crate) const BASE: Rec = Rec {
    ip: UNKNOWN_IP,
    header_from: "example.com",
    envelope_from: None,
    evaluated: Some(("fail", "fail")),
    reasons: &[],
    dkim: &[],
    spf: &[],
};

pub(crate) fn record_xml(r: &Rec, count: u64) -> String {
    let evaluated = r
        .evaluated
        .map(|(d, s)| format!("<dkim>{d}</dkim><spf>{s}</spf>"))
        .unwrap_or_default();
    let reasons: String = r
        .reasons
        .iter()
        .map(|(t, c)| format!("<reason><type>{t}</type><comment>{c}</comment></reason>"))
        .collect();
    let envelope = r
        .envelope_from
        .map(|e| format!("<envelope_from>{e}</envelope_from>"))
        .unwrap_or_default();
    let dkim: String = r
        .dkim
        .iter()
        .map(|(d, s, res)| {
            format!(
                "<dkim><domain>{d}</domain><selector>{s}</selector><result>{res}</result></dkim>"
            )
        })
        .collect();
    let spf: String = r
        .spf
        .iter()
        .map(|(d, scope, res)| {
            format!("<spf><domain>{d}</domain><scope>{scope}</scope><result>{res}</result></spf>")
        })
        .collect();
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>\
         <disposition>none</disposition>{evaluated}{reasons}</policy_evaluated></row>\
         <identifiers><header_from>{hf}</header_from>{envelope}</identifiers>\
         <auth_results>{dkim}{spf}</auth_results></record>",
        ip = r.ip,
        hf = r.header_from,
    )
}

pub(crate) fn report_xml(
    id: &str,
    reporter: &str,
    policy: &str,
    day: i64,
    records: &[String],
) -> String {
    let begin = START + day * DAY;
    format!(
        "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>{reporter}</org_name>\
         <email>noreply-dmarc@{reporter}</email><report_id>{id}</report_id>\
         <date_range><begin>{begin}</begin><end>{end}</end></date_range></report_metadata>\
         <policy_published><domain>example.com</domain>{policy}</policy_published>{records}</feedback>",
        end = begin + DAY,
        policy = policy
            .split(';')
            .filter_map(|t| t.trim().split_once('='))
            // RFC 9990 reports `t` as <testing>.
            .map(|(k, v)| (if k == "t" { "testing" } else { k }, v))
            .map(|(k, v)| format!("<{k}>{v}</{k}>"))
            .collect::<String>(),
        records = records.concat(),
    )
}

/// An index of `days` daily reports from `reporter`, each with the
/// scenario's record (100 messages) and a steady aligned sender of the
/// owner's (so a domain has days with data whatever the scenario).
pub(crate) fn index_of(
    scenario: &Rec,
    reporter: &str,
    policy: &str,
    days: i64,
    marks: &Marks,
) -> Index {
    let own = Rec {
        ip: "192.0.2.1",
        evaluated: Some(("pass", "pass")),
        envelope_from: Some("example.com"),
        dkim: &[("example.com", "s1", "pass")],
        spf: &[("example.com", "mfrom", "pass")],
        ..BASE
    };
    let mut index = Index::new();
    index.marks = marks.clone();
    for day in 0..20 {
        let mut records = vec![record_xml(&own, 1000)];
        if day < days {
            records.push(record_xml(scenario, 100));
        }
        let xml = report_xml(&format!("r{day}"), reporter, policy, day, &records);
        let file = ingest_file("s.xml", xml.as_bytes(), &Limits::default());
        assert!(file.errors.is_empty(), "{:?}\n{xml}", file.errors);
        assert_eq!(file.reports.len(), 1, "{xml}");
        for found in &file.reports {
            index.add("s.xml", &found.report);
        }
    }
    index
}

pub(crate) fn mine(service: Option<&str>, ip: Option<&str>, mark: Mark) -> Marks {
    let mut marks = Marks::default();
    if let Some(s) = service.and_then(ServiceId::from_id) {
        marks.set_service(s, mark);
    }
    if let Some(ip) = ip {
        marks.set_source(ip, mark);
    }
    marks
}

struct Scenario {
    name: &'static str,
    rec: Rec,
    reporter: &'static str,
    policy: &'static str,
    /// Days (of 20) the source sends on: 20 is steady, 2 a scatter.
    days: i64,
    marks: Marks,
    want: (Family, Diagnosis, bool),
}

fn scenarios() -> Vec<Scenario> {
    use Diagnosis as D;
    use Family as F;
    let s = |name, rec, want| Scenario {
        name,
        rec,
        reporter: "google.com",
        policy: "p=none",
        days: 20,
        marks: Marks::default(),
        want,
    };
    vec![
        s("SES with a custom MAIL FROM: SPF and DKIM align", Rec {
            ip: SES_IP, evaluated: Some(("pass", "pass")), envelope_from: Some("mail.example.com"),
            dkim: &[("example.com", "abcdefgh", "pass"), ("amazonses.com", "ug7nbtf", "pass")],
            spf: &[("mail.example.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::Aligned, false)),
        s("SES without a custom MAIL FROM: DKIM carries DMARC", Rec {
            ip: SES_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("eu-west-1.amazonses.com"),
            dkim: &[("example.com", "abcdefgh", "pass"), ("amazonses.com", "ug7nbtf", "pass")],
            spf: &[("eu-west-1.amazonses.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::SesDefaultMailFrom, false)),
        s("SES with broken Easy DKIM, reported by Google: the owner must fix it", Rec {
            ip: SES_IP, envelope_from: Some("eu-west-1.amazonses.com"),
            dkim: &[("example.com", "abcdefgh", "fail"), ("amazonses.com", "ug7nbtf", "pass")],
            spf: &[("eu-west-1.amazonses.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::ServiceDkimFailing, false)),
        s("SES broken Easy DKIM from an address outside the listed ranges", Rec {
            ip: "3.5.140.2", envelope_from: Some("us-east-1.amazonses.com"),
            dkim: &[("example.com", "abcdefgh", "fail")],
            spf: &[("us-east-1.amazonses.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::ServiceDkimFailing, false)),
        s("SES custom MAIL FROM whose SPF record lacks include:amazonses.com", Rec {
            ip: SES_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("mail.example.com"),
            dkim: &[("example.com", "abcdefgh", "pass")],
            spf: &[("mail.example.com", "mfrom", "softfail")], ..BASE
        }, (F::FixNeeded, D::SpfMissingSender, false)),
        s("Google Workspace, aligned", Rec {
            ip: GOOGLE_IP, evaluated: Some(("pass", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "google", "pass")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::Aligned, false)),
        s("Google Workspace without its DKIM for the domain (gappssmtp.com signs)", Rec {
            ip: GOOGLE_IP, evaluated: Some(("fail", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example-com.20230601.gappssmtp.com", "20230601", "pass")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::DkimNotAligned, false)),
        s("SPF fails from Google's network, DKIM aligned: forwarded, or SPF lacks Google", Rec {
            ip: GOOGLE_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "google", "pass")],
            spf: &[("example.com", "mfrom", "softfail")], ..BASE
        }, (F::Forwarding, D::Forwarded, true)),
        Scenario {
            marks: mine(Some("google"), None, Mark::Mine),
            ..s("…the same once Google is marked as the owner's: SPF lacks it", Rec {
                ip: GOOGLE_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
                dkim: &[("example.com", "google", "pass")],
                spf: &[("example.com", "mfrom", "softfail")], ..BASE
            }, (F::FixNeeded, D::SpfMissingSender, false))
        },
        Scenario {
            reporter: "Yahoo",
            ..s("Gmail forwarding to Yahoo: SPF fails, DKIM survives", Rec {
                ip: GOOGLE_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
                dkim: &[("example.com", "s1", "pass")],
                spf: &[("example.com", "mfrom", "fail")], ..BASE
            }, (F::Forwarding, D::Forwarded, true))
        },
        Scenario {
            reporter: "Outlook.com",
            ..s("Forwarded, the receiver says so (reason forwarded)", Rec {
                ip: UNKNOWN_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
                reasons: &[("forwarded", "")],
                dkim: &[("example.com", "s1", "pass")],
                spf: &[("example.com", "mfrom", "fail")], ..BASE
            }, (F::Forwarding, D::Forwarded, false))
        },
        s("Forwarded through Outlook.com and altered: DKIM broke", Rec {
            ip: OUTLOOK_COM_IP, envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "fail")],
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, (F::Forwarding, D::ForwardedAltered, true)),
        s("Forwarded and altered, the receiver says so", Rec {
            ip: UNKNOWN_IP, envelope_from: Some("example.com"), reasons: &[("forwarded", "")],
            dkim: &[("example.com", "s1", "fail")],
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, (F::Forwarding, D::ForwardedAltered, false)),
        s("Google's ARC override (local_policy, arc=pass)", Rec {
            ip: UNKNOWN_IP, envelope_from: Some("example.com"),
            reasons: &[("local_policy", "arc=pass")],
            dkim: &[("example.com", "s1", "fail")],
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, (F::Forwarding, D::ArcOverride, false)),
        s("Mailing list that changed the subject (reason mailing_list)", Rec {
            ip: UNKNOWN_IP, envelope_from: Some("lists.example.org"),
            reasons: &[("mailing_list", "")],
            dkim: &[("example.com", "s1", "fail")],
            spf: &[("lists.example.org", "mfrom", "pass")], ..BASE
        }, (F::Forwarding, D::MailingList, false)),
        Scenario {
            days: 2,
            ..s("A forwarder that rewrites the envelope (SRS) and breaks DKIM", Rec {
                envelope_from: Some("srs0=abcd=xy=example.com=user@forwarder.example"),
                dkim: &[("example.com", "s1", "fail")],
                spf: &[("forwarder.example", "mfrom", "pass")], ..BASE
            }, (F::Forwarding, D::ForwardedAltered, true))
        },
        s("Google Groups relaying without rewriting From: DKIM broke", Rec {
            ip: GOOGLE_IP, envelope_from: Some("googlegroups.com"),
            dkim: &[("example.com", "s1", "fail"), ("googlegroups.com", "20230601", "pass")],
            spf: &[("googlegroups.com", "mfrom", "pass")], ..BASE
        }, (F::Forwarding, D::ForwardedAltered, true)),
        Scenario {
            days: 2, reporter: "Yahoo",
            ..s("iCloud forwarding now and then (an unknown network, a scatter)", Rec {
                ip: "17.58.63.10", evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
                dkim: &[("example.com", "s1", "pass")],
                spf: &[("example.com", "mfrom", "fail")], ..BASE
            }, (F::Forwarding, D::Forwarded, true))
        },
        s("Microsoft 365 with DKIM for the domain: aligned", Rec {
            ip: MICROSOFT_IP, evaluated: Some(("pass", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "selector1", "pass")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::Aligned, false)),
        s("Microsoft 365 signing only as the tenant (onmicrosoft.com)", Rec {
            ip: MICROSOFT_IP, evaluated: Some(("fail", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example.onmicrosoft.com", "selector1-example-com", "pass")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::DkimNotAligned, false)),
        s("Someone else's Microsoft 365 tenant sending as the domain", Rec {
            ip: MICROSOFT_IP, envelope_from: Some("attacker.onmicrosoft.com"),
            dkim: &[("attacker.onmicrosoft.com", "selector1", "pass")],
            spf: &[("attacker.onmicrosoft.com", "mfrom", "pass")], ..BASE
        }, (F::Suspicious, D::SharedPlatform, true)),
        Scenario {
            marks: mine(Some("microsoft365"), None, Mark::NotMine),
            ..s("…the same once Microsoft 365 is marked as not the owner's", Rec {
                ip: MICROSOFT_IP, envelope_from: Some("attacker.onmicrosoft.com"),
                dkim: &[("attacker.onmicrosoft.com", "selector1", "pass")],
                spf: &[("attacker.onmicrosoft.com", "mfrom", "pass")], ..BASE
            }, (F::Suspicious, D::NotMine, false))
        },
        s("A SendGrid account (d=sendgrid.info) sending as the domain", Rec {
            ip: SENDGRID_IP, envelope_from: Some("bounces.sendgrid.net"),
            dkim: &[("sendgrid.info", "smtpapi", "pass")],
            spf: &[("bounces.sendgrid.net", "mfrom", "pass")], ..BASE
        }, (F::Suspicious, D::SharedPlatform, true)),
        Scenario {
            marks: mine(Some("sendgrid"), None, Mark::Mine),
            ..s("…the same once SendGrid is marked as the owner's: set it up", Rec {
                ip: SENDGRID_IP, envelope_from: Some("bounces.sendgrid.net"),
                dkim: &[("sendgrid.info", "smtpapi", "pass")],
                spf: &[("bounces.sendgrid.net", "mfrom", "pass")], ..BASE
            }, (F::FixNeeded, D::ServiceNotSetUp, false))
        },
        s("SendGrid with domain authentication (s1._domainkey CNAME)", Rec {
            ip: SENDGRID_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("em123.sendgrid.net"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("em123.sendgrid.net", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::SpfNotAligned, false)),
        s("Mailchimp without the domain's DKIM (mcsv.net only)", Rec {
            ip: "205.201.131.10", envelope_from: Some("mail123.mcsv.net"),
            dkim: &[("mcsv.net", "k1", "pass")],
            spf: &[("mail123.mcsv.net", "mfrom", "pass")], ..BASE
        }, (F::Suspicious, D::SharedPlatform, true)),
        s("Proofpoint (a gateway) relaying the owner's signed mail", Rec {
            ip: UNKNOWN_IP, evaluated: Some(("pass", "fail")), envelope_from: Some("mx0a.pphosted.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("mx0a.pphosted.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::SpfNotAligned, false)),
        Scenario {
            days: 2,
            ..s("Spoofing from an unknown address now and then", Rec {
                envelope_from: Some("example.com"),
                spf: &[("example.com", "mfrom", "fail")], ..BASE
            }, (F::Suspicious, D::Unauthenticated, false))
        },
        s("The receiver says DMARC failed, its own raw results say the domain passed", Rec {
            envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::Suspicious, D::Unauthenticated, true)),
        Scenario {
            days: 2,
            ..s("…the same from a scatter of days: still the owner's word, never settled spoofing", Rec {
                dkim: &[("example.com", "s1", "pass")], ..BASE
            }, (F::Suspicious, D::Unauthenticated, true))
        },
        Scenario {
            marks: mine(None, Some(UNKNOWN_IP), Mark::Mine),
            ..s("…the same once the owner says it is theirs: their mail failing there", Rec {
                spf: &[("example.com", "mfrom", "pass")], ..BASE
            }, (F::FixNeeded, D::OwnSenderUnauthenticated, false))
        },
        s("An unknown address sending unauthenticated mail every day", Rec {
            envelope_from: Some("example.com"),
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, (F::Suspicious, D::UnknownSteadySender, true)),
        Scenario {
            marks: mine(None, Some(UNKNOWN_IP), Mark::Mine),
            ..s("…the same once the owner says it is theirs (a forgotten scanner)", Rec {
                envelope_from: Some("example.com"),
                spf: &[("example.com", "mfrom", "fail")], ..BASE
            }, (F::FixNeeded, D::OwnSenderUnauthenticated, false))
        },
        s("The owner's server: SPF only, no DKIM signature", Rec {
            evaluated: Some(("fail", "pass")), envelope_from: Some("example.com"),
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::DkimMissing, false)),
        s("DKIM result none (no signature) with SPF aligned", Rec {
            evaluated: Some(("fail", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "", "none")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::DkimMissing, false)),
        s("The owner's DKIM fails, SPF aligned carries DMARC", Rec {
            evaluated: Some(("fail", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "fail")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::DkimFailing, false)),
        s("DKIM key record broken (permerror)", Rec {
            evaluated: Some(("fail", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "permerror")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::FixNeeded, D::DkimKeyError, false)),
        s("DKIM temperror, SPF aligned passes", Rec {
            evaluated: Some(("fail", "pass")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "temperror")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::TemporaryErrorPassed, false)),
        s("DKIM temperror and nothing else: failed on a DNS hiccup", Rec {
            envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "temperror")],
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, (F::FixNeeded, D::TemporaryError, false)),
        s("SPF permerror (too many lookups), DKIM aligned passes", Rec {
            evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("example.com", "mfrom", "permerror")], ..BASE
        }, (F::FixNeeded, D::SpfRecordError, false)),
        Scenario {
            policy: "p=none; adkim=s; aspf=s",
            ..s("Strict alignment with a subdomain signing", Rec {
                envelope_from: Some("bounce.example.com"),
                dkim: &[("mail.example.com", "s1", "pass")],
                spf: &[("bounce.example.com", "mfrom", "pass")], ..BASE
            }, (F::FixNeeded, D::StrictAlignment, false))
        },
        s("Relaxed alignment with a subdomain signing: aligned", Rec {
            evaluated: None, envelope_from: Some("bounce.example.com"),
            dkim: &[("mail.example.com", "s1", "pass")],
            spf: &[("bounce.example.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::Aligned, false)),
        s("Mail from a subdomain, signed by the organisational domain", Rec {
            header_from: "news.example.com", evaluated: Some(("pass", "pass")),
            envelope_from: Some("news.example.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("news.example.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::Aligned, false)),
        s("A lookalike domain (examp1e.com) authenticates", Rec {
            envelope_from: Some("examp1e.com"),
            dkim: &[("examp1e.com", "s1", "pass")],
            spf: &[("examp1e.com", "mfrom", "pass")], ..BASE
        }, (F::Suspicious, D::LookalikeDomain, true)),
        Scenario {
            marks: mine(None, Some(UNKNOWN_IP), Mark::NotMine),
            ..s("Passing mail from an address the owner says is not theirs", Rec {
                evaluated: Some(("pass", "pass")), envelope_from: Some("example.com"),
                dkim: &[("example.com", "s1", "pass")],
                spf: &[("example.com", "mfrom", "pass")], ..BASE
            }, (F::Suspicious, D::NotMinePassing, false))
        },
        s("An unknown server every day: SPF fails, DKIM aligned (a sender SPF lacks, or a forwarder)", Rec {
            evaluated: Some(("pass", "fail")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, (F::FixNeeded, D::SpfMissingSender, true)),
        s("An unknown server every day whose signature with the domain fails", Rec {
            envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "fail")],
            spf: &[("example.com", "mfrom", "fail")], ..BASE
        }, (F::FixNeeded, D::DkimFailing, true)),
        Scenario {
            days: 3,
            ..s("An unknown server now and then whose signature fails: forwarded and altered?", Rec {
                envelope_from: Some("example.com"),
                dkim: &[("example.com", "s1", "fail")],
                spf: &[("example.com", "mfrom", "fail")], ..BASE
            }, (F::Forwarding, D::ForwardedAltered, true))
        },
        s("policy_evaluated left out: computed from auth_results", Rec {
            evaluated: None, envelope_from: Some("example.com"),
            dkim: &[("example.com", "s1", "pass")],
            spf: &[("example.com", "mfrom", "pass")], ..BASE
        }, (F::Ok, D::Aligned, false)),
        Scenario {
            policy: "p=reject; pct=10", days: 2,
            ..s("Spoofing sampled out under pct (reason sampled_out)", Rec {
                reasons: &[("sampled_out", "")], envelope_from: Some("spoof.example"),
                spf: &[("spoof.example", "mfrom", "fail")], ..BASE
            }, (F::Suspicious, D::Unauthenticated, false))
        },
        s("Results written in capitals (Pass, PASS)", Rec {
            ip: GOOGLE_IP, evaluated: Some(("Pass", "PASS")), envelope_from: Some("example.com"),
            dkim: &[("example.com", "google", "PASS")],
            spf: &[("example.com", "mfrom", "Pass")], ..BASE
        }, (F::Ok, D::Aligned, false)),
    ]
}

#[test]
fn every_scenario_gets_the_verdict_a_practitioner_gives() {
    let scenarios = scenarios();
    assert!(scenarios.len() >= 40, "{} scenarios", scenarios.len());
    let mut wrong = Vec::new();
    for sc in &scenarios {
        let index = index_of(&sc.rec, sc.reporter, sc.policy, sc.days, &sc.marks);
        let d = summarize(&index, &Filter::default());
        let rows: Vec<SourceRow> = d.services.iter().flat_map(|g| g.sources.clone()).collect();
        let Some(row) = rows.iter().find(|s| s.ip == sc.rec.ip) else {
            wrong.push(format!("{}: no source {}", sc.name, sc.rec.ip));
            continue;
        };
        let got = (row.family, row.diagnosis, row.ambiguous_messages > 0);
        if got != sc.want {
            wrong.push(format!("{}: got {got:?}, want {:?}", sc.name, sc.want));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The scenarios the issue names, as readiness verdicts over 20 days.
#[test]
fn readiness_of_a_domain_follows_its_sources() {
    let scenario = |name: &str, rec: &Rec, policy: &str, marks: Marks, want: Verdict| {
        let index = index_of(rec, "google.com", policy, 20, &marks);
        let r = summarize(&index, &Filter::default()).readiness;
        assert_eq!(r.len(), 1, "{name}");
        assert_eq!(r[0].verdict, want, "{name}: {:#?}", r[0]);
        r[0].clone()
    };
    // A broken SES sender (10 % of the mail) is a fix, not forwarding.
    let ses_broken = Rec {
        ip: SES_IP,
        envelope_from: Some("eu-west-1.amazonses.com"),
        dkim: &[("example.com", "abcdefgh", "fail")],
        spf: &[("eu-west-1.amazonses.com", "mfrom", "pass")],
        ..BASE
    };
    let r = scenario(
        "broken SES",
        &ses_broken,
        "p=none",
        Marks::default(),
        Verdict::FixSendersFirst,
    );
    assert_eq!(r.failing_services[0].service.id(), "amazon_ses");
    assert_eq!(
        r.failing_services[0].diagnosis,
        Diagnosis::ServiceDkimFailing
    );
    // One unknown address sending a share every day, unauthenticated:
    // review it first; once marked not mine, the domain is ready.
    let steady = Rec {
        envelope_from: Some("example.com"),
        spf: &[("example.com", "mfrom", "fail")],
        ..BASE
    };
    let r = scenario(
        "steady unknown",
        &steady,
        "p=none",
        Marks::default(),
        Verdict::ReviewSourcesFirst,
    );
    assert_eq!(r.review[0].ip.as_deref(), Some(UNKNOWN_IP));
    let not_mine = mine(None, Some(UNKNOWN_IP), Mark::NotMine);
    let r = scenario(
        "steady, not mine",
        &steady,
        "p=none",
        not_mine,
        Verdict::ReadyForQuarantine,
    );
    assert_eq!(
        r.next.map(|n| n.text).as_deref(),
        Some("v=DMARC1; p=quarantine")
    );
    let owned = mine(None, Some(UNKNOWN_IP), Mark::Mine);
    scenario(
        "steady, mine",
        &steady,
        "p=none",
        owned.clone(),
        Verdict::FixSendersFirst,
    );
    // At reject, the owner's failing mail is mail bounced now.
    scenario(
        "reject, mine failing",
        &steady,
        "p=reject",
        owned,
        Verdict::OwnMailFailingUnderEnforcement,
    );
    // pct=25 is not a step towards reject, t=y not protection.
    let aligned = Rec {
        ip: "192.0.2.2",
        evaluated: Some(("pass", "pass")),
        envelope_from: Some("example.com"),
        dkim: &[("example.com", "s1", "pass")],
        spf: &[("example.com", "mfrom", "pass")],
        ..BASE
    };
    scenario(
        "pct=25",
        &aligned,
        "p=quarantine; pct=25",
        Marks::default(),
        Verdict::ReadyForFullQuarantine,
    );
    scenario(
        "t=y",
        &aligned,
        "p=reject; t=y",
        Marks::default(),
        Verdict::ReadyForFullReject,
    );
    scenario(
        "sp=none",
        &aligned,
        "p=reject; sp=none",
        Marks::default(),
        Verdict::ReadyForSubdomains,
    );
    scenario(
        "reject",
        &aligned,
        "p=reject",
        Marks::default(),
        Verdict::AtReject,
    );
}
