//! Holds the Reports store and the Web Worker for the whole app, so loaded
//! reports survive moving between views.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, ReportsState, Source, WorkerFailure};
use crate::services::ingest::IngestWorker;
use crate::services::protocol::{Event, Request};

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
            if let Err(message) = worker.send(request, None) {
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
        Event::Sources { seq, sources } => Action::SourcesReady { seq, sources },
        Event::Records { records } => Action::RecordsReady(records),
        Event::Exported { format, text } => {
            crate::services::download::save(format, &text);
            return None;
        }
        Event::Ready { restored, stored } => Action::WorkerReady { restored, stored },
        Event::FileDone {
            seq,
            summary,
            stored,
            ..
        } => Action::FileDone {
            seq,
            summary,
            stored,
        },
        Event::FileUnreadable { seq, message, .. } => Action::FileUnreadable { seq, message },
        Event::Forgotten => Action::Forgotten,
        Event::NetworkLoaded { .. } => Action::NetworkLoaded,
        Event::NetworkApplied { .. } => return None,
        Event::NetworkFailed { message } => Action::NetworkFailed(message),
        Event::MarksChanged { marked } => Action::MarksChanged { marked },
        Event::MarksRejected { message } => Action::MarksRejected(message),
        Event::StorageFailed { message } => Action::StorageFailed(message),
        Event::Failed { message } => Action::WorkerFailed(WorkerFailure::Malformed(message)),
        Event::ExportFailed { message } => Action::WorkerFailed(WorkerFailure::Export(message)),
    })
}

/// Starts the worker once and feeds it the queue, one input at a time.
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
                        let _ = w.send(&Request::Network { url }, None);
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

    {
        let worker = worker.clone();
        let dispatcher = state.dispatcher();
        let in_flight = state.in_flight.clone();
        let sent_up_to = use_mut_ref(|| 0u32);
        use_effect_with(in_flight.last().map(|i| i.seq), move |_| {
            let worker = worker.borrow();
            let Some(w) = worker.as_ref() else {
                return;
            };
            for input in in_flight.iter().filter(|i| i.seq > *sent_up_to.borrow()) {
                *sent_up_to.borrow_mut() = input.seq;
                let sent = match &input.source {
                    Source::File(file) => w.send(
                        &Request::File {
                            seq: input.seq,
                            name: input.name.clone(),
                        },
                        Some(file),
                    ),
                    Source::Text(text) => w.send(
                        &Request::Text {
                            seq: input.seq,
                            name: input.name.clone(),
                            text: text.clone(),
                        },
                        None,
                    ),
                };
                if let Err(message) = sent {
                    dispatcher.dispatch(Action::FileUnreadable {
                        seq: input.seq,
                        message,
                    });
                }
            }
        });
    }

    // Ask for the dashboard when the data or the filter changes; while a
    // batch is being read, at most every 1.5 s (each new dashboard costs the
    // page a decode and a render; a folder of 2,000 files would otherwise
    // ask 2,000 times). A changed filter is always asked for at once.
    {
        let worker = worker.clone();
        let query = state.filter.to_query();
        let busy = state.busy();
        let ready = state.ready;
        let seq = use_mut_ref(|| 0u32);
        let last = use_mut_ref(|| (String::new(), 0.0f64));
        use_effect_with(
            (query, state.data_version, busy, ready),
            move |(query, _, busy, ready)| {
                let now = js_sys::Date::now();
                let (last_query, last_at) = last.borrow().clone();
                let throttled = *busy && *query == last_query && now - last_at < 1_500.0;
                if *ready && !throttled {
                    if let Some(w) = worker.borrow().as_ref() {
                        *seq.borrow_mut() += 1;
                        let seq = *seq.borrow();
                        *last.borrow_mut() = (query.clone(), now);
                        let _ = w.send(
                            &Request::Query {
                                seq,
                                filter: query.clone(),
                            },
                            None,
                        );
                    }
                }
            },
        );
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
