//! Legacy encodings in the worker: the browser's `TextDecoder`, which
//! implements the same Encoding Standard as encoding_rs, so the worker need
//! not carry encoding_rs's tables (about 130 KB of its gzip'd wasm; README,
//! "Size"). The core decides what the notes say; this only resolves labels
//! and decodes (`dmarc_core::report::aggregate::transcode`).

use dmarc_core::report::aggregate::transcode::Transcoder;
use web_sys::{TextDecoder, TextDecoderOptions};

/// The browser's `TextDecoder`, one per call (calls are rare: only reports
/// that declare a legacy encoding and are not valid UTF-8).
pub struct TextDecoders;

impl TextDecoders {
    fn decoder(label: &str, fatal: bool) -> Option<TextDecoder> {
        let options = TextDecoderOptions::new();
        options.set_fatal(fatal);
        TextDecoder::new_with_label_and_options(label, &options).ok()
    }
}

impl Transcoder for TextDecoders {
    fn resolve(&self, label: &str) -> Option<String> {
        Self::decoder(label, false).map(|d| d.encoding())
    }

    fn decode(&self, name: &'static str, bytes: &[u8]) -> (String, bool) {
        // A fatal decoder first: `TextDecoder` replaces errors without saying
        // whether there were any.
        if let Some(text) =
            Self::decoder(name, true).and_then(|d| d.decode_with_u8_array(bytes).ok())
        {
            return (text, false);
        }
        match Self::decoder(name, false).and_then(|d| d.decode_with_u8_array(bytes).ok()) {
            Some(text) => (text, true),
            None => (String::from_utf8_lossy(bytes).into_owned(), true),
        }
    }
}

/// Installs [`TextDecoders`] as the core's transcoder (the worker's start).
pub fn install() {
    dmarc_core::report::aggregate::transcode::install(Box::new(TextDecoders));
}
