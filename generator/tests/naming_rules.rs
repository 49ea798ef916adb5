//! Every method-naming rule, each on the tiny fixture spec that exercises it.

mod common;

use appwrite_generator::ir::{HttpMethod, Location};
use appwrite_generator::Overrides;
use common::*;

#[test]
fn x_appwrite_method_and_operation_id_give_snake_case_names() {
    let out = generate(&fixture("naming.json")).unwrap();
    assert_eq!(
        method_names(&out.api, "account"),
        ["update_email_verification", "create_email_verification", "create_mfa_authenticator", "list_sessions"]
    );
    assert_eq!(method_names(&out.api, "tables"), ["create_row", "create_rows", "delete"]);
}

#[test]
fn colliding_endpoints_are_told_apart_by_http_verb() {
    let out = generate(&fixture("naming.json")).unwrap();
    let post = find(&out.api, "account", "create_email_verification");
    assert_eq!(post.key.method, HttpMethod::Post);
    let put = find(&out.api, "account", "update_email_verification");
    assert_eq!(put.key.method, HttpMethod::Put);
}

#[test]
fn deprecated_alias_is_folded_into_its_live_twin() {
    let out = generate(&fixture("naming.json")).unwrap();
    let live = find(&out.api, "account", "create_mfa_authenticator");
    assert_eq!(live.spec_name, "createMFAAuthenticator");
    assert!(live.deprecated.is_none(), "the live method must not inherit the endpoint's deprecation");
    assert_eq!(live.aliases, ["createMfaAuthenticator"]);
    let service = common::file(&out, "src/services/account.rs");
    assert!(service.contains("`createMfaAuthenticator`"), "alias recorded in docs");
    assert_eq!(service.matches("pub fn create_mfa_authenticator(").count(), 1);
}

#[test]
fn deprecation_belongs_to_the_method() {
    let out = generate(&fixture("naming.json")).unwrap();
    let old = find(&out.api, "tables", "delete");
    let deprecation = old.deprecated.as_ref().expect("deprecated");
    assert_eq!(deprecation.replace_with.as_deref(), Some("tablesDB.deleteTable"));
    // The fixture has no `tablesDB` service: the replacement is named in
    // the spec's words, not as a method this crate does not have.
    assert_eq!(deprecation.replacement, None);
    let service = common::file(&out, "src/services/tables.rs");
    assert!(service.contains("use `tablesDB.deleteTable` instead"), "{service}");
}

#[test]
fn each_variant_of_x_appwrite_methods_has_its_own_parameters() {
    let out = generate(&fixture("naming.json")).unwrap();
    let params = |name: &str| -> Vec<(String, bool)> {
        find(&out.api, "tables", name).params.iter().map(|p| (p.name.wire.clone(), p.required)).collect()
    };
    assert_eq!(params("create_row")[..3], [("tableId".into(), true), ("rowId".into(), true), ("data".into(), true)]);
    assert_eq!(params("create_rows"), [("tableId".into(), true), ("rows".into(), true)]);
    let rows = find(&out.api, "tables", "create_rows");
    assert_eq!(rows.params[0].location, Location::Path);
}

#[test]
fn rust_keywords_and_reserved_builder_names_are_escaped() {
    let out = generate(&fixture("naming.json")).unwrap();
    let names: Vec<String> = out
        .api
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .flat_map(|o| o.params.iter().map(|p| p.name.rust.clone()))
        .collect();
    assert!(names.contains(&"send_param".to_owned()), "`send` would shadow the runtime's send(): {names:?}");
    let service = common::file(&out, "src/services/account.rs");
    assert!(service.contains("r#type: crate::enums::AuthenticatorType"), "{service}");
    let tables = common::file(&out, "src/services/tables.rs");
    for setter in
        ["pub fn r#async(mut self", "pub fn r#type(mut self", "pub fn self_(mut self", "pub fn send_param(mut self"]
    {
        assert!(common::has(&tables, setter), "{setter} missing");
    }
}

#[test]
fn no_public_method_ends_in_a_number_suffix() {
    for spec in ["naming.json", "types.json", "hostile.json"] {
        let out = generate(&fixture(spec)).unwrap();
        for (_, op) in operations(&out.api) {
            let last = op.name.rsplit('_').next().unwrap_or_default();
            assert!(last.parse::<u64>().is_err(), "{spec}: {}", op.name);
        }
    }
}

#[test]
fn unsettled_collision_fails_naming_both_locations() {
    let error = generate(&fixture("unsettled.json")).err().expect("must fail");
    assert!(error.file.ends_with("unsettled.json"));
    assert_eq!(error.pointer, "/paths/~1users~1{userId}~1prefs/get");
    assert!(error.message.contains("GET /users/{userId}/prefs"), "{}", error.message);
    assert!(error.message.contains("/paths/~1users~1prefs/get"), "{}", error.message);
    assert!(error.message.contains("override"), "{}", error.message);
}

#[test]
fn an_override_settles_a_collision() {
    let mut overrides = Overrides::default();
    overrides.names.insert("GET /users/prefs".into(), "getOwnPrefs".into());
    let out = generate_with(&fixture("unsettled.json"), &overrides).unwrap();
    assert_eq!(method_names(&out.api, "users"), ["get_prefs", "get_own_prefs"]);
}

#[test]
fn an_override_for_a_missing_operation_is_an_error() {
    let mut overrides = Overrides::default();
    overrides.names.insert("GET /nowhere".into(), "x".into());
    let error = generate_with(&fixture("naming.json"), &overrides).err().expect("must fail");
    assert!(error.message.contains("GET /nowhere"), "{}", error.message);
}

#[test]
fn names_do_not_depend_on_the_order_operations_appear_in() {
    let original: serde_json::Value = serde_json::from_slice(&std::fs::read(fixture("naming.json")).unwrap()).unwrap();
    let mut reversed = original.clone();
    let paths = original["paths"].as_object().unwrap();
    let mut flipped = serde_json::Map::new();
    for (path, item) in paths.iter().rev() {
        let mut item = item.as_object().unwrap().clone();
        let verbs: Vec<(String, serde_json::Value)> = item.clone().into_iter().rev().collect();
        item.clear();
        item.extend(verbs);
        flipped.insert(path.clone(), serde_json::Value::Object(item));
    }
    reversed["paths"] = serde_json::Value::Object(flipped);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reversed.json");
    std::fs::write(&path, serde_json::to_vec(&reversed).unwrap()).unwrap();

    let by_key = |api: &appwrite_generator::ir::Api| -> std::collections::BTreeMap<String, String> {
        operations(api).map(|(_, o)| (o.key.to_string(), o.name.clone())).collect()
    };
    assert_eq!(by_key(&generate(&fixture("naming.json")).unwrap().api), by_key(&generate(&path).unwrap().api));
}
