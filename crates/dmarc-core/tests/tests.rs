//! Integration tests of dmarc-core: one binary, one module per area.

mod aggregate;
mod ingest;
mod record;
