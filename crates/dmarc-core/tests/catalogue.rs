//! The sender catalogue (`data/senders/services.toml`): the rules build.rs
//! applies to it refuse each kind of broken entry, the shipped catalogue
//! passes them, the table the build wrote is that file, and every service
//! is named in both languages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../build/catalogue.rs"]
mod rules;

use std::collections::HashMap;
use std::path::Path;

use dmarc_core::analysis::senders::{ServiceId, SERVICES, SERVICES_AS_OF};
use rules::{check, Catalogue, Problem};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> Catalogue {
    let path = manifest().join("../../data/senders/services.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap()
}

/// One sound service, `id`, stating `domain`, with its source.
fn service(id: &str, domain: &str) -> String {
    format!(
        r#"
[[service]]
id = "{id}"
kind = "email_platform"
name = {{ en = "Example", ja = "例" }}
domains = ["{domain}"]

[[service.sources]]
url = "https://docs.example.net/{id}"
read = "2026-11-30"
copy = "stored copy"
facts = ["{domain}"]
"#
    )
}

/// `one` (a service stating `a.example`) also stating `asn` (as `AS<n>`)
/// from the routing-data package, whose source gives `facts`.
fn with_package(one: &str, facts: &str, asn: &str) -> String {
    let number = asn.trim_start_matches("AS");
    format!(
        r#"{}
[[service.sources]]
url = "https://www.npmjs.com/package/@ip-location-db/asn"
read = "2026-11-30"
copy = "package 2.3.2026061719"
facts = ["{facts}"]
registered = "Example Net"
"#,
        one.replace(
            r#"domains = ["a.example"]"#,
            &format!("domains = [\"a.example\"]\nasns = [{number}]"),
        )
    )
}

#[test]
fn the_shipped_catalogue_has_no_problem() {
    let problems = check(&shipped());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn broken_entries_are_refused() {
    let one = service("a", "a.example");
    let cases: Vec<(&str, String, Problem)> = vec![
        (
            "a fact with no source",
            one.replace(
                r#"domains = ["a.example"]"#,
                r#"domains = ["a.example", "b.example"]"#,
            ),
            Problem::Unsourced {
                service: "a".into(),
                fact: "b.example".into(),
            },
        ),
        (
            "a source naming a fact the service does not state",
            one.replace(
                r#"facts = ["a.example"]"#,
                r#"facts = ["a.example", "c.example"]"#,
            ),
            Problem::StrayFact {
                service: "a".into(),
                fact: "c.example".into(),
            },
        ),
        (
            "an address that is not https",
            one.replace("https://docs", "http://docs"),
            Problem::NotHttps {
                service: "a".into(),
                url: "http://docs.example.net/a".into(),
            },
        ),
        (
            "a day that does not exist",
            one.replace("2026-11-30", "2026-02-30"),
            Problem::BadDate {
                service: "a".into(),
                date: "2026-02-30".into(),
            },
        ),
        (
            "a date in another form",
            one.replace("2026-11-30", "30/11/2026"),
            Problem::BadDate {
                service: "a".into(),
                date: "30/11/2026".into(),
            },
        ),
        (
            "an unknown way of reading",
            one.replace("stored copy", "remembered"),
            Problem::BadCopy {
                service: "a".into(),
                copy: "remembered".into(),
            },
        ),
        (
            "an upper-case domain",
            one.replace("a.example", "A.Example"),
            Problem::BadDomain {
                service: "a".into(),
                domain: "A.Example".into(),
            },
        ),
        (
            "a range with host bits",
            one.replace(
                r#"domains = ["a.example"]"#,
                "domains = [\"a.example\"]\nip_ranges = [\"192.0.2.1/24\"]",
            )
            .replace(
                r#"facts = ["a.example"]"#,
                r#"facts = ["a.example", "192.0.2.1/24"]"#,
            ),
            Problem::BadRange {
                service: "a".into(),
                range: "192.0.2.1/24".into(),
            },
        ),
        (
            "a range that is no range",
            one.replace(
                r#"domains = ["a.example"]"#,
                "domains = [\"a.example\"]\nip_ranges = [\"300.0.0.0/8\"]",
            )
            .replace(
                r#"facts = ["a.example"]"#,
                r#"facts = ["a.example", "300.0.0.0/8"]"#,
            ),
            Problem::BadRange {
                service: "a".into(),
                range: "300.0.0.0/8".into(),
            },
        ),
        (
            "a private-use AS",
            one.replace(
                r#"domains = ["a.example"]"#,
                "domains = [\"a.example\"]\nasns = [64512]",
            )
            .replace(
                r#"facts = ["a.example"]"#,
                r#"facts = ["a.example", "AS64512"]"#,
            ),
            Problem::BadAsn {
                service: "a".into(),
                asn: 64512,
            },
        ),
        (
            "an unknown kind",
            one.replace("email_platform", "bulk_sender"),
            Problem::BadKind {
                service: "a".into(),
                kind: "bulk_sender".into(),
            },
        ),
        (
            "a reserved id",
            one.replace(r#"id = "a""#, r#"id = "unknown""#),
            Problem::BadId("unknown".into()),
        ),
        (
            "a service that states nothing",
            one.replace(r#"domains = ["a.example"]"#, "domains = []")
                .split("[[service.sources]]")
                .next()
                .unwrap_or_default()
                .to_owned(),
            Problem::NoFacts {
                service: "a".into(),
            },
        ),
        (
            "two services with one id",
            format!("{one}{}", service("a", "b.example")),
            Problem::DuplicateId("a".into()),
        ),
        (
            "a domain under another service's domain",
            format!("{one}{}", service("b", "mail.a.example")),
            Problem::SharedDomain {
                first: "a".into(),
                second: "b".into(),
                domain: "mail.a.example".into(),
            },
        ),
        (
            "overlapping ranges of two services",
            format!(
                "{}{}",
                one.replace(
                    r#"domains = ["a.example"]"#,
                    "domains = [\"a.example\"]\nip_ranges = [\"192.0.2.0/24\"]"
                )
                .replace(
                    r#"facts = ["a.example"]"#,
                    r#"facts = ["a.example", "192.0.2.0/24"]"#
                ),
                service("b", "b.example")
                    .replace(
                        r#"domains = ["b.example"]"#,
                        "domains = [\"b.example\"]\nip_ranges = [\"192.0.2.128/25\"]"
                    )
                    .replace(
                        r#"facts = ["b.example"]"#,
                        r#"facts = ["b.example", "192.0.2.128/25"]"#
                    )
            ),
            Problem::SharedRange {
                first: "a".into(),
                second: "b".into(),
                range: "192.0.2.0/24".into(),
            },
        ),
        (
            "one AS for two services",
            format!(
                "{}{}",
                one.replace(
                    r#"domains = ["a.example"]"#,
                    "domains = [\"a.example\"]\nasns = [15169]"
                )
                .replace(
                    r#"facts = ["a.example"]"#,
                    r#"facts = ["a.example", "AS15169"]"#
                ),
                service("b", "b.example")
                    .replace(
                        r#"domains = ["b.example"]"#,
                        "domains = [\"b.example\"]\nasns = [15169]"
                    )
                    .replace(
                        r#"facts = ["b.example"]"#,
                        r#"facts = ["b.example", "AS15169"]"#
                    )
            ),
            Problem::SharedAsn {
                first: "a".into(),
                second: "b".into(),
                asn: 15169,
            },
        ),
        (
            "a package source giving a domain",
            with_package(&one, "a.example\", \"AS3", "AS3"),
            Problem::BadPackageSource {
                service: "a".into(),
                url: "https://www.npmjs.com/package/@ip-location-db/asn".into(),
            },
        ),
        (
            "a package source without the registered name",
            with_package(&one, "AS3", "AS3").replace("registered = \"Example Net\"\n", ""),
            Problem::BadPackageSource {
                service: "a".into(),
                url: "https://www.npmjs.com/package/@ip-location-db/asn".into(),
            },
        ),
        (
            "a package source that is not an npm page",
            with_package(&one, "AS3", "AS3").replace("www.npmjs.com", "example.net"),
            Problem::BadPackageSource {
                service: "a".into(),
                url: "https://example.net/package/@ip-location-db/asn".into(),
            },
        ),
        (
            "a registered name on a provider's page",
            one.replace(
                "copy = \"stored copy\"\n",
                "copy = \"stored copy\"\nregistered = \"A\"\n",
            ),
            Problem::BadPackageSource {
                service: "a".into(),
                url: "https://docs.example.net/a".into(),
            },
        ),
        (
            "a package without a version",
            with_package(&one, "AS3", "AS3").replace("package 2.3.2026061719", "package "),
            Problem::BadCopy {
                service: "a".into(),
                copy: "package ".into(),
            },
        ),
    ];
    let package = with_package(&one, "AS3", "AS3");
    assert_eq!(
        check(&toml::from_str(&package).unwrap()),
        Vec::new(),
        "{package}"
    );
    let sound: Catalogue = toml::from_str(&format!("{one}{}", service("b", "b.example"))).unwrap();
    assert_eq!(check(&sound), Vec::new(), "the base case is sound");
    for (what, text, want) in cases {
        let parsed: Catalogue = toml::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        let got = check(&parsed);
        assert_eq!(got, vec![want.clone()], "{what}");
        assert!(!want.to_string().is_empty());
    }
}

#[test]
fn a_misspelt_field_is_a_parse_error() {
    let text = service("a", "a.example").replace("[[service.sources]]", "[[service.source]]");
    assert!(toml::from_str::<Catalogue>(&text).is_err());
}

#[test]
fn the_built_table_is_the_catalogue() {
    let file = shipped();
    assert_eq!(SERVICES.len(), file.services.len());
    for (built, entry) in SERVICES.iter().zip(&file.services) {
        assert_eq!(built.id, entry.id);
        assert_eq!(built.kind.code(), entry.kind);
        assert_eq!(built.domains, entry.domains.as_slice());
        assert_eq!(built.ip_ranges, entry.ip_ranges.as_slice());
        assert_eq!(built.asns, entry.asns.as_slice());
        assert_eq!(built.sources.len(), entry.sources.len());
        for (s, e) in built.sources.iter().zip(&entry.sources) {
            assert_eq!((s.url, s.read), (e.url.as_str(), e.read.as_str()));
            assert_eq!(s.facts, e.facts.as_slice());
        }
        let newest = entry.sources.iter().map(|s| s.read.as_str()).max();
        assert_eq!(Some(built.checked), newest, "{}", entry.id);
    }
    assert_eq!(SERVICES_AS_OF, rules::newest_read(&file));
    // What build.rs wrote is the rendering of this file, nothing else.
    let written = include_str!(concat!(env!("OUT_DIR"), "/services.rs"));
    assert_eq!(written, rules::render(&file));
}

#[test]
fn every_service_is_named_in_english_and_japanese_as_the_catalogue_says() {
    let path = manifest().join("../../locales/analysis.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let locales: toml::Table = toml::from_str(&text).unwrap();
    let names = locales
        .get("service")
        .and_then(toml::Value::as_table)
        .expect("a [service] table");
    let named: HashMap<&str, (&str, &str)> = names
        .iter()
        .filter_map(|(id, v)| {
            let t = v.as_table()?;
            Some((
                id.as_str(),
                (t.get("en")?.as_str()?, t.get("ja")?.as_str()?),
            ))
        })
        .collect();
    for entry in &shipped().services {
        let want = (entry.name.en.as_str(), entry.name.ja.as_str());
        assert_eq!(
            named.get(entry.id.as_str()),
            Some(&want),
            "service.{}",
            entry.id
        );
    }
    for id in ServiceId::all() {
        assert!(
            named.contains_key(id.id()),
            "service.{} in {}",
            id.id(),
            path.display()
        );
    }
    assert_eq!(
        named.len(),
        ServiceId::all().count(),
        "no stale service.* keys"
    );
}
