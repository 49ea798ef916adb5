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
    let aliases: BTreeSet<(String, String)> = operations(&out.api)
        .flat_map(|(s, o)| o.aliases.iter().map(move |a| (s.to_owned(), a.clone())))
        .collect();
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
                assert!(op.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", op.name);
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
                    .find(|(_, o)| o.key.path == *path && o.key.method.to_string() == verb.to_uppercase() && o.spec_name == entry["name"])
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
