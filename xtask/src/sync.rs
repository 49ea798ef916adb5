//! Bringing a folder in line with generated files: write what changed,
//! delete what is no longer produced, or (check mode) only report.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use appwrite_generator::Files;

/// Entries of a generated folder that are not the generator's (build output).
const IGNORED: &[&str] = &["target", "Cargo.lock"];

#[derive(Debug, Default)]
pub struct Diff {
    pub stale: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

pub fn diff(out: &Path, files: &Files) -> Result<Diff> {
    let mut diff = Diff::default();
    for (path, contents) in files {
        match std::fs::read(out.join(path)) {
            Ok(existing) if existing == *contents => {}
            Ok(_) => diff.stale.push(path.clone()),
            Err(_) => diff.missing.push(path.clone()),
        }
    }
    let produced: BTreeSet<&String> = files.keys().collect();
    for path in existing_files(out)? {
        if !produced.contains(&path) {
            diff.extra.push(path);
        }
    }
    Ok(diff)
}

/// Applies `diff`: only changed files are written, so cargo does not rebuild
/// an unchanged crate.
pub fn apply(out: &Path, files: &Files, diff: &Diff) -> Result<usize> {
    let mut written = 0;
    for path in diff.stale.iter().chain(&diff.missing) {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&target, &files[path]).with_context(|| format!("writing {}", target.display()))?;
        written += 1;
    }
    for path in &diff.extra {
        let target = out.join(path);
        std::fs::remove_file(&target).with_context(|| format!("removing {}", target.display()))?;
        remove_empty_parents(out, &target);
    }
    Ok(written)
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == root || std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

fn existing_files(root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack: Vec<PathBuf> = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))? {
            let path = entry?.path();
            let relative = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            if dir == root && IGNORED.contains(&relative.as_str()) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(relative);
            }
        }
    }
    out.sort();
    Ok(out)
}
