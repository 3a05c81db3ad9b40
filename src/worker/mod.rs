//! The Web Worker: all parsing and all report data live here, off the page's
//! thread. It only calls the core (`dmarc_core::session`) and storage.
//!
//! Messages are handled one at a time, in order (`inbox`): a batch of files
//! is read asynchronously, several reads ahead of the parser, and the
//! messages that arrive meanwhile wait for it. Storage writes run in the
//! background, one transaction per answer; a failed write becomes
//! [`Event::StorageFailed`], never a lost report for this visit.

mod batch;
mod inbox;
mod storage;
mod trace;
pub mod transcode;
pub mod warmup;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use dmarc_core::analysis::{Filter, Marks};
use dmarc_core::ingest::{ingest_file, FileStatus, Limits};
use dmarc_core::network::NetworkDb;
use dmarc_core::session::Session;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

use crate::services::ingest::describe;
use crate::services::protocol::{
    encode, Event, ExportFormat, FileDone, MarkTarget, Phases, ReadOutcome, Request, StoredInfo,
};
use inbox::Inbox;
use storage::{Kept, Storage, Stored};

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    session: Session,
    storage: Option<Rc<Storage>>,
    stored: StoredInfo,
    network: NetworkLoad,
}

/// The network data: fetched once, when the first reports are loaded.
#[derive(Default)]
struct NetworkLoad {
    url: Option<String>,
    started: bool,
    /// Filled by the fetch; taken into the session before the next request.
    arrived: Rc<RefCell<Option<Arc<NetworkDb>>>>,
}

impl Worker {
    fn post(&self, event: &Event) {
        post(&self.scope, event);
    }

    /// Takes the network data into the session once it has arrived.
    fn apply_network(&mut self) {
        if let Some(db) = self.network.arrived.borrow_mut().take() {
            let started = now();
            self.session.set_network(db);
            self.post(&Event::NetworkApplied {
                addresses: self.session.index().ips.len() as u64,
                elapsed_ms: now() - started,
            });
        }
    }

    /// Handles a request other than [`Request::Files`] (`batch::read`).
    fn handle(&mut self, request: Request) {
        self.apply_network();
        match request {
            Request::Network { url } => {
                self.network.url = Some(url);
                self.load_network();
            }
            // Read by `batch::read`, which the inbox gives them to.
            Request::Files { .. } => {}
            Request::Text { seq, name, text } => {
                let started = now();
                let mut kept = Vec::new();
                let mut phases = Phases::default();
                let outcome = ReadOutcome::Read(self.ingest(
                    &name,
                    text.as_bytes(),
                    None,
                    &mut kept,
                    &mut phases,
                ));
                self.store(kept);
                self.post(&Event::FilesDone {
                    files: vec![FileDone {
                        seq,
                        elapsed_ms: now() - started,
                        outcome,
                    }],
                    stored: self.stored,
                    phases,
                });
            }
            Request::Query { seq, filter } => {
                let started = now();
                let mut dashboard = Box::new(self.session.dashboard(&Filter::from_query(&filter)));
                let sources = dashboard
                    .services
                    .iter_mut()
                    .map(|g| std::mem::take(&mut g.sources))
                    .collect();
                let computed = now();
                self.post(&Event::Dashboard {
                    seq,
                    dashboard,
                    elapsed_ms: computed - started,
                });
                self.post(&Event::Sources {
                    seq,
                    sources,
                    dashboard_post_ms: now() - computed,
                });
            }
            Request::Records { filter, source } => {
                let records = self
                    .session
                    .source_records(&Filter::from_query(&filter), source);
                self.post(&Event::Records { records });
            }
            Request::Export { filter, format } => {
                let export = self.session.export(&Filter::from_query(&filter));
                let text = match format {
                    ExportFormat::Json => export.to_json(),
                    ExportFormat::Csv => Ok(export.to_csv()),
                    ExportFormat::Marks => Ok(self.session.marks().to_json()),
                };
                match text {
                    Ok(text) => self.post(&Event::Exported { format, text }),
                    Err(e) => self.post(&Event::ExportFailed {
                        message: e.to_string(),
                    }),
                }
            }
            Request::Mark { target, mark } => {
                let mut marks = self.session.marks().clone();
                match target {
                    MarkTarget::Source(ip) => marks.set_source(&ip, mark),
                    MarkTarget::Service(service) => marks.set_service(service, mark),
                }
                self.set_marks(marks);
            }
            Request::ExportMarks => {
                let text = self.session.marks().to_json();
                self.post(&Event::Exported {
                    format: ExportFormat::Marks,
                    text,
                });
            }
            Request::ImportMarks { text } => match Marks::from_json(&text) {
                Ok(imported) => {
                    let mut marks = self.session.marks().clone();
                    marks.merge(imported);
                    self.set_marks(marks);
                }
                Err(e) => self.post(&Event::MarksRejected {
                    message: e.to_string(),
                }),
            },
            Request::Forget => {
                self.session.clear();
                self.stored = StoredInfo::default();
                let scope = self.scope.clone();
                let storage = self.storage.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(storage) = storage {
                        if let Err(message) = storage.clear().await {
                            post(&scope, &Event::StorageFailed { message });
                        }
                    }
                    post(&scope, &Event::Forgotten);
                });
            }
        }
    }

    /// Uses `marks` from now on, keeps them in storage, and tells the page.
    fn set_marks(&mut self, marks: Marks) {
        let json = marks.to_json();
        let marked = (marks.sources.len() + marks.services.len()) as u64;
        self.session.set_marks(marks);
        self.post(&Event::MarksChanged { marked });
        if let Some(storage) = self.storage.clone() {
            let scope = self.scope.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(message) = storage.put_marks(&json).await {
                    post(&scope, &Event::StorageFailed { message });
                }
            });
        }
    }

    /// Reads one input (`bytes`, of `file` when it came as one); a parsed
    /// file goes into `kept`, to be stored as it was given (see
    /// [`Worker::store`]). Its parse and index times are added to `phases`.
    fn ingest(
        &mut self,
        name: &str,
        bytes: &[u8],
        file: Option<&Blob>,
        kept: &mut Vec<(String, Kept)>,
        phases: &mut Phases,
    ) -> dmarc_core::session::FileSummary {
        let started = now();
        let outcome = ingest_file(name, bytes, self.session.limits());
        let parsed = now();
        let summary = self.session.add_outcome(outcome);
        phases.parse_ms += parsed - started;
        phases.index_ms += now() - parsed;
        if summary.status == FileStatus::Parsed {
            self.stored.files += 1;
            self.stored.bytes += bytes.len() as u64;
            let keep = match file {
                Some(file) if bytes.len() > storage::INLINE_MAX => Kept::File(file.clone()),
                _ => Kept::Bytes(Uint8Array::from(bytes)),
            };
            kept.push((name.to_owned(), keep));
            self.load_network();
        }
        summary
    }

    /// Starts fetching the network data once there are reports to label and
    /// the page said where it is; a failure is reported once, and the rest
    /// of the dashboard works without it.
    fn load_network(&mut self) {
        if self.network.started || self.session.report_count() == 0 {
            return;
        }
        let Some(url) = self.network.url.clone() else {
            return;
        };
        self.network.started = true;
        let scope = self.scope.clone();
        let arrived = self.network.arrived.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let started = now();
            let fetched = fetch_bytes(&scope, &url).await;
            let decoding = now();
            let event = match fetched {
                Ok(bytes) => match NetworkDb::from_asset(&bytes) {
                    Ok(db) => {
                        let date = db.meta().date.clone();
                        *arrived.borrow_mut() = Some(Arc::new(db));
                        let decoded = now();
                        Event::NetworkLoaded {
                            date,
                            bytes: bytes.len() as u64,
                            elapsed_ms: decoded - started,
                            decode_ms: decoded - decoding,
                        }
                    }
                    Err(e) => Event::NetworkFailed {
                        message: format!("{url}: {e}"),
                    },
                },
                Err(message) => Event::NetworkFailed {
                    message: format!("{url}: {message}"),
                },
            };
            post(&scope, &event);
        });
    }

    /// Keeps files in storage, all in one transaction, in the background.
    fn store(&mut self, files: Vec<(String, Kept)>) {
        if files.is_empty() {
            return;
        }
        let Some(storage) = self.storage.clone() else {
            return;
        };
        let scope = self.scope.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let started = now();
            match storage.put_all(&files).await {
                Ok(()) => post(
                    &scope,
                    &Event::Stored {
                        files: files.len() as u32,
                        elapsed_ms: now() - started,
                    },
                ),
                Err(message) => post(&scope, &Event::StorageFailed { message }),
            }
        });
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, event: &Event) {
    let (name, bytes) = match encode(event) {
        Ok(bytes) => (event.name(), bytes),
        Err(message) => {
            let failed = Event::Failed { message };
            (failed.name(), encode(&failed).unwrap_or_default())
        }
    };
    // A fresh buffer of its own, handed over (transferred), not copied again.
    let bytes = Uint8Array::from(bytes.as_slice());
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &name.into());
    let _ = Reflect::set(&message, &"bin".into(), &bytes);
    if let Some(figures) = trace::figures(event) {
        let _ = Reflect::set(&message, &"data".into(), &figures);
    }
    let _ = scope.post_message_with_transfer(&message, &js_sys::Array::of1(&bytes.buffer()));
}

/// The bytes at `url` (this origin; the page's CSP allows no other).
async fn fetch_bytes(scope: &DedicatedWorkerGlobalScope, url: &str) -> Result<Vec<u8>, String> {
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Reads stored files `(name, contents)` back into the session (and takes
/// them from `files`).
async fn restore_files(
    worker: &Rc<RefCell<Worker>>,
    files: &mut Vec<(String, Blob)>,
    restored: &mut Vec<dmarc_core::session::FileSummary>,
) {
    let files = std::mem::take(files);
    let blobs: Vec<Blob> = files.iter().map(|(_, blob)| blob.clone()).collect();
    batch::read_each(blobs, &mut |i, bytes| {
        let Some((name, _)) = files.get(i) else {
            return;
        };
        let mut w = worker.borrow_mut();
        match bytes {
            Ok(bytes) => {
                w.stored.files += 1;
                w.stored.bytes += bytes.len() as u64;
                restored.push(w.session.add_file(name, &bytes));
            }
            Err(message) => w.post(&Event::StorageFailed {
                message: format!("{name}: {message}"),
            }),
        }
    })
    .await;
}

fn now() -> f64 {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .ok()
        .and_then(|scope| scope.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// Starts the worker: restores stored reports, then answers messages.
pub fn run() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    transcode::install();
    let worker = Rc::new(RefCell::new(Worker {
        scope: scope.clone(),
        session: Session::new(Limits::default()),
        storage: None,
        stored: StoredInfo::default(),
        network: NetworkLoad::default(),
    }));
    // Messages that arrive before the restore is done wait in the inbox.
    let inbox = Inbox::held();

    let on_message = {
        let worker = worker.clone();
        let inbox = inbox.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            inbox::receive(&worker, &inbox, event);
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();

    wasm_bindgen_futures::spawn_local(async move {
        warmup::run(&mut worker.borrow_mut().session);
        let mut restored = Vec::new();
        // An earlier version's parsed entries, not read (see `storage`).
        let mut unreadable = 0u64;
        match Storage::open().await {
            Ok(storage) => {
                match storage.all().await {
                    Ok(stored) => {
                        // Stored files are read in groups, as dropped ones are.
                        let mut files = Vec::new();
                        for entry in stored {
                            match entry {
                                Stored::File { name, blob } => files.push((name, blob)),
                                Stored::Json => unreadable += 1,
                                Stored::Unknown => post(
                                    &scope,
                                    &Event::StorageFailed {
                                        message: "a stored entry could not be read back".to_owned(),
                                    },
                                ),
                            }
                        }
                        restore_files(&worker, &mut files, &mut restored).await;
                        if unreadable > 0 {
                            post(
                                &scope,
                                &Event::StoredUnreadable {
                                    entries: unreadable,
                                },
                            );
                        }
                    }
                    Err(message) => post(&scope, &Event::StorageFailed { message }),
                }
                match storage.marks().await {
                    Ok(Some(json)) => match Marks::from_json(&json) {
                        Ok(marks) => {
                            let marked = (marks.sources.len() + marks.services.len()) as u64;
                            worker.borrow_mut().session.set_marks(marks);
                            post(&scope, &Event::MarksChanged { marked });
                        }
                        Err(e) => post(
                            &scope,
                            &Event::StorageFailed {
                                message: format!("the stored marks could not be read back: {e}"),
                            },
                        ),
                    },
                    Ok(None) => {}
                    Err(message) => post(&scope, &Event::StorageFailed { message }),
                }
                worker.borrow_mut().storage = Some(Rc::new(storage));
            }
            Err(message) => post(&scope, &Event::StorageFailed { message }),
        }
        let stored = worker.borrow().stored;
        post(&scope, &Event::Ready { restored, stored });
        worker.borrow_mut().load_network();
        inbox::release(&worker, &inbox);
    });
}
