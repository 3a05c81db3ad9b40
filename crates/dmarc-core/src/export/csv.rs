//! The CSV export: [`RecordRow`]s as flat lines (RFC 4180, `\r\n`), one
//! column per entry of [`COLUMNS`]. A new column is one more entry.

use std::io::{self, Write};

use super::row::RecordRow;

/// Writes one cell of a row.
type Cell = fn(&RecordRow, &mut String);

fn text(out: &mut String, v: &Option<String>) {
    if let Some(v) = v {
        out.push_str(v);
    }
}

fn number<T: ToString>(out: &mut String, v: Option<T>) {
    if let Some(v) = v {
        out.push_str(&v.to_string());
    }
}

/// The columns, in order: name and how to write the cell.
const COLUMNS: [(&str, Cell); 38] = [
    ("id", |r, o| o.push_str(&r.id)),
    ("file", |r, o| o.push_str(&r.file)),
    ("org_name", |r, o| text(o, &r.org_name)),
    ("email", |r, o| text(o, &r.email)),
    ("report_id", |r, o| text(o, &r.report_id)),
    ("date_begin", |r, o| number(o, r.date_begin)),
    ("date_begin_iso", |r, o| text(o, &r.date_begin_iso)),
    ("date_end", |r, o| number(o, r.date_end)),
    ("date_end_iso", |r, o| text(o, &r.date_end_iso)),
    ("policy_domain", |r, o| text(o, &r.policy_domain)),
    ("policy_p", |r, o| text(o, &r.policy_p)),
    ("policy_sp", |r, o| text(o, &r.policy_sp)),
    ("policy_np", |r, o| text(o, &r.policy_np)),
    ("policy_adkim", |r, o| text(o, &r.policy_adkim)),
    ("policy_aspf", |r, o| text(o, &r.policy_aspf)),
    ("policy_pct", |r, o| number(o, r.policy_pct)),
    ("policy_fo", |r, o| text(o, &r.policy_fo)),
    ("policy_testing", |r, o| text(o, &r.policy_testing)),
    ("source_ip", |r, o| text(o, &r.source_ip)),
    ("count", |r, o| number(o, r.count)),
    ("disposition", |r, o| text(o, &r.disposition)),
    ("dkim", |r, o| text(o, &r.dkim)),
    ("spf", |r, o| text(o, &r.spf)),
    ("reasons", |r, o| o.push_str(&r.reasons)),
    ("header_from", |r, o| text(o, &r.header_from)),
    ("header_from_org_domain", |r, o| {
        text(o, &r.header_from_org_domain)
    }),
    ("envelope_from", |r, o| text(o, &r.envelope_from)),
    ("envelope_to", |r, o| text(o, &r.envelope_to)),
    ("dkim_auth", |r, o| {
        for (i, d) in r.dkim_auth.iter().enumerate() {
            if i > 0 {
                o.push(';');
            }
            text(o, &d.domain);
            o.push(':');
            text(o, &d.selector);
            o.push(':');
            text(o, &d.result);
        }
    }),
    ("spf_auth", |r, o| {
        for (i, s) in r.spf_auth.iter().enumerate() {
            if i > 0 {
                o.push(';');
            }
            text(o, &s.domain);
            o.push(':');
            text(o, &s.scope);
            o.push(':');
            text(o, &s.result);
        }
    }),
    ("dkim_aligned", |r, o| o.push_str(bool_text(r.dkim_aligned))),
    ("spf_aligned", |r, o| o.push_str(bool_text(r.spf_aligned))),
    ("dmarc_pass", |r, o| o.push_str(bool_text(r.dmarc_pass))),
    ("family", |r, o| text(o, &r.family)),
    ("diagnosis", |r, o| text(o, &r.diagnosis)),
    ("asn", |r, o| number(o, r.asn)),
    ("as_name", |r, o| text(o, &r.as_name)),
    ("country", |r, o| text(o, &r.country)),
];

fn bool_text(v: bool) -> &'static str {
    if v {
        "true"
    } else {
        "false"
    }
}

/// The CSV header, in column order.
pub const CSV_COLUMNS: [&str; COLUMNS.len()] = {
    let mut names = [""; COLUMNS.len()];
    let mut i = 0;
    while i < COLUMNS.len() {
        names[i] = COLUMNS[i].0;
        i += 1;
    }
    names
};

/// Writes the header line.
pub(super) fn write_header(out: &mut impl Write) -> io::Result<()> {
    let mut line = String::new();
    for (i, name) in CSV_COLUMNS.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(name);
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// Writes the line of `row`, reusing `line` and `cell` as buffers.
pub(super) fn write_row(
    out: &mut impl Write,
    row: &RecordRow,
    line: &mut String,
    cell: &mut String,
) -> io::Result<()> {
    line.clear();
    for (i, (_, write)) in COLUMNS.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        cell.clear();
        write(row, cell);
        push_field(line, cell);
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// Quotes a field when it holds a comma, quote, line break, or could be
/// read as a spreadsheet formula (a leading `=`, `+`, `-`, `@`, tab or CR
/// gets a `'` prefix: report values come from strangers).
fn push_field(out: &mut String, field: &str) {
    let formula =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err();
    let needs_quotes = formula || field.contains([',', '"', '\n', '\r']);
    if !needs_quotes {
        out.push_str(field);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&field.replace('"', "\"\""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_defused() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=cmd()", "\"'=cmd()\""),
            ("-5", "-5"),
            ("line\nbreak", "\"line\nbreak\""),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            push_field(&mut out, input);
            assert_eq!(out, want, "{input:?}");
        }
    }
}
