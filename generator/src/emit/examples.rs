//! The usage example of each method, shown on its service page and in its
//! rustdoc (where the doctest compiles it): a typical call, built as tokens
//! from the docs' sample values and formatted by prettyplease.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names;
use super::samples;
use crate::ir::{Api, OpKind, Operation, Param, Response, Service};

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
        Response::Union(i) => {
            let var = format_ident!("{}", result_var(&api.unions[*i].module));
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
