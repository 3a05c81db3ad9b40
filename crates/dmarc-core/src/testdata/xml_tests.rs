//! The XML writer over every layout: what it writes parses back to the
//! model, and lines break where the layout says.

use super::model::{dkim, policy, spf, Head, Record, Report, Reporter};
use super::xml::{write, Layout, Lines};
use crate::report::aggregate::{
    parse_aggregate, AuthResults, DkimResult, Policy, SpfResult, XmlLimits,
};

/// A report with every element the writer knows, text to escape, and
/// an IPv6 address in a form other than the canonical one.
fn full_report() -> Report {
    let reporter = Reporter::new(
        "A & B <Mail>",
        "dmarc@a.example",
        Some("https://a.example/?q=\"1\""),
    );
    let mut head = Head::new(&reporter, "id-1".to_owned(), 86_400, 172_799);
    head.policy = policy("example.com", Policy::Reject, Some(Policy::Quarantine));
    head.policy.np = Some(Policy::Reject);
    head.policy.fo = Some("1:d".to_owned());
    let auth = AuthResults {
        dkim: vec![
            dkim("example.com", "s1", DkimResult::Fail),
            dkim("list.example.org", "arc", DkimResult::Pass),
        ],
        spf: vec![spf("list.example.org", SpfResult::Softfail)],
    };
    let mut forwarded = Record::new(
        "2001:db8:0::5".to_owned(),
        3,
        "example.com",
        "list.example.org".to_owned(),
        auth,
    );
    forwarded.identifiers.envelope_to = Some("to.example".into());
    forwarded.apply(&Policy::Reject);
    forwarded.forwarded(Some("arc=pass & list"));
    let auth = AuthResults {
        dkim: Vec::new(),
        spf: vec![spf("mail.example.com", SpfResult::Pass)],
    };
    let own = Record::new(
        "192.0.2.1".to_owned(),
        7,
        "example.com",
        "mail.example.com".to_owned(),
        auth,
    );
    Report {
        head,
        records: vec![forwarded, own],
    }
}

#[test]
fn every_layout_parses_back_to_the_model() {
    let layouts = [
        Layout::INDENTED,
        Layout {
            lines: Lines::AuthResultsOnOneLine,
            header_from_first: true,
            ..Layout::INDENTED
        },
        Layout {
            lines: Lines::RecordPerLine,
            ..Layout::INDENTED
        },
        Layout {
            newline: "\r\n",
            final_newline: false,
            header_from_first: true,
            ..Layout::INDENTED
        },
    ];
    let report = full_report();
    let want = report.clone().into_aggregate();
    for layout in layouts {
        let xml = write(&report, &layout);
        let parsed = parse_aggregate(xml.as_bytes(), &XmlLimits::default()).unwrap();
        assert_eq!(parsed.notes, [], "{layout:?}");
        assert_eq!(parsed.report, want, "{layout:?}");
        assert_eq!(
            xml.ends_with(layout.newline),
            layout.final_newline,
            "{layout:?}"
        );
    }
}

#[test]
fn layouts_break_lines_where_they_say() {
    let report = full_report();
    let lines = |layout: Layout| write(&report, &layout).lines().count();
    let cases = [
        (Layout::INDENTED, 83),
        (
            Layout {
                lines: Lines::AuthResultsOnOneLine,
                ..Layout::INDENTED
            },
            65,
        ),
        (
            Layout {
                lines: Lines::RecordPerLine,
                ..Layout::INDENTED
            },
            7,
        ),
    ];
    for (layout, want) in cases {
        assert_eq!(lines(layout), want, "{:?}", layout.lines);
    }
    let indented = write(&report, &Layout::INDENTED);
    assert!(indented
        .contains("\n      <policy_evaluated>\n        <disposition>reject</disposition>\n"));
    assert!(indented.contains("<org_name>A &amp; B &lt;Mail&gt;</org_name>"));
    let schema = indented.find("<envelope_to>").unwrap() < indented.find("<header_from>").unwrap();
    assert!(schema, "envelope_to before header_from");
}
