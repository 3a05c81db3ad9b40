fn main() {
    dmarc_lens_web::app::start();
}
