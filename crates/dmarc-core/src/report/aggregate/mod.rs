//! DMARC aggregate reports (`rua`): the model and the XML parser.
//!
//! The model follows RFC 7489 Appendix C and RFC 9990, with the XSD's names
//! ([`AggregateReport`], [`ReportMetadata`], [`PolicyPublished`], [`Record`],
//! [`Row`], [`PolicyEvaluated`], [`Identifiers`], [`AuthResults`]). The
//! parser reads what reporters really send: any namespace (none, RFC 9990's
//! `urn:ietf:params:xml:ns:dmarc-2.0`, the drafts'), byte order marks,
//! declared encodings, white space and upper case in values, misspelt or
//! older element names, missing optional parts and foreign extensions. It
//! never drops a record; every repair becomes a [`Note`].
//!
//! ## Notes
//!
//! One note per code and report, the first occurrence in `detail` and
//! `(and N more)` after it. Codes (the shared corpus' where one exists):
//!
//! | code | meaning |
//! | --- | --- |
//! | `bom`, `leading_whitespace`, `utf16` | skipped before the XML, or UTF-16 decoded |
//! | `declared_encoding`, `encoding_mismatch` | transcoded from a declared encoding, or read as UTF-8 despite it |
//! | `invalid_utf8`, `invalid_bytes`, `invalid_utf16` | undecodable bytes replaced by U+FFFD |
//! | `whitespace_in_values`, `non_lowercase_values` | values trimmed; `PASS` read as `pass` |
//! | `unknown_values` | a value outside the vocabulary, kept as `Other` (`hardfail`) |
//! | `non_integer:<element>`, `invalid:source_ip` | a number or address that does not parse (`1339171200.0` keeps its integer part) |
//! | `missing:<element>`, `empty:<element>` | absent (`None`) or empty (`""`, `Other("")`) |
//! | `policy_evaluated_without_dkim_spf` | `policy_evaluated` lacks `dkim` or `spf` |
//! | `date_range_misspelt`, `identities_tag`, `policy_override_tag` | older or misspelt names read as the schema's |
//! | `unknown_elements` | elements outside the schema (paths); kept raw in `extensions` at report and record level |
//! | `feedback_not_root`, `content_after_report` | `<feedback>` inside another element; an element after `</feedback>`, not read |
//! | `duplicate_element`, `unknown_entity`, `doctype_ignored`, `no_records` | as named |
//!
//! ## Speed
//!
//! One pass, no copy of the input when it is UTF-8, no allocation per event
//! (values in one piece are borrowed until stored), records built in place
//! in a vector sized from a SIMD count of their tags. On a shared 2-vCPU
//! machine, single thread (2026-12-01): 50,000 records at 280–323 MB/s,
//! 500,000 at 263–278 MB/s, the model taking 0.72–0.85× the XML's size
//! (`cargo bench -p dmarc-core --bench aggregate`, cases `xml`; 0.65–0.80×
//! since [`RawText`] is boxed natively). With the `parallel`
//! feature and [`XmlLimits::threads`], a report of 2 MiB or more is read in
//! parts on that many threads, cut between its records, with the same
//! result (`split`; 450–536 MB/s on 2 cores, case `xml-mt`).
//!
//! ```
//! use dmarc_core::report::aggregate::{parse_aggregate, Disposition, XmlLimits};
//!
//! let xml = br#"<?xml version="1.0"?>
//! <feedback>
//!   <report_metadata><org_name>example.net</org_name><report_id>42</report_id>
//!     <date_range><begin>1700000000</begin><end>1700086399</end></date_range>
//!   </report_metadata>
//!   <policy_published><domain>example.com</domain><p>none</p></policy_published>
//!   <record>
//!     <row><source_ip>192.0.2.1</source_ip><count>3</count>
//!       <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>FAIL</spf></policy_evaluated>
//!     </row>
//!     <identifiers><header_from>example.com</header_from></identifiers>
//!     <auth_results><dkim><domain>example.com</domain><result>pass</result></dkim></auth_results>
//!   </record>
//! </feedback>"#;
//! let parsed = parse_aggregate(xml, &XmlLimits::default()).unwrap();
//! let record = &parsed.report.records[0];
//! assert_eq!(record.row.count, Some(3));
//! assert_eq!(record.row.policy_evaluated.disposition, Some(Disposition::None));
//! assert!(record.dkim_aligned(parsed.report.policy_published.adkim.as_ref()));
//! assert_eq!(parsed.notes[0].code.name(), "non_lowercase_values");
//! ```

mod decode;
mod error;
mod fields;
mod model;
mod notes;
mod parse;
mod schema;
#[cfg(feature = "parallel")]
mod split;
pub mod transcode;
mod values;

pub use error::{Position, XmlLimits};
pub(crate) use model::remembered_organizational_domain;
pub use model::{
    domains_aligned, AggregateReport, AuthResults, DateRange, DkimAuthResult, Extension,
    Identifiers, IdentifiersTag, PolicyEvaluated, PolicyPublished, Reason, Record, ReportMetadata,
    Row, SourceIp, SpfAuthResult, Text,
};
pub use values::{
    Alignment, DiscoveryMethod, Disposition, DkimResult, DmarcResult, Policy, RawText, ReasonType,
    SpfResult, SpfScope, Testing,
};

use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;
use crate::report::Note;

/// A report read from XML, with what was repaired or is worth knowing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParsedAggregate {
    /// The report.
    pub report: AggregateReport,
    /// Repairs and remarks (one per code, in the order first met), such as
    /// `whitespace_in_values` or `missing:identifiers`.
    pub notes: Vec<Note>,
}

/// Parses the XML of one DMARC aggregate report.
///
/// `xml` may carry a byte order mark, leading white space, a declared
/// single-byte encoding, or invalid UTF-8 (replaced, with a note). No DTD is
/// read and no entity expanded beyond the five predefined ones and character
/// references. Fails with a line and column when the XML is not well-formed,
/// when the root is not `<feedback>`, or past [`XmlLimits::max_depth`]. Never
/// panics; time is linear in the input.
pub fn parse_aggregate(xml: &[u8], limits: &XmlLimits) -> Result<ParsedAggregate, ErrorKind> {
    parse::parse(xml, limits)
}

/// The report read on one thread, its plain records by the parser itself
/// (as [`parse_aggregate`] reads them) when `plain`, else every event by the
/// XML reader; also how many records were read as plain. For the tests and
/// fuzzing that compare the two.
#[doc(hidden)]
pub fn parse_aggregate_plain(
    xml: &[u8],
    limits: &XmlLimits,
    plain: bool,
) -> (Result<ParsedAggregate, ErrorKind>, PlainRecords) {
    parse::parse_on_one_thread(xml, limits, plain)
}

/// How many records [`parse_aggregate_plain`] read as plain, and how many
/// of those by the steps of a record of the same markup before them.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlainRecords {
    pub plain: usize,
    pub followed: usize,
}

/// The report read in parts on [`XmlLimits::threads`] threads as
/// [`parse_aggregate`] reads a large one, but whatever its size: None where
/// it would be read on one thread. For tests and fuzzing, which compare the
/// two; [`parse_aggregate`] chooses by itself.
#[cfg(feature = "parallel")]
#[doc(hidden)]
pub fn parse_aggregate_in_parts(xml: &[u8], limits: &XmlLimits) -> Option<ParsedAggregate> {
    split::parse_from(xml, limits, 0)
}
