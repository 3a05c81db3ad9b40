//! Batches of files ([`Request::Files`](crate::services::protocol::Request)),
//! and the files restored from storage at start: read in groups, each group
//! of consecutive files (up to [`GROUP_FILES`] and [`GROUP_BYTES`], a larger
//! file alone) fetched from the browser in one read of a `Blob` made of
//! them, [`READS_AHEAD`] groups' reads under way while one is parsed.
//! Reading 2,000 small files one by one cost about 0.5 ms each in the
//! browser's file machinery, more than parsing them; a group of 32 costs
//! about as much as one.
//!
//! The batches that wait in the inbox behind the one being read join the
//! same stream of reads (`inbox::take_files`): the page sends a folder in
//! batches of a few dozen files as it takes their sizes, and reading them
//! one batch after the other left the parser waiting for the browser at
//! the start of every batch. What is done is answered in one
//! [`Event::FilesDone`] about every [`FLUSH_MS`], whichever batches its
//! files came in, and when nothing more is waiting; each answer's files are
//! stored in one transaction. A folder of 2,000 files had been answered in
//! about 120 messages, each a state change and a render of the page, and
//! stored in as many transactions.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

use super::inbox::{self, Inbox};
use super::storage::Kept;
use super::{now, Worker};
use crate::services::ingest::describe;
use crate::services::protocol::{Event, FileDone, FileRef, Phases, ReadOutcome};

/// What is done is sent at least this often while files are read.
const FLUSH_MS: f64 = 250.0;

/// Files read together, at most.
const GROUP_FILES: usize = 32;

/// Bytes read together, at most (a larger file is read alone).
const GROUP_BYTES: f64 = 4_194_304.0;

/// Group reads under way at once: the browser serves each with a few round
/// trips between its threads, so a second one waiting keeps the parser fed.
const READS_AHEAD: usize = 2;

/// A file larger than this is read in slices of this size, all asked for
/// at once (see [`read_sliced`]).
const SLICE_BYTES: f64 = 4_194_304.0;

/// Consecutive files `from..to` of list `list`, and the read of all of them
/// (for a file read in slices, an array of the slices' buffers).
struct Group {
    list: usize,
    from: usize,
    to: usize,
    read: JsFuture,
    sliced: bool,
}

/// Asks for the bytes of `blob` in slices of [`SLICE_BYTES`], all at once:
/// the browser serves the reads of a large file side by side, where one
/// read of the whole file comes in one piece after another.
fn read_sliced(blob: &Blob) -> js_sys::Promise {
    let size = blob.size();
    let reads = Array::new();
    let mut start = 0.0;
    while start < size {
        let end = (start + SLICE_BYTES).min(size);
        match blob.slice_with_f64_and_f64(start, end) {
            Ok(slice) => reads.push(&slice.array_buffer()),
            Err(e) => return js_sys::Promise::reject(&e),
        };
        start = end;
    }
    js_sys::Promise::all(&reads)
}

/// The bytes of a file read by [`read_sliced`]: its slices one after the
/// other; None when they do not make `size` bytes (the file is then read
/// again, whole, and the browser says what is wrong with it).
fn join_slices(slices: &wasm_bindgen::JsValue, size: f64) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; size as usize];
    let mut at = 0usize;
    for slice in Array::from(slices).iter() {
        let slice = Uint8Array::new(&slice);
        let end = at + slice.length() as usize;
        slice.copy_to(bytes.get_mut(at..end)?);
        at = end;
    }
    (at == bytes.len()).then_some(bytes)
}

/// What is given each file of a group: its list, its position, its `Blob`
/// and its bytes (or why it could not be read). A trait object: one copy
/// of the reader serves batches and the restore (a generic one cost 400
/// bytes more of the worker's wasm).
type Each<'a> = dyn FnMut(usize, usize, &Blob, Result<Vec<u8>, String>) + 'a;

/// Starts reading the blobs from `from` on, as many as make a group.
fn start_group(list: usize, blobs: &[Blob], from: usize) -> Option<Group> {
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
    // A file alone (a large one) is read as it is, in slices when large.
    let sliced = to - from == 1 && first.size() > 2.0 * SLICE_BYTES;
    let read = if sliced {
        read_sliced(first)
    } else if to - from == 1 {
        first.array_buffer()
    } else {
        let parts: Array = blobs.iter().take(to).skip(from).collect();
        match Blob::new_with_blob_sequence(&parts) {
            Ok(blob) => blob.array_buffer(),
            Err(e) => js_sys::Promise::reject(&e),
        }
    };
    Some(Group {
        list,
        from,
        to,
        read: JsFuture::from(read),
        sliced,
    })
}

/// Reads lists of blobs in order, in groups, several groups ahead; more
/// lists may be given while it reads.
#[derive(Default)]
struct Reader {
    /// The lists given so far (one done with is emptied).
    lists: Vec<Vec<Blob>>,
    /// The next file to start reading: its list and position.
    list: usize,
    file: usize,
    reads: Vec<Group>,
}

impl Reader {
    /// Starts reads until enough are under way.
    fn start(&mut self) {
        while self.reads.len() < READS_AHEAD {
            let Some(blobs) = self.lists.get(self.list) else {
                return;
            };
            if self.file >= blobs.len() {
                if self.list + 1 >= self.lists.len() {
                    return;
                }
                self.list += 1;
                self.file = 0;
                continue;
            }
            let Some(group) = start_group(self.list, blobs, self.file) else {
                return;
            };
            self.file = group.to;
            self.reads.push(group);
        }
    }

    /// Reads the next group and gives `each` its files, in order; then
    /// says which list they were of and whether they ended it (`None`
    /// when all are read).
    async fn next(&mut self, each: &mut Each<'_>) -> Option<(usize, bool)> {
        self.start();
        if self.reads.is_empty() {
            return None;
        }
        let group = self.reads.remove(0);
        let buffer = group.read.await;
        // The next read starts before this group is parsed.
        self.start();
        let blobs = self.lists.get(group.list)?;
        let mut offset = 0.0;
        for (i, blob) in blobs.iter().enumerate().take(group.to).skip(group.from) {
            let size = blob.size();
            let bytes = match &buffer {
                Ok(slices) if group.sliced => join_slices(slices, size),
                // The files lie one after the other, each as long as its size.
                Ok(buffer) => Some(
                    Uint8Array::new(buffer)
                        .subarray(offset as u32, (offset + size) as u32)
                        .to_vec(),
                ),
                Err(_) => None,
            };
            let bytes = match bytes {
                Some(bytes) => Ok(bytes),
                // One file of the group could not be read (or the slices of
                // one did not make it): read each alone, so the others are
                // read and that one says why in the browser's words.
                None => JsFuture::from(blob.array_buffer())
                    .await
                    .map(|b| Uint8Array::new(&b).to_vec())
                    .map_err(describe),
            };
            offset += size;
            each(group.list, i, blob, bytes);
        }
        Some((group.list, group.to == blobs.len()))
    }
}

/// Reads `blobs` in order, in groups, and gives each one's position and
/// bytes (or why it could not be read) to `each`.
pub async fn read_each(blobs: Vec<Blob>, each: &mut dyn FnMut(usize, Result<Vec<u8>, String>)) {
    let mut reader = Reader::default();
    reader.lists.push(blobs);
    while reader
        .next(&mut |_, i, _, bytes| each(i, bytes))
        .await
        .is_some()
    {}
}

/// Reads the batch `refs` (of `files`) after those given before; one that
/// came without its files is answered at once.
fn add(
    reader: &mut Reader,
    batches: &mut Vec<Vec<FileRef>>,
    answer: &mut Answer,
    refs: Vec<FileRef>,
    files: Vec<File>,
) {
    if files.is_empty() {
        unreadable(answer, &refs);
        return;
    }
    reader
        .lists
        .push(files.into_iter().map(Blob::from).collect());
    batches.push(refs);
}

/// Files a message named but did not carry.
fn unreadable(answer: &mut Answer, refs: &[FileRef]) {
    for file_ref in refs {
        answer.files.push(FileDone {
            seq: file_ref.seq,
            elapsed_ms: 0.0,
            outcome: ReadOutcome::Unreadable("no file came with the message".to_owned()),
        });
    }
}

/// Reads `refs`, whose files are `files` (the same order), and the batches
/// that wait in `inbox` behind it, and those that arrive while it reads.
pub async fn read(
    worker: &Rc<RefCell<Worker>>,
    inbox: &Rc<RefCell<Inbox>>,
    refs: Vec<FileRef>,
    files: Vec<File>,
) {
    worker.borrow_mut().apply_network();
    let mut reader = Reader::default();
    // The files each batch names, by list (one done with is emptied).
    let mut batches = Vec::new();
    let mut answer = Answer::default();
    add(&mut reader, &mut batches, &mut answer, refs, files);
    let mut started = now();
    loop {
        while let Some((refs, files)) = inbox::take_files(inbox) {
            add(&mut reader, &mut batches, &mut answer, refs, files);
        }
        let read = reader
            .next(&mut |list, i, blob, bytes| {
                let Some(file_ref) = batches.get(list).and_then(|refs| refs.get(i)) else {
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
                // Each file's time: for the first of a group, the wait for
                // the group's read too.
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
        let Some((list, last)) = read else {
            break;
        };
        if last {
            // Done with: the files' handles let go.
            let carried = reader
                .lists
                .get_mut(list)
                .map_or(0, |b| std::mem::take(b).len());
            let refs = batches
                .get_mut(list)
                .map(std::mem::take)
                .unwrap_or_default();
            unreadable(&mut answer, refs.get(carried..).unwrap_or_default());
        }
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
