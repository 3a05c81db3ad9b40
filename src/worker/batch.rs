//! A batch of files ([`Request::Files`](crate::services::protocol::Request)),
//! and the files restored from storage at start:
//! read in groups, each group of consecutive files (up to [`GROUP_FILES`]
//! and [`GROUP_BYTES`], a larger file alone) fetched from the browser in one
//! read of a `Blob` made of them, the next group's read under way while this
//! one is parsed. Reading 2,000 small files one by one cost about 0.5 ms
//! each in the browser's file machinery, more than parsing them; a group of
//! 32 costs about as much as one. Answered in one [`Event::FilesDone`] per
//! batch (or one about every [`FLUSH_MS`] while large files are read), and
//! stored in one transaction per answer.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

use super::storage::Kept;
use super::{now, Worker};
use crate::services::ingest::describe;
use crate::services::protocol::{Event, FileDone, FileRef, Phases, ReadOutcome};

/// Files read together, at most.
const GROUP_FILES: usize = 32;

/// Bytes read together, at most (a larger file is read alone).
const GROUP_BYTES: f64 = 4_194_304.0;

/// While a batch is read, what is done is sent at least this often.
const FLUSH_MS: f64 = 100.0;

/// Consecutive files `from..to` and the read of all of them.
struct Group {
    from: usize,
    to: usize,
    read: JsFuture,
}

/// Starts reading the blobs from `from` on, as many as make a group.
fn start_group(blobs: &[Blob], from: usize) -> Option<Group> {
    let first = blobs.get(from)?;
    let mut bytes = first.size();
    let mut to = from + 1;
    while let Some(blob) = blobs.get(to) {
        if to - from == GROUP_FILES || bytes + blob.size() > GROUP_BYTES {
            break;
        }
        bytes += blob.size();
        to += 1;
    }
    // A file alone (a large one) is read as it is.
    let read = if to - from == 1 {
        first.array_buffer()
    } else {
        let parts: Array = blobs.iter().take(to).skip(from).collect();
        match Blob::new_with_blob_sequence(&parts) {
            Ok(blob) => blob.array_buffer(),
            Err(e) => js_sys::Promise::reject(&e),
        }
    };
    Some(Group {
        from,
        to,
        read: JsFuture::from(read),
    })
}

/// Reads `blobs` in order, in groups, and gives each one's bytes (or why
/// it could not be read) to `each`, with its position.
///
/// `each` is a trait object: one copy of this reader serves batches and the
/// restore (a generic one cost 400 bytes more of the worker's wasm).
pub async fn read_each(blobs: &[Blob], each: &mut dyn FnMut(usize, Result<Vec<u8>, String>)) {
    let mut next = start_group(blobs, 0);
    while let Some(group) = next {
        next = start_group(blobs, group.to);
        let buffer = group.read.await;
        let mut offset = 0.0;
        for (i, blob) in blobs.iter().enumerate().take(group.to).skip(group.from) {
            let size = blob.size();
            let bytes = match &buffer {
                // The files lie one after the other, each as long as its size.
                Ok(buffer) => Ok(Uint8Array::new(buffer)
                    .subarray(offset as u32, (offset + size) as u32)
                    .to_vec()),
                // One file of the group could not be read: read each alone,
                // so the others are read and that one says why.
                Err(_) => JsFuture::from(blob.array_buffer())
                    .await
                    .map(|b| Uint8Array::new(&b).to_vec())
                    .map_err(describe),
            };
            offset += size;
            each(i, bytes);
        }
    }
}

/// Reads `refs`, whose files are `files` (the same order).
pub async fn read(worker: &Rc<RefCell<Worker>>, refs: Vec<FileRef>, files: Vec<File>) {
    worker.borrow_mut().apply_network();
    let blobs: Vec<Blob> = files.into_iter().map(Blob::from).collect();
    let mut answer = Answer::default();
    let mut started = now();
    read_each(&blobs, &mut |i, bytes| {
        let (Some(file_ref), Some(blob)) = (refs.get(i), blobs.get(i)) else {
            return;
        };
        // Until here: the wait for the browser's bytes.
        answer.phases.read_ms += now() - started;
        let outcome = match bytes {
            Ok(bytes) => ReadOutcome::Read(worker.borrow_mut().ingest(
                &file_ref.name,
                &bytes,
                Some(blob),
                &mut answer.kept,
                &mut answer.phases,
            )),
            Err(message) => ReadOutcome::Unreadable(message),
        };
        // Each file's time: for the first of a group, the wait for the
        // group's read too.
        let finished = now();
        answer.files.push(FileDone {
            seq: file_ref.seq,
            elapsed_ms: finished - started,
            outcome,
        });
        started = finished;
        if finished - answer.since >= FLUSH_MS {
            answer.flush(worker);
        }
    })
    .await;
    // Files the message named but did not carry.
    for file_ref in refs.iter().skip(blobs.len()) {
        answer.files.push(FileDone {
            seq: file_ref.seq,
            elapsed_ms: 0.0,
            outcome: ReadOutcome::Unreadable("no file came with the message".to_owned()),
        });
    }
    answer.flush(worker);
}

/// What is done and not yet sent.
struct Answer {
    files: Vec<FileDone>,
    kept: Vec<(String, Kept)>,
    since: f64,
    phases: Phases,
}

impl Default for Answer {
    fn default() -> Self {
        Answer {
            files: Vec::new(),
            kept: Vec::new(),
            since: now(),
            phases: Phases::default(),
        }
    }
}

impl Answer {
    /// Sends what is done and stores what was parsed.
    fn flush(&mut self, worker: &Rc<RefCell<Worker>>) {
        self.since = now();
        if self.files.is_empty() {
            return;
        }
        let mut w = worker.borrow_mut();
        w.store(std::mem::take(&mut self.kept));
        w.post(&Event::FilesDone {
            files: std::mem::take(&mut self.files),
            stored: w.stored,
            phases: std::mem::take(&mut self.phases),
        });
    }
}
