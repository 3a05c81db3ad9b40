//! The record parser and checker on arbitrary text: no panic, every position
//! inside the input with its character column, explanations and the builder's
//! reading of any record, and a render → parse round trip that gives the same
//! record back whenever the parser found no error.
#![no_main]

use dmarc_core::record::{
    check, choices_from_record, explain, parse, render, Severity,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let checked = check(input, Some("example.com"));
    let chars = input.chars().count();
    for f in &checked.findings {
        let Some(position) = f.arg("position") else {
            continue;
        };
        let position: usize = position.parse().expect("a position is a number");
        assert!(position <= input.len(), "{f:?} past the end of {input:?}");
        let column: usize = f
            .arg("column")
            .and_then(|c| c.parse().ok())
            .expect("a finding with a position has a column");
        assert!((1..=chars + 1).contains(&column), "{f:?} in {input:?}");
        assert_eq!(
            column,
            input.get(..position).map(|s| s.chars().count() + 1).unwrap_or(column),
            "{f:?} in {input:?}"
        );
    }
    let _ = explain(&checked.parsed);
    let _ = choices_from_record(&checked.parsed.record, "example.com");
    let parsed = &checked.parsed;
    let clean = parsed.findings.iter().all(|f| f.severity != Severity::Error);
    if clean && !parsed.tags.is_empty() {
        let text = render(&parsed.record);
        let again = parse(&text);
        assert_eq!(again.record, parsed.record, "{input:?} rendered as {text:?}");
        assert_eq!(render(&again.record), text, "rendering is stable");
    }
});
