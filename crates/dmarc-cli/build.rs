//! Rebuilds the CLI when the catalogue changes: rust-i18n reads
//! `locales/*.toml` inside a macro, which Cargo does not watch.

fn main() {
    println!("cargo:rerun-if-changed=../../locales");
}
