//! The tolerant record parser.
//!
//! Accepts what people paste: a bare record, a quoted one, several quoted
//! strings (`"v=DMARC1; p=none; " "rua=…"`), a line of `dig` output
//! (`_dmarc.example.com. 3600 IN TXT "v=DMARC1; …"`) or of `nslookup` output
//! (`text = "…"`, on the same line or the next). It never fails: what it
//! cannot read becomes a [`Finding`] with the byte position in the input.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::finding::{Code, Finding};
use super::model::{
    Alignment, DmarcRecord, FailureOption, Policy, Psd, ReportFormat, ReportUri, SizeLimit,
    Testing, KNOWN_TAGS, VERSION,
};

/// The longest string one TXT character-string can hold (RFC 1035 §3.3).
pub const MAX_STRING_LEN: usize = 255;

/// How the record was pasted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputForm {
    /// The record alone.
    #[default]
    Bare,
    /// One or more quoted strings.
    Quoted,
    /// A line of `dig` (or zone-file) output.
    Dig,
    /// `nslookup` output.
    Nslookup,
    /// PowerShell `Resolve-DnsName` output.
    PowerShell,
}

impl InputForm {
    /// `bare`, `quoted`, `dig`, `nslookup`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputForm::Bare => "bare",
            InputForm::Quoted => "quoted",
            InputForm::Dig => "dig",
            InputForm::Nslookup => "nslookup",
            InputForm::PowerShell => "powershell",
        }
    }
}

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
    let (normalised, back) = normalise_input(input, &mut findings);
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
    for f in &mut parsed.findings {
        if let Some(column) = f.arg("position").and_then(|p| p.parse::<usize>().ok()) {
            f.args.insert("column".to_owned(), (column + 1).to_string());
        }
    }
    parsed
}

/// Full-width forms typed with a Japanese input method (`ｐ＝ｒｅｊｅｃｔ；`,
/// the ideographic space), typographic quotes from word processors and
/// invisible characters (byte order mark, zero-width space, soft hyphen):
/// read as what was meant, and reported, since DNS would publish them as is.
/// Returns the normalised text and, for each of its bytes, the input offset.
fn normalise_input(input: &str, findings: &mut Vec<Finding>) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(input.len());
    let mut back = Vec::with_capacity(input.len() + 1);
    let mut first: [Option<(usize, char)>; 3] = [None; 3];
    for (i, c) in input.char_indices() {
        let (mapped, kind) = match c {
            '\u{FF01}'..='\u{FF5E}' => (char::from_u32(u32::from(c) - 0xFEE0), 0),
            '\u{3000}' => (Some(' '), 0),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => (Some('"'), 1),
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' => {
                (None, 2)
            }
            _ => {
                out.push(c);
                back.extend(std::iter::repeat_n(i, c.len_utf8()));
                continue;
            }
        };
        if first[kind].is_none() {
            first[kind] = Some((i, c));
        }
        if let Some(m) = mapped {
            out.push(m);
            back.extend(std::iter::repeat_n(i, m.len_utf8()));
        }
    }
    back.push(input.len());
    let codes = [
        Code::FullwidthCharacters,
        Code::TypographicQuotes,
        Code::InvisibleCharacters,
    ];
    for (code, found) in codes.into_iter().zip(first) {
        if let Some((position, c)) = found {
            let f = Finding::new(code)
                .with("position", position)
                .with("character", c)
                .with("codepoint", format!("U+{:04X}", u32::from(c)));
            findings.push(f);
        }
    }
    (out, back)
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

/// One record found in the input, with a map from its bytes to input offsets.
#[derive(Clone, Debug, Default)]
struct Candidate {
    text: String,
    /// `map[i]` is the input offset of `text`'s byte `i`; one extra entry for the end.
    map: Vec<usize>,
    strings: Vec<usize>,
    form: InputForm,
    name: Option<String>,
}

impl Candidate {
    fn push(&mut self, c: char, at: usize) {
        let mut buf = [0u8; 4];
        for _ in 0..c.encode_utf8(&mut buf).len() {
            self.map.push(at);
        }
        self.text.push(c);
    }

    fn pos(&self, index: usize) -> usize {
        self.map
            .get(index)
            .or(self.map.last())
            .copied()
            .unwrap_or(0)
    }
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn find_ci(text: &str, needle: &str) -> Option<usize> {
    text.to_ascii_lowercase().find(needle)
}

/// Splits the input into records: one per `dig`/`nslookup` answer line or per
/// line starting with `v=`; other lines continue the previous record.
fn unwrap_input(input: &str, findings: &mut Vec<Finding>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut continue_nslookup = false;
    let mut offset = 0;
    for raw_line in input.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty()
            || body.starts_with(';')
            || [
                "server:",
                "address:",
                "non-authoritative",
                "authoritative answers",
            ]
            .iter()
            .any(|p| starts_with_ci(body, p))
        {
            continue;
        }
        let body_start = line_start + lead;
        let (form, name, content_start) = if let Some(i) = find_ci(body, "text =") {
            let name = body[..i].trim();
            (
                InputForm::Nslookup,
                (!name.is_empty()).then(|| name.to_owned()),
                i + "text =".len(),
            )
        } else if let Some((name, start)) = dig_answer(body) {
            (InputForm::Dig, Some(name), start)
        } else {
            (InputForm::Bare, None, 0)
        };
        let (form, mut content_start) = match form {
            // PowerShell's Resolve-DnsName: `name TXT ttl Answer {strings}`.
            InputForm::Dig => match powershell_strings(&body[content_start..]) {
                Some(start) => (InputForm::PowerShell, content_start + start),
                None => (form, content_start),
            },
            _ => (form, content_start),
        };
        let mut content = &body[content_start..];
        if form == InputForm::PowerShell {
            content = content.trim_end().trim_end_matches('}');
        } else if content_start > 0 && content.trim_start().starts_with('{') {
            content_start += content.len() - content.trim_start().len() + 1;
            content = body[content_start..].trim_end().trim_end_matches('}');
        }
        let content_offset = body_start + content_start;
        if form == InputForm::Nslookup && content.trim().is_empty() {
            out.push(Candidate {
                form,
                name,
                ..Candidate::default()
            });
            continue_nslookup = true;
            continue;
        }
        let mut piece = Candidate::default();
        let quoted = read_content(content, content_offset, &mut piece, findings);
        let starts_record = starts_with_ci(piece.text.trim_start(), "v=");
        let target = match out.last_mut() {
            Some(last)
                if form == InputForm::Bare
                    && (continue_nslookup || !starts_record || last.text.is_empty()) =>
            {
                last
            }
            _ => {
                out.push(Candidate {
                    form,
                    name,
                    ..Candidate::default()
                });
                match out.last_mut() {
                    Some(last) => last,
                    None => continue,
                }
            }
        };
        continue_nslookup = false;
        if quoted && target.form == InputForm::Bare {
            target.form = InputForm::Quoted;
        }
        if !target.text.is_empty() && !quoted {
            let ends_clean = target.text.ends_with([';', ' ', '\t']);
            if !ends_clean {
                target.push(' ', line_start);
            }
        }
        target.text.push_str(&piece.text);
        target.map.extend(piece.map);
        target.strings.extend(piece.strings);
    }
    for c in &mut out {
        let end = c.map.last().map_or(0, |p| p + 1);
        c.map.push(end);
    }
    out
}

/// After `TXT` in Resolve-DnsName output: `300  Answer  {v=DMARC1; …}`.
/// Returns where the strings start (after `{`).
fn powershell_strings(rest: &str) -> Option<usize> {
    let brace = rest.find('{')?;
    let head: Vec<&str> = rest[..brace].split_whitespace().collect();
    let shaped = matches!(head.as_slice(), [ttl, section]
        if ttl.bytes().all(|b| b.is_ascii_digit())
            && ["answer", "authority", "additional"].iter().any(|s| section.eq_ignore_ascii_case(s)));
    (shaped && rest.trim_end().ends_with('}')).then_some(brace + 1)
}

/// Recognises `name [ttl] [class] TXT rest`; returns the name and where `rest` starts.
fn dig_answer(body: &str) -> Option<(String, usize)> {
    let before_quote = body.find('"').unwrap_or(body.len());
    let head = &body[..before_quote];
    let mut index = 0;
    let mut tokens = Vec::new();
    for token in head.split_whitespace() {
        let at = head[index..].find(token)? + index;
        index = at + token.len();
        tokens.push((token, at));
    }
    let txt = tokens
        .iter()
        .position(|(t, _)| t.eq_ignore_ascii_case("TXT"))?;
    if txt == 0 || tokens[0].0.contains('=') {
        return None;
    }
    let middle_ok = tokens[1..txt].iter().all(|(t, _)| {
        t.chars().all(|c| c.is_ascii_digit())
            || ["in", "ch", "hs"].iter().any(|c| t.eq_ignore_ascii_case(c))
    });
    if !middle_ok {
        return None;
    }
    let (txt_token, at) = tokens[txt];
    Some((tokens[0].0.to_owned(), at + txt_token.len()))
}

/// Reads quoted strings (with `\"`, `\\`, `\DDD` escapes) or bare text into
/// `piece`. Returns whether any quote was seen.
fn read_content(
    content: &str,
    offset: usize,
    piece: &mut Candidate,
    findings: &mut Vec<Finding>,
) -> bool {
    let first = content.trim_start();
    let quoted = first.starts_with('"') || first.starts_with("(");
    if !quoted {
        let lead = content.len() - first.len();
        for (i, c) in first.trim_end().char_indices() {
            piece.push(c, offset + lead + i);
        }
        return false;
    }
    let mut chars = content.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let start_len = piece.text.len();
                let mut closed = false;
                while let Some((j, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((k, d)) if d.is_ascii_digit() => {
                                let mut digits = String::from(d);
                                while let Some((_, e)) = chars.peek() {
                                    if digits.len() < 3 && e.is_ascii_digit() {
                                        digits.push(*e);
                                        chars.next();
                                    } else {
                                        break;
                                    }
                                }
                                let byte = digits.parse::<u8>().ok().filter(u8::is_ascii);
                                piece.push(byte.map_or('?', char::from), offset + k - 1);
                            }
                            Some((k, d)) => piece.push(d, offset + k),
                            None => piece.push('\\', offset + j),
                        },
                        _ => piece.push(c, offset + j),
                    }
                }
                piece.strings.push(piece.text.len() - start_len);
                if !closed {
                    findings
                        .push(Finding::new(Code::UnterminatedQuote).with("position", offset + i));
                }
            }
            ';' => break,
            '(' | ')' => {}
            c if c.is_whitespace() => {}
            c => piece.push(c, offset + i),
        }
    }
    true
}

/// A tag with the text index of its value, for positions inside the value.
struct TagAt {
    raw: RawTag,
    value_index: usize,
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

fn split_tags(c: &Candidate, findings: &mut Vec<Finding>) -> Vec<TagAt> {
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

/// The closest of `candidates` to `word` within edit distance 2, if any.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, c), *c))
        .filter(|(d, c)| *d > 0 && *d <= 2 && *d < c.len().max(word.len()))
        .min_by_key(|(d, c)| (*d, c.len() < word.len(), c.len().abs_diff(word.len())))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn interpret(tags: &[TagAt], c: &Candidate, findings: &mut Vec<Finding>) -> DmarcRecord {
    let mut r = DmarcRecord::default();
    let mut seen = BTreeSet::new();
    let mut several = 0usize;
    let already_several = findings.iter().any(|f| f.code == Code::SeveralRecords);
    match tags.iter().position(|t| t.raw.name == "v") {
        None => findings.push(Finding::new(Code::MissingVersion)),
        Some(0) => {}
        Some(_) => findings.push(Finding::new(Code::VersionNotFirst)),
    }
    for (index, tag) in tags.iter().enumerate() {
        let TagAt { raw, value_index } = tag;
        let value = raw.value.as_str();
        let at = |f: Finding| {
            f.with("tag", &raw.name)
                .with("value", value)
                .with("position", raw.position)
        };
        if !seen.insert(raw.name.clone()) {
            if raw.name == "v" && value.eq_ignore_ascii_case(VERSION) {
                several += 1;
            } else {
                findings.push(at(Finding::new(Code::DuplicateTag)));
            }
            continue;
        }
        match raw.name.as_str() {
            "v" => {
                r.v = value.to_owned();
                if index == 0 && value != VERSION {
                    let code = if value.eq_ignore_ascii_case(VERSION) {
                        Code::VersionWrongCase
                    } else {
                        Code::InvalidVersion
                    };
                    findings.push(at(Finding::new(code)));
                }
            }
            "p" | "sp" | "np" => {
                let policy = Policy::parse(value);
                if policy.is_none() {
                    let mut f = at(Finding::new(Code::InvalidPolicy));
                    if let Some(s) = closest(value, &["none", "quarantine", "reject"]) {
                        f = f.with("suggestion", s);
                    }
                    findings.push(f);
                }
                match raw.name.as_str() {
                    "p" => r.p = policy,
                    "sp" => r.sp = policy,
                    _ => r.np = policy,
                }
            }
            "adkim" | "aspf" => {
                let a = Alignment::parse(value);
                if a.is_none() {
                    findings.push(at(Finding::new(Code::InvalidAlignment)));
                }
                if raw.name == "adkim" {
                    r.adkim = a;
                } else {
                    r.aspf = a;
                }
            }
            "fo" => r.fo = parse_fo(value, &raw.name, raw.position, findings),
            "t" => {
                r.t = Testing::parse(value);
                if r.t.is_none() {
                    findings.push(at(Finding::new(Code::InvalidTesting)));
                }
            }
            "psd" => {
                r.psd = Psd::parse(value);
                if r.psd.is_none() {
                    findings.push(at(Finding::new(Code::InvalidPsd)));
                }
            }
            "pct" => {
                r.pct = parse_number(value)
                    .and_then(|n| u8::try_from(n).ok())
                    .filter(|n| *n <= 100);
                if r.pct.is_none() {
                    findings.push(at(Finding::new(Code::InvalidPct)));
                }
            }
            "ri" => {
                r.ri = parse_number(value).and_then(|n| u32::try_from(n).ok());
                if r.ri.is_none() {
                    findings.push(at(Finding::new(Code::InvalidRi)));
                }
            }
            "rf" => {
                let formats: Vec<_> = value.split(':').map(ReportFormat::parse).collect();
                if formats.iter().all(Option::is_some) {
                    r.rf = Some(ReportFormat::Afrf);
                } else {
                    findings.push(at(Finding::new(Code::InvalidRf)));
                }
            }
            "rua" | "ruf" => {
                let uris = parse_uris(&raw.name, value, *value_index, c, findings);
                if raw.name == "rua" {
                    r.rua = uris;
                } else {
                    r.ruf = uris;
                }
            }
            _ => {
                let mut f = Finding::new(Code::UnknownTag)
                    .with("tag", &raw.name)
                    .with("position", raw.position);
                if let Some(s) = closest(&raw.name, KNOWN_TAGS) {
                    f = f.with("suggestion", s);
                }
                findings.push(f);
                r.unknown.push((raw.name.clone(), value.to_owned()));
            }
        }
    }
    if several > 0 && !already_several {
        // Reported before the problems found inside the records.
        let at = findings
            .iter()
            .position(|f| f.code != Code::InputUnwrapped && f.code != Code::StringTooLong)
            .unwrap_or(findings.len());
        findings.insert(
            at.min(findings.len()),
            Finding::new(Code::SeveralRecords).with("count", several + 1),
        );
    }
    r
}

fn parse_number(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

fn parse_fo(
    value: &str,
    tag: &str,
    position: usize,
    findings: &mut Vec<Finding>,
) -> Option<Vec<FailureOption>> {
    let mut options = Vec::new();
    for part in value.split(':') {
        match FailureOption::parse(part) {
            Some(o) if options.contains(&o) => findings.push(
                Finding::new(Code::FoDuplicate)
                    .with("tag", tag)
                    .with("value", o)
                    .with("position", position),
            ),
            Some(o) => options.push(o),
            None => {
                findings.push(
                    Finding::new(Code::InvalidFailureOption)
                        .with("tag", tag)
                        .with("value", part.trim())
                        .with("position", position),
                );
                return None;
            }
        }
    }
    if options.contains(&FailureOption::All) && options.contains(&FailureOption::Any) {
        findings.push(
            Finding::new(Code::FoZeroAndOne)
                .with("tag", tag)
                .with("value", value)
                .with("position", position),
        );
    }
    Some(options)
}

fn parse_uris(
    tag: &str,
    value: &str,
    value_index: usize,
    c: &Candidate,
    findings: &mut Vec<Finding>,
) -> Vec<ReportUri> {
    let mut out = Vec::new();
    let mut index = value_index;
    for (n, part) in value.split(',').enumerate() {
        let lead = part.len() - part.trim_start().len();
        let position = c.pos(index + lead);
        index += part.len() + 1;
        let uri = part.trim();
        let f = |code| {
            Finding::new(code)
                .with("tag", tag)
                .with("uri", uri)
                .with("position", position)
        };
        if uri.is_empty() {
            findings.push(f(Code::UriEmpty));
            continue;
        }
        let Some((scheme, rest)) = uri.split_once(':').filter(|(s, _)| is_scheme(s)) else {
            let code = if n > 0 && uri.contains('@') {
                Code::UriUnencodedComma
            } else {
                Code::UriNotMailto
            };
            let mut finding = f(code);
            if uri.contains('@') {
                finding = finding.with("suggestion", format!("mailto:{uri}"));
            }
            findings.push(finding);
            continue;
        };
        if !scheme.eq_ignore_ascii_case("mailto") {
            findings.push(f(Code::UriNotMailto).with("scheme", scheme));
            continue;
        }
        let (address, size) = match rest.rsplit_once('!') {
            None => (rest, None),
            Some((address, size)) => {
                if address.contains('!') || size.contains('@') {
                    let fixed = if size.contains('@') {
                        rest.replace('!', "%21")
                    } else {
                        format!("{}!{size}", address.replace('!', "%21"))
                    };
                    findings.push(
                        f(Code::UriUnencodedBang).with("suggestion", format!("mailto:{fixed}")),
                    );
                    continue;
                }
                match SizeLimit::parse(size) {
                    Some(limit) => (address, Some(limit)),
                    None => {
                        findings.push(f(Code::UriBadSize).with("size", size));
                        continue;
                    }
                }
            }
        };
        if !is_address(address) {
            findings.push(f(Code::UriBadAddress).with("address", address));
            continue;
        }
        out.push(ReportUri {
            address: address.to_owned(),
            size_limit: size,
        });
    }
    out
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Whether `address` (the part after `mailto:`, before `!size`) is an e-mail address.
pub fn is_address(address: &str) -> bool {
    let address = address.split('?').next().unwrap_or(address);
    let Some((local, host)) = address.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(['@', ' ', ',', ';', '"', '<', '>'])
        && crate::record::builder::normalise_domain(host).is_some_and(|h| h.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(input: &str) -> Vec<&'static str> {
        parse(input)
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect()
    }

    #[test]
    fn unwraps_every_pasted_form() {
        let want = "v=DMARC1; p=none; rua=mailto:d@example.com";
        let cases = [
            ("v=DMARC1; p=none; rua=mailto:d@example.com", InputForm::Bare),
            ("\"v=DMARC1; p=none; rua=mailto:d@example.com\"", InputForm::Quoted),
            ("\"v=DMARC1; p=none; \" \"rua=mailto:d@example.com\"", InputForm::Quoted),
            (
                "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"",
                InputForm::Dig,
            ),
            (
                "_dmarc.example.com.\t300\tIN\tTXT\t\"v=DMARC1; p=none; \" \"rua=mailto:d@example.com\"",
                InputForm::Dig,
            ),
            (
                "_dmarc.example.com\ttext = \"v=DMARC1; p=none; rua=mailto:d@example.com\"",
                InputForm::Nslookup,
            ),
            (
                "Server: one.one.one.one\nAddress: 1.1.1.1\n\nNon-authoritative answer:\n_dmarc.example.com\ttext =\n\n\t\"v=DMARC1; p=none; rua=mailto:d@example.com\"\n",
                InputForm::Nslookup,
            ),
            (
                "Name                Type   TTL   Section    Strings\n----                ----   ---   -------    -------\n_dmarc.example.com  TXT    300   Answer     {v=DMARC1; p=none; rua=mailto:d@example.com}",
                InputForm::PowerShell,
            ),
            ("_dmarc TXT v=DMARC1; p=none; rua=mailto:d@example.com", InputForm::Dig),
        ];
        for (input, form) in cases {
            let p = parse(input);
            assert_eq!(p.text, want, "{input}");
            assert_eq!(p.form, form, "{input}");
            assert!(
                p.findings.iter().all(|f| f.code == Code::InputUnwrapped),
                "{input}: {:?}",
                p.findings
            );
        }
        let p = parse("_dmarc.Example.com. 3600 IN TXT \"v=DMARC1; p=none\"");
        assert_eq!(p.policy_domain_from_name().as_deref(), Some("example.com"));
    }

    #[test]
    fn positions_point_into_the_input() {
        let input = "\"v=DMARC1; \" \"p=none; p=reject\"";
        let p = parse(input);
        let dup = p.findings.iter().find(|f| f.code == Code::DuplicateTag);
        let pos: usize = dup
            .and_then(|f| f.arg("position"))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert_eq!(&input[pos..pos + 8], "p=reject");
    }

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

    #[test]
    fn version_rules() {
        assert_eq!(codes("p=none; v=DMARC1"), ["version_not_first"]);
        assert_eq!(codes("v=dmarc1; p=none"), ["version_wrong_case"]);
        assert_eq!(codes("v=DMARC2; p=none"), ["invalid_version"]);
        assert_eq!(codes("p=none"), ["missing_version"]);
        assert_eq!(codes("v=spf1 include:amazonses.com ~all"), ["spf_record"]);
        assert_eq!(codes("   "), ["empty_record"]);
    }

    #[test]
    fn every_tag_value_is_checked() {
        let cases = [
            ("p=rejct", "invalid_policy"),
            ("sp=block", "invalid_policy"),
            ("np=", "invalid_policy"),
            ("adkim=strict", "invalid_alignment"),
            ("aspf=x", "invalid_alignment"),
            ("fo=2", "invalid_failure_option"),
            ("t=yes", "invalid_testing"),
            ("psd=maybe", "invalid_psd"),
            ("pct=101", "invalid_pct"),
            ("pct=-1", "invalid_pct"),
            ("ri=1h", "invalid_ri"),
            ("rf=iodef", "invalid_rf"),
            ("fo=1:1", "fo_duplicate"),
            ("fo=0:1", "fo_zero_and_one"),
            ("rua=https://example.com/r", "uri_not_mailto"),
            ("rua=d@example.com", "uri_not_mailto"),
            ("rua=", "uri_empty"),
            ("rua=mailto:a@example.com,", "uri_empty"),
            ("rua=mailto:nobody", "uri_bad_address"),
            ("rua=mailto:a@example.com!10mb", "uri_bad_size"),
            (
                "rua=mailto:a@example.com,b@example.com",
                "uri_unencoded_comma",
            ),
            ("rua=mailto:a!b@example.com", "uri_unencoded_bang"),
            ("rua=mailto:a!b@example.com!10m", "uri_unencoded_bang"),
            ("pc=50", "unknown_tag"),
        ];
        for (tag, code) in cases {
            let input = if tag.starts_with("p=") {
                format!("v=DMARC1; {tag}")
            } else {
                format!("v=DMARC1; p=none; {tag}")
            };
            let got = codes(&input);
            assert_eq!(got, [code], "{tag}");
        }
        let p = parse("v=DMARC1; p=rejct; rue=x");
        assert_eq!(p.findings[0].arg("suggestion"), Some("reject"));
        assert_eq!(p.findings[1].arg("suggestion"), Some("rua"));
    }

    #[test]
    fn typed_values() {
        let p = parse("v=DMARC1; p=Reject; sp=quarantine; np=none; adkim=s; aspf=r; pct=50; t=y; fo=1:d:s; rf=afrf; ri=3600; psd=n; rua=mailto:a@example.com!10m,mailto:b@example.net; ruf=mailto:f@example.com; x=1");
        let r = &p.record;
        assert_eq!(r.p, Some(Policy::Reject));
        assert_eq!(r.sp, Some(Policy::Quarantine));
        assert_eq!(r.np, Some(Policy::None));
        assert_eq!(r.adkim, Some(Alignment::Strict));
        assert_eq!(r.aspf, Some(Alignment::Relaxed));
        assert_eq!(r.pct, Some(50));
        assert_eq!(r.t, Some(Testing::Yes));
        assert_eq!(
            r.fo.as_deref(),
            Some(&[FailureOption::Any, FailureOption::Dkim, FailureOption::Spf][..])
        );
        assert_eq!(r.rf, Some(ReportFormat::Afrf));
        assert_eq!(r.ri, Some(3600));
        assert_eq!(r.psd, Some(Psd::No));
        assert_eq!(r.rua.len(), 2);
        assert_eq!(
            r.rua[0].size_limit.map(|s| s.to_string()).as_deref(),
            Some("10m")
        );
        assert_eq!(r.ruf[0].address, "f@example.com");
        assert_eq!(r.unknown, [("x".to_owned(), "1".to_owned())]);
    }

    #[test]
    fn full_width_typographic_and_invisible_characters() {
        let input = "\u{FEFF}v=DMARC1； p＝reject;\u{3000}rua=mailto:d@example.com";
        let p = parse(input);
        assert_eq!(p.record.p, Some(Policy::Reject));
        assert_eq!(p.record.rua.len(), 1);
        let got: Vec<&str> = p.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(got, ["fullwidth_characters", "invisible_characters"]);
        assert_eq!(p.findings[0].arg("character"), Some("；"));
        assert_eq!(p.findings[0].arg("position"), Some("11"));
        assert_eq!(&input[11..14], "；");
        let pos = |t: &str| p.tags.iter().find(|x| x.name == t).map(|x| x.position);
        assert_eq!(pos("rua").map(|i| &input[i..i + 4]), Some("rua="));
        let p = parse("“v=DMARC1; p=none”");
        assert_eq!(p.text, "v=DMARC1; p=none");
        assert_eq!(p.findings[0].code, Code::TypographicQuotes);
    }

    #[test]
    fn closest_tag_names() {
        assert_eq!(closest("adkm", KNOWN_TAGS), Some("adkim"));
        assert_eq!(closest("ruaa", KNOWN_TAGS), Some("rua"));
        assert_eq!(closest("policy", KNOWN_TAGS), None);
        assert_eq!(closest("reporting", KNOWN_TAGS), None);
    }
}
