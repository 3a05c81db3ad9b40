//! Loading the same report twice must not count it twice: [`ReportSet`]
//! takes file outcomes in order and marks what was already loaded.

use foldhash::HashSet;

use serde::{Deserialize, Serialize};

use super::{FileOutcome, FileStatus};
use crate::report::Report;

/// What makes two reports the same report.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReportKey {
    /// Same reporter, report id, policy domain and period (RFC 7489 §7.2).
    Aggregate {
        /// `org_name`, trimmed and lower-cased.
        org_name: String,
        /// `report_id`, trimmed.
        report_id: String,
        /// `policy_published/domain`, trimmed and lower-cased.
        domain: String,
        /// `date_range/begin`.
        begin: Option<i64>,
        /// `date_range/end`.
        end: Option<i64>,
        /// Only when the report id is empty or absent (it cannot tell
        /// reports apart then): the number of records and of messages.
        fingerprint: Option<(usize, u64)>,
    },
    /// Same failing message seen by the same reporter.
    Failure {
        /// `Reported-Domain`, lower-cased.
        reported_domain: String,
        /// `Source-IP`.
        source_ip: String,
        /// `Arrival-Date`, as sent.
        arrival_date: String,
        /// `Message-ID` of the original message.
        message_id: String,
        /// `Original-Mail-From`.
        original_mail_from: String,
        /// `User-Agent` of the reporter.
        user_agent: String,
    },
    /// Same reporter, report id and period (RFC 8460 §4.4).
    Tls {
        /// `organization-name`, lower-cased.
        organization_name: String,
        /// `report-id`.
        report_id: String,
        /// `start-datetime`.
        start: String,
        /// `end-datetime`.
        end: String,
    },
}

fn lower(value: Option<&String>) -> String {
    value.map(|v| v.trim().to_lowercase()).unwrap_or_default()
}

fn text(value: Option<&String>) -> String {
    value.map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// The identity of a report.
pub fn report_key(report: &Report) -> ReportKey {
    match report {
        Report::Aggregate(r) => {
            let meta = &r.report_metadata;
            let report_id = text(meta.report_id.as_ref());
            let fingerprint = report_id
                .is_empty()
                .then(|| (r.records.len(), r.message_count()));
            ReportKey::Aggregate {
                org_name: lower(meta.org_name.as_ref()),
                report_id,
                fingerprint,
                domain: lower(r.policy_published.domain.as_ref()),
                begin: meta.date_range.as_ref().and_then(|d| d.begin),
                end: meta.date_range.as_ref().and_then(|d| d.end),
            }
        }
        Report::Failure(r) => ReportKey::Failure {
            reported_domain: lower(r.reported_domain.as_ref()),
            source_ip: text(r.source_ip.as_ref()),
            arrival_date: text(r.arrival_date.as_ref()),
            message_id: text(r.original.as_ref().and_then(|o| o.message_id.as_ref())),
            original_mail_from: lower(r.original_mail_from.as_ref()),
            user_agent: text(r.user_agent.as_ref()),
        },
        Report::Tls(r) => ReportKey::Tls {
            organization_name: lower(r.organization_name.as_ref()),
            report_id: text(r.report_id.as_ref()),
            start: text(r.date_range.start_datetime.as_ref()),
            end: text(r.date_range.end_datetime.as_ref()),
        },
    }
}

/// Every file loaded so far, with duplicates marked.
///
/// ```
/// use dmarc_core::ingest::{ingest_file, FileStatus, Limits, ReportSet};
///
/// let json = br#"{"organization-name":"Org","report-id":"1","policies":[]}"#;
/// let mut set = ReportSet::new();
/// set.add(ingest_file("a.json", json, &Limits::default()));
/// set.add(ingest_file("b.json", json, &Limits::default()));
/// assert_eq!(set.files()[1].status, FileStatus::Duplicate);
/// assert_eq!(set.reports().count(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportSet {
    seen: HashSet<ReportKey>,
    files: Vec<FileOutcome>,
}

impl ReportSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file: each of its reports already seen (in an earlier file or
    /// earlier in this one) is marked `duplicate`; a file whose every report
    /// is a duplicate becomes [`FileStatus::Duplicate`]. Returns the file as
    /// stored.
    pub fn add(&mut self, mut outcome: FileOutcome) -> &FileOutcome {
        for found in &mut outcome.reports {
            found.duplicate = !self.seen.insert(report_key(&found.report));
        }
        if !outcome.reports.is_empty() && outcome.reports.iter().all(|r| r.duplicate) {
            outcome.status = FileStatus::Duplicate;
        }
        self.files.push(outcome);
        let last = self.files.len() - 1;
        &self.files[last]
    }

    /// The files, in the order they were added.
    pub fn files(&self) -> &[FileOutcome] {
        &self.files
    }

    /// Every report that is not a duplicate, with the file it came from.
    pub fn reports(&self) -> impl Iterator<Item = (&FileOutcome, &super::FoundReport)> {
        self.files.iter().flat_map(|file| {
            file.reports
                .iter()
                .filter(|r| !r.duplicate)
                .map(move |r| (file, r))
        })
    }

    /// Whether a report with this key was loaded.
    pub fn contains(&self, key: &ReportKey) -> bool {
        self.seen.contains(key)
    }
}
