//! Writes a generated year of aggregate reports for five policy domains
//! ([`dmarc_core::testdata::synthetic`]) as one zip, for the end-to-end
//! test of the dashboard's overview and chart (`e2e/tests/overview.spec.js`)
//! and for trying the dashboard by hand:
//!
//! ```text
//! cargo run -p dmarc-core --features testdata --example synthetic_year -- OUT.zip
//! ```
//!
//! 400 reports of 20 records from six reporters over 2025; the first
//! domain's policy moves from `p=none` to `p=quarantine` in July. The same
//! command always writes the same bytes.

use dmarc_core::testdata::synthetic::{to_xml, Synthetic};
use dmarc_core::testdata::zip_members;

/// The policy domains, in the generator's order.
pub const DOMAINS: [&str; 5] = [
    "example.com",
    "example.co.jp",
    "shop.example.net",
    "example.org",
    "mail.example.io",
];

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/synthetic-year.zip".to_owned());
    let members: Vec<(String, Vec<u8>)> = Synthetic::new(14)
        .domains(&DOMAINS)
        // 2025-01-01, a year.
        .period(20_089, 365)
        .records(8_000)
        .per_report(20)
        .enumerate()
        .map(|(i, r)| (format!("report-{i:04}.xml"), to_xml(&r).into_bytes()))
        .collect();
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, zip_members(&members))?;
    println!("{out}: {} reports", members.len());
    Ok(())
}
