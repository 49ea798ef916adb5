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

/// Public methods of every `impl Client` block of the runtime.
fn client_methods() -> BTreeSet<String> {
    methods_of("Client", |f| matches!(f.vis, syn::Visibility::Public(_)))
}

/// Every inherent function of `Request`, the type of all request builders
/// (a setter of the same name would not compile), and `into_future`.
fn builder_methods() -> BTreeSet<String> {
    methods_of("Request", |_| true)
}

/// Names of the functions `keep` accepts in the `impl` blocks of the
/// runtime's type `name`, found with syn.
fn methods_of(name: &str, keep: impl Fn(&syn::ImplItemFn) -> bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, source) in runtime_sources() {
        let file = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        collect_methods(&file.items, name, &keep, &mut out);
    }
    out
}

fn collect_methods(
    items: &[syn::Item],
    name: &str,
    keep: &impl Fn(&syn::ImplItemFn) -> bool,
    out: &mut BTreeSet<String>,
) {
    for item in items {
        match item {
            syn::Item::Impl(block) => {
                let syn::Type::Path(ty) = &*block.self_ty else { continue };
                if ty.path.segments.last().is_none_or(|s| s.ident != name) {
                    continue;
                }
                // Of the trait impls, only `IntoFuture` gives a builder a
                // method a caller may mistake for a setter; `Debug` and
                // `Clone` are not the API.
                let into_future = block
                    .trait_
                    .as_ref()
                    .is_some_and(|(_, path, _)| path.segments.last().is_some_and(|s| s.ident == "IntoFuture"));
                if block.trait_.is_some() && !(name == "Request" && into_future) {
                    continue;
                }
                for member in &block.items {
                    if let syn::ImplItem::Fn(f) = member {
                        if keep(f) {
                            out.insert(f.sig.ident.to_string());
                        }
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    collect_methods(inner, name, keep, out);
                }
            }
            _ => {}
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
    assert!(
        methods.contains("send") && methods.contains("into_future") && methods.contains("new"),
        "found {methods:?}"
    );
    let missing: Vec<&String> = methods.iter().filter(|m| !RESERVED_BUILDER_METHODS.contains(&m.as_str())).collect();
    assert!(missing.is_empty(), "builder methods a parameter setter could shadow: {missing:?}");
}
