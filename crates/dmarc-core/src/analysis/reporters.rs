//! Reporters as organisations: one receiver, whatever name it signs a report
//! with. Reports are grouped on the organisational domain of the reporting
//! address (`noreply-dmarc-support@google.com` → `google.com`, via the
//! Public Suffix List), then through [`ALIASES`] for receivers that report
//! from addresses of several organisational domains. A report without an
//! address is grouped on its `org_name`; without either it is the unnamed
//! reporter.

use crate::domain::{normalise, organizational_domain};
use crate::report::aggregate::ReportMetadata;

/// Organisational domains of one receiver's reporting addresses, and the
/// one they are grouped under, with the evidence for each.
///
/// Written 2026-11-30 from the shared report corpus
/// (`/work/shared/corpus`, files named below under `files/`):
/// - `yahooinc.com` → `yahoo.com`: Yahoo reports come from
///   `dmarc-noreply@yahoo.com` (org_name "Yahoo! Inc.",
///   `stuartmaxwell+dmarc-report/tests/reports/dmarc-sample-3.xml`) and from
///   `dmarchelp@yahooinc.com` (org_name "Yahoo",
///   `cry-inc+dmarc-report-viewer/testdata/dmarc-reports/yahoo.xml`,
///   `stavros-k+go-dmarc-analyzer/testdata/valid1.xml`).
/// - `outlook.com` → `microsoft.com`: Microsoft's consumer and Microsoft 365
///   receivers report from `dmarcreport@microsoft.com` under the names
///   "Outlook.com", "Microsoft Corporation" and "Enterprise Outlook", and
///   the receiver names itself `protection.outlook.com` in the report's file
///   name (RFC 7489 §7.2.1.1:
///   `parsedmarc/aggregate/protection.outlook.com!example.com!1711756800!1711843200.xml`).
/// - `fastmaildmarc.com` → `fastmail.com`: Fastmail reports from
///   `reports@fastmaildmarc.com` and names itself `fastmail.com` in the file
///   name (`parsedmarc/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz`).
pub const ALIASES: [(&str, &str); 3] = [
    ("yahooinc.com", "yahoo.com"),
    ("outlook.com", "microsoft.com"),
    ("fastmaildmarc.com", "fastmail.com"),
];

/// The domain of a reporting address (`a@b.example>` → `b.example`).
fn email_domain(email: &str) -> Option<String> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    normalise(domain.trim().trim_end_matches('>'))
}

/// The organisation a report comes from: the organisational domain of its
/// address through [`ALIASES`], else its `org_name` (lower-cased), else
/// empty.
pub fn organisation_key(meta: &ReportMetadata) -> String {
    if let Some(domain) = meta.email.as_deref().and_then(email_domain) {
        let org = organizational_domain(&domain).unwrap_or(domain);
        return ALIASES
            .iter()
            .find(|(alias, _)| *alias == org)
            .map_or(org, |(_, to)| (*to).to_owned());
    }
    meta.org_name
        .as_deref()
        .map(|n| n.trim().to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_of_reports() {
        let cases = [
            (
                Some("Yahoo! Inc."),
                Some("dmarc-noreply@yahoo.com"),
                "yahoo.com",
            ),
            (Some("Yahoo"), Some("dmarchelp@yahooinc.com"), "yahoo.com"),
            (
                Some("Outlook.com"),
                Some("dmarcreport@microsoft.com"),
                "microsoft.com",
            ),
            (
                Some("Enterprise Outlook"),
                Some("DMARCReport@Microsoft.com"),
                "microsoft.com",
            ),
            (None, Some("x@protection.outlook.com"), "microsoft.com"),
            (
                Some("google.com"),
                Some("noreply-dmarc-support@google.com"),
                "google.com",
            ),
            (
                Some("fred.com"),
                Some("noreply-dmarc-support@google.com"),
                "google.com",
            ),
            (
                Some("Mail.Ru"),
                Some("dmarc_support@corp.mail.ru"),
                "mail.ru",
            ),
            (
                Some("FastMail Pty Ltd"),
                Some("reports@fastmaildmarc.com"),
                "fastmail.com",
            ),
            (Some("veeam.com"), Some("@bad-xml.net>"), "bad-xml.net"),
            (Some("Test Inc."), Some("postmaster@test"), "test"),
            (
                None,
                Some("administrator@accurateplastics.com"),
                "accurateplastics.com",
            ),
            (Some("Acme Corp"), None, "acme corp"),
            (None, None, ""),
        ];
        for (org, email, want) in cases {
            let meta = ReportMetadata {
                org_name: org.map(str::to_owned),
                email: email.map(str::to_owned),
                ..ReportMetadata::default()
            };
            assert_eq!(organisation_key(&meta), want, "{org:?} {email:?}");
        }
    }
}
