//! The bundled sample reports (`assets/samples.zip`, written by
//! `dmarc_core::testdata::samples`: `cargo run -p dmarc-core --features testdata
//! --example make_samples`), fetched from this page's own origin.

use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, Response};

/// The samples' file name, as the ingest log shows it.
pub const NAME: &str = "dmarc-lens-samples.zip";

/// Fetches the samples as a `File`, ready for the worker.
pub async fn fetch() -> Result<File, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response =
        JsFuture::from(window.fetch_with_str(&super::assets::url("samples", "./samples.zip")))
            .await
            .map_err(|e| format!("{e:?}"))?
            .dyn_into()
            .map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let blob: Blob = JsFuture::from(response.blob().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a blob")?;
    File::new_with_blob_sequence(&Array::of1(&blob), NAME).map_err(|e| format!("{e:?}"))
}
