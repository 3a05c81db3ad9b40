//! Ingestion and report parsing: the shared corpus (conformance), fixtures
//! under tests/fixtures (written for this project) and the dedup set.

mod codes;
mod conformance;
mod fixtures;
