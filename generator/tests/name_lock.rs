//! Published names stay put across spec updates: the name lock turns a
//! rename into an error until a maintainer approves it, and an approved
//! rename keeps the old name as a deprecated alias.

mod common;

use std::path::{Path, PathBuf};

use appwrite_generator::normalize::lock::NameLock;
use appwrite_generator::{generate, CrateInfo, Input, Output, Overrides, Result, Spec};
use common::*;

fn generate_locked(path: &Path, lock: &NameLock, approve: bool) -> Result<Output> {
    let spec = Spec::load(path)?;
    generate(&Input {
        spec: &spec,
        extra: &[],
        krate: &CrateInfo::unpinned("locked"),
        overrides: &Overrides::default(),
        templates: &templates(),
        lock: Some(lock),
        approve_renames: approve,
        strict: false,
    })
}

fn empty_lock() -> NameLock {
    NameLock { file: PathBuf::from("names.lock"), ..NameLock::default() }
}

/// The naming fixture without its POST /account/verification: the PUT
/// endpoint then has `create_email_verification` to itself.
fn fixture_without_post(dir: &Path) -> PathBuf {
    let mut spec: serde_json::Value = serde_json::from_slice(&std::fs::read(fixture("naming.json")).unwrap()).unwrap();
    spec["paths"]["/account/verification"].as_object_mut().unwrap().remove("post");
    let path = dir.join("before.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    path
}

#[test]
fn a_new_operation_that_would_rename_a_published_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let before = generate_locked(&fixture_without_post(dir.path()), &empty_lock(), false).unwrap();
    let lock = before.lock.unwrap();
    assert_eq!(lock.names["PUT /account/verification"], "account.create_email_verification");

    // The full fixture adds the POST; the verb rule would now rename the PUT.
    let error = generate_locked(&fixture("naming.json"), &lock, false).err().expect("rename must be refused");
    assert!(error.message.contains("`PUT /account/verification`"), "{}", error.message);
    assert!(error.message.contains("--approve-renames"), "{}", error.message);
}

#[test]
fn an_approved_rename_keeps_the_old_name_as_a_deprecated_alias() {
    let dir = tempfile::tempdir().unwrap();
    let lock = generate_locked(&fixture_without_post(dir.path()), &empty_lock(), false).unwrap().lock.unwrap();
    let out = generate_locked(&fixture("naming.json"), &lock, true).unwrap();
    let next = out.lock.clone().unwrap();
    assert_eq!(next.names["PUT /account/verification"], "account.update_email_verification");
    assert_eq!(next.aliases["PUT /account/verification"], ["create_email_verification"]);
    let service = file(&out, "src/services/account.rs");
    assert!(has(&service, "#[deprecated(note = \"renamed to `update_email_verification`\")]"), "{service}");
    assert!(has(&service, "self.update_email_verification(user_id, secret)"), "{service}");

    // Once approved, regenerating with the new lock is stable.
    let again = generate_locked(&fixture("naming.json"), &next, false).unwrap();
    assert_eq!(again.lock.unwrap(), next);
}

/// `diff` reads the generated aliases: an approved rename breaks no caller.
#[test]
fn an_approved_rename_is_a_compatible_deprecation_in_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    let before = generate_locked(&fixture_without_post(dir.path()), &empty_lock(), false).unwrap();
    let lock = before.lock.clone().unwrap();
    let after = generate_locked(&fixture("naming.json"), &lock, true).unwrap();
    let changes = appwrite_generator::diff::diff(&before.api, &after.api);
    let renamed = changes
        .methods
        .iter()
        .find(|c| c.text.contains("renamed to `account().update_email_verification`"))
        .expect("the rename is reported");
    assert!(!renamed.breaking && renamed.kind == appwrite_generator::diff::Kind::Deprecated, "{renamed:?}");
    assert!(renamed.text.contains("stays as a deprecated alias"), "{renamed:?}");
    // Without the alias (no lock), the same rename breaks callers.
    let unlocked = common::generate(&fixture("naming.json")).unwrap();
    let changes = appwrite_generator::diff::diff(&before.api, &unlocked.api);
    assert!(changes
        .methods
        .iter()
        .any(|c| c.breaking && c.text.contains("renamed to `account().update_email_verification`")));
}

#[test]
fn reordering_the_spec_changes_no_name() {
    let lock = generate_locked(&fixture("naming.json"), &empty_lock(), false).unwrap().lock.unwrap();
    let mut spec: serde_json::Value = serde_json::from_slice(&std::fs::read(fixture("naming.json")).unwrap()).unwrap();
    let paths: Vec<(String, serde_json::Value)> =
        spec["paths"].as_object().unwrap().clone().into_iter().rev().collect();
    spec["paths"] = serde_json::Value::Object(paths.into_iter().collect());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reordered.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    let again = generate_locked(&path, &lock, false).unwrap();
    assert_eq!(again.lock.unwrap().names, lock.names);
}

#[test]
fn names_published_for_1_5_client_hold_in_1_8_client() {
    let old = generate_locked(&spec("open-api3-1.5.x-client.json"), &empty_lock(), false).unwrap().lock.unwrap();
    let new = generate_locked(&spec("open-api3-1.8.x-client.json"), &old, true).unwrap().lock.unwrap();
    let mut renamed = Vec::new();
    for (key, before) in &old.names {
        if let Some(after) = new.names.get(key) {
            if after != before {
                renamed.push(format!("{key}: {before} -> {after}"));
            }
        }
    }
    // Every operation 1.5 and 1.8 share keeps its name; a rename here would
    // need a maintainer's approval.
    assert!(renamed.is_empty(), "{renamed:#?}");
    let strict = generate_locked(&spec("open-api3-1.8.x-client.json"), &old, false);
    assert!(strict.is_ok(), "{:?}", strict.err());
}

#[test]
fn the_checked_in_lock_matches_the_pinned_spec() {
    let text = std::fs::read_to_string(root().join("spec/names.lock")).unwrap();
    let lock = NameLock::parse(root().join("spec/names.lock"), &text).unwrap();
    assert!(lock.names.len() >= 396, "{}", lock.names.len());
    assert_eq!(lock.render(), text, "re-rendering the lock changes it");
}
