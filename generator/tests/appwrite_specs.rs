//! The real Appwrite specs: coverage and naming on the 1.8.x server spec,
//! and every spec of spec/ generates.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use appwrite_generator::ir::HttpMethod;
use common::*;

fn raw(name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(spec(name)).unwrap()).unwrap()
}

#[test]
fn every_path_and_verb_of_the_server_spec_has_a_method() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let raw = raw("open-api3-1.8.x-server.json");
    let mut expected = BTreeSet::new();
    for (path, item) in raw["paths"].as_object().unwrap() {
        for verb in item.as_object().unwrap().keys() {
            expected.insert((verb.to_uppercase(), path.clone()));
        }
    }
    let covered: BTreeSet<(String, String)> =
        operations(&out.api).map(|(_, o)| (o.key.method.to_string(), o.key.path.clone())).collect();
    assert_eq!(expected.len(), 392);
    assert_eq!(covered, expected);
    assert_eq!(out.api.models.len(), 133);
}

#[test]
fn every_live_sdk_method_of_x_appwrite_methods_is_emitted() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let raw = raw("open-api3-1.8.x-server.json");
    let emitted: BTreeSet<(String, String)> =
        operations(&out.api).map(|(s, o)| (s.to_owned(), o.spec_name.clone())).collect();
    let aliases: BTreeSet<(String, String)> =
        operations(&out.api).flat_map(|(s, o)| o.aliases.iter().map(move |a| (s.to_owned(), a.clone()))).collect();
    let mut checked = 0;
    for item in raw["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let tag = op["tags"][0].as_str().unwrap().to_owned();
            for entry in op["x-appwrite"]["methods"].as_array().into_iter().flatten() {
                let key = (tag.clone(), entry["name"].as_str().unwrap().to_owned());
                assert!(emitted.contains(&key) || aliases.contains(&key), "{key:?} is lost");
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "{checked}");
    assert_eq!(aliases.len(), 23, "the 23 deprecated snake_case collisions of 1.8.x server are folded");
}

#[test]
fn names_are_unique_snake_case_and_never_end_in_a_number() {
    for name in ["open-api3-1.8.x-server.json", "open-api3-1.8.x-console.json", "open-api3-1.8.x-client.json"] {
        let out = generate(&spec(name)).unwrap();
        for service in &out.api.services {
            let mut seen = BTreeSet::new();
            for op in &service.operations {
                assert!(seen.insert(&op.name), "{name}: duplicate {}.{}", service.name.wire, op.name);
                assert!(
                    op.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}",
                    op.name
                );
                let last = op.name.rsplit('_').next().unwrap();
                assert!(last.parse::<u64>().is_err(), "{name}: {}", op.name);
            }
        }
    }
}

#[test]
fn live_methods_on_deprecated_endpoints_are_not_deprecated() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let live = find(&out.api, "account", "create_mfa_authenticator");
    assert!(live.deprecated.is_none());
    let raw = raw("open-api3-1.8.x-server.json");
    // Endpoints flagged deprecated that still list a live SDK method.
    let mut flagged_with_live = 0;
    for (path, item) in raw["paths"].as_object().unwrap() {
        for (verb, op) in item.as_object().unwrap() {
            let Some(entries) = op["x-appwrite"]["methods"].as_array() else { continue };
            if op["deprecated"] != true {
                continue;
            }
            for entry in entries.iter().filter(|e| e["deprecated"].is_null()) {
                flagged_with_live += 1;
                let method = operations(&out.api)
                    .find(|(_, o)| {
                        o.key.path == *path
                            && o.key.method.to_string() == verb.to_uppercase()
                            && o.spec_name == entry["name"]
                    })
                    .map(|(_, o)| o)
                    .unwrap();
                assert!(method.deprecated.is_none(), "{path} {verb} {}", method.name);
            }
        }
    }
    assert!(flagged_with_live >= 20, "{flagged_with_live}");
}

#[test]
fn every_spec_in_spec_folder_generates() {
    let mut counts = BTreeMap::new();
    for name in [
        "open-api3-1.8.x-server.json",
        "open-api3-1.8.x-client.json",
        "open-api3-1.8.x-console.json",
        "open-api3-1.5.x-client.json",
        "konfig-style-1.5.x-client.json",
    ] {
        let out = generate(&spec(name)).unwrap_or_else(|e| panic!("{e}"));
        counts.insert(name, out.api.operation_count());
    }
    assert!(counts.values().all(|&n| n > 90), "{counts:?}");
}

#[test]
fn konfig_style_duplicates_are_split_by_verb() {
    let out = generate(&spec("konfig-style-1.5.x-client.json")).unwrap();
    let post = find(&out.api, "account", "create_email_verification");
    assert_eq!((post.key.method, post.key.path.as_str()), (HttpMethod::Post, "/account/verification"));
    let put = find(&out.api, "account", "update_email_verification");
    assert_eq!((put.key.method, put.key.path.as_str()), (HttpMethod::Put, "/account/verification"));
}

#[test]
fn the_published_crate_has_a_method_for_every_operation_of_both_1_8_specs() {
    let manifest = appwrite_generator::Manifest::load(&root().join("spec/appwrite.toml")).unwrap();
    let (main, extra) = manifest.load_specs().unwrap();
    assert!(!extra.is_empty(), "the manifest merges the client spec");
    let out = appwrite_generator::generate(&appwrite_generator::Input {
        spec: &main,
        extra: &extra,
        krate: &manifest.krate,
        overrides: &appwrite_generator::Overrides::default(),
        templates: &templates(),
        lock: None,
        approve_renames: false,
        strict: false,
    })
    .unwrap();
    let covered: BTreeSet<(String, String)> =
        operations(&out.api).map(|(_, o)| (o.key.method.to_string(), o.key.path.clone())).collect();
    for name in ["open-api3-1.8.x-server.json", "open-api3-1.8.x-client.json"] {
        let raw = raw(name);
        for (path, item) in raw["paths"].as_object().unwrap() {
            for verb in item.as_object().unwrap().keys() {
                assert!(covered.contains(&(verb.to_uppercase(), path.clone())), "{name}: {verb} {path} has no method");
            }
        }
    }
    let oauth = find(&out.api, "account", "create_oauth2_session");
    assert_eq!(oauth.response, appwrite_generator::ir::Response::Redirect);
    let service = file(&out, "src/services/account.rs");
    assert!(service.contains("Client apps only"), "client-only methods say so");
    assert!(file(&out, "src/services/users.rs").contains("Server apps only"), "server-only methods say so");
    // The credentials a method accepts come from its spec `security`, which
    // the server enforces: creating a document takes an API key too, though
    // `x-appwrite.auth` names only a session; the bulk variant takes only a key.
    let databases = file(&out, "docs/services/databases.md");
    let section = |name: &str| {
        let start = databases.find(&format!("\n### {name}\n")).unwrap_or_else(|| panic!("no {name}"));
        let rest = &databases[start + 1..];
        rest[..rest[4..].find("\n### ").map_or(rest.len(), |end| end + 4)].to_owned()
    };
    assert!(section("create_document").contains("Accepts an API key (server apps) or a user's session"));
    assert!(section("create_documents").contains("Server apps only: accepts an API key"));
}

/// Method names per (service, verb, path) of a spec.
fn names_by_endpoint(name: &str) -> BTreeMap<(String, String, String), Vec<String>> {
    let api = appwrite_generator::build_ir(&appwrite_generator::Spec::load(&spec(name)).unwrap()).unwrap();
    let mut out: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    for (service, op) in operations(&api) {
        out.entry((service.to_owned(), op.key.method.to_string(), op.key.path.clone()))
            .or_default()
            .push(op.name.clone());
    }
    out
}

#[test]
fn konfig_style_copy_names_methods_like_the_original_where_it_can() {
    let original = names_by_endpoint("open-api3-1.5.x-client.json");
    let konfig = names_by_endpoint("konfig-style-1.5.x-client.json");
    assert_eq!(original.keys().collect::<Vec<_>>(), konfig.keys().collect::<Vec<_>>(), "same endpoints");
    let (raw_original, raw_konfig) = (raw("open-api3-1.5.x-client.json"), raw("konfig-style-1.5.x-client.json"));
    let spec_word = |raw: &serde_json::Value, verb: &str, path: &str, field: &str| -> String {
        let op = &raw["paths"][path][verb.to_lowercase()];
        let value = if field == "method" { &op["x-appwrite"]["method"] } else { &op["operationId"] };
        value.as_str().unwrap_or_default().to_owned()
    };
    let mut same = 0;
    let mut differing = Vec::new();
    for ((service, verb, path), names) in &original {
        let other = &konfig[&(service.clone(), verb.clone(), path.clone())];
        if other == names {
            same += 1;
            continue;
        }
        // A difference must come from the specs' own names, never from the
        // generator: the original follows x-appwrite.method, the copy its
        // rewritten operationId (cleaned, or given its verb's word when two
        // endpoints collide).
        let method = spec_word(&raw_original, verb, path, "method");
        assert_eq!(names[0], appwrite_generator::normalize::naming::snake(&method));
        let id = spec_word(&raw_konfig, verb, path, "operationId");
        let cleaned = appwrite_generator::normalize::naming::snake(&appwrite_generator::lower::name_from_operation_id(
            Some(&id),
            service,
            appwrite_generator::ir::HttpMethod::Get,
            path,
        ));
        let verb_word = match verb.as_str() {
            "POST" => "create",
            "PUT" | "PATCH" => "update",
            "DELETE" => "delete",
            _ => "get",
        };
        let with_verb = format!("{verb_word}_{}", cleaned.split_once('_').map_or("", |(_, rest)| rest));
        assert!(other[0] == cleaned || other[0] == with_verb, "{verb} {path}: {} from operationId {id}", other[0]);
        differing.push(format!("{verb} {path}: {} / {}", names[0], other[0]));
    }
    println!("{same} of {} endpoints named alike; differing:\n{}", original.len(), differing.join("\n"));
    assert!(same >= 40, "{same}");
}

#[test]
fn unnamed_enums_shared_by_several_operations_are_generated_once() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let runtime = out.api.enums.iter().position(|e| e.name == "Runtime").expect("a shared `Runtime` enum");
    let users: BTreeSet<String> = operations(&out.api)
        .filter(|(_, o)| o.params.iter().any(|p| p.ty == appwrite_generator::ir::TypeRef::Enum(runtime)))
        .map(|(s, o)| format!("{s}.{}", o.name))
        .collect();
    assert!(users.contains("functions.create") && users.contains("functions.update"), "{users:?}");
    assert!(!out.api.enums.iter().any(|e| e.name == "FunctionsCreateRuntime" || e.name == "FunctionsUpdateRuntime"));
}
