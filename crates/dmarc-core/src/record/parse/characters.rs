//! Characters that do not belong in a DNS record but are what people
//! type or copy: full-width forms, typographic quotes, invisible characters.

use super::super::finding::{Code, Finding};

/// Full-width forms typed with a Japanese input method (`ｐ＝ｒｅｊｅｃｔ；`,
/// the ideographic space), typographic quotes from word processors and
/// invisible characters (byte order mark, zero-width space, soft hyphen):
/// read as what was meant, and reported, since DNS would publish them as is.
/// Returns the normalised text and, for each of its bytes, the input offset.
pub(super) fn normalise_characters(
    input: &str,
    findings: &mut Vec<Finding>,
) -> (String, Vec<usize>) {
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

#[cfg(test)]
mod tests {
    use super::super::super::finding::Code;
    use super::super::super::model::Policy;
    use super::super::parse;
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
}
