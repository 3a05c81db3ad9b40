//! Judging sources: the person's marks ("this is mine" / "not mine") and a
//! source's regularity, applied to the [`Evidence`] of each row.
//!
//! [`Marks`] are kept with the reports (the web app stores them in
//! IndexedDB, the CLI reads them with `--marks`), exported and imported as
//! a small JSON file ([`Marks::to_json`], [`Marks::from_json`]):
//!
//! ```json
//! {"dmarc_lens_marks":1,"sources":{"192.0.2.7":"mine"},"services":{"sendgrid":"not_mine"}}
//! ```
//!
//! A mark on an address wins over a mark on its service. [`Judge`] settles
//! every row of a scope with [`resolve`]; the dashboard, the readiness
//! verdicts, the exports and `dmarc-lens analyze` all call it, so they
//! agree.

use std::collections::BTreeMap;

use foldhash::HashSet;
use serde::{Deserialize, Serialize};

use super::diagnosis::{resolve, Evidence, Judgement, Mark};
use super::filter::{Compiled, Filter};
use super::index::{Index, BY_NETWORK, DMARC_PASS};
use super::senders::ServiceId;

/// A source is steady when it sends on at least this many days…
pub const STEADY_MIN_DAYS: usize = 5;
/// …and on at least this share of the days with reports in scope.
pub const STEADY_SHARE: f64 = 0.5;

/// The version written in a marks file.
const MARKS_VERSION: u32 = 1;

/// What the person said about sources (by address) and services (by id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    /// Source address as written in the reports → mark.
    #[serde(default)]
    pub sources: BTreeMap<String, Mark>,
    /// Service id (`sendgrid`…) → mark.
    #[serde(default)]
    pub services: BTreeMap<String, Mark>,
}

/// Why a marks file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarksError {
    /// Not JSON, or not of the marks file's shape (serde's message).
    Invalid(String),
    /// A marks file of a newer version than this program reads.
    UnsupportedVersion(u32),
}

impl std::fmt::Display for MarksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MarksError::Invalid(why) => write!(f, "not a dmarc-lens marks file: {why}"),
            MarksError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "marks file version {v} is newer than this program reads ({MARKS_VERSION})"
                )
            }
        }
    }
}

impl std::error::Error for MarksError {}

#[derive(Serialize, Deserialize)]
struct MarksFile {
    dmarc_lens_marks: u32,
    #[serde(flatten)]
    marks: Marks,
}

impl Marks {
    /// The mark of a source: its address's, else its service's.
    pub fn of(&self, service: ServiceId, ip: &str) -> Mark {
        match self.sources.get(ip) {
            Some(mark) if *mark != Mark::Unmarked => *mark,
            _ => self.services.get(service.id()).copied().unwrap_or_default(),
        }
    }

    /// Sets (or, with [`Mark::Unmarked`], removes) the mark of an address.
    pub fn set_source(&mut self, ip: &str, mark: Mark) {
        if mark == Mark::Unmarked {
            self.sources.remove(ip);
        } else {
            self.sources.insert(ip.to_owned(), mark);
        }
    }

    /// Sets (or removes) the mark of a service.
    pub fn set_service(&mut self, service: ServiceId, mark: Mark) {
        if mark == Mark::Unmarked {
            self.services.remove(service.id());
        } else {
            self.services.insert(service.id().to_owned(), mark);
        }
    }

    /// Whether nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.services.is_empty()
    }

    /// Adds `other`'s marks, which win where both mark the same thing.
    pub fn merge(&mut self, other: Marks) {
        self.sources.extend(other.sources);
        self.services.extend(other.services);
    }

    /// The marks file (pretty JSON).
    pub fn to_json(&self) -> String {
        let file = MarksFile {
            dmarc_lens_marks: MARKS_VERSION,
            marks: self.clone(),
        };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads a marks file written by [`Marks::to_json`].
    pub fn from_json(text: &str) -> Result<Marks, MarksError> {
        let file: MarksFile =
            serde_json::from_str(text).map_err(|e| MarksError::Invalid(e.to_string()))?;
        if file.dmarc_lens_marks > MARKS_VERSION {
            return Err(MarksError::UnsupportedVersion(file.dmarc_lens_marks));
        }
        Ok(file.marks)
    }
}

/// A sender group's mark, and whether it is its address's own (else its
/// service's, or none).
pub(crate) type GroupMark = (Mark, bool);

/// Settles the rows of one scope: each sender group's mark and regularity,
/// computed once.
#[derive(Clone, Debug, Default)]
pub struct Judge {
    marks: Vec<GroupMark>,
    steady: Vec<bool>,
}

impl Judge {
    /// The judge of the rows `filter` shows (regularity is counted over the
    /// filter's period and domain, whatever else it narrows).
    pub fn for_filter(index: &Index, filter: &Filter) -> Judge {
        Judge::new(index, &Compiled::new(index, &filter.period_and_domain()))
    }

    /// The judgement of row `row`, `None` when there is no such row.
    pub fn judge_row(&self, index: &Index, row: u32) -> Option<Judgement> {
        index
            .is_consistent()
            .then(|| self.judge_row_of_consistent(index, row))
            .flatten()
    }

    /// [`Judge::judge_row`] for an `index` already known to be consistent
    /// ([`Index::is_consistent`], which reads every report: once per
    /// export, not once per row).
    pub(crate) fn judge_row_of_consistent(&self, index: &Index, row: u32) -> Option<Judgement> {
        let r = row as usize;
        (r < index.rows.len()).then(|| self.row(index, r))
    }

    /// The judge of the rows of `scope` (regularity is counted over them).
    pub(crate) fn new(index: &Index, scope: &Compiled) -> Judge {
        Judge::with_marks(index, scope, Judge::marks_of(index))
    }

    /// Each sender group's mark, in [`Index::sources`] order.
    pub(crate) fn marks_of(index: &Index) -> Vec<GroupMark> {
        index
            .sources
            .values()
            .iter()
            .map(|(service, ip)| {
                let ip = index.ips.value(*ip).map_or("", String::as_str);
                let own = index.marks.sources.get(ip).copied().unwrap_or_default();
                (index.marks.of(*service, ip), own != Mark::Unmarked)
            })
            .collect()
    }

    /// The judge of `scope` with marks already looked up ([`Judge::marks_of`]).
    pub(crate) fn with_marks(index: &Index, scope: &Compiled, marks: Vec<GroupMark>) -> Judge {
        let mut days_in_scope: HashSet<i32> = HashSet::default();
        let mut source_days: HashSet<(u32, i32)> = HashSet::default();
        let all_rows = scope.all_rows();
        for report in index.reports.iter().filter(|r| scope.report_matches(r)) {
            let Some(day) = report.day else { continue };
            days_in_scope.insert(day);
            for row in report.first_row as usize..report.end_row as usize {
                let evidence = Evidence::from_u8(index.rows.evidence[row]);
                if evidence.needs_regularity() && (all_rows || scope.row_matches(index, row)) {
                    source_days.insert((index.rows.source[row], day));
                }
            }
        }
        let mut days = vec![0usize; index.sources.len()];
        for (source, _) in source_days {
            if let Some(d) = days.get_mut(source as usize) {
                *d += 1;
            }
        }
        let needed =
            STEADY_MIN_DAYS.max((days_in_scope.len() as f64 * STEADY_SHARE).ceil() as usize);
        let steady = days.into_iter().map(|d| d >= needed).collect();
        Judge { marks, steady }
    }

    /// The mark of a sender group.
    pub(crate) fn mark(&self, source: u32) -> Mark {
        self.marks
            .get(source as usize)
            .map(|m| m.0)
            .unwrap_or_default()
    }

    /// The mark that applies to a row of group `source` with `flags`: the
    /// group's, except that a service marked "mine" does not vouch for a row
    /// only its network attributed to that service ([`BY_NETWORK`]) and that
    /// fails DMARC: another customer of the platform sends from the same
    /// network (an address's own mark still applies).
    #[inline]
    fn mark_of_row(&self, source: u32, flags: u16) -> Mark {
        match self.marks.get(source as usize).copied() {
            Some((Mark::Mine, false)) if flags & (BY_NETWORK | DMARC_PASS) == BY_NETWORK => {
                Mark::Unmarked
            }
            Some((mark, _)) => mark,
            None => Mark::Unmarked,
        }
    }

    /// Whether a sender group sends steadily.
    pub(crate) fn steady(&self, source: u32) -> bool {
        self.steady.get(source as usize).copied().unwrap_or(false)
    }

    /// The judgement of one row.
    #[inline]
    pub(crate) fn row(&self, index: &Index, row: usize) -> Judgement {
        let source = index.rows.source[row];
        let flags = index.rows.flags[row];
        resolve(
            Evidence::from_u8(index.rows.evidence[row]),
            flags & DMARC_PASS != 0,
            self.mark_of_row(source, flags),
            self.steady(source),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_file_round_trips_and_addresses_win() {
        let sendgrid = ServiceId::from_id("sendgrid").unwrap();
        let mut marks = Marks::default();
        marks.set_service(sendgrid, Mark::NotMine);
        marks.set_source("192.0.2.7", Mark::Mine);
        assert_eq!(marks.of(sendgrid, "192.0.2.7"), Mark::Mine);
        assert_eq!(marks.of(sendgrid, "192.0.2.8"), Mark::NotMine);
        assert_eq!(marks.of(ServiceId::UNKNOWN, "192.0.2.8"), Mark::Unmarked);
        let json = marks.to_json();
        assert!(json.contains("\"dmarc_lens_marks\": 1"), "{json}");
        assert_eq!(Marks::from_json(&json), Ok(marks.clone()));
        marks.set_source("192.0.2.7", Mark::Unmarked);
        assert!(marks.sources.is_empty());
        let cases = [
            ("[]", false),
            ("{\"dmarc_lens_marks\":9}", false),
            (
                "{\"dmarc_lens_marks\":1,\"sources\":{\"a\":\"maybe\"}}",
                false,
            ),
            ("{\"dmarc_lens_marks\":1}", true),
        ];
        for (text, ok) in cases {
            assert_eq!(Marks::from_json(text).is_ok(), ok, "{text}");
        }
    }
}
