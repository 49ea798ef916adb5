//! templates/runtime-crate compiles the hand-written runtime in place, with
//! stand-ins for what a generated crate gives it. These tests keep the
//! stand-ins and the package true to what the generator emits, and the
//! package out of the generated crate.

mod common;

use std::collections::BTreeMap;

use common::{file, fixture, generate, root};

fn runtime_crate(path: &str) -> String {
    let path = root().join("templates/runtime-crate").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `const` items of a Rust file: name -> (visibility, type), as tokens.
fn constants(source: &str) -> BTreeMap<String, (String, String)> {
    let file = syn::parse_file(source).expect("valid Rust");
    let mut out = BTreeMap::new();
    for item in file.items {
        if let syn::Item::Const(c) = item {
            let vis = &c.vis;
            let ty = &c.ty;
            out.insert(c.ident.to_string(), (quote::quote!(#vis).to_string(), quote::quote!(#ty).to_string()));
        }
    }
    out
}

#[test]
fn the_stand_in_meta_declares_what_the_generator_emits() {
    let output = generate(&fixture("naming.json")).expect("generate");
    let emitted = constants(&file(&output, "src/meta.rs"));
    let stand_in = constants(&runtime_crate("src/meta.rs"));
    assert!(!emitted.is_empty());
    assert_eq!(stand_in, emitted, "templates/runtime-crate/src/meta.rs differs from the generated src/meta.rs");
}

/// Inner attributes but docs (`#![deny(missing_docs)]`, ...).
fn crate_attributes(source: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("valid Rust");
    file.attrs.iter().filter(|a| !a.path().is_ident("doc")).map(|a| quote::quote!(#a).to_string()).collect()
}

#[test]
fn the_stand_in_root_holds_the_runtime_to_the_generated_crate_lints() {
    let output = generate(&fixture("naming.json")).expect("generate");
    let generated = file(&output, "src/lib.rs");
    let stand_in = runtime_crate("src/lib.rs");
    assert_eq!(crate_attributes(&stand_in), crate_attributes(&generated));
    assert!(
        common::has(&stand_in, "#[path = \"../../runtime/mod.rs\"]\nmod runtime;\npub use runtime::*;"),
        "{stand_in}"
    );
    assert!(common::has(&generated, "mod runtime;\npub use runtime::*;"), "{generated}");
}

fn strings(value: &toml::Value) -> Vec<&str> {
    value.as_array().expect("array").iter().map(|v| v.as_str().expect("string")).collect()
}

#[test]
fn the_package_has_the_generated_crate_dependencies_and_features() {
    let output = generate(&fixture("naming.json")).expect("generate");
    let generated: toml::Value = toml::from_str(&file(&output, "Cargo.toml")).expect("generated Cargo.toml");
    let package: toml::Value = toml::from_str(&runtime_crate("Cargo.toml")).expect("runtime-crate Cargo.toml");
    assert_eq!(package["dependencies"], generated["dependencies"], "[dependencies] differ");
    assert_eq!(package["package"]["edition"], generated["package"]["edition"]);
    assert_eq!(package["package"]["rust-version"], generated["package"]["rust-version"]);

    // The generated crate's default features are `rustls` and its services.
    let generated_features = generated["features"].as_table().expect("[features]");
    let services: Vec<&str> = strings(&generated_features["default"]).into_iter().filter(|f| *f != "rustls").collect();
    assert!(!services.is_empty());
    let mut expected = generated_features.clone();
    expected.retain(|name, _| name != "default" && !services.contains(&name));
    let mut features = package["features"].as_table().expect("[features]").clone();
    let default = features.remove("default").expect("default features");
    assert_eq!(features, expected, "[features] differ (services and `default` aside)");
    // All of the runtime, the opt-in `realtime` and `tracing` and the
    // `uploads` that only some services turn on included, is built by
    // default: that is what the workspace's test and clippy steps and an
    // IDE see.
    let mut default = strings(&default);
    default.sort_unstable();
    let opt_in = |f: &&str| matches!(*f, "realtime" | "tracing" | "uploads");
    let mut all: Vec<&str> = ["rustls"].into_iter().chain(features.keys().map(String::as_str).filter(opt_in)).collect();
    all.sort_unstable();
    assert_eq!(default, all);
}

#[test]
fn the_package_is_a_workspace_member() {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml")).expect("valid");
    assert!(strings(&manifest["workspace"]["members"]).contains(&"templates/runtime-crate"));
}

/// The generated crate's `src/runtime/` is `templates/runtime/`, byte for
/// byte under a comment, and nothing of the package around it (manifest, crate root,
/// stand-ins) is copied anywhere. (A crate of another name than
/// `appwrite-client` gets its own name in the runtime's doc examples.)
#[test]
fn only_the_runtime_itself_is_copied() {
    let output = appwrite_generator::generate_from_path(
        &fixture("naming.json"),
        &appwrite_generator::CrateInfo::unpinned("appwrite-client"),
        &appwrite_generator::Overrides::default(),
        &common::templates(),
    )
    .expect("generate");
    let dir = root().join("templates/runtime");
    let mut expected = BTreeMap::new();
    let mut stack = vec![dir.clone()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("runtime folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(&dir).expect("inside").to_string_lossy().replace('\\', "/");
                expected.insert(format!("src/runtime/{relative}"), std::fs::read(&path).expect("readable"));
            }
        }
    }
    let copied: BTreeMap<String, Vec<u8>> = output
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("src/runtime/"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    assert_eq!(copied.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>());
    for (path, template) in &expected {
        // Verbatim after the generator's "copied from templates/" comment.
        let copy = &copied[path];
        let header =
            copy.strip_suffix(template.as_slice()).unwrap_or_else(|| panic!("{path} is not the template's bytes"));
        let header = std::str::from_utf8(header).expect("utf-8");
        assert!(header.lines().all(|l| l.is_empty() || l.starts_with("// ")), "{path}: {header}");
    }

    // Had the package moved into templates/runtime/, its files would be
    // copied along; a copy elsewhere would match one byte for byte.
    let package_files = ["Cargo.toml", "src/lib.rs", "src/meta.rs", "src/services.rs"].map(runtime_crate);
    for name in ["Cargo.toml", "lib.rs", "meta.rs", "services.rs"] {
        assert!(!copied.contains_key(&format!("src/runtime/{name}")), "src/runtime/{name}");
    }
    for (path, bytes) in &output.files {
        assert!(
            package_files.iter().all(|f| f.as_bytes() != bytes.as_slice()),
            "{path} is a file of templates/runtime-crate"
        );
    }
}
