//! Writes the app's sample reports, `assets/samples.zip`, from
//! [`dmarc_core::testdata::samples`]:
//!
//! ```sh
//! cargo run -p dmarc-core --features testdata --example make_samples
//! ```
//!
//! The bytes are the same on every run; a test fails when the committed
//! file differs from what this writes.

use std::path::Path;
use std::process::ExitCode;

use dmarc_core::testdata::samples::samples_zip;

fn main() -> ExitCode {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/samples.zip");
    let bytes = samples_zip();
    match std::fs::write(&out, &bytes) {
        Ok(()) => {
            println!("wrote {} ({} bytes)", out.display(), bytes.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
