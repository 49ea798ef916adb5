//! `cargo xtask diff`: changes a user feels, marked breaking or not by what
//! the generated code lets a caller do, and the CHANGELOG.md section.

mod common;

use appwrite_generator::diff::{diff, prepend_changelog, ApiDiff, Kind};
use appwrite_generator::ir::Api;
use appwrite_generator::{build_ir, Spec};
use common::*;

fn ir_of(value: &serde_json::Value) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.json");
    std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    build_ir(&Spec::load(&path).unwrap()).unwrap()
}

fn json_fixture(name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap()
}

fn entries(changes: &ApiDiff) -> Vec<(bool, Kind, &str)> {
    changes
        .methods
        .iter()
        .chain(&changes.models)
        .chain(&changes.enums)
        .map(|c| (c.breaking, c.kind, c.text.as_str()))
        .collect()
}

#[test]
fn the_same_spec_has_no_changes() {
    let api = ir_of(&json_fixture("types.json"));
    let changes = diff(&api, &api);
    assert!(changes.is_empty());
    assert_eq!(changes.suggested_version("0.3.1"), "0.3.1");
}

#[test]
fn a_new_required_parameter_is_breaking_and_an_optional_one_is_not() {
    let old = json_fixture("types.json");
    let mut new = old.clone();
    new["paths"]["/storage/buckets/{bucketId}/files"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "region", "in": "query", "required": true, "schema": {"type": "string"}}));
    let changes = diff(&ir_of(&old), &ir_of(&new));
    assert_eq!(changes.methods.len(), 1);
    assert!(changes.methods[0].breaking);
    assert!(changes.methods[0].text.contains("new required parameter `region`"));
    assert_eq!(changes.suggested_version("0.1.4"), "0.2.0");
    assert_eq!(changes.suggested_version("1.2.3"), "2.0.0");

    let mut optional = old.clone();
    optional["paths"]["/storage/buckets/{bucketId}/files"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "region", "in": "query", "schema": {"type": "string"}}));
    let changes = diff(&ir_of(&old), &ir_of(&optional));
    assert!(!changes.is_breaking());
    assert_eq!(changes.suggested_version("0.1.4"), "0.1.5");
    assert_eq!(changes.suggested_version("1.2.3"), "1.3.0");
}

#[test]
fn models_fields_and_enum_values() {
    let old = json_fixture("types.json");
    let mut new = old.clone();
    let file = &mut new["components"]["schemas"]["file"];
    file["properties"]["sizeOriginal"] = serde_json::json!({"type": "string"});
    file["properties"]["name"] = serde_json::json!({"type": "string"});
    file["properties"]["status"]["enum"] = serde_json::json!(["ready", "failed"]);
    new["components"]["schemas"].as_object_mut().unwrap().remove("preferences");
    new["components"]["schemas"]["document"]["properties"].as_object_mut().unwrap().remove("prefs");
    let changes = diff(&ir_of(&old), &ir_of(&new));
    let got = entries(&changes);
    for expected in [
        (true, Kind::Changed, "`File.size_original` is now `String` (was `i64`)"),
        // Models and enums are `#[non_exhaustive]`: nothing outside the
        // crate can build a model by struct literal or match every value.
        (false, Kind::Added, "`File.name` field"),
        (true, Kind::Removed, "model `Preferences`"),
        (true, Kind::Removed, "`Document.prefs` field"),
        (false, Kind::Added, "`FileStatus::Failed` for `failed` (decoded as `Unknown` before)"),
        (true, Kind::Removed, "`FileStatus::Processing` (`processing` now decodes as `Unknown`)"),
    ] {
        assert!(got.contains(&expected), "{expected:?} not in {got:#?}");
    }
}

#[test]
fn what_the_generated_code_stops_allowing_is_breaking() {
    let old = json_fixture("types.json");
    let mut new = old.clone();
    // A required enum field has no default: `FileList` loses `Default`.
    new["components"]["schemas"]["fileList"]["properties"]["kind"] =
        serde_json::json!({"type": "string", "enum": ["a", "b"]});
    new["components"]["schemas"]["fileList"]["required"].as_array_mut().unwrap().push(serde_json::json!("kind"));
    // New labels rename the variants of the same values.
    new["components"]["schemas"]["file"]["properties"]["status"]["x-enum-keys"] = serde_json::json!(["Done", "Busy"]);
    let changes = diff(&ir_of(&old), &ir_of(&new));
    let got = entries(&changes);
    for expected in [
        (true, Kind::Removed, "`impl Default for FileList` (a new required field has no default)"),
        (true, Kind::Changed, "`FileStatus::Ready` is now `FileStatus::Done` (`ready`)"),
    ] {
        assert!(got.contains(&expected), "{expected:?} not in {got:#?}");
    }
    // And back: gaining `Default` breaks no one.
    let back = diff(&ir_of(&new), &ir_of(&old));
    assert!(entries(&back).contains(&(false, Kind::Added, "`impl Default for FileList`")), "{:#?}", entries(&back));
}

#[test]
fn union_members_added_and_removed() {
    let old = json_fixture("unions.json");
    let mut new = old.clone();
    let fleet = &mut new["components"]["schemas"]["shelter"]["properties"]["fleet"]["items"]["anyOf"];
    fleet.as_array_mut().unwrap().push(serde_json::json!({"$ref": "#/components/schemas/vehicleBoat"}));
    new["components"]["schemas"]["vehicleBoat"] = serde_json::json!({"type": "object",
        "properties": {"type": {"type": "string", "x-example": "boat"}, "sails": {"type": "integer"}}, "required": ["type"]});
    let changes = diff(&ir_of(&old), &ir_of(&new));
    assert!(entries(&changes).contains(&(false, Kind::Added, "`Vehicle::Boat` variant")), "{:#?}", entries(&changes));
    let back = diff(&ir_of(&new), &ir_of(&old));
    assert!(
        entries(&back).contains(&(true, Kind::Removed, "`Vehicle::Boat` variant (now decoded as `Unknown`)")),
        "{:#?}",
        entries(&back)
    );
}

/// The classification above assumes what the emitters write: every model,
/// enum and union is `#[non_exhaustive]`, and a model derives `Default`
/// exactly when `surface` says so. Read back from the generated crate.
#[test]
fn the_classification_rests_on_the_generated_code() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let mut checked = 0;
    for (path, bytes) in &out.files {
        let is_type = (path.starts_with("src/models/") || path.starts_with("src/enums/")) && !path.ends_with("mod.rs");
        if !is_type {
            continue;
        }
        let file: syn::File = syn::parse_str(std::str::from_utf8(bytes).unwrap()).unwrap();
        for item in &file.items {
            let (name, attrs) = match item {
                syn::Item::Struct(s) => (s.ident.to_string(), &s.attrs),
                syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs),
                _ => continue,
            };
            assert!(
                attrs.iter().any(|a| a.path().is_ident("non_exhaustive")),
                "{path}: {name} is not #[non_exhaustive]"
            );
            if let syn::Item::Struct(_) = item {
                let model = out.api.models.iter().find(|m| m.name.rust == name).unwrap();
                let derives_default = attrs
                    .iter()
                    .any(|a| a.path().is_ident("derive") && quote::quote!(#a).to_string().contains("Default"));
                assert_eq!(derives_default, appwrite_generator::emit::models::surface(model).default, "{name}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, out.api.models.len() + out.api.enums.len() + out.api.unions.len());
}

#[test]
fn appwrite_1_5_to_1_8_client_is_reported_as_markdown() {
    let old = build_ir(&Spec::load(&spec("open-api3-1.5.x-client.json")).unwrap()).unwrap();
    let new = build_ir(&Spec::load(&spec("open-api3-1.8.x-client.json")).unwrap()).unwrap();
    let changes = diff(&old, &new);
    let markdown = changes.to_markdown("1.5", "1.8", "0.1.0");
    assert!(markdown.contains("suggested version 0.1.0 -> 0.2.0"), "{markdown}");
    assert!(markdown.contains("- compatible: added `tables_db().list_rows`"), "{markdown}");
    assert!(
        markdown.contains("- compatible: deprecated `databases().list_documents`; use `tables_db().list_rows()`"),
        "{markdown}"
    );
}

#[test]
fn the_changelog_section_keeps_a_changelog_and_is_prepended_once() {
    let old = build_ir(&Spec::load(&spec("open-api3-1.5.x-client.json")).unwrap()).unwrap();
    let new = build_ir(&Spec::load(&spec("open-api3-1.8.x-client.json")).unwrap()).unwrap();
    let changes = diff(&old, &new);
    let section = changes.to_changelog("0.2.0", "2026-01-02", "Regenerated from Appwrite 1.8.");
    assert!(section.starts_with("## [0.2.0] - 2026-01-02\n\nRegenerated from Appwrite 1.8. "), "{section}");
    let headings: Vec<&str> = section.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(headings, ["### Added", "### Changed", "### Deprecated", "### Removed"], "{section}");
    assert!(
        section.contains("- `tables_db().list_rows` (`GET /tablesdb/{databaseId}/tables/{tableId}/rows`)"),
        "{section}"
    );
    assert!(section.contains("\n- **Breaking:** "), "{section}");
    // Breaking entries come first in their section.
    let changed: Vec<&str> =
        section.split("### Changed\n\n").nth(1).unwrap().split("\n\n").next().unwrap().lines().collect();
    let first_plain = changed.iter().position(|l| !l.starts_with("- **Breaking:**")).unwrap_or(changed.len());
    assert!(changed[first_plain..].iter().all(|l| !l.starts_with("- **Breaking:**")), "{changed:#?}");

    let file = prepend_changelog("", &section);
    assert!(file.starts_with("# Changelog\n\n"), "{file}");
    assert!(file.contains("[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)"));
    let older = "## [0.1.0] - 2025-01-01\n\nFirst release.\n";
    let with_older = prepend_changelog(&format!("{file}\n{older}"), &section);
    assert!(with_older.find("## [0.2.0]").unwrap() < with_older.find("## [0.1.0]").unwrap(), "{with_older}");
    // Notes kept under `## [Unreleased]` stay on top.
    let header = &file[..file.find("## [").unwrap()];
    let unreleased = prepend_changelog(&format!("{header}## [Unreleased]\n\n- A note.\n\n{older}"), &section);
    assert!(unreleased.find("## [Unreleased]").unwrap() < unreleased.find("## [0.2.0]").unwrap(), "{unreleased}");
    assert!(unreleased.find("## [0.2.0]").unwrap() < unreleased.find("## [0.1.0]").unwrap(), "{unreleased}");
    // Writing the same version again replaces it.
    assert_eq!(prepend_changelog(&with_older, &section), with_older);
    assert_eq!(with_older.matches("## [0.2.0]").count(), 1);
}
