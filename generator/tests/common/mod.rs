#![allow(dead_code)]

use std::path::PathBuf;

use appwrite_generator::ir::{Api, Operation};
use appwrite_generator::{generate_from_path, CrateInfo, Output, Overrides, Result, Templates};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("spec/fixtures").join(name)
}

pub fn spec(name: &str) -> PathBuf {
    root().join("spec").join(name)
}

pub fn templates() -> Templates {
    Templates::load(&root().join("templates")).expect("templates load")
}

pub fn generate(path: &std::path::Path) -> Result<Output> {
    generate_with(path, &Overrides::default())
}

pub fn generate_with(path: &std::path::Path, overrides: &Overrides) -> Result<Output> {
    generate_from_path(path, &CrateInfo::unpinned("fixture-client"), overrides, &templates())
}

pub fn operations(api: &Api) -> impl Iterator<Item = (&str, &Operation)> {
    api.services.iter().flat_map(|s| s.operations.iter().map(move |o| (s.name.wire.as_str(), o)))
}

pub fn find<'a>(api: &'a Api, service: &str, name: &str) -> &'a Operation {
    operations(api)
        .find(|(s, o)| *s == service && o.name == name)
        .map(|(_, o)| o)
        .unwrap_or_else(|| panic!("no method {service}.{name}"))
}

pub fn method_names(api: &Api, service: &str) -> Vec<String> {
    operations(api).filter(|(s, _)| *s == service).map(|(_, o)| o.name.clone()).collect()
}

pub fn file(output: &Output, path: &str) -> String {
    String::from_utf8(output.files.get(path).unwrap_or_else(|| panic!("no file {path}")).clone()).expect("utf-8")
}

/// The text with all white space removed, so assertions do not depend on
/// where prettyplease breaks lines.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `haystack` contains `needle`, ignoring white space.
pub fn has(haystack: &str, needle: &str) -> bool {
    squash(haystack).contains(&squash(needle))
}

/// Every `.rs` file under `dir`, recursively, in a stable order.
pub fn rust_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
