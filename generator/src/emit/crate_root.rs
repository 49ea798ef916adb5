//! `src/lib.rs` and `src/meta.rs`: the crate root wires the hand-written
//! runtime to the generated services, models and enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::features::Features;
use crate::ir::Api;
use super::names;

pub fn lib_rs(api: &Api, features: &Features) -> TokenStream {
    let lib_name = &api.lib_name;
    let first = api.services.first().map(|s| names::display(&s.name.rust)).unwrap_or_default();
    let doc = format!(
        "Rust client for the {title} {version} API ({platform} platform), generated from Appwrite's OpenAPI spec.\n\n\
         Build a [`Client`] once, then reach each service through it, e.g. `client.{first}()`. \
         Every method returns a request builder: set optional parameters on it, then `.await` it.\n\n\
         ```no_run\n\
         # async fn run() -> {lib}::Result<()> {{\n\
         let client = {lib}::Client::builder()\n    .endpoint(\"https://cloud.appwrite.io/v1\")\n    .project(\"<PROJECT_ID>\")\n    .key(\"<API_KEY>\")\n    .build()?;\n\
         # let _ = client;\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         See the crate README for the full guide, and [`services`] for every method.",
        title = super::docs::sanitize(&api.title),
        version = api.version,
        platform = api.platform,
        lib = lib_name,
    );
    let docs: Vec<String> = doc.lines().map(|l| format!(" {l}").trim_end().to_owned()).collect();
    let accessors = api.services.iter().enumerate().map(|(i, service)| {
        let cfg = features.service_cfg(i);
        let module = names::ident(&service.name.rust);
        let handle = names::ident(&service.type_name);
        let text = format!("The {} service: {} methods.", super::docs::code_span(&service.name.wire), service.operations.len());
        quote! {
            #[doc = #text]
            #cfg
            #[inline]
            pub fn #module(&self) -> services::#module::#handle {
                services::#module::#handle { client: self.clone() }
            }
        }
    });
    let runtime_allow = features.partial_build_allow();
    quote! {
        #( #![doc = #docs] )*
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        mod meta;
        #runtime_allow
        mod runtime;
        pub use runtime::*;

        pub mod enums;
        pub mod models;
        pub mod services;

        impl Client {
            #(#accessors)*
        }
    }
}

pub fn services_mod(api: &Api, features: &Features) -> TokenStream {
    let items = api.services.iter().enumerate().map(|(i, s)| {
        let cfg = features.service_cfg(i);
        let module = names::ident(&s.name.rust);
        let text = format!("The {} service.", super::docs::code_span(&s.name.wire));
        quote! { #[doc = #text] #cfg pub mod #module; }
    });
    quote! {
        //! One module per Appwrite service: its handle type and a request builder per method.
        #(#items)*
    }
}

pub fn meta_rs(api: &Api, crate_name: &str) -> TokenStream {
    let version = &api.version;
    let response_format = response_format(version);
    let endpoint = &api.endpoint;
    let platform = &api.platform;
    let docs = doc_attrs("Facts about the spec this crate was generated from, read by the runtime.");
    quote! {
        #docs
        #[allow(dead_code)]
        pub(crate) const SPEC_VERSION: &str = #version;
        /// Sent as `X-Appwrite-Response-Format` so the server answers in the shape the models expect.
        pub(crate) const RESPONSE_FORMAT: &str = #response_format;
        /// The endpoint a client talks to unless told otherwise.
        pub(crate) const DEFAULT_ENDPOINT: &str = #endpoint;
        /// Sent as `x-sdk-platform`.
        pub(crate) const PLATFORM: &str = #platform;
        /// Sent as `x-sdk-name` and in the `User-Agent`.
        pub(crate) const SDK_NAME: &str = #crate_name;
    }
}

/// Appwrite's response formats are named by minor release: spec 1.8.1
/// answers in format 1.8.0.
fn response_format(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some(major), Some(minor)) => format!("{major}.{minor}.0"),
        _ => version.to_owned(),
    }
}
