//! Integration tests of dmarc-core: one binary, one module per area.

mod aggregate;
mod analysis;
mod catalogue;
mod corpus;
mod export;
mod ingest;
mod layers;
mod network_verdicts;
mod overview;
mod plain;
mod record;
mod selectors;
mod split;
mod verdicts;
