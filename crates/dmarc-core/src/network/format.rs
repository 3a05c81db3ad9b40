//! The network asset's bytes, version 3.
//!
//! ```text
//! header (20 bytes, little-endian):
//!   magic    8 bytes  "DLNETDB\n"
//!   version  u16      3
//!   flags    u16      0
//!   raw_len  u32      bytes of the payload once inflated
//!   crc32    u32      CRC-32 (IEEE) of the inflated payload
//! body: the payload, raw DEFLATE
//! payload (numbers are unsigned LEB128 varints, strings are a length column
//! then the bytes, one column after the other so that DEFLATE sees alike
//! bytes together):
//!   meta        date, sources
//!   systems     n; AS numbers (delta-encoded, wrapping: ascending within
//!               each of the three frequency classes `build` orders them
//!               in); names: n references (0 = a new name, k = the k-th
//!               distinct name back), then the new names
//!   countries   n; codes (2 bytes each); English names; Japanese names
//!   4 tables    AS IPv4, AS IPv6, country IPv4, country IPv6; each:
//!               n; range starts (ascending from 0, delta-encoded, each
//!               delta d as two columns: its trailing zero bits t, one
//!               byte, then d >> t); values (0 = no data, else index + 1
//!               into systems/countries), each written as its place among
//!               the 32 latest distinct values of the column (0..=31, most
//!               recent first, all 0 at the start) or, when not among them,
//!               as 32 + the value
//! ```
//!
//! Version 2 (until 2026-11-30) wrote the values as they are: 2,315,439
//! bytes for the 2026-06-17 data as the build step deflates it, against
//! 2,270,592 now.
//!
//! Version 1 (until 2026-11-30) had no name references, plain deltas and
//! systems in number order: 2,581,536 bytes and a 9.9 MB payload for the
//! 2026-06-17 data, against 2,448,448 bytes (2,315,439 as the build step
//! deflates it, with libdeflate) and 5.8 MB now (README, "Cost").

use std::io::Read;

use super::{AutonomousSystem, Country, Meta, NetworkDb, Segments};

/// The first eight bytes of every asset.
pub const MAGIC: &[u8; 8] = b"DLNETDB\n";
/// The version this code writes and reads.
pub const VERSION: u16 = 3;
const HEADER: usize = 20;
/// The largest inflated payload accepted (the real one is about 6 MB).
pub const MAX_PAYLOAD: u32 = 64 << 20;

/// Why an asset was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssetError {
    /// It does not start with [`MAGIC`]: not a network asset at all (an
    /// HTML error page, say).
    #[error("not a dmarc-lens network asset (wrong magic bytes)")]
    BadMagic,
    /// Made by another version of the format.
    #[error("network asset version {found}, this build reads version {VERSION}")]
    UnsupportedVersion {
        /// The version in the file.
        found: u16,
    },
    /// Shorter than its header or its payload says.
    #[error("network asset truncated")]
    Truncated,
    /// The payload is larger than [`MAX_PAYLOAD`].
    #[error("network asset payload of {raw_len} bytes is over the limit")]
    TooLarge {
        /// The payload size the header claims.
        raw_len: u32,
    },
    /// The checksum does not match: the file was damaged.
    #[error("network asset checksum mismatch (expected {expected:08x}, found {found:08x})")]
    Checksum {
        /// From the header.
        expected: u32,
        /// Of the bytes received.
        found: u32,
    },
    /// The payload decodes to something impossible.
    #[error("network asset corrupt: {0}")]
    Corrupt(&'static str),
}

fn put(out: &mut Vec<u8>, mut n: u128) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_strings<'a>(out: &mut Vec<u8>, strings: impl Iterator<Item = &'a str> + Clone) {
    for s in strings.clone() {
        put(out, s.len() as u128);
    }
    for s in strings {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Strings where many repeat (one organisation holds several ASes): each is
/// a reference to an earlier distinct one, or 0 and then its text.
fn put_names<'a>(out: &mut Vec<u8>, names: impl Iterator<Item = &'a str>) {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut new = Vec::new();
    for name in names {
        match seen.get(name) {
            Some(at) => put(out, (seen.len() - at) as u128),
            None => {
                put(out, 0);
                seen.insert(name, seen.len());
                new.push(name);
            }
        }
    }
    put_strings(out, new.into_iter());
}

fn put_segments<K: Copy + Into<u128>>(out: &mut Vec<u8>, seg: &Segments<K>) {
    put(out, seg.starts.len() as u128);
    let mut previous = 0u128;
    let mut shifted = Vec::with_capacity(seg.starts.len() * 2);
    for s in &seg.starts {
        let s: u128 = (*s).into();
        let delta = s - previous;
        // Ranges are mostly CIDR blocks: their sizes are runs of low zero
        // bits, which IPv6 deltas have by the dozen.
        let zeros = if delta == 0 {
            0
        } else {
            delta.trailing_zeros()
        };
        out.push(zeros as u8);
        put(&mut shifted, delta >> zeros);
        previous = s;
    }
    out.extend_from_slice(&shifted);
    let mut recent = Recent::default();
    for v in &seg.values {
        put(out, recent.code_of(*v));
    }
}

/// How many of the latest distinct values a value column refers back to
/// (2026-06-17 data: 4 → 2,285,517 bytes, 8 → 2,284,133, 16 → 2,278,977,
/// 32 → 2,270,592; decode as fast with 32 as with 16).
const RECENT: usize = 32;

/// The latest distinct values of a column, most recent first: a value seen
/// among them is written as its place (0 to 31), any other as
/// [`RECENT`] + the value; neighbouring ranges often alternate between a
/// few networks (or countries), whose small codes DEFLATE finds again.
#[derive(Default)]
struct Recent([u32; RECENT]);

impl Recent {
    /// Moves `v` to the front, from `place` (the last place when new).
    fn bring(&mut self, place: usize, v: u32) {
        let place = place.min(RECENT - 1);
        self.0.copy_within(0..place, 1);
        self.0[0] = v;
    }

    /// The code of `v`, which then becomes the latest.
    fn code_of(&mut self, v: u32) -> u128 {
        match self.0.iter().position(|&r| r == v) {
            Some(place) => {
                self.bring(place, v);
                place as u128
            }
            None => {
                self.bring(RECENT - 1, v);
                RECENT as u128 + u128::from(v)
            }
        }
    }

    /// The value of `code`, which then becomes the latest.
    fn value_of(&mut self, code: u128) -> Option<u32> {
        let (place, v) = match usize::try_from(code).ok()? {
            place if place < RECENT => (place, *self.0.get(place)?),
            other => (RECENT - 1, u32::try_from(other - RECENT).ok()?),
        };
        self.bring(place, v);
        Some(v)
    }
}

/// The asset's bytes for `db`, deflated by flate2 at its best level.
pub fn encode(db: &NetworkDb) -> Vec<u8> {
    encode_with(db, |_| None)
}

/// The asset's bytes for `db`, the payload deflated by `deflate` (raw
/// DEFLATE, any encoder: the build step uses a stronger one than flate2's);
/// flate2 at its best level when it gives `None`.
pub fn encode_with(db: &NetworkDb, deflate: impl FnOnce(&[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut payload = Vec::new();
    put_strings(
        &mut payload,
        [db.meta.date.as_str(), db.meta.sources.as_str()].into_iter(),
    );
    put(&mut payload, db.systems.len() as u128);
    let mut previous = 0u32;
    for s in &db.systems {
        // Deltas wrap if the table is not sorted; decoding wraps back.
        put(&mut payload, u128::from(s.number.wrapping_sub(previous)));
        previous = s.number;
    }
    put_names(&mut payload, db.systems.iter().map(|s| s.name.as_str()));
    put(&mut payload, db.countries.len() as u128);
    for c in &db.countries {
        let code = c.code.as_bytes();
        payload.extend_from_slice(&[
            code.first().copied().unwrap_or(b'?'),
            code.get(1).copied().unwrap_or(b'?'),
        ]);
    }
    put_strings(
        &mut payload,
        db.countries.iter().map(|c| c.name_en.as_str()),
    );
    put_strings(
        &mut payload,
        db.countries.iter().map(|c| c.name_ja.as_str()),
    );
    put_segments(&mut payload, &db.as_v4);
    put_segments(&mut payload, &db.as_v6);
    put_segments(&mut payload, &db.country_v4);
    put_segments(&mut payload, &db.country_v6);

    let mut crc = flate2::Crc::new();
    crc.update(&payload);
    let mut out = Vec::with_capacity(payload.len() / 3);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc.sum().to_le_bytes());
    if let Some(body) = deflate(&payload) {
        out.extend_from_slice(&body);
        return out;
    }
    let mut deflate = flate2::write::DeflateEncoder::new(out, flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = std::io::Write::write_all(&mut deflate, &payload);
    deflate.finish().unwrap_or_default()
}

/// Reads columns from the inflated payload.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn number(&mut self) -> Result<u128, AssetError> {
        let mut n = 0u128;
        for shift in (0..128).step_by(7) {
            let byte = *self.bytes.get(self.at).ok_or(AssetError::Truncated)?;
            self.at += 1;
            n |= u128::from(byte & 0x7f)
                .checked_shl(shift)
                .ok_or(AssetError::Corrupt("number too large"))?;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(AssetError::Corrupt("number too long"))
    }

    fn count(&mut self) -> Result<usize, AssetError> {
        let n = self.number()?;
        // No column can have more entries than the payload has bytes.
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= self.bytes.len())
            .ok_or(AssetError::Corrupt("count too large"))
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], AssetError> {
        let end = self.at.checked_add(len).ok_or(AssetError::Truncated)?;
        let out = self.bytes.get(self.at..end).ok_or(AssetError::Truncated)?;
        self.at = end;
        Ok(out)
    }

    fn strings(&mut self, n: usize) -> Result<Vec<String>, AssetError> {
        let lens = (0..n)
            .map(|_| self.count())
            .collect::<Result<Vec<_>, _>>()?;
        lens.into_iter()
            .map(|len| {
                std::str::from_utf8(self.take(len)?)
                    .map(str::to_owned)
                    .map_err(|_| AssetError::Corrupt("name is not UTF-8"))
            })
            .collect()
    }

    /// Names written by [`put_names`].
    fn names(&mut self, n: usize) -> Result<Vec<String>, AssetError> {
        let refs = (0..n)
            .map(|_| self.count())
            .collect::<Result<Vec<_>, _>>()?;
        let fresh = refs.iter().filter(|r| **r == 0).count();
        let mut fresh = self.strings(fresh)?.into_iter();
        let mut distinct: Vec<usize> = Vec::new();
        let mut names: Vec<String> = Vec::with_capacity(n);
        for back in refs {
            let name = if back == 0 {
                distinct.push(names.len());
                fresh.next().unwrap_or_default()
            } else {
                let earlier = distinct
                    .len()
                    .checked_sub(back)
                    .and_then(|d| distinct.get(d))
                    .and_then(|i| names.get(*i))
                    .ok_or(AssetError::Corrupt("name reference out of bounds"))?;
                earlier.clone()
            };
            names.push(name);
        }
        Ok(names)
    }

    /// A range table written by `put_segments`, into keys of type `K`
    /// (`u32` for IPv4: `max` is then `u32::MAX`).
    fn segments<K: TryFrom<u128>>(
        &mut self,
        table_len: usize,
        max: u128,
    ) -> Result<Segments<K>, AssetError> {
        let n = self.count()?;
        let zeros = self.take(n)?;
        let mut starts = Vec::with_capacity(n);
        let mut at = 0u128;
        for (i, zeros) in zeros.iter().enumerate() {
            let shifted = self.number()?;
            let delta = shifted
                .checked_shl(u32::from(*zeros))
                .filter(|d| d >> zeros == shifted)
                .ok_or(AssetError::Corrupt("range start out of bounds"))?;
            if i > 0 && delta == 0 {
                return Err(AssetError::Corrupt("range starts not ascending"));
            }
            if i == 0 && delta != 0 {
                return Err(AssetError::Corrupt("first range does not start at 0"));
            }
            at = at
                .checked_add(delta)
                .filter(|s| *s <= max)
                .ok_or(AssetError::Corrupt("range start out of bounds"))?;
            starts.push(
                K::try_from(at).map_err(|_| AssetError::Corrupt("range start out of bounds"))?,
            );
        }
        let mut values = Vec::with_capacity(n);
        let mut recent = Recent::default();
        for _ in 0..n {
            let code = self.number()?;
            let v = recent
                .value_of(code)
                .filter(|v| (*v as usize) <= table_len)
                .ok_or(AssetError::Corrupt("range value out of bounds"))?;
            values.push(v);
        }
        Ok(Segments { starts, values })
    }
}

fn le_u16(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([
        bytes.get(at).copied().unwrap_or(0),
        bytes.get(at + 1).copied().unwrap_or(0),
    ])
}

fn le_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from(le_u16(bytes, at)) | (u32::from(le_u16(bytes, at + 2)) << 16)
}

/// Checks and decodes an asset.
pub fn decode(bytes: &[u8]) -> Result<NetworkDb, AssetError> {
    if bytes.len() < MAGIC.len() || !bytes.starts_with(MAGIC) {
        return Err(AssetError::BadMagic);
    }
    if bytes.len() < HEADER {
        return Err(AssetError::Truncated);
    }
    let version = le_u16(bytes, 8);
    if version != VERSION {
        return Err(AssetError::UnsupportedVersion { found: version });
    }
    let raw_len = le_u32(bytes, 12);
    let expected = le_u32(bytes, 16);
    if raw_len > MAX_PAYLOAD {
        return Err(AssetError::TooLarge { raw_len });
    }
    let mut payload = Vec::with_capacity(raw_len as usize);
    let body = bytes.get(HEADER..).unwrap_or_default();
    flate2::read::DeflateDecoder::new(body)
        .take(u64::from(raw_len) + 1)
        .read_to_end(&mut payload)
        .map_err(|_| AssetError::Truncated)?;
    if payload.len() != raw_len as usize {
        return Err(AssetError::Truncated);
    }
    let mut crc = flate2::Crc::new();
    crc.update(&payload);
    if crc.sum() != expected {
        return Err(AssetError::Checksum {
            expected,
            found: crc.sum(),
        });
    }
    let mut r = Reader {
        bytes: &payload,
        at: 0,
    };
    let mut meta = r.strings(2)?.into_iter();
    let meta = Meta {
        date: meta.next().unwrap_or_default(),
        sources: meta.next().unwrap_or_default(),
    };
    let n = r.count()?;
    let mut numbers = Vec::with_capacity(n);
    let mut previous = 0u32;
    for _ in 0..n {
        let delta =
            u32::try_from(r.number()?).map_err(|_| AssetError::Corrupt("AS number too large"))?;
        previous = previous.wrapping_add(delta);
        numbers.push(previous);
    }
    let systems = numbers
        .into_iter()
        .zip(r.names(n)?)
        .map(|(number, name)| AutonomousSystem { number, name })
        .collect::<Vec<_>>();
    let n = r.count()?;
    let codes = r.take(n * 2)?;
    let codes = codes
        .chunks(2)
        .map(|c| String::from_utf8(c.to_vec()).map_err(|_| AssetError::Corrupt("country code")))
        .collect::<Result<Vec<_>, _>>()?;
    let en = r.strings(n)?;
    let ja = r.strings(n)?;
    let countries = codes
        .into_iter()
        .zip(en.into_iter().zip(ja))
        .map(|(code, (name_en, name_ja))| Country {
            code,
            name_en,
            name_ja,
        })
        .collect::<Vec<_>>();
    let v4 = u128::from(u32::MAX);
    let as_v4 = r.segments::<u32>(systems.len(), v4)?;
    let as_v6 = r.segments::<u128>(systems.len(), u128::MAX)?;
    let country_v4 = r.segments::<u32>(countries.len(), v4)?;
    let country_v6 = r.segments::<u128>(countries.len(), u128::MAX)?;
    if r.at != payload.len() {
        return Err(AssetError::Corrupt("trailing bytes after the tables"));
    }
    Ok(NetworkDb {
        meta,
        systems,
        countries,
        as_v4,
        as_v6,
        country_v4,
        country_v6,
    })
}
