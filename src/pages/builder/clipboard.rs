//! Writing to the clipboard (`navigator.clipboard.writeText`).

use wasm_bindgen::JsValue;

/// Copies `text`; `false` when the browser has no clipboard access (an
/// insecure context, a denied permission) or refuses.
pub async fn write_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let available = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !available {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
