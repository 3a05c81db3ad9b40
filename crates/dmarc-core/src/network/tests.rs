use std::net::IpAddr;

use super::build::{segments_for_test, Builder, Family};
use super::format::{decode, encode, AssetError, MAGIC};
use super::{Meta, NetworkDb};

fn v4(s: &str) -> u128 {
    match s.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => u128::from(u32::from(a)),
        _ => panic!("not IPv4: {s}"),
    }
}

fn v6(s: &str) -> u128 {
    match s.parse::<IpAddr>() {
        Ok(IpAddr::V6(a)) => u128::from(a),
        _ => panic!("not IPv6: {s}"),
    }
}

/// A small data set with every case: adjacent ranges, gaps, a range nested
/// in another, a partial overlap, both ends of the address space.
pub(super) fn sample() -> NetworkDb {
    let mut b = Builder::new(Meta {
        date: "2026-06-17".into(),
        sources: "test".into(),
    });
    let as_rows: [(Family, u128, u128, u32, &str); 10] = [
        (Family::V4, 0, v4("0.255.255.255"), 64496, "Zero Net"),
        (
            Family::V4,
            v4("10.0.0.0"),
            v4("10.0.0.255"),
            64500,
            "Example Hosting",
        ),
        (
            Family::V4,
            v4("10.0.1.0"),
            v4("10.0.1.255"),
            64501,
            "Next Door",
        ),
        // 10.0.2.0 ..= 10.0.9.255 is a gap.
        (
            Family::V4,
            v4("10.0.10.0"),
            v4("10.0.10.255"),
            64500,
            "Example Hosting",
        ),
        (
            Family::V4,
            v4("192.0.2.0"),
            v4("192.0.2.255"),
            64510,
            "Wide",
        ),
        (
            Family::V4,
            v4("192.0.2.128"),
            v4("192.0.2.191"),
            64511,
            "Narrow",
        ),
        // Partial overlap: starts inside the previous one, ends after it.
        (
            Family::V4,
            v4("198.51.100.0"),
            v4("198.51.100.199"),
            64520,
            "Big",
        ),
        (
            Family::V4,
            v4("198.51.100.100"),
            v4("198.51.101.9"),
            64521,
            "Small",
        ),
        (
            Family::V4,
            v4("255.255.255.0"),
            v4("255.255.255.255"),
            64530,
            "Top",
        ),
        (
            Family::V6,
            v6("2001:db8::"),
            v6("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
            64502,
            "Six",
        ),
    ];
    for (family, first, last, number, name) in as_rows {
        assert!(b.add_as(family, first, last, number, name).is_ok());
    }
    assert!(b
        .add_as(
            Family::V6,
            v6("2001:db8:1::"),
            v6("2001:db8:1:ffff:ffff:ffff:ffff:ffff"),
            64503,
            "Six Inner"
        )
        .is_ok());
    assert!(b
        .add_as(Family::V6, v6("ffff::"), u128::MAX, 64531, "Six Top")
        .is_ok());
    let country_rows: [(Family, u128, u128, &str); 3] = [
        (Family::V4, v4("10.0.0.0"), v4("10.0.1.255"), "nl"),
        (Family::V4, v4("192.0.2.0"), v4("192.0.2.255"), "JP"),
        (
            Family::V6,
            v6("2001:db8::"),
            v6("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
            "JP",
        ),
    ];
    for (family, first, last, code) in country_rows {
        assert!(b.add_country(family, first, last, code).is_ok());
    }
    b.name_countries(|code| match code {
        "JP" => ("Japan".into(), "日本".into()),
        "NL" => ("Netherlands".into(), "オランダ".into()),
        _ => (String::new(), String::new()),
    });
    b.finish()
}

fn who(db: &NetworkDb, addr: &str) -> (Option<u32>, Option<String>) {
    let ip: IpAddr = addr.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let info = db.lookup(ip);
    (
        info.system.map(|s| s.number),
        info.country.map(|c| c.code.clone()),
    )
}

#[test]
fn lookup_over_known_ranges() {
    let db = sample();
    let nl = Some("NL".to_string());
    let jp = Some("JP".to_string());
    let cases: &[(&str, Option<u32>, Option<String>, &str)] = &[
        ("0.0.0.0", Some(64496), None, "first address of the space"),
        (
            "0.255.255.255",
            Some(64496),
            None,
            "last address of a range",
        ),
        ("1.0.0.0", None, None, "gap after a range"),
        ("9.255.255.255", None, None, "gap before a range"),
        (
            "10.0.0.0",
            Some(64500),
            nl.clone(),
            "first address of a range",
        ),
        (
            "10.0.0.255",
            Some(64500),
            nl.clone(),
            "last address of a range",
        ),
        (
            "10.0.1.0",
            Some(64501),
            nl.clone(),
            "first of the adjacent range",
        ),
        (
            "10.0.1.255",
            Some(64501),
            nl.clone(),
            "last of the adjacent range",
        ),
        ("10.0.2.0", None, None, "first address of a gap"),
        ("10.0.9.255", None, None, "last address of a gap"),
        (
            "10.0.10.7",
            Some(64500),
            None,
            "same AS again after the gap, no country",
        ),
        (
            "::ffff:10.0.0.1",
            Some(64500),
            nl.clone(),
            "IPv4-mapped IPv6",
        ),
        ("::ffff:10.0.5.1", None, None, "IPv4-mapped IPv6 in a gap"),
        (
            "192.0.2.127",
            Some(64510),
            jp.clone(),
            "wide range before the nested one",
        ),
        (
            "192.0.2.128",
            Some(64511),
            jp.clone(),
            "nested range wins: first",
        ),
        (
            "192.0.2.191",
            Some(64511),
            jp.clone(),
            "nested range wins: last",
        ),
        (
            "192.0.2.192",
            Some(64510),
            jp.clone(),
            "wide range after the nested one",
        ),
        (
            "198.51.100.99",
            Some(64520),
            None,
            "partial overlap, before",
        ),
        (
            "198.51.100.100",
            Some(64521),
            None,
            "partial overlap: narrower wins",
        ),
        (
            "198.51.100.199",
            Some(64521),
            None,
            "partial overlap: narrower wins, last",
        ),
        ("198.51.101.9", Some(64521), None, "narrower row's own last"),
        ("198.51.101.10", None, None, "after both"),
        (
            "255.255.255.255",
            Some(64530),
            None,
            "last address of the space",
        ),
        ("2001:db8::1", Some(64502), jp.clone(), "IPv6"),
        (
            "2001:db8:1::5",
            Some(64503),
            jp.clone(),
            "IPv6 nested range wins",
        ),
        (
            "2001:db8:2::",
            Some(64502),
            jp.clone(),
            "IPv6 after the nested range",
        ),
        (
            "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
            None,
            None,
            "IPv6 gap before",
        ),
        ("2001:db9::", None, None, "IPv6 gap after"),
        (
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            Some(64531),
            None,
            "last IPv6 address",
        ),
        ("::1", None, None, "IPv6 loopback: nothing"),
    ];
    for (addr, asn, country, why) in cases {
        assert_eq!(who(&db, addr), (*asn, country.clone()), "{addr}: {why}");
    }
    let info = db.lookup("10.0.0.1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0])));
    assert_eq!(
        info.system.map(|s| s.name.as_str()),
        Some("Example Hosting")
    );
    assert_eq!(info.country.map(|c| c.name("ja")), Some("オランダ"));
    assert_eq!(info.country.map(|c| c.name("en")), Some("Netherlands"));
}

#[test]
fn segments_apply_the_overlap_rule_and_merge() {
    type Case<'a> = (&'a [(u128, u128, u32)], &'a [u128], &'a [u32]);
    let cases: &[Case] = &[
        (&[], &[0], &[0]),
        (&[(0, 9, 1)], &[0, 10], &[1, 0]),
        (&[(5, 9, 1)], &[0, 5, 10], &[0, 1, 0]),
        // Adjacent rows of the same value merge into one segment.
        (&[(5, 9, 1), (10, 19, 1)], &[0, 5, 20], &[0, 1, 0]),
        // Nested: the narrower one wins inside.
        (&[(0, 99, 1), (10, 19, 2)], &[0, 10, 20, 100], &[1, 2, 1, 0]),
        // Same width: the later row wins.
        (&[(0, 9, 1), (0, 9, 2)], &[0, 10], &[2, 0]),
        // Partial overlap.
        (&[(0, 99, 1), (50, 119, 2)], &[0, 50, 120], &[1, 2, 0]),
        // A row that ends at the last address has no end event.
        (&[(10, u128::MAX, 3)], &[0, 10], &[0, 3]),
    ];
    for (rows, starts, values) in cases {
        let (s, v) = segments_for_test(rows);
        assert_eq!((s.as_slice(), v.as_slice()), (*starts, *values), "{rows:?}");
    }
}

#[test]
fn asset_round_trips() {
    let db = sample();
    let bytes = encode(&db);
    assert!(bytes.starts_with(MAGIC));
    assert_eq!(decode(&bytes), Ok(db.clone()));
    assert_eq!(
        NetworkDb::from_asset(&bytes).map(|d| d.meta().date.clone()),
        Ok("2026-06-17".into())
    );
}

#[test]
fn damaged_assets_are_refused() {
    let good = encode(&sample());
    let mut flipped_version = good.clone();
    flipped_version[8] = 9;
    let mut flipped_crc = good.clone();
    flipped_crc[16] ^= 0xff;
    let cases: Vec<(&str, Vec<u8>, AssetError)> = vec![
        (
            "html",
            b"<!DOCTYPE html><html></html>".to_vec(),
            AssetError::BadMagic,
        ),
        ("empty", Vec::new(), AssetError::BadMagic),
        ("header only", good[..12].to_vec(), AssetError::Truncated),
        (
            "version",
            flipped_version,
            AssetError::UnsupportedVersion { found: 9 },
        ),
        (
            "cut body",
            good[..good.len() - 10].to_vec(),
            AssetError::Truncated,
        ),
    ];
    for (why, bytes, want) in cases {
        assert_eq!(decode(&bytes), Err(want), "{why}");
    }
    assert!(
        matches!(decode(&flipped_crc), Err(AssetError::Checksum { .. })),
        "checksum"
    );
}

#[test]
fn builder_refuses_bad_rows() {
    let mut b = Builder::default();
    assert!(b.add_as(Family::V4, 10, 5, 1, "x").is_err());
    assert!(b.add_as(Family::V4, 0, 1 << 32, 1, "x").is_err());
    assert!(b.add_country(Family::V4, 0, 5, "JPN").is_err());
    assert!(b.add_country(Family::V6, 0, 5, "1A").is_err());
}

/// A report with unidentified senders in three networks of [`sample`].
const REPORT: &[u8] = br#"<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>example.net</org_name><email>r@example.net</email>
    <report_id>n1</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record><row><source_ip>10.0.0.1</source_ip><count>3</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
  <record><row><source_ip>10.0.0.2</source_ip><count>4</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
  <record><row><source_ip>2001:db8::25</source_ip><count>5</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
  <record><row><source_ip>10.0.5.5</source_ip><count>1</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
</feedback>"#;

#[test]
fn sessions_label_sources_group_unknown_ones_and_search_networks() {
    use crate::analysis::{Filter, ServiceId};
    use crate::ingest::Limits;
    use crate::session::Session;
    use std::sync::Arc;

    let mut session = Session::new(Limits::default());
    session.add_file("r.xml", REPORT);
    // Before the data is loaded: no labels, and nothing found by AS.
    let before = session.dashboard(&Filter::default());
    assert!(before.networks.date.is_none());
    assert!(before
        .services
        .iter()
        .flat_map(|g| &g.sources)
        .all(|s| s.network.is_none()));
    session.set_network(Arc::new(sample()));

    let dashboard = session.dashboard(&Filter::default());
    assert_eq!(dashboard.networks.date.as_deref(), Some("2026-06-17"));
    let unknown = dashboard
        .services
        .iter()
        .find(|g| g.service == ServiceId::UNKNOWN)
        .map(|g| g.sources.clone())
        .unwrap_or_default();
    let label = |ip: &str| {
        unknown
            .iter()
            .find(|s| s.ip == ip)
            .and_then(|s| s.network.clone())
            .map(|n| (n.asn, n.country))
    };
    assert_eq!(label("10.0.0.1"), Some((Some(64500), Some("NL".into()))));
    assert_eq!(
        label("2001:db8::25"),
        Some((Some(64502), Some("JP".into())))
    );
    assert_eq!(label("10.0.5.5"), Some((None, None)));
    let groups: Vec<(Option<u32>, u64, u64)> = dashboard
        .networks
        .unknown
        .iter()
        .map(|g| (g.network.asn, g.addresses, g.counts.messages))
        .collect();
    assert_eq!(
        groups,
        vec![(Some(64500), 2, 7), (Some(64502), 1, 5), (None, 1, 1)]
    );
    let names: Vec<&str> = dashboard
        .networks
        .countries
        .iter()
        .map(|c| c.name("ja"))
        .collect();
    assert_eq!(names, vec!["日本", "オランダ"]);

    let cases: &[(&str, u64)] = &[
        ("AS64500", 7),
        ("as 64502", 5),
        ("AS64511", 0),
        ("nl", 7),
        ("JP", 5),
        ("example hosting", 7),
        ("オランダ", 7),
        ("netherlands", 7),
        ("10.0.5", 1),
    ];
    for (search, messages) in cases {
        let filter = Filter {
            search: Some((*search).into()),
            ..Filter::default()
        };
        assert_eq!(
            session.dashboard(&filter).headline.counts.messages,
            *messages,
            "search {search:?}"
        );
    }
    // Forgetting the reports keeps the network data.
    session.clear();
    assert!(session.network().is_some());
}
