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
    /// The reporters table.
    pub const REPORTERS: &str = "reporters";
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
}
