//! Running something after the browser has painted.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Calls `f` in a task after the next frame is painted: an animation frame
/// callback, then a `setTimeout` of 0 from it. Work split this way lands in
/// tasks of its own, each with its own style, layout and paint, so that no
/// single task holds the page for long. Without a window, `f` is not called.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let later = window.clone();
    let on_frame = Closure::once_into_js(move || {
        let run = Closure::once_into_js(f);
        let _ = later.set_timeout_with_callback(run.unchecked_ref());
    });
    let _ = window.request_animation_frame(on_frame.unchecked_ref());
}
