//! What the emitters write for the fixture specs: types, kinds, escaping,
//! determinism, and snapshots reviewed as diffs.

mod common;

use appwrite_generator::ir::{OpKind, Response, TypeRef};
use common::*;

#[test]
fn operation_kinds_and_responses() {
    let out = generate(&fixture("types.json")).unwrap();
    let api = &out.api;
    assert_eq!(find(api, "storage", "create_file").kind, OpKind::Upload);
    assert_eq!(find(api, "storage", "get_file_preview").response, Response::Binary);
    assert_eq!(find(api, "account", "create_oauth2_session").response, Response::Redirect);
    assert_eq!(find(api, "graphql", "query").response, Response::Graphql);
    assert_eq!(find(api, "health", "reset").response, Response::Empty);
}

#[test]
fn parameter_types_are_precise() {
    let out = generate(&fixture("types.json")).unwrap();
    let list = find(&out.api, "storage", "list_files");
    let ty = |name: &str| list.params.iter().find(|p| p.name.wire == name).map(|p| p.ty.clone()).unwrap();
    assert_eq!(ty("queries"), TypeRef::Array(Box::new(TypeRef::String)));
    assert_eq!(ty("limit"), TypeRef::Integer);
    assert_eq!(ty("quality"), TypeRef::Number);
    assert_eq!(ty("total"), TypeRef::Bool);
    assert_eq!(ty("headers"), TypeRef::Object);
    let service = file(&out, "src/services/storage.rs");
    assert!(has(&service, "call.query_object(\"headers\""), "query objects use Appwrite's bracket form");
    assert!(has(&service, "call.header(\"X-Trace\""));
    assert!(has(&service, "call.file(\"file\""));
}

#[test]
fn nullable_parameters_have_three_states() {
    let out = generate(&fixture("types.json")).unwrap();
    let service = file(&out, "src/services/databases.rs");
    // Required and nullable: `None` sends null.
    assert!(has(&service, "default: Option<String>"), "{service}");
    assert!(has(&service, "call.body_null(\"default\")"));
    // Optional and nullable: leave it out, set it, or null it.
    assert!(has(&service, "pub fn size(mut self, size: i64)"));
    assert!(has(&service, "pub fn size_null(mut self)"));
}

#[test]
fn enums_are_shared_by_name_and_named_from_context_otherwise() {
    let out = generate(&fixture("types.json")).unwrap();
    let names: Vec<&str> = out.api.enums.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"ImageFormat"));
    assert!(names.contains(&"StorageGetFilePreviewGravity"), "{names:?}");
    assert!(names.contains(&"FileStatus"), "{names:?}");
    assert_eq!(names.iter().filter(|n| **n == "ImageFormat").count(), 1);
    let image = file(&out, "src/enums/image_format.rs");
    assert!(has(&image, "Unknown(String)"));
}

#[test]
fn models_keep_wire_names_only_where_they_differ() {
    let out = generate(&fixture("types.json")).unwrap();
    let model = file(&out, "src/models/file.rs");
    assert!(has(&model, "#[serde(rename = \"$id\")]\n    pub id:"), "{model}");
    assert!(has(&model, "#[serde(rename = \"bucketId\")]"));
    assert!(!model.contains("rename = \"status\""));
    assert!(has(&model, "pub mime_type: Option<String>"));
    // Dates and times, marked by format or by an ISO 8601 example, are timestamps.
    assert!(has(&model, "pub created_at: crate::Timestamp"), "{model}");
    assert!(has(&model, "pub expires_at: Option<crate::Timestamp>"));
    assert!(has(&model, "pub label: Option<String>"));
    let document = file(&out, "src/models/document.rs");
    // Its attributes are the caller's type, a JSON map unless named.
    assert!(has(&document, "pub struct Document<T = ::serde_json::Map<String, ::serde_json::Value>>"), "{document}");
    assert!(has(&document, "#[serde(flatten)]\n    pub data: T,"), "{document}");
    assert!(has(&document, "pub prefs: Option<crate::models::Preferences>"), "object+items ref is the model");
    // An `anyOf` of models is a union named after where it is met, since
    // `file` and `fileList` share no word that leaves both a variant name.
    assert!(has(&document, "pub attributes: Option<Vec<crate::models::DocumentAttributes>>"), "{document}");
    let union = file(&out, "src/models/document_attributes.rs");
    assert!(has(&union, "File(crate::models::File),") && has(&union, "FileList(crate::models::FileList),"), "{union}");
}

#[test]
fn hostile_names_and_prose_come_out_escaped() {
    let out = generate(&fixture("hostile.json")).unwrap();
    for (path, bytes) in &out.files {
        if !path.ends_with(".rs") || path.starts_with("src/runtime") || path.starts_with("tests/") {
            continue;
        }
        let text = String::from_utf8(bytes.clone()).unwrap();
        syn::parse_file(&text).unwrap_or_else(|e| panic!("{path} is not valid Rust: {e}"));
        assert!(!text.contains("<script>"), "{path} lets HTML through");
        assert!(!text.contains("\n    /// fn main()") || text.contains("```text"), "{path} makes a doctest of prose");
    }
    let service = file(&out, "src/services/mod_.rs").to_string();
    assert!(has(&service, "pub fn r#match("), "{service}");
    assert!(has(&service, "pub fn self_("));
    let model = file(&out, "src/models/impl_.rs");
    assert!(has(&model, "pub r#type: String"), "{model}");
    assert!(has(&model, "Box<crate::models::Impl>"), "self-reference is boxed");
}

#[test]
fn output_is_deterministic() {
    for spec in ["naming.json", "types.json", "hostile.json"] {
        let first = generate(&fixture(spec)).unwrap().files;
        let second = generate(&fixture(spec)).unwrap().files;
        for (path, bytes) in &first {
            assert!(second.get(path) == Some(bytes), "{spec}: two runs differ in {path}");
        }
        assert_eq!(first.len(), second.len(), "{spec}: two runs produce different file sets");
    }
}

#[test]
fn every_generated_file_has_a_header() {
    let out = generate(&fixture("types.json")).unwrap();
    for (path, bytes) in &out.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.lines().take(2).any(|l| l.contains("@generated")), "{path} has no generated-file header");
    }
}

#[test]
fn snapshots() {
    for spec in ["naming.json", "types.json", "hostile.json"] {
        let out = generate(&fixture(spec)).unwrap();
        for (path, bytes) in &out.files {
            if !path.starts_with("src/") || path.starts_with("src/runtime") {
                continue;
            }
            let name = format!("{}__{}", spec.trim_end_matches(".json"), path.replace(['/', '#'], "_"));
            insta::assert_snapshot!(name, String::from_utf8_lossy(bytes));
        }
    }
}

/// The hand-written runtime, tests and examples call the crate
/// `appwrite_client`; a crate of another name gets its own name there, so
/// its tests, examples and doc examples compile (xtask test runs the
/// `cargo test` of such a crate).
#[test]
fn copied_files_name_the_crate_they_are_in() {
    let templates = templates();
    let out = appwrite_generator::generate_from_path(
        &fixture("unions.json"),
        &appwrite_generator::CrateInfo::unpinned("pet-shelter-client"),
        &appwrite_generator::Overrides::default(),
        &templates,
    )
    .unwrap();
    let mut renamed = 0;
    for (path, bytes) in &out.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("appwrite_client"), "{path} still names appwrite_client");
        if templates
            .verbatim
            .get(path)
            .is_some_and(|original| String::from_utf8_lossy(original).contains("appwrite_client"))
        {
            assert!(text.contains("pet_shelter_client"), "{path}");
            renamed += 1;
        }
    }
    assert!(renamed >= 5, "{renamed}");
    let lib = file(&out, "tests/runtime_helpers.rs");
    assert!(lib.contains("use pet_shelter_client::"), "{lib}");
}
