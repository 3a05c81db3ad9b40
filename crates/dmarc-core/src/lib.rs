//! # dmarc-core
//!
//! The browser-free heart of dmarc-lens. Data flows one way:
//! bytes → [`ingest`] → report model → analysis → view. The web app, its Web
//! Worker, the command-line tool, the tests and the benchmarks all share this
//! one implementation.
//!
//! This crate depends on no browser crate (no `yew`, `web-sys`,
//! `wasm-bindgen`, `gloo`) and builds both natively and for
//! `wasm32-unknown-unknown`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod analysis;
pub mod domain;
pub mod error;
pub mod export;
pub mod ingest;
pub mod network;
pub mod psl;
pub mod query;
pub mod record;
pub mod report;
pub mod session;
pub mod template;
#[cfg(feature = "testdata")]
pub mod testdata;
