//! The Markdown documentation of the generated crate (README, one page per
//! service and per model) and the usage example of every method, which the
//! rustdoc of `services.rs` shows too. Pages are rendered from the same IR as
//! the code, and every Rust block of every page is also written into
//! `tests/markdown_examples.rs`, so `cargo test` compiles each example
//! exactly as a reader would copy it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::docs::{code_span, sanitize};
use super::names;
use super::text::TextRenderer;
use super::types::{arg_type_text, display_type};
use super::{CrateContext, Files};
use crate::error::Result;
use crate::ir::{Api, MethodRef, OpKind, Operation, Response, Service, TypeRef};

/// Where the generated test that compiles the Markdown examples lives.
pub const EXAMPLES_TEST: &str = "tests/markdown_examples.rs";

/// Path of a service's page inside the generated crate.
pub fn service_page(service: &Service) -> String {
    format!("docs/services/{}.md", service.name.rust)
}

/// Path of a model's page inside the generated crate.
pub fn model_page(api: &Api, model: usize) -> String {
    format!("docs/models/{}.md", api.models[model].module)
}

/// The anchor GitHub (and most renderers) give a heading: lower case, spaces
/// to dashes, punctuation other than `-` and `_` dropped.
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A method's heading on its service page; the TOC links to its slug.
fn method_heading(op: &Operation) -> String {
    names::display(&op.name)
}

#[derive(Serialize)]
struct ReadmeContext<'a> {
    #[serde(flatten)]
    krate: &'a CrateContext<'a>,
    /// `service.method` of every method, for sections that need a method.
    available: Vec<String>,
    /// The oldest Rust the crate builds with, as its Cargo.toml says.
    rust_version: String,
    toc: Vec<TocService>,
    models: Vec<Link>,
}

#[derive(Serialize)]
struct TocService {
    title: String,
    anchor: String,
    accessor: String,
    page: String,
    description: String,
    methods: Vec<TocMethod>,
}

#[derive(Serialize)]
struct TocMethod {
    name: String,
    link: String,
    endpoint: String,
    summary: String,
    deprecated: bool,
}

#[derive(Serialize)]
struct Link {
    text: String,
    link: String,
}

#[derive(Serialize)]
struct ServicePageContext<'a> {
    krate: &'a CrateContext<'a>,
    title: String,
    wire: String,
    accessor: String,
    type_name: String,
    description: String,
    methods: Vec<MethodContext>,
}

#[derive(Serialize)]
struct MethodContext {
    heading: String,
    anchor: String,
    summary: String,
    description: String,
    http_method: &'static str,
    path: String,
    auth: Vec<String>,
    availability: String,
    params: Vec<ParamContext>,
    builder: String,
    returns: String,
    kind_note: String,
    example: String,
    deprecated: Option<DeprecationContext>,
    aliases: Vec<String>,
}

#[derive(Serialize)]
struct DeprecationContext {
    since: String,
    replacement: String,
}

#[derive(Serialize)]
struct ParamContext {
    name: String,
    wire: String,
    location: &'static str,
    ty: String,
    required: bool,
    nullable: bool,
    null_setter: String,
    default: String,
    description: String,
    allowed: String,
}

#[derive(Serialize)]
struct ModelPageContext<'a> {
    krate: &'a CrateContext<'a>,
    name: String,
    wire: String,
    description: String,
    /// The map holding properties beyond the listed fields, when allowed.
    extra: Option<String>,
    fields: Vec<FieldContext>,
    returned_by: Vec<Link>,
    used_by: Vec<Link>,
}

#[derive(Serialize)]
struct FieldContext {
    wire: String,
    rust: String,
    ty: String,
    optional: bool,
    description: String,
}

/// Text that must stay inside one table cell.
fn cell(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// Prose for a page body: sanitized, and `(empty)` never printed.
fn prose(text: &str) -> String {
    sanitize(text)
}

/// A Rust type in Markdown, with model names linked to their pages from a
/// page `up` folders below `docs/`.
fn md_type(api: &Api, ty: &TypeRef, to_models: &str) -> String {
    match ty {
        TypeRef::Model(i) => {
            let page = model_page(api, *i);
            let file = page.trim_start_matches("docs/models/");
            format!("[`models::{}`]({to_models}{file})", api.models[*i].name.rust)
        }
        TypeRef::Union(i) => {
            let members: Vec<String> =
                api.unions[*i].members.iter().map(|m| md_type(api, &TypeRef::Model(m.model), to_models)).collect();
            format!("`models::{}` (one of {})", api.unions[*i].name, members.join(", "))
        }
        TypeRef::Array(inner) if mentions_model(inner) => format!("`Vec<`{}`>`", md_type(api, inner, to_models)),
        other => code_span(&display_type(api, other)),
    }
}

fn mentions_model(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Model(_) | TypeRef::Union(_) => true,
        TypeRef::Array(inner) => mentions_model(inner),
        _ => false,
    }
}

fn enum_values(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Enum(i) => {
            let values: Vec<String> = api.enums[*i].values.iter().map(|v| code_span(&v.wire)).collect();
            values.join(", ")
        }
        TypeRef::Array(inner) => enum_values(api, inner),
        _ => String::new(),
    }
}

/// Where a resolved replacement is documented.
fn find_method<'a>(api: &'a Api, method: &MethodRef) -> Option<(&'a Service, &'a Operation)> {
    let service = api.services.iter().find(|s| s.name.rust == method.service)?;
    let op = service.operations.iter().find(|o| o.name == method.method)?;
    Some((service, op))
}

fn method_context(api: &Api, service: &Service, op: &Operation, lib: &str) -> MethodContext {
    let params = op
        .params
        .iter()
        .map(|p| {
            // Linked where the argument is the model or enum itself;
            // otherwise the signature's own type, bounds and all.
            let signature = arg_type_text(api, p);
            let ty = if signature == display_type(api, &p.ty) {
                md_type(api, &p.ty, "../models/")
            } else {
                code_span(&signature)
            };
            ParamContext {
                name: names::display(&p.name.rust),
                wire: if names::display(&p.name.rust) == p.name.wire {
                    String::new()
                } else {
                    cell(&code_span(&p.name.wire))
                },
                location: p.location.as_str(),
                ty: cell(&ty),
                required: p.required,
                nullable: p.nullable,
                null_setter: p.null_setter.clone().unwrap_or_default(),
                default: match &p.default {
                    Some(v) if !v.is_null() => cell(&code_span(&v.to_string())),
                    _ => String::new(),
                },
                description: cell(&sanitize(&p.description)),
                allowed: cell(&enum_values(api, &p.ty)),
            }
        })
        .collect();
    let returns = match &op.response {
        Response::Empty => "Nothing: `()` once Appwrite confirms.".to_owned(),
        Response::Model(i) => md_type(api, &TypeRef::Model(*i), "../models/"),
        Response::Union(i) => md_type(api, &TypeRef::Union(*i), "../models/"),
        Response::Json => "A JSON document, as `serde_json::Value`.".to_owned(),
        Response::Graphql => "The GraphQL response, as `GraphqlResponse`: `data`, and the `errors` Appwrite answers \
            with `200 OK` (`into_data()` turns them into an `Error`)."
            .to_owned(),
        Response::Binary => "The response body as `bytes::Bytes`.".to_owned(),
        Response::Redirect => "The URL to send the user to, as a `String`.".to_owned(),
    };
    let kind_note = match op.kind {
        OpKind::Upload => "Files larger than 5 MiB are sent in chunks; `.on_progress(..)` reports each acknowledged chunk, and an upload with an explicit file ID resumes where it stopped.",
        OpKind::Location => "`.url()` on the builder gives the URL instead (for `<img src>`), and `.stream()` streams the body instead of buffering it.",
        OpKind::WebAuth => "Nothing is requested: `.await` (or `.url()`) builds the URL to open in the user's browser.",
        OpKind::Standard => "",
    };
    let mut kind_note = kind_note.to_owned();
    if api.is_paginated(op) {
        kind_note.push_str("`.into_stream()` on the builder yields every item of the listing, fetched page by page.");
    }
    if let Response::Model(model) = op.response {
        if op.kind == OpKind::Standard && api.carries_data(model) {
            let note = "`.typed::<T>()` on the builder reads the attributes into your own type `T` (any \
                `serde::Deserialize`) instead of a JSON map.";
            kind_note = if kind_note.is_empty() { note.to_owned() } else { format!("{kind_note} {note}") };
        }
    }
    let deprecated = op.deprecated.as_ref().map(|d| DeprecationContext {
        since: d.since.clone().unwrap_or_default(),
        replacement: match d.replace_with.as_deref() {
            Some(r) => match d.replacement.as_ref().and_then(|m| find_method(api, m)) {
                Some((s, o)) => format!(
                    "[`{}().{}()`]({}#{})",
                    names::display(&s.name.rust),
                    names::display(&o.name),
                    service_page(s).trim_start_matches("docs/services/"),
                    slug(&method_heading(o))
                ),
                None => code_span(r),
            },
            None => String::new(),
        },
    });
    MethodContext {
        heading: method_heading(op),
        anchor: slug(&method_heading(op)),
        summary: prose(&op.summary),
        description: prose(&op.description),
        http_method: op.key.method.as_str(),
        path: code_span(&op.key.path),
        auth: op.auth.iter().map(|a| code_span(a)).collect(),
        availability: super::services::availability_text(op),
        params,
        builder: op.builder.clone(),
        returns,
        kind_note,
        example: super::examples::method_example(api, service, op, lib).markdown(lib),
        deprecated,
        aliases: op.aliases.iter().map(|a| code_span(a)).collect(),
    }
}

fn service_title(service: &Service) -> String {
    let mut chars = service.name.wire.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// README.md, every page under docs/, and the test that compiles their
/// Rust blocks.
pub(super) fn files(api: &Api, krate: &CrateContext<'_>, renderer: &TextRenderer<'_>) -> Result<Files> {
    let mut files = Files::new();
    let mut returned_by: BTreeMap<usize, Vec<Link>> = BTreeMap::new();
    let mut toc = Vec::new();
    for service in &api.services {
        let (page, text, entry) = service_page_text(api, service, krate, renderer, &mut returned_by)?;
        files.insert(page, text);
        toc.push(entry);
    }
    model_pages(api, krate, renderer, returned_by, &mut files)?;
    files.insert("README.md".to_owned(), readme(api, krate, renderer, toc)?.into_bytes());
    files.insert(EXAMPLES_TEST.to_owned(), examples_test(api, &files).into_bytes());
    Ok(files)
}

/// A service's page, its entry in the README's table of contents, and the
/// links from each returned model's page back to its methods.
fn service_page_text(
    api: &Api,
    service: &Service,
    krate: &CrateContext<'_>,
    renderer: &TextRenderer<'_>,
    returned_by: &mut BTreeMap<usize, Vec<Link>>,
) -> Result<(String, Vec<u8>, TocService)> {
    let lib = krate.lib_name.as_str();
    let page = service_page(service);
    let methods: Vec<MethodContext> =
        service.operations.iter().map(|op| method_context(api, service, op, lib)).collect();
    for op in &service.operations {
        let returned: Vec<usize> = match op.response {
            Response::Model(m) => vec![m],
            Response::Union(u) => api.unions[u].members.iter().map(|m| m.model).collect(),
            _ => Vec::new(),
        };
        for m in returned {
            returned_by.entry(m).or_default().push(Link {
                text: format!("{}().{}()", names::display(&service.name.rust), names::display(&op.name)),
                link: format!(
                    "../services/{}#{}",
                    page.trim_start_matches("docs/services/"),
                    slug(&method_heading(op))
                ),
            });
        }
    }
    let entry = TocService {
        title: service_title(service),
        anchor: slug(&service_title(service)),
        accessor: names::display(&service.name.rust),
        page: page.clone(),
        description: cell(sanitize(&service.description).lines().next().unwrap_or_default()),
        methods: service
            .operations
            .iter()
            .map(|op| TocMethod {
                name: names::display(&op.name),
                link: format!("{page}#{}", slug(&method_heading(op))),
                endpoint: format!("{} {}", op.key.method, code_span(&op.key.path)),
                summary: cell(&sanitize(&op.summary)),
                deprecated: op.deprecated.is_some(),
            })
            .collect(),
    };
    let context = ServicePageContext {
        krate,
        title: service_title(service),
        wire: service.name.wire.clone(),
        accessor: names::display(&service.name.rust),
        type_name: service.type_name.clone(),
        description: prose(&service.description),
        methods,
    };
    let text = renderer.render("docs/service.md", &context)?.into_bytes();
    Ok((page, text, entry))
}

/// One page per model: its fields, the methods returning it and the
/// models holding it.
fn model_pages(
    api: &Api,
    krate: &CrateContext<'_>,
    renderer: &TextRenderer<'_>,
    mut returned_by: BTreeMap<usize, Vec<Link>>,
    files: &mut Files,
) -> Result<()> {
    let mut used_by: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, model) in api.models.iter().enumerate() {
        for field in &model.fields {
            let mut targets = field.one_of.clone();
            collect_models(api, &field.ty, &mut targets);
            for target in targets {
                if target != i {
                    used_by.entry(target).or_default().insert(i);
                }
            }
        }
    }
    for (i, model) in api.models.iter().enumerate() {
        let fields = model
            .fields
            .iter()
            .map(|f| {
                let mut ty = md_type(api, &f.ty, "");
                if !f.one_of.is_empty() {
                    let options: Vec<String> = f.one_of.iter().map(|m| md_type(api, &TypeRef::Model(*m), "")).collect();
                    ty.push_str(&format!(" (one of {})", options.join(", ")));
                }
                FieldContext {
                    wire: code_span(&f.name.wire),
                    rust: code_span(&names::display(&f.name.rust)),
                    ty: cell(&ty),
                    optional: f.is_optional(),
                    description: cell(&sanitize(&f.description)),
                }
            })
            .collect();
        let context = ModelPageContext {
            krate,
            name: model.name.rust.clone(),
            wire: code_span(&model.name.wire),
            description: prose(&model.description),
            extra: model.extra_field.as_deref().map(names::display),
            fields,
            returned_by: returned_by.remove(&i).unwrap_or_default(),
            used_by: used_by
                .get(&i)
                .into_iter()
                .flatten()
                .map(|&m| Link {
                    text: format!("models::{}", api.models[m].name.rust),
                    link: model_page(api, m).trim_start_matches("docs/models/").to_owned(),
                })
                .collect(),
        };
        files.insert(model_page(api, i), renderer.render("docs/model.md", &context)?.into_bytes());
    }
    Ok(())
}

fn readme(api: &Api, krate: &CrateContext<'_>, renderer: &TextRenderer<'_>, toc: Vec<TocService>) -> Result<String> {
    let manifest = renderer.render("crate/Cargo.toml", krate)?;
    let rust_version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("rust-version = "))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .unwrap_or_else(|| "stable".to_owned());
    let readme = ReadmeContext {
        krate,
        rust_version,
        available: api
            .services
            .iter()
            .flat_map(|s| s.operations.iter().map(move |o| format!("{}.{}", s.name.rust, o.name)))
            .collect(),
        toc,
        models: (0..api.models.len())
            .map(|i| Link { text: api.models[i].name.rust.clone(), link: model_page(api, i) })
            .collect(),
    };
    renderer.render("crate/README.md", &readme)
}

fn collect_models(api: &Api, ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Model(m) => out.push(*m),
        TypeRef::Union(u) => out.extend(api.unions[*u].members.iter().map(|m| m.model)),
        TypeRef::Array(inner) => collect_models(api, inner, out),
        _ => {}
    }
}

/// The fenced `rust` blocks of a Markdown text, in order.
pub fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None if line.trim_start().starts_with("```rust") => current = Some(String::new()),
            None => {}
            Some(_) if line.trim_start().starts_with("```") => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    blocks
}

/// Every Rust block of the Markdown, each in its own module, compiled (not
/// run: they need a live server) by `cargo test`. A block that calls a
/// service compiles only when that service's cargo feature is on.
fn examples_test(api: &Api, markdown: &Files) -> String {
    let mut out = String::from(
        "// @generated by appwrite-generator: the Rust examples of README.md and docs/. Do not edit by hand:\n\
         // change the templates or the generator and run `cargo xtask generate`.\n\n\
         //! Compiles every Rust example of the Markdown documentation exactly as\n\
         //! it is printed there, so an example that stops compiling fails the\n\
         //! build. They are not run: they would need a live Appwrite server.\n\
         #![allow(dead_code)]\n",
    );
    for (path, bytes) in markdown {
        if !path.ends_with(".md") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let stem = path.trim_end_matches(".md").replace(['/', '.', '-'], "_").to_lowercase();
        for (n, block) in rust_blocks(&text).iter().enumerate() {
            let mut features: Vec<String> = api
                .services
                .iter()
                .filter(|s| block.contains(&format!(".{}()", names::display(&s.name.rust))))
                .map(|s| format!("feature = \"{}\"", s.name.rust))
                .collect();
            // The runtime's one feature-gated entry point.
            if block.contains(".realtime()") {
                features.push("feature = \"realtime\"".to_owned());
            }
            out.push_str(&format!("\n/// `{path}`, example {}.\n", n + 1));
            match features.as_slice() {
                [] => {}
                [one] => out.push_str(&format!("#[cfg({one})]\n")),
                many => out.push_str(&format!("#[cfg(all({}))]\n", many.join(", "))),
            }
            out.push_str(&format!("mod {stem}_{} {{\n", n + 1));
            for line in block.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            out.push_str("}\n");
        }
    }
    out
}
