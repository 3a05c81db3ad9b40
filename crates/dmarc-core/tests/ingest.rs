//! Ingestion and report parsing: fixtures under tests/fixtures and the shared corpus.
