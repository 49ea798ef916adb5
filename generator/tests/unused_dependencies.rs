//! Every dependency a workspace crate declares is used by its code: a
//! dependency nobody names costs every build and every audit, and goes
//! unnoticed (the generator carried `thiserror` for months).
//!
//! A crate counts as used when its Rust name appears as a path (`name::`),
//! a macro (`name!`) or in a `use`/`extern crate` in the sources that kind
//! of dependency serves: `[dependencies]` in the library, binaries and
//! templates it is built from; `[dev-dependencies]` in tests, examples and
//! benches too.

mod common;

use std::path::{Path, PathBuf};

use common::root;

fn sources(dirs: &[PathBuf]) -> String {
    let files: Vec<PathBuf> = dirs.iter().flat_map(|dir| common::rust_files(dir)).collect();
    files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect::<Vec<_>>().join("\n")
}

fn names_it(source: &str, krate: &str) -> bool {
    let bytes = source.as_bytes();
    for (at, _) in source.match_indices(krate) {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let after = &source[at + krate.len()..];
        let preceded_by_use = source[..at].trim_end().ends_with("use") || source[..at].trim_end().ends_with("crate");
        if after.starts_with("::") || after.starts_with('!') || (preceded_by_use && after.starts_with([';', ' '])) {
            return true;
        }
    }
    false
}

fn dependency_names(manifest: &toml::Value, table: &str) -> Vec<String> {
    manifest
        .get(table)
        .and_then(toml::Value::as_table)
        .map(|deps| {
            // The key is the name code uses, even for a renamed package.
            deps.keys().map(|key| key.replace('-', "_")).collect()
        })
        .unwrap_or_default()
}

fn check(crate_dir: &Path, lib_dirs: &[&str], dev_dirs: &[&str]) -> Vec<String> {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("Cargo.toml"))
            .expect("valid manifest");
    let lib: Vec<PathBuf> = lib_dirs.iter().map(|d| crate_dir.join(d)).collect();
    let all: Vec<PathBuf> = lib_dirs.iter().chain(dev_dirs).map(|d| crate_dir.join(d)).collect();
    let (lib_source, all_source) = (sources(&lib), sources(&all));
    let mut unused = Vec::new();
    for name in dependency_names(&manifest, "dependencies") {
        if !names_it(&lib_source, &name) {
            unused.push(format!("{}: [dependencies] {name}", crate_dir.display()));
        }
    }
    for name in dependency_names(&manifest, "dev-dependencies") {
        if !names_it(&all_source, &name) {
            unused.push(format!("{}: [dev-dependencies] {name}", crate_dir.display()));
        }
    }
    unused
}

#[test]
fn every_declared_dependency_is_used() {
    let root = root();
    let mut unused = Vec::new();
    unused.extend(check(&root.join("generator"), &["src"], &["tests"]));
    unused.extend(check(&root.join("xtask"), &["src"], &["tests"]));
    unused.extend(check(&root.join("generated/appwrite"), &["src"], &["tests", "examples"]));
    // Its library is the runtime, whose unit tests use the dev-dependencies.
    unused.extend(check(&root.join("templates/runtime-crate"), &["src", "../runtime"], &[]));
    assert!(unused.is_empty(), "declared but never named:\n{}", unused.join("\n"));
}

#[test]
fn the_check_sees_a_crate_nobody_names() {
    assert!(names_it("use heck::ToSnakeCase;", "heck"));
    assert!(names_it("let x = serde_json::json!({});", "serde_json"));
    assert!(names_it("quote!(a)", "quote"));
    assert!(!names_it("let thiserror_like = 1; // thiserror", "thiserror"));
    assert!(!names_it("use serde_json::Value;", "serde"));
}
