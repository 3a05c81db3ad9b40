//! The aggregate report XML parser on its own.
#![no_main]

use dmarc_core::report::aggregate::{parse_aggregate, ParsedAggregate, XmlLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = parse_aggregate(data, &XmlLimits::default()) {
        // The model serialises with serde_json (the Web Worker and the
        // exports send it as JSON) and reads back as the same value.
        let json = serde_json::to_string(&parsed).expect("a parsed report serialises");
        let back: ParsedAggregate = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, parsed, "serde_json round trip");
    }
});
