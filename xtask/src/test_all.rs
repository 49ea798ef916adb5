//! `cargo xtask test`: every check the project has, in the order a failure
//! is cheapest to read. CI runs exactly this.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::process::{cargo, step};
use crate::root;

/// Specs whose generated crates must build with zero warnings, beside the
/// pinned one: the fixtures (escaping, odd names) and every Appwrite spec,
/// generated with `--strict`; and the fixtures that are odd on purpose,
/// whose warnings generator/tests/lenient.rs checks, generated without.
pub const EXTRA_SPECS: &[(&str, Strictness)] = &[
    ("fixtures/naming.json", Strictness::Strict),
    ("fixtures/types.json", Strictness::Strict),
    ("fixtures/hostile.json", Strictness::Strict),
    ("fixtures/enums.json", Strictness::Strict),
    ("fixtures/lenient.json", Strictness::WarningsExpected),
    ("fixtures/unions.json", Strictness::Strict),
    ("open-api3-1.8.x-client.json", Strictness::Strict),
    ("open-api3-1.5.x-client.json", Strictness::Strict),
    ("konfig-style-1.5.x-client.json", Strictness::Strict),
    ("open-api3-1.8.x-console.json", Strictness::Strict),
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Any warning fails the run.
    Strict,
    /// The spec is odd on purpose; its crate must still build clean.
    WarningsExpected,
}

pub fn run(args: &[String]) -> Result<ExitCode> {
    let quick = args.iter().any(|a| a == "--quick");
    let root = root();
    // First: a layout slip is the cheapest failure to read and to fix.
    crate::fmt::run(&["--check".to_owned()])?;
    // What a contributor runs by habit must agree: generated/ opts out of
    // rustfmt with its own rustfmt.toml, so this checks the same code.
    step("cargo fmt --all --check", cargo(&root).args(["fmt", "--all", "--check"]))?;
    // The contract tests need Prism: they run in their own step below (and
    // fail rather than skip when CI is set).
    step("unit, integration and doc tests", cargo(&root).args(["test", "--workspace", "--", "--skip", "contract::"]))?;
    step(
        "clippy, warnings denied",
        cargo(&root).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    // With the opt-in `realtime` and `tracing` features too: the docs are a
    // superset of the default build's, for the time of one build.
    step(
        "rustdoc, warnings denied",
        cargo(&root).env("RUSTDOCFLAGS", "-Dwarnings").args([
            "doc",
            "--no-deps",
            "-p",
            "appwrite-client",
            "--features",
            "realtime,tracing",
        ]),
    )?;
    check_realtime(&root)?;
    if quick {
        return Ok(ExitCode::SUCCESS);
    }
    build_spec_crates(&root)?;
    build_drill_crate(&root)?;
    test_crate_of_another_name(&root)?;
    check_feature_subsets(&root)?;
    step(
        "cargo publish --dry-run of the generated crate",
        cargo(&root).args(["publish", "--dry-run", "--allow-dirty", "-p", "appwrite-client"]),
    )?;
    // Every method against Stoplight Prism, an independent validator of the
    // same spec (installs Prism with `npm ci` when needed).
    println!("==> contract tests against Prism");
    if crate::contract::run(&[])? != ExitCode::SUCCESS {
        bail!("failed: contract tests against Prism");
    }
    println!("all checks passed");
    Ok(ExitCode::SUCCESS)
}

/// The opt-in `realtime` feature, which the workspace steps above build
/// without: its tests against a local WebSocket server, the README's and
/// the module's examples, lints; and that leaving it out leaves out its
/// dependencies. Only the crate's realtime targets are built with it.
fn check_realtime(root: &Path) -> Result<()> {
    // `tracing`, the other opt-in feature, is built alongside: one more
    // build of the crate would cost more than its few extra lines do.
    step(
        "realtime and tracing tests and the README's examples with the `realtime` and `tracing` features",
        cargo(root).args([
            "test",
            "-p",
            "appwrite-client",
            "--features",
            "realtime,tracing",
            "--test",
            "realtime",
            "--test",
            "runtime_tracing",
            "--test",
            "markdown_examples",
        ]),
    )?;
    step(
        "realtime doc example",
        cargo(root).args([
            "test",
            "-p",
            "appwrite-client",
            "--features",
            "realtime,tracing",
            "--doc",
            "--",
            "realtime",
        ]),
    )?;
    step(
        "clippy of the realtime code, tests, benchmark and example, warnings denied",
        cargo(root)
            .args(["clippy", "-p", "appwrite-client", "--features", "realtime,tracing"])
            .args(["--lib", "--test", "realtime", "--test", "realtime_bench", "--test", "runtime_tracing"])
            .args(["--example", "realtime"])
            .args(["--", "-D", "warnings"]),
    )?;
    println!("==> no WebSocket crate in a build without `realtime`");
    let tree = |features: &[&str]| -> Result<String> {
        let output = cargo(root)
            .args(["tree", "-p", "appwrite-client", "-e", "normal", "--prefix", "none", "--format", "{p}"])
            .args(features)
            .output()?;
        if !output.status.success() {
            bail!("failed: cargo tree: {}", String::from_utf8_lossy(&output.stderr));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let has_websocket = |tree: &str| tree.lines().any(|line| line.contains("tungstenite"));
    // Every service and TLS stack, so that no other feature can bring it in.
    let without = tree(&["--features", "rustls,native-tls,http2"])?;
    if has_websocket(&without) {
        bail!("a build without the `realtime` feature resolves a WebSocket crate:\n{without}");
    }
    if !has_websocket(&tree(&["--features", "realtime"])?) {
        bail!("`cargo tree` shows no WebSocket crate with the `realtime` feature: the check above proves nothing");
    }
    Ok(())
}

/// Generates each extra spec into its own standalone crate under target/
/// and builds it there with warnings denied; the crates share one target
/// folder so dependencies build once.
fn build_spec_crates(root: &Path) -> Result<()> {
    let crates = root.join("target/spec-crates");
    let target = root.join("target/spec-crates-target");
    for (spec, strictness) in EXTRA_SPECS {
        let name = spec.trim_start_matches("fixtures/").trim_end_matches(".json").replace('.', "-");
        let out = crates.join(&name);
        let strict = *strictness == Strictness::Strict;
        println!("==> generate {spec}{}", if strict { " --strict" } else { "" });
        crate::generate::generate_standalone(&root.join("spec").join(spec), &out, &format!("appwrite-{name}"), strict)?;
        step(
            &format!("build the crate generated from {spec}"),
            cargo(&out)
                .env("CARGO_TARGET_DIR", &target)
                .env("RUSTFLAGS", "-Dwarnings")
                .args(["build", "--lib", "--quiet"]),
        )?;
    }
    Ok(())
}

/// The crate xtask/tests/drill.rs regenerated from the 1.8.x client spec
/// against names locked from a 1.5.x spec (renames kept as deprecated
/// aliases) builds warning-free; the drill leaves it in target/drill/.
fn build_drill_crate(root: &Path) -> Result<()> {
    let krate = root.join("target/drill/crate");
    if !krate.join("Cargo.toml").exists() {
        bail!("{} is missing: the update drill test (xtask/tests/drill.rs) did not run", krate.display());
    }
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock"))?;
    step(
        "build the crate of the update drill (1.5.x names, 1.8.x spec)",
        cargo(&krate)
            .env("CARGO_TARGET_DIR", root.join("target/spec-crates-target"))
            .env("RUSTFLAGS", "-Dwarnings")
            .args(["build", "--lib", "--quiet"]),
    )
}

/// A crate generated under a name of its own passes its own `cargo test`
/// (unit, integration and doc tests, examples built): the hand-written
/// tests, examples and doc examples name the crate they are copied into.
/// The unions fixture keeps it small and runs its union tests too.
fn test_crate_of_another_name(root: &Path) -> Result<()> {
    let out = root.join("target/spec-crates/any-name");
    println!("==> generate fixtures/unions.json as `pet-shelter-client`");
    crate::generate::generate_standalone(&root.join("spec/fixtures/unions.json"), &out, "pet-shelter-client", true)?;
    step(
        "cargo test of the crate generated as `pet-shelter-client`",
        // Its contract tests need Prism, which `cargo xtask contract` runs
        // for the published crate; with CI set they would fail, not skip.
        cargo(&out).env("CARGO_TARGET_DIR", root.join("target/spec-crates-target")).args([
            "test",
            "--quiet",
            "--",
            "--skip",
            "contract::",
        ]),
    )
}

/// The generated crate with one service over `native-tls`, and with no
/// service and no TLS at all, lints and documents clean too, and its runtime
/// tests pass without TLS. One extra target folder, mostly checked rather
/// than built, keeps it to a fraction of a full build; the default (all
/// services, rustls) build is the workspace's own.
fn check_feature_subsets(root: &Path) -> Result<()> {
    let target = root.join("target/feature-check");
    let subsets = [
        ("only the `users` service over `native-tls`", &["--features", "users,native-tls"][..]),
        ("no service and no TLS", &[][..]),
    ];
    for (what, features) in subsets {
        step(
            &format!("clippy of the generated crate with {what}, warnings denied"),
            cargo(root)
                .env("CARGO_TARGET_DIR", &target)
                .args(["clippy", "--quiet", "--all-targets", "-p", "appwrite-client", "--no-default-features"])
                .args(features)
                .args(["--", "-D", "warnings"]),
        )?;
        step(
            &format!("rustdoc of the generated crate with {what}, warnings denied"),
            cargo(root)
                .env("CARGO_TARGET_DIR", &target)
                .env("RUSTDOCFLAGS", "-Dwarnings")
                .args(["doc", "--quiet", "--no-deps", "-p", "appwrite-client", "--no-default-features"])
                .args(features),
        )?;
    }
    check_feature_gate_message(root, &target)?;
    // Without TLS the client must refuse https endpoints up front; only the
    // runtime's own tests can see that configuration.
    step(
        "runtime unit tests of the generated crate with no service and no TLS",
        cargo(root).env("CARGO_TARGET_DIR", &target).args([
            "test",
            "--quiet",
            "--lib",
            "-p",
            "appwrite-client",
            "--no-default-features",
        ]),
    )?;
    Ok(())
}

/// A UI test: an application that enables only `users` and calls
/// `client.storage()` must fail to compile with a message naming the
/// `storage` feature, not a bare "no method named `storage`". Built in the
/// target folder of the feature subsets above, which holds the crate with
/// `users` already.
fn check_feature_gate_message(root: &Path, target: &Path) -> Result<()> {
    println!("==> a service left out names its feature in the compiler error");
    let app = root.join("target/feature-gate-app");
    std::fs::create_dir_all(app.join("src"))?;
    let krate = root.join("generated/appwrite");
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"feature-gate-app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nappwrite-client = {{ path = {:?}, default-features = false, features = [\"users\", \"native-tls\"] }}\n\n\
             [workspace]\n",
            krate.display().to_string()
        ),
    )?;
    std::fs::write(
        app.join("src/main.rs"),
        "fn main() {\n    let client = appwrite_client::Client::new(\"http://localhost/v1\", \"p\").unwrap();\n    \
         let _users = client.users();\n    let _storage = client.storage();\n}\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock"))?;
    let output = cargo(&app).env("CARGO_TARGET_DIR", target).args(["check", "--quiet", "--offline"]).output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = "`client.storage()` needs the `storage` cargo feature";
    if output.status.success() || !stderr.contains(expected) || stderr.contains("client.users()") {
        bail!("calling a service whose feature is off should fail with {expected:?}, got:\n{stderr}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec added to spec/ is built by `cargo xtask test`, and strictly
    /// unless it is odd on purpose.
    #[test]
    fn every_spec_in_spec_is_built() {
        let root = root();
        let pinned = appwrite_generator::Manifest::load(&root.join("spec/appwrite.toml")).unwrap().spec_path();
        let mut missing = Vec::new();
        for dir in ["spec", "spec/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                let path = entry.path();
                let relative = path.strip_prefix(root.join("spec")).unwrap().to_string_lossy().into_owned();
                // The fixture whose collision no rule settles never generates.
                let skipped = path == pinned || relative == "fixtures/unsettled.json";
                if path.extension().is_some_and(|e| e == "json")
                    && !skipped
                    && !EXTRA_SPECS.iter().any(|(s, _)| *s == relative)
                {
                    missing.push(relative);
                }
            }
        }
        assert!(missing.is_empty(), "add to EXTRA_SPECS: {missing:?}");
    }
}
