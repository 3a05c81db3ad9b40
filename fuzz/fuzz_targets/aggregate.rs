//! The aggregate report XML parser on its own.
#![no_main]

use dmarc_core::report::aggregate::{
    parse_aggregate, parse_aggregate_in_parts, parse_aggregate_plain, ParsedAggregate, XmlLimits,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let one = parse_aggregate(data, &XmlLimits::default());
    // Read in parts on threads (the command-line tool's large reports), the
    // same as one reader, or declined.
    if let Some(parts) = parse_aggregate_in_parts(data, &XmlLimits::default().with_threads(3)) {
        assert_eq!(Ok(&parts), one.as_ref(), "read in parts");
    }
    // Plain records read by the parser itself (as `parse_aggregate` reads
    // them), the same as every event through the XML reader.
    let (plain, _) = parse_aggregate_plain(data, &XmlLimits::default(), true);
    let (reader, _) = parse_aggregate_plain(data, &XmlLimits::default(), false);
    assert_eq!(plain, reader, "plain records");
    if let Ok(parsed) = one {
        // The model serialises with serde_json (the Web Worker and the
        // exports send it as JSON) and reads back as the same value.
        let json = serde_json::to_string(&parsed).expect("a parsed report serialises");
        let back: ParsedAggregate = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, parsed, "serde_json round trip");
    }
});
