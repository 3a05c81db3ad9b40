//! The aggregate report XML parser on its own.
#![no_main]

use dmarc_core::report::aggregate::{parse_aggregate, XmlLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = parse_aggregate(data, &XmlLimits::default()) {
        // The model must serialise (the Web Worker sends it as JSON).
        let _ = serde_json_len(&parsed.report);
    }
});

fn serde_json_len(report: &dmarc_core::report::aggregate::AggregateReport) -> usize {
    format!("{report:?}").len()
}
