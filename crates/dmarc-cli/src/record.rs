//! `dmarc-lens record check|explain`.

use std::process::ExitCode;

/// Runs `dmarc-lens record ARGS`.
pub fn run(_args: &[String]) -> anyhow::Result<ExitCode> {
    anyhow::bail!("record is not implemented yet")
}
