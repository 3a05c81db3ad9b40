//! The dmarc-lens web app: a thin Yew layer over `dmarc-core`.
//!
//! Nothing here parses or judges a report or a record; that is the core's
//! work. This crate shows what the core returns, in English or Japanese.
#![forbid(unsafe_code)]

pub mod app;
pub mod components;
pub mod i18n;
pub mod ids;
pub mod pages;
pub mod services;
pub mod state;
pub mod worker;

pub use app::App;
