//! The Public Suffix List of the record builder and checker, fetched from
//! this page's own origin when the builder opens (`public_suffix_list-<hash>.txt`,
//! named by `<meta name="dmarc-lens:psl">`; the service worker keeps it for
//! offline use) and handed to the core (`dmarc_core::psl::install`). The
//! page's wasm does not carry it: only the builder needs it (README, "Size").

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use super::ingest::describe;

/// Where the page's copy of the list stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListState {
    /// Being fetched: the builder's checks wait for it.
    Loading,
    /// Installed: every check can be answered.
    Ready,
    /// Could not be fetched or read (why, for the person).
    Failed(String),
}

/// `Ready` when the list is installed, else `Loading`.
pub fn current() -> ListState {
    if dmarc_core::psl::is_loaded() {
        ListState::Ready
    } else {
        ListState::Loading
    }
}

/// Fetches and installs the list, unless it is installed already.
pub async fn load() -> ListState {
    if dmarc_core::psl::is_loaded() {
        return ListState::Ready;
    }
    match fetch_text().await {
        Ok(text) => match dmarc_core::psl::install(&text) {
            Ok(_) => ListState::Ready,
            Err(e) => ListState::Failed(e.to_string()),
        },
        Err(e) => ListState::Failed(e),
    }
}

async fn fetch_text() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let url = super::assets::url("psl", "./public_suffix_list.txt");
    let response: Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|e| format!("{url}: {}", describe(e)))?
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(|e| format!("{url}: {}", describe(e)))?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}
