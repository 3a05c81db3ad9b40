//! Who sends and who reports, for every shape, in one place: the
//! reporters, the services mail goes through (with their envelope and DKIM
//! domains, selectors and networks), and each shape's mix of them. Values
//! that differ between shapes (SES signs with more than one selector, SendGrid
//! bounces through `sendgrid.net` or a branded host) are listed side by side.

use super::model::Reporter;

/// Google's reports (its published contact page as extra contact).
pub const GOOGLE: Reporter = Reporter::new(
    "google.com",
    "noreply-dmarc-support@google.com",
    Some("https://support.google.com/a/answer/2466580"),
);
/// Microsoft's consumer mail.
pub const OUTLOOK: Reporter = Reporter::new("Outlook.com", "dmarcreport@microsoft.com", None);
/// Microsoft's business mail (Exchange Online).
pub const ENTERPRISE_OUTLOOK: Reporter =
    Reporter::new("Enterprise Outlook", "dmarcreport@microsoft.com", None);
/// Yahoo.
pub const YAHOO: Reporter = Reporter::new("Yahoo", "dmarchelp@yahooinc.com", None);
/// Mail.Ru.
pub const MAIL_RU: Reporter = Reporter::new("Mail.Ru", "dmarc_support@corp.mail.ru", None);
/// Fastmail.
pub const FASTMAIL: Reporter =
    Reporter::new("Fastmail Pty Ltd", "dmarc-reports@fastmail.com", None);
/// A company's mail gateway (not a mailbox provider: it reports forwarding
/// without saying so).
pub const PARTNER_GATEWAY: Reporter =
    Reporter::new("Example Partner Gateway", "dmarc@partner.example.org", None);
/// The benchmark's reporter.
pub const BENCH: Reporter = Reporter::new(
    "bench.example",
    "noreply-dmarc-support@bench.example",
    Some("https://bench.example/dmarc"),
);

/// Amazon SES without a custom MAIL FROM: SPF passes for SES's regional
/// bounce domain (so it does not align), SES signs as well as the author.
pub const SES_ENVELOPE: &str = "eu-west-1.amazonses.com";
/// The domain of SES's own DKIM signature.
pub const SES_DKIM: &str = "amazonses.com";
/// Selectors SES signs with.
pub const SES_SELECTORS: [&str; 2] = [
    "ug7nbtf4gccmlpwj322ax3p6ow6yfsug",
    "224i4yxa5dv7c2xz3womw6peuasteono",
];
/// SES's sending addresses.
pub const SES_IPS: [&str; 3] = ["54.240.8.21", "54.240.8.87", "54.240.11.19"];
/// SendGrid's bounce domain, and a tenant's host under it.
pub const SENDGRID: &str = "sendgrid.net";
/// A SendGrid tenant's bounce host.
pub const SENDGRID_TENANT: &str = "em4821.sendgrid.net";
/// SendGrid's sending addresses.
pub const SENDGRID_IPS: [&str; 2] = ["167.89.17.2", "149.72.154.231"];
/// Mailchimp's DKIM domain (an account without its own domain set up).
pub const MAILCHIMP: &str = "mcsv.net";
/// A Mailchimp bounce host.
pub const MAILCHIMP_ENVELOPE: &str = "mail21.atl11.rsgsv.net";
/// Google Workspace's sending addresses.
pub const WORKSPACE_IPS: [&str; 3] = ["209.85.220.41", "209.85.220.69", "2607:f8b0:4864:20::1035"];
/// First octets of the networks spam is sent from.
pub const SPOOF_NETWORKS: [u8; 5] = [45, 91, 103, 185, 193];

/// The simple shape's envelope domains: the author's three, SES's, three
/// that forwarders keep, and a spoofer's.
pub const SIMPLE_SENDERS: [&str; 8] = [
    "example.com",
    "mail.example.com",
    "news.example.com",
    SES_ENVELOPE,
    "bounces.example.net",
    SENDGRID,
    MAILCHIMP,
    "spoof.example.org",
];

/// The large reporter's subdomains the organisation sends from.
pub const AUTHOR_SUBDOMAINS: [&str; 6] = [
    "",
    "mail.",
    "notifications.customer-care.",
    "newsletters.marketing-communications.",
    "billing.accounts-receivable.",
    "hr-recruiting.careers.",
];

/// The large reporter's email service providers: (bounce host prefix,
/// provider domain, DKIM selector prefix). Each has many tenants
/// (numbered bounce hosts).
pub const PROVIDERS: [(&str, &str, &str); 8] = [
    ("em", SENDGRID, "s"),
    ("bounce-", MAILCHIMP, "k"),
    ("", SES_ENVELOPE, "ses"),
    ("mta", "mailgun-delivery.org", "mg"),
    ("bnc", "sparkpostmail.com", "scph"),
    ("return-", "mktomail-bounces.com", "m1"),
    ("", "bounces.salesforce-marketingcloud.com", "200608"),
    ("rp", "postmark-transactional.net", "pm"),
];

/// What a sample sender's mail carries: its addresses, messages a day,
/// DKIM signatures (domain, selector, result), the SPF domain and result,
/// the envelope domain. `None` for the domain means the policy domain.
pub struct SampleSender {
    /// A name, for the rules that single it out.
    pub name: &'static str,
    /// Sending addresses.
    pub ips: &'static [&'static str],
    /// Messages a day, over all reporters.
    pub daily: f64,
    /// DKIM signatures: (domain, selector, result).
    pub dkim: &'static [(Option<&'static str>, &'static str, &'static str)],
    /// SPF: (domain, result).
    pub spf: (Option<&'static str>, &'static str),
    /// The envelope domain.
    pub envelope: Option<&'static str>,
}

/// Google Workspace for the domain: signed by the domain, SPF aligned.
const WORKSPACE: SampleSender = SampleSender {
    name: "workspace",
    ips: &WORKSPACE_IPS,
    daily: 180.0,
    dkim: &[(None, "google", "pass")],
    spf: (None, "pass"),
    envelope: None,
};

/// The samples' senders: Google Workspace, SES, SendGrid with a branded
/// bounce host, a forwarder of Workspace mail and spoofers.
pub const SAMPLE_SENDERS: [SampleSender; 5] = [
    WORKSPACE,
    SampleSender {
        name: "ses",
        ips: &SES_IPS,
        daily: 420.0,
        dkim: &[
            (None, "abcdefghijklmnopqrstuvwxyz123456", "pass"),
            (Some(SES_DKIM), SES_SELECTORS[0], "pass"),
        ],
        spf: (Some(SES_ENVELOPE), "pass"),
        envelope: Some(SES_ENVELOPE),
    },
    SampleSender {
        name: "sendgrid",
        ips: &SENDGRID_IPS,
        daily: 60.0,
        dkim: &[(None, "s1", "pass")],
        spf: (Some("em1234.example.com"), "pass"),
        envelope: Some("em1234.example.com"),
    },
    SampleSender {
        name: "forwarder",
        ips: &["192.0.2.25"],
        daily: 6.0,
        spf: (None, "fail"),
        ..WORKSPACE
    },
    SampleSender {
        name: "spoof",
        ips: &["203.0.113.7", "198.51.100.23", "203.0.113.150"],
        daily: 9.0,
        dkim: &[],
        spf: (None, "fail"),
        ..WORKSPACE
    },
];

/// The year shape's senders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSender {
    /// The domain's own servers.
    Own,
    /// Google Workspace.
    Google,
    /// Amazon SES without a custom MAIL FROM.
    SesDefault,
    /// SendGrid with its own bounce domain.
    SendGrid,
    /// Mailchimp without the domain's own key.
    Mailchimp,
    /// A forwarder: SPF fails, the author's key mostly survives.
    Forwarder,
    /// Spoofing from many addresses.
    Spoofer,
}

/// The year shape's senders and their weights, out of 100.
pub const YEAR_SENDERS: [(YearSender, u64); 7] = [
    (YearSender::Own, 14),
    (YearSender::Google, 22),
    (YearSender::SesDefault, 18),
    (YearSender::SendGrid, 10),
    (YearSender::Mailchimp, 4),
    (YearSender::Forwarder, 12),
    (YearSender::Spoofer, 20),
];

/// The year shape's reporters.
pub const YEAR_REPORTERS: [Reporter; 6] =
    [GOOGLE, YAHOO, OUTLOOK, MAIL_RU, FASTMAIL, PARTNER_GATEWAY];

/// How a reporter's report ids look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdStyle {
    /// A long decimal number (Google).
    Number,
    /// 32 hex digits (Microsoft).
    Hex,
    /// A number and the day (Yahoo).
    NumberDay,
}

/// The samples' reporters, their share of the mail and their report ids.
pub const SAMPLE_REPORTERS: [(Reporter, f64, IdStyle); 3] = [
    (GOOGLE, 0.55, IdStyle::Number),
    (OUTLOOK, 0.3, IdStyle::Hex),
    (YAHOO, 0.15, IdStyle::NumberDay),
];
