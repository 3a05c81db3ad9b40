//! The page's side of the Web Worker: spawn it, send it files, hear back.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use super::protocol::{decode, encode, Event, Request};

/// The worker's loader, relative to the page so a sub-path works (the
/// release names it after its content: see `assets::url`).
const LOADER: &str = "./worker_loader.js";

/// A running worker. Dropping it stops the worker.
pub struct IngestWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl IngestWorker {
    /// Starts the worker; every event it sends goes to `on_event`.
    pub fn spawn(on_event: Callback<Event>) -> Result<IngestWorker, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let worker = Worker::new_with_options(&super::assets::url("worker", LOADER), &options)
            .map_err(describe)?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            let bytes = Reflect::get(&message.data(), &"bin".into())
                .ok()
                .and_then(|v| v.dyn_into::<Uint8Array>().ok())
                .map(|array| array.to_vec());
            let event = match bytes.as_deref().map(decode::<Event>) {
                Some(Ok(event)) => event,
                Some(Err(message)) => Event::Failed {
                    message: format!("unreadable event: {message}"),
                },
                None => Event::Failed {
                    message: "an event without its bytes".to_owned(),
                },
            };
            on_event.emit(event);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(IngestWorker {
            worker,
            _on_message: on_message,
        })
    }

    /// Sends a request, with the `File`s it concerns, if any (by structured
    /// clone: the page does not read them).
    pub fn send(&self, request: &Request, files: &[web_sys::File]) -> Result<(), String> {
        let bytes = Uint8Array::from(encode(request)?.as_slice());
        let message = Object::new();
        Reflect::set(&message, &"bin".into(), &bytes).map_err(describe)?;
        if !files.is_empty() {
            let array: js_sys::Array = files.iter().collect();
            Reflect::set(&message, &"files".into(), &array).map_err(describe)?;
        }
        self.worker.post_message(&message).map_err(describe)
    }
}

impl Drop for IngestWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The network data's URL: the file name `scripts/network_asset.py` wrote
/// into `<meta name="dmarc-lens-network">`, resolved against the page (so a
/// sub-path works). `None` in a build without it.
pub fn network_url() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let name = document
        .query_selector("meta[name=dmarc-lens-network]")
        .ok()??
        .get_attribute("content")?;
    if name.is_empty() || name.contains("NETWORK_ASSET") {
        return None;
    }
    web_sys::Url::new_with_base(&name, &document.url().ok()?)
        .ok()
        .map(|u| u.href())
}

/// A JavaScript error (or any thrown value) as text for a person.
pub fn describe(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
