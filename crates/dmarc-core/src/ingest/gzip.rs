//! gzip (one or more members, with trailing bytes) and raw zlib streams.

use flate2::bufread::{GzDecoder, ZlibDecoder};

use super::limits::read_bounded;
use super::sniff::{sniff, Sniffed};
use super::Walk;
use crate::report::NoteCode;

impl Walk<'_> {
    /// Decompresses a gzip or zlib payload and reads what is inside.
    pub(super) fn compressed(
        &mut self,
        kind: Sniffed,
        bytes: &[u8],
        layers: &mut Vec<String>,
        depth: usize,
    ) {
        let result = if kind == Sniffed::Zlib {
            read_bounded(
                ZlibDecoder::new(bytes),
                bytes.len(),
                &mut self.used,
                self.limits,
            )
            .map(|(out, _)| out)
        } else {
            self.gunzip(bytes, layers)
        };
        match result {
            Ok(inner) => {
                if kind == Sniffed::Gzip && sniff(&inner) == Sniffed::Gzip {
                    self.note(layers, NoteCode::NestedGzip, "gzip inside gzip");
                }
                self.payload(&inner, layers, depth + 1);
            }
            Err(kind) => self.error(layers, kind),
        }
    }

    /// Every gzip member in turn (RFC 1952 allows several); bytes after the
    /// last member are noted and ignored.
    fn gunzip(
        &mut self,
        bytes: &[u8],
        layers: &[String],
    ) -> Result<Vec<u8>, crate::error::ErrorKind> {
        let mut out = Vec::new();
        let mut rest = bytes;
        let mut members = 0usize;
        while rest.starts_with(&[0x1f, 0x8b]) {
            let (part, decoder) = read_bounded(
                GzDecoder::new(rest),
                bytes.len(),
                &mut self.used,
                self.limits,
            )?;
            let remaining = decoder.into_inner();
            if remaining.len() >= rest.len() {
                break; // no progress: never loop forever
            }
            rest = remaining;
            out.extend_from_slice(&part);
            members += 1;
        }
        if members > 1 {
            self.note(
                layers,
                NoteCode::GzipMultipleMembers,
                format!("{members} gzip members"),
            );
        }
        if !rest.is_empty() {
            let all_padding = rest
                .iter()
                .all(|b| matches!(b, 0 | b' ' | b'\t' | b'\r' | b'\n'));
            let detail = if all_padding {
                format!(
                    "{} white space or NUL bytes after the gzip stream ignored",
                    rest.len()
                )
            } else {
                format!("{} bytes after the gzip stream ignored", rest.len())
            };
            self.note(layers, NoteCode::GzipTrailingBytes, detail);
        }
        Ok(out)
    }
}
