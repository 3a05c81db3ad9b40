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
}

/// Ids of the Record builder view.
pub mod builder {
    /// The builder's form.
    pub const FORM: &str = "builder-form";
}
