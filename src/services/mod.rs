//! Side effects: everything that touches the browser beyond rendering.

pub mod assets;
pub mod domains;
pub mod download;
pub mod files;
pub mod focus;
pub mod frames;
pub mod ingest;
pub mod panic;
pub mod prefs;
pub mod protocol;
pub mod samples;
pub mod suffix_list;
pub mod updates;
pub mod url;
