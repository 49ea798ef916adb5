//! `cargo xtask diff`: changes a user feels, marked breaking or not.

mod common;

use appwrite_generator::diff::diff;
use appwrite_generator::{build_ir, Spec};
use common::*;

fn ir_of(value: &serde_json::Value) -> appwrite_generator::ir::Api {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.json");
    std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    build_ir(&Spec::load(&path).unwrap()).unwrap()
}

fn types_fixture() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(fixture("types.json")).unwrap()).unwrap()
}

#[test]
fn the_same_spec_has_no_changes() {
    let api = ir_of(&types_fixture());
    let changes = diff(&api, &api);
    assert!(changes.is_empty());
    assert_eq!(changes.suggested_version("0.3.1"), "0.3.1");
}

#[test]
fn a_new_required_parameter_is_breaking_and_an_optional_one_is_not() {
    let old = types_fixture();
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
    let old = types_fixture();
    let mut new = old.clone();
    let file = &mut new["components"]["schemas"]["file"];
    file["properties"]["sizeOriginal"] = serde_json::json!({"type": "string"});
    file["properties"]["name"] = serde_json::json!({"type": "string"});
    file["properties"]["status"]["enum"] = serde_json::json!(["ready", "failed"]);
    new["components"]["schemas"].as_object_mut().unwrap().remove("preferences");
    new["components"]["schemas"]["document"]["properties"].as_object_mut().unwrap().remove("prefs");
    let changes = diff(&ir_of(&old), &ir_of(&new));
    let text: Vec<(bool, &str)> = changes.models.iter().chain(&changes.enums).map(|c| (c.breaking, c.text.as_str())).collect();
    assert!(text.contains(&(true, "`File.size_original` is now `String` (was `i64`)")), "{text:#?}");
    assert!(text.contains(&(false, "`File` has a new field `name` (struct literals need `..`)")), "{text:#?}");
    assert!(text.contains(&(true, "removed model `Preferences`")), "{text:#?}");
    assert!(text.contains(&(true, "`Document` lost field `prefs`")), "{text:#?}");
    assert!(text.contains(&(false, "`FileStatus` gained value `failed`")), "{text:#?}");
    assert!(text.contains(&(true, "`FileStatus` lost value `processing` (now decoded as `Unknown`)")), "{text:#?}");
}

#[test]
fn appwrite_1_5_to_1_8_client_is_reported_as_markdown() {
    let old = build_ir(&Spec::load(&spec("open-api3-1.5.x-client.json")).unwrap()).unwrap();
    let new = build_ir(&Spec::load(&spec("open-api3-1.8.x-client.json")).unwrap()).unwrap();
    let changes = diff(&old, &new);
    let markdown = changes.to_markdown("1.5", "1.8", "0.1.0");
    assert!(markdown.contains("suggested version 0.1.0 -> 0.2.0"), "{markdown}");
    assert!(markdown.contains("- compatible: added `tables_db().list_rows`"), "{markdown}");
    assert!(markdown.contains("`databases().list_documents` newly deprecated; use `tables_db().list_rows()`"), "{markdown}");
}
