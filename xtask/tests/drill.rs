//! The update drill of the root README ("A new Appwrite release"), as a
//! maintainer runs it: a crate published from an older Appwrite spec, then
//! the newer release's spec pinned, diffed, its renames refused until
//! approved, its changelog written, and the crate regenerated. Two real
//! specs of different releases from spec/: the 1.5.x client spec as a
//! third-party tool republishes it (its operationIds give other names, so
//! the 1.8.x spec renames methods) and Appwrite's own 1.8.x client spec.
//!
//! It runs in `target/drill/` so that `cargo xtask test` can build the
//! crate it leaves there (once, with the other specs' crates).

mod common;

use std::process::{Command, Output};

use common::{root, snapshot};

const OLDER: &str = "konfig-style-1.5.x-client.json";
const NEWER: &str = "open-api3-1.8.x-client.json";

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn manifest(spec: &str, sha256: &str, version: &str) -> String {
    format!("[spec]\nfile = \"{spec}\"\nsha256 = \"{sha256}\"\n\n[crate]\nname = \"drill-client\"\nversion = \"{version}\"\n")
}

/// The hash `generate` reports for a spec it refuses, as the README has the
/// maintainer copy it into the manifest.
fn reported_sha256(stderr: &str) -> String {
    let after =
        stderr.split("re-pin it by setting `sha256 = \"").nth(1).unwrap_or_else(|| panic!("no hash in {stderr}"));
    after.split('"').next().unwrap().to_owned()
}

#[test]
fn a_new_appwrite_release_end_to_end() {
    let drill = root().join("target/drill");
    let _ = std::fs::remove_dir_all(&drill);
    let spec_dir = drill.join("spec");
    std::fs::create_dir_all(&spec_dir).unwrap();
    for spec in [OLDER, NEWER] {
        std::fs::copy(root().join("spec").join(spec), spec_dir.join(spec)).unwrap();
    }
    let toml = spec_dir.join("appwrite.toml");
    let krate = drill.join("crate");
    let (toml_arg, crate_arg) = (toml.to_str().unwrap(), krate.to_str().unwrap());
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", "--manifest", toml_arg, "--out", crate_arg];
        args.extend_from_slice(extra);
        xtask(&args)
    };

    // The crate as published from the older spec: pinned by hash, its names locked.
    std::fs::write(&toml, manifest(OLDER, "0", "0.1.0")).unwrap();
    let refused = generate(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(!krate.exists(), "a refused spec writes nothing");
    std::fs::write(&toml, manifest(OLDER, &reported_sha256(&text(&refused.stderr)), "0.1.0")).unwrap();
    let first = generate(&["--strict"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let lock_before = std::fs::read_to_string(spec_dir.join("names.lock")).unwrap();
    assert!(lock_before.contains("\"GET /account\" = \"account.get_current_user\""), "{lock_before}");

    // 1. The new spec beside the old, 2. re-pinned by the hash generate reports.
    std::fs::write(&toml, manifest(NEWER, "0", "0.1.0")).unwrap();
    let sha256 = reported_sha256(&text(&generate(&[]).stderr));
    std::fs::write(&toml, manifest(NEWER, &sha256, "0.1.0")).unwrap();

    // 3. What users will feel, and the version it calls for.
    let (older, newer) = (spec_dir.join(OLDER), spec_dir.join(NEWER));
    let (older, newer) = (older.to_str().unwrap(), newer.to_str().unwrap());
    let report = xtask(&["diff", older, newer, "--manifest", toml_arg]);
    let report = text(&report.stdout);
    assert!(report.contains("suggested version 0.1.0 -> 0.2.0"), "{report}");
    assert!(report.contains("**breaking**: `account().get_current_user` renamed to `account().get`"), "{report}");

    // 4. Generation refuses the renames, naming each, and writes nothing.
    let before = snapshot(&krate);
    let renames = generate(&["--strict"]);
    assert_eq!(renames.status.code(), Some(1));
    let stderr = text(&renames.stderr);
    assert!(stderr.contains("`GET /account`: `account.get_current_user` -> `account.get`"), "{stderr}");
    assert!(stderr.contains("--approve-renames"), "{stderr}");
    assert_eq!(before, snapshot(&krate), "a refused run leaves the crate as it was");
    assert_eq!(std::fs::read_to_string(spec_dir.join("names.lock")).unwrap(), lock_before);

    // 5. The changelog section, and the version it suggests.
    let written =
        xtask(&["diff", older, newer, "--manifest", toml_arg, "--changelog", "--date", "2026-01-02", "--write"]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    let changelog = std::fs::read_to_string(spec_dir.join("CHANGELOG.md")).unwrap();
    assert_release_section(&changelog);
    std::fs::write(&toml, manifest(NEWER, &sha256, "0.2.0")).unwrap();

    // 6. Renames approved: the crate regenerates, old names stay as
    // deprecated aliases, the lock records them, the changelog ships.
    let approved = generate(&["--strict", "--approve-renames"]);
    assert!(approved.status.success(), "{}", text(&approved.stderr));
    let lock_after = std::fs::read_to_string(spec_dir.join("names.lock")).unwrap();
    assert!(lock_after.contains("\"GET /account\" = \"account.get\""), "{lock_after}");
    assert!(
        lock_after.contains("[aliases]") && lock_after.contains("\"GET /account\" = [\"get_current_user\"]"),
        "{lock_after}"
    );
    let account = std::fs::read_to_string(krate.join("src/services/account.rs")).unwrap();
    assert!(account.contains("#[deprecated(note = \"renamed to `get`\")]"), "the old name stays callable");
    assert!(account.contains("pub fn get_current_user("), "the old name stays callable");
    // An old name of a method Appwrite deprecated calls it without a warning.
    let databases = std::fs::read_to_string(krate.join("src/services/databases.rs")).unwrap();
    let alias = databases.split("pub fn list_user_documents(").next().unwrap();
    assert!(
        alias.ends_with("#[allow(deprecated)]\n    #[inline]\n    "),
        "{}",
        &alias[alias.len().saturating_sub(200)..]
    );
    assert_eq!(std::fs::read_to_string(krate.join("CHANGELOG.md")).unwrap(), changelog);
    assert!(std::fs::read_to_string(krate.join("Cargo.toml")).unwrap().contains("version = \"0.2.0\""));
    // Once approved, the release is settled: the same run is a no-op.
    let check = generate(&["--check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    // Cargo builds the crate in `cargo xtask test` (build_drill_crate).
    assert!(krate.join("src/lib.rs").exists() && krate.join("Cargo.toml").exists());
}

/// The section `diff --changelog --write` put atop CHANGELOG.md for the
/// move from the older spec to the newer.
fn assert_release_section(changelog: &str) {
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    assert!(
        changelog
            .contains("## [0.2.0] - 2026-01-02\n\nRegenerated from `open-api3-1.8.x-client.json` (Appwrite 1.8.1)"),
        "{changelog}"
    );
    for heading in ["### Added", "### Changed", "### Removed"] {
        assert!(changelog.contains(heading), "{heading} in {changelog}");
    }
    assert!(
        changelog.contains("- **Breaking:** `account().get_current_user` renamed to `account().get`"),
        "{changelog}"
    );
}
