//! Running the benchmark's commands: as a dependency is built (no
//! incremental cache, no extra flags), announced, timed or captured.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

pub fn path_with(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).unwrap_or_default()
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &to.join(entry.file_name()))?;
            }
        } else {
            fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// `cargo` as a dependency is built: no incremental cache, no extra flags.
pub fn cargo(dir: &Path) -> Command {
    let mut command = crate::process::cargo(dir);
    command.env("CARGO_INCREMENTAL", "0").env_remove("RUSTFLAGS");
    command
}

pub fn section(what: &str) {
    eprintln!("==> {what}");
}

pub fn step(command: &mut Command) -> Result<()> {
    let what = format!("{command:?}");
    crate::process::run(&what, command)
}

pub fn timed(command: &mut Command) -> Result<Duration> {
    let started = Instant::now();
    step(command)?;
    let elapsed = started.elapsed();
    eprintln!("    {:.1} s", elapsed.as_secs_f64());
    Ok(elapsed)
}

pub fn capture(command: &mut Command) -> Result<String> {
    let output = command.stderr(Stdio::inherit()).output().with_context(|| format!("starting {command:?}"))?;
    if !output.status.success() {
        bail!("failed ({}): {command:?}", output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
