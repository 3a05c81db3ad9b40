//! Side effects: everything that touches the browser beyond rendering.

pub mod focus;
pub mod panic;
pub mod prefs;
