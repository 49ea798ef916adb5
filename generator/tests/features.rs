//! Cargo features per service: every type a compiled model names must be
//! compiled with it, whatever subset of services is enabled.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{file, generate, has, spec};

/// `mod` name -> the features that compile it (empty: always compiled),
/// read from a generated `mod.rs`.
fn gates(mod_rs: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut gates = BTreeMap::new();
    let mut pending = BTreeSet::new();
    for line in mod_rs.lines().map(str::trim) {
        if line.starts_with("#[cfg(") {
            pending =
                line.split("feature = \"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_owned).collect();
        } else if let Some(module) = line.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
            gates.insert(module.to_owned(), std::mem::take(&mut pending));
        } else if !line.starts_with("pub use") {
            pending.clear();
        }
    }
    gates
}

fn snake(pascal: &str) -> String {
    let mut out = String::new();
    for (i, c) in pascal.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn a_compiled_model_never_names_a_type_that_is_left_out() {
    let output = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let models = gates(&file(&output, "src/models/mod.rs"));
    let enums = gates(&file(&output, "src/enums/mod.rs"));
    assert_eq!(models.len(), output.api.models.len() + output.api.unions.len());
    assert!(models.values().any(|g| g.len() == 1) && models.values().any(|g| g.len() > 1));
    for (module, needed_by) in &models {
        let text = file(&output, &format!("src/models/{module}.rs"));
        for (prefix, table) in [("crate::models::", &models), ("crate::enums::", &enums)] {
            for reference in text.split(prefix).skip(1) {
                let name: String = reference.chars().take_while(|c| c.is_alphanumeric()).collect();
                let gate = table.get(&snake(&name)).unwrap_or_else(|| panic!("{module} names unknown {name}"));
                // Always compiled, or compiled whenever this model is.
                assert!(
                    gate.is_empty() || (!needed_by.is_empty() && needed_by.is_subset(gate)),
                    "{module} (features {needed_by:?}) names {name} (features {gate:?})"
                );
            }
        }
    }
}

#[test]
fn every_service_is_a_default_feature_and_gates_its_handle() {
    let output = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let manifest = file(&output, "Cargo.toml");
    let lib = file(&output, "src/lib.rs");
    // The pinned spec's `x-appwrite` type `upload` operations: a bucket's
    // files, and function and site deployments.
    let mut uploading = Vec::new();
    for service in &output.api.services {
        let name = &service.name.rust;
        let implied = if service.uploads() { "\"uploads\"" } else { "" };
        assert!(manifest.contains(&format!("\n{name} = [{implied}]\n")), "no feature {name} = [{implied}]");
        if service.uploads() {
            uploading.push(name.as_str());
        }
        assert!(manifest.contains(&format!("\"{name}\"")), "{name} not in default");
        assert!(
            has(&lib, &format!("#[cfg(feature = \"{name}\")] #[inline] pub fn {name}(&self)")),
            "accessor of {name} not gated"
        );
    }
    assert_eq!(uploading, ["functions", "sites", "storage"]);
    assert!(manifest.contains("\nuploads = [\"reqwest/multipart\"]\n"), "{manifest}");
    assert!(!manifest.contains("\"multipart\", \"stream\""), "reqwest's multipart only with `uploads`");
    let models = gates(&file(&output, "src/models/mod.rs"));
    assert_eq!(models["user_list"], BTreeSet::from(["users".to_owned()]));
    assert!(file(&output, "tests/runtime_upload.rs").contains("#![cfg(feature = \"storage\")]"));
}

/// The `#[cfg]` the generated `meta::with_unions!` puts on the runtime's
/// union decoder.
fn union_decoder_gate(meta_rs: &str) -> String {
    let start = meta_rs.find("macro_rules! with_unions").expect("with_unions! in meta.rs");
    let body = &meta_rs[start..];
    let cfg = body.find("#[cfg(").map(|at| &body[at..]).unwrap_or_default();
    let flat: String = cfg.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.split("] $item").next().map(|c| format!("{c}]")).unwrap_or_default()
}

#[test]
fn the_union_decoder_compiles_with_the_services_whose_models_hold_unions() {
    let output = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let models = gates(&file(&output, "src/models/mod.rs"));
    // Every union's gate, joined: the decoder is there whenever one of them is.
    let mut services = BTreeSet::new();
    for union in &output.api.unions {
        let gate = &models[&union.module];
        assert!(!gate.is_empty(), "{} is always compiled", union.module);
        services.extend(gate.iter().cloned());
    }
    // `User.hashOptions` is a union (`Algo`): a `users`-only build decodes one.
    assert!(services.contains("users"), "{services:?}");
    let features: Vec<String> = services.iter().map(|s| format!("feature = \"{s}\"")).collect();
    assert_eq!(union_decoder_gate(&file(&output, "src/meta.rs")), format!("#[cfg(any({}))]", features.join(", ")));

    let without = generate(&common::fixture("naming.json")).unwrap();
    assert!(without.api.unions.is_empty());
    assert_eq!(union_decoder_gate(&file(&without, "src/meta.rs")), "#[cfg(any())]");
}
