//! The Web Worker's entry point (Trunk builds it with `data-type="worker"`).

/// The Public Suffix List the worker's analysis needs from its first report
/// (organisational domains, alignment). The web package builds the core
/// without its embedded list, so the page can load the list only when its
/// record builder opens; the worker keeps it compiled in, here.
const SUFFIX_LIST: &str = include_str!("../../crates/dmarc-core/data/public_suffix_list.txt");

fn main() {
    if let Err(e) = dmarc_core::psl::install(SUFFIX_LIST) {
        web_sys::console::error_1(&format!("dmarc-lens worker: {e}").into());
    }
    dmarc_lens_web::worker::run();
}
