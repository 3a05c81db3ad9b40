//! Deterministic generators of realistic DMARC aggregate reports for tests,
//! benchmarks and load tests (cargo feature `testdata`; never in the shipped
//! app): [`synthetic`] for reports as the model (many senders, reporters and
//! days), [`generate_aggregate`] for one large reporter's XML (eight
//! sender domains, fresh random addresses: the benchmarks' older case), and
//! [`generate_large_reporter`] for one shaped like a real large reporter's.
//!
//! The same `(records, seed)` always gives the same bytes. Records look like
//! a large mailbox provider's (about 600 bytes each, like the 50,000-record,
//! 30 MB report parsedmarc is measured on): IPv4 and some IPv6 sources, one
//! or two DKIM results, SPF with scope, envelope domains, the odd override
//! reason, mostly passing with some forwarding and spoofing.
//!
//! ```
//! let xml = dmarc_core::testdata::generate_aggregate(10, 7);
//! assert_eq!(xml, dmarc_core::testdata::generate_aggregate(10, 7));
//! assert!(xml.starts_with(b"<?xml"));
//! ```

#[cfg(test)]
mod pins;
mod reporter;
pub mod samples;
pub mod synthetic;

pub use reporter::generate_large_reporter;

use std::fmt::Write as _;
use std::io::Write as _;

/// A small, fast, deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const SENDERS: [&str; 8] = [
    "example.com",
    "mail.example.com",
    "news.example.com",
    "eu-west-1.amazonses.com",
    "bounces.example.net",
    "sendgrid.net",
    "mcsv.net",
    "spoof.example.org",
];

/// A DMARC aggregate report with `records` records, as XML bytes.
pub fn generate_aggregate(records: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(records * 640 + 1024);
    let begin = 1_700_000_000 + rng.below(1_000) * 86_400;
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>bench.example</org_name>
    <email>noreply-dmarc-support@bench.example</email>
    <extra_contact_info>https://bench.example/dmarc</extra_contact_info>
    <report_id>{seed}-{records}</report_id>
    <date_range>
      <begin>{begin}</begin>
      <end>{end}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>example.com</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>quarantine</p>
    <sp>quarantine</sp>
    <pct>100</pct>
    <np>reject</np>
  </policy_published>
"#,
        end = begin + 86_399
    );
    for _ in 0..records {
        record(&mut out, &mut rng);
    }
    out.push_str("</feedback>\n");
    out.into_bytes()
}

fn record(out: &mut String, rng: &mut Rng) {
    let roll = rng.below(100);
    // 70% aligned and passing, 15% forwarded (SPF fails, DKIM passes),
    // 10% SES default MAIL FROM, 5% spoofing.
    let (dkim_ok, spf_ok, sender) = match roll {
        0..=69 => (true, true, SENDERS[rng.below(3) as usize]),
        70..=84 => (true, false, SENDERS[4 + rng.below(3) as usize]),
        85..=94 => (true, false, SENDERS[3]),
        _ => (false, false, SENDERS[7]),
    };
    let count = 1 + rng.below(20) * rng.below(4);
    let _ = write!(out, "  <record>\n    <row>\n      <source_ip>");
    if rng.below(10) == 0 {
        let _ = write!(
            out,
            "2001:db8:{:x}::{:x}",
            rng.below(0xffff),
            rng.below(0xffff)
        );
    } else {
        let _ = write!(
            out,
            "{}.{}.{}.{}",
            1 + rng.below(223),
            rng.below(256),
            rng.below(256),
            1 + rng.below(254)
        );
    }
    let disposition = match (dkim_ok || spf_ok, rng.below(4)) {
        (true, _) => "none",
        (false, 0) => "none",
        (false, _) => "quarantine",
    };
    let pf = |ok: bool| if ok { "pass" } else { "fail" };
    let _ = write!(
        out,
        "</source_ip>\n      <count>{count}</count>\n      <policy_evaluated>\n        <disposition>{disposition}</disposition>\n        <dkim>{}</dkim>\n        <spf>{}</spf>\n",
        pf(dkim_ok),
        pf(spf_ok)
    );
    if (70..=84).contains(&roll) && rng.below(3) == 0 {
        out.push_str("        <reason>\n          <type>forwarded</type>\n          <comment>arc=pass</comment>\n        </reason>\n");
    }
    let _ = write!(
        out,
        "      </policy_evaluated>\n    </row>\n    <identifiers>\n      <envelope_to>receiver.example</envelope_to>\n      <envelope_from>{sender}</envelope_from>\n      <header_from>example.com</header_from>\n    </identifiers>\n    <auth_results>\n"
    );
    let dkim_domain = if roll >= 95 {
        SENDERS[7]
    } else {
        "example.com"
    };
    let _ = write!(
        out,
        "      <dkim>\n        <domain>{dkim_domain}</domain>\n        <selector>s{}</selector>\n        <result>{}</result>\n      </dkim>\n",
        rng.below(4),
        pf(dkim_ok)
    );
    if sender == SENDERS[3] {
        out.push_str("      <dkim>\n        <domain>amazonses.com</domain>\n        <selector>224i4yxa5dv7c2xz3womw6peuasteono</selector>\n        <result>pass</result>\n      </dkim>\n");
    }
    let spf_result = if spf_ok || sender == SENDERS[3] {
        "pass"
    } else if rng.below(2) == 0 {
        "softfail"
    } else {
        "fail"
    };
    let _ = write!(
        out,
        "      <spf>\n        <domain>{sender}</domain>\n        <scope>mfrom</scope>\n        <result>{spf_result}</result>\n      </spf>\n    </auth_results>\n  </record>\n"
    );
}

/// `bytes` in base64 (RFC 4648), lines of 76 characters ended by CRLF, as a
/// MIME part carries an attachment.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let byte = |k: usize| u32::from(chunk.get(k).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for k in 0..4 {
            out.push(if k <= chunk.len() {
                char::from(ABC[((n >> (18 - 6 * k)) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

/// `bytes` compressed as gzip (as in `.xml.gz` attachments).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// `bytes` as the single deflated member `name` of a zip archive.
pub fn zip(name: &str, bytes: &[u8]) -> Vec<u8> {
    zip_members(&[(name.to_owned(), bytes.to_vec())])
}

/// A zip archive of deflated `(name, bytes)` members, in order.
pub fn zip_members(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    write_zip(members, None)
}

/// A zip of `members`, every one dated 2025-11-22 00:00, so that the same
/// members always give the same bytes.
pub fn zip_members_dated(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    write_zip(
        members,
        zip::DateTime::from_date_and_time(2025, 11, 22, 0, 0, 0).ok(),
    )
}

fn write_zip(members: &[(String, Vec<u8>)], date: Option<zip::DateTime>) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let mut options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(bytes.len() >= u32::MAX as usize);
        if let Some(date) = date {
            options = options.last_modified_time(date);
        }
        if writer.start_file(name.as_str(), options).is_err() || writer.write_all(bytes).is_err() {
            return Vec::new();
        }
    }
    writer
        .finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::aggregate::{parse_aggregate, XmlLimits};

    #[test]
    fn base64_follows_rfc_4648() {
        // RFC 4648, section 10, and a line break after 76 characters.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, want) in cases {
            assert_eq!(base64(plain.as_bytes()), want);
        }
        let long = base64(&[0u8; 60]);
        assert_eq!(long, format!("{}\r\n{}", "A".repeat(76), "A".repeat(4)));
    }

    #[test]
    fn generated_reports_are_deterministic_and_parse_without_notes() {
        for (records, seed) in [(0, 1), (1, 2), (500, 3)] {
            let xml = generate_aggregate(records, seed);
            assert_eq!(xml, generate_aggregate(records, seed));
            let parsed = parse_aggregate(&xml, &XmlLimits::default()).unwrap();
            assert_eq!(parsed.report.records.len(), records);
            let codes: Vec<_> = parsed.notes.iter().map(|n| n.code.name()).collect();
            let want: &[&str] = if records == 0 { &["no_records"] } else { &[] };
            assert_eq!(codes, want);
        }
        let xml = generate_aggregate(1000, 9);
        let per_record = xml.len() / 1000;
        assert!(
            (450..800).contains(&per_record),
            "{per_record} bytes per record"
        );
        assert!(!gzip(&xml).is_empty());
        assert!(zip("r.xml", &xml).starts_with(b"PK"));
    }
}
