//! The dashboard's filter in the address: `#/reports?domain=…&from=…`.

use dmarc_core::analysis::Filter;

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
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(hash) = hash() else { return };
    let path = hash.split_once('?').map_or(hash.as_str(), |(p, _)| p);
    if !(path.is_empty() || path == "#/" || path == "#/reports") {
        return;
    }
    let target = if query.is_empty() {
        "#/reports".to_owned()
    } else {
        format!("#/reports?{query}")
    };
    if target == hash || (query.is_empty() && path.is_empty()) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
    }
}
