//! The routed views. Pages read contexts; components below them do not.

pub mod builder;
pub mod not_found;
pub mod reports;
