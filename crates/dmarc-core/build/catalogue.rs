//! The sender catalogue (`data/senders/services.toml`): its schema, its
//! checks and the Rust table the build writes from it.
//!
//! Shared by `build.rs` (which refuses to build from a catalogue with any
//! problem and writes the table into `OUT_DIR`) and the catalogue tests
//! (`tests/catalogue.rs`, which feed it broken catalogues), so the rules
//! live in one place. It uses nothing but `std` and `serde`.

use std::collections::HashSet;
use std::fmt;
use std::net::IpAddr;

use serde::Deserialize;

/// The whole file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The services, most specific first (the first whose domain matches wins).
    #[serde(rename = "service")]
    pub services: Vec<ServiceEntry>,
}

/// One service.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    /// Stable id, `[a-z0-9_]+`; its display name is the key `service.<id>`.
    pub id: String,
    /// `mailbox_provider`, `email_platform` or `security_gateway`.
    pub kind: String,
    /// Display names: English and Japanese.
    pub name: Names,
    /// Domain suffixes of its DKIM `d=`, envelope-from and SPF domains.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Autonomous systems it sends from (the provider's own statement).
    #[serde(default)]
    pub asns: Vec<u32>,
    /// Published sending ranges (CIDR).
    #[serde(default)]
    pub ip_ranges: Vec<String>,
    /// Where each fact above comes from.
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
}

/// A service's display names.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: String,
    pub ja: String,
}

/// One page of the provider's own documentation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// The page's address (https only).
    pub url: String,
    /// The day it was read, `YYYY-MM-DD`.
    pub read: String,
    /// How it was read: `stored copy` (a stored copy of the page), `live`,
    /// or `package <version>`: the routing data of the npm package at `url`
    /// (`https://www.npmjs.com/package/…`), for AS numbers a provider does
    /// not publish.
    pub copy: String,
    /// The facts it states: domains, `AS<n>` and CIDR ranges, as written above.
    pub facts: Vec<String>,
    /// What the page says, in a line, where the facts alone do not show it.
    #[serde(default)]
    pub note: Option<String>,
    /// For a `package` source: the name every AS of `facts` is registered
    /// under in that package (the network data's tests compare it with the
    /// installed package).
    #[serde(default)]
    pub registered: Option<String>,
}

/// Something wrong with the catalogue. Each names the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The id is empty, not `[a-z0-9_]+`, or reserved (`own_domain`, `unknown`).
    BadId(String),
    /// Two services share an id.
    DuplicateId(String),
    /// The kind is none of the three.
    BadKind { service: String, kind: String },
    /// A display name is empty.
    EmptyName { service: String },
    /// The service states no domain, range or AS: nothing could identify it.
    NoFacts { service: String },
    /// A domain is not a lower-case host name.
    BadDomain { service: String, domain: String },
    /// A range is not CIDR, or has host bits set.
    BadRange { service: String, range: String },
    /// An AS number is 0 or reserved for private use or documentation.
    BadAsn { service: String, asn: u32 },
    /// A fact the service states that no source gives.
    Unsourced { service: String, fact: String },
    /// A source names a fact the service does not state.
    StrayFact { service: String, fact: String },
    /// A source address that is not `https://host/...`.
    NotHttps { service: String, url: String },
    /// A read date that is not a real `YYYY-MM-DD` day.
    BadDate { service: String, date: String },
    /// `copy` is neither `stored copy` nor `live`.
    BadCopy { service: String, copy: String },
    /// A source that states no fact.
    EmptySource { service: String, url: String },
    /// A `package` source that is not an npm page, states something other
    /// than AS numbers or lacks `registered`; or `registered` on a page.
    BadPackageSource { service: String, url: String },
    /// Two services claim the same domain, or one's suffix is under the other's.
    SharedDomain {
        first: String,
        second: String,
        domain: String,
    },
    /// Two services claim overlapping ranges.
    SharedRange {
        first: String,
        second: String,
        range: String,
    },
    /// Two services claim the same AS.
    SharedAsn {
        first: String,
        second: String,
        asn: u32,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::BadId(id) => write!(f, "service id {id:?} is not [a-z0-9_]+ or is reserved"),
            Problem::DuplicateId(id) => write!(f, "service id {id:?} appears twice"),
            Problem::BadKind { service, kind } => write!(
                f,
                "{service}: kind {kind:?} is not mailbox_provider, email_platform or security_gateway"
            ),
            Problem::EmptyName { service } => write!(f, "{service}: a display name is empty"),
            Problem::NoFacts { service } => {
                write!(f, "{service}: lists no domain, range or AS")
            }
            Problem::BadDomain { service, domain } => {
                write!(f, "{service}: {domain:?} is not a lower-case domain")
            }
            Problem::BadRange { service, range } => {
                write!(f, "{service}: {range:?} is not a CIDR range without host bits")
            }
            Problem::BadAsn { service, asn } => {
                write!(f, "{service}: AS{asn} is reserved, not a public AS")
            }
            Problem::Unsourced { service, fact } => {
                write!(f, "{service}: no source gives {fact:?}")
            }
            Problem::StrayFact { service, fact } => write!(
                f,
                "{service}: a source names {fact:?}, which the service does not list"
            ),
            Problem::NotHttps { service, url } => {
                write!(f, "{service}: source {url:?} is not an https address")
            }
            Problem::BadDate { service, date } => {
                write!(f, "{service}: read date {date:?} is not a YYYY-MM-DD day")
            }
            Problem::BadCopy { service, copy } => write!(
                f,
                "{service}: copy {copy:?} is neither \"stored copy\", \"live\" nor \"package <version>\""
            ),
            Problem::BadPackageSource { service, url } => write!(
                f,
                "{service}: source {url:?}: only a package source (an npmjs.com page) gives AS numbers with their registered name"
            ),
            Problem::EmptySource { service, url } => {
                write!(f, "{service}: source {url:?} states no fact")
            }
            Problem::SharedDomain {
                first,
                second,
                domain,
            } => write!(f, "{first} and {second} both claim {domain:?}"),
            Problem::SharedRange {
                first,
                second,
                range,
            } => write!(f, "{first} and {second} both claim addresses of {range:?}"),
            Problem::SharedAsn { first, second, asn } => {
                write!(f, "{first} and {second} both claim AS{asn}")
            }
        }
    }
}

/// The kinds, as written in the file, and the Rust variant each becomes.
pub const KINDS: [(&str, &str); 3] = [
    ("mailbox_provider", "MailboxProvider"),
    ("email_platform", "EmailPlatform"),
    ("security_gateway", "SecurityGateway"),
];

/// The fact string of an AS number: `AS15169`.
pub fn asn_fact(asn: u32) -> String {
    format!("AS{asn}")
}

/// Whether `fact` is an AS fact (`AS` and digits).
pub fn is_asn_fact(fact: &str) -> bool {
    fact.strip_prefix("AS")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A CIDR range as (first, last, is IPv6), host bits refused.
pub fn parse_cidr(cidr: &str) -> Option<(u128, u128, bool)> {
    let (ip, len) = cidr.split_once('/')?;
    let ip: IpAddr = ip.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    let (value, width): (u128, u32) = match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    };
    let host = width.checked_sub(len)?;
    let span = if host == 128 {
        u128::MAX
    } else {
        (1u128 << host) - 1
    };
    (value & span == 0).then_some((value, value | span, width == 128))
}

/// Whether `date` is a real day written `YYYY-MM-DD` (1990 to 2199).
pub fn is_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1990..2200).contains(&y) && (1..=days).contains(&d)
}

fn is_domain(domain: &str) -> bool {
    domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn is_https(url: &str) -> bool {
    url.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        is_domain(&host.to_ascii_lowercase()) && !url.contains(char::is_whitespace)
    })
}

/// `domain` is `suffix` or under it.
fn under(domain: &str, suffix: &str) -> bool {
    domain == suffix || domain.ends_with(&format!(".{suffix}"))
}

fn asn_ok(asn: u32) -> bool {
    // 0, AS_TRANS, documentation and private-use numbers (RFC 6996, 5398, 7300).
    !(asn == 0
        || asn == 23456
        || (64496..=65551).contains(&asn)
        || (4_200_000_000..).contains(&asn))
}

/// Every problem of the catalogue, in file order; empty when it is sound.
pub fn check(catalogue: &Catalogue) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    for s in &catalogue.services {
        check_service(s, &mut problems);
        if !ids.insert(s.id.as_str()) {
            problems.push(Problem::DuplicateId(s.id.clone()));
        }
    }
    check_shared(catalogue, &mut problems);
    problems
}

fn check_service(s: &ServiceEntry, problems: &mut Vec<Problem>) {
    let service = || s.id.clone();
    let id_ok = !s.id.is_empty()
        && s.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.id != "own_domain"
        && s.id != "unknown";
    if !id_ok {
        problems.push(Problem::BadId(s.id.clone()));
    }
    if !KINDS.iter().any(|(k, _)| *k == s.kind) {
        problems.push(Problem::BadKind {
            service: service(),
            kind: s.kind.clone(),
        });
    }
    if s.name.en.trim().is_empty() || s.name.ja.trim().is_empty() {
        problems.push(Problem::EmptyName { service: service() });
    }
    for domain in &s.domains {
        if !is_domain(domain) {
            problems.push(Problem::BadDomain {
                service: service(),
                domain: domain.clone(),
            });
        }
    }
    for range in &s.ip_ranges {
        if parse_cidr(range).is_none() {
            problems.push(Problem::BadRange {
                service: service(),
                range: range.clone(),
            });
        }
    }
    for &asn in &s.asns {
        if !asn_ok(asn) {
            problems.push(Problem::BadAsn {
                service: service(),
                asn,
            });
        }
    }
    let stated: Vec<String> = s
        .domains
        .iter()
        .cloned()
        .chain(s.ip_ranges.iter().cloned())
        .chain(s.asns.iter().map(|a| asn_fact(*a)))
        .collect();
    if stated.is_empty() {
        problems.push(Problem::NoFacts { service: service() });
    }
    let sourced: HashSet<&str> = s
        .sources
        .iter()
        .flat_map(|src| src.facts.iter().map(String::as_str))
        .collect();
    for fact in &stated {
        if !sourced.contains(fact.as_str()) {
            problems.push(Problem::Unsourced {
                service: service(),
                fact: fact.clone(),
            });
        }
    }
    for src in &s.sources {
        check_source(s, src, &stated, problems);
    }
}

fn check_source(
    s: &ServiceEntry,
    src: &SourceEntry,
    stated: &[String],
    problems: &mut Vec<Problem>,
) {
    let service = || s.id.clone();
    if !is_https(&src.url) {
        problems.push(Problem::NotHttps {
            service: service(),
            url: src.url.clone(),
        });
    }
    if !is_date(&src.read) {
        problems.push(Problem::BadDate {
            service: service(),
            date: src.read.clone(),
        });
    }
    let package = src.copy.strip_prefix("package ");
    let version_ok = package.is_some_and(|v| !v.is_empty() && !v.contains(char::is_whitespace));
    if src.copy != "stored copy" && src.copy != "live" && !version_ok {
        problems.push(Problem::BadCopy {
            service: service(),
            copy: src.copy.clone(),
        });
    }
    let registered = src
        .registered
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty());
    let package_ok = src.url.starts_with("https://www.npmjs.com/package/")
        && registered
        && src.facts.iter().all(|f| is_asn_fact(f));
    if (package.is_some() && !package_ok) || (package.is_none() && src.registered.is_some()) {
        problems.push(Problem::BadPackageSource {
            service: service(),
            url: src.url.clone(),
        });
    }
    if src.facts.is_empty() {
        problems.push(Problem::EmptySource {
            service: service(),
            url: src.url.clone(),
        });
    }
    for fact in &src.facts {
        if !stated.contains(fact) {
            problems.push(Problem::StrayFact {
                service: service(),
                fact: fact.clone(),
            });
        }
    }
}

fn check_shared(catalogue: &Catalogue, problems: &mut Vec<Problem>) {
    let all = &catalogue.services;
    for (i, a) in all.iter().enumerate() {
        for b in all.iter().skip(i + 1) {
            for da in &a.domains {
                for db in &b.domains {
                    if under(da, db) || under(db, da) {
                        problems.push(Problem::SharedDomain {
                            first: a.id.clone(),
                            second: b.id.clone(),
                            domain: if da.len() >= db.len() { da } else { db }.clone(),
                        });
                    }
                }
            }
            for ra in &a.ip_ranges {
                for rb in &b.ip_ranges {
                    if let (Some(x), Some(y)) = (parse_cidr(ra), parse_cidr(rb)) {
                        if x.2 == y.2 && x.0 <= y.1 && y.0 <= x.1 {
                            problems.push(Problem::SharedRange {
                                first: a.id.clone(),
                                second: b.id.clone(),
                                range: ra.clone(),
                            });
                        }
                    }
                }
            }
            for asn in a.asns.iter().filter(|n| b.asns.contains(n)) {
                problems.push(Problem::SharedAsn {
                    first: a.id.clone(),
                    second: b.id.clone(),
                    asn: *asn,
                });
            }
        }
    }
}

/// The newest read date of the whole catalogue.
pub fn newest_read(catalogue: &Catalogue) -> String {
    catalogue
        .services
        .iter()
        .flat_map(|s| s.sources.iter().map(|src| src.read.clone()))
        .max()
        .unwrap_or_default()
}

/// The Rust table `senders.rs` includes: `SERVICES_AS_OF` and `SERVICES`.
pub fn render(catalogue: &Catalogue) -> String {
    let mut out = String::from(
        "// Written by crates/dmarc-core/build.rs from data/senders/services.toml: do not edit.\n",
    );
    out += "/// When the catalogue was last checked: the newest read date of its sources.\n";
    out += &format!(
        "pub const SERVICES_AS_OF: &str = {:?};\n\n",
        newest_read(catalogue)
    );
    out += "/// The well-known senders, most specific first (from `data/senders/services.toml`).\n";
    out += "pub const SERVICES: &[Service] = &[\n";
    for s in &catalogue.services {
        let kind = KINDS
            .iter()
            .find(|(k, _)| *k == s.kind)
            .map_or("EmailPlatform", |(_, v)| v);
        let checked = s
            .sources
            .iter()
            .map(|src| src.read.as_str())
            .max()
            .unwrap_or("");
        out += "    Service {\n";
        out += &format!("        id: {:?},\n", s.id);
        out += &format!("        kind: ServiceKind::{kind},\n");
        out += &format!("        domains: &{:?},\n", s.domains);
        out += &format!("        ip_ranges: &{:?},\n", s.ip_ranges);
        out += &format!("        asns: &{:?},\n", s.asns);
        out += &format!("        checked: {checked:?},\n");
        out += "        sources: &[\n";
        for src in &s.sources {
            if let Some(note) = &src.note {
                out += &format!("            // {}\n", note.replace('\n', " "));
            }
            out += &format!(
                "            Source {{ url: {:?}, read: {:?}, facts: &{:?} }},\n",
                src.url, src.read, src.facts
            );
        }
        out += "        ],\n    },\n";
    }
    out += "];\n";
    out
}
