//! Rendering: a record back to text, in canonical order (`v`, then `p`, then
//! the others), and the DNS forms of that text (quoted strings of at most
//! 255 bytes, zone-file lines).

use std::fmt::Write as _;

use super::model::MAX_STRING_LEN;
use super::model::{DmarcRecord, ReportUri};

/// The record as a TXT value: `v=DMARC1; p=…; …`, tags in canonical order,
/// unknown tags last, absent tags left out.
pub fn render(r: &DmarcRecord) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut push = |name: &str, value: String| parts.push(format!("{name}={value}"));
    push(
        "v",
        if r.v.is_empty() {
            super::model::VERSION.to_owned()
        } else {
            r.v.clone()
        },
    );
    if let Some(p) = r.p {
        push("p", p.to_string());
    }
    if let Some(sp) = r.sp {
        push("sp", sp.to_string());
    }
    if let Some(np) = r.np {
        push("np", np.to_string());
    }
    if let Some(a) = r.adkim {
        push("adkim", a.to_string());
    }
    if let Some(a) = r.aspf {
        push("aspf", a.to_string());
    }
    if let Some(pct) = r.pct {
        push("pct", pct.to_string());
    }
    if let Some(t) = r.t {
        push("t", t.to_string());
    }
    if let Some(fo) = &r.fo {
        let fo: Vec<&str> = fo.iter().map(|o| o.as_str()).collect();
        push("fo", fo.join(":"));
    }
    if let Some(rf) = r.rf {
        push("rf", rf.to_string());
    }
    if let Some(ri) = r.ri {
        push("ri", ri.to_string());
    }
    if !r.rua.is_empty() {
        push("rua", uris(&r.rua));
    }
    if !r.ruf.is_empty() {
        push("ruf", uris(&r.ruf));
    }
    if let Some(psd) = r.psd {
        push("psd", psd.to_string());
    }
    for (name, value) in &r.unknown {
        push(name, value.clone());
    }
    parts.join("; ")
}

fn uris(list: &[ReportUri]) -> String {
    let list: Vec<String> = list.iter().map(ReportUri::to_string).collect();
    list.join(",")
}

/// Splits a TXT value into strings of at most 255 bytes, on character
/// boundaries, preferring to cut right after a `;` or `,` so each string
/// stays readable. Resolvers concatenate them without separator.
pub fn split_strings(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while rest.len() > MAX_STRING_LEN {
        let mut cut = MAX_STRING_LEN;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let nice = rest[..cut]
            .rfind([';', ','])
            .map(|i| i + 1)
            .filter(|i| *i > MAX_STRING_LEN / 2);
        let cut = nice.unwrap_or(cut);
        out.push(rest[..cut].to_owned());
        rest = &rest[cut..];
    }
    out.push(rest.to_owned());
    out
}

/// The value as one or more quoted strings: `"…" "…"`, with `"` and `\` escaped.
pub fn quoted(value: &str) -> String {
    let mut out = String::new();
    for (i, s) in split_strings(value).iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('"');
        for c in s.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out
}

/// A zone-file line: `<name>. <ttl> IN TXT "…" "…"`.
pub fn zone_line(name: &str, ttl: u32, value: &str) -> String {
    let mut line = String::new();
    let _ = write!(
        line,
        "{}. {ttl} IN TXT {}",
        name.trim_end_matches('.'),
        quoted(value)
    );
    line
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    #[test]
    fn every_tag_round_trips() {
        let records = [
            "v=DMARC1; p=none",
            "v=DMARC1; p=quarantine",
            "v=DMARC1; p=reject",
            "v=DMARC1; p=reject; sp=none",
            "v=DMARC1; p=reject; np=quarantine",
            "v=DMARC1; p=none; adkim=s",
            "v=DMARC1; p=none; aspf=s",
            "v=DMARC1; p=none; adkim=r; aspf=r",
            "v=DMARC1; p=quarantine; pct=25",
            "v=DMARC1; p=quarantine; t=y",
            "v=DMARC1; p=quarantine; t=n",
            "v=DMARC1; p=none; fo=1:d:s; ruf=mailto:f@example.com",
            "v=DMARC1; p=none; fo=0",
            "v=DMARC1; p=none; rf=afrf",
            "v=DMARC1; p=none; ri=3600",
            "v=DMARC1; p=none; rua=mailto:a@example.com",
            "v=DMARC1; p=none; rua=mailto:a@example.com!10m,mailto:b@example.net!500k",
            "v=DMARC1; p=none; rua=mailto:a@example.com!2048",
            "v=DMARC1; p=none; ruf=mailto:f@example.com!1g",
            "v=DMARC1; p=none; psd=n",
            "v=DMARC1; p=none; psd=y",
            "v=DMARC1; p=none; psd=u",
            "v=DMARC1; p=none; x_extension=1",
        ];
        for text in records {
            let parsed = parse(text);
            assert_eq!(render(&parsed.record), text, "render");
            assert_eq!(
                parse(&render(&parsed.record)).record,
                parsed.record,
                "round trip"
            );
        }
    }

    #[test]
    fn render_puts_p_right_after_v() {
        let parsed = parse("v=DMARC1; rua=mailto:a@example.com; aspf=s; p=reject");
        assert_eq!(
            render(&parsed.record),
            "v=DMARC1; p=reject; aspf=s; rua=mailto:a@example.com"
        );
    }

    #[test]
    fn long_values_split_into_strings_of_at_most_255_bytes() {
        let addresses: Vec<String> = (0..12)
            .map(|i| format!("mailto:reports-{i}@dmarc.example.com"))
            .collect();
        let value = format!("v=DMARC1; p=none; rua={}", addresses.join(","));
        assert!(value.len() > 255);
        let strings = split_strings(&value);
        assert!(strings.len() >= 2);
        assert!(strings.iter().all(|s| s.len() <= 255));
        assert_eq!(strings.concat(), value);
        let line = zone_line("_dmarc.example.com.", 3600, &value);
        assert!(line.starts_with("_dmarc.example.com. 3600 IN TXT \"v=DMARC1;"));
        assert_eq!(parse(&line).text, value);
        assert_eq!(quoted("a\"b"), "\"a\\\"b\"");
    }
}
