//! Saving an export: a `blob:` URL of this page and an `<a download>`.

use js_sys::Array;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::protocol::ExportFormat;

/// Offers `text` as a file to save, named after the format.
pub fn save(format: ExportFormat, text: &str) {
    let (name, mime) = match format {
        ExportFormat::Json => ("dmarc-lens-export.json", "application/json"),
        ExportFormat::Csv => ("dmarc-lens-export.csv", "text/csv"),
        ExportFormat::Marks => ("dmarc-lens-marks.json", "application/json"),
    };
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&Array::of1(&text.into()), &options)
    else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = Url::revoke_object_url(&url);
}
