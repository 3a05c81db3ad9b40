//! Plain records (no comment, CDATA, reference, attribute, prefix or white
//! space inside a tag) are read by the parser itself rather than event by
//! event through the XML reader; the result must be exactly the reader's:
//! the same records, notes (with their first records and counts) and
//! errors with their places. Checked over the shared corpus and the
//! parser's fixtures, and over generated reports changed in the ways that
//! make a record not plain, or plain but unusual.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dmarc_core::report::aggregate::{
    parse_aggregate, parse_aggregate_plain, PlainRecords, XmlLimits,
};
use dmarc_core::testdata::{generate_aggregate, generate_large_reporter};

/// Reads `xml` both ways with `limits`, asserts the same result, and
/// returns how many records were read as plain.
fn same_both_ways(name: &str, xml: &[u8], limits: &XmlLimits) -> usize {
    plain_both_ways(name, xml, limits).plain
}

/// As [`same_both_ways`], also saying how many plain records followed one
/// of the same markup before them.
fn plain_both_ways(name: &str, xml: &[u8], limits: &XmlLimits) -> PlainRecords {
    let (reader, none) = parse_aggregate_plain(xml, limits, false);
    assert_eq!(
        none,
        PlainRecords::default(),
        "{name}: records read as plain when told not to"
    );
    let (plain, count) = parse_aggregate_plain(xml, limits, true);
    match (&plain, &reader) {
        (Ok(a), Ok(b)) if a != b => {
            let (ra, rb) = (&a.report.records, &b.report.records);
            let at = ra.iter().zip(rb).position(|(x, y)| x != y);
            panic!(
                "{name}: notes {:?} / {:?}; {} / {} records; first different record {at:?}: {:?}",
                a.notes,
                b.notes,
                ra.len(),
                rb.len(),
                at.map(|i| (&ra[i], &rb[i]))
            );
        }
        _ => assert_eq!(plain, reader, "{name}"),
    }
    count
}

fn records(xml: &[u8]) -> usize {
    parse_aggregate(xml, &XmlLimits::default())
        .map(|p| p.report.records.len())
        .unwrap_or(0)
}

#[test]
fn the_corpus_and_fixtures_read_the_same_both_ways() {
    let payloads = super::split::payloads();
    let (mut plain, mut all) = (0, 0);
    for (name, xml) in &payloads {
        plain += same_both_ways(name, xml, &XmlLimits::default());
        all += records(xml);
    }
    // Most records of real reports are plain (when this was written, 2,526
    // of the corpus' and fixtures' 2,533): a path never taken would compare
    // nothing.
    eprintln!("plain: {plain} of {all} records");
    assert!(
        plain * 10 >= all * 9,
        "only {plain} of {all} records were read as plain"
    );
}

/// How many of a changed report's records are still plain.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Still {
    All,
    None,
    /// Some (the change is made once, or breaks the report).
    Some,
}

/// Changes made to every record (what, by what) and what they leave plain.
const CHANGES: [(&str, &str, &str, Still); 28] = [
    (
        "a comment in each record",
        "</row>",
        "</row><!-- c -->",
        Still::None,
    ),
    (
        "CDATA in a value",
        "<count>",
        "<count><![CDATA[1]]>",
        Still::None,
    ),
    (
        "an entity in a value",
        "<count>",
        "<count>&#49;",
        Still::None,
    ),
    ("an attribute", "<count>", "<count a=\"1\">", Still::None),
    (
        "white space in a start tag",
        "<count>",
        "<count >",
        Still::None,
    ),
    (
        "white space in an end tag",
        "</count>",
        "</count\n>",
        Still::None,
    ),
    (
        "a prefixed element",
        "</row>",
        "</row><x:e xmlns:x=\"urn:x\">v</x:e>",
        Still::None,
    ),
    (
        "a processing instruction",
        "<row>",
        "<row><?pi x?>",
        Still::None,
    ),
    (
        "an unknown element",
        "</row>",
        "</row><extra>1<b>2</b></extra>",
        Still::All,
    ),
    (
        "an element inside a value, text after it",
        "<disposition>",
        "<disposition>no<x>y</x> \n",
        Still::All,
    ),
    (
        "an element inside a value, text with white space after it",
        "</disposition>",
        "<x>y</x> d <x>z</x>e \n</disposition>",
        Still::All,
    ),
    (
        "an empty element inside a value",
        "<disposition>",
        "<disposition> <x/>",
        Still::All,
    ),
    (
        "an empty known element",
        "</identifiers>",
        "<envelope_to/></identifiers>",
        Still::All,
    ),
    (
        "an empty unknown element",
        "<row>",
        "<row><e.x-1/>",
        Still::All,
    ),
    (
        "an empty unknown element kept in the record",
        "</row>",
        "</row><flag/>",
        Still::All,
    ),
    (
        "values with white space and upper case",
        "<disposition>",
        "<disposition>\r\n\t ",
        Still::All,
    ),
    (
        "a value of white space",
        "</identifiers>",
        "<envelope_to> \t </envelope_to></identifiers>",
        Still::All,
    ),
    (
        "text between elements",
        "<row>",
        "<row> stray > text\n",
        Still::All,
    ),
    (
        "multi-byte UTF-8 in values",
        "</header_from>",
        "例え.jp</header_from>",
        Still::All,
    ),
    (
        "2012-era identities",
        "identifiers>",
        "identities>",
        Still::All,
    ),
    (
        "policy_override for reason",
        "reason>",
        "policy_override>",
        Still::All,
    ),
    ("Windows line ends", "\n", "\r\n", Still::All),
    ("no white space between elements", "\n", "", Still::All),
    (
        "a record nested in a record",
        "</row>",
        "</row><record><row/></record>",
        Still::All,
    ),
    // After a text event the reader is inside the markup that follows, so
    // the record after text is the reader's (here all but the first).
    (
        "text and a reference between records",
        "</record>",
        "</record> stray &amp; text ",
        Still::Some,
    ),
    (
        "a comment and CDATA between records",
        "</record>",
        "</record><!-- c --><![CDATA[ x ]]>",
        Still::All,
    ),
    (
        "an end tag that does not match",
        "</row>",
        "</rows>",
        Still::Some,
    ),
    (
        "an element not closed",
        "</record>",
        "</recor></record>",
        Still::Some,
    ),
];

/// The generated reports the changes are made to.
fn reports() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("generated, 40 records", generate_aggregate(40, 7)),
        ("large reporter, 40 records", generate_large_reporter(40, 3)),
    ]
}

#[test]
fn changed_reports_read_the_same_both_ways() {
    for (report, xml) in reports() {
        let text = String::from_utf8(xml.clone()).unwrap();
        let count = records(&xml);
        let read = plain_both_ways(report, &xml, &XmlLimits::default());
        assert_eq!(read.plain, count, "{report}: every record is plain");
        // Records of a few shapes: nearly all follow one before them (a
        // reading never taken would compare nothing).
        assert!(
            read.followed * 4 >= count * 3,
            "{report}: {read:?} of {count} records"
        );
        for (change, what, with, still) in CHANGES {
            let changed = text.replace(what, with);
            let name = format!("{report}, {change}");
            let plain = same_both_ways(&name, changed.as_bytes(), &XmlLimits::default());
            match still {
                Still::All => assert_eq!(plain, count, "{name}"),
                Still::None => assert_eq!(plain, 0, "{name}"),
                Still::Some => {}
            }
        }
    }
}

/// `text` with `what` replaced by `with` in its record `index` only.
fn in_one_record(text: &str, index: usize, what: &str, with: &str) -> String {
    let start = text.match_indices("<record>").nth(index).unwrap().0;
    let end = text[start..].find("</record>").unwrap() + start + "</record>".len();
    format!(
        "{}{}{}",
        &text[..start],
        text[start..end].replace(what, with),
        &text[end..]
    )
}

#[test]
fn a_record_changed_among_records_like_it_reads_the_same_both_ways() {
    for (report, xml) in reports() {
        let text = String::from_utf8(xml).unwrap();
        let count = records(text.as_bytes());
        for (change, what, with, _) in CHANGES {
            for index in [0, 1, 20, count - 1] {
                let changed = in_one_record(&text, index, what, with);
                let name = format!("{report}, {change} in record {index}");
                let read = plain_both_ways(&name, changed.as_bytes(), &XmlLimits::default());
                // The records around it still follow one another (when
                // the change leaves a report to read).
                if records(changed.as_bytes()) >= count {
                    assert!(read.followed * 2 >= count, "{name}: {read:?}");
                }
            }
        }
        // A value's text changed in every way a byte can be: with markup
        // or a reference, the record is no longer followed.
        for (at, with) in [
            ("<count>", "<count>&lt;"),
            ("<count>", "<count><"),
            ("<count>", "<count></count><count>"),
        ] {
            let changed = in_one_record(&text, 20, at, with);
            same_both_ways(
                &format!("{report}, {with}"),
                changed.as_bytes(),
                &XmlLimits::default(),
            );
        }
    }
}

#[test]
fn broken_and_limited_reports_fail_the_same_both_ways() {
    for (report, xml) in reports() {
        let len = xml.len();
        let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
        for cut in [len / 2, len * 4 / 5, len - 12] {
            cases.push((format!("truncated at {cut}"), xml[..cut].to_vec()));
        }
        let text = String::from_utf8(xml.clone()).unwrap();
        // A byte that is not UTF-8 in the middle record's value: read again
        // lossily, with its note, either way.
        let middle = text[len / 2..].find("<count>").unwrap() + len / 2 + "<count>".len();
        let mut bad = xml.clone();
        bad.insert(middle, 0xFF);
        cases.push(("a byte that is not UTF-8".into(), bad));
        // Deeper than the limit inside one record.
        let deep = format!("<row>{}{}", "<x>".repeat(70), "</x>".repeat(70));
        cases.push((
            "too deep in a record".into(),
            text.replacen("<row>", &deep, 1).into_bytes(),
        ));
        let mut odd_record = text.replacen("</record>", "</record>\n<record></record>", 1);
        odd_record = odd_record.replacen("<row>", "text before<row>", 1);
        cases.push((
            "an empty record, text in a record".into(),
            odd_record.into_bytes(),
        ));
        for (case, changed) in &cases {
            same_both_ways(&format!("{report}, {case}"), changed, &XmlLimits::default());
        }
        // feedback/record/row/policy_evaluated/dkim: the limit reached at
        // each level of a plain record, with and without white space
        // before its tags.
        let compact = text.replace('\n', "");
        // Records first: the limit reached at `<record>` itself.
        let first = text.find("<record>").unwrap();
        let records_first = format!("<feedback>{}", &text[first..]);
        for depth in 1..=6 {
            for (layout, xml) in [
                ("indented", &xml),
                ("compact", &compact.as_bytes().to_vec()),
                ("records first", &records_first.as_bytes().to_vec()),
            ] {
                same_both_ways(
                    &format!("{report}, {layout}, depth limit {depth}"),
                    xml,
                    &XmlLimits::default().with_max_depth(depth),
                );
            }
        }
    }
}
