//! Preferences kept in `localStorage`, and the browser's language list.

use gloo_storage::{LocalStorage, Storage};

use crate::i18n::Lang;

const LANG_KEY: &str = "dmarc-lens.lang";
const RUA_KEY: &str = "dmarc-lens.rua";

/// The aggregate report addresses the person entered in the builder last.
pub fn remembered_rua() -> Vec<String> {
    LocalStorage::get(RUA_KEY).unwrap_or_default()
}

/// Remembers the builder's aggregate report addresses (none: kept as they
/// were, so clearing the form does not forget them).
pub fn remember_rua(addresses: &[String]) {
    if !addresses.is_empty() {
        let _ = LocalStorage::set(RUA_KEY, addresses);
    }
}

/// The language to start in: the stored choice, else the browser's.
pub fn initial_lang() -> Lang {
    let stored: Option<String> = LocalStorage::get(LANG_KEY).ok();
    let preferred = browser_languages();
    Lang::detect(stored.as_deref(), preferred.iter().map(String::as_str))
}

/// Remembers the chosen language and tells the document (`<html lang>`).
pub fn store_lang(lang: Lang) {
    // A full or disabled storage only loses the preference, never the page.
    let _ = LocalStorage::set(LANG_KEY, lang.code());
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut langs: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if langs.is_empty() {
        langs.extend(navigator.language());
    }
    langs
}
