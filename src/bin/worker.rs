//! The Web Worker's entry point (Trunk builds it with `data-type="worker"`).

fn main() {
    dmarc_lens_web::worker::run();
}
