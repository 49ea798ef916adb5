//! The Markdown docs of the checked-in crate say what its code does and
//! what the server accepts. Both sides are read from outside the
//! generator: parameter types from the generated Rust (parsed with syn),
//! credentials from the spec's raw `security` (not through the IR), so a
//! fact the IR gets wrong cannot make docs and checks agree by accident.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use quote::ToTokens;
use serde_json::Value;

fn crate_file(path: &str) -> String {
    std::fs::read_to_string(root().join("generated/appwrite").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A type as a sequence of tokens, without the `crate::` and `::` path
/// spelling that generated code adds and docs leave out.
fn normalized(ty: &str) -> String {
    let parsed: syn::Type = syn::parse_str(ty).unwrap_or_else(|e| panic!("not a Rust type: {ty}: {e}"));
    let text = parsed.to_token_stream().to_string();
    text.split_whitespace().filter(|t| *t != "::" && *t != "crate").collect::<Vec<_>>().join(" ")
}

/// Arguments (name, type) of each public function of an impl block, by
/// the type the block is for, then by function name.
type Signatures = BTreeMap<String, BTreeMap<String, Vec<(String, String)>>>;

fn signatures(source: &str) -> Signatures {
    let file = syn::parse_file(source).expect("generated Rust parses");
    let mut out: Signatures = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else { continue };
        let syn::Type::Path(self_ty) = &*block.self_ty else { continue };
        let owner = self_ty.path.segments.last().expect("type name").ident.to_string();
        for member in &block.items {
            let syn::ImplItem::Fn(f) = member else { continue };
            let args = f
                .sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => {
                        Some((t.pat.to_token_stream().to_string(), t.ty.to_token_stream().to_string()))
                    }
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            out.entry(owner.clone()).or_default().insert(f.sig.ident.to_string(), args);
        }
    }
    out
}

/// The method sections of a service page: heading, then its text.
fn sections(page: &str) -> Vec<(String, String)> {
    page.split("\n### ")
        .skip(1)
        .map(|section| {
            let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
            (heading.trim().to_owned(), body.to_owned())
        })
        .collect()
}

/// The text inside the first pair of backticks of a cell.
fn code(cell: &str) -> String {
    cell.split('`').nth(1).unwrap_or_default().to_owned()
}

/// A documented type cell: code spans and links reduced to the type text.
fn type_cell(cell: &str) -> String {
    let mut text = String::new();
    let mut rest = cell;
    // `[`models::User`](../models/user.md)` -> `models::User`
    while let Some(open) = rest.find("](") {
        text.push_str(&rest[..open]);
        let close = rest[open..].find(')').map_or(rest.len(), |c| open + c + 1);
        rest = &rest[close..];
    }
    text.push_str(rest);
    text.replace(['`', '['], "")
}

#[test]
fn every_documented_parameter_type_is_the_signatures_type() {
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("generated/appwrite/docs/services")).expect("docs") {
        let page_path = entry.expect("entry").path();
        let module = page_path.file_stem().and_then(|s| s.to_str()).expect("name").to_owned();
        let page = std::fs::read_to_string(&page_path).expect("page");
        let code_file = signatures(&crate_file(&format!("src/services/{module}.rs")));
        for (method, body) in sections(&page) {
            let owner = code_file
                .iter()
                .find(|(_, fns)| fns.contains_key(&method))
                .map(|(name, _)| name.clone())
                .unwrap_or_else(|| panic!("{module}.{method}: documented, not in the code"));
            let builder = crate_file(&format!("src/services/{module}.rs"))
                .split(&format!("pub fn {method}("))
                .nth(1)
                .and_then(|after| after.split("-> ").nth(1))
                .map(|ret| ret.split_whitespace().next().unwrap_or_default().to_owned())
                .expect("method returns its builder");
            for row in body.lines().filter(|l| l.starts_with("| `")) {
                let cells: Vec<&str> = row.split(" | ").collect();
                let name = code(cells[0]);
                let documented = normalized(&type_cell(cells[2]));
                let args = if cells[3].starts_with("yes") {
                    code_file[&owner][&method].clone()
                } else {
                    code_file
                        .get(&builder)
                        .and_then(|fns| fns.get(&name))
                        .unwrap_or_else(|| panic!("{module}.{method}: no setter {name} on {builder}"))
                        .clone()
                };
                let (_, in_code) = args
                    .iter()
                    .find(|(arg, _)| *arg == name || cells[3].starts_with("no"))
                    .unwrap_or_else(|| panic!("{module}.{method}: no argument {name} in {args:?}"));
                assert_eq!(documented, normalized(in_code), "{module}.{method}({name}): docs and signature differ");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} parameters checked");
}

/// `security` of every operation of the pinned specs, read raw: the
/// credentials the server accepts.
fn raw_security() -> BTreeMap<(String, String), (BTreeSet<String>, bool)> {
    let mut out = BTreeMap::new();
    // The server spec first: the merged client-only operations come second.
    for name in ["open-api3-1.8.x-server.json", "open-api3-1.8.x-client.json"] {
        let text = std::fs::read_to_string(spec(name)).expect("spec");
        let raw: Value = serde_json::from_str(&text).expect("JSON");
        for (path, item) in raw["paths"].as_object().expect("paths") {
            for (verb, op) in item.as_object().expect("path item") {
                let schemes: BTreeSet<String> = op["security"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_object)
                    .flat_map(|r| r.keys().cloned())
                    .collect();
                let several_methods = op["x-appwrite"]["methods"].as_array().is_some_and(|m| m.len() > 1);
                out.entry((verb.to_uppercase(), path.clone())).or_insert((schemes, several_methods));
            }
        }
    }
    out
}

#[test]
fn documented_credentials_are_what_the_spec_security_accepts() {
    let security = raw_security();
    let mut with_key = 0;
    for entry in std::fs::read_dir(root().join("generated/appwrite/docs/services")).expect("docs") {
        let page = std::fs::read_to_string(entry.expect("entry").path()).expect("page");
        for (method, body) in sections(&page) {
            let endpoint = body.lines().find(|l| l.starts_with('`')).expect("endpoint line");
            let verb = code(endpoint);
            let path = endpoint.split('`').nth(3).expect("path").to_owned();
            let auth_line = body.lines().find(|l| l.starts_with("**Authentication:**")).expect("authentication line");
            let documented: BTreeSet<String> = auth_line
                .split(". ")
                .next()
                .unwrap_or_default()
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            let (accepted, several) = &security[&(verb.clone(), path.clone())];
            assert!(
                documented.is_subset(accepted),
                "{method} ({verb} {path}): documents {documented:?}, spec accepts {accepted:?}"
            );
            if !several {
                assert_eq!(&documented, accepted, "{method} ({verb} {path})");
            }
            // The prose after the list says the same as the list.
            let prose = auth_line.split_once(". ").map(|(_, rest)| rest).unwrap_or_default();
            assert_eq!(
                documented.contains("Key"),
                prose.contains("API key (") || prose.contains("accepts an API key"),
                "{method}: {auth_line}"
            );
            with_key += usize::from(documented.contains("Key"));
        }
    }
    assert!(with_key > 300, "only {with_key} methods take an API key");
}
