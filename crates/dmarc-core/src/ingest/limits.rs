//! Hard caps on what one input file may make the parser do, and the bounded
//! reader that enforces the decompression caps.

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;

/// Caps applied to each input file. The defaults suit reports mailed by
/// receivers; raise them only for inputs you trust.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Total bytes all decompression in one file may produce (gzip, zlib,
    /// zip members together). Default 256 MiB.
    pub max_decompressed_bytes: u64,
    /// Largest accepted ratio of decompressed to compressed size, checked
    /// once a stream has produced more than [`Limits::ratio_grace_bytes`].
    /// Default 500 (deflate cannot exceed about 1032).
    pub max_compression_ratio: u64,
    /// Output a stream may produce before the ratio is checked. Default 1 MiB.
    pub ratio_grace_bytes: u64,
    /// Most members read from one zip archive. Default 100,000: a year of
    /// reports archived in one zip holds thousands; the decompressed-bytes
    /// cap, not this one, is what bounds the work.
    pub max_zip_members: usize,
    /// Deepest nesting of containers (a zip in a mail in an mbox…). Default 8.
    pub max_depth: usize,
    /// Deepest XML element nesting, passed to the aggregate parser. Default 64.
    pub max_xml_depth: usize,
    /// Most messages read from one mbox file. Default 100,000.
    pub max_mbox_messages: usize,
    /// Threads one large XML report may be read on (with the `parallel`
    /// feature: the command-line tool reading a single large file). Default 1.
    pub xml_threads: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_decompressed_bytes: 256 * 1024 * 1024,
            max_compression_ratio: 500,
            ratio_grace_bytes: 1024 * 1024,
            max_zip_members: 100_000,
            max_depth: 8,
            max_xml_depth: 64,
            max_mbox_messages: 100_000,
            xml_threads: 1,
        }
    }
}

/// Reads `reader` to its end, adding what it produces to `used`, and fails
/// as soon as the file's budget or the ratio to `compressed_len` is passed.
/// The read is bounded by `take(remaining + 1)`, so it never reads past the
/// cap by more than one byte.
pub(crate) fn read_bounded<R: Read>(
    reader: R,
    compressed_len: usize,
    used: &mut u64,
    limits: &Limits,
) -> Result<(Vec<u8>, R), ErrorKind> {
    let remaining = limits.max_decompressed_bytes.saturating_sub(*used);
    let mut limited = reader.take(remaining.saturating_add(1));
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let ratio_cap = (compressed_len.max(1) as u64).saturating_mul(limits.max_compression_ratio);
    loop {
        let n = match limited.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(ErrorKind::Decompress {
                    detail: e.to_string(),
                })
            }
        };
        out.extend_from_slice(buf.get(..n).unwrap_or_default());
        let len = out.len() as u64;
        if len > remaining {
            *used = limits.max_decompressed_bytes;
            return Err(ErrorKind::TooLarge {
                limit: limits.max_decompressed_bytes,
            });
        }
        if len > limits.ratio_grace_bytes && len > ratio_cap {
            return Err(ErrorKind::RatioExceeded {
                limit: limits.max_compression_ratio,
            });
        }
    }
    *used = used.saturating_add(out.len() as u64);
    Ok((out, limited.into_inner()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_cap() {
        let limits = Limits {
            max_decompressed_bytes: 10,
            ..Limits::default()
        };
        let mut used = 0;
        let err = read_bounded(&[0u8; 100][..], 100, &mut used, &limits).unwrap_err();
        assert_eq!(err, ErrorKind::TooLarge { limit: 10 });
        let mut used = 0;
        let (out, _) = read_bounded(&[0u8; 10][..], 10, &mut used, &limits).unwrap();
        assert_eq!((out.len(), used), (10, 10));
    }

    #[test]
    fn stops_at_the_ratio() {
        let limits = Limits {
            max_compression_ratio: 2,
            ratio_grace_bytes: 4,
            ..Limits::default()
        };
        let mut used = 0;
        let err = read_bounded(&[0u8; 100][..], 10, &mut used, &limits).unwrap_err();
        assert_eq!(err, ErrorKind::RatioExceeded { limit: 2 });
    }
}
