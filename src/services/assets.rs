//! Files the page asks for by name. `scripts/release_assets.py` renames them
//! after their content and points a `<meta name="dmarc-lens:KEY">` of
//! `index.html` at the new name, so a new release never pairs with an old
//! cached file.

/// The address of the shipped file `key` (`worker`, `samples`), relative to
/// the page; `fallback` where the page has no such tag (a build without the
/// post-build hook, a test page).
pub fn url(key: &str, fallback: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("meta[name=\"dmarc-lens:{key}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|content| !content.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}
