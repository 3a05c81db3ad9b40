//! The built asset against the packages' CSV files, on a sample of addresses:
//! both ends of ranges, addresses inside them, and random addresses (gaps
//! included), looked up in the decoded asset and, independently, by a plain
//! search of the CSV rows with the documented overlap rule.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use dmarc_core::network::build::Family;
use dmarc_core::network::{format, NetworkDb};
use dmarc_netdata::{build, default_packages_dir, read_rows, CSV_FILES};

/// A deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u128) -> u128 {
        let wide = (u128::from(self.next()) << 64) | u128::from(self.next());
        if n == 0 {
            0
        } else {
            wide % n
        }
    }
}

type Rows = Vec<(u128, u128, String, String)>;

/// The row that decides for `addr`, by the rule the core documents: the
/// narrowest row covering it, the later one on a tie.
fn expected(rows: &Rows, reach: &[u128], addr: u128) -> Option<(String, String)> {
    let mut j = rows.partition_point(|r| r.0 <= addr);
    let mut best: Option<(u128, usize)> = None;
    while j > 0 && reach[j - 1] >= addr {
        j -= 1;
        let r = &rows[j];
        if r.1 >= addr {
            let width = r.1 - r.0;
            if best.is_none_or(|(w, i)| width < w || (width == w && j > i)) {
                best = Some((width, j));
            }
        }
    }
    best.map(|(_, i)| (rows[i].2.clone(), rows[i].3.clone()))
}

fn ip(family: Family, addr: u128) -> IpAddr {
    match family {
        Family::V4 => IpAddr::V4(Ipv4Addr::from(addr as u32)),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(addr)),
    }
}

fn got(db: &NetworkDb, ip: IpAddr, is_as: bool) -> Option<(String, String)> {
    let info = db.lookup(ip);
    if is_as {
        info.system.map(|s| (s.number.to_string(), s.name.clone()))
    } else {
        info.country.map(|c| (c.code.clone(), String::new()))
    }
}

#[test]
fn built_asset_matches_the_csv_files_on_a_sample() {
    let packages = default_packages_dir();
    if !packages.join("@ip-location-db/asn").is_dir()
        && std::env::var_os("DMARC_NETWORK_DATA_REQUIRED").is_none()
    {
        eprintln!(
            "skipped: {} is not installed (bash scripts/setup.sh installs it; scripts/test.sh requires it)",
            packages.display()
        );
        return;
    }
    let db = match build(&packages) {
        Ok(db) => db,
        Err(e) => panic!("{e}"),
    };
    // Through the bytes, as the app and the CLI read it.
    let db = match format::decode(&dmarc_netdata::encode(&db)) {
        Ok(db) => db,
        Err(e) => panic!("{e}"),
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0usize;
    let mut mismatches = Vec::new();
    for (file, family, is_as) in CSV_FILES {
        let rows = match read_rows(&packages.join(file), is_as) {
            Ok(rows) => rows,
            Err(e) => panic!("{e}"),
        };
        assert!(rows.len() > 10_000, "{file}: only {} rows", rows.len());
        let mut reach = Vec::with_capacity(rows.len());
        let mut max = 0u128;
        for r in &rows {
            max = max.max(r.1);
            reach.push(max);
        }
        let space = match family {
            Family::V4 => u128::from(u32::MAX) + 1,
            Family::V6 => u128::MAX,
        };
        let mut sample = Vec::new();
        for _ in 0..1_500 {
            let r = &rows[rng.below(rows.len() as u128) as usize];
            sample.push(r.0);
            sample.push(r.1);
            sample.push(r.0 + rng.below(r.1 - r.0 + 1));
            // Just past the end: the next range or a gap.
            sample.push(r.1.saturating_add(1));
        }
        for _ in 0..1_000 {
            sample.push(rng.below(space));
        }
        // The IPv6 space is mostly empty: also addresses in the announced /3.
        if family == Family::V6 {
            for _ in 0..1_000 {
                sample.push((0x2u128 << 124) | rng.below(1u128 << 125));
            }
        }
        for addr in sample {
            checked += 1;
            let want =
                expected(&rows, &reach, addr)
                    .map(|(v, n)| if is_as { (v, n) } else { (v, String::new()) });
            let have = got(&db, ip(family, addr), is_as);
            if want != have && mismatches.len() < 20 {
                mismatches.push(format!(
                    "{file} {}: want {want:?}, have {have:?}",
                    ip(family, addr)
                ));
            }
        }
        // IPv4-mapped IPv6 answers as IPv4.
        if family == Family::V4 {
            let r = &rows[rows.len() / 2];
            let mapped = IpAddr::V6(Ipv4Addr::from(r.0 as u32).to_ipv6_mapped());
            assert_eq!(got(&db, mapped, is_as), got(&db, ip(family, r.0), is_as));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(checked >= 10_000, "only {checked} addresses checked");
    eprintln!("{checked} addresses checked against the CSV files");
}
