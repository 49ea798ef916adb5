//! What a user of the published crate gets: the files `cargo package`
//! ships, and a `rust-version` the resolved dependency tree can build with.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cargo(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cargo {args:?}: {e}"));
    assert!(output.status.success(), "cargo {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn the_package_ships_the_license_and_leaves_out_what_users_do_not_need() {
    let list = cargo(&["package", "--list", "--allow-dirty", "-p", "appwrite-client"]);
    let files: Vec<&str> = list.lines().collect();
    for needed in
        ["LICENSE", "README.md", "CHANGELOG.md", "Cargo.toml", "src/lib.rs", "src/runtime/mod.rs", "examples/users.rs"]
    {
        assert!(files.contains(&needed), "{needed} is not in the package:\n{list}");
    }
    let license = std::fs::read_to_string(root().join("generated/appwrite/LICENSE")).expect("generated LICENSE");
    assert!(license.starts_with("BSD 3-Clause License"), "{license}");
    for left_out in ["API.txt", "tests/", "docs/"] {
        assert!(!files.iter().any(|f| f.starts_with(left_out)), "{left_out} is in the package:\n{list}");
    }
}

/// `major.minor[.patch]` as numbers, for comparing.
fn version(text: &str) -> Vec<u64> {
    text.split('.').map(|part| part.parse().unwrap_or_else(|_| panic!("version {text:?}"))).collect()
}

/// The declared minimum holds for the locked tree: every package that
/// appwrite-client reaches through normal dependencies, with all its
/// features on and for every target, declares a `rust-version` no newer.
/// A `cargo update` that raises one fails here instead of in a user's build.
#[test]
fn the_declared_rust_version_covers_every_resolved_dependency() {
    let text = cargo(&["metadata", "--format-version", "1", "--locked", "--all-features"]);
    let metadata: serde_json::Value = serde_json::from_str(&text).expect("cargo metadata JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let by_id = |id: &str| packages.iter().find(|p| p["id"] == id).unwrap_or_else(|| panic!("package {id}"));
    let krate = packages.iter().find(|p| p["name"] == "appwrite-client").expect("appwrite-client");
    let declared = krate["rust_version"].as_str().expect("appwrite-client declares a rust-version");
    let nodes = metadata["resolve"]["nodes"].as_array().expect("resolve graph");
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap_or_else(|| panic!("node {id}"));

    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![krate["id"].as_str().expect("id").to_owned()];
    let mut newest = (vec![0], String::from("nothing"));
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let package = by_id(&id);
        if let Some(required) = package["rust_version"].as_str() {
            if version(required) > newest.0 {
                newest = (version(required), format!("{} {} ({required})", package["name"], package["version"]));
            }
        }
        for dep in node(&id)["deps"].as_array().expect("deps") {
            let normal = dep["dep_kinds"].as_array().expect("dep_kinds").iter().any(|k| k["kind"].is_null());
            if normal {
                stack.push(dep["pkg"].as_str().expect("pkg").to_owned());
            }
        }
    }
    assert!(seen.len() > 50, "walked only {} packages", seen.len());
    assert!(
        version(declared) >= newest.0,
        "appwrite-client declares rust-version {declared}, but {} needs newer",
        newest.1
    );
    // The runtime's own package is held to the same minimum (clippy's
    // MSRV-aware lints judge it as in the generated crate).
    let runtime = packages.iter().find(|p| p["name"] == "appwrite-runtime").expect("appwrite-runtime");
    assert_eq!(runtime["rust_version"].as_str(), Some(declared));
}
