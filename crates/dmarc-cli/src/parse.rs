//! `dmarc-lens parse`: reports to stdout, per-file problems to stderr.

use std::process::ExitCode;

/// Runs `dmarc-lens parse ARGS`.
pub fn run(_args: &[String]) -> anyhow::Result<ExitCode> {
    anyhow::bail!("parse is not implemented yet")
}
