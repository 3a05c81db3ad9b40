//! Holds the Reports store and the Web Worker for the whole app, so loaded
//! reports survive moving between views.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, Batch, ReportsState, Source, WorkerFailure};
use crate::services::ingest::IngestWorker;
use crate::services::protocol::{Event, FileRef, Request};

/// What pages read: the store and a way to talk to the worker.
#[derive(Clone)]
pub struct ReportsContext {
    /// The store.
    pub state: UseReducerHandle<ReportsState>,
    worker: Rc<RefCell<Option<IngestWorker>>>,
}

impl PartialEq for ReportsContext {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.worker, &other.worker)
    }
}

/// What callbacks need: equal from one render to the next (unlike the
/// context, which changes with the state), so children whose callbacks are
/// built on it with `use_callback` are not re-rendered by every new file.
#[derive(Clone)]
pub struct Handle {
    dispatcher: UseReducerDispatcher<ReportsState>,
    worker: Rc<RefCell<Option<IngestWorker>>>,
}

impl PartialEq for Handle {
    fn eq(&self, other: &Self) -> bool {
        self.dispatcher == other.dispatcher && Rc::ptr_eq(&self.worker, &other.worker)
    }
}

impl Handle {
    /// Sends a request that carries no file (see [`ReportsContext::send`]).
    pub fn send(&self, request: &Request) {
        if let Some(worker) = self.worker.borrow().as_ref() {
            if let Err(message) = worker.send(request, &[]) {
                self.dispatcher
                    .dispatch(Action::WorkerFailed(WorkerFailure::Send(message)));
            }
        }
    }

    /// Dispatches an action on the store.
    pub fn dispatch(&self, action: Action) {
        self.dispatcher.dispatch(action);
    }
}

impl ReportsContext {
    /// A handle for callbacks that stays equal across renders.
    pub fn handle(&self) -> Handle {
        Handle {
            dispatcher: self.state.dispatcher(),
            worker: self.worker.clone(),
        }
    }

    /// Sends a request that carries no file. A missing worker is already
    /// shown as an error, so the request is dropped quietly.
    pub fn send(&self, request: &Request) {
        self.handle().send(request);
    }

    /// Dispatches an action on the store.
    pub fn dispatch(&self, action: Action) {
        self.state.dispatch(action);
    }
}

/// Properties of [`ReportsProvider`].
#[derive(Properties, PartialEq)]
pub struct ReportsProviderProps {
    /// The app below.
    pub children: Html,
}

fn to_action(event: Event) -> Option<Action> {
    Some(match event {
        Event::Dashboard {
            seq,
            dashboard,
            elapsed_ms,
        } => Action::DashboardReady {
            seq,
            dashboard: std::rc::Rc::new(*dashboard),
            elapsed_ms,
        },
        Event::Sources { seq, sources, .. } => Action::SourcesReady { seq, sources },
        Event::Records { records } => Action::RecordsReady(records),
        Event::Exported { format, text } => {
            crate::services::download::save(format, &text);
            return None;
        }
        Event::Ready { restored, stored } => Action::WorkerReady { restored, stored },
        Event::FilesDone { files, stored, .. } => Action::FilesDone { files, stored },
        Event::Stored { .. } => return None,
        Event::Forgotten => Action::Forgotten,
        Event::NetworkLoaded { .. } => Action::NetworkLoaded,
        Event::NetworkApplied { .. } => return None,
        Event::NetworkFailed { message } => Action::NetworkFailed(message),
        Event::MarksChanged { marked } => Action::MarksChanged { marked },
        Event::MarksRejected { message } => Action::MarksRejected(message),
        Event::StorageFailed { message } => Action::StorageFailed(message),
        Event::StoredUnreadable { entries } => Action::StoredUnreadable(entries),
        Event::Failed { message } => Action::WorkerFailed(WorkerFailure::Malformed(message)),
        Event::ExportFailed { message } => Action::WorkerFailed(WorkerFailure::Export(message)),
    })
}

/// One batch: its files in one message, or its pasted text.
fn post_batch(worker: &IngestWorker, batch: &Batch) -> Result<(), String> {
    let mut refs = Vec::with_capacity(batch.inputs.len());
    let mut files = Vec::with_capacity(batch.inputs.len());
    for input in &batch.inputs {
        match &input.source {
            Source::File(file) => {
                refs.push(FileRef {
                    seq: input.seq,
                    name: input.name.clone(),
                });
                files.push(file.clone());
            }
            Source::Text(text) => worker.send(
                &Request::Text {
                    seq: input.seq,
                    name: input.name.clone(),
                    text: text.clone(),
                },
                &[],
            )?,
        }
    }
    if refs.is_empty() {
        return Ok(());
    }
    worker.send(&Request::Files { files: refs }, &files)
}

/// Starts the worker once and feeds it what the store decides to send.
#[function_component(ReportsProvider)]
pub fn reports_provider(props: &ReportsProviderProps) -> Html {
    let state =
        use_reducer(|| ReportsState::with_filter(crate::services::url::filter_from_location()));
    let worker = use_mut_ref(|| None::<IngestWorker>);

    {
        let state = state.clone();
        let worker = worker.clone();
        use_effect_with((), move |_| {
            let dispatcher = state.dispatcher();
            let ready_worker = worker.clone();
            let on_event = Callback::from(move |event: Event| {
                // Tell the worker where the network data is once it listens
                // (a message sent before its wasm has started is lost).
                if matches!(event, Event::Ready { .. }) {
                    if let (Some(w), Some(url)) = (
                        ready_worker.borrow().as_ref(),
                        crate::services::ingest::network_url(),
                    ) {
                        let _ = w.send(&Request::Network { url }, &[]);
                    }
                }
                if let Some(action) = to_action(event) {
                    dispatcher.dispatch(action);
                }
            });
            match IngestWorker::spawn(on_event) {
                Ok(w) => *worker.borrow_mut() = Some(w),
                Err(message) => state.dispatch(Action::WorkerFailed(WorkerFailure::Start(message))),
            }
            move || {
                worker.borrow_mut().take();
            }
        });
    }

    // Post what the store decided to send, and say so.
    {
        let worker = worker.clone();
        let dispatcher = state.dispatcher();
        let outbox = state.outbox.clone();
        let posted_up_to = state.posted_up_to;
        use_effect_with(outbox.last().map(|b| b.id), move |_| {
            let worker = worker.borrow();
            let Some(w) = worker.as_ref() else {
                return;
            };
            let mut up_to = posted_up_to;
            let mut failed = Vec::new();
            for batch in outbox.iter().filter(|b| b.id > posted_up_to) {
                up_to = batch.id;
                if let Err(message) = post_batch(w, batch) {
                    failed.extend(batch.inputs.iter().map(|i| (i.seq, message.clone())));
                }
            }
            if up_to > posted_up_to {
                dispatcher.dispatch(Action::Posted { up_to });
            }
            if !failed.is_empty() {
                dispatcher.dispatch(Action::NotSent(failed));
            }
        });
    }

    // Ask for the dashboard the store decided to ask for.
    {
        let worker = worker.clone();
        let query = state.query.clone();
        use_effect_with(query.seq, move |seq| {
            if *seq > 0 {
                if let Some(w) = worker.borrow().as_ref() {
                    let _ = w.send(
                        &Request::Query {
                            seq: *seq,
                            filter: query.filter,
                        },
                        &[],
                    );
                }
            }
        });
    }
    // Keep the filter in the address, so a view can be bookmarked.
    use_effect_with(state.filter.to_query(), |query| {
        crate::services::url::set_query(query)
    });

    let context = ReportsContext { state, worker };
    html! {
        <ContextProvider<ReportsContext> {context}>
            { props.children.clone() }
        </ContextProvider<ReportsContext>>
    }
}
