//! The tolerant record parser.
//!
//! Accepts what people paste: a bare record, a quoted one, several quoted
//! strings (`"v=DMARC1; p=none; " "rua=…"`), a line of `dig` output or of a
//! zone file, `nslookup` or `Resolve-DnsName` output, typed with a Japanese
//! input method or copied with typographic quotes. It never fails: what it
//! cannot read becomes a [`Finding`] with the byte position in the input and
//! the 1-based character column people count in.
//!
//! Three steps, one module each, each using only the ones before it:
//! [`characters`] (full-width, typographic and invisible characters),
//! [`unwrap`] (quotes and tool output), [`tags`] (splitting `name=value`
//! pairs) and [`interpret`] (the typed record and its value problems).

mod characters;
mod interpret;
mod tags;
mod unwrap;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::finding::{Code, Finding};
use super::model::{DmarcRecord, MAX_STRING_LEN};
use characters::normalise_characters;
pub use interpret::closest;
use interpret::interpret;
use tags::split_tags;
pub use tags::RawTag;
pub use unwrap::InputForm;
use unwrap::{unwrap_input, Candidate};

/// The result of [`parse`]: the record and everything known about how it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedRecord {
    /// The record text after unwrapping quotes and tool output.
    pub text: String,
    /// How it was pasted.
    pub form: InputForm,
    /// The owner name from `dig` or `nslookup` output (`_dmarc.example.com`), if any.
    pub name: Option<String>,
    /// Byte lengths of the quoted strings, when the input was quoted.
    pub string_lengths: Vec<usize>,
    /// The tags in the order written.
    pub tags: Vec<RawTag>,
    /// The typed record.
    pub record: DmarcRecord,
    /// Syntax and value problems (errors and a few warnings).
    pub findings: Vec<Finding>,
}

impl ParsedRecord {
    /// Whether a tag is present (name lower case).
    pub fn has_tag(&self, name: &str) -> bool {
        self.tags.iter().any(|t| t.name == name)
    }

    /// The policy domain named by `dig`/`nslookup` output (`example.com`).
    pub fn policy_domain_from_name(&self) -> Option<String> {
        let name = crate::domain::normalise(self.name.as_deref()?)?;
        name.strip_prefix("_dmarc.").map(str::to_owned)
    }
}

/// Parses whatever was pasted. Never fails; see [`ParsedRecord::findings`].
pub fn parse(input: &str) -> ParsedRecord {
    let mut findings = Vec::new();
    let (normalised, back) = normalise_characters(input, &mut findings);
    let own = findings.len();
    let mut parsed = parse_normalised(&normalised, findings);
    let original = |p: usize| back.get(p).or(back.last()).copied().unwrap_or(0);
    for f in &mut parsed.findings[own..] {
        if let Some(p) = f.arg("position").and_then(|p| p.parse::<usize>().ok()) {
            f.args
                .insert("position".to_owned(), original(p).to_string());
        }
    }
    for tag in &mut parsed.tags {
        tag.position = original(tag.position);
    }
    let positions: Vec<usize> = parsed
        .findings
        .iter()
        .filter_map(|f| f.arg("position").and_then(|p| p.parse().ok()))
        .collect();
    let columns = columns(input, positions);
    for f in &mut parsed.findings {
        let position = f.arg("position").and_then(|p| p.parse::<usize>().ok());
        if let Some(column) = position.and_then(|p| columns.get(&p)) {
            f.args.insert("column".to_owned(), column.to_string());
        }
    }
    parsed
}

/// The 1-based character column of each byte offset in `positions`, as
/// people count (`ｐ＝` is two characters, six bytes), in one pass over `input`.
fn columns(input: &str, mut positions: Vec<usize>) -> BTreeMap<usize, usize> {
    positions.sort_unstable();
    positions.dedup();
    let mut out = BTreeMap::new();
    let total = input.chars().count();
    let mut chars = input.char_indices().map(|(i, _)| i).enumerate().peekable();
    for position in positions {
        while chars.next_if(|(_, i)| *i < position).is_some() {}
        let column = chars.peek().map_or(total, |(n, _)| *n) + 1;
        out.insert(position, column);
    }
    out
}

fn parse_normalised(input: &str, mut findings: Vec<Finding>) -> ParsedRecord {
    let candidates = unwrap_input(input, &mut findings);
    let dmarc: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.text.to_ascii_lowercase().contains("v=dmarc1"))
        .collect();
    if dmarc.len() > 1 {
        findings.push(Finding::new(Code::SeveralRecords).with("count", dmarc.len()));
    }
    let chosen = dmarc
        .first()
        .copied()
        .or(candidates.first())
        .cloned()
        .unwrap_or_default();
    let mut parsed = ParsedRecord {
        text: chosen.text.clone(),
        form: chosen.form,
        name: chosen.name.clone(),
        string_lengths: chosen.strings.clone(),
        tags: Vec::new(),
        record: DmarcRecord::default(),
        findings: Vec::new(),
    };
    if chosen.form != InputForm::Bare {
        findings.push(Finding::new(Code::InputUnwrapped).with("form", chosen.form.as_str()));
    }
    for (i, len) in chosen.strings.iter().enumerate() {
        if *len > MAX_STRING_LEN {
            findings.push(
                Finding::new(Code::StringTooLong)
                    .with("length", len)
                    .with("index", i + 1)
                    .with("limit", MAX_STRING_LEN),
            );
        }
    }
    // Tag values are printable ASCII (RFC 7489 § 6.3, RFC 9989): a line break
    // or NUL that a `\DDD` escape put into the value would be published as is.
    if let Some((i, c)) = chosen
        .text
        .char_indices()
        .find(|&(_, c)| c.is_control() && c != '\t')
    {
        findings.push(
            Finding::new(Code::ControlCharacter)
                .with("position", chosen.pos(i))
                .with("codepoint", format!("U+{:04X}", u32::from(c))),
        );
    }
    let trimmed = chosen.text.trim();
    if trimmed.is_empty() {
        findings.push(Finding::new(Code::EmptyRecord));
    } else if trimmed.to_ascii_lowercase().starts_with("v=spf1") {
        findings.push(Finding::new(Code::SpfRecord));
    } else {
        let tags = split_tags(&chosen, &mut findings);
        parsed.record = interpret(&tags, &chosen, &mut findings);
        parsed.tags = tags.into_iter().map(|t| t.raw).collect();
    }
    parsed.findings = findings;
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes of what `parse` found in `input`, in order.
    pub(super) fn codes(input: &str) -> Vec<&'static str> {
        parse(input)
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect()
    }
    #[test]
    fn columns_count_characters_from_one() {
        let cases = [
            ("v=DMARC1; p", "missing_equals", "11"),
            (
                "\u{FEFF}v=DMARC1\u{FF1B} p\u{FF1D}none; x",
                "missing_equals",
                "20",
            ),
            ("\"v=DMARC1; p=none", "unterminated_quote", "1"),
            (
                "v=DMARC1; p=none; rua=mailto:a@例え.jp; pc=1",
                "unknown_tag",
                "39",
            ),
        ];
        for (input, code, want) in cases {
            let p = parse(input);
            let f = p.findings.iter().find(|f| f.code.as_str() == code);
            assert_eq!(f.and_then(|f| f.arg("column")), Some(want), "{input}");
        }
    }
}
