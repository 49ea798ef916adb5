//! `tests/operations.rs` of the generated crate: every method called through
//! the public API with sample arguments (`samples`), twice (required
//! arguments only; every optional one set), in two test kinds:
//!
//! * against wiremock, checking the exact method, path, query string,
//!   headers and body each call sends and that the spec-shaped sample
//!   response decodes (and re-encodes to the same document);
//! * against Stoplight Prism (`cargo xtask contract`, base URL in
//!   `APPWRITE_CONTRACT_URL`), where an independent validator reading the
//!   same spec judges each request and generates each response; plus
//!   negative controls proving the validator rejects bad requests.
//!
//! Everything the cases need comes from the IR, so a new operation is covered
//! without hand-written code. One test function per service keeps the file
//! quick to compile: the cases are data plus one boxed future each.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::names;
use super::samples::{self, param_sample};
use super::wire_text::{multipart_pairs, percent_encode, query_pairs, scalar_text};
use crate::ir::{Api, HttpMethod, Location, OpKind, Operation, Param, Response, Service, TypeRef};
use crate::load::CrateInfo;

/// Environment variable with the Prism base URL (including `/v1`).
pub const CONTRACT_URL_VAR: &str = "APPWRITE_CONTRACT_URL";

/// Body of binary responses in the mock tests.
const BINARY_REPLY: &str = "\u{89}PNG sample bytes";

pub fn operations_file(api: &Api, krate: &CrateInfo) -> TokenStream {
    let lib = names::ident(&api.lib_name);
    let krate_path = quote!(#lib);
    let response_format = response_format(&api.version);
    let sdk_name = &krate.name;
    let sdk_version = &krate.version;
    let platform = &api.platform;
    let features = api.services.iter().map(|s| s.name.rust.as_str());
    let case_fns = api.services.iter().map(|s| service_cases(api, &krate_path, s));
    let mock_tests = api.services.iter().map(|s| {
        let test = format_ident!("wire_{}", s.name.rust);
        let cases = format_ident!("cases_{}", s.name.rust);
        quote! {
            #[tokio::test]
            async fn #test() {
                mock::run_service(#cases).await;
            }
        }
    });
    let services = api.services.iter().map(|s| {
        let wire = &s.name.wire;
        let cases = format_ident!("cases_{}", s.name.rust);
        quote!((#wire, #cases as CasesFn))
    });
    let controls = negative_controls(api, &krate_path);
    let binary_reply = BINARY_REPLY;
    let contract_var = CONTRACT_URL_VAR;
    let file_name = samples::FILE_NAME;
    let file_type = samples::FILE_CONTENT_TYPE;
    let file_contents = samples::FILE_CONTENTS;
    // Only a spec with uploads sends the sample file; an unused constant
    // would warn in the tests of every other crate.
    let uploads = api.services.iter().any(crate::ir::Service::uploads);
    let sample_file =
        uploads.then(|| quote!(const SAMPLE_FILE: (&str, &str, &str) = (#file_name, #file_type, #file_contents);));
    quote! {
        //! Every operation of the crate, called through the public API with
        //! sample arguments built from the spec: checked on the wire against
        //! wiremock (`wire_*` tests), and against Stoplight Prism validating
        //! the same spec (`contract_*` tests, run by `cargo xtask contract`).
        //! The runners are in `operations/harness.rs`; this file holds the
        //! cases.
        #![cfg(all(#(feature = #features),*))]
        #![allow(deprecated, clippy::too_many_lines, clippy::unreadable_literal)]

        #[path = "operations/harness.rs"]
        mod harness;

        use #lib as sdk;
        use harness::*;

        const SDK_HEADERS: &[(&str, &str)] = &[
            ("x-appwrite-project", "test-project"),
            ("x-appwrite-response-format", #response_format),
            ("x-sdk-name", #sdk_name),
            ("x-sdk-platform", #platform),
            ("x-sdk-language", "rust"),
            ("x-sdk-version", #sdk_version),
        ];

        #sample_file

        const BINARY_REPLY: &str = #binary_reply;

        const CONTRACT_URL_VAR: &str = #contract_var;

        #(#case_fns)*

        #(#mock_tests)*

        const SERVICES: &[(&str, CasesFn)] = &[#(#services),*];

        mod contract {
            use super::*;
            use harness::contract::{base_url, client, expect_rejected};

            #controls
        }
    }
}

/// `1.8.1` -> `1.8.0`, the format the runtime asks the server for.
fn response_format(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some(major), Some(minor)) => format!("{major}.{minor}.0"),
        _ => version.to_owned(),
    }
}

fn service_cases(api: &Api, krate: &TokenStream, service: &Service) -> TokenStream {
    let name = format_ident!("cases_{}", service.name.rust);
    let cases = service.operations.iter().flat_map(|op| {
        let has_optional = op.params.iter().any(|p| !p.required);
        let mut out = vec![case(api, krate, service, op, false)];
        if has_optional {
            out.push(case(api, krate, service, op, true));
        }
        out
    });
    quote! {
        fn #name(c: &Clients) -> Vec<Case> {
            Vec::from([#(#cases),*])
        }
    }
}

/// The method call with sample arguments; `all` also sets every optional
/// parameter; `replace` swaps one parameter's value (negative controls).
fn call_expr(
    api: &Api,
    krate: &TokenStream,
    service: &Service,
    op: &Operation,
    all: bool,
    replace: Option<(&Param, TokenStream)>,
) -> TokenStream {
    let accessor = names::ident(&service.name.rust);
    let method = names::ident(&op.name);
    let value = |p: &Param| match &replace {
        Some((target, expr)) if std::ptr::eq(*target, p) => expr.clone(),
        _ => param_sample(api, krate, p).expr,
    };
    let args = op.params.iter().filter(|p| p.required).map(value);
    let setters = op
        .params
        .iter()
        .filter(|p| !p.required && (all || replace.as_ref().is_some_and(|(t, _)| std::ptr::eq(*t, *p))))
        .map(|p| {
            let setter = names::ident(&p.name.rust);
            let v = value(p);
            quote!(.#setter(#v))
        });
    let client = match credential(op) {
        Credential::Key => quote!(c.key),
        Credential::Session => quote!(c.user),
    };
    quote!(#client.#accessor().#method(#(#args),*)#(#setters)*)
}

/// Which client a case runs on: Appwrite acts on one credential per
/// request, so a method that accepts an API key is called with one and any
/// other as a user (session).
#[derive(Clone, Copy)]
enum Credential {
    Key,
    Session,
}

fn credential(op: &Operation) -> Credential {
    if op.auth.is_empty() || op.auth.iter().any(|a| a == "Key") {
        Credential::Key
    } else {
        Credential::Session
    }
}

fn finisher(op: &Operation) -> TokenStream {
    match (op.kind, &op.response) {
        (OpKind::WebAuth, _) | (_, Response::Redirect) => quote!(url),
        (OpKind::Location, _) | (_, Response::Binary) => quote!(bytes),
        _ => quote!(decoded),
    }
}

fn case(api: &Api, krate: &TokenStream, service: &Service, op: &Operation, all: bool) -> TokenStream {
    let label =
        format!("{}.{} ({})", service.name.wire, op.name, if all { "all parameters" } else { "required parameters" });
    let set: Vec<&Param> =
        op.params.iter().filter(|p| p.required).chain(op.params.iter().filter(|p| all && !p.required)).collect();
    let values: Vec<(&Param, Value)> = set.iter().map(|p| (*p, param_sample(api, krate, p).json)).collect();

    let mut path = op.key.path.clone();
    for (p, v) in values.iter().filter(|(p, _)| p.location == Location::Path) {
        path = path.replace(&format!("{{{}}}", p.name.wire), &percent_encode(&scalar_text(v), &[]));
    }
    let query_pairs: Vec<(String, String)> = values
        .iter()
        .filter(|(p, _)| p.location == Location::Query)
        .flat_map(|(p, v)| query_pairs(&p.name.wire, &p.ty, v))
        .collect();
    let query = encode_query(&query_pairs);
    let param_headers = values
        .iter()
        .filter(|(p, _)| p.location == Location::Header)
        .map(|(p, v)| (p.name.wire.to_ascii_lowercase(), scalar_text(v)));
    let headers = param_headers.chain(op.fixed_headers.iter().cloned()).map(|(name, value)| quote!((#name, #value)));
    let body_fields: Map<String, Value> = values
        .iter()
        .filter(|(p, _)| p.location == Location::Body && p.ty != TypeRef::File)
        .map(|(p, v)| (p.name.wire.clone(), v.clone()))
        .collect();
    let file = values.iter().find(|(p, _)| p.ty == TypeRef::File).map(|(p, _)| p.name.wire.clone());

    let body = match (&file, op.kind) {
        (Some(field), _) => {
            let pairs = multipart_pairs(&body_fields).into_iter().map(|(k, v)| quote!((#k, #v)));
            quote!(Body::Multipart(&[#(#pairs),*], (#field, SAMPLE_FILE.0, SAMPLE_FILE.1, SAMPLE_FILE.2)))
        }
        _ if op.kind == OpKind::WebAuth => quote!(Body::None),
        _ if matches!(op.key.method, HttpMethod::Get | HttpMethod::Head) => quote!(Body::None),
        _ if body_fields.is_empty()
            && !matches!(op.key.method, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch) =>
        {
            quote!(Body::None)
        }
        _ => {
            let text = Value::Object(body_fields).to_string();
            quote!(Body::Json(#text))
        }
    };
    let reply = match (op.kind, &op.response) {
        (OpKind::WebAuth, _) | (_, Response::Redirect) => {
            let mut pairs = vec![("project".to_owned(), "test-project".to_owned())];
            pairs.extend(query_pairs.iter().cloned());
            let rest = format!("{path}?{}", encode_query(&pairs));
            quote!(Reply::Redirect(#rest))
        }
        (OpKind::Location, _) | (_, Response::Binary) => quote!(Reply::Bytes),
        (_, Response::Empty) => quote!(Reply::Empty),
        (_, Response::Model(m)) => {
            let text = samples::model_sample(api, *m).to_string();
            quote!(Reply::Json(#text))
        }
        (_, Response::Union(u)) => {
            let text = samples::union_sample(api, *u, 0).to_string();
            quote!(Reply::Json(#text))
        }
        (_, Response::Json) => quote!(Reply::Json(r#"{"sample":true}"#)),
        (_, Response::Graphql) => quote!(Reply::Json(r#"{"data":{"sample":true}}"#)),
    };
    let method = op.key.method.as_str();
    let call = call_expr(api, krate, service, op, all, None);
    let finish = finisher(op);
    let credential = match credential(op) {
        Credential::Key => format_ident!("Key"),
        Credential::Session => format_ident!("Session"),
    };
    quote! {
        Case {
            label: #label,
            method: #method,
            path: #path,
            query: #query,
            credential: Credential::#credential,
            headers: &[#(#headers),*],
            body: #body,
            reply: #reply,
            run: run(#call, #finish),
        }
    }
}

fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k, b"[]"), percent_encode(v, &[])))
        .collect::<Vec<_>>()
        .join("&")
}

/// Requests a validator must refuse, chosen from the IR so that they exist
/// for any spec: a required body field left out, a body field of the wrong
/// type, no project header, and unknown enum values (in a query array such
/// as `permissions[]`, and in a body).
fn negative_controls(api: &Api, krate: &TokenStream) -> TokenStream {
    let all_ops: Vec<(&Service, &Operation)> =
        api.services.iter().flat_map(|s| s.operations.iter().map(move |o| (s, o))).collect();
    let ops: Vec<(&Service, &Operation)> =
        all_ops.iter().copied().filter(|(_, o)| o.kind == OpKind::Standard).collect();
    let mut tests = Vec::new();

    let plain_body = |p: &Param| p.location == Location::Body && p.required && !p.nullable;
    if let Some((service, op, missing)) = ops.iter().find_map(|(s, o)| {
        let field = o.params.iter().find(|p| plain_body(p) && p.ty == TypeRef::String)?;
        Some((*s, *o, field))
    }) {
        tests.push(raw_control(api, krate, service, op, "contract_rejects_missing_required_body_field", missing, None));
    }
    if let Some((service, op, field)) = ops.iter().find_map(|(s, o)| {
        let field = o.params.iter().find(|p| plain_body(p) && matches!(p.ty, TypeRef::Integer | TypeRef::Bool))?;
        Some((*s, *o, field))
    }) {
        tests.push(raw_control(
            api,
            krate,
            service,
            op,
            "contract_rejects_wrong_body_type",
            field,
            Some(Value::String("not-a-number".into())),
        ));
    }
    if let Some((service, op)) = ops.first() {
        let call = call_expr(api, krate, service, op, false, None);
        let finish = finisher(op);
        let label = format!("{}.{}", service.name.wire, op.name);
        tests.push(quote! {
            #[tokio::test]
            async fn contract_rejects_missing_project_header() {
                let Some(base) = base_url() else { return };
                let c = &client(&base, false);
                expect_rejected(#label, run(#call, #finish).await, &[401], "").await;
            }
        });
    }
    let enum_query =
        all_ops.iter().filter(|(_, o)| matches!(o.kind, OpKind::Standard | OpKind::Location)).find_map(|(s, o)| {
            let p = o.params.iter().find(|p| {
                p.location == Location::Query
                    && matches!(&p.ty, TypeRef::Array(inner) if matches!(**inner, TypeRef::Enum(_)))
            })?;
            Some((*s, *o, p, "contract_rejects_bad_enum_in_query_array"))
        });
    let enum_body = ops.iter().find_map(|(s, o)| {
        let p = o.params.iter().find(|p| p.location == Location::Body && matches!(p.ty, TypeRef::Enum(_)))?;
        Some((*s, *o, p, "contract_rejects_bad_enum_in_body"))
    });
    for (service, op, param, test_name) in enum_query.into_iter().chain(enum_body) {
        let Some(bad) = samples::invalid_enum_sample(api, krate, param) else { continue };
        let call = call_expr(api, krate, service, op, false, Some((param, bad)));
        let finish = finisher(op);
        let label =
            format!("{}.{} with {} = {}", service.name.wire, op.name, param.name.wire, samples::INVALID_ENUM_VALUE);
        let test = format_ident!("{}", test_name);
        let wire = if param.location == Location::Query && matches!(param.ty, TypeRef::Array(_)) {
            format!("{}[]", param.name.wire)
        } else {
            param.name.wire.clone()
        };
        tests.push(quote! {
            #[tokio::test]
            async fn #test() {
                let Some(base) = base_url() else { return };
                let c = &client(&base, true);
                expect_rejected(#label, run(#call, #finish).await, &[400, 422], #wire).await;
            }
        });
    }
    quote! {
        #(#tests)*
    }
}

/// A request the typed API cannot express, sent with reqwest: the
/// required-arguments body of `op` with `field` removed (`value: None`) or
/// replaced by `value`.
fn raw_control(
    api: &Api,
    krate: &TokenStream,
    service: &Service,
    op: &Operation,
    test_name: &str,
    field: &Param,
    value: Option<Value>,
) -> TokenStream {
    let mut path = op.key.path.clone();
    let mut body = Map::new();
    let mut query = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let v = param_sample(api, krate, p).json;
        match p.location {
            Location::Path => {
                path = path.replace(&format!("{{{}}}", p.name.wire), &percent_encode(&scalar_text(&v), &[]))
            }
            Location::Query => query.extend(query_pairs(&p.name.wire, &p.ty, &v)),
            Location::Body => {
                body.insert(p.name.wire.clone(), v);
            }
            Location::Header => {}
        }
    }
    match &value {
        Some(v) => body.insert(field.name.wire.clone(), v.clone()),
        None => body.remove(&field.name.wire),
    };
    if !query.is_empty() {
        path = format!("{path}?{}", encode_query(&query));
    }
    let body = Value::Object(body).to_string();
    let method = op.key.method.as_str();
    let test = format_ident!("{}", test_name);
    let label = format!(
        "{} {} ({}.{}, {} {})",
        method,
        op.key.path,
        service.name.wire,
        op.name,
        field.name.wire,
        if value.is_some() { "of the wrong type" } else { "left out" }
    );
    let wire = &field.name.wire;
    let (credential_header, credential_value) = match credential(op) {
        Credential::Key => ("x-appwrite-key", "contract-key"),
        Credential::Session => ("x-appwrite-session", "contract-session"),
    };
    quote! {
        #[tokio::test]
        async fn #test() {
            let Some(base) = base_url() else { return };
            let http = sdk::ClientBuilder::reqwest_builder().timeout(std::time::Duration::from_secs(30)).build().unwrap_or_else(|e| panic!("{e}"));
            let method = reqwest::Method::from_bytes(#method.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            let response = http
                .request(method, format!("{base}{}", #path))
                .header("x-appwrite-project", "contract-project")
                .header(#credential_header, #credential_value)
                .header("content-type", "application/json")
                .body(#body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", #label));
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            assert!((400..500).contains(&status), "{}: expected a 4xx from Prism, got {status}: {text}", #label);
            assert!(text.contains(#wire), "{}: Prism's error should name `{}`: {text}", #label, #wire);
        }
    }
}
