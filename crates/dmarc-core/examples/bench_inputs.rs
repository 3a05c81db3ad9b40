//! Writes the inputs of the browser benchmark (`scripts/bench-browser.sh`)
//! into a folder, with a `manifest.json` describing each case: its files,
//! their size, the XML they hold (decompressed), reports and records.
//!
//! ```text
//! cargo run --release -p dmarc-core --features testdata --example bench_inputs -- OUT_DIR
//! ```
//!
//! Cases: one aggregate report of 50,000 and one of 500,000 records
//! ([`dmarc_core::testdata::generate_aggregate`], plain `.xml`: the older,
//! simpler shape); the same sizes shaped like a large real reporter's
//! report (`reporter-50k`, `reporter-500k`:
//! [`dmarc_core::testdata::generate_large_reporter`]); a zip of
//! 5,000 small reports (20 records each); a folder of 2,000 `.xml.gz`
//! files (20 records each); and a year of 1,000,000 records
//! ([`dmarc_core::testdata::synthetic`], 5,000 reports of 200 records from
//! six reporters) split into 20 zips of 250 reports, for the filter-change
//! measurement; and `network-100k`, one report of 100,000 records from
//! 100,000 distinct addresses (90 % IPv4 across the public space, 10 % IPv6
//! in 2000::/3), for the network data's load and lookup cost. The same
//! command always writes the same bytes.

use std::fmt::Write as _;
use std::path::Path;

use dmarc_core::testdata::synthetic::{to_xml, Synthetic};
use dmarc_core::testdata::{generate_aggregate, generate_large_reporter, gzip, zip_members};

/// A generator of one report: (records, seed) to XML.
type Generator = fn(usize, u64) -> Vec<u8>;

/// One benchmark case, as written to the manifest.
struct Case {
    name: &'static str,
    files: Vec<String>,
    input_bytes: usize,
    xml_bytes: usize,
    reports: usize,
    records: usize,
}

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench-inputs".to_owned());
    let out = Path::new(&out);
    std::fs::create_dir_all(out)?;
    let mut cases = Vec::new();

    let shaped: [(&'static str, usize, Generator); 4] = [
        ("aggregate-50k", 50_000, generate_aggregate),
        ("aggregate-500k", 500_000, generate_aggregate),
        ("reporter-50k", 50_000, generate_large_reporter),
        ("reporter-500k", 500_000, generate_large_reporter),
    ];
    for (seed, (name, records, generate)) in (1..).zip(shaped) {
        let xml = generate(records, seed);
        let file = format!("{name}.xml");
        std::fs::write(out.join(&file), &xml)?;
        cases.push(Case {
            name,
            files: vec![file],
            input_bytes: xml.len(),
            xml_bytes: xml.len(),
            reports: 1,
            records,
        });
    }

    let small = members(Synthetic::new(5).records(100_000).per_report(20));
    cases.push(write_zips(out, "small-reports-5000", &small, small.len())?);

    // A folder of 2,000 .xml.gz attachments, as saved from a mailbox.
    let folder = members(Synthetic::new(9).records(40_000).per_report(20));
    let mut case = Case {
        name: "folder-2000-gz",
        files: Vec::new(),
        input_bytes: 0,
        xml_bytes: 0,
        reports: folder.len(),
        records: folder.iter().map(|m| m.2).sum(),
    };
    std::fs::create_dir_all(out.join("folder-2000-gz"))?;
    for (name, xml, _) in &folder {
        let file = format!("folder-2000-gz/{name}.gz");
        let bytes = gzip(xml);
        case.input_bytes += bytes.len();
        case.xml_bytes += xml.len();
        std::fs::write(out.join(&file), bytes)?;
        case.files.push(file);
    }
    cases.push(case);

    let year = members_of_year();
    cases.push(write_zips(out, "year-1m", &year, 250)?);

    let xml = distinct_sources(NETWORK_ADDRESSES);
    std::fs::write(out.join("network-100k.xml"), &xml)?;
    cases.push(Case {
        name: "network-100k",
        files: vec!["network-100k.xml".to_owned()],
        input_bytes: xml.len(),
        xml_bytes: xml.len(),
        reports: 1,
        records: NETWORK_ADDRESSES,
    });

    let mut manifest = String::from("[\n");
    for (i, c) in cases.iter().enumerate() {
        let files: Vec<String> = c.files.iter().map(|f| format!("\"{f}\"")).collect();
        let _ = writeln!(
            manifest,
            "  {{\"name\": \"{}\", \"files\": [{}], \"input_bytes\": {}, \"xml_bytes\": {}, \"reports\": {}, \"records\": {}}}{}",
            c.name,
            files.join(", "),
            c.input_bytes,
            c.xml_bytes,
            c.reports,
            c.records,
            if i + 1 < cases.len() { "," } else { "" }
        );
    }
    manifest.push_str("]\n");
    std::fs::write(out.join("manifest.json"), manifest)?;
    for c in &cases {
        println!(
            "{:<20} {:>3} file(s) {:>12} bytes in, {:>12} bytes of XML, {:>5} reports, {:>9} records",
            c.name,
            c.files.len(),
            c.input_bytes,
            c.xml_bytes,
            c.reports,
            c.records
        );
    }
    Ok(())
}

/// Distinct source addresses of the `network-100k` case.
const NETWORK_ADDRESSES: usize = 100_000;

/// The `i`-th of the distinct addresses: every tenth IPv6 in 2000::/3, the
/// others IPv4 in 1.0.0.0–223.255.255.255 (multiplying by an odd number
/// coprime with the span is one-to-one, so no address repeats).
fn distinct_address(i: usize) -> String {
    let i = i as u128;
    if i.is_multiple_of(10) {
        let bits = (i.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)) & ((1 << 125) - 1);
        std::net::Ipv6Addr::from((0x2u128 << 124) | bits).to_string()
    } else {
        const SPAN: u128 = 223 << 24;
        let v4 = (1 << 24) + (i * 2_654_435_761) % SPAN;
        std::net::Ipv4Addr::from(v4 as u32).to_string()
    }
}

/// One aggregate report whose `n` records come from `n` distinct addresses.
fn distinct_sources(n: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n  <report_metadata><org_name>bench.example</org_name>\
         <email>dmarc@bench.example</email><report_id>network-100k</report_id>\
         <date_range><begin>1767225600</begin><end>1767311999</end></date_range></report_metadata>\n\
         <policy_published><domain>example.com</domain><p>none</p></policy_published>\n",
    );
    for i in 0..n {
        let _ = writeln!(
            xml,
            "  <record><row><source_ip>{}</source_ip><count>1</count><policy_evaluated>\
             <disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>\
             <identifiers><header_from>example.com</header_from></identifiers><auth_results>\
             <dkim><domain>example.com</domain><result>pass</result></dkim>\
             <spf><domain>example.com</domain><result>pass</result></spf></auth_results></record>",
            distinct_address(i)
        );
    }
    xml.push_str("</feedback>\n");
    xml.into_bytes()
}

/// A million records from six reporters over a year.
fn members_of_year() -> Vec<(String, Vec<u8>, usize)> {
    members(Synthetic::new(42).records(1_000_000))
}

/// Each generated report as a zip member: (name, XML, records).
fn members(reports: Synthetic) -> Vec<(String, Vec<u8>, usize)> {
    reports
        .enumerate()
        .map(|(i, r)| {
            let domain = r.policy_published.domain.as_deref().unwrap_or("unknown");
            let name = format!("report-{i:05}-{domain}.xml");
            let records = r.records.len();
            (name, to_xml(&r).into_bytes(), records)
        })
        .collect()
}

/// Writes `members` as zips of at most `per_zip` members each.
fn write_zips(
    out: &Path,
    name: &'static str,
    members: &[(String, Vec<u8>, usize)],
    per_zip: usize,
) -> std::io::Result<Case> {
    let mut case = Case {
        name,
        files: Vec::new(),
        input_bytes: 0,
        xml_bytes: 0,
        reports: members.len(),
        records: members.iter().map(|m| m.2).sum(),
    };
    let chunks = members.len().div_ceil(per_zip.max(1));
    for (i, chunk) in members.chunks(per_zip.max(1)).enumerate() {
        let file = if chunks == 1 {
            format!("{name}.zip")
        } else {
            format!("{name}-{:02}.zip", i + 1)
        };
        let pairs: Vec<(String, Vec<u8>)> = chunk
            .iter()
            .map(|(n, x, _)| (n.clone(), x.clone()))
            .collect();
        let bytes = zip_members(&pairs);
        case.input_bytes += bytes.len();
        case.xml_bytes += chunk.iter().map(|m| m.1.len()).sum::<usize>();
        std::fs::write(out.join(&file), bytes)?;
        case.files.push(file);
    }
    Ok(case)
}
