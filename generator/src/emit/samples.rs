//! Sample values built from the IR: for every parameter, a Rust expression a
//! caller could pass and the exact form it takes on the wire; for every model,
//! a JSON document its schema accepts. The generated operation tests call
//! each method with these values and check what the client sends (wiremock)
//! and what an independent validator (Prism) thinks of it.
//!
//! The IR keeps no `format` or range of a schema, only the spec's
//! `x-example`; Appwrite's examples carry the formats (`email@example.com`,
//! `https://example.com`, `+12065550100`), so they are used whenever they fit
//! the parameter's type, and parameter names fill the gaps.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use super::names;
use crate::ir::{Api, HttpMethod, Location, Operation, Param, TypeRef};

/// Contents and type of the file sent for `InputFile` parameters.
pub const FILE_NAME: &str = "sample.txt";
pub const FILE_CONTENT_TYPE: &str = "text/plain";
pub const FILE_CONTENTS: &str = "appwrite-rust sample upload\n";

/// One parameter's sample.
pub struct Sample {
    /// The argument or setter value, as Rust tokens. Refers to the crate as
    /// `krate` and to the helpers `json(&str)`, `json_map(&str)` and
    /// `model::<T>(&str)` that the test file defines.
    pub expr: TokenStream,
    /// The value as JSON (a body field). `Null` for files.
    pub json: Value,
}

/// A valid value of `param`, as the method takes it and as JSON.
pub fn param_sample(api: &Api, krate: &TokenStream, param: &Param) -> Sample {
    if param.ty == TypeRef::File {
        let name = FILE_NAME;
        let contents = FILE_CONTENTS;
        let mime = FILE_CONTENT_TYPE;
        return Sample {
            expr: quote!(#krate::InputFile::from_bytes(#contents, #name).mime_type(#mime)),
            json: Value::Null,
        };
    }
    let json = pick(api, &param.ty, param.example.as_ref(), param.default.as_ref(), &param.name.wire);
    let nullable_arg = param.required && param.nullable && param.location == Location::Body;
    let expr = top_expr(api, krate, &param.ty, &json);
    let expr = if nullable_arg { quote!(::std::option::Option::Some(#expr)) } else { expr };
    Sample { expr, json }
}

/// A parameter's value as a reader would write it in the docs: the spec's
/// example or a `<PLACEHOLDER>`, the crate's helpers where Appwrite's own
/// docs use them (`ID::unique()`, `Query`, `Permission`), and names the
/// example imports from the crate root (listed in `imports`).
pub struct DocSample {
    pub expr: TokenStream,
    pub imports: BTreeSet<&'static str>,
}

/// The docs' value of `param` (an argument of `op`), in the shape the
/// method takes it.
pub fn doc_sample(api: &Api, op: &Operation, lib: &TokenStream, param: &Param) -> DocSample {
    let mut imports = BTreeSet::new();
    let nullable_arg = param.required && param.nullable && param.location == Location::Body;
    let expr = if nullable_arg {
        let inner = match &param.ty {
            TypeRef::Object | TypeRef::Json | TypeRef::File => json_macro(&doc_json(param, Value::Object(Map::new()))),
            TypeRef::Array(inner) if matches!(**inner, TypeRef::Object | TypeRef::Json) => {
                json_macro(&doc_json(param, Value::Array(vec![Value::Object(Map::new())])))
            }
            other => doc_owned(api, op, lib, param, other, &mut imports),
        };
        quote!(Some(#inner))
    } else {
        doc_arg(api, op, lib, param, &mut imports)
    };
    DocSample { expr, imports }
}

/// A value in the argument's own shape (`types::arg_shape`): `&str` for
/// `impl Into<String>`, arrays for `impl IntoIterator`, `json!` for
/// `impl Serialize`.
fn doc_arg(
    api: &Api,
    op: &Operation,
    lib: &TokenStream,
    p: &Param,
    imports: &mut BTreeSet<&'static str>,
) -> TokenStream {
    let body = p.location == Location::Body;
    match &p.ty {
        TypeRef::String => {
            let asks_for_id = p.name.wire.ends_with("Id") && p.description.contains("ID.unique()");
            if asks_for_id && op.key.method == HttpMethod::Post {
                imports.insert("ID");
                quote!(ID::unique())
            } else {
                let text = doc_string(p);
                quote!(#text)
            }
        }
        TypeRef::Array(inner) if **inner == TypeRef::String => match p.name.wire.as_str() {
            "queries" => {
                imports.insert("Query");
                quote!([Query::limit(25)])
            }
            "permissions" => {
                imports.extend(["Permission", "Role"]);
                quote!([Permission::read(Role::any())])
            }
            _ => {
                let items: Vec<String> = match &p.example {
                    Some(Value::Array(items)) if !items.is_empty() && items.iter().all(Value::is_string) => {
                        items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
                    }
                    _ => vec![p.placeholder.clone()],
                };
                quote!([#(#items),*])
            }
        },
        TypeRef::Array(inner) if matches!(**inner, TypeRef::Object | TypeRef::Json) && body => {
            json_macro(&doc_json(p, Value::Array(vec![Value::Object(Map::new())])))
        }
        TypeRef::Array(inner) => {
            let item = doc_owned(api, op, lib, p, inner, imports);
            quote!([#item])
        }
        TypeRef::Object | TypeRef::Json => json_macro(&doc_json(p, Value::Object(Map::new()))),
        other => doc_owned(api, op, lib, p, other, imports),
    }
}

/// An owned value of the type `types::field_type` gives `ty`.
fn doc_owned(
    api: &Api,
    op: &Operation,
    lib: &TokenStream,
    p: &Param,
    ty: &TypeRef,
    imports: &mut BTreeSet<&'static str>,
) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::DateTime => {
            let text = doc_string(p);
            quote!(String::from(#text))
        }
        TypeRef::Integer => {
            let n = match &p.example {
                Some(Value::Number(n)) => n.as_i64().unwrap_or(1),
                _ => 1,
            };
            let lit = Literal::i64_unsuffixed(n);
            quote!(#lit)
        }
        TypeRef::Number => {
            let n = p.example.as_ref().and_then(Value::as_f64).filter(|f| f.is_finite()).unwrap_or(1.0);
            let lit = Literal::f64_unsuffixed(n);
            quote!(#lit)
        }
        TypeRef::Bool => {
            let b = !matches!(p.example, Some(Value::Bool(false)));
            quote!(#b)
        }
        TypeRef::Array(inner) => {
            let item = doc_owned(api, op, lib, p, inner, imports);
            quote!(vec![#item])
        }
        TypeRef::Object => quote!(serde_json::Map::new()),
        TypeRef::Json => json_macro(&doc_json(p, Value::Object(Map::new()))),
        TypeRef::File => {
            imports.insert("InputFile");
            quote!(InputFile::from_path("path/to/file"))
        }
        TypeRef::GraphqlRequest => {
            imports.insert("GraphqlRequest");
            let document = if op.key.path.ends_with("mutation") {
                "mutation { accountUpdateName(name: \"Ada\") { name } }"
            } else {
                "query { usersList { total } }"
            };
            quote!(GraphqlRequest::new(#document))
        }
        TypeRef::Enum(i) => {
            imports.insert("enums");
            let def = &api.enums[*i];
            let name = names::ident(&def.name);
            let wanted = p.example.as_ref().and_then(Value::as_str);
            match def.values.iter().find(|v| Some(v.wire.as_str()) == wanted).or(def.values.first()) {
                Some(v) => {
                    let variant = names::ident(&v.rust);
                    quote!(enums::#name::#variant)
                }
                None => {
                    let text = doc_string(p);
                    quote!(enums::#name::Unknown(String::from(#text)))
                }
            }
        }
        TypeRef::Model(_) | TypeRef::Union(_) => {
            // No Appwrite spec takes a model as a parameter; should one do,
            // the example still compiles by decoding the model from JSON.
            let name = match ty {
                TypeRef::Union(i) => names::ident(&api.unions[*i].name),
                TypeRef::Model(i) => names::ident(&api.models[*i].name.rust),
                _ => unreachable!("matched above"),
            };
            quote!(serde_json::from_value::<#lib::models::#name>(serde_json::json!({}))
                .map_err(|e| #lib::Error::InvalidInput(e.to_string()))?)
        }
    }
}

fn doc_string(p: &Param) -> String {
    match &p.example {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => p.placeholder.clone(),
    }
}

/// The spec's example when it is JSON of the same kind as `fallback`
/// (Appwrite often writes it as a string), else `fallback`.
fn doc_json(p: &Param, fallback: Value) -> Value {
    let parsed = match &p.example {
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).ok(),
        Some(other) => Some(other.clone()),
        None => None,
    };
    match parsed {
        Some(v) if std::mem::discriminant(&v) == std::mem::discriminant(&fallback) => v,
        _ => fallback,
    }
}

/// `serde_json::json!(..)` of a value: JSON text is valid Rust tokens.
fn json_macro(value: &Value) -> TokenStream {
    let tokens: TokenStream = value.to_string().parse().unwrap_or_else(|_| quote!({}));
    quote!(serde_json::json!(#tokens))
}

/// The same parameter with a value its schema forbids, when one can be
/// written through the typed API: an unknown enum value (also inside an
/// array). Used by the negative controls.
pub fn invalid_enum_sample(api: &Api, krate: &TokenStream, param: &Param) -> Option<TokenStream> {
    let (index, array) = match &param.ty {
        TypeRef::Enum(i) => (*i, false),
        TypeRef::Array(inner) => match **inner {
            TypeRef::Enum(i) => (i, true),
            _ => return None,
        },
        _ => return None,
    };
    let name = names::ident(&api.enums[index].name);
    let bad_value = INVALID_ENUM_VALUE;
    let bad = quote!(#krate::enums::#name::Unknown(::std::string::String::from(#bad_value)));
    let expr = if array { quote!([#bad]) } else { bad };
    Some(if param.required && param.nullable && param.location == Location::Body {
        quote!(::std::option::Option::Some(#expr))
    } else {
        expr
    })
}

/// A JSON document valid for model `index`, with every field set (optional
/// ones too, so that their types are decoded as well) and, for models that
/// take extra properties, one extra property.
pub fn model_sample(api: &Api, index: usize) -> Value {
    model_value(api, index, &mut Vec::new())
}

fn model_value(api: &Api, index: usize, stack: &mut Vec<usize>) -> Value {
    let model = &api.models[index];
    stack.push(index);
    let mut map = Map::new();
    for field in &model.fields {
        let recursive = field_models(api, &field.ty, &field.one_of).iter().any(|m| stack.contains(m));
        if recursive {
            // A self-containing model must end somewhere: optional fields are
            // left out, required ones get the emptiest valid value.
            if !field.required {
                continue;
            }
            let value = match &field.ty {
                TypeRef::Array(_) => Value::Array(Vec::new()),
                _ if field.nullable => Value::Null,
                _ => Value::Object(Map::new()),
            };
            map.insert(field.name.wire.clone(), value);
            continue;
        }
        let value = match (&field.ty, field.one_of.first()) {
            (TypeRef::Json, Some(first)) => model_value(api, *first, stack),
            (TypeRef::Array(inner), Some(first)) if **inner == TypeRef::Json => {
                Value::Array(vec![model_value(api, *first, stack)])
            }
            (ty, _) => type_value(api, ty, &field.name.wire, stack),
        };
        map.insert(field.name.wire.clone(), value);
    }
    if model.additional {
        map.entry("sampleExtra").or_insert_with(|| Value::String("extra".into()));
    }
    stack.pop();
    Value::Object(map)
}

fn field_models(api: &Api, ty: &TypeRef, one_of: &[usize]) -> Vec<usize> {
    let mut out = one_of.to_vec();
    let mut ty = ty;
    while let TypeRef::Array(inner) = ty {
        ty = inner;
    }
    match ty {
        TypeRef::Model(m) => out.push(*m),
        TypeRef::Union(u) => out.extend(api.unions[*u].members.iter().map(|m| m.model)),
        _ => {}
    }
    out
}

/// A JSON document of member `member` of union `index`, with the values
/// that tell the members apart set to the member's, so it decodes as that
/// member (or as one that encodes it the same way).
pub fn union_sample(api: &Api, index: usize, member: usize) -> Value {
    union_value(api, index, member, &mut Vec::new())
}

fn union_value(api: &Api, index: usize, member: usize, stack: &mut Vec<usize>) -> Value {
    let union = &api.unions[index];
    let mut value = model_value(api, union.members[member].model, stack);
    let tags = union.tags(&api.models);
    if let Value::Object(map) = &mut value {
        for (property, fixed) in tags.properties.iter().zip(&tags.values[member]) {
            if let Some(fixed) = fixed {
                map.insert(property.clone(), Value::String(fixed.clone()));
            }
        }
    }
    value
}

/// A value of `ty` for a model field named `name`.
fn type_value(api: &Api, ty: &TypeRef, name: &str, stack: &mut Vec<usize>) -> Value {
    match ty {
        TypeRef::Model(m) => model_value(api, *m, stack),
        TypeRef::Union(u) => union_value(api, *u, 0, stack),
        TypeRef::Array(inner) => Value::Array(vec![type_value(api, inner, name, stack)]),
        other => pick(api, other, None, None, name),
    }
}

/// A date in Appwrite's format, for fields and parameters that hold one.
const SAMPLE_DATETIME: &str = "2024-01-02T03:04:05.000+00:00";

/// The JSON value chosen for a parameter or field of type `ty`.
fn pick(api: &Api, ty: &TypeRef, example: Option<&Value>, default: Option<&Value>, name: &str) -> Value {
    let candidates = [example.and_then(|e| coerce(api, ty, e)), default.and_then(|d| coerce(api, ty, d))];
    if let Some(found) = candidates.into_iter().flatten().next() {
        return found;
    }
    let lower = name.to_ascii_lowercase();
    match ty {
        TypeRef::DateTime => Value::String(SAMPLE_DATETIME.into()),
        TypeRef::String | TypeRef::File => Value::String(
            if lower.contains("email") {
                "user@example.com"
            } else if lower.contains("url") || lower.contains("uri") {
                "https://example.com/path?q=1"
            } else if lower.contains("phone") {
                "+12065550100"
            } else if lower.ends_with("id") {
                "sample-id"
            } else if lower.contains("date") || lower.ends_with("at") {
                SAMPLE_DATETIME
            } else {
                "sample text"
            }
            .into(),
        ),
        TypeRef::Integer => Value::from(1),
        TypeRef::Number => Value::from(1.5),
        TypeRef::Bool => Value::Bool(true),
        TypeRef::Enum(i) => Value::String(api.enums[*i].values.first().map(|v| v.wire.clone()).unwrap_or_default()),
        TypeRef::Array(inner) => {
            if **inner == TypeRef::String && lower == "permissions" {
                return Value::Array(vec![Value::String("read(\"any\")".into())]);
            }
            Value::Array(vec![pick(api, inner, None, None, name)])
        }
        TypeRef::Object => Value::Object(Map::new()),
        TypeRef::Json => Value::Object(Map::new()),
        TypeRef::Model(m) => model_sample(api, *m),
        TypeRef::Union(u) => union_sample(api, *u, 0),
        TypeRef::GraphqlRequest => serde_json::json!({ "query": "query { sample }" }),
    }
}

/// `value` as a value of `ty`, when it is one (Appwrite writes many
/// examples as strings: `"1080"`, `"[\"a\"]"`, `"true"`).
fn coerce(api: &Api, ty: &TypeRef, value: &Value) -> Option<Value> {
    let parsed = value.as_str().and_then(|s| serde_json::from_str::<Value>(s).ok());
    match ty {
        TypeRef::String | TypeRef::DateTime => {
            value.as_str().filter(|s| !s.is_empty()).map(|s| Value::String(s.into()))
        }
        TypeRef::Integer => value.as_i64().or_else(|| value.as_str()?.trim().parse().ok()).map(Value::from),
        TypeRef::Number => {
            let n = value.as_f64().or_else(|| value.as_str()?.trim().parse().ok())?;
            n.is_finite().then(|| Value::from(n))
        }
        TypeRef::Bool => value.as_bool().or_else(|| value.as_str()?.parse().ok()).map(Value::Bool),
        TypeRef::Enum(i) => {
            let text = value.as_str()?;
            api.enums[*i].values.iter().any(|v| v.wire == text).then(|| Value::String(text.into()))
        }
        TypeRef::Array(inner) => {
            let items = match (value, &parsed) {
                (Value::Array(items), _) | (_, Some(Value::Array(items))) => items,
                _ => return None,
            };
            if items.is_empty() {
                return None;
            }
            items.iter().map(|item| coerce(api, inner, item)).collect::<Option<Vec<_>>>().map(Value::Array)
        }
        TypeRef::Object => match (value, parsed) {
            (Value::Object(map), _) => Some(Value::Object(map.clone())),
            (_, Some(Value::Object(map))) => Some(Value::Object(map)),
            _ => None,
        },
        TypeRef::Json => match (value, parsed) {
            (Value::Null, _) => None,
            (_, Some(parsed)) if !parsed.is_null() => Some(parsed),
            (other, _) => Some(other.clone()),
        },
        TypeRef::Model(_) | TypeRef::Union(_) | TypeRef::File | TypeRef::GraphqlRequest => None,
    }
}

/// Tokens of a top-level argument: objects and open JSON are passed as
/// `serde_json::Value` (what non-body parameters and nullable arguments
/// take; body parameters accept anything serializable).
fn top_expr(api: &Api, krate: &TokenStream, ty: &TypeRef, value: &Value) -> TokenStream {
    match ty {
        TypeRef::Object | TypeRef::Json => json_expr(value),
        _ => owned_expr(api, krate, ty, value),
    }
}

/// Tokens of the owned Rust value (`types::field_type`) holding `value`.
fn owned_expr(api: &Api, krate: &TokenStream, ty: &TypeRef, value: &Value) -> TokenStream {
    match ty {
        TypeRef::String => {
            let text = value.as_str().unwrap_or_default();
            quote!(::std::string::String::from(#text))
        }
        TypeRef::DateTime => {
            let text = value.as_str().unwrap_or_default();
            quote!(#krate::Timestamp::from(#text))
        }
        TypeRef::Integer => {
            let lit = Literal::i64_suffixed(value.as_i64().unwrap_or_default());
            quote!(#lit)
        }
        TypeRef::Number => {
            let lit = Literal::f64_suffixed(value.as_f64().unwrap_or_default());
            quote!(#lit)
        }
        TypeRef::Bool => {
            if value.as_bool().unwrap_or_default() {
                quote!(true)
            } else {
                quote!(false)
            }
        }
        TypeRef::Enum(i) => {
            let def = &api.enums[*i];
            let name = names::ident(&def.name);
            let wire = value.as_str().unwrap_or_default();
            match def.values.iter().find(|v| v.wire == wire) {
                Some(v) => {
                    let variant = names::ident(&v.rust);
                    quote!(#krate::enums::#name::#variant)
                }
                None => quote!(#krate::enums::#name::from(#wire)),
            }
        }
        TypeRef::Array(inner) => {
            let items = value
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|item| owned_expr(api, krate, inner, item));
            quote!(::std::vec![#(#items),*])
        }
        TypeRef::Object => {
            let text = value.to_string();
            quote!(json_map(#text))
        }
        TypeRef::Json | TypeRef::File => json_expr(value),
        TypeRef::GraphqlRequest => {
            let document = value.get("query").and_then(Value::as_str).unwrap_or_default();
            quote!(#krate::GraphqlRequest::new(#document))
        }
        TypeRef::Model(m) => {
            let name = names::ident(&api.models[*m].name.rust);
            let text = value.to_string();
            quote!(model::<#krate::models::#name>(#text))
        }
        TypeRef::Union(u) => {
            let name = names::ident(&api.unions[*u].name);
            let text = value.to_string();
            quote!(model::<#krate::models::#name>(#text))
        }
    }
}

fn json_expr(value: &Value) -> TokenStream {
    let text = value.to_string();
    quote!(json(#text))
}

/// The enum value the negative controls send, which no Appwrite enum has.
pub const INVALID_ENUM_VALUE: &str = "not-a-valid-value";
