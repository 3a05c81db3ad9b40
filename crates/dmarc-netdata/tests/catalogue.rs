//! The sender catalogue's AS numbers against the routing data they were
//! read in: a catalogue AS must still be registered under the name its
//! `package` source records, in the package version it names, and must be
//! its service's own network (registered under the service's name, never a
//! cloud or hosting network that carries everyone's mail). A provider that
//! renames or sells an AS, or a package update that moves it, fails here
//! instead of attributing strangers' mail to the provider.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../dmarc-core/build/catalogue.rs"]
#[allow(dead_code)]
mod rules;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use dmarc_netdata::{default_packages_dir, package_version, read_rows, CSV_FILES};
use rules::{is_asn_fact, Catalogue, ServiceEntry, SourceEntry};

/// The package whose routing data the catalogue reads AS names in.
const PACKAGE: &str = "@ip-location-db/asn";

/// Networks that carry many unrelated senders' mail (clouds, hosting,
/// mailbox providers' own networks): never a service's mail network.
const SHARED_NETWORKS: &[u32] = &[
    8075, 8068, 13335, 14061, 14618, 15169, 16276, 16509, 19527, 20473, 24940, 31898, 36351, 37963,
    45102, 46606, 63949, 396982,
];

/// Words of an organisation's name that say nothing about whose it is.
const GENERIC: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "limited",
    "corporation",
    "corp",
    "company",
    "group",
    "the",
    "com",
    "net",
    "sas",
    "pty",
    "email",
    "mail",
    "services",
    "internet",
    "international",
    "north",
    "america",
    "technologies",
    "network",
    "networks",
    "cloud",
];

fn words(name: &str) -> BTreeSet<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() >= 3 && !GENERIC.contains(&w.as_str()))
        .collect()
}

fn shipped() -> Catalogue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/senders/services.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap()
}

/// Every AS number in the package's two AS files → the names its rows carry.
fn registered_names(packages: &Path) -> BTreeMap<u32, BTreeSet<String>> {
    let mut names: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for (file, _, is_as) in CSV_FILES {
        if !is_as {
            continue;
        }
        for (_, _, asn, name) in read_rows(&packages.join(file), true).unwrap() {
            if let Ok(asn) = asn.parse() {
                names.entry(asn).or_default().insert(name);
            }
        }
    }
    names
}

/// What is wrong with one `package` source of `service` (none: empty).
fn check_source(
    service: &ServiceEntry,
    src: &SourceEntry,
    version: &str,
    names: &BTreeMap<u32, BTreeSet<String>>,
) -> Vec<String> {
    let mut wrong = Vec::new();
    let id = &service.id;
    if src.url != format!("https://www.npmjs.com/package/{PACKAGE}") {
        wrong.push(format!("{id}: {} is not {PACKAGE}", src.url));
    }
    if src.copy != format!("package {version}") {
        wrong.push(format!(
            "{id}: read in {:?}, but {PACKAGE} {version} is installed: read the names again",
            src.copy
        ));
    }
    let registered = src.registered.clone().unwrap_or_default();
    for fact in src.facts.iter().filter(|f| is_asn_fact(f)) {
        let asn: u32 = fact.trim_start_matches("AS").parse().unwrap();
        let want = BTreeSet::from([registered.clone()]);
        match names.get(&asn) {
            None => wrong.push(format!("{id}: {fact} has no range in {PACKAGE} {version}")),
            Some(have) if *have != want => wrong.push(format!(
                "{id}: {fact} is registered as {have:?} in {PACKAGE} {version}, not {registered:?}"
            )),
            Some(_) => {}
        }
    }
    wrong
}

/// What is wrong with the networks of `service`: each must be its own.
fn check_networks(service: &ServiceEntry, names: &BTreeMap<u32, BTreeSet<String>>) -> Vec<String> {
    let own = words(&format!(
        "{} {}",
        service.name.en,
        service.id.replace('_', " ")
    ));
    let mut wrong = Vec::new();
    for &asn in &service.asns {
        if SHARED_NETWORKS.contains(&asn) {
            wrong.push(format!(
                "{}: AS{asn} carries many senders' mail",
                service.id
            ));
        }
        let registered = names.get(&asn).cloned().unwrap_or_default();
        if !registered.iter().all(|name| !words(name).is_disjoint(&own)) || registered.is_empty() {
            wrong.push(format!(
                "{}: AS{asn} is registered as {registered:?}, which does not name {:?}",
                service.id, service.name.en
            ));
        }
    }
    wrong
}

#[test]
fn catalogue_networks_are_registered_to_their_service_in_the_installed_data() {
    let packages = default_packages_dir();
    if !packages.join(PACKAGE).is_dir() && std::env::var_os("DMARC_NETWORK_DATA_REQUIRED").is_none()
    {
        eprintln!(
            "skipped: {} is not installed",
            packages.join(PACKAGE).display()
        );
        return;
    }
    let version = package_version(&packages, PACKAGE).unwrap();
    let names = registered_names(&packages);
    let catalogue = shipped();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for service in &catalogue.services {
        for src in service
            .sources
            .iter()
            .filter(|s| s.copy.starts_with("package "))
        {
            wrong.extend(check_source(service, src, &version, &names));
            checked += src.facts.len();
        }
        wrong.extend(check_networks(service, &names));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        checked >= 20,
        "only {checked} AS numbers read in the package"
    );

    // The checks refuse what they are for: a renamed AS, an AS of someone
    // else, a cloud's AS, and a source read in another version.
    let sendgrid = catalogue
        .services
        .iter()
        .find(|s| s.id == "sendgrid")
        .cloned()
        .unwrap();
    let src = sendgrid
        .sources
        .iter()
        .find(|s| s.copy.starts_with("package "))
        .cloned()
        .unwrap();
    let mut renamed = src.clone();
    renamed.registered = Some("SendGrid Holdings".into());
    assert_eq!(check_source(&sendgrid, &renamed, &version, &names).len(), 1);
    let mut old = src.clone();
    old.copy = "package 2.3.2020010100".into();
    assert_eq!(check_source(&sendgrid, &old, &version, &names).len(), 1);
    let mut gone = src;
    gone.facts = vec!["AS64496".into()];
    assert_eq!(check_source(&sendgrid, &gone, &version, &names).len(), 1);
    let mut elsewhere = sendgrid.clone();
    elsewhere.asns = vec![14782];
    assert_eq!(
        check_networks(&elsewhere, &names).len(),
        1,
        "Mailchimp's AS"
    );
    let mut cloud = sendgrid;
    cloud.asns = vec![16509];
    assert_eq!(check_networks(&cloud, &names).len(), 2, "Amazon's AS");
}
