//! A working set of loaded reports: what the web app's worker holds and what
//! the command-line tool and tests can hold the same way.
//!
//! Files go in one at a time ([`Session::add_file`]); each returns a small
//! [`FileSummary`] for the ingest log. Duplicates (the same report loaded
//! twice, in one visit or across visits) are marked and never counted.
//!
//! ```
//! use dmarc_core::ingest::{FileStatus, Limits};
//! use dmarc_core::session::Session;
//!
//! let json = br#"{"organization-name":"Org","report-id":"1","policies":[]}"#;
//! let mut session = Session::new(Limits::default());
//! assert_eq!(session.add_file("a.json", json).status, FileStatus::Parsed);
//! assert_eq!(session.add_file("b.json", json).status, FileStatus::Duplicate);
//! assert_eq!(session.report_count(), 1);
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::{matching_rows, summarize, Dashboard, Filter, Index, Marks, RecordDetail};
use crate::error::IngestError;
use crate::export::{Annotator, Export, Selection};
use crate::ingest::{ingest_file, FileOutcome, FileStatus, Limits, PayloadNote, ReportSet};
use crate::network::NetworkDb;
use crate::report::Report;

/// What the ingest log shows for one file: no records, only counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file name as given.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Parsed, duplicate or rejected.
    pub status: FileStatus,
    /// Reports found that were new, of every kind.
    pub new_reports: usize,
    /// Of those, DMARC failure reports.
    #[serde(default)]
    pub failure_reports: usize,
    /// Of those, SMTP TLS reports.
    #[serde(default)]
    pub tls_reports: usize,
    /// Reports found that were already loaded.
    pub duplicate_reports: usize,
    /// Aggregate records in the new reports.
    pub records: usize,
    /// Messages (sum of record counts) in the new reports.
    pub messages: u64,
    /// Repairs, skipped members, payloads that are not reports, and the
    /// notes of each report.
    pub notes: Vec<PayloadNote>,
    /// Payloads that could not be read.
    pub errors: Vec<IngestError>,
}

impl FileSummary {
    /// The summary of a file as the report set stored it.
    pub fn of(outcome: &FileOutcome) -> Self {
        let mut summary = FileSummary {
            name: outcome.name.clone(),
            size: outcome.size,
            status: outcome.status,
            new_reports: 0,
            failure_reports: 0,
            tls_reports: 0,
            duplicate_reports: 0,
            records: 0,
            messages: 0,
            notes: outcome.notes.clone(),
            errors: outcome.errors.clone(),
        };
        for found in &outcome.reports {
            summary
                .notes
                .extend(found.notes.iter().map(|note| PayloadNote {
                    layers: found.layers.clone(),
                    note: note.clone(),
                }));
            if found.duplicate {
                summary.duplicate_reports += 1;
                continue;
            }
            summary.new_reports += 1;
            match &found.report {
                Report::Aggregate(report) => {
                    summary.records += report.records.len();
                    summary.messages += report.message_count();
                }
                Report::Failure(_) => summary.failure_reports += 1,
                Report::Tls(_) => summary.tls_reports += 1,
            }
        }
        summary
    }
}

/// Loaded files and their reports, deduplicated, with the analysis index
/// kept up to date as files arrive.
#[derive(Clone, Debug, Default)]
pub struct Session {
    limits: Limits,
    set: ReportSet,
    index: Index,
    /// For each aggregate report in the index, in order: (file, report) in the set.
    origins: Vec<(usize, usize)>,
}

impl Session {
    /// An empty session that reads files within `limits`.
    pub fn new(limits: Limits) -> Self {
        Session {
            limits,
            set: ReportSet::new(),
            index: Index::new(),
            origins: Vec::new(),
        }
    }

    /// The limits files are read within.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Reads a file ([`ingest_file`] within [`Session::limits`]) and keeps it
    /// ([`Session::add_outcome`]).
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> FileSummary {
        let outcome = ingest_file(name, bytes, &self.limits);
        self.add_outcome(outcome)
    }

    /// Keeps a file that was read before (restored from storage); its
    /// reports are checked for duplicates again.
    pub fn add_outcome(&mut self, outcome: FileOutcome) -> FileSummary {
        let file = self.set.files().len();
        let summary = FileSummary::of(self.set.add(outcome));
        self.index_file(file);
        summary
    }

    /// A session holding the files of `set` (read before, as the command
    /// line does), with its analysis index.
    pub fn from_set(set: ReportSet) -> Self {
        let mut session = Session {
            set,
            ..Session::default()
        };
        for file in 0..session.set.files().len() {
            session.index_file(file);
        }
        session
    }

    /// Adds the reports of file `file` of the set to the index.
    fn index_file(&mut self, file: usize) {
        let Some(stored) = self.set.files().get(file) else {
            return;
        };
        for (position, found) in stored.reports.iter().enumerate() {
            if !found.duplicate
                && self.index.add(&stored.name, &found.report)
                && matches!(found.report, Report::Aggregate(_))
            {
                self.origins.push((file, position));
            }
        }
    }

    /// Every figure and table of the dashboard for `filter`; with the
    /// network data loaded ([`Session::set_network`]), every listed source
    /// carries its AS and country.
    pub fn dashboard(&self, filter: &Filter) -> Dashboard {
        let mut dashboard = summarize(&self.index, filter);
        if let Some(db) = self.index.network() {
            dashboard.networks = db.label(&mut dashboard.services);
        }
        dashboard
    }

    /// Uses the network data `db` (AS, organisation, country of each source
    /// address) for dashboards and searches from now on.
    pub fn set_network(&mut self, db: Arc<NetworkDb>) {
        self.index.set_network(Some(db));
    }

    /// The network data in use, if loaded.
    pub fn network(&self) -> Option<&Arc<NetworkDb>> {
        self.index.network()
    }

    /// The raw records behind a dashboard row, with the reports they came from.
    pub fn records(&self, rows: &[u32]) -> Vec<RecordDetail> {
        rows.iter()
            .filter_map(|&row| self.index.record(row))
            .collect()
    }

    /// The raw records of one sender group ([`crate::analysis::SourceRow::source`])
    /// within `filter`, at most [`crate::analysis::MAX_DRILL_ROWS`].
    pub fn source_records(&self, filter: &Filter, source: u32) -> Vec<RecordDetail> {
        let rows = crate::analysis::source_rows(
            &self.index,
            filter,
            source,
            crate::analysis::MAX_DRILL_ROWS,
        );
        self.records(&rows)
    }

    /// The export of what the dashboard shows for `filter`: with no filter,
    /// every report; otherwise the selected aggregate records (at their
    /// positions in their reports, so their ids are those of a full
    /// export), so that an export counts exactly what the dashboard shows,
    /// each record with the family and diagnosis the dashboard gives it.
    pub fn export(&self, filter: &Filter) -> Export<'_> {
        Export::new(
            self.set.files(),
            self.export_selection(filter),
            Annotator::new(&self.index, &self.origins, filter),
        )
    }

    fn export_selection(&self, filter: &Filter) -> Selection {
        if *filter == Filter::default() {
            return Selection::All;
        }
        let selected = matching_rows(&self.index, filter)
            .into_iter()
            .filter_map(|row| {
                let report = self.index.report_of_row(row)?;
                let first = self.index.reports.get(report)?.first_row;
                let &(file, found) = self.origins.get(report)?;
                Some((file, found, (row - first) as usize))
            })
            .collect();
        Selection::Records(selected)
    }

    /// The analysis index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// What the person said about sources and services.
    pub fn marks(&self) -> &Marks {
        &self.index.marks
    }

    /// Replaces the marks; every verdict computed after this uses them.
    pub fn set_marks(&mut self, marks: Marks) {
        self.index.marks = marks;
    }

    /// Every file, in the order added.
    pub fn files(&self) -> &[FileOutcome] {
        self.set.files()
    }

    /// The report set (for analysis and export).
    pub fn report_set(&self) -> &ReportSet {
        &self.set
    }

    /// How many distinct reports are loaded.
    pub fn report_count(&self) -> usize {
        self.set.reports().count()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        let network = self.index.network().cloned();
        self.set = ReportSet::new();
        self.index = Index::new();
        self.index.set_network(network);
        self.origins.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &[u8] = br#"<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>example.net</org_name><email>r@example.net</email>
    <report_id>42</report_id><date_range><begin>1700000000</begin><end>1700086400</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record><row><source_ip>192.0.2.1</source_ip><count>3</count>
    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><result>pass</result></dkim></auth_results></record>
  <record><row><source_ip>192.0.2.2</source_ip><count>4</count>
    <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers></record>
</feedback>"#;

    #[test]
    fn a_file_is_summarised_and_a_second_copy_is_a_duplicate() {
        let mut session = Session::new(Limits::default());
        let first = session.add_file("a.xml", REPORT);
        assert_eq!(first.status, FileStatus::Parsed);
        assert_eq!(
            (first.new_reports, first.records, first.messages),
            (1, 2, 7)
        );
        let second = session.add_file("copy.xml", REPORT);
        assert_eq!(second.status, FileStatus::Duplicate);
        assert_eq!(
            (
                second.new_reports,
                second.duplicate_reports,
                second.messages
            ),
            (0, 1, 0)
        );
        assert_eq!(session.report_count(), 1);
        let dashboard = session.dashboard(&Filter::default());
        assert_eq!(
            dashboard.headline.counts.messages, 7,
            "the copy is not counted"
        );
        assert_eq!(dashboard.headline.counts.dmarc_pass, 3);
        let records: Vec<RecordDetail> = dashboard
            .services
            .iter()
            .flat_map(|g| g.sources.iter())
            .flat_map(|s| session.source_records(&Filter::default(), s.source))
            .collect();
        assert_eq!(records.iter().map(|r| r.count).sum::<u64>(), 7);
        assert!(records.iter().all(|r| r.file == "a.xml"));

        // An export holds exactly what the dashboard counts.
        let failing = Filter {
            outcome: crate::analysis::Outcome::Fail,
            ..Filter::default()
        };
        let rows: Vec<_> = session.export(&failing).rows().collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].count, Some(4));
        assert_eq!(session.dashboard(&failing).headline.counts.messages, 4);
        assert_eq!(session.export(&Filter::default()).rows().count(), 2);
    }

    #[test]
    fn the_summary_counts_failure_and_tls_reports_apart() {
        let tls = br#"{"organization-name": "Google Inc.", "report-id": "t1",
            "date-range": {"start-datetime": "2024-03-08T00:00:00Z", "end-datetime": "2024-03-08T23:59:59Z"},
            "policies": [{"policy": {"policy-type": "sts", "policy-domain": "example.com"},
                "summary": {"total-successful-session-count": 9, "total-failure-session-count": 1}}]}"#;
        let arf = b"From: r@receiver.example\r\nSubject: failure\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nA failure report.\r\n\
--b\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: auth-failure\r\n\
Version: 1\r\nAuth-Failure: dmarc\r\nReported-Domain: example.com\r\nSource-IP: 192.0.2.9\r\n\r\n--b--\r\n";
        let mut session = Session::new(Limits::default());
        // (file, bytes) -> (new reports, failure reports, TLS reports, records)
        type Case<'a> = (&'a str, &'a [u8], (usize, usize, usize, usize));
        let cases: [Case; 3] = [
            ("a.xml", REPORT, (1, 0, 0, 2)),
            ("t.json", tls, (1, 0, 1, 0)),
            ("f.eml", arf, (1, 1, 0, 0)),
        ];
        for (name, bytes, want) in cases {
            let s = session.add_file(name, bytes);
            assert_eq!(
                (s.new_reports, s.failure_reports, s.tls_reports, s.records),
                want,
                "{name}: {s:?}"
            );
        }
    }

    #[test]
    fn a_restored_file_counts_once_and_a_rejected_file_keeps_its_error() {
        let mut session = Session::new(Limits::default());
        let outcome = ingest_file("a.xml", REPORT, &Limits::default());
        session.add_outcome(outcome.clone());
        assert_eq!(session.add_outcome(outcome).status, FileStatus::Duplicate);
        let bad = session.add_file("bad.xml", b"<feedback><record>");
        assert_eq!(bad.status, FileStatus::Rejected);
        assert!(!bad.errors.is_empty());
        session.clear();
        assert_eq!(session.report_count(), 0);
        assert_eq!(
            session
                .dashboard(&Filter::default())
                .headline
                .counts
                .messages,
            0
        );
    }
}
