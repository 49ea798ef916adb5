//! The names the generator keeps free for the runtime are read from the
//! runtime's own sources, so a method added to `Client` or to every
//! request builder cannot be shadowed by a service accessor or a parameter
//! setter of the same name without a test failing first.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use appwrite_generator::normalize::naming::{RESERVED_BUILDER_METHODS, RESERVED_CLIENT_METHODS};
use common::root;

fn runtime_sources() -> Vec<(PathBuf, String)> {
    common::rust_files(&root().join("templates/runtime"))
        .into_iter()
        .map(|f| (f.clone(), std::fs::read_to_string(&f).expect("readable")))
        .collect()
}

/// Public methods of every `impl Client` block of the runtime, found with syn.
fn client_methods() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, source) in runtime_sources() {
        let file = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        collect_client_methods(&file.items, &mut out);
    }
    out
}

fn collect_client_methods(items: &[syn::Item], out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let syn::Type::Path(ty) = &*block.self_ty else { continue };
                if ty.path.segments.last().is_none_or(|s| s.ident != "Client") {
                    continue;
                }
                for member in &block.items {
                    if let syn::ImplItem::Fn(f) = member {
                        if matches!(f.vis, syn::Visibility::Public(_)) {
                            out.insert(f.sig.ident.to_string());
                        }
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    collect_client_methods(inner, out);
                }
            }
            _ => {}
        }
    }
}

/// Functions the `operation!` macro adds to every request builder. A macro
/// body is tokens, not items, so its `fn` names are read from the tokens.
fn builder_methods() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, source) in runtime_sources() {
        let Some(start) = source.find("macro_rules! operation") else { continue };
        let after: proc_macro2::TokenStream = source[start..].parse().expect("macro tokens");
        let body = after
            .into_iter()
            .find_map(|token| match token {
                proc_macro2::TokenTree::Group(group) => Some(group.stream()),
                _ => None,
            })
            .expect("macro body");
        let mut previous_was_fn = false;
        walk(body, &mut |token| {
            if let proc_macro2::TokenTree::Ident(ident) = token {
                if previous_was_fn {
                    out.insert(ident.to_string());
                }
                previous_was_fn = ident == "fn";
            } else {
                previous_was_fn = false;
            }
        });
    }
    out
}

fn walk(tokens: proc_macro2::TokenStream, visit: &mut impl FnMut(&proc_macro2::TokenTree)) {
    for token in tokens {
        visit(&token);
        if let proc_macro2::TokenTree::Group(group) = &token {
            walk(group.stream(), visit);
        }
    }
}

#[test]
fn every_client_method_of_the_runtime_is_reserved() {
    let methods = client_methods();
    assert!(methods.contains("with_jwt") && methods.contains("builder"), "found {methods:?}");
    let missing: Vec<&String> = methods.iter().filter(|m| !RESERVED_CLIENT_METHODS.contains(&m.as_str())).collect();
    assert!(missing.is_empty(), "Client methods a service accessor could shadow: {missing:?}");
}

#[test]
fn every_builder_method_of_the_runtime_is_reserved() {
    let methods = builder_methods();
    assert!(methods.contains("send") && methods.contains("into_future"), "found {methods:?}");
    let missing: Vec<&String> = methods.iter().filter(|m| !RESERVED_BUILDER_METHODS.contains(&m.as_str())).collect();
    assert!(missing.is_empty(), "builder methods a parameter setter could shadow: {missing:?}");
}
