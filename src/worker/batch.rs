//! A batch of files ([`Request::Files`](crate::services::protocol::Request)):
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

use super::{now, Worker};
use crate::services::ingest::describe;
use crate::services::protocol::{Event, FileDone, FileRef, ReadOutcome};

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

/// Starts reading the files from `from` on, as many as make a group.
fn start_group(files: &[File], from: usize) -> Option<Group> {
    let first = files.get(from)?;
    let mut bytes = first.size();
    let mut to = from + 1;
    while let Some(file) = files.get(to) {
        if to - from == GROUP_FILES || bytes + file.size() > GROUP_BYTES {
            break;
        }
        bytes += file.size();
        to += 1;
    }
    // A file alone (a large one) is read as it is.
    let read = if to - from == 1 {
        first.array_buffer()
    } else {
        let parts: Array = files.iter().take(to).skip(from).collect();
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

/// Reads `refs`, whose files are `files` (the same order).
pub async fn read(worker: &Rc<RefCell<Worker>>, refs: Vec<FileRef>, files: Vec<File>) {
    worker.borrow_mut().apply_network();
    let mut answer = Answer::default();
    let mut next = start_group(&files, 0);
    while let Some(group) = next {
        next = start_group(&files, group.to);
        let mut started = now();
        let buffer = group.read.await;
        let mut offset = 0.0;
        let group_files = files.iter().take(group.to).skip(group.from);
        for (file, file_ref) in group_files.zip(refs.iter().skip(group.from)) {
            let bytes = match &buffer {
                // The files lie one after the other, each as long as its size.
                Ok(buffer) => Ok(Uint8Array::new(buffer)),
                // One file of the group could not be read: read each alone,
                // so the others are read and that one says why.
                Err(_) => JsFuture::from(file.array_buffer())
                    .await
                    .map(|b| Uint8Array::new(&b))
                    .map_err(describe),
            };
            let size = file.size();
            let start = if buffer.is_ok() { offset } else { 0.0 };
            offset += size;
            let outcome = match bytes {
                Ok(all) => {
                    let bytes = all.subarray(start as u32, (start + size) as u32).to_vec();
                    let summary = worker.borrow_mut().ingest(
                        &file_ref.name,
                        &bytes,
                        file.clone().into(),
                        &mut answer.kept,
                    );
                    ReadOutcome::Read(summary)
                }
                Err(message) => ReadOutcome::Unreadable(message),
            };
            // Each file's time: its share of the wait for the group's read
            // (the first file's), then its own parsing.
            let finished = now();
            answer.files.push(FileDone {
                seq: file_ref.seq,
                elapsed_ms: finished - started,
                outcome,
            });
            started = finished;
        }
        if now() - answer.since >= FLUSH_MS {
            answer.flush(worker);
        }
    }
    // Files the message named but did not carry.
    for file_ref in refs.iter().skip(files.len()) {
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
    kept: Vec<(String, Blob)>,
    since: f64,
}

impl Default for Answer {
    fn default() -> Self {
        Answer {
            files: Vec::new(),
            kept: Vec::new(),
            since: now(),
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
        });
    }
}
