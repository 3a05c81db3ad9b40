//! XML payloads: handed to the aggregate report parser.

use super::Walk;
use crate::error::ErrorKind;
use crate::report::aggregate::{parse_aggregate, AggregateError, XmlLimits};
use crate::report::Report;

impl Walk<'_> {
    /// Reads an XML payload as a DMARC aggregate report.
    pub(super) fn xml(&mut self, bytes: &[u8], layers: &[String]) {
        let limits = XmlLimits::default().with_max_depth(self.limits.max_xml_depth);
        match parse_aggregate(bytes, &limits) {
            Ok(parsed) => {
                self.report(layers, Report::Aggregate(parsed.report), parsed.notes);
            }
            Err(AggregateError::NotAggregateReport { root, position }) => {
                let found = format!("<{root}>");
                let detail = AggregateError::NotAggregateReport { root, position }.to_string();
                self.not_a_report(layers, "xml", detail, found);
            }
            Err(err @ AggregateError::NoRootElement) => {
                self.not_a_report(layers, "xml", err.to_string(), String::new());
            }
            Err(AggregateError::TooDeep { limit, position }) => self.error(
                layers,
                ErrorKind::XmlTooDeep {
                    limit,
                    line: position.line,
                    column: position.column,
                },
            ),
            Err(AggregateError::Xml { position, message }) => self.error(
                layers,
                ErrorKind::Xml {
                    line: position.line,
                    column: position.column,
                    detail: message,
                },
            ),
            Err(AggregateError::Truncated { element, position }) => self.error(
                layers,
                ErrorKind::XmlTruncated {
                    element,
                    line: position.line,
                    column: position.column,
                },
            ),
        }
    }
}
