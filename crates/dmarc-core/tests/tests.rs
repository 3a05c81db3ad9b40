//! Integration tests of dmarc-core: one binary, one module per area.

mod ingest;
mod record;
mod aggregate;
