//! Integration tests of dmarc-core: one binary, one module per area.

mod aggregate;
mod analysis;
mod ingest;
mod record;
mod verdicts;
