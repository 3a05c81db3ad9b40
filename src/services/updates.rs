//! The service worker (`sw.js`, written from `assets/sw.js` by
//! `scripts/release_assets.py`): after one visit the page opens and works
//! offline. When a newer release has been installed beside the running one,
//! the page is told, and switches only when the person says so.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};
use yew::Callback;

/// The service worker's script, relative to the page (its scope is the
/// page's folder, so a sub-path works).
const SCRIPT: &str = "./sw.js";
/// How often a page left open asks whether a newer release exists.
const CHECK_EVERY_MS: i32 = 60 * 60 * 1000;

/// The browser's service-worker container; `None` where there is none (an
/// insecure context, an old browser).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let present = js_sys::Reflect::get(&navigator, &"serviceWorker".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false);
    present.then(|| navigator.service_worker())
}

/// Registers the service worker; `on_ready` fires when a newer release is
/// installed and waiting. Debug builds (`trunk serve`) register none and
/// remove one left by a release build on the same address, so development
/// always sees its latest build.
pub fn watch(on_ready: Callback<()>) {
    let Some(container) = container() else {
        return;
    };
    if cfg!(debug_assertions) {
        wasm_bindgen_futures::spawn_local(unregister(container));
        return;
    }
    let promise = container.register(SCRIPT);
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(promise).await.map(JsCast::dyn_into) {
            Ok(Ok(registration)) => follow(&container, &registration, on_ready),
            Ok(Err(_)) => {}
            Err(e) => web_sys::console::warn_2(&"dmarc-lens: no offline copy:".into(), &e),
        }
    });
}

fn follow(
    container: &ServiceWorkerContainer,
    registration: &ServiceWorkerRegistration,
    on_ready: Callback<()>,
) {
    // Installed during an earlier visit, still waiting for this page to let go.
    if registration.waiting().is_some() && container.controller().is_some() {
        on_ready.emit(());
    }
    let (reg, container) = (registration.clone(), container.clone());
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = reg.installing() else {
            return;
        };
        let (worker, container, on_ready) =
            (installing.clone(), container.clone(), on_ready.clone());
        let on_state = Closure::<dyn FnMut()>::new(move || {
            // Without a controller this is the first install, not an update.
            if worker.state() == ServiceWorkerState::Installed && container.controller().is_some() {
                on_ready.emit(());
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();

    let reg = registration.clone();
    let check = Closure::<dyn FnMut()>::new(move || {
        if let Ok(promise) = reg.update() {
            // Offline, or the server is gone: try again next time.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            CHECK_EVERY_MS,
        );
    }
    check.forget();
}

/// Switches to the newer release: its service worker takes over, and the page
/// reloads from it once it has.
pub fn apply() {
    let Some(container) = container() else {
        reload();
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let waiting = JsFuture::from(container.get_registration())
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.waiting());
        let Some(waiting) = waiting else {
            reload();
            return;
        };
        let on_change = Closure::once(reload);
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        if waiting.post_message(&"skip-waiting".into()).is_err() {
            reload();
        }
    });
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

async fn unregister(container: ServiceWorkerContainer) {
    let Ok(list) = JsFuture::from(container.get_registrations()).await else {
        return;
    };
    for registration in js_sys::Array::from(&list).iter() {
        if let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() {
            if let Ok(promise) = registration.unregister() {
                let _ = JsFuture::from(promise).await;
            }
        }
    }
}
