//! The Reports view: get reports in, watch them parse, see the dashboard.

pub mod dashboard;
pub mod ingest_log;
mod intake;
pub mod provider;
pub mod state;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use self::dashboard::{DashboardView, MarkRequest};
use self::ingest_log::{IngestLog, ProgressBar};
use self::intake::Intake;
use self::provider::ReportsContext;
use self::state::{Action, Source, WorkerFailure};
use crate::components::empty_state::EmptyState;
use crate::ids;
use crate::services::files::{entries_of, next_task, walk, NamedFile};
use crate::services::protocol::{ExportFormat, MarkTarget, Request};
use crate::state::AppContext;

/// Time spent taking files' sizes in one task, in milliseconds: each size
/// is a question to the browser's file system (about 0.3 ms, more on a busy
/// machine), so a folder of 2,000 files is taken in short tasks, the first
/// of them already on its way to the worker while the rest are sized.
const SIZE_SLICE_MS: f64 = 8.0;

fn add_files(ctx: &ReportsContext, files: Vec<NamedFile>) {
    if files.is_empty() {
        return;
    }
    let drop = next_drop();
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let mut files = files.into_iter().peekable();
        while files.peek().is_some() {
            let started = js_sys::Date::now();
            let mut inputs = Vec::new();
            while let Some((name, file)) = files
                .next_if(|_| inputs.is_empty() || js_sys::Date::now() - started < SIZE_SLICE_MS)
            {
                let size = file.size() as u64;
                inputs.push((name, size, Source::File(file)));
            }
            ctx.dispatch(Action::InputsAdded(drop, inputs));
            if files.peek().is_some() {
                next_task().await;
            }
        }
    });
}

/// A new drop's number (see [`Action::InputsAdded`]).
fn next_drop() -> u32 {
    thread_local! {
        static DROPS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    DROPS.with(|d| {
        d.set(d.get() + 1);
        d.get()
    })
}

/// The Reports view.
#[function_component(ReportsPage)]
pub fn reports_page() -> Html {
    let lang = use_context::<AppContext>()
        .map(|s| s.lang)
        .unwrap_or_default();
    let ctx = use_context::<ReportsContext>();
    let dragging = use_state(|| false);

    // Drops anywhere on the page.
    {
        let ctx = ctx.clone();
        let dragging = dragging.clone();
        use_effect_with((), move |_| {
            let listeners = ctx.map(|ctx| page_drop_listeners(ctx, dragging));
            move || drop(listeners)
        });
    }

    let Some(ctx) = ctx else {
        return html! {
            <div class="page page-reports">
                <h1>{ lang.t("reports.title") }</h1>
                <EmptyState title={lang.t("reports.empty_title")} body={lang.t("reports.empty_body")} />
            </div>
        };
    };
    let state = ctx.state.clone();
    let onfiles = {
        let ctx = ctx.clone();
        Callback::from(move |files: Vec<NamedFile>| add_files(&ctx, files))
    };
    let ontext = {
        let ctx = ctx.clone();
        Callback::from(move |text: String| {
            let size = text.len() as u64;
            ctx.dispatch(Action::InputsAdded(
                next_drop(),
                vec![("pasted.xml".to_owned(), size, Source::Text(text))],
            ));
        })
    };
    let onsamples = {
        let ctx = ctx.clone();
        Callback::from(move |()| {
            let ctx = ctx.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::services::samples::fetch().await {
                    Ok(file) => add_files(
                        &ctx,
                        vec![(crate::services::samples::NAME.to_owned(), file)],
                    ),
                    Err(message) => {
                        ctx.dispatch(Action::WorkerFailed(WorkerFailure::Sample(message)))
                    }
                }
            });
        })
    };
    let oncancel = {
        let ctx = ctx.clone();
        Callback::from(move |()| ctx.dispatch(Action::Cancelled))
    };
    let onforget = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.send(&Request::Forget))
    };
    let has_data = state.stored.files > 0 || !state.log.is_empty();
    // Stable callbacks: the dashboard is not rendered again for every file
    // read, only when what it shows changes.
    let handle = ctx.handle();
    let query = state.filter.to_query();
    let onfilter = use_callback(handle.clone(), |filter, h| {
        h.dispatch(Action::FilterChanged(filter))
    });
    let ondrill = use_callback(
        (handle.clone(), query.clone()),
        |(label, source): (String, u32), (h, filter)| {
            h.dispatch(Action::RecordsRequested(label));
            h.send(&Request::Records {
                filter: filter.clone(),
                source,
            });
            crate::services::focus::focus_by_id(ids::reports::RECORDS);
        },
    );
    let onclosedrill = use_callback(handle.clone(), |(), h| h.dispatch(Action::DrillClosed));
    let onexport = use_callback(
        (handle.clone(), query),
        |format: ExportFormat, (h, filter)| match format {
            ExportFormat::Marks => h.send(&Request::ExportMarks),
            _ => h.send(&Request::Export {
                filter: filter.clone(),
                format,
            }),
        },
    );
    let onmark = use_callback(handle.clone(), |request: MarkRequest, h| {
        let (target, mark) = match request {
            MarkRequest::Source(ip, mark) => (MarkTarget::Source(ip), mark),
            MarkRequest::Service(service, mark) => (MarkTarget::Service(service), mark),
        };
        h.send(&Request::Mark { target, mark });
    });
    let onmarksimport = use_callback(handle, |text: String, h| {
        h.send(&Request::ImportMarks { text });
    });
    let has_reports = state
        .dashboard
        .as_ref()
        .is_some_and(|d| !d.domains.is_empty() || !d.failures.is_empty() || !d.tls.is_empty());
    // When the page opens, what reading shows and the dashboard are drawn
    // once, hidden, so that their first real render finds the page's code
    // compiled and its fonts looked up (dashboard/warmup.rs); gone when the
    // real dashboard is here.
    let warmup = dashboard::warmup::use_warmup(lang, has_reports);

    html! {
        <div class="page page-reports">
            <h1>{ lang.t("reports.title") }</h1>
            if let Some(error) = &state.worker_error {
                <p class="error" role="alert">{ lang.t(&error.key()) }{ " " }<span class="detail">{ error.detail() }</span></p>
            }
            if let Some(error) = &state.network_error {
                <p class="warning" role="alert">{ lang.t("net.failed") }{ " " }<span class="detail">{ error }</span></p>
            }
            if let Some(error) = &state.storage_error {
                <p class="warning" role="alert">{ lang.t("reports.storage_error") }{ " " }<span class="detail">{ error }</span></p>
            }
            if state.stored_unreadable > 0 {
                <p class="warning" role="alert">{ lang.t_count("reports.stored_unreadable", state.stored_unreadable, &[]) }</p>
            }
            <Intake {lang} {onfiles} {ontext} {onsamples} dragging={*dragging} />
            <ProgressBar {lang} progress={state.progress} busy={state.busy()} {oncancel} />
            if has_data {
                <div class="stored" id={ids::reports::STORED}>
                    <p>{ lang.t_count("reports.stored_note", u64::from(state.stored.files), &[
                        ("bytes", lang.bytes(state.stored.bytes).into()),
                    ]) }</p>
                    <button id={ids::reports::FORGET} type="button" class="danger" onclick={onforget}
                            disabled={state.busy()}>{ lang.t("reports.forget") }</button>
                </div>
            }
            if let (Some(dashboard), true) = (&state.dashboard, has_reports) {
                <DashboardView {lang} dashboard={dashboard.clone()} filter={state.filter.clone()} drill={state.drill.clone()}
                               {onfilter} {ondrill} {onclosedrill} {onexport} {onmark} {onmarksimport}
                               marked={state.marked} marks_error={state.marks_error.clone()} />
            }
            { warmup }
            <IngestLog {lang} entries={state.log.clone()} />
            if !has_data && state.ready {
                <EmptyState title={lang.t("reports.empty_title")} body={lang.t("reports.empty_body")} />
            }
        </div>
    }
}

/// Listens for drags and drops on the whole document; dropping the returned
/// value removes the listeners.
fn page_drop_listeners(ctx: ReportsContext, dragging: UseStateHandle<bool>) -> Option<Listeners> {
    let document = web_sys::window()?.document()?;
    let over = {
        let dragging = dragging.clone();
        Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let leave = {
        let dragging = dragging.clone();
        Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
            // Leaving the window (no related target) ends the drag state.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let dropped = Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
        e.prevent_default();
        dragging.set(false);
        let Some(transfer) = e.data_transfer() else {
            return;
        };
        let (entries, files) = entries_of(&transfer);
        add_files(&ctx, files);
        if !entries.is_empty() {
            let ctx = ctx.clone();
            wasm_bindgen_futures::spawn_local(async move {
                add_files(&ctx, walk(entries).await);
            });
        }
    });
    let target: web_sys::EventTarget = document.into();
    let _ = target.add_event_listener_with_callback("dragover", over.as_ref().unchecked_ref());
    let _ = target.add_event_listener_with_callback("dragleave", leave.as_ref().unchecked_ref());
    let _ = target.add_event_listener_with_callback("drop", dropped.as_ref().unchecked_ref());
    Some(Listeners {
        target,
        over,
        leave,
        dropped,
    })
}

struct Listeners {
    target: web_sys::EventTarget,
    over: Closure<dyn FnMut(web_sys::DragEvent)>,
    leave: Closure<dyn FnMut(web_sys::DragEvent)>,
    dropped: Closure<dyn FnMut(web_sys::DragEvent)>,
}

impl Drop for Listeners {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback("dragover", self.over.as_ref().unchecked_ref());
        let _ = self
            .target
            .remove_event_listener_with_callback("dragleave", self.leave.as_ref().unchecked_ref());
        let _ = self
            .target
            .remove_event_listener_with_callback("drop", self.dropped.as_ref().unchecked_ref());
    }
}
