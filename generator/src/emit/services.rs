//! Services -> a handle type with one method per operation, and one request
//! builder per method. Builders only describe the operation; building,
//! sending and decoding live once in the runtime (`runtime::call`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code_span, doc_attrs, sanitize};
use super::names;
use super::types::{arg_shape, arg_type_text, nullable_arg_type};
use crate::ir::{Api, Deprecation, HttpMethod, Location, OpKind, Operation, Param, Response, Service, TypeRef};

pub fn service_file(api: &Api, service: &Service) -> TokenStream {
    let handle = names::ident(&service.type_name);
    let mut doc = format!("The {} service.", code_span(&service.name.wire));
    if !service.description.is_empty() {
        doc = format!("{}\n\n{doc}", sanitize(&service.description));
    }
    doc.push_str(&format!("\n\nGet it with [`Client::{0}`](crate::Client::{0}).", names::display(&service.name.rust)));
    let docs = doc_attrs(&doc);
    let methods = service.operations.iter().map(|op| method(api, service, op));
    let builders = service.operations.iter().map(|op| builder(api, service, op));
    let markers = service.operations.iter().map(|op| marker(api, service, op));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #handle {
            pub(crate) client: crate::Client,
        }

        impl #handle {
            #(#methods)*
        }

        #(#builders)*

        /// The marker type of each operation, which its [`Request`](crate::Request) is
        /// generic over: what it answers with and what it is called.
        #[doc(hidden)]
        pub mod ops {
            #(#markers)*
        }
    }
}

fn reqwest_method(method: HttpMethod) -> TokenStream {
    let name = format_ident!("{}", method.as_str());
    quote!(::reqwest::Method::#name)
}

/// Output type of an operation, as a type.
pub fn output_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.response {
        Response::Empty => quote!(()),
        Response::Model(i) => {
            let name = names::ident(&api.models[*i].name.rust);
            quote!(crate::models::#name)
        }
        Response::Union(i) => {
            let name = names::ident(&api.unions[*i].name);
            quote!(crate::models::#name)
        }
        Response::Json => quote!(::serde_json::Value),
        Response::Graphql => quote!(crate::GraphqlResponse),
        Response::Binary => quote!(::bytes::Bytes),
        Response::Redirect => quote!(String),
    }
}

/// Statement storing the converted `value` of a parameter on `call`.
fn store(call: TokenStream, param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.name.wire;
    match (param.location, &param.ty) {
        (Location::Path, _) => quote!(),
        (Location::Query, TypeRef::Array(_)) => quote!(#call.query_array(#wire, #value);),
        (Location::Query, TypeRef::Object | TypeRef::Json) => quote!(#call.query_object(#wire, &#value);),
        (Location::Query, _) => quote!(#call.query(#wire, #value);),
        (Location::Header, _) => quote!(#call.header(#wire, #value);),
        (Location::Body, TypeRef::File) => quote!(#call.file(#wire, #value);),
        (Location::Body, _) => quote!(#call.body(#wire, #value);),
    }
}

fn method(api: &Api, service: &Service, op: &Operation) -> TokenStream {
    let name = names::ident(&op.name);
    let builder = names::ident(&op.builder);
    let http = reqwest_method(op.key.method);
    let path = &op.key.path;
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();

    let args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let ident = names::ident(&p.name.rust);
            let ty = if p.nullable && p.location == Location::Body {
                let inner = nullable_arg_type(api, p);
                quote!(Option<#inner>)
            } else {
                arg_shape(api, p, &ident).ty
            };
            quote!(#ident: #ty)
        })
        .collect();
    // Path values are turned into strings first: the runtime fills them into
    // the template in order.
    let path_params: Vec<&Param> = op.params.iter().filter(|p| p.location == Location::Path).collect();
    let path_locals = path_params.iter().map(|p| {
        let ident = names::ident(&p.name.rust);
        let convert = match p.ty {
            TypeRef::String => quote!(#ident.into()),
            _ => quote!(#ident.to_string()),
        };
        quote!(let #ident: String = #convert;)
    });
    let path_refs = path_params.iter().map(|p| {
        let ident = names::ident(&p.name.rust);
        quote!(#ident.as_str())
    });
    let stores = required.iter().filter(|p| p.location != Location::Path).map(|p| {
        let ident = names::ident(&p.name.rust);
        let wire = &p.name.wire;
        if p.nullable && p.location == Location::Body {
            quote! {
                match #ident {
                    Some(value) => call.body(#wire, value),
                    None => call.body_null(#wire),
                }
            }
        } else {
            store(quote!(call), p, arg_shape(api, p, &ident).convert)
        }
    });
    let docs = doc_attrs(&method_doc(api, service, op));
    let availability = doc_attrs(&availability_doc(op));
    let deprecated = deprecated_attr(op);
    let fixed_headers: Vec<TokenStream> =
        op.fixed_headers.iter().map(|(name, value)| quote!(call.header(#name, #value);)).collect();
    let mutates = required.iter().any(|p| p.location != Location::Path) || !fixed_headers.is_empty();
    let call_binding = if mutates { quote!(let mut call) } else { quote!(let call) };
    // Names this method was published under before a rename, so code
    // written against an earlier version of the crate keeps compiling.
    let arg_names: Vec<_> = required.iter().map(|p| names::ident(&p.name.rust)).collect();
    // Required parameters are arguments by design; a few endpoints need many.
    let many_args = (required.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // An old name of a method Appwrite deprecated calls it knowingly.
    let calls_deprecated = op.deprecated.is_some().then(|| quote!(#[allow(deprecated)]));
    let renamed = op.renamed_from.iter().map(|old| {
        let old_ident = names::ident(old);
        let note = format!("renamed to `{}`", names::display(&op.name));
        let doc = format!("Former name of [`Self::{}`].", names::display(&op.name));
        let args = args.clone();
        quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            #many_args
            #calls_deprecated
            #[inline]
            pub fn #old_ident(&self, #(#args),*) -> #builder {
                self.#name(#(#arg_names),*)
            }
        }
    });
    quote! {
        #docs
        #availability
        #deprecated
        #many_args
        #[inline]
        pub fn #name(&self, #(#args),*) -> #builder {
            #(#path_locals)*
            #call_binding = crate::runtime::call::Call::new(&self.client, #http, #path, &[#(#path_refs),*]);
            #(#fixed_headers)*
            #(#stores)*
            #builder::new(call)
        }
        #(#renamed)*
    }
}

fn deprecated_attr(op: &Operation) -> Option<TokenStream> {
    let deprecation = op.deprecated.as_ref()?;
    let mut note = String::from("deprecated by Appwrite");
    if let Some(since) = &deprecation.since {
        note.push_str(&format!(" since {since}"));
    }
    if let Some(replacement) = replacement_path(deprecation) {
        note.push_str(&format!("; use {replacement} instead"));
    }
    Some(quote!(#[deprecated(note = #note)]))
}

/// `tables_db().create_row()`, how a user finds a replacement; the spec's
/// own words when the replacement is not a method of this API.
pub(crate) fn replacement_path(deprecation: &Deprecation) -> Option<String> {
    match (&deprecation.replacement, &deprecation.replace_with) {
        (Some(method), _) => {
            Some(format!("`{}().{}()`", names::display(&method.service), names::display(&method.method)))
        }
        (None, Some(text)) => Some(code_span(text)),
        (None, None) => None,
    }
}

fn method_doc(api: &Api, service: &Service, op: &Operation) -> String {
    let mut doc = String::new();
    if !op.summary.is_empty() {
        doc.push_str(&sanitize(&op.summary));
        doc.push_str("\n\n");
    }
    doc.push_str(&code_span(&format!("{} {}", op.key.method, op.key.path)));
    doc.push('\n');
    if !op.description.is_empty() {
        doc.push('\n');
        doc.push_str(&sanitize(&op.description));
        doc.push('\n');
    }
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    if !required.is_empty() {
        doc.push_str("\n# Arguments\n\n");
        for p in &required {
            doc.push_str(&param_line(api, p, p.nullable && p.location == Location::Body));
        }
    }
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    if !optional.is_empty() {
        doc.push_str(&format!("\n# Optional parameters\n\nSet on the returned [`{}`] before sending:\n\n", op.builder));
        for p in &optional {
            doc.push_str(&param_line(api, p, false));
        }
    }
    doc.push_str(&format!("\n# Returns\n\n{}\n", returns_doc(api, op)));
    doc.push_str("\n# Errors\n\nFails with [`Error::Api`](crate::Error::Api) when Appwrite rejects the request, and with the other [`Error`](crate::Error) variants when it cannot be sent or its answer cannot be decoded.\n");
    if let Some(deprecation) = &op.deprecated {
        doc.push_str("\n# Deprecated\n\n");
        match replacement_path(deprecation) {
            Some(replacement) => doc.push_str(&format!("Use {replacement} instead.")),
            None => doc.push_str("Appwrite marks this method deprecated."),
        }
        if let Some(since) = &deprecation.since {
            doc.push_str(&format!(" Deprecated since Appwrite {since}."));
        }
        doc.push('\n');
    }
    if !op.aliases.is_empty() {
        let aliases: Vec<String> = op.aliases.iter().map(|a| code_span(a)).collect();
        doc.push_str(&format!(
            "\nOther Appwrite SDKs also offer this call under the deprecated name {}.\n",
            aliases.join(", ")
        ));
    }
    let example = super::examples::method_example(api, service, op, &api.lib_name);
    doc.push_str("\n# Example\n\nWith `client`, a configured [`Client`](crate::Client):\n\n");
    doc.push_str(&example.rustdoc(&api.lib_name));
    doc
}

fn param_line(api: &Api, p: &Param, nullable_arg: bool) -> String {
    let ty = arg_type_text(api, p);
    let mut line = format!("* `{}` ({}, `{}`)", names::display(&p.name.rust), p.location.as_str(), ty);
    if !p.description.is_empty() {
        line.push_str(" — ");
        line.push_str(&sanitize(&p.description).replace('\n', " "));
    }
    if nullable_arg {
        line.push_str(" Pass `None` to send `null`.");
    } else if let Some(null_setter) = &p.null_setter {
        line.push_str(&format!(" `{null_setter}()` sends `null`."));
    }
    line.push('\n');
    line
}

fn returns_doc(api: &Api, op: &Operation) -> String {
    match &op.response {
        Response::Empty => "Nothing (`()`) once Appwrite confirms.".into(),
        Response::Model(i) => format!("[`{0}`](crate::models::{0})", api.models[*i].name.rust),
        Response::Union(i) => format!("[`{0}`](crate::models::{0}), one of several models", api.unions[*i].name),
        Response::Json => "The JSON document Appwrite answers with, as [`serde_json::Value`].".into(),
        Response::Graphql => "The [`GraphqlResponse`](crate::GraphqlResponse): `data`, and the `errors` Appwrite answers \
            with `200 OK`; [`into_data`](crate::GraphqlResponse::into_data) turns those into an error."
            .into(),
        Response::Binary => "The response body as [`bytes::Bytes`]; `url()` on the builder gives the URL instead, `stream()` streams it.".into(),
        Response::Redirect => "The URL to send the user to (nothing is requested).".into(),
    }
}

fn builder(api: &Api, service: &Service, op: &Operation) -> TokenStream {
    let name = names::ident(&op.builder);
    let doc = builder_doc(api, service, op);
    let kind = match op.kind {
        OpKind::Upload => quote!(Upload),
        OpKind::Location => quote!(Binary),
        OpKind::WebAuth => quote!(Redirect),
        OpKind::Standard => match op.response {
            Response::Empty => quote!(Empty),
            _ => quote!(Json),
        },
    };
    let setters = op.params.iter().filter(|p| !p.required).map(|p| setter(api, p));
    let setters_block = (!op.params.iter().all(|p| p.required)).then(|| {
        quote! {
            impl #name {
                #(#setters)*
            }
        }
    });
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub type #name = crate::Request<ops::#name, crate::runtime::call::#kind>;

        #setters_block
    }
}

/// The model generic over the caller's data that `op` answers with, if any:
/// such operations get `typed::<T>()`.
fn typed_model(api: &Api, op: &Operation) -> Option<usize> {
    match op.response {
        Response::Model(model) if op.kind == OpKind::Standard && api.carries_data(model) => Some(model),
        _ => None,
    }
}

/// The builder alias's doc: its page lists only the operation's own setters,
/// so it points to what the generic `Request` adds for this kind of request.
fn builder_doc(api: &Api, service: &Service, op: &Operation) -> String {
    let method = format!("[`{}::{}`]", service.type_name, names::display(&op.name));
    if op.kind == OpKind::WebAuth {
        return format!(
            "Request builder for {method}: set optional parameters, then `.await` it or call `send()` or `url()` \
             for the URL to open in the browser; nothing is sent."
        );
    }
    let mut doc = format!(
        "Request builder for {method}: set optional parameters, then `.await` it or call `send()` \
         (`send_raw()` adds the status, headers and raw body)."
    );
    if api.is_paginated(op) {
        doc.push_str(" [`into_stream()`](crate::Request::into_stream) streams every page.");
    }
    if typed_model(api, op).is_some() {
        doc.push_str(" [`typed::<T>()`](crate::Request::typed) reads the data as your own type.");
    }
    match op.kind {
        OpKind::Location => {
            doc.push_str(" [`stream()`](crate::Request::stream) streams the body; `url()` gives its URL.")
        }
        OpKind::Upload => doc.push_str(
            " [`on_progress`](crate::Request::on_progress) reports each chunk; \
             [`cancel_with`](crate::Request::cancel_with) stops the upload.",
        ),
        OpKind::Standard | OpKind::WebAuth => {}
    }
    doc.push_str(
        "\n\nLike every request, it takes its own [`header`](crate::Request::header), \
         [`retry`](crate::Request::retry) policy and [`request_timeout`](crate::Request::request_timeout).",
    );
    doc
}

/// The marker type an operation's `Request` is generic over, with what it
/// answers with, its names for traces, and whether it pages or carries data.
fn marker(api: &Api, service: &Service, op: &Operation) -> TokenStream {
    let name = names::ident(&op.builder);
    let output = output_type(api, op);
    let service_name = service.name.rust.as_str();
    let method_name = op.name.as_str();
    let paged = api.is_paginated(op).then(|| quote!(impl crate::runtime::call::Paged for #name {}));
    let typed = typed_model(api, op).map(|model| {
        let model = names::ident(&api.models[model].name.rust);
        quote! {
            impl crate::runtime::call::TypedOperation for #name {
                type Typed<T> = crate::models::#model<T>;
            }
        }
    });
    quote! {
        pub enum #name {}
        impl crate::runtime::call::Operation for #name {
            type Output = #output;
            const SERVICE: &'static str = #service_name;
            const METHOD: &'static str = #method_name;
        }
        #paged
        #typed
    }
}

fn setter(api: &Api, p: &Param) -> TokenStream {
    let ident = names::ident(&p.name.rust);
    let shape = arg_shape(api, p, &ident);
    let store = store(quote!(self.call), p, shape.convert);
    let ty = shape.ty;
    let mut text =
        if p.description.is_empty() { format!("Sets {}.", code_span(&p.name.wire)) } else { sanitize(&p.description) };
    if let Some(default) = &p.default {
        if !default.is_null() {
            text.push_str(&format!("\n\nAppwrite's default: `{}`.", default.to_string().replace('`', "'")));
        }
    }
    let docs = doc_attrs(&text);
    let null_setter = p.null_setter.as_deref().map(|null_setter| {
        let null_ident = names::ident(null_setter);
        let wire = &p.name.wire;
        let text = format!("Sends {} as `null`, which clears it on the server.", code_span(wire));
        let docs = doc_attrs(&text);
        quote! {
            #docs
            #[inline]
            pub fn #null_ident(mut self) -> Self {
                self.call.body_null(#wire);
                self
            }
        }
    });
    quote! {
        #docs
        #[inline]
        pub fn #ident(mut self, #ident: #ty) -> Self {
            #store
            self
        }
        #null_setter
    }
}

/// Which apps can make the call: the crate serves server apps (API key) and
/// client apps (user session or JWT) alike, and Appwrite refuses a call made
/// with the wrong kind of credentials.
pub fn availability_doc(op: &Operation) -> String {
    format!("\n# Availability\n\n{}", availability_text(op))
}

/// Who may call an operation, from the credentials its spec accepts (what
/// the server enforces), falling back on the platforms it is published for
/// when the spec names no credential. Rustdoc and the Markdown docs both
/// print this text.
pub fn availability_text(op: &Operation) -> String {
    let accepts = |scheme: &str| op.auth.iter().any(|a| a == scheme);
    let on = |platform: &str| op.platforms.iter().any(|p| p == platform);
    let user = "a user's session or JWT (client apps, or a server's client derived with `Client::with_jwt` or \
        `Client::with_session`)";
    let mut text = match (accepts("Key"), accepts("Session") || accepts("JWT")) {
        (true, true) => format!("Accepts an API key (server apps) or {user}."),
        (true, false) => {
            "Server apps only: accepts an API key (`ClientBuilder::key`), not a user's session or JWT.".to_owned()
        }
        (false, true) => format!("Accepts {user}, not an API key."),
        (false, false) => {
            return match (on("server"), on("client")) {
                (true, true) => "Available to server and client apps.".to_owned(),
                (true, false) => "Server apps only.".to_owned(),
                (false, true) => "Client apps only.".to_owned(),
                (false, false) => format!("Published for the {} platform.", op.platforms.join(", ")),
            }
        }
    };
    if on("client") && !on("server") {
        text.push_str(" Client apps only: Appwrite publishes it for client SDKs.");
    }
    text
}
