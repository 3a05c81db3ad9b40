//! Interpreting tags: the typed record, and a finding for every value that
//! is not what the RFCs allow, with a suggestion where one is close.

use std::collections::BTreeSet;

use super::super::finding::{Code, Finding};
use super::super::model::{
    Alignment, DmarcRecord, FailureOption, Policy, Psd, ReportFormat, ReportUri, SizeLimit,
    Testing, KNOWN_TAGS, VERSION,
};
use super::tags::TagAt;
use super::unwrap::Candidate;
use crate::domain::is_address;

pub(super) fn interpret(tags: &[TagAt], c: &Candidate, findings: &mut Vec<Finding>) -> DmarcRecord {
    let mut r = DmarcRecord::default();
    let mut seen = BTreeSet::new();
    let mut several = 0usize;
    let already_several = findings.iter().any(|f| f.code == Code::SeveralRecords);
    match tags.iter().position(|t| t.raw.name == "v") {
        None => findings.push(Finding::new(Code::MissingVersion)),
        Some(0) => {}
        Some(_) => findings.push(Finding::new(Code::VersionNotFirst)),
    }
    for (index, tag) in tags.iter().enumerate() {
        let TagAt { raw, value_index } = tag;
        let value = raw.value.as_str();
        let at = |f: Finding| {
            f.with("tag", &raw.name)
                .with("value", value)
                .with("position", raw.position)
        };
        if !seen.insert(raw.name.clone()) {
            if raw.name == "v" && value.eq_ignore_ascii_case(VERSION) {
                several += 1;
            } else {
                findings.push(at(Finding::new(Code::DuplicateTag)));
            }
            continue;
        }
        match raw.name.as_str() {
            "v" => {
                r.v = value.to_owned();
                if index == 0 && value != VERSION {
                    let code = if value.eq_ignore_ascii_case(VERSION) {
                        Code::VersionWrongCase
                    } else {
                        Code::InvalidVersion
                    };
                    findings.push(at(Finding::new(code)));
                }
            }
            "p" | "sp" | "np" => {
                let policy = Policy::parse(value);
                if policy.is_none() {
                    let mut f = at(Finding::new(Code::InvalidPolicy));
                    if let Some(s) = closest(value, &["none", "quarantine", "reject"]) {
                        f = f.with("suggestion", s);
                    }
                    findings.push(f);
                }
                match raw.name.as_str() {
                    "p" => r.p = policy,
                    "sp" => r.sp = policy,
                    _ => r.np = policy,
                }
            }
            "adkim" | "aspf" => {
                let a = Alignment::parse(value);
                if a.is_none() {
                    findings.push(at(Finding::new(Code::InvalidAlignment)));
                }
                if raw.name == "adkim" {
                    r.adkim = a;
                } else {
                    r.aspf = a;
                }
            }
            "fo" => r.fo = parse_fo(value, &raw.name, raw.position, findings),
            "t" => {
                r.t = Testing::parse(value);
                if r.t.is_none() {
                    findings.push(at(Finding::new(Code::InvalidTesting)));
                }
            }
            "psd" => {
                r.psd = Psd::parse(value);
                if r.psd.is_none() {
                    findings.push(at(Finding::new(Code::InvalidPsd)));
                }
            }
            "pct" => {
                r.pct = parse_number(value)
                    .and_then(|n| u8::try_from(n).ok())
                    .filter(|n| *n <= 100);
                if r.pct.is_none() {
                    findings.push(at(Finding::new(Code::InvalidPct)));
                }
            }
            "ri" => {
                r.ri = parse_number(value).and_then(|n| u32::try_from(n).ok());
                if r.ri.is_none() {
                    findings.push(at(Finding::new(Code::InvalidRi)));
                }
            }
            "rf" => {
                let formats: Vec<_> = value.split(':').map(ReportFormat::parse).collect();
                if formats.iter().all(Option::is_some) {
                    r.rf = Some(ReportFormat::Afrf);
                } else {
                    findings.push(at(Finding::new(Code::InvalidRf)));
                }
            }
            "rua" | "ruf" => {
                let uris = parse_uris(&raw.name, value, *value_index, c, findings);
                if raw.name == "rua" {
                    r.rua = uris;
                } else {
                    r.ruf = uris;
                }
            }
            _ => {
                let mut f = Finding::new(Code::UnknownTag)
                    .with("tag", &raw.name)
                    .with("position", raw.position);
                if let Some(s) = closest(&raw.name, KNOWN_TAGS) {
                    f = f.with("suggestion", s);
                }
                findings.push(f);
                r.unknown.push((raw.name.clone(), value.to_owned()));
            }
        }
    }
    if several > 0 && !already_several {
        // Reported before the problems found inside the records.
        let at = findings
            .iter()
            .position(|f| f.code != Code::InputUnwrapped && f.code != Code::StringTooLong)
            .unwrap_or(findings.len());
        findings.insert(
            at.min(findings.len()),
            Finding::new(Code::SeveralRecords).with("count", several + 1),
        );
    }
    r
}

fn parse_number(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

fn parse_fo(
    value: &str,
    tag: &str,
    position: usize,
    findings: &mut Vec<Finding>,
) -> Option<Vec<FailureOption>> {
    let mut options = Vec::new();
    for part in value.split(':') {
        match FailureOption::parse(part) {
            Some(o) if options.contains(&o) => findings.push(
                Finding::new(Code::FoDuplicate)
                    .with("tag", tag)
                    .with("value", o)
                    .with("position", position),
            ),
            Some(o) => options.push(o),
            None => {
                findings.push(
                    Finding::new(Code::InvalidFailureOption)
                        .with("tag", tag)
                        .with("value", part.trim())
                        .with("position", position),
                );
                return None;
            }
        }
    }
    if options.contains(&FailureOption::All) && options.contains(&FailureOption::Any) {
        findings.push(
            Finding::new(Code::FoZeroAndOne)
                .with("tag", tag)
                .with("value", value)
                .with("position", position),
        );
    }
    Some(options)
}

fn parse_uris(
    tag: &str,
    value: &str,
    value_index: usize,
    c: &Candidate,
    findings: &mut Vec<Finding>,
) -> Vec<ReportUri> {
    let mut out = Vec::new();
    let mut index = value_index;
    for (n, part) in value.split(',').enumerate() {
        let lead = part.len() - part.trim_start().len();
        let position = c.pos(index + lead);
        index += part.len() + 1;
        let uri = part.trim();
        let f = |code| {
            Finding::new(code)
                .with("tag", tag)
                .with("uri", uri)
                .with("position", position)
        };
        if uri.is_empty() {
            findings.push(f(Code::UriEmpty));
            continue;
        }
        let Some((scheme, rest)) = uri.split_once(':').filter(|(s, _)| is_scheme(s)) else {
            let code = if n > 0 && uri.contains('@') {
                Code::UriUnencodedComma
            } else {
                Code::UriNotMailto
            };
            let mut finding = f(code);
            if uri.contains('@') {
                finding = finding.with("suggestion", format!("mailto:{uri}"));
            }
            findings.push(finding);
            continue;
        };
        if !scheme.eq_ignore_ascii_case("mailto") {
            findings.push(f(Code::UriNotMailto).with("scheme", scheme));
            continue;
        }
        let (address, size) = match rest.rsplit_once('!') {
            None => (rest, None),
            Some((address, size)) => {
                if address.contains('!') || size.contains('@') {
                    let fixed = if size.contains('@') {
                        rest.replace('!', "%21")
                    } else {
                        format!("{}!{size}", address.replace('!', "%21"))
                    };
                    findings.push(
                        f(Code::UriUnencodedBang).with("suggestion", format!("mailto:{fixed}")),
                    );
                    continue;
                }
                match SizeLimit::parse(size) {
                    Some(limit) => (address, Some(limit)),
                    None => {
                        findings.push(f(Code::UriBadSize).with("size", size));
                        continue;
                    }
                }
            }
        };
        if !is_address(address) {
            findings.push(f(Code::UriBadAddress).with("address", address));
            continue;
        }
        out.push(ReportUri {
            address: address.to_owned(),
            size_limit: size,
        });
    }
    out
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// The closest of `candidates` to `word` within edit distance 2, if any.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, c), *c))
        .filter(|(d, c)| *d > 0 && *d <= 2 && *d < c.len().max(word.len()))
        .min_by_key(|(d, c)| (*d, c.len() < word.len(), c.len().abs_diff(word.len())))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::super::tests::codes;
    use super::*;

    #[test]
    fn version_rules() {
        assert_eq!(codes("p=none; v=DMARC1"), ["version_not_first"]);
        assert_eq!(codes("v=dmarc1; p=none"), ["version_wrong_case"]);
        assert_eq!(codes("v=DMARC2; p=none"), ["invalid_version"]);
        assert_eq!(codes("p=none"), ["missing_version"]);
        assert_eq!(codes("v=spf1 include:amazonses.com ~all"), ["spf_record"]);
        assert_eq!(codes("   "), ["empty_record"]);
    }

    #[test]
    fn every_tag_value_is_checked() {
        let cases = [
            ("p=rejct", "invalid_policy"),
            ("sp=block", "invalid_policy"),
            ("np=", "invalid_policy"),
            ("adkim=strict", "invalid_alignment"),
            ("aspf=x", "invalid_alignment"),
            ("fo=2", "invalid_failure_option"),
            ("t=yes", "invalid_testing"),
            ("psd=maybe", "invalid_psd"),
            ("pct=101", "invalid_pct"),
            ("pct=-1", "invalid_pct"),
            ("ri=1h", "invalid_ri"),
            ("rf=iodef", "invalid_rf"),
            ("fo=1:1", "fo_duplicate"),
            ("fo=0:1", "fo_zero_and_one"),
            ("rua=https://example.com/r", "uri_not_mailto"),
            ("rua=d@example.com", "uri_not_mailto"),
            ("rua=", "uri_empty"),
            ("rua=mailto:a@example.com,", "uri_empty"),
            ("rua=mailto:nobody", "uri_bad_address"),
            ("rua=mailto:a@example.com!10mb", "uri_bad_size"),
            (
                "rua=mailto:a@example.com,b@example.com",
                "uri_unencoded_comma",
            ),
            ("rua=mailto:a!b@example.com", "uri_unencoded_bang"),
            ("rua=mailto:a!b@example.com!10m", "uri_unencoded_bang"),
            ("pc=50", "unknown_tag"),
        ];
        for (tag, code) in cases {
            let input = if tag.starts_with("p=") {
                format!("v=DMARC1; {tag}")
            } else {
                format!("v=DMARC1; p=none; {tag}")
            };
            let got = codes(&input);
            assert_eq!(got, [code], "{tag}");
        }
        let p = parse("v=DMARC1; p=rejct; rue=x");
        assert_eq!(p.findings[0].arg("suggestion"), Some("reject"));
        assert_eq!(p.findings[1].arg("suggestion"), Some("rua"));
    }

    #[test]
    fn typed_values() {
        let p = parse("v=DMARC1; p=Reject; sp=quarantine; np=none; adkim=s; aspf=r; pct=50; t=y; fo=1:d:s; rf=afrf; ri=3600; psd=n; rua=mailto:a@example.com!10m,mailto:b@example.net; ruf=mailto:f@example.com; x=1");
        let r = &p.record;
        assert_eq!(r.p, Some(Policy::Reject));
        assert_eq!(r.sp, Some(Policy::Quarantine));
        assert_eq!(r.np, Some(Policy::None));
        assert_eq!(r.adkim, Some(Alignment::Strict));
        assert_eq!(r.aspf, Some(Alignment::Relaxed));
        assert_eq!(r.pct, Some(50));
        assert_eq!(r.t, Some(Testing::Yes));
        assert_eq!(
            r.fo.as_deref(),
            Some(&[FailureOption::Any, FailureOption::Dkim, FailureOption::Spf][..])
        );
        assert_eq!(r.rf, Some(ReportFormat::Afrf));
        assert_eq!(r.ri, Some(3600));
        assert_eq!(r.psd, Some(Psd::No));
        assert_eq!(r.rua.len(), 2);
        assert_eq!(
            r.rua[0].size_limit.map(|s| s.to_string()).as_deref(),
            Some("10m")
        );
        assert_eq!(r.ruf[0].address, "f@example.com");
        assert_eq!(r.unknown, [("x".to_owned(), "1".to_owned())]);
    }

    #[test]
    fn closest_tag_names() {
        assert_eq!(closest("adkm", KNOWN_TAGS), Some("adkim"));
        assert_eq!(closest("ruaa", KNOWN_TAGS), Some("rua"));
        assert_eq!(closest("policy", KNOWN_TAGS), None);
        assert_eq!(closest("reporting", KNOWN_TAGS), None);
    }
}
