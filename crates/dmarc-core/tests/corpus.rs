//! The shared corpus and the one directory walker of these tests.
//!
//! The corpus comes from `DMARC_CORPUS` (default `../shared/corpus` beside
//! the repository). When it is missing, every test that reads it fails with
//! a sentence saying so: CI always has it, and a check that quietly skips
//! is a check that does not run.
#![allow(clippy::panic)]

use std::path::{Path, PathBuf};

/// The corpus root (holding `files/` and `expected/`); panics when absent.
pub fn root() -> PathBuf {
    let path = match std::env::var_os("DMARC_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    if !path.join("files").is_dir() || !path.join("expected").is_dir() {
        panic!(
            "the shared corpus is not at {}: set DMARC_CORPUS to the folder holding its \
             files/ and expected/ (CI always has it)",
            path.display()
        );
    }
    path
}

/// Every report file of the corpus (`files/**`), sorted.
pub fn files() -> Vec<PathBuf> {
    walk(&root().join("files"))
}

/// A corpus file's path relative to `files/` (`parsedmarc/…/x.xml.gz`).
pub fn relative(path: &Path) -> String {
    let files = root().join("files");
    path.strip_prefix(&files)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The expected facts of the file at `relative` (`expected/<relative>.json`),
/// if it has any.
pub fn facts(relative: &str) -> Option<serde_json::Value> {
    let path = root().join("expected").join(format!("{relative}.json"));
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Every file under `dir`, recursively, sorted; nothing when `dir` is absent.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
