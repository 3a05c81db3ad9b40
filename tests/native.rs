//! Native tests of the web app: `cargo test` on the host. Components render
//! through Yew's server-side renderer; the catalogue is checked as data.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod native {
    mod builder;
    mod i18n;
    mod ids;
    mod ingest_log;
    mod protocol;
    mod ssr;
    mod warmup;
    mod worker_warmup;
}
