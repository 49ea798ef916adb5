//! A broken spec gives an error naming the file and the JSON pointer of the
//! problem; the generator never panics. (What is merely odd is a warning:
//! tests/lenient.rs.)

mod common;

use appwrite_generator::{Error, Manifest};

fn generate_text(name: &str, text: &str) -> Error {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let error = common::generate(&path).err().expect("generation must fail");
    assert_eq!(error.file, path, "the error names the spec file");
    error
}

const MINIMAL_OP: &str = r#""responses": {"200": {"description": "ok"}}"#;

#[test]
fn invalid_json() {
    let error = generate_text("bad.json", "{\"openapi\": \"3.0.0\", ");
    assert!(error.message.starts_with("invalid JSON"), "{error}");
}

#[test]
fn invalid_yaml() {
    let error = generate_text("bad.yaml", "openapi: 3.0.0\npaths: [unclosed\n");
    assert!(error.message.starts_with("invalid YAML"), "{error}");
}

#[test]
fn yaml_specs_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ok.yaml");
    std::fs::write(
        &path,
        "openapi: 3.0.0\ninfo: {title: t, version: '1.0'}\npaths:\n  /health:\n    get:\n      operationId: healthGet\n      tags: [health]\n      responses: {'200': {description: ok}}\n",
    )
    .unwrap();
    let out = common::generate(&path).unwrap();
    assert_eq!(common::method_names(&out.api, "health"), ["get"]);
}

#[test]
fn missing_paths() {
    let error = generate_text("nopaths.json", r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}}"#);
    assert_eq!(error.pointer, "/paths");
}

#[test]
fn unsupported_openapi_version() {
    let error = generate_text("v2.json", r#"{"openapi": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#);
    assert_eq!(error.pointer, "/openapi");
}

#[test]
fn ref_to_a_missing_schema() {
    let error = generate_text(
        "ref.json",
        r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"tags": ["a"],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/nope"}}}}}}}}}"##,
    );
    assert_eq!(error.pointer, "/paths/~1a/get/responses/200/content/application~1json/schema");
    assert!(error.message.contains("#/components/schemas/nope"), "{error}");
}

#[test]
fn ref_to_a_missing_schema_inside_a_model() {
    let error = generate_text(
        "model.json",
        r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"user": {"type": "object", "properties": {"team": {"$ref": "#/components/schemas/team"}}}}}}"##,
    );
    assert_eq!(error.pointer, "/components/schemas/user/properties/team");
}

/// A `$ref` to a schema that is not in the file (here, in another file
/// this generator does not read) is as broken as a missing one.
#[test]
fn ref_to_another_file() {
    let error = generate_text(
        "external.json",
        r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"user": {"type": "object", "properties": {"team": {"$ref": "teams.json#/team"}}}}}}"##,
    );
    assert_eq!(error.pointer, "/components/schemas/user/properties/team");
    assert!(error.message.contains("teams.json#/team"), "{error}");
}

#[test]
fn a_document_that_is_not_openapi_names_where_it_breaks() {
    let error = generate_text(
        "shape.json",
        r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": 7}}}}"#,
    );
    assert!(error.pointer.starts_with("/paths/~1a/get"), "{error}");
}

#[test]
fn sha256_mismatch_shows_both_hashes_and_how_to_repin() {
    let dir = tempfile::tempdir().unwrap();
    let manifest_path = dir.path().join("appwrite.toml");
    std::fs::write(
        &manifest_path,
        "[spec]\nfile = \"x.json\"\nsha256 = \"0000\"\n[crate]\nname = \"c\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    let manifest = Manifest::load(&manifest_path).unwrap();
    let error = manifest.verify(b"hello").expect_err("mismatch");
    let actual = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assert!(error.message.contains("0000"), "{error}");
    assert!(error.message.contains(actual), "{error}");
    assert!(error.message.contains("re-pin"), "{error}");
    assert!(manifest.verify(b"hello").is_err() && Manifest::load(&manifest_path).is_ok());
}

#[test]
fn services_named_like_client_methods_or_crate_features_are_refused() {
    for (tag, clash) in
        [("builder", "`client.builder()`"), ("http2", "cargo feature `http2`"), ("rustls", "cargo feature `rustls`")]
    {
        let spec = format!(
            r#"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1.0"}}, "paths": {{"/x": {{"get": {{"operationId": "xGet", "tags": ["{tag}"], {MINIMAL_OP}}}}}}}}}"#
        );
        let error = generate_text("reserved.json", &spec);
        assert!(error.message.contains(clash) && error.message.contains("already defines"), "{error}");
        assert_eq!(error.pointer, "/paths/~1x/get", "{error}");
    }
}
