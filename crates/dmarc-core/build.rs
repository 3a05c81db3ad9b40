//! Writes the sender table (`SERVICES`) from `data/senders/services.toml`
//! into `OUT_DIR/services.rs`, which `src/analysis/senders.rs` includes.
//! A catalogue with any problem (a fact without a source, an address that is
//! not https, a date that is not a date, shared domains or ranges…) stops
//! the build with every problem listed. Runs on the host, so it is the same
//! for wasm32.

#[path = "build/catalogue.rs"]
mod catalogue;

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let source = manifest.join("../../data/senders/services.toml");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed=build/catalogue.rs");
    let text =
        std::fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
    let parsed: catalogue::Catalogue =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", source.display()))?;
    let problems = catalogue::check(&parsed);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(format!("{}:\n  {}", source.display(), list.join("\n  ")).into());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("services.rs");
    std::fs::write(&out, catalogue::render(&parsed))?;
    Ok(())
}
