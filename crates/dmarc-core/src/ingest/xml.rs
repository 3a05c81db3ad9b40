//! XML payloads: handed to the aggregate report parser.

use super::Walk;
use crate::error::ErrorKind;
use crate::report::aggregate::{parse_aggregate, XmlLimits};
use crate::report::Report;

impl Walk<'_> {
    /// Reads an XML payload as a DMARC aggregate report.
    pub(super) fn xml(&mut self, bytes: &[u8], layers: &[String]) {
        let limits = XmlLimits::default()
            .with_max_depth(self.limits.max_xml_depth)
            .with_threads(self.limits.xml_threads);
        match parse_aggregate(bytes, &limits) {
            Ok(parsed) => {
                self.report(layers, Report::Aggregate(parsed.report), parsed.notes);
            }
            Err(ErrorKind::NotAReport {
                sniffed,
                detail,
                found,
            }) => self.not_a_report(layers, sniffed, detail, found),
            Err(kind) => self.error(layers, kind),
        }
    }
}
