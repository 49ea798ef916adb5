//! Running the commands the xtask steps are made of.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// `cargo` (the one running this xtask) in `dir`.
pub fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(dir);
    command
}

/// Runs one step, announced by name; a non-zero exit fails it.
pub fn step(what: &str, command: &mut Command) -> Result<()> {
    println!("==> {what}");
    run(what, command)
}

/// Runs `command`; a non-zero exit is an error naming `what`.
pub fn run(what: &str, command: &mut Command) -> Result<()> {
    let status = command.status().with_context(|| format!("starting: {what}"))?;
    if !status.success() {
        bail!("failed: {what} ({status})");
    }
    Ok(())
}
