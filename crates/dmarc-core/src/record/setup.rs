//! Sender set-up help: the DNS records that make a sending service pass
//! DMARC, starting with Amazon SES.
//!
//! SES sends with the envelope sender `…@<region>.amazonses.com` by default:
//! SPF passes for `amazonses.com`, which does not align with your domain.
//! Easy DKIM signs with `d=<your domain>`, which aligns. A custom MAIL FROM
//! subdomain (`mail.example.com`) with an MX record and an SPF record makes
//! SPF align too. Every record's `purpose` is a catalogue key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::builder::DnsRecord;
use super::parse::closest;
use crate::domain::normalise_domain;

/// The regions in which Amazon SES sends mail.
pub const SES_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "sa-east-1",
    "us-gov-west-1",
    "us-gov-east-1",
];

/// The regions whose Easy DKIM CNAMEs point at a DKIM domain of their own,
/// `<token>.dkim.<region>.amazonses.com`; every other region uses
/// `<token>.dkim.amazonses.com`.
///
/// Source: AWS General Reference, "Amazon Simple Email Service endpoints and
/// quotas", section "Easy DKIM domains"
/// (<https://docs.aws.amazon.com/general/latest/gr/ses.html#ses_dkim_domains>),
/// as quoted by public infrastructure code that follows it, read 2026-11-30
/// (this machine cannot reach the page itself). The SES console shows the
/// exact values for an identity; the builder says so beside the records.
pub const SES_REGIONAL_DKIM: &[&str] = &[
    "af-south-1",
    "ap-northeast-3",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "il-central-1",
    "me-central-1",
    "us-gov-east-1",
];

/// The Easy DKIM domain of an SES region: `dkim.amazonses.com`, or
/// `dkim.<region>.amazonses.com` for [`SES_REGIONAL_DKIM`].
pub fn ses_dkim_domain(region: &str) -> String {
    if SES_REGIONAL_DKIM.contains(&region) {
        format!("dkim.{region}.amazonses.com")
    } else {
        "dkim.amazonses.com".to_owned()
    }
}

/// What the SES console shows, as the person types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SesInput {
    /// The verified domain (`example.com`).
    pub domain: String,
    /// The SES region (`eu-west-1`).
    pub region: String,
    /// The custom MAIL FROM domain: a label (`mail`) or a full name
    /// (`mail.example.com`). Empty: no custom MAIL FROM (SPF will not align).
    pub mail_from: String,
    /// The three Easy DKIM tokens (or the CNAME names the console shows).
    pub dkim_tokens: Vec<String>,
}

/// Why the input cannot make records. Catalogue key `setup.error.<code>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SetupError {
    /// The domain is not a valid domain name.
    #[error("not a valid domain name: {domain:?}")]
    InvalidDomain {
        /// As typed.
        domain: String,
    },
    /// The region is not one SES sends from.
    #[error("unknown SES region {region:?}")]
    UnknownRegion {
        /// As typed.
        region: String,
        /// The closest known region, if any.
        suggestion: Option<String>,
    },
    /// The MAIL FROM domain is not a subdomain of the domain.
    #[error("{mail_from} is not a subdomain of {domain}")]
    MailFromNotSubdomain {
        /// Normalised.
        mail_from: String,
        /// Normalised.
        domain: String,
    },
    /// Easy DKIM gives exactly three tokens.
    #[error("expected 3 DKIM tokens, got {count}")]
    WrongTokenCount {
        /// How many were given.
        count: usize,
    },
    /// A token is not 32 letters and digits.
    #[error("DKIM token {index} is not valid: {token:?}")]
    InvalidToken {
        /// 1-based.
        index: usize,
        /// As typed.
        token: String,
    },
}

impl SetupError {
    /// The code: `invalid_domain`, `unknown_region`, `mail_from_not_subdomain`,
    /// `wrong_token_count`, `invalid_token`.
    pub fn code(&self) -> &'static str {
        match self {
            SetupError::InvalidDomain { .. } => "invalid_domain",
            SetupError::UnknownRegion { .. } => "unknown_region",
            SetupError::MailFromNotSubdomain { .. } => "mail_from_not_subdomain",
            SetupError::WrongTokenCount { .. } => "wrong_token_count",
            SetupError::InvalidToken { .. } => "invalid_token",
        }
    }

    /// The catalogue key: `setup.error.<code>`.
    pub fn key(&self) -> String {
        format!("setup.error.{}", self.code())
    }

    /// Arguments for the message. `suggestion`, when present, goes with
    /// the catalogue entry `finding.suggestion` ("Did you mean …?").
    pub fn args(&self) -> BTreeMap<String, String> {
        let mut a = BTreeMap::new();
        let mut put = |k: &str, v: String| {
            a.insert(k.to_owned(), v);
        };
        match self {
            SetupError::InvalidDomain { domain } => put("domain", domain.clone()),
            SetupError::UnknownRegion { region, suggestion } => {
                put("region", region.clone());
                if let Some(suggestion) = suggestion {
                    put("suggestion", suggestion.clone());
                }
            }
            SetupError::MailFromNotSubdomain { mail_from, domain } => {
                put("mail_from", mail_from.clone());
                put("domain", domain.clone());
            }
            SetupError::WrongTokenCount { count } => put("count", count.to_string()),
            SetupError::InvalidToken { index, token } => {
                put("index", index.to_string());
                put("token", token.clone());
            }
        }
        a
    }
}

fn domain(text: &str) -> Result<String, SetupError> {
    normalise_domain(text)
        .filter(|d| d.contains('.'))
        .ok_or_else(|| SetupError::InvalidDomain {
            domain: text.to_owned(),
        })
}

/// Reads a token: 32 letters and digits (lower-cased), or the CNAME name
/// `<token>._domainkey.example.com` the console shows.
fn token(index: usize, text: &str) -> Result<String, SetupError> {
    let t = text
        .trim()
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if t.len() == 32 && t.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(t)
    } else {
        Err(SetupError::InvalidToken {
            index,
            token: text.to_owned(),
        })
    }
}

/// The records for Amazon SES: MX and SPF TXT for the MAIL FROM subdomain
/// (when given), and the three Easy DKIM CNAMEs.
pub fn ses_records(input: &SesInput) -> Result<Vec<DnsRecord>, SetupError> {
    let domain = domain(&input.domain)?;
    let region = input.region.trim().to_ascii_lowercase();
    if !SES_REGIONS.contains(&region.as_str()) {
        return Err(SetupError::UnknownRegion {
            suggestion: closest(&region, SES_REGIONS).map(str::to_owned),
            region: input.region.clone(),
        });
    }
    if input.dkim_tokens.len() != 3 {
        return Err(SetupError::WrongTokenCount {
            count: input.dkim_tokens.len(),
        });
    }
    let mut out = Vec::new();
    let mail_from = input.mail_from.trim().trim_end_matches('.');
    if !mail_from.is_empty() {
        let full = if mail_from.contains('.') {
            mail_from.to_owned()
        } else {
            format!("{mail_from}.{domain}")
        };
        let full = normalise_domain(&full).ok_or_else(|| SetupError::InvalidDomain {
            domain: input.mail_from.clone(),
        })?;
        if !full.ends_with(&format!(".{domain}")) {
            return Err(SetupError::MailFromNotSubdomain {
                mail_from: full,
                domain,
            });
        }
        out.push(DnsRecord {
            name: full.clone(),
            rtype: "MX".to_owned(),
            value: format!("feedback-smtp.{region}.amazonses.com"),
            priority: Some(10),
            purpose: "setup.ses.mail_from_mx".to_owned(),
        });
        out.push(DnsRecord {
            name: full,
            rtype: "TXT".to_owned(),
            value: "v=spf1 include:amazonses.com ~all".to_owned(),
            priority: None,
            purpose: "setup.ses.mail_from_spf".to_owned(),
        });
    }
    let dkim_domain = ses_dkim_domain(&region);
    for (i, t) in input.dkim_tokens.iter().enumerate() {
        let t = token(i + 1, t)?;
        out.push(DnsRecord {
            name: format!("{t}._domainkey.{domain}"),
            rtype: "CNAME".to_owned(),
            value: format!("{t}.{dkim_domain}"),
            priority: None,
            purpose: "setup.ses.dkim".to_owned(),
        });
    }
    Ok(out)
}

/// The records for Google Workspace: SPF at the domain and the DKIM key
/// (`google._domainkey`, the value the Admin console generates; left out when empty).
pub fn google_workspace_records(
    domain_name: &str,
    dkim_value: &str,
) -> Result<Vec<DnsRecord>, SetupError> {
    let domain = domain(domain_name)?;
    let mut out = vec![DnsRecord {
        name: domain.clone(),
        rtype: "TXT".to_owned(),
        value: "v=spf1 include:_spf.google.com ~all".to_owned(),
        priority: None,
        purpose: "setup.google.spf".to_owned(),
    }];
    let dkim: String = dkim_value.trim().trim_matches('"').split("\" \"").collect();
    if !dkim.is_empty() {
        out.push(DnsRecord {
            name: format!("google._domainkey.{domain}"),
            rtype: "TXT".to_owned(),
            value: dkim,
            priority: None,
            purpose: "setup.google.dkim".to_owned(),
        });
    }
    Ok(out)
}

/// The records for Microsoft 365 that can be written for the person: SPF at
/// the domain. The two DKIM CNAMEs are not: Microsoft gives each domain its
/// own CNAME targets, and moved new domains to a target format that cannot
/// be derived from the domain and the tenant (the old
/// `selectorN-<domain>._domainkey.<tenant>.onmicrosoft.com` is wrong for
/// them; even the tenant part of the old form is not always the initial
/// domain's first label). The catalogue entry `setup.microsoft.dkim_copy`
/// says where to copy them from: the Microsoft Defender portal (Email
/// authentication settings › DKIM) or `Get-DkimSigningConfig -Identity
/// <domain> | Format-List Selector1CNAME, Selector2CNAME`, whose
/// `Selector1CNAME`/`Selector2CNAME` are the values to publish (Microsoft
/// Learn, Exchange PowerShell reference: Get-DkimSigningConfig and
/// New-DkimSigningConfig, <https://learn.microsoft.com/powershell/module/exchange/get-dkimsigningconfig>,
/// read 2026-11-30).
pub fn microsoft_365_records(domain_name: &str) -> Result<Vec<DnsRecord>, SetupError> {
    let domain = domain(domain_name)?;
    Ok(vec![DnsRecord {
        name: domain,
        rtype: "TXT".to_owned(),
        value: "v=spf1 include:spf.protection.outlook.com -all".to_owned(),
        priority: None,
        purpose: "setup.microsoft.spf".to_owned(),
    }])
}

/// Every `purpose` key used above.
pub const PURPOSE_KEYS: &[&str] = &[
    "setup.ses.mail_from_mx",
    "setup.ses.mail_from_spf",
    "setup.ses.dkim",
    "setup.google.spf",
    "setup.google.dkim",
    "setup.microsoft.spf",
];

#[cfg(test)]
mod tests {
    use super::*;

    const T1: &str = "abcdefghijklmnopqrstuvwxyz012345";
    const T2: &str = "bbcdefghijklmnopqrstuvwxyz012345";
    const T3: &str = "cbcdefghijklmnopqrstuvwxyz012345";

    fn input() -> SesInput {
        SesInput {
            domain: "Example.com".into(),
            region: "eu-west-1".into(),
            mail_from: "mail".into(),
            dkim_tokens: vec![
                T1.into(),
                format!("{T2}._domainkey.example.com"),
                T3.to_uppercase(),
            ],
        }
    }

    #[test]
    fn ses_records_for_mail_from_and_dkim() {
        let records = ses_records(&input()).unwrap_or_default();
        let lines: Vec<String> = records.iter().map(DnsRecord::zone_line).collect();
        assert_eq!(
            lines,
            [
                "mail.example.com. 3600 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.".to_owned(),
                "mail.example.com. 3600 IN TXT \"v=spf1 include:amazonses.com ~all\"".to_owned(),
                format!("{T1}._domainkey.example.com. 3600 IN CNAME {T1}.dkim.amazonses.com."),
                format!("{T2}._domainkey.example.com. 3600 IN CNAME {T2}.dkim.amazonses.com."),
                format!("{T3}._domainkey.example.com. 3600 IN CNAME {T3}.dkim.amazonses.com."),
            ]
        );
        assert!(records
            .iter()
            .all(|r| PURPOSE_KEYS.contains(&r.purpose.as_str())));
    }

    #[test]
    fn regions_with_their_own_dkim_domain() {
        let cases = [
            ("eu-west-1", "dkim.amazonses.com"),
            ("us-east-1", "dkim.amazonses.com"),
            ("ap-northeast-1", "dkim.amazonses.com"),
            ("af-south-1", "dkim.af-south-1.amazonses.com"),
            ("ap-northeast-3", "dkim.ap-northeast-3.amazonses.com"),
            ("il-central-1", "dkim.il-central-1.amazonses.com"),
            ("us-gov-east-1", "dkim.us-gov-east-1.amazonses.com"),
        ];
        for (region, want) in cases {
            let mut i = input();
            i.region = region.to_uppercase();
            let records = ses_records(&i).unwrap_or_default();
            let dkim: Vec<&str> = records
                .iter()
                .filter(|r| r.rtype == "CNAME")
                .map(|r| r.value.as_str())
                .collect();
            assert_eq!(
                dkim,
                [T1, T2, T3].map(|t| format!("{t}.{want}")),
                "{region}"
            );
        }
        assert!(SES_REGIONAL_DKIM.iter().all(|r| SES_REGIONS.contains(r)));
    }

    #[test]
    fn ses_input_is_validated() {
        let mut i = input();
        i.region = "eu-west1".into();
        assert_eq!(
            ses_records(&i).map_err(|e| e.args().get("suggestion").cloned()),
            Err(Some("eu-west-1".to_owned()))
        );
        let mut i = input();
        i.mail_from = "mail.other.com".into();
        assert_eq!(
            ses_records(&i).map_err(|e| e.code()),
            Err("mail_from_not_subdomain")
        );
        let mut i = input();
        i.dkim_tokens.pop();
        assert_eq!(
            ses_records(&i).map_err(|e| e.code()),
            Err("wrong_token_count")
        );
        let mut i = input();
        i.dkim_tokens[1] = "short".into();
        assert_eq!(
            ses_records(&i).map_err(|e| e.key()),
            Err("setup.error.invalid_token".to_owned())
        );
        let mut i = input();
        i.mail_from = String::new();
        assert_eq!(ses_records(&i).map(|r| r.len()), Ok(3));
        let mut i = input();
        i.domain = "nodot".into();
        assert_eq!(ses_records(&i).map_err(|e| e.code()), Err("invalid_domain"));
    }

    #[test]
    fn google_and_microsoft() {
        let g = google_workspace_records("example.com", "\"v=DKIM1; k=rsa; p=MIIB\" \"AQAB\"")
            .unwrap_or_default();
        assert_eq!(g[1].value, "v=DKIM1; k=rsa; p=MIIBAQAB");
        // Only SPF: the DKIM CNAMEs must be copied from Microsoft's portal.
        let m = microsoft_365_records("example.co.jp").unwrap_or_default();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].value, "v=spf1 include:spf.protection.outlook.com -all");
    }
}
