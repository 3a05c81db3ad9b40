//! IndexedDB, through rexie: one object store of the files as they were
//! given, so reports survive a reload without ever leaving the browser. A
//! small file is kept as its bytes (`{name, bytes}`), a larger one (over
//! [`INLINE_MAX`]) as the `File` itself (`{name, blob}`): the browser keeps
//! any `Blob` as a file of its own, read again and written, which for a
//! folder of 2,000 small reports took seconds (`scripts/bench-browser.sh`,
//! `storage_ms`: 4.5 s → 1.9 s), while for one large report the `File` costs
//! no copy in this thread (a 37.5 MB report's bytes took 0.5 s to store,
//! its `File` 0.06 s). On the next
//! visit they are read again by the same core, so a stored `.xml.gz` costs
//! its compressed size and a later parser fix applies to it.
//!
//! Entries written by versions before 2026-11-23 (a `FileOutcome` as a JSON
//! string, without the file's bytes) are no longer read: their decoder, serde
//! over the whole report model, was 88 KB of the worker's 577 KB of gzip'd
//! wasm (README, "Size"). They are counted and the page says how many and
//! what to do (load the files again); "forget" removes them with the rest.

use js_sys::{Array, Object, Reflect, Uint8Array};
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

const DB: &str = "dmarc-lens";
const STORE: &str = "files";
/// The person's marks ("mine" / "not mine"), one entry: the marks file.
const MARKS: &str = "marks";
const MARKS_KEY: &str = "marks";

/// Files up to this size are stored as their bytes, larger ones as the
/// `File` (see the module's text).
pub const INLINE_MAX: usize = 1 << 20;

/// A file to store: its bytes, or the `File` it came as.
pub enum Kept {
    /// The bytes (a small file, or pasted text).
    Bytes(Uint8Array),
    /// The `File` (a large file).
    File(Blob),
}

/// The open database.
pub struct Storage {
    db: Rexie,
}

/// One stored entry.
pub enum Stored {
    /// A file as given: its name and bytes.
    File {
        /// The file name.
        name: String,
        /// Its contents (the stored bytes in a `Blob`, or the stored `File`).
        blob: Blob,
    },
    /// An earlier version's parsed file, as JSON: not read any more.
    Json,
    /// Something this version cannot read.
    Unknown,
}

fn message(e: rexie::Error) -> String {
    e.to_string()
}

impl Stored {
    fn from_js(value: JsValue) -> Stored {
        if value.is_string() {
            return Stored::Json;
        }
        let name = Reflect::get(&value, &"name".into())
            .ok()
            .and_then(|v| v.as_string());
        let blob = Reflect::get(&value, &"bytes".into())
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .and_then(|bytes| Blob::new_with_u8_array_sequence(&Array::of1(&bytes)).ok())
            .or_else(|| {
                Reflect::get(&value, &"blob".into())
                    .ok()
                    .and_then(|v| v.dyn_into::<Blob>().ok())
            });
        match (name, blob) {
            (Some(name), Some(blob)) => Stored::File { name, blob },
            _ => Stored::Unknown,
        }
    }
}

impl Storage {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<Storage, String> {
        let db = Rexie::builder(DB)
            .version(2)
            .add_object_store(ObjectStore::new(STORE).auto_increment(true))
            .add_object_store(ObjectStore::new(MARKS))
            .build()
            .await
            .map_err(message)?;
        Ok(Storage { db })
    }

    /// Every stored file, oldest first.
    pub async fn all(&self) -> Result<Vec<Stored>, String> {
        let tx = self
            .db
            .transaction(&[STORE], TransactionMode::ReadOnly)
            .map_err(message)?;
        let store = tx.store(STORE).map_err(message)?;
        let values = store.get_all(None, None).await.map_err(message)?;
        Ok(values.into_iter().map(Stored::from_js).collect())
    }

    /// Stores files `(name, contents)`, in order, in one transaction (one
    /// per file cost a folder of 2,000 small files about a second); a full
    /// quota comes back as the browser's message, and then none of them is
    /// kept.
    pub async fn put_all(&self, files: &[(String, Kept)]) -> Result<(), String> {
        let tx = self
            .db
            .transaction(&[STORE], TransactionMode::ReadWrite)
            .map_err(message)?;
        let store = tx.store(STORE).map_err(message)?;
        let mut entries = Vec::with_capacity(files.len());
        for (name, kept) in files {
            let entry = Object::new();
            Reflect::set(&entry, &"name".into(), &name.as_str().into())
                .map_err(crate::services::ingest::describe)?;
            let (key, value): (&str, &JsValue) = match kept {
                Kept::Bytes(bytes) => ("bytes", bytes),
                Kept::File(file) => ("blob", file),
            };
            Reflect::set(&entry, &key.into(), value).map_err(crate::services::ingest::describe)?;
            entries.push((JsValue::from(entry), None));
        }
        store.add_all(entries.into_iter()).await.map_err(message)?;
        tx.done().await.map_err(message)?;
        Ok(())
    }

    /// Forgets every stored file and the marks.
    pub async fn clear(&self) -> Result<(), String> {
        let tx = self
            .db
            .transaction(&[STORE, MARKS], TransactionMode::ReadWrite)
            .map_err(message)?;
        tx.store(STORE)
            .map_err(message)?
            .clear()
            .await
            .map_err(message)?;
        tx.store(MARKS)
            .map_err(message)?
            .clear()
            .await
            .map_err(message)?;
        tx.done().await.map_err(message)?;
        Ok(())
    }

    /// The stored marks file, if any.
    pub async fn marks(&self) -> Result<Option<String>, String> {
        let tx = self
            .db
            .transaction(&[MARKS], TransactionMode::ReadOnly)
            .map_err(message)?;
        let store = tx.store(MARKS).map_err(message)?;
        let value = store.get(MARKS_KEY.into()).await.map_err(message)?;
        Ok(value.and_then(|v| v.as_string()))
    }

    /// Keeps the marks file.
    pub async fn put_marks(&self, json: &str) -> Result<(), String> {
        let tx = self
            .db
            .transaction(&[MARKS], TransactionMode::ReadWrite)
            .map_err(message)?;
        let store = tx.store(MARKS).map_err(message)?;
        store
            .put(&json.into(), Some(&MARKS_KEY.into()))
            .await
            .map_err(message)?;
        tx.done().await.map_err(message)?;
        Ok(())
    }
}
