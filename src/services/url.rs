//! The views' state in the address: the dashboard's filter
//! (`#/reports?domain=…&from=…`) and the builder's record
//! (`#/builder?domain=…&record=…`).

use dmarc_core::analysis::Filter;
use dmarc_core::record::BuilderLink;

fn hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// The filter in the current address (none: the default filter). Off the
/// browser (server-side rendering) there is no address: the default.
pub fn filter_from_location() -> Filter {
    if cfg!(not(target_arch = "wasm32")) {
        return Filter::default();
    }
    let hash = hash().unwrap_or_default();
    match hash.split_once('?') {
        Some((_, query)) => Filter::from_query(query),
        None => Filter::default(),
    }
}

/// Puts `query` into the address of the Reports view, without a new history
/// entry and without touching other views' addresses.
pub fn set_query(query: &str) {
    set_view_query(&["", "#/", "#/reports"], "#/reports", query);
}

/// The builder link in the current address, if it holds one.
pub fn builder_link_from_location() -> Option<BuilderLink> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    let hash = hash()?;
    let (path, query) = hash.split_once('?')?;
    (path == "#/builder").then(|| BuilderLink::from_query(query))?
}

/// Puts the builder's `query` into its address (only while it is shown).
pub fn set_builder_query(query: &str) {
    set_view_query(&["#/builder"], "#/builder", query);
}

fn set_view_query(paths: &[&str], view: &str, query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(hash) = hash() else { return };
    let path = hash.split_once('?').map_or(hash.as_str(), |(p, _)| p);
    if !paths.contains(&path) {
        return;
    }
    let target = if query.is_empty() {
        view.to_owned()
    } else {
        format!("{view}?{query}")
    };
    if target == hash || (query.is_empty() && path.is_empty()) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
    }
}
