//! Presentational pieces: they take values and callbacks; only pages and
//! providers read contexts.

pub mod details;
pub mod empty_state;
pub mod header;
pub mod update_notice;
