//! Version 3 of the asset: many systems sharing names (name references),
//! three frequency classes (numbers not ascending across classes), shifted
//! range deltas, values written as a place among the latest ones, and
//! payloads that lie.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};

use super::build::{Builder, Family};
use super::format::{decode, encode, AssetError, MAGIC, VERSION};
use super::Meta;

/// 300 systems, three organisation names between them, each named by 1 to
/// 5 /24 ranges with a gap after each: more than 127, so the first class
/// is full and the rest spill into the second.
fn many() -> (super::NetworkDb, Vec<(u32, u32, &'static str)>) {
    let names = ["Alpha Corp", "Beta 株式会社", "Gamma"];
    let mut b = Builder::new(Meta::default());
    let mut expect = Vec::new();
    for i in 0..300u32 {
        let (number, name) = (65_000 + i * 7 % 300, names[i as usize % 3]);
        for k in 0..=(i % 5) {
            let first = (i * 16 + k * 2) << 8;
            assert!(b
                .add_as(Family::V4, first.into(), (first + 255).into(), number, name)
                .is_ok());
            expect.push((first, number, name));
            expect.push((first + 255, number, name));
        }
    }
    (b.finish(), expect)
}

#[test]
fn shared_names_and_classes_round_trip() {
    let (db, expect) = many();
    let bytes = encode(&db);
    let back = match decode(&bytes) {
        Ok(back) => back,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(back, db);
    assert_eq!(back.systems().len(), 300);
    // The most named come first, so numbers fall back between classes.
    assert!(back.systems().windows(2).any(|w| w[0].number > w[1].number));
    for (addr, number, name) in expect {
        let info = back.lookup(IpAddr::V4(Ipv4Addr::from(addr)));
        let got = info.system.map(|s| (s.number, s.name.as_str()));
        assert_eq!(got, Some((number, name)), "{}", Ipv4Addr::from(addr));
        // Just past each /24 is a gap.
        if addr & 0xff == 0xff {
            let gap = back.lookup(IpAddr::V4(Ipv4Addr::from(addr + 1)));
            assert_eq!(gap.system, None, "{}", Ipv4Addr::from(addr + 1));
        }
    }
}

/// An asset around `payload`, with a correct header and checksum.
fn wrap(payload: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(payload);
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc.sum().to_le_bytes());
    let mut z = flate2::write::DeflateEncoder::new(out, flate2::Compression::fast());
    assert!(z.write_all(payload).is_ok());
    z.finish().unwrap_or_default()
}

/// Values that come back after a few others and after more than the 32 the
/// value columns remember (places, evictions, new values) read back as written.
#[test]
fn recent_values_round_trip() {
    let mut b = Builder::new(Meta::default());
    let mut expect = Vec::new();
    for i in 0..2_000u32 {
        // 37 and 5 systems interleaved: the 37 outgrow the 32 places.
        let number = if i % 3 == 0 {
            64_600 + i % 5
        } else {
            64_700 + i * 7 % 37
        };
        let first = i << 8;
        assert!(b
            .add_as(Family::V4, first.into(), (first + 255).into(), number, "N")
            .is_ok());
        expect.push((first + 17, number));
    }
    let db = b.finish();
    let back = match decode(&encode(&db)) {
        Ok(back) => back,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(back, db);
    for (addr, number) in expect {
        let got = back
            .lookup(IpAddr::V4(Ipv4Addr::from(addr)))
            .system
            .map(|s| s.number);
        assert_eq!(got, Some(number), "{}", Ipv4Addr::from(addr));
    }
}

#[test]
fn payloads_that_lie_are_refused() {
    // meta: two empty strings; one system AS1.
    let head: &[u8] = &[0, 0, 1, 1];
    // countries: none; then four tables.
    let empty_tables: &[u8] = &[0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0];
    let good = [head, &[0, 1, b'A'], empty_tables].concat();
    let cases: Vec<(&str, Vec<u8>, Result<(), AssetError>)> = vec![
        ("well formed", good.clone(), Ok(())),
        (
            "name refers to no earlier name",
            [head, &[1], empty_tables].concat(),
            Err(AssetError::Corrupt("name reference out of bounds")),
        ),
        (
            // IPv6 AS table: starts 0 and 3 << 127, which overflows.
            "shifted delta overflows",
            [head, &[0, 1, b'A', 0, 1, 0, 0, 0, 2, 0, 127, 0, 3, 0, 1]]
                .concat()
                .into_iter()
                .chain([0, 1, 0, 0, 0, 1, 0, 0, 0])
                .collect(),
            Err(AssetError::Corrupt("range start out of bounds")),
        ),
        (
            "first start is not 0",
            [head, &[0, 1, b'A', 0, 1, 0, 5, 0]]
                .concat()
                .into_iter()
                .chain([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
                .collect(),
            Err(AssetError::Corrupt("first range does not start at 0")),
        ),
        (
            "IPv4 start past the last address",
            [head, &[0, 1, b'A', 0, 2, 0, 32, 0, 1, 0, 1]]
                .concat()
                .into_iter()
                .chain([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
                .collect(),
            Err(AssetError::Corrupt("range start out of bounds")),
        ),
        (
            // One IPv4 AS range whose value is written as new (32 + v) and
            // names system 5 of 1.
            "a new value past the systems",
            [head, &[0, 1, b'A', 0, 1, 0, 0, 32 + 5]]
                .concat()
                .into_iter()
                .chain([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
                .collect(),
            Err(AssetError::Corrupt("range value out of bounds")),
        ),
        (
            "the same as a recent one (place 1: no data)",
            [head, &[0, 1, b'A', 0, 1, 0, 0, 1]]
                .concat()
                .into_iter()
                .chain([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
                .collect(),
            Ok(()),
        ),
    ];
    for (why, payload, want) in cases {
        assert_eq!(decode(&wrap(&payload)).map(|_| ()), want, "{why}");
    }
}
