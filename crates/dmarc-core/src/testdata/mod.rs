//! Deterministic generators of realistic DMARC aggregate reports for tests,
//! benchmarks and load tests (cargo feature `testdata`; never in the shipped
//! app). One record model ([`model`]: the core's own types, the source
//! address as text), one XML writer ([`xml`], with the layouts reporters
//! use), one table of senders and reporters ([`senders`]), and four shapes
//! over them:
//!
//! - [`samples`]: the app's sample reports (`assets/samples.zip`), byte for byte;
//! - [`synthetic`]: a year of reports as the model (many senders, reporters
//!   and days), for tests and the analysis benchmarks;
//! - [`generate_aggregate`]: one large report with eight sender domains and
//!   fresh random addresses (the benchmarks' older case);
//! - [`generate_large_reporter`]: one report shaped like a real large reporter's.
//!
//! The same parameters always give the same bytes (a test pins them).
//!
//! ```
//! let xml = dmarc_core::testdata::generate_aggregate(10, 7);
//! assert_eq!(xml, dmarc_core::testdata::generate_aggregate(10, 7));
//! assert!(xml.starts_with(b"<?xml"));
//! ```

pub mod model;
#[cfg(test)]
mod pins;
mod reporter;
pub mod samples;
pub mod senders;
mod simple;
pub mod synthetic;
pub mod xml;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod xml_tests;

pub use reporter::generate_large_reporter;
pub use simple::generate_aggregate;

use std::io::Write as _;

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
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

    /// A number in `[low, high)`.
    fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        low + (high - low) * unit
    }

    /// One of `items`, uniformly.
    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied()
    }
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
    fn archives_hold_what_they_were_given() {
        use std::io::Read as _;
        let xml = generate_aggregate(100, 9);
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(gzip(&xml).as_slice())
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, xml);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip("r.xml", &xml))).unwrap();
        let mut member = Vec::new();
        archive
            .by_name("r.xml")
            .unwrap()
            .read_to_end(&mut member)
            .unwrap();
        assert_eq!(member, xml);
    }
}
