//! Splitting the unwrapped text into `name=value` tags, with the syntax
//! problems found on the way (missing `=` or `;`, invalid tag names).

use serde::{Deserialize, Serialize};

use super::super::finding::{Code, Finding};
use super::unwrap::Candidate;

/// One `name=value` pair as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawTag {
    /// The name, lower-cased.
    pub name: String,
    /// The value, trimmed.
    pub value: String,
    /// Byte offset of the name in the input.
    pub position: usize,
}

/// A tag with the text index of its value, for positions inside the value.
pub(super) struct TagAt {
    pub(super) raw: RawTag,
    pub(super) value_index: usize,
}

fn is_tag_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Where `value` holds white space followed by `name=`: a missing `;`.
fn missing_semicolon(value: &str) -> Option<usize> {
    // Linear: only word starts (a non-space after a space) are examined, and
    // each examination stops at the first character that is not part of
    // `name *WSP =`.
    let mut after_space = false;
    for (i, c) in value.char_indices() {
        let word_start = after_space && !c.is_whitespace();
        after_space = c.is_whitespace();
        if !word_start || !c.is_ascii_alphabetic() {
            continue;
        }
        let word = &value[i..];
        let name_len = word
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(word.len());
        if word[name_len..].trim_start().starts_with('=') {
            return Some(i);
        }
    }
    None
}

pub(super) fn split_tags(c: &Candidate, findings: &mut Vec<Finding>) -> Vec<TagAt> {
    let mut out = Vec::new();
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, ch) in c.text.char_indices() {
        if ch == ';' {
            pending.push((start, i));
            start = i + 1;
        }
    }
    pending.push((start, c.text.len()));
    pending.reverse();
    while let Some((from, to)) = pending.pop() {
        let seg = &c.text[from..to];
        let lead = seg.len() - seg.trim_start().len();
        let seg_trim = seg.trim();
        if seg_trim.is_empty() {
            continue;
        }
        let seg_start = from + lead;
        let Some(eq) = seg_trim.find('=') else {
            findings.push(
                Finding::new(Code::MissingEquals)
                    .with("position", c.pos(seg_start))
                    .with("text", seg_trim),
            );
            continue;
        };
        let name = seg_trim[..eq].trim();
        let after = &seg_trim[eq + 1..];
        let value_lead = after.len() - after.trim_start().len();
        let mut value = after.trim();
        let value_index = seg_start + eq + 1 + value_lead;
        if let Some(split) = missing_semicolon(value) {
            findings.push(
                Finding::new(Code::MissingSemicolon)
                    .with("position", c.pos(value_index + split))
                    .with("tag", name),
            );
            pending.push((value_index + split, to));
            value = value[..split].trim_end();
        }
        if !is_tag_name(name) {
            findings.push(
                Finding::new(Code::InvalidTagName)
                    .with("position", c.pos(seg_start))
                    .with("tag", name),
            );
            continue;
        }
        out.push(TagAt {
            raw: RawTag {
                name: name.to_ascii_lowercase(),
                value: value.to_owned(),
                position: c.pos(seg_start),
            },
            value_index,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::codes;

    #[test]
    fn syntax_errors() {
        assert_eq!(codes("v=DMARC1; p"), ["missing_equals"]);
        assert_eq!(
            codes("v=DMARC1; p=none rua=mailto:a@example.com"),
            ["missing_semicolon"]
        );
        assert_eq!(codes("v=DMARC1; p=none; r a=x"), ["invalid_tag_name"]);
        assert_eq!(
            codes("\"v=DMARC1; p=none"),
            ["unterminated_quote", "input_unwrapped"]
        );
        assert_eq!(
            codes("v=DMARC1; p=none; v=DMARC1; p=reject"),
            ["several_records", "duplicate_tag"]
        );
        assert_eq!(
            codes("v=DMARC1; p=none\nv=DMARC1; p=reject"),
            ["several_records"]
        );
    }
}
