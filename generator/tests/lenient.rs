//! Lenient where a spec is odd, strict where it is broken: what the
//! generator cannot type is worked around with a warning naming the file
//! and the JSON pointer, in a stable order, and `strict` makes them errors;
//! what OpenAPI allows and the generator can follow (`$ref` chains,
//! components that are not objects) is resolved without a word.

mod common;

use appwrite_generator::ir::{Response, TypeRef};
use appwrite_generator::{generate, CrateInfo, Input, Output, Overrides, Result, Spec};
use common::*;

fn run(path: &std::path::Path, strict: bool) -> Result<Output> {
    let spec = Spec::load(path)?;
    generate(&Input {
        spec: &spec,
        extra: &[],
        krate: &CrateInfo::unpinned("lenient-client"),
        overrides: &Overrides::default(),
        templates: &templates(),
        lock: None,
        approve_renames: false,
        strict,
    })
}

/// Each lenient case of the fixture: where it is, and what was done.
const EXPECTED: &[(&str, &str)] = &[
    ("/components/schemas/widget/properties/madeOn/type", "unsupported schema type `date`: typed as `serde_json::Value`"),
    ("/components/schemas/widget/properties/shape", "`allOf` is not typed"),
    ("/paths/~1widgets/get/parameters/1/schema", "`not` schemas are not typed"),
    ("/paths/~1widgets/get/parameters/2/content", "parameter `filter` is described by `content`: typed as a `String`"),
    ("/paths/~1widgets/get/parameters/3/in", "cookie parameter `session`"),
    ("/paths/~1widgets/get/parameters/4/schema", "parameter `upload` is a file"),
    (
        "/paths/~1widgets~1{widgetId}~1picture/post/requestBody/content/multipart~1form-data/schema/properties/picture/type",
        "schema type `file` is Swagger 2",
    ),
    ("/paths/~1widgets~1{widgetId}~1notes/put/requestBody/content/text~1plain", "request body media type `text/plain`"),
    ("/paths/~1widgets~1{widgetId}~1tags/put/requestBody/content/application~1json/schema", "a request body that is not an object"),
    ("/paths/~1widgets~1{widgetId}~1tags/put/x-appwrite/methods", "`x-appwrite.methods` is not a list"),
    ("/paths/~1widgets~1{widgetId}/patch/x-appwrite/methods/0/parameters/2", "`ghost` is not a parameter of this endpoint"),
    ("/paths/~1widgets~1{widgetId}/patch/x-appwrite/methods/1/name", "an `x-appwrite.methods` entry without a `name`"),
];

#[test]
fn odd_constructs_are_warnings_naming_file_and_pointer_in_spec_order() {
    let path = fixture("lenient.json");
    let out = run(&path, false).expect("a lenient run goes on");
    let got: Vec<(&str, &str)> = out.warnings.iter().map(|w| (w.pointer.as_str(), w.message.as_str())).collect();
    assert_eq!(got.len(), EXPECTED.len(), "{got:#?}");
    for ((pointer, message), (want_pointer, want_message)) in got.iter().zip(EXPECTED) {
        assert_eq!(pointer, want_pointer);
        assert!(message.contains(want_message), "{pointer}: {message}");
    }
    for warning in &out.warnings {
        assert_eq!(warning.file, path);
        assert!(warning.to_string().starts_with(&format!("{}#/", path.display())), "{warning}");
    }
    // The same spec, the same warnings in the same order, every run.
    assert_eq!(run(&path, false).unwrap().warnings, out.warnings);
}

#[test]
fn what_was_worked_around_has_the_closest_safe_type() {
    let out = run(&fixture("lenient.json"), false).unwrap();
    let api = &out.api;
    let widget = api.models.iter().find(|m| m.name.wire == "widget").unwrap();
    let field = |name: &str| widget.fields.iter().find(|f| f.name.wire == name).unwrap().ty.clone();
    assert_eq!(field("madeOn"), TypeRef::Json);
    assert_eq!(field("shape"), TypeRef::Json);
    let list = find(api, "widgets", "list");
    let params: Vec<(&str, &TypeRef)> = list.params.iter().map(|p| (p.name.wire.as_str(), &p.ty)).collect();
    assert_eq!(
        params,
        [
            ("limit", &TypeRef::Integer),
            ("notThis", &TypeRef::Json),
            ("filter", &TypeRef::String),
            ("upload", &TypeRef::String)
        ]
    );
    let picture = find(api, "widgets", "upload_picture");
    assert!(picture.params.iter().any(|p| p.name.wire == "picture" && p.ty == TypeRef::File));
    assert!(find(api, "widgets", "update_notes").params.iter().all(|p| p.name.wire == "widgetId"));
    assert!(find(api, "widgets", "update_tags").params.iter().all(|p| p.name.wire == "widgetId"));
    let update = find(api, "widgets", "update");
    assert_eq!(update.params.iter().map(|p| p.name.wire.as_str()).collect::<Vec<_>>(), ["widgetId", "name"]);
    assert_eq!(method_names(api, "widgets").len(), 6, "the nameless entry is left out, its endpoint's named one stays");
}

#[test]
fn refs_and_non_object_components_are_resolved_silently() {
    let out = run(&fixture("lenient.json"), false).unwrap();
    let api = &out.api;
    let model =
        |wire: &str| api.models.iter().position(|m| m.name.wire == wire).unwrap_or_else(|| panic!("no model {wire}"));
    // A component that is only a `$ref` is the model it names; chains are followed.
    assert!(api.models.iter().all(|m| m.name.wire != "widgetAlias" && m.name.wire != "colorAlias"));
    assert_eq!(find(api, "widgets", "create").response, Response::Model(model("widget")));
    // Responses, parameters and request bodies given by `$ref`.
    assert_eq!(find(api, "widgets", "list").response, Response::Model(model("widgetList")));
    let create = find(api, "widgets", "create");
    assert_eq!(create.params.iter().map(|p| p.name.wire.as_str()).collect::<Vec<_>>(), ["name", "color"]);
    // An enum component is an enum named after its key, shared by its uses.
    assert_eq!(api.enums.len(), 1);
    assert_eq!(api.enums[0].name, "Color");
    assert_eq!(create.params[1].ty, TypeRef::Enum(0));
    let widget = &api.models[model("widget")];
    assert_eq!(widget.fields.iter().find(|f| f.name.wire == "color").unwrap().ty, TypeRef::Enum(0));
    // A schema without `type` but with properties is a model with fields.
    let shape = &api.models[model("shape")];
    assert_eq!(shape.fields.len(), 1);
    assert!(!shape.additional);
}

#[test]
fn strict_turns_the_warnings_into_one_error_listing_them_all() {
    let path = fixture("lenient.json");
    let error = run(&path, true).err().expect("strict fails on a warning");
    assert_eq!(error.file, path);
    assert_eq!(error.pointer, EXPECTED[0].0);
    assert!(error.message.contains("--strict"), "{error}");
    for (pointer, _) in &EXPECTED[1..] {
        assert!(error.message.contains(pointer), "{pointer} missing from {error}");
    }
}

/// What CI generates (`cargo xtask test` builds each crate): every spec in
/// spec/ but the fixtures that are odd or broken on purpose.
#[test]
fn every_spec_in_spec_generates_with_strict() {
    let mut specs: Vec<std::path::PathBuf> = Vec::new();
    for dir in [root().join("spec"), root().join("spec/fixtures")] {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                specs.push(path);
            }
        }
    }
    specs.sort();
    let on_purpose = ["lenient.json", "unsettled.json"];
    specs.retain(|p| !on_purpose.iter().any(|name| p.ends_with(name)));
    assert!(specs.len() >= 8, "{specs:?}");
    for spec in specs {
        if let Err(error) = run(&spec, true) {
            panic!("{} does not generate with --strict: {error}", spec.display());
        }
    }
}

#[test]
fn a_ref_cycle_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cycle.json");
    let spec = serde_json::json!({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"tags": ["a"], "parameters": [{"$ref": "#/components/parameters/one"}],
            "responses": {"204": {"description": "ok"}}}}},
        "components": {"parameters": {
            "one": {"$ref": "#/components/parameters/two"},
            "two": {"$ref": "#/components/parameters/one"}
        }}
    });
    std::fs::write(&path, spec.to_string()).unwrap();
    let error = run(&path, false).err().expect("a cycle is broken");
    assert_eq!(error.file, path);
    assert_eq!(error.pointer, "/paths/~1a/get/parameters/0");
    assert!(error.message.contains("cycle"), "{error}");
}
