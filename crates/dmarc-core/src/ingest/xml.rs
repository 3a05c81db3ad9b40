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
            Err(
                err @ (AggregateError::NotAggregateReport { .. } | AggregateError::NoRootElement),
            ) => {
                self.not_a_report(layers, "xml", err.to_string());
            }
            Err(err) => {
                let kind = match &err {
                    AggregateError::TooDeep { limit, position } => ErrorKind::XmlTooDeep {
                        limit: *limit,
                        line: position.line,
                        column: position.column,
                    },
                    AggregateError::Xml { position, message } => ErrorKind::Xml {
                        line: position.line,
                        column: position.column,
                        detail: message.clone(),
                    },
                    other => {
                        let position = other.position().unwrap_or_default();
                        ErrorKind::Xml {
                            line: position.line,
                            column: position.column,
                            detail: other.to_string(),
                        }
                    }
                };
                self.error(layers, kind);
            }
        }
    }
}
