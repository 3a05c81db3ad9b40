//! The worker's messages, handled one at a time and in order: a batch of
//! files is read asynchronously, and what arrives meanwhile waits here.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent};

use super::{batch, Worker};
use crate::services::protocol::{self, Event, FileRef, Request};

/// Messages not handled yet.
#[derive(Default)]
pub struct Inbox {
    queue: VecDeque<MessageEvent>,
    /// A message is being handled (or storage is being restored): the
    /// queue waits.
    busy: bool,
}

impl Inbox {
    /// An inbox that holds messages until [`release`] (while the worker
    /// restores what this browser stored).
    pub fn held() -> Rc<RefCell<Inbox>> {
        Rc::new(RefCell::new(Inbox {
            queue: VecDeque::new(),
            busy: true,
        }))
    }
}

/// Queues a message, and handles the queue unless a message is already
/// being handled.
pub fn receive(worker: &Rc<RefCell<Worker>>, inbox: &Rc<RefCell<Inbox>>, event: MessageEvent) {
    inbox.borrow_mut().queue.push_back(event);
    pump(worker, inbox);
}

/// Handles what waited while the inbox was held.
pub fn release(worker: &Rc<RefCell<Worker>>, inbox: &Rc<RefCell<Inbox>>) {
    inbox.borrow_mut().busy = false;
    pump(worker, inbox);
}

fn pump(worker: &Rc<RefCell<Worker>>, inbox: &Rc<RefCell<Inbox>>) {
    {
        let mut inbox = inbox.borrow_mut();
        if inbox.busy || inbox.queue.is_empty() {
            return;
        }
        inbox.busy = true;
    }
    let worker = worker.clone();
    let inbox = inbox.clone();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            let Some(event) = inbox.borrow_mut().queue.pop_front() else {
                break;
            };
            match decode(&event) {
                Ok((Request::Files { files: refs }, files)) => {
                    batch::read(&worker, &inbox, refs, files).await;
                }
                Ok((request, _)) => worker.borrow_mut().handle(request),
                Err(message) => worker.borrow().post(&Event::Failed { message }),
            }
        }
        inbox.borrow_mut().busy = false;
    });
}

/// The next message's batch of files, taken from the queue, when the next
/// message is one.
pub fn take_files(inbox: &Rc<RefCell<Inbox>>) -> Option<(Vec<FileRef>, Vec<File>)> {
    let mut inbox = inbox.borrow_mut();
    let (Request::Files { files: refs }, files) = decode(inbox.queue.front()?).ok()? else {
        return None;
    };
    inbox.queue.pop_front();
    Some((refs, files))
}

/// The request of a message, and the files that came with it.
fn decode(event: &MessageEvent) -> Result<(Request, Vec<File>), String> {
    let data = event.data();
    let bytes = Reflect::get(&data, &"bin".into())
        .ok()
        .and_then(|v| v.dyn_into::<Uint8Array>().ok())
        .ok_or_else(|| "a message without its bytes".to_owned())?
        .to_vec();
    let request = protocol::decode::<Request>(&bytes).map_err(|e| format!("bad request: {e}"))?;
    let files = Reflect::get(&data, &"files".into())
        .ok()
        .and_then(|v| v.dyn_into::<Array>().ok())
        .map(|array| {
            array
                .iter()
                .filter_map(|v| v.dyn_into::<File>().ok())
                .collect()
        })
        .unwrap_or_default();
    Ok((request, files))
}
