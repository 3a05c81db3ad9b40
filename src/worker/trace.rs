//! A few figures of an event as a plain object, beside its bytes, for
//! whoever watches the messages without the codec: the browser benchmark
//! (`e2e/bench/browser-bench.js`) times files, dashboards and the network
//! data by them. The page reads only the bytes.

use dmarc_core::ingest::FileStatus;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::services::protocol::{Event, ReadOutcome};

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// The figures of `event`, when it is one the benchmark times.
pub fn figures(event: &Event) -> Option<JsValue> {
    let n = |v: f64| JsValue::from_f64(v);
    Some(match event {
        Event::FilesDone { files, .. } => {
            let list: Array = files
                .iter()
                .map(|f| match &f.outcome {
                    ReadOutcome::Read(s) => object(&[
                        ("elapsed_ms", n(f.elapsed_ms)),
                        (
                            "status",
                            match s.status {
                                FileStatus::Parsed => "parsed",
                                FileStatus::Duplicate => "duplicate",
                                FileStatus::Rejected => "rejected",
                            }
                            .into(),
                        ),
                        ("records", n(s.records as f64)),
                        ("new_reports", n(s.new_reports as f64)),
                        ("messages", n(s.messages as f64)),
                        ("errors", n(s.errors.len() as f64)),
                    ]),
                    ReadOutcome::Unreadable(message) => {
                        object(&[("unreadable", message.as_str().into())])
                    }
                })
                .collect();
            object(&[("files", list.into())])
        }
        Event::Dashboard { elapsed_ms, .. } => object(&[("elapsed_ms", n(*elapsed_ms))]),
        Event::NetworkLoaded {
            bytes, elapsed_ms, ..
        } => object(&[("bytes", n(*bytes as f64)), ("elapsed_ms", n(*elapsed_ms))]),
        Event::NetworkApplied {
            addresses,
            elapsed_ms,
        } => object(&[
            ("addresses", n(*addresses as f64)),
            ("elapsed_ms", n(*elapsed_ms)),
        ]),
        Event::Failed { message } => object(&[("message", message.as_str().into())]),
        _ => return None,
    })
}
