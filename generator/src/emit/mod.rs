//! Emission: the normalized IR -> the files of the generated crate, in
//! memory. Only the xtask front end touches the disk.

mod api_summary;
mod crate_root;
pub mod docs;
pub mod enums;
pub mod examples;
mod features;
mod format;
pub mod markdown;
pub mod models;
pub mod names;
mod operation_tests;
pub mod samples;
mod services;
mod text;
pub mod types;
mod union_tests;
mod unions;
mod wire_text;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::Result;
use crate::ir::Api;
use crate::load::CrateInfo;
use crate::template::Templates;

pub use format::RUST_HEADER;
pub(crate) use services::replacement_path;

/// The generated crate: relative path -> contents.
pub type Files = BTreeMap<String, Vec<u8>>;

#[derive(Serialize)]
struct CrateContext<'a> {
    name: &'a str,
    lib_name: String,
    version: &'a str,
    description: String,
    repository: Option<&'a str>,
    api_title: String,
    api_version: &'a str,
    platform: &'a str,
    spec_file: &'a str,
    services: Vec<ServiceContext>,
    operation_count: usize,
    model_count: usize,
    examples: Vec<ExampleContext>,
}

#[derive(Serialize)]
struct ExampleContext {
    name: String,
    features: Vec<String>,
}

#[derive(Serialize)]
struct ServiceContext {
    wire: String,
    module: String,
    operations: Vec<String>,
    /// Whether its feature turns on `uploads`.
    uploads: bool,
}

/// One Rust file to build: its path and the function that makes its tokens.
/// Tokens are not `Send`, so each file is built and formatted on the thread
/// that renders it.
type RustJob<'a> = (String, Box<dyn Fn() -> proc_macro2::TokenStream + Sync + 'a>);

/// Emits every file; also returns the processor time spent formatting Rust
/// (summed over threads), which the benchmark reports as its own figure.
pub fn emit(api: &Api, krate: &CrateInfo, spec_file: &str, templates: &Templates) -> Result<(Files, Duration)> {
    let mut files = Files::new();
    let features = features::Features::compute(api);
    let mut jobs: Vec<RustJob<'_>> = vec![
        // The largest file first, so no thread is left formatting it alone at the end.
        ("tests/operations.rs".into(), Box::new(|| operation_tests::operations_file(api, krate))),
        ("src/lib.rs".into(), Box::new(|| crate_root::lib_rs(api, &features))),
        ("src/meta.rs".into(), Box::new(|| crate_root::meta_rs(api, &krate.name, &features))),
        ("src/services/mod.rs".into(), Box::new(|| crate_root::services_mod(api, &features))),
    ];
    for service in &api.services {
        jobs.push((
            format!("src/services/{}.rs", service.name.rust),
            Box::new(move || services::service_file(api, service)),
        ));
    }
    jobs.push(("src/models/mod.rs".into(), Box::new(|| models::models_mod(api, &features))));
    for (i, model) in api.models.iter().enumerate() {
        jobs.push((format!("src/models/{}.rs", model.module), Box::new(move || models::model_file(api, i))));
    }
    for (i, union) in api.unions.iter().enumerate() {
        jobs.push((format!("src/models/{}.rs", union.module), Box::new(move || unions::union_file(api, i))));
    }
    if !api.unions.is_empty() {
        jobs.push(("tests/unions.rs".into(), Box::new(|| union_tests::unions_file(api, &features))));
    }
    jobs.push(("src/enums/mod.rs".into(), Box::new(|| enums::enums_mod(api, &features))));
    for (i, def) in api.enums.iter().enumerate() {
        jobs.push((format!("src/enums/{}.rs", def.module), Box::new(move || enums::enum_file(api, i))));
    }
    let services: Vec<&str> = api.services.iter().map(|s| s.name.rust.as_str()).collect();
    let mut examples = Vec::new();
    for (path, contents) in &templates.verbatim {
        let contents: &[u8] = &named_for(path, contents, &api.lib_name);
        let needed = required_services(contents);
        if !needed.iter().all(|service| services.contains(service)) {
            continue;
        }
        // An example is a binary: a `cfg` that removes its `main` would not
        // compile, so Cargo skips it through `required-features` instead.
        let example = path.strip_prefix("examples/").and_then(|name| name.strip_suffix(".rs"));
        match example {
            Some(name) => {
                let features = needed
                    .iter()
                    .chain(&header_list(contents, "requires-features:"))
                    .map(|s| (*s).to_owned())
                    .collect();
                examples.push(ExampleContext { name: name.to_owned(), features });
                files.insert(path.clone(), with_copy_header(path, contents, &[]));
            }
            None => {
                files.insert(path.clone(), with_copy_header(path, contents, &needed));
            }
        }
    }

    let context = CrateContext {
        name: &krate.name,
        lib_name: api.lib_name.clone(),
        version: &krate.version,
        description: krate.description.clone().unwrap_or_else(|| {
            format!("Rust client for the {} {} API ({} platform)", api.title, api.version, api.platform)
        }),
        repository: krate.repository.as_deref(),
        api_title: docs::sanitize(&api.title),
        api_version: &api.version,
        platform: &api.platform,
        spec_file,
        services: api
            .services
            .iter()
            .map(|s| ServiceContext {
                wire: s.name.wire.clone(),
                module: s.name.rust.clone(),
                operations: s.operations.iter().map(|o| o.name.clone()).collect(),
                uploads: s.uploads(),
            })
            .collect(),
        operation_count: api.operation_count(),
        model_count: api.models.len(),
        examples,
    };
    // The text files are made on this thread while others format the Rust.
    let (rust, text) = std::thread::scope(|scope| {
        let rust = scope.spawn(|| render_rust(&jobs));
        let text = text_files(api, krate, templates, &context);
        let rust = crate::error::joined(rust, "", "formatting Rust files");
        (rust, text)
    });
    let (rendered, formatting) = rust?;
    files.extend(rendered);
    files.extend(text?);
    Ok((files, formatting))
}

/// API.txt, Cargo.toml, rustfmt.toml, README.md, docs/ and the test compiling the docs' examples.
fn text_files(api: &Api, krate: &CrateInfo, templates: &Templates, context: &CrateContext<'_>) -> Result<Files> {
    let mut files = Files::new();
    files.insert("API.txt".to_owned(), api_summary::api_summary(api, &krate.name, &krate.version).into_bytes());
    let renderer = text::TextRenderer::new(templates)?;
    files.insert("Cargo.toml".to_owned(), renderer.render("crate/Cargo.toml", context)?.into_bytes());
    files.insert("rustfmt.toml".to_owned(), renderer.render("crate/rustfmt.toml", context)?.into_bytes());
    files.extend(markdown::files(api, context, &renderer)?);
    Ok(files)
}

/// Rendered files and the processor time spent formatting them.
type Rendered = (Vec<(String, Vec<u8>)>, Duration);

/// Builds and formats the Rust files on every core: the files are
/// independent, and the result is keyed by path, so the output does not
/// depend on which thread did what.
fn render_rust(jobs: &[RustJob<'_>]) -> Result<Rendered> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let parts: Vec<Result<Rendered>> = std::thread::scope(|scope| {
        let next = &next;
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || -> Result<Rendered> {
                    let mut out = Vec::new();
                    let mut formatting = Duration::ZERO;
                    // Each thread takes the next job when it is free.
                    while let Some((path, build)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let tokens = build();
                        let started = Instant::now();
                        out.push((path.clone(), format::rust_file(path, tokens)?));
                        formatting += started.elapsed();
                    }
                    Ok((out, formatting))
                })
            })
            .collect();
        handles.into_iter().map(|h| crate::error::joined(h, "", "formatting Rust files")).collect()
    });
    let mut files = Vec::with_capacity(jobs.len());
    let mut formatting = Duration::ZERO;
    for part in parts {
        let (rendered, time) = part?;
        files.extend(rendered);
        formatting += time;
    }
    Ok((files, formatting))
}

/// Hand-written tests and examples that call generated services say so in
/// a `requires-services:` line; a crate without those services leaves them out.
fn required_services(contents: &[u8]) -> Vec<&str> {
    header_list(contents, "requires-services:")
}

/// The names listed after `key` in the first lines of a hand-written file.
/// An example also names there the other features it needs
/// (`requires-features: realtime`), which go into its `required-features`.
fn header_list<'a>(contents: &'a [u8], key: &str) -> Vec<&'a str> {
    let text = std::str::from_utf8(contents).unwrap_or_default();
    text.lines()
        .take(10)
        .find_map(|line| line.split_once(key))
        .map(|(_, list)| list.split([',', ' ']).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// The name the hand-written runtime, tests and examples call the crate by.
const TEMPLATE_LIB_NAME: &str = "appwrite_client";

/// A hand-written Rust file for a crate named `lib_name`: the templates call
/// the crate `appwrite_client` (its paths in tests, examples and the
/// runtime's doc examples), which becomes the crate's own name, so that
/// every generated crate runs its own tests whatever it is called. The
/// crate of that name gets the files byte for byte.
fn named_for<'a>(path: &str, contents: &'a [u8], lib_name: &str) -> std::borrow::Cow<'a, [u8]> {
    let Ok(text) = std::str::from_utf8(contents) else { return contents.into() };
    if !path.ends_with(".rs")
        || lib_name == TEMPLATE_LIB_NAME
        || lib_name.is_empty()
        || !text.contains(TEMPLATE_LIB_NAME)
    {
        return contents.into();
    }
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(TEMPLATE_LIB_NAME) {
        out.push_str(&rest[..at]);
        rest = &rest[at + TEMPLATE_LIB_NAME.len()..];
        let whole_word = !out.chars().last().is_some_and(ident) && !rest.chars().next().is_some_and(ident);
        out.push_str(if whole_word { lib_name } else { TEMPLATE_LIB_NAME });
    }
    out.push_str(rest);
    out.into_bytes().into()
}

/// Hand-written files are copied as they are, under a header that says where
/// to edit them; one that calls services compiles only when their features are on.
fn with_copy_header(path: &str, contents: &[u8], services: &[&str]) -> Vec<u8> {
    if !path.ends_with(".rs") {
        return contents.to_vec();
    }
    let mut header = format!(
        "// @generated: copied by appwrite-generator from templates/ (the `{path}` of the generated crate).\n// Edit the file under templates/ and run `cargo xtask generate`.\n\n"
    );
    if !services.is_empty() {
        let features: Vec<String> = services.iter().map(|s| format!("feature = \"{s}\"")).collect();
        let condition = if features.len() == 1 { features.join("") } else { format!("all({})", features.join(", ")) };
        header.push_str(&format!("#![cfg({condition})]\n\n"));
    }
    let mut out = header.into_bytes();
    out.extend_from_slice(contents);
    out
}

#[cfg(test)]
mod tests {
    use super::named_for;

    #[test]
    fn only_the_crate_name_as_a_whole_word_is_renamed() {
        let text = b"use appwrite_client::Client; // not_appwrite_client, appwrite_client_x\nappwrite_client::ID";
        let renamed = named_for("tests/a.rs", text, "my_crate");
        assert_eq!(
            std::str::from_utf8(&renamed).unwrap(),
            "use my_crate::Client; // not_appwrite_client, appwrite_client_x\nmy_crate::ID"
        );
        assert_eq!(&*named_for("tests/a.rs", text, "appwrite_client"), text);
        assert_eq!(&*named_for("README.md", text, "my_crate"), text);
    }
}
