//! Times the network asset natively: decode (check + inflate + columns),
//! 100,000 lookups of distinct addresses, and applying the data to an index
//! of one report from those 100,000 addresses (`Index::set_network`: each
//! address looked up and told its service by network, every row attributed
//! again), as the worker does; several rounds.
//!
//! `cargo run --release -p dmarc-netdata --example netbench [FILE] [ROUNDS]`
//! (default `target/network/network.bin`, written by `cargo run -p dmarc-netdata`).

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Instant;

use std::sync::Arc;

use dmarc_core::analysis::Index;
use dmarc_core::ingest::{ingest_file, Limits};
use dmarc_core::network::NetworkDb;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "target/network/network.bin".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("netbench: {path}: {e} (run `cargo run --release -p dmarc-netdata` first)");
            return std::process::ExitCode::FAILURE;
        }
    };
    // 100,000 distinct addresses: 90% IPv4 and 10% IPv6 in the announced
    // 2000::/3, from a fixed xorshift seed.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut seen = HashSet::new();
    let mut addrs = Vec::with_capacity(100_000);
    while addrs.len() < 100_000 {
        let r = next();
        let ip = if addrs.len() % 10 == 9 {
            let hi = (0x2u128 << 124) | (u128::from(next()) << 64 >> 3);
            IpAddr::V6(Ipv6Addr::from(hi | u128::from(r)))
        } else {
            IpAddr::V4(Ipv4Addr::from((r >> 32) as u32))
        };
        if seen.insert(ip) {
            addrs.push(ip);
        }
    }
    let index = index_of(&addrs);
    println!("netbench: {path}: {} bytes", bytes.len());
    for round in 1..=rounds {
        let started = Instant::now();
        let db = match NetworkDb::from_asset(&bytes) {
            Ok(db) => db,
            Err(e) => {
                eprintln!("netbench: {path}: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        let decoded = started.elapsed();
        let started = Instant::now();
        let mut found = 0usize;
        for ip in &addrs {
            if db.lookup(*ip).system.is_some() {
                found += 1;
            }
        }
        let looked = started.elapsed();
        let mut applied_to = index.clone();
        let started = Instant::now();
        applied_to.set_network(Some(Arc::new(db)));
        let applied = started.elapsed();
        println!(
            "round {round}: decode {:.1} ms, 100,000 lookups {:.1} ms ({found} with an AS), total {:.1} ms; applied to an index of them {:.1} ms",
            decoded.as_secs_f64() * 1e3,
            looked.as_secs_f64() * 1e3,
            (decoded + looked).as_secs_f64() * 1e3,
            applied.as_secs_f64() * 1e3
        );
    }
    std::process::ExitCode::SUCCESS
}

/// An index of one report with a record from each of `addrs`.
fn index_of(addrs: &[IpAddr]) -> Index {
    let mut xml = String::from(
        "<feedback><report_metadata><org_name>bench.example</org_name><email>d@bench.example</email>\
         <report_id>netbench</report_id><date_range><begin>1767225600</begin><end>1767311999</end>\
         </date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p>\
         </policy_published>",
    );
    for ip in addrs {
        xml.push_str(&format!(
            "<record><row><source_ip>{ip}</source_ip><count>1</count><policy_evaluated>\
             <disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>\
             <identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim>\
             <domain>example.com</domain><result>pass</result></dkim></auth_results></record>"
        ));
    }
    xml.push_str("</feedback>");
    let file = ingest_file("netbench.xml", xml.as_bytes(), &Limits::default());
    let mut index = Index::new();
    for r in &file.reports {
        index.add("netbench.xml", &r.report);
    }
    index
}
