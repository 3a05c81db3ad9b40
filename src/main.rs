fn main() {
    // Typed domain names with non-ASCII labels: the browser's URL parser
    // converts them (the core is built without the idna crate).
    dmarc_lens_web::services::domains::install();
    dmarc_lens_web::app::start();
}
