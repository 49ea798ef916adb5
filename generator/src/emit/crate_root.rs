//! `src/lib.rs` and `src/meta.rs`: the crate root wires the hand-written
//! runtime to the generated services, models and enums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::features::Features;
use super::names;
use crate::ir::Api;

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
        let text = format!(
            "The {} service: {} methods.",
            super::docs::code_span(&service.name.wire),
            service.operations.len()
        );
        quote! {
            #[doc = #text]
            #cfg
            #[inline]
            pub fn #module(&self) -> services::#module::#handle {
                services::#module::#handle { client: self.clone() }
            }
        }
    });
    let disabled = api.services.iter().map(disabled_accessor);
    let gates = feature_gates(api);
    let runtime_allow = features.partial_build_allow();
    quote! {
        #( #![doc = #docs] )*
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]
        // docs.rs builds with `--cfg docsrs` (see [package.metadata.docs.rs]):
        // every item then shows the features it needs.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        mod meta;
        #runtime_allow
        mod runtime;
        pub use runtime::*;

        pub mod enums;
        pub mod models;
        pub mod services;

        impl Client {
            #(#accessors)*
            #(#disabled)*
        }

        #gates
    }
}

/// The accessor of a service whose feature is off. It exists only to fail
/// a call with a message naming the feature (a bare "no method named
/// `storage`" leaves the reader to guess): its bound on the caller's
/// borrow holds for no type, so rustc reports the bound's
/// `on_unimplemented` text. The lifetime keeps the bound from being
/// checked, and refused, where it is declared.
fn disabled_accessor(service: &crate::ir::Service) -> TokenStream {
    // Each service's feature is named after its module (see `Features`).
    let feature = &service.name.rust;
    let module = names::ident(&service.name.rust);
    let gate = gate_trait(service);
    quote! {
        #[cfg(not(feature = #feature))]
        #[doc(hidden)]
        pub fn #module<'a>(&'a self) -> feature_gates::Disabled
        where
            &'a Self: feature_gates::#gate,
        {
            feature_gates::Disabled
        }
    }
}

fn gate_trait(service: &crate::ir::Service) -> proc_macro2::Ident {
    format_ident!("{}Feature", service.type_name)
}

/// The traits behind [`disabled_accessor`]: one per service, implemented by
/// nothing, each carrying the compiler message for its feature.
fn feature_gates(api: &Api) -> TokenStream {
    let traits = api.services.iter().map(|service| {
        let feature = &service.name.rust;
        let gate = gate_trait(service);
        let accessor = names::display(&service.name.rust);
        let message = format!("`client.{accessor}()` needs the `{feature}` cargo feature of the Appwrite client crate");
        let label = format!("the `{feature}` service is not compiled in");
        let note = format!(
            "add \"{feature}\" to `features` where your Cargo.toml depends on the crate; every service is on by default"
        );
        quote! {
            #[cfg(not(feature = #feature))]
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            pub trait #gate {}
        }
    });
    quote! {
        /// Compile-time messages for services whose feature is off.
        #[doc(hidden)]
        pub mod feature_gates {
            /// What the accessor of a service left out returns; never built.
            #[derive(Debug)]
            pub struct Disabled;
            #(#traits)*
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

pub fn meta_rs(api: &Api, crate_name: &str, features: &Features) -> TokenStream {
    let version = &api.version;
    let response_format = response_format(version);
    let endpoint = &api.endpoint;
    let platform = &api.platform;
    let docs = doc_attrs("Facts about the spec this crate was generated from, read by the runtime.");
    let union_cfg = features.union_runtime_cfg();
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

        /// Compiles the runtime's union decoder (`runtime/union.rs`) only
        /// in builds that have a generated union to decode.
        macro_rules! with_unions {
            ($($item:item)*) => { $( #union_cfg $item )* };
        }
        pub(crate) use with_unions;
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
