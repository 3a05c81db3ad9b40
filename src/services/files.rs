//! Files from a file dialog or a drop, folders included (walked recursively).

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
};

/// A file and the name to show for it (its path inside a dropped folder).
pub type NamedFile = (String, File);

/// The files of a file input (with `webkitdirectory`, their relative paths).
pub fn from_list(list: Option<FileList>) -> Vec<NamedFile> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let path = get_string(&file, "webkitRelativePath").filter(|p| !p.is_empty());
            (path.unwrap_or_else(|| file.name()), file)
        })
        .collect()
}

fn get_string(target: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(target, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// The entries of a drop, taken synchronously (the browser empties the
/// transfer when the event handler returns).
pub fn entries_of(transfer: &DataTransfer) -> (Vec<FileSystemEntry>, Vec<NamedFile>) {
    let mut entries = Vec::new();
    let items = transfer.items();
    for i in 0..items.length() {
        if let Some(entry) = items
            .get(i)
            .and_then(|item| item.webkit_get_as_entry().ok().flatten())
        {
            entries.push(entry);
        }
    }
    // Browsers without entries: the plain file list.
    let files = if entries.is_empty() {
        from_list(transfer.files())
    } else {
        Vec::new()
    };
    (entries, files)
}

/// Walks dropped entries, folders recursively, into files.
pub async fn walk(entries: Vec<FileSystemEntry>) -> Vec<NamedFile> {
    let mut files = Vec::new();
    let mut stack: Vec<FileSystemEntry> = entries;
    while let Some(entry) = stack.pop() {
        if entry.is_file() {
            let entry: FileSystemFileEntry = entry.unchecked_into();
            if let Ok(file) = file_of(&entry).await {
                let path = entry.full_path();
                files.push((path.trim_start_matches('/').to_owned(), file));
            }
        } else if entry.is_directory() {
            let dir: FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = dir.create_reader();
            // readEntries returns at most 100 at a time: call until empty.
            loop {
                let batch = match read_entries(&reader).await {
                    Ok(batch) if batch.length() > 0 => batch,
                    _ => break,
                };
                for value in batch.iter() {
                    stack.push(value.unchecked_into());
                }
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<File, JsValue> {
    let entry = entry.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Closure::once_into_js(move |file: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &file);
        });
        let err = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        entry.file_with_callback_and_callback(ok.unchecked_ref(), err.unchecked_ref());
    });
    JsFuture::from(promise).await?.dyn_into::<File>()
}

async fn read_entries(reader: &web_sys::FileSystemDirectoryReader) -> Result<Array, JsValue> {
    let reader = reader.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Closure::once_into_js(move |entries: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &entries);
        });
        let err = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        let _ =
            reader.read_entries_with_callback_and_callback(ok.unchecked_ref(), err.unchecked_ref());
    });
    Ok(JsFuture::from(promise).await?.unchecked_into())
}

/// Resolves in a later task, so that the browser can deliver messages and
/// paint before a long piece of work goes on. The task is a message to a
/// channel of our own: a timer set from a timer's task, as a loop of these
/// is after a few turns, waits at least 4 ms (the HTML standard's clamp),
/// which in slices of 8 ms was a third of the time taken to size a folder.
pub async fn next_task() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        channel.port1().set_onmessage(Some(&resolve));
    });
    if channel.port2().post_message(&JsValue::NULL).is_err() {
        return;
    }
    let _ = JsFuture::from(promise).await;
    // The channel lives until its message came.
    channel.port1().close();
}
