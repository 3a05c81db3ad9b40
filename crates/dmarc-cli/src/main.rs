//! `dmarc-lens`: the command-line face of dmarc-core.
//!
//! ```text
//! dmarc-lens parse [--format json|ndjson|csv] PATH...
//! dmarc-lens record check "<record>"
//! dmarc-lens record explain "<record>"
//! dmarc-lens record build --domain example.com [--p quarantine] [--rua dmarc@example.com]...
//! dmarc-lens record ses --domain example.com --region eu-west-1 [--mail-from mail] --token T (×3)
//! ```

mod parse;
mod record;

use std::process::ExitCode;

const USAGE: &str = "usage:
  dmarc-lens parse [--format json|ndjson|csv] PATH...
  dmarc-lens record check \"<record>\"
  dmarc-lens record explain \"<record>\"
  dmarc-lens record build --domain example.com [--p quarantine] [--rua dmarc@example.com]...
  dmarc-lens record ses --domain example.com --region eu-west-1 [--mail-from mail] --token T (x3)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("parse") => parse::run(&args[1..]),
        Some("record") => record::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dmarc-lens: {err:#}");
            ExitCode::from(2)
        }
    }
}
