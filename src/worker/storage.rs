//! IndexedDB, through rexie: one object store of parsed files (each a
//! `FileOutcome` as JSON), so reports survive a reload without being parsed
//! again and without ever leaving the browser.

use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

const DB: &str = "dmarc-lens";
const STORE: &str = "files";

/// The open database.
pub struct Storage {
    db: Rexie,
}

fn message(e: rexie::Error) -> String {
    e.to_string()
}

impl Storage {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<Storage, String> {
        let db = Rexie::builder(DB)
            .version(1)
            .add_object_store(ObjectStore::new(STORE).auto_increment(true))
            .build()
            .await
            .map_err(message)?;
        Ok(Storage { db })
    }

    /// Every stored file, oldest first.
    pub async fn all(&self) -> Result<Vec<String>, String> {
        let tx = self
            .db
            .transaction(&[STORE], TransactionMode::ReadOnly)
            .map_err(message)?;
        let store = tx.store(STORE).map_err(message)?;
        let values = store.get_all(None, None).await.map_err(message)?;
        Ok(values.into_iter().filter_map(|v| v.as_string()).collect())
    }

    /// Stores one file; a full quota comes back as the browser's message.
    pub async fn put(&self, json: &str) -> Result<(), String> {
        let tx = self
            .db
            .transaction(&[STORE], TransactionMode::ReadWrite)
            .map_err(message)?;
        let store = tx.store(STORE).map_err(message)?;
        store
            .add(&JsValue::from_str(json), None)
            .await
            .map_err(message)?;
        tx.done().await.map_err(message)?;
        Ok(())
    }

    /// Forgets every stored file.
    pub async fn clear(&self) -> Result<(), String> {
        let tx = self
            .db
            .transaction(&[STORE], TransactionMode::ReadWrite)
            .map_err(message)?;
        let store = tx.store(STORE).map_err(message)?;
        store.clear().await.map_err(message)?;
        tx.done().await.map_err(message)?;
        Ok(())
    }
}
