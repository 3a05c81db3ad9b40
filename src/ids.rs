//! Element ids that end-to-end and browser tests rely on: one place, so a
//! renamed id breaks the build instead of a test far away.

/// The language `<select>` in the header.
pub const LANG_SELECT: &str = "lang-select";
/// The main landmark, target of the skip link.
pub const MAIN: &str = "main";
/// The navigation link to the Reports view.
pub const NAV_REPORTS: &str = "nav-reports";
/// The navigation link to the Record builder view.
pub const NAV_BUILDER: &str = "nav-builder";
/// The notice that a newer release is ready.
pub const UPDATE_NOTICE: &str = "update-notice";
/// Its button that switches to the newer release.
pub const UPDATE_APPLY: &str = "update-apply";

/// Ids of the Reports view.
pub mod reports {
    /// The drop zone and file picker.
    pub const DROP_ZONE: &str = "drop-zone";
    /// The file input (multiple files).
    pub const FILE_INPUT: &str = "file-input";
    /// The folder input.
    pub const FOLDER_INPUT: &str = "folder-input";
    /// The "try it with sample reports" button.
    pub const SAMPLES: &str = "load-samples";
    /// The paste textarea.
    pub const PASTE: &str = "paste-xml";
    /// The paste form's submit button.
    pub const PASTE_SUBMIT: &str = "paste-submit";
    /// The progress region.
    pub const PROGRESS: &str = "ingest-progress";
    /// The cancel button.
    pub const CANCEL: &str = "ingest-cancel";
    /// The ingest log table.
    pub const LOG: &str = "ingest-log";
    /// The storage note.
    pub const STORED: &str = "stored-note";
    /// The "forget all data" button.
    pub const FORGET: &str = "forget-all";
    /// The dashboard.
    pub const DASHBOARD: &str = "dashboard";
    /// Filter: policy domain.
    pub const FILTER_DOMAIN: &str = "filter-domain";
    /// Filter: first day.
    pub const FILTER_FROM: &str = "filter-from";
    /// Filter: last day.
    pub const FILTER_TO: &str = "filter-to";
    /// Filter: reporter.
    pub const FILTER_REPORTER: &str = "filter-reporter";
    /// Filter: outcome.
    pub const FILTER_OUTCOME: &str = "filter-outcome";
    /// Filter: search.
    pub const FILTER_SEARCH: &str = "filter-search";
    /// The headline figures.
    pub const HEADLINE: &str = "headline";
    /// The sources table.
    pub const SOURCES: &str = "sources";
    /// The "About the network data" panel.
    pub const NETWORK_ATTRIBUTION: &str = "network-attribution";
    /// The reporters table.
    pub const REPORTERS: &str = "reporters";
    /// The DKIM selector inventory.
    pub const SELECTORS: &str = "dkim-selectors";
    /// The selector inventory's heading.
    pub const SELECTORS_TITLE: &str = "selectors-title";
    /// The failure reports table.
    pub const FAILURES: &str = "failure-reports";
    /// The SMTP TLS table.
    pub const TLS: &str = "tls-reports";
    /// The policy readiness panel.
    pub const READINESS: &str = "readiness";
    /// The volume chart.
    pub const CHART: &str = "chart";
    /// Domains at a glance (the overview table).
    pub const OVERVIEW: &str = "overview";
    /// The overview's "all domains" button (shown while focused).
    pub const OVERVIEW_ALL: &str = "overview-all";
    /// The marks bar ("mine" / "not mine": count, save, load).
    pub const MARKS: &str = "marks";
    /// Save the marks file.
    pub const MARKS_EXPORT: &str = "marks-export";
    /// Load a marks file (the file input).
    pub const MARKS_IMPORT: &str = "marks-import";
    /// The raw records panel.
    pub const RECORDS: &str = "records";
    /// The CSV export button.
    pub const EXPORT_CSV: &str = "export-csv";
    /// The JSON export button.
    pub const EXPORT_JSON: &str = "export-json";
}

/// Ids of the Record builder view.
pub mod builder {
    /// The builder's form.
    pub const FORM: &str = "builder-form";
    /// The domain input.
    pub const DOMAIN: &str = "builder-domain";
    /// Where the record goes (`_dmarc.<domain>`), under the domain input.
    pub const DOMAIN_WHERE: &str = "builder-domain-where";
    /// The percentage input (RFC 7489).
    pub const PCT: &str = "builder-pct";
    /// The testing-mode checkbox (RFC 9989).
    pub const TESTING: &str = "builder-testing";
    /// The report-interval input (RFC 7489).
    pub const RI: &str = "builder-ri";
    /// The alignment example for the person's own domain.
    pub const ALIGNMENT_EXAMPLE: &str = "builder-alignment-example";
    /// "A sender relies on SPF alone".
    pub const SPF_ONLY: &str = "builder-spf-only";
    /// The "Filled in from the checker" notice.
    pub const OPENED_NOTICE: &str = "builder-opened-notice";
    /// The output panel.
    pub const OUTPUT: &str = "builder-output";
    /// The output's note while the Public Suffix List loads (or why it failed).
    pub const LIST_STATUS: &str = "builder-list-status";
    /// The full record name in the output.
    pub const OUTPUT_NAME: &str = "builder-output-name";
    /// The TXT value in the output.
    pub const VALUE: &str = "builder-value";
    /// The zone-file line in the output.
    pub const ZONE_LINE: &str = "builder-zone-line";
    /// The copy button of the TXT value.
    pub const COPY_VALUE: &str = "builder-copy-value";
    /// The copy button of the zone-file line.
    pub const COPY_ZONE_LINE: &str = "builder-copy-zone-line";
    /// The live region announcing "Copied".
    pub const COPY_STATUS: &str = "builder-copy-status";
    /// The checker's verdict on the builder's own output.
    pub const VERDICT: &str = "builder-verdict";
    /// The authorisation records for external report destinations.
    pub const AUTHORIZATIONS: &str = "builder-authorizations";
    /// The rollout plan.
    pub const ROLLOUT: &str = "builder-rollout";
    /// The checker's textarea.
    pub const CHECKER_INPUT: &str = "checker-input";
    /// The checker's optional domain input.
    pub const CHECKER_DOMAIN: &str = "checker-domain";
    /// The checker's result (a live region).
    pub const CHECKER_RESULT: &str = "checker-result";
    /// The checker's list of findings.
    pub const CHECKER_FINDINGS: &str = "checker-findings";
    /// The checker's per-tag explanation table.
    pub const CHECKER_TAGS: &str = "checker-tags";
    /// "Open in builder".
    pub const OPEN_IN_BUILDER: &str = "checker-open-in-builder";
    /// The sender set-up helper.
    pub const SETUP: &str = "setup";
    /// The set-up helper's domain input.
    pub const SETUP_DOMAIN: &str = "setup-domain";
    /// The SES region select.
    pub const SETUP_REGION: &str = "setup-region";
    /// The SES MAIL FROM input.
    pub const SETUP_MAIL_FROM: &str = "setup-mail-from";
    /// The Google DKIM value.
    pub const SETUP_GOOGLE_DKIM: &str = "setup-google-dkim";
    /// The Microsoft 365 initial domain.
    pub const SETUP_MICROSOFT_DKIM: &str = "setup-microsoft-dkim";
    /// The records the set-up helper produced.
    pub const SETUP_RECORDS: &str = "setup-records";

    /// A radio button or checkbox: `builder-<name>-<value>` (`builder-p-reject`,
    /// `builder-tag-set-rfc9989`, `builder-fo-1`, `builder-provider-ses`).
    pub fn choice(name: &str, value: &str) -> String {
        format!("builder-{name}-{value}")
    }

    /// A report destination's address input: `builder-rua-0`, `builder-ruf-1`.
    pub fn address(tag: &str, index: usize) -> String {
        format!("builder-{tag}-{index}")
    }

    /// A report destination's size input: `builder-rua-0-size`.
    pub fn size(tag: &str, index: usize) -> String {
        format!("builder-{tag}-{index}-size")
    }

    /// An SES DKIM token input: `setup-token-0`.
    pub fn token(index: usize) -> String {
        format!("setup-token-{index}")
    }

    /// The button taking rollout step `index`: `rollout-step-0`.
    pub fn rollout_step(index: usize) -> String {
        format!("rollout-step-{index}")
    }

    /// The message under a field that has an error: `builder-pct-error`,
    /// `builder-rua-0-error`, `builder-rua-0-size-error`.
    pub fn error(field: &str) -> String {
        format!("{field}-error")
    }

    /// The copy button of record `index` in a list of records:
    /// `builder-authorizations-0-copy`, `setup-records-1-copy`.
    pub fn copy(list: &str, index: usize) -> String {
        format!("{list}-{index}-copy")
    }
}
