//! The Markdown documentation of the generated crate (README, one page per
//! service and per model) and the usage example of every method, which the
//! rustdoc of `services.rs` shows too. Pages are rendered from the same IR as
//! the code, and every Rust block of every page is also written into
//! `tests/markdown_examples.rs`, so `cargo test` compiles each example
//! exactly as a reader would copy it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde::Serialize;

use super::docs::{code_span, sanitize};
use super::samples;
use super::text::TextRenderer;
use super::types::{arg_type_text, display_type};
use super::{CrateContext, Files};
use crate::error::Result;
use crate::ir::{Api, MethodRef, OpKind, Operation, Param, Response, Service, TypeRef};
use super::names;

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

/// One method call written out: the `use` it needs, the statements, and
/// whether the method is deprecated (the example then allows it).
pub struct Example {
    /// Items of the crate root the statements name (`ID`, `Query`, `enums`).
    pub imports: BTreeSet<&'static str>,
    /// The body of the example function, formatted, one entry per line.
    pub statements: Vec<String>,
    pub deprecated: bool,
}

impl Example {
    fn use_line(&self, lib: &str, with_client: bool) -> Option<String> {
        let mut items: Vec<&str> = self.imports.iter().copied().collect();
        if with_client {
            items.insert(0, "Client");
        }
        match items.as_slice() {
            [] => None,
            [one] => Some(format!("use {lib}::{one};")),
            many => Some(format!("use {lib}::{{{}}};", many.join(", "))),
        }
    }

    /// A self-contained function a reader can paste: what the Markdown shows.
    pub fn markdown(&self, lib: &str) -> String {
        let mut out = String::new();
        if let Some(line) = self.use_line(lib, true) {
            out.push_str(&line);
            out.push_str("\n\n");
        }
        if self.deprecated {
            out.push_str("#[allow(deprecated)]\n");
        }
        out.push_str(&format!("async fn example(client: &Client) -> {lib}::Result<()> {{\n"));
        for line in &self.statements {
            if !line.is_empty() {
                out.push_str("    ");
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("    Ok(())\n}\n");
        out
    }

    /// The same code as a rustdoc example: the function around it is hidden
    /// so the reader sees the call, and it is compiled as a doctest.
    pub fn rustdoc(&self, lib: &str) -> String {
        let mut out = String::from("```no_run\n");
        if self.deprecated {
            out.push_str("# #[allow(deprecated)]\n");
        }
        out.push_str(&format!("# async fn example(client: &{lib}::Client) -> {lib}::Result<()> {{\n"));
        if let Some(line) = self.use_line(lib, false) {
            out.push_str(&line);
            out.push_str("\n\n");
        }
        for line in &self.statements {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("# Ok(())\n# }\n```\n");
        out
    }
}

/// A typical call of `op` with the values its parameters document, built
/// as tokens and formatted by prettyplease like every other piece of
/// generated Rust.
pub fn method_example(api: &Api, service: &Service, op: &Operation, lib: &str) -> Example {
    let lib_path = names::ident(lib);
    let lib_path = quote!(#lib_path);
    let mut imports = BTreeSet::new();
    let mut value = |p: &Param| {
        let sample = samples::doc_sample(api, op, &lib_path, p);
        imports.extend(sample.imports);
        sample.expr
    };
    let args: Vec<TokenStream> = op.params.iter().filter(|p| p.required).map(&mut value).collect();
    // A few setters show the builder; the parameter table lists all of them.
    let setters: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .take(2)
        .map(|p| {
            let setter = names::ident(&p.name.rust);
            let v = value(p);
            quote!(.#setter(#v))
        })
        .collect();
    let progress = (op.kind == OpKind::Upload)
        .then(|| quote!(.on_progress(|progress| println!("{} of {} bytes", progress.bytes_sent, progress.total))));
    let accessor = names::ident(&service.name.rust);
    let method = names::ident(&op.name);
    let call = quote!(client.#accessor().#method(#(#args),*)#(#setters)*#progress.await?);

    let (binding, report) = match &op.response {
        Response::Empty => (None, quote!()),
        Response::Model(i) => {
            let var = format_ident!("{}", result_var(&api.models[*i].module));
            let text = format!("{{{var}:?}}");
            (Some(var), quote!(println!(#text);))
        }
        Response::Json => (Some(format_ident!("value")), quote!(println!("{value}");)),
        Response::Graphql => (
            Some(format_ident!("response")),
            quote!(println!("data: {:?}, errors: {:?}", response.data, response.errors);),
        ),
        Response::Binary => (Some(format_ident!("bytes")), quote!(println!("{} bytes", bytes.len());)),
        Response::Redirect => (Some(format_ident!("url")), quote!(println!("open {url} in the browser");)),
    };
    let statement = match binding {
        Some(var) => quote!(let #var = #call;),
        None => quote!(#call;),
    };
    let function = quote! {
        async fn example() {
            #statement
            #report
        }
    };
    Example { imports, statements: function_body(function), deprecated: op.deprecated.is_some() }
}

/// The lines of a formatted function's body, dedented.
fn function_body(function: TokenStream) -> Vec<String> {
    let text = match syn::parse2::<syn::File>(function.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        // Only a generator bug gets here; the doctest then shows it.
        Err(_) => function.to_string(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let body = lines.get(1..lines.len().saturating_sub(1)).unwrap_or_default();
    body.iter().map(|line| line.strip_prefix("    ").unwrap_or(line).to_owned()).collect()
}

/// A binding named after the model's module (never a keyword), unless
/// that name means something else in the example.
fn result_var(name: &str) -> String {
    if matches!(name, "client" | "example" | "println") || name.ends_with('_') {
        "result".to_owned()
    } else {
        name.to_owned()
    }
}

// ---- Markdown pages -------------------------------------------------------

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
        TypeRef::Array(inner) if mentions_model(inner) => format!("`Vec<`{}`>`", md_type(api, inner, to_models)),
        other => code_span(&display_type(api, other)),
    }
}

fn mentions_model(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Model(_) => true,
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
            let ty = if signature == display_type(api, &p.ty) { md_type(api, &p.ty, "../models/") } else { code_span(&signature) };
            ParamContext {
                name: names::display(&p.name.rust),
                wire: if names::display(&p.name.rust) == p.name.wire { String::new() } else { cell(&code_span(&p.name.wire)) },
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
        kind_note: kind_note.to_owned(),
        example: method_example(api, service, op, lib).markdown(lib),
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
    let lib = krate.lib_name.as_str();
    let mut files = Files::new();
    let mut returned_by: BTreeMap<usize, Vec<Link>> = BTreeMap::new();
    let mut toc = Vec::new();
    for service in &api.services {
        let page = service_page(service);
        let methods: Vec<MethodContext> = service.operations.iter().map(|op| method_context(api, service, op, lib)).collect();
        for op in &service.operations {
            if let Response::Model(m) = op.response {
                returned_by.entry(m).or_default().push(Link {
                    text: format!("{}().{}()", names::display(&service.name.rust), names::display(&op.name)),
                    link: format!("../services/{}#{}", page.trim_start_matches("docs/services/"), slug(&method_heading(op))),
                });
            }
        }
        toc.push(TocService {
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
        });
        let context = ServicePageContext {
            krate,
            title: service_title(service),
            wire: service.name.wire.clone(),
            accessor: names::display(&service.name.rust),
            type_name: service.type_name.clone(),
            description: prose(&service.description),
            methods,
        };
        files.insert(page, renderer.render("docs/service.md", &context)?.into_bytes());
    }

    let mut used_by: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, model) in api.models.iter().enumerate() {
        for field in &model.fields {
            let mut targets = field.one_of.clone();
            collect_models(&field.ty, &mut targets);
            for target in targets {
                if target != i {
                    used_by.entry(target).or_default().insert(i);
                }
            }
        }
    }
    for (i, model) in api.models.iter().enumerate() {
        let page = model_page(api, i);
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
        files.insert(page, renderer.render("docs/model.md", &context)?.into_bytes());
    }

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
    files.insert("README.md".to_owned(), renderer.render("crate/README.md", &readme)?.into_bytes());
    files.insert(EXAMPLES_TEST.to_owned(), examples_test(api, &files).into_bytes());
    Ok(files)
}

fn collect_models(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Model(m) => out.push(*m),
        TypeRef::Array(inner) => collect_models(inner, out),
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
