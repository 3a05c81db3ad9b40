//! Unwrapping what was pasted: quoted strings (with `\"`, `\\`, `\DDD`
//! escapes), a line of `dig` output or a zone file
//! (`_dmarc.example.com. 3600 IN TXT "v=DMARC1; …"`), `nslookup` output
//! (`text = "…"`, on the same line or the next) and PowerShell's
//! `Resolve-DnsName` table. Each record found becomes a [`Candidate`] whose
//! bytes map back to input offsets.

use serde::{Deserialize, Serialize};

use super::super::finding::{Code, Finding};

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

/// One record found in the input, with a map from its bytes to input offsets.
#[derive(Clone, Debug, Default)]
pub(super) struct Candidate {
    pub(super) text: String,
    /// `map[i]` is the input offset of `text`'s byte `i`; one extra entry for the end.
    map: Vec<usize>,
    pub(super) strings: Vec<usize>,
    pub(super) form: InputForm,
    pub(super) name: Option<String>,
}

impl Candidate {
    fn push(&mut self, c: char, at: usize) {
        let mut buf = [0u8; 4];
        for _ in 0..c.encode_utf8(&mut buf).len() {
            self.map.push(at);
        }
        self.text.push(c);
    }

    pub(super) fn pos(&self, index: usize) -> usize {
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
pub(super) fn unwrap_input(input: &str, findings: &mut Vec<Finding>) -> Vec<Candidate> {
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

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
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
}
