//! mbox files (a Google Takeout export is the typical case): many messages,
//! each starting with a `From ` line.

use super::Walk;
use crate::error::ErrorKind;

/// Splits an mbox into its messages: a message starts at a line beginning
/// with `From ` at the start of the file or after an empty line, followed
/// by a header field (mboxrd quoting `>From ` is left as it is: it only
/// occurs in bodies).
pub(crate) fn split_mbox(bytes: &[u8]) -> Vec<&[u8]> {
    let mut starts = Vec::new();
    let mut pos = 0usize;
    let mut previous_blank = true;
    while pos < bytes.len() {
        let rest = bytes.get(pos..).unwrap_or_default();
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| pos + i + 1);
        let line = bytes.get(pos..end).unwrap_or_default();
        let next = bytes.get(end..).unwrap_or_default();
        let next_line = next.split(|&b| b == b'\n').next().unwrap_or_default();
        if previous_blank && line.starts_with(b"From ") && super::sniff::is_header_line(next_line) {
            starts.push(pos);
        }
        previous_blank = line.iter().all(|b| b.is_ascii_whitespace());
        pos = end;
    }
    let mut messages = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(bytes.len());
        let chunk = bytes.get(start..end).unwrap_or_default();
        // Drop the `From ` separator line itself.
        let body_start = chunk
            .iter()
            .position(|&b| b == b'\n')
            .map_or(chunk.len(), |i| i + 1);
        messages.push(chunk.get(body_start..).unwrap_or_default());
    }
    messages
}

impl Walk<'_> {
    /// Reads each message of an mbox file as an e-mail.
    pub(super) fn mbox(&mut self, bytes: &[u8], layers: &mut Vec<String>, depth: usize) {
        let messages = split_mbox(bytes);
        if messages.len() > self.limits.max_mbox_messages {
            self.error(
                layers,
                ErrorKind::TooManyMembers {
                    members: messages.len(),
                    limit: self.limits.max_mbox_messages,
                },
            );
            return;
        }
        for (i, message) in messages.into_iter().enumerate() {
            layers.push(format!("message:{}", i + 1));
            layers.push("eml".to_owned());
            self.email(message, layers, depth + 1);
            layers.pop();
            layers.pop();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_from_lines_after_blank_lines() {
        let mbox = b"From a@b Mon Jan 1 00:00:00 2024\nSubject: one\n\nFrom here on, body\n\nFrom c@d Tue Jan 2 00:00:00 2024\nSubject: two\n\nx\n";
        let messages = split_mbox(mbox);
        assert_eq!(messages.len(), 2);
        assert!(messages[0].starts_with(b"Subject: one"));
        assert!(messages[1].starts_with(b"Subject: two"));
    }
}
