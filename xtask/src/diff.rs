//! `cargo xtask diff OLD_SPEC NEW_SPEC`: the changes a user of the crate
//! would feel, as Markdown, with the suggested version bump.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use appwrite_generator::{build_ir, diff::diff, Manifest, Spec};

use crate::root;

pub fn run(args: &[String]) -> Result<ExitCode> {
    let [old, new] = args else { bail!("usage: cargo xtask diff OLD_SPEC NEW_SPEC") };
    let (old_path, new_path) = (PathBuf::from(old), PathBuf::from(new));
    let changes = diff(&build_ir(&Spec::load(&old_path)?)?, &build_ir(&Spec::load(&new_path)?)?);
    let version = Manifest::load(&root().join("spec/appwrite.toml")).map(|m| m.krate.version).unwrap_or_else(|_| "0.1.0".into());
    let label = |p: &PathBuf| p.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    print!("{}", changes.to_markdown(&label(&old_path), &label(&new_path), &version));
    Ok(ExitCode::SUCCESS)
}
