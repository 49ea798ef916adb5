//! `cargo xtask fmt [--check]`: rustfmt over the hand-written Rust, bench/
//! (a workspace of its own) included. `cargo fmt --all` formats the same
//! workspace code and leaves generated/ alone, whose files prettyplease lays
//! out (its rustfmt.toml disables formatting), but does not reach bench/.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::process::step;
use crate::root;

/// The folders whose Rust is written by hand. rustfmt follows `mod`
/// declarations from these files, which all stay inside the same folders.
const HAND_WRITTEN: &[&str] = &["generator", "xtask", "templates", "bench"];

/// Folders under those that hold build output or downloaded code.
const NOT_OURS: &[&str] = &["target", "node_modules"];

pub fn run(args: &[String]) -> Result<ExitCode> {
    let check = args.iter().any(|arg| arg == "--check");
    let root = root();
    let files = hand_written_rust(&root)?;
    let mut command = Command::new("rustfmt");
    command.current_dir(&root).arg("--config-path").arg(root.join("rustfmt.toml"));
    if check {
        command.arg("--check");
    }
    command.args(&files);
    let what = if check {
        "rustfmt --check of the hand-written code (run `cargo xtask fmt` to apply it)"
    } else {
        "rustfmt of the hand-written code"
    };
    step(what, &mut command).context("rustfmt comes with rustup's default profile: `rustup component add rustfmt`")?;
    Ok(ExitCode::SUCCESS)
}

/// Every `.rs` file under the hand-written folders, in a stable order.
fn hand_written_rust(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for folder in HAND_WRITTEN {
        collect(&root.join(folder), &mut files)?;
    }
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !NOT_OURS.contains(&name) {
                collect(&path, files)?;
            }
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    Ok(())
}
