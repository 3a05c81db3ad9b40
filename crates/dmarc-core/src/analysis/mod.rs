//! Analysis: the data layer of the Reports dashboard.
//!
//! Build an [`Index`] once from the loaded reports (or add reports to it as
//! they are parsed), then call [`summarize`] with a [`Filter`] on every
//! filter change: the [`Dashboard`] holds every figure and table the view
//! shows, as plain rows the view only formats and sorts. Codes (services,
//! diagnoses, readiness verdicts) are translation keys listed in
//! [`all_codes`] and translated in `locales/analysis.toml`.
//!
//! ```
//! use dmarc_core::analysis::{summarize, Filter, Index, Outcome};
//! use dmarc_core::ingest::{ingest_file, Limits};
//!
//! let xml = br#"<feedback>
//!   <report_metadata><org_name>google.com</org_name><report_id>1</report_id>
//!     <date_range><begin>1704067200</begin><end>1704153599</end></date_range></report_metadata>
//!   <policy_published><domain>example.com</domain><p>none</p></policy_published>
//!   <record><row><source_ip>54.240.8.10</source_ip><count>7</count>
//!     <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
//!     <identifiers><header_from>example.com</header_from></identifiers>
//!     <auth_results><dkim><domain>example.com</domain><result>pass</result></dkim>
//!       <spf><domain>eu-west-1.amazonses.com</domain><result>pass</result></spf></auth_results></record>
//! </feedback>"#;
//! let file = ingest_file("report.xml", xml, &Limits::default());
//! let index = Index::build(file.reports.iter().map(|r| ("report.xml", &r.report)));
//! let filter = Filter::from_query("domain=example.com&from=2024-01-01");
//! let dashboard = summarize(&index, &filter);
//! assert_eq!(dashboard.headline.counts.messages, 7);
//! assert_eq!(dashboard.services[0].service.id(), "amazon_ses");
//! let source = &dashboard.services[0].sources[0];
//! assert_eq!(source.diagnosis.code(), "ses_default_mail_from");
//! assert_eq!(source.family.code(), "ok");
//! let failing = Filter { outcome: Outcome::Fail, ..filter };
//! assert_eq!(summarize(&index, &failing).headline.counts.messages, 0);
//! ```
//!
//! - [`Index`]: [`Index::build`], [`Index::from_set`], [`Index::add`]
//!   (duplicates are never counted twice), [`Index::record`] for a
//!   drill-down from [`SourceRow::rows`] to the raw record and its report.
//! - [`Filter`]: domain, period `[from, to)` in days, reporter, outcome,
//!   service or address, free-text search; [`Filter::to_query`] and
//!   [`Filter::from_query`] keep it in the URL.
//! - [`summarize`] → [`Dashboard`]: [`Headline`], daily series, sources by
//!   service then address with their [`Diagnosis`], reporters, policies over
//!   time, [`Readiness`] per domain, failure reports, SMTP TLS summaries, and
//!   the lists for the filter's selects.
//! - [`matching_rows`]: the rows of the current view, for exports;
//!   [`source_rows`]: the records behind one line of the sources table.
//! - [`senders`]: the dated table of well-known sending services.
//!
//! ## Speed
//!
//! Records are columns of integers (see [`Index`]); what depends on text
//! (alignment, service, diagnosis) is computed once per distinct record
//! shape when a report is added. [`summarize`] makes one pass over the rows
//! of the reports that match the domain, reporter and period (whole reports
//! are skipped otherwise), then a second one only for the addresses it lists
//! (the [`MAX_SOURCES_PER_SERVICE`] with the most messages in each service;
//! the others count in their service's totals and show when filtered on).
//! Over 1,000,000 generated records (`dmarc_core::testdata::synthetic`) from 204,160 addresses (5,000 reports),
//! the index builds in about 0.9 s and a filter change takes 21–110 ms
//! natively (release build, 2-core machine shared with other builds,
//! 2026-11-30; 12–38 ms before the domains overview, the per-domain judges
//! and the timeline were computed on every change). Measure it with
//! `cargo test -p dmarc-core --release --test tests analysis::filter_change_at_one_million_records -- --ignored --nocapture`
//! (`ANALYSIS_RECORDS=…` for another size).

mod attribute;
pub mod date;
mod derive;
mod diagnosis;
mod feedback;
mod filter;
mod index;
mod intern;
mod judge;
mod overview;
mod readiness;
pub mod reporters;
mod selectors;
pub mod senders;
mod shape;
mod sources;
mod summary;
pub mod timeline;

pub use diagnosis::{
    classify, resolve, Diagnosis, Evidence, Facts, Family, Judgement, Mark, Outcome as AuthOutcome,
};
pub use feedback::{policy_text, FailureRow, PolicyRow, TlsDomainSummary, TlsFailureType};
pub use filter::{Filter, Outcome, SourceFilter};
pub use index::{
    reporter_name, DkimAuth, FailureEntry, Index, RecordDetail, ReportInfo, Rows, Shape, SpfAuth,
    TlsEntry, BY_NETWORK, BY_NETWORK_OWN, DKIM_ALIGNED, DKIM_PASS, DMARC_PASS, FORWARDING_REASON,
    QUARANTINED, REJECTED, SPF_ALIGNED, SPF_PASS,
};
pub use intern::Interner;
pub use judge::{Judge, Marks, MarksError, STEADY_MIN_DAYS, STEADY_SHARE};
pub use overview::{overview, DomainOverview, MAX_SUBDOMAINS};
pub use readiness::{
    readiness, Applied, FailingService, NextRecord, OwnMail, Readiness, ReviewItem, Treatment,
    Verdict, AT_REJECT_NO_LEGITIMATE_KEY, MAX_REVIEW, MIN_DAYS, MIN_MESSAGES, QUARANTINE_SHARE,
    REJECT_SHARE, REVIEW_SHARE, WINDOW_DAYS,
};
pub use selectors::{
    selectors, SelectorRow, SelectorState, Selectors, MAX_SELECTORS, RECENT_DAYS, STOPPED_DAYS,
};
pub use senders::{ServiceId, ServiceKind};
pub use sources::{
    rate, Counts, DiagnosisCount, FamilyCount, ServiceGroup, SourceRow, MAX_DRILL_ROWS,
    MAX_SOURCES_PER_SERVICE,
};
pub use summary::{
    matching_rows, source_rows, summarize, DailyPoint, Dashboard, Headline, ReporterRow,
};
pub use timeline::{policy_label, Bucket, PolicyMarker, Step, Timeline};

/// Every `readiness_note.<code>` [`Applied::notes`] can emit.
pub const READINESS_NOTES: [&str; 4] = [
    "pct_ignored_by_rfc9989",
    "t_ignored_by_rfc7489",
    "sp_weaker",
    "np_weaker",
];

/// Every translation key the analysis can emit: `service.<id>`,
/// `family.<code>`, `diagnosis.<code>`, `diagnosis_advice.<code>`,
/// `readiness.<code>`, `readiness_advice.<code>`, `readiness_note.<code>`,
/// `selector.state.<code>` and its `_hint` (and [`AT_REJECT_NO_LEGITIMATE_KEY`]). `locales/analysis.toml` must have
/// them all.
pub fn all_codes() -> Vec<String> {
    let mut keys: Vec<String> = ServiceId::all().map(ServiceId::key).collect();
    keys.extend(Family::ALL.iter().map(|f| f.key()));
    for d in Diagnosis::ALL {
        keys.push(d.key());
        keys.push(d.advice_key());
    }
    keys.extend(
        READINESS_NOTES
            .iter()
            .map(|n| format!("readiness_note.{n}")),
    );
    for v in Verdict::ALL {
        keys.push(v.key());
        keys.push(v.advice_key());
    }
    keys.push(AT_REJECT_NO_LEGITIMATE_KEY.to_owned());
    for s in SelectorState::ALL {
        keys.push(s.key());
        keys.push(format!("{}_hint", s.key()));
    }
    keys
}
