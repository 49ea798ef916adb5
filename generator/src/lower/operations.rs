//! Paths -> operations, one per path+verb, or one per entry of
//! `x-appwrite.methods` where the spec lists several SDK methods.

use openapiv3::{Parameter, ReferenceOr, SchemaKind, StatusCode};
use serde_json::Value;

use super::refs;
use super::types::{EnumName, TypeLowerer};
use crate::error::{pointer, Result};
use crate::ir::{Deprecation, HttpMethod, Location, OpKey, OpKind, Operation, Param, Response, TypeRef};

/// An operation before it is sorted into its service.
pub struct Lowered {
    pub tag: String,
    pub operation: Operation,
}

pub fn lower_operations(types: &mut TypeLowerer<'_>) -> Result<Vec<Lowered>> {
    let spec = types.spec;
    let mut out = Vec::new();
    for (path, item) in &spec.doc.paths.paths {
        let item_at = pointer(["paths", path.as_str()]);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(spec.error(item_at, "path items given by `$ref` are not supported"))
            }
        };
        for (verb, op) in item.iter() {
            let at = format!("{item_at}/{verb}");
            let method =
                http_method(verb).ok_or_else(|| spec.error(&at, format!("unsupported HTTP method `{verb}`")))?;
            let mut shared_params = item.parameters.clone();
            shared_params.extend(op.parameters.iter().cloned());
            out.extend(lower_operation(types, path, method, op, &shared_params, &at)?);
        }
    }
    Ok(out)
}

fn http_method(verb: &str) -> Option<HttpMethod> {
    Some(match verb {
        "get" => HttpMethod::Get,
        "post" => HttpMethod::Post,
        "put" => HttpMethod::Put,
        "patch" => HttpMethod::Patch,
        "delete" => HttpMethod::Delete,
        "head" => HttpMethod::Head,
        "options" => HttpMethod::Options,
        "trace" => HttpMethod::Trace,
        _ => return None,
    })
}

fn lower_operation(
    types: &mut TypeLowerer<'_>,
    path: &str,
    method: HttpMethod,
    op: &openapiv3::Operation,
    parameters: &[ReferenceOr<Parameter>],
    at: &str,
) -> Result<Vec<Lowered>> {
    let appwrite = op.extensions.get("x-appwrite");
    let tag = op.tags.first().cloned().unwrap_or_else(|| first_segment(path));
    let spec_name = appwrite
        .and_then(|x| x.get("method"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| name_from_operation_id(op.operation_id.as_deref(), &tag, method, path));
    // Enums the spec leaves unnamed are named after the method and the
    // property, in the spec's words; normalization makes them a type name.
    let enum_prefix = format!("{tag} {spec_name}");

    let mut params = super::params::lower_params(types, parameters, op, at, &enum_prefix)?;
    let kind = op_kind(types, appwrite, op, &params, at)?;
    // Older specs mark an upload without marking its file part binary; the
    // upload's `file` property is the file then.
    if kind == OpKind::Upload && !params.iter().any(|p| p.ty == TypeRef::File) {
        if let Some(file) =
            params.iter_mut().find(|p| p.location == Location::Body && p.name.wire == "file" && p.ty == TypeRef::String)
        {
            file.ty = TypeRef::File;
        }
    }
    let response = lower_response(types, op, kind, at, &enum_prefix)?;
    let deprecation = deprecation(op.deprecated, appwrite.and_then(|x| x.get("deprecated")));
    let auth = auth_schemes(op, appwrite);
    let platforms = appwrite
        .and_then(|x| x.get("platforms"))
        .and_then(Value::as_array)
        .map(|p| p.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    let mut base = Operation {
        key: OpKey { method, path: path.to_owned(), variant: None },
        spec_name,
        name: String::new(),
        builder: String::new(),
        summary: op.summary.clone().unwrap_or_default(),
        description: op.description.clone().unwrap_or_default(),
        params,
        response,
        kind,
        deprecated: deprecation,
        aliases: Vec::new(),
        renamed_from: Vec::new(),
        auth,
        platforms,
        fixed_headers: Vec::new(),
        pointer: at.to_owned(),
    };
    if super::graphql::is_graphql(appwrite, method, path) {
        super::graphql::complete(&mut base);
    }

    let entries = match appwrite.and_then(|x| x.get("methods")) {
        None | Some(Value::Null) => None,
        Some(Value::Array(entries)) => Some(entries),
        Some(_) => {
            types.warn(
                format!("{at}/x-appwrite/methods"),
                "`x-appwrite.methods` is not a list: ignored, one method for the endpoint",
            );
            None
        }
    };
    let Some(entries) = entries else { return Ok(vec![Lowered { tag, operation: base }]) };
    let endpoint_auth = extension_auth(appwrite).unwrap_or_default();
    let mut out = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let entry_at = format!("{at}/x-appwrite/methods/{i}");
        if let Some(operation) = lower_variant(types, &base, &endpoint_auth, entry, &entry_at)? {
            out.push(Lowered { tag: tag.clone(), operation });
        }
    }
    if out.is_empty() {
        out.push(Lowered { tag, operation: base });
    }
    Ok(out)
}

/// One SDK method of a multi-method endpoint: its own parameter subset,
/// required flags, response, description and deprecation. The endpoint's own
/// `deprecated` flag is ignored here on purpose: it marks the endpoint when
/// any alias on it is deprecated, which would wrongly deprecate the live method.
fn lower_variant(
    types: &mut TypeLowerer<'_>,
    base: &Operation,
    endpoint_auth: &[String],
    entry: &Value,
    at: &str,
) -> Result<Option<Operation>> {
    let Some(name) = entry.get("name").and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        types.warn(format!("{at}/name"), "an `x-appwrite.methods` entry without a `name`: left out");
        return Ok(None);
    };
    let listed: Vec<&str> = strings(entry.get("parameters"));
    let required: Vec<&str> = strings(entry.get("required"));
    // A path parameter is needed to build the URL whether or not the entry lists it.
    let mut params: Vec<Param> = base
        .params
        .iter()
        .filter(|p| p.location == Location::Path && !listed.contains(&p.name.wire.as_str()))
        .cloned()
        .collect();
    for (i, wanted) in listed.iter().enumerate() {
        let Some(param) = base.params.iter().find(|p| p.name.wire == *wanted) else {
            types.warn(
                format!("{at}/parameters/{i}"),
                format!("`{wanted}` is not a parameter of this endpoint: left out of the method"),
            );
            continue;
        };
        let mut param = param.clone();
        param.required = param.location == Location::Path || required.contains(wanted);
        params.push(param);
    }
    let response = match entry.get("responses").and_then(Value::as_array).and_then(|r| r.first()) {
        Some(first) if matches!(base.kind, OpKind::Standard | OpKind::Upload) => {
            match first.get("model").and_then(Value::as_str) {
                Some(_) if first.get("code").and_then(Value::as_u64) == Some(204) => Response::Empty,
                Some(model) => response_of(types.ref_type(model, &format!("{at}/responses/0/model"))?),
                None => Response::Empty,
            }
        }
        _ => base.response.clone(),
    };
    let description = entry
        .get("description")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map_or_else(|| base.description.clone(), str::to_owned);
    let summary = entry
        .get("desc")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map_or_else(|| base.summary.clone(), str::to_owned);
    let auth = variant_auth(&base.auth, endpoint_auth, extension_auth(Some(entry)));
    Ok(Some(Operation {
        key: OpKey { variant: Some(name.to_owned()), ..base.key.clone() },
        spec_name: name.to_owned(),
        summary,
        description,
        params,
        response,
        deprecated: deprecation(false, entry.get("deprecated")),
        auth,
        pointer: at.to_owned(),
        ..base.clone()
    }))
}

/// What a method returns when its response is a schema `$ref`.
fn response_of(ty: TypeRef) -> Response {
    match ty {
        TypeRef::Model(model) => Response::Model(model),
        TypeRef::Union(union) => Response::Union(union),
        _ => Response::Json,
    }
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

fn first_segment(path: &str) -> String {
    path.split('/').find(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or("default").to_owned()
}

/// Without Appwrite's extension the name comes from `operationId`, minus a
/// leading service prefix (`accountCreateMFAAuthenticator` in `account`) and
/// minus machine-made suffixes (`createEmailVerification_0`); without an
/// operationId, from the verb and the path.
pub fn name_from_operation_id(operation_id: Option<&str>, tag: &str, method: HttpMethod, path: &str) -> String {
    let Some(id) = operation_id.filter(|s| !s.trim().is_empty()) else {
        let words: Vec<&str> = path.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')).collect();
        return format!("{} {}", method.naming_verb(), words.join(" "));
    };
    let mut name = id.trim();
    while let Some((head, tail)) = name.rsplit_once('_') {
        if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
            name = head;
        } else {
            break;
        }
    }
    match after_word_prefix(name, tag) {
        Some(rest) => rest.to_owned(),
        None => name.to_owned(),
    }
}

/// What follows `prefix` at the start of `name` when `prefix` is its first
/// word(s): letters and digits compared without regard to case or `_`, and
/// a word boundary (`_`, an upper-case letter or a digit) right after it
/// (`tablesDBCreateRow` after `tablesDB` is `CreateRow`; `accountant` has
/// no word `account`). `None` when nothing would be left.
fn after_word_prefix<'n>(name: &'n str, prefix: &str) -> Option<&'n str> {
    let mut wanted = prefix.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).peekable();
    wanted.peek()?;
    let mut rest = name;
    for c in wanted {
        rest = rest.trim_start_matches('_');
        let mut chars = rest.chars();
        if chars.next()?.to_ascii_lowercase() != c {
            return None;
        }
        rest = chars.as_str();
    }
    let boundary = rest.starts_with(|c: char| c == '_' || c.is_ascii_uppercase() || c.is_ascii_digit());
    let rest = rest.trim_start_matches('_');
    (boundary && !rest.is_empty()).then_some(rest)
}

fn deprecation(flag: bool, details: Option<&Value>) -> Option<Deprecation> {
    match details {
        Some(Value::Object(d)) => Some(Deprecation {
            since: d.get("since").and_then(Value::as_str).map(str::to_owned),
            replace_with: d.get("replaceWith").and_then(Value::as_str).map(str::to_owned),
            replacement: None,
        }),
        Some(Value::Bool(true)) => Some(Deprecation::default()),
        _ if flag => Some(Deprecation::default()),
        _ => None,
    }
}

/// The credentials an endpoint accepts: its OpenAPI `security`, which is
/// what the server enforces. `x-appwrite.auth` is only the fallback: it
/// lists the headers Appwrite's SDK templates send by default, which for
/// most endpoints leaves out the API key the server also takes.
fn auth_schemes(op: &openapiv3::Operation, appwrite: Option<&Value>) -> Vec<String> {
    if let Some(requirements) = &op.security {
        let mut names: Vec<String> = Vec::new();
        for name in requirements.iter().flat_map(|r| r.keys()) {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        return names;
    }
    extension_auth(appwrite).unwrap_or_default()
}

fn extension_auth(appwrite: Option<&Value>) -> Option<Vec<String>> {
    appwrite.and_then(|x| x.get("auth")).and_then(Value::as_object).map(|a| a.keys().cloned().collect())
}

/// The credentials of one SDK method of a multi-method endpoint. An entry
/// whose `auth` repeats the endpoint's default says nothing of its own, so
/// the endpoint's `security` holds (`createDocument` takes an API key too);
/// an entry that departs from the default narrows it (the bulk
/// `createDocuments` takes only an API key).
fn variant_auth(endpoint: &[String], endpoint_default: &[String], entry: Option<Vec<String>>) -> Vec<String> {
    let Some(entry) = entry else { return endpoint.to_vec() };
    let mut same_as_default = entry.clone();
    let mut default = endpoint_default.to_vec();
    same_as_default.sort();
    default.sort();
    if same_as_default == default {
        return endpoint.to_vec();
    }
    let narrowed: Vec<String> = endpoint.iter().filter(|scheme| entry.contains(scheme)).cloned().collect();
    if narrowed.is_empty() {
        entry
    } else {
        narrowed
    }
}

fn op_kind(
    types: &mut TypeLowerer<'_>,
    appwrite: Option<&Value>,
    op: &openapiv3::Operation,
    params: &[Param],
    at: &str,
) -> Result<OpKind> {
    match appwrite.and_then(|x| x.get("type")).and_then(Value::as_str) {
        Some("upload") => return Ok(OpKind::Upload),
        Some("location") => return Ok(OpKind::Location),
        Some("webAuth") => return Ok(OpKind::WebAuth),
        _ => {}
    }
    if params.iter().any(|p| p.ty == TypeRef::File) {
        return Ok(OpKind::Upload);
    }
    let Some((code, response, _)) = success_response(types, op, at)? else { return Ok(OpKind::Standard) };
    if (300..400).contains(&code) {
        return Ok(OpKind::WebAuth);
    }
    // 204 No Content has no body, whatever media type a spec gives it
    // (Appwrite 1.5's `PUT /account/mfa/challenge` gives an empty one).
    let binary = code != 204 && response.content.keys().any(|media| !is_json_like(media));
    Ok(if binary { OpKind::Location } else { OpKind::Standard })
}

fn is_json_like(media: &str) -> bool {
    media.contains("json") || media.starts_with("multipart/") || media == "*/*"
}

/// The lowest 2xx or 3xx response, followed when given by `$ref`, with the
/// pointer of where it is written.
fn success_response<'s>(
    types: &TypeLowerer<'s>,
    op: &'s openapiv3::Operation,
    at: &str,
) -> Result<Option<(u16, &'s openapiv3::Response, String)>> {
    let lowest = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, response)| match code {
            StatusCode::Code(code) if (200..400).contains(code) => Some((*code, code.to_string(), response)),
            StatusCode::Range(2) => Some((200, "2XX".to_owned(), response)),
            _ => None,
        })
        .min_by_key(|(code, _, _)| *code);
    let Some((code, key, response)) = lowest else { return Ok(None) };
    let response_at = format!("{at}{}", pointer(["responses", key.as_str()]));
    let (response, response_at) = refs::follow(types.spec, &refs::RESPONSES, response, &response_at)?;
    Ok(Some((code, response, response_at)))
}

fn lower_response(
    types: &mut TypeLowerer<'_>,
    op: &openapiv3::Operation,
    kind: OpKind,
    at: &str,
    context: &str,
) -> Result<Response> {
    match kind {
        OpKind::Location => return Ok(Response::Binary),
        OpKind::WebAuth => return Ok(Response::Redirect),
        OpKind::Standard | OpKind::Upload => {}
    }
    let Some((code, response, response_at)) = success_response(types, op, at)? else { return Ok(Response::Empty) };
    // 204 No Content has no body, whatever schema a spec attaches to it.
    if code == 204 {
        return Ok(Response::Empty);
    }
    let Some((media, content)) = response.content.iter().next() else { return Ok(Response::Empty) };
    let schema_at = format!("{response_at}{}", pointer(["content", media.as_str(), "schema"]));
    match &content.schema {
        Some(ReferenceOr::Reference { reference }) => Ok(response_of(types.ref_type(reference, &schema_at)?)),
        // Only a `oneOf` of models is typed inline; anything else a method
        // returns without a named schema is open JSON.
        Some(ReferenceOr::Item(schema)) => {
            let list = match &schema.schema_kind {
                SchemaKind::OneOf { one_of } => Some(("oneOf", one_of)),
                SchemaKind::AnyOf { any_of } => Some(("anyOf", any_of)),
                _ => None,
            };
            let Some((key, list)) = list else { return Ok(Response::Json) };
            let name = EnumName { context, property: "response" };
            Ok(types.union_of_schemas(list, &format!("{schema_at}/{key}"), name)?.map_or(Response::Json, response_of))
        }
        None => Ok(Response::Json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_lose_service_prefix_and_numeric_suffix() {
        let name = |id: &str, tag: &str| name_from_operation_id(Some(id), tag, HttpMethod::Post, "/x");
        assert_eq!(name("accountCreateMFAAuthenticator", "account"), "CreateMFAAuthenticator");
        assert_eq!(name("createEmailVerification_0", "account"), "createEmailVerification");
        assert_eq!(name("tablesDBCreateRow", "tablesDB"), "CreateRow");
        assert_eq!(name("proxy_rules_create", "proxy-rules"), "create");
        assert_eq!(name("accountant", "account"), "accountant");
        assert_eq!(name("users", "users"), "users");
    }

    #[test]
    fn missing_operation_id_uses_verb_and_path() {
        let name = name_from_operation_id(None, "users", HttpMethod::Delete, "/users/{userId}/sessions");
        assert_eq!(name, "delete users sessions");
    }
}
