//! Each stage of the pipeline keeps to its job, read from the sources:
//! `openapiv3` types stop at `lower/`, names are settled only in
//! `normalize/` (lowering records the spec's words, emission prints), and
//! every collision of names is an error rather than an overwritten file.

mod common;

use std::path::Path;

use common::*;

fn sources_under(dir: &Path) -> Vec<(String, String)> {
    rust_files(dir)
        .into_iter()
        .map(|path| (path.display().to_string(), std::fs::read_to_string(&path).expect("readable")))
        .collect()
}

/// Code lines (comments dropped) of `file` that mention `needle`.
fn uses(source: &str, needle: &str) -> Vec<String> {
    source.lines().map(str::trim).filter(|l| !l.starts_with("//") && l.contains(needle)).map(str::to_owned).collect()
}

#[test]
fn only_normalize_invents_names() {
    let src = root().join("generator/src");
    let mut offenders = Vec::new();
    for stage in ["lower", "emit"] {
        for (file, source) in sources_under(&src.join(stage)) {
            for needle in
                ["naming::", "normalize::naming", "heck::", "to_snake_case", "to_upper_camel_case", "replace('-'"]
            {
                offenders.extend(uses(&source, needle).into_iter().map(|line| format!("{file}: {line}")));
            }
        }
    }
    assert!(offenders.is_empty(), "name derivation outside normalize/:\n{}", offenders.join("\n"));
}

#[test]
fn openapiv3_stops_at_lowering() {
    let src = root().join("generator/src");
    let mut offenders = Vec::new();
    for stage in ["normalize", "emit"] {
        for (file, source) in sources_under(&src.join(stage)) {
            offenders.extend(uses(&source, "openapiv3").into_iter().map(|line| format!("{file}: {line}")));
        }
    }
    assert!(offenders.is_empty(), "openapiv3 past lower/:\n{}", offenders.join("\n"));
}

fn spec_with_schemas(schemas: serde_json::Value, tags: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = serde_json::Map::new();
    for (i, tag) in tags.iter().enumerate() {
        paths.insert(
            format!("/thing{i}"),
            serde_json::json!({"get": {"operationId": format!("get{i}"), "tags": [tag], "responses": {"204": {"description": "ok"}}}}),
        );
    }
    let spec = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    std::fs::write(dir.path().join("spec.json"), spec.to_string()).expect("write spec");
    dir
}

#[test]
fn two_schemas_with_one_type_name_are_an_error_naming_both() {
    let object = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let dir = spec_with_schemas(serde_json::json!({"userList": object, "user_list": object}), &["users"]);
    let error = generate(&dir.path().join("spec.json")).err().expect("a collision is an error").to_string();
    assert!(error.contains("userList") && error.contains("user_list") && error.contains("UserList"), "{error}");
    assert!(error.contains("#/components/schemas/user_list"), "names a JSON pointer: {error}");
}

#[test]
fn two_tags_with_one_module_are_an_error_naming_both() {
    let dir = spec_with_schemas(serde_json::json!({}), &["tablesDB", "tables_db"]);
    let error = generate(&dir.path().join("spec.json")).err().expect("a collision is an error").to_string();
    assert!(error.contains("tablesDB") && error.contains("tables_db"), "{error}");
}
