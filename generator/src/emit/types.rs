//! `TypeRef` -> Rust type tokens, for model fields and method arguments.

use proc_macro2::TokenStream;
use quote::quote;

use super::names;
use crate::ir::{Api, Location, Param, Response, TypeRef};

/// The owned Rust type that holds a value of `ty` in a model.
pub fn field_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::DateTime => quote!(crate::Timestamp),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Array(inner) => {
            let inner = field_type(api, inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Object => quote!(::serde_json::Map<String, ::serde_json::Value>),
        TypeRef::Json | TypeRef::File => quote!(::serde_json::Value),
        TypeRef::GraphqlRequest => quote!(crate::GraphqlRequest),
        TypeRef::Model(i) => {
            let name = names::ident(&api.models[*i].name.rust);
            quote!(crate::models::#name)
        }
        TypeRef::Enum(i) => {
            let name = names::ident(&api.enums[*i].name);
            quote!(crate::enums::#name)
        }
        TypeRef::Union(i) => {
            let name = names::ident(&api.unions[*i].name);
            quote!(crate::models::#name)
        }
    }
}

/// How a method argument or setter takes a parameter, and how the taken
/// value is turned into what the runtime stores.
pub struct ArgShape {
    /// The argument's type as the caller sees it.
    pub ty: TokenStream,
    /// Expression converting the argument to the value the runtime stores.
    pub convert: TokenStream,
}

/// Argument shape for a parameter given a value (not null), for the
/// argument named `value`.
pub fn arg_shape(api: &Api, param: &Param, value: &proc_macro2::Ident) -> ArgShape {
    let serialize_only = matches!(param.location, Location::Body);
    match &param.ty {
        TypeRef::String => ArgShape { ty: quote!(impl Into<String>), convert: quote!(Into::<String>::into(#value)) },
        TypeRef::Array(inner) if **inner == TypeRef::String => ArgShape {
            ty: quote!(impl IntoIterator<Item = impl Into<String>>),
            convert: quote!(#value.into_iter().map(Into::<String>::into).collect::<Vec<_>>()),
        },
        TypeRef::Array(inner) if matches!(**inner, TypeRef::Object | TypeRef::Json) && serialize_only => {
            ArgShape { ty: quote!(impl ::serde::Serialize), convert: quote!(#value) }
        }
        TypeRef::Array(inner) => {
            let inner_ty = field_type(api, inner);
            ArgShape {
                ty: quote!(impl IntoIterator<Item = #inner_ty>),
                convert: quote!(#value.into_iter().collect::<Vec<#inner_ty>>()),
            }
        }
        TypeRef::Object | TypeRef::Json if serialize_only => {
            ArgShape { ty: quote!(impl ::serde::Serialize), convert: quote!(#value) }
        }
        TypeRef::Object | TypeRef::Json => ArgShape { ty: quote!(::serde_json::Value), convert: quote!(#value) },
        TypeRef::File => ArgShape { ty: quote!(crate::InputFile), convert: quote!(#value) },
        TypeRef::GraphqlRequest => ArgShape {
            ty: quote!(impl Into<crate::GraphqlRequest>),
            convert: quote!(Into::<crate::GraphqlRequest>::into(#value)),
        },
        other => ArgShape { ty: field_type(api, other), convert: quote!(#value) },
    }
}

/// The concrete type of a required-but-nullable argument, passed as
/// `Option<T>` where `None` sends `null`.
pub fn nullable_arg_type(api: &Api, param: &Param) -> TokenStream {
    match &param.ty {
        TypeRef::Object | TypeRef::Json | TypeRef::File => quote!(::serde_json::Value),
        TypeRef::Array(inner) if matches!(**inner, TypeRef::Object | TypeRef::Json) => quote!(::serde_json::Value),
        other => field_type(api, other),
    }
}

/// The argument type of a required parameter or setter as docs show it:
/// the very type the generated signature has (`impl Into<String>`,
/// `impl serde::Serialize`, `Option<serde_json::Value>`), so the two cannot
/// disagree.
pub fn arg_type_text(api: &Api, param: &Param) -> String {
    let ident = proc_macro2::Ident::new("value", proc_macro2::Span::call_site());
    if param.required && param.nullable && param.location == Location::Body {
        let inner = nullable_arg_type(api, param);
        return type_text(&quote!(Option<#inner>));
    }
    type_text(&arg_shape(api, param, &ident).ty)
}

/// Type tokens as a reader writes them: `impl Into<String>`, not
/// `impl Into < String >`, without the `crate::` and leading `::` that
/// generated code spells out.
pub fn type_text(tokens: &TokenStream) -> String {
    let text = tokens.to_string();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let starts_path = kept.last().is_none_or(|last| matches!(*last, "impl" | "dyn" | "<" | "(" | "," | "=" | "&"));
        if word == "crate" && words.get(i + 1) == Some(&"::") {
            i += 2;
            continue;
        }
        if word == "::" && starts_path {
            i += 1;
            continue;
        }
        kept.push(word);
        i += 1;
    }
    let mut out = String::with_capacity(text.len());
    for (i, word) in kept.iter().enumerate() {
        let glued_to_last =
            i == 0 || matches!(*word, "::" | "<") || word.starts_with(['>', ',']) || matches!(kept[i - 1], "::" | "<");
        if !glued_to_last {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Rust type as shown in docs (`String`, `Vec<String>`, `models::User`).
pub fn display_type(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::DateTime => "Timestamp".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Array(inner) => format!("Vec<{}>", display_type(api, inner)),
        TypeRef::Object => "serde_json::Map<String, Value>".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::File => "InputFile".into(),
        TypeRef::GraphqlRequest => "GraphqlRequest".into(),
        TypeRef::Model(i) => format!("models::{}", api.models[*i].name.rust),
        TypeRef::Enum(i) => format!("enums::{}", api.enums[*i].name),
        TypeRef::Union(i) => format!("models::{}", api.unions[*i].name),
    }
}

/// What a method returns, as shown in summaries and change reports.
pub fn display_response(api: &Api, response: &Response) -> String {
    match response {
        Response::Empty => "()".into(),
        Response::Model(i) => api.models[*i].name.rust.clone(),
        Response::Union(i) => api.unions[*i].name.clone(),
        Response::Json => "serde_json::Value".into(),
        Response::Graphql => "GraphqlResponse".into(),
        Response::Binary => "Bytes".into(),
        Response::Redirect => "String (URL)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_text_reads_like_source() {
        let cases = [
            (quote!(impl Into<String>), "impl Into<String>"),
            (quote!(impl IntoIterator<Item = impl Into<String>>), "impl IntoIterator<Item = impl Into<String>>"),
            (quote!(impl ::serde::Serialize), "impl serde::Serialize"),
            (quote!(Option<::serde_json::Value>), "Option<serde_json::Value>"),
            (quote!(crate::models::User), "models::User"),
            (quote!(::serde_json::Map<String, ::serde_json::Value>), "serde_json::Map<String, serde_json::Value>"),
            (quote!(Vec<crate::enums::Scopes>), "Vec<enums::Scopes>"),
        ];
        for (tokens, text) in cases {
            assert_eq!(type_text(&tokens), text);
        }
    }
}
