//! A few figures of an event as a plain object, beside its bytes, for
//! whoever watches the messages without the codec: the browser benchmark
//! (`e2e/bench/browser-bench.js`) times files, storage, dashboards and the
//! network data by them. The page reads only the bytes.

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
        Event::FilesDone { files, phases, .. } => {
            let list: Array = files
                .iter()
                .map(|f| match &f.outcome {
                    ReadOutcome::Read(s) => object(&[
                        ("elapsed_ms", n(f.elapsed_ms)),
                        ("status", s.status.code().into()),
                        ("records", n(s.records as f64)),
                    ]),
                    ReadOutcome::Unreadable(message) => {
                        object(&[("unreadable", message.as_str().into())])
                    }
                })
                .collect();
            let phases = object(&[
                ("read_ms", n(phases.read_ms)),
                ("parse_ms", n(phases.parse_ms)),
                ("index_ms", n(phases.index_ms)),
            ]);
            object(&[("files", list.into()), ("phases", phases)])
        }
        Event::Stored { files, elapsed_ms } => object(&[
            ("files", n(f64::from(*files))),
            ("elapsed_ms", n(*elapsed_ms)),
        ]),
        Event::Sources {
            dashboard_post_ms, ..
        } => object(&[("dashboard_post_ms", n(*dashboard_post_ms))]),
        Event::Dashboard { elapsed_ms, .. } => object(&[("elapsed_ms", n(*elapsed_ms))]),
        Event::NetworkLoaded {
            bytes,
            elapsed_ms,
            decode_ms,
            ..
        } => object(&[
            ("bytes", n(*bytes as f64)),
            ("elapsed_ms", n(*elapsed_ms)),
            ("decode_ms", n(*decode_ms)),
        ]),
        Event::NetworkApplied {
            addresses,
            elapsed_ms,
        } => object(&[
            ("addresses", n(*addresses as f64)),
            ("elapsed_ms", n(*elapsed_ms)),
        ]),
        _ => return None,
    })
}
