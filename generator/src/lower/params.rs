//! An operation's parameters: path, query and header parameters, and the
//! properties of its request body.

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

use super::refs;
use super::types::{EnumName, TypeLowerer};
use crate::error::{pointer, Result};
use crate::ir::{Location, Name, Param, TypeRef};

pub(super) fn lower_params(
    types: &mut TypeLowerer<'_>,
    parameters: &[ReferenceOr<Parameter>],
    op: &openapiv3::Operation,
    at: &str,
    enum_prefix: &str,
) -> Result<Vec<Param>> {
    types.request_side = true;
    let params = lower_request(types, parameters, op, at, enum_prefix);
    types.request_side = false;
    params
}

fn lower_request(
    types: &mut TypeLowerer<'_>,
    parameters: &[ReferenceOr<Parameter>],
    op: &openapiv3::Operation,
    at: &str,
    enum_prefix: &str,
) -> Result<Vec<Param>> {
    // Keyed by (location, name) so an operation-level parameter replaces a
    // path-level one of the same name, as OpenAPI says.
    let mut by_name: IndexMap<(u8, String), Param> = IndexMap::new();
    for (i, parameter) in parameters.iter().enumerate() {
        let (parameter, p_at) =
            refs::follow(types.spec, &refs::PARAMETERS, parameter, &format!("{at}/parameters/{i}"))?;
        if let Some(param) = lower_param(types, parameter, &p_at, enum_prefix)? {
            by_name.insert((param.location as u8, param.name.wire.clone()), param);
        }
    }
    let mut params: Vec<Param> = by_name.into_values().collect();
    params.extend(lower_body(types, op, at, enum_prefix)?);
    Ok(params)
}

/// One path, query or header parameter; `None` for one the client cannot send.
fn lower_param(
    types: &mut TypeLowerer<'_>,
    parameter: &Parameter,
    p_at: &str,
    enum_prefix: &str,
) -> Result<Option<Param>> {
    let (location, data) = match parameter {
        Parameter::Path { parameter_data, .. } => (Location::Path, parameter_data),
        Parameter::Query { parameter_data, .. } => (Location::Query, parameter_data),
        Parameter::Header { parameter_data, .. } => (Location::Header, parameter_data),
        Parameter::Cookie { parameter_data, .. } => {
            types.warn(
                format!("{p_at}/in"),
                format!(
                    "cookie parameter `{}`: the client sends no cookies, left out of the method",
                    parameter_data.name
                ),
            );
            return Ok(None);
        }
    };
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => Some(schema),
        ParameterSchemaOrContent::Content(_) => {
            // Such a value is serialized by its media type (JSON text, say),
            // which the caller can write; the client sends it as given.
            types.warn(
                format!("{p_at}/content"),
                format!("parameter `{}` is described by `content`: typed as a `String` sent as given", data.name),
            );
            None
        }
    };
    let schema_at = format!("{p_at}/schema");
    let mut ty = match schema {
        Some(schema) => types.lower_ref(schema, &schema_at, EnumName { context: enum_prefix, property: &data.name })?,
        None => TypeRef::String,
    };
    if ty == TypeRef::File {
        types.warn(
            &schema_at,
            format!("parameter `{}` is a file, which only a multipart body can carry: typed as a `String`", data.name),
        );
        ty = TypeRef::String;
    }
    let item = match schema {
        Some(ReferenceOr::Item(s)) => Some(s),
        _ => None,
    };
    Ok(Some(Param {
        name: Name { wire: data.name.clone(), rust: String::new() },
        location,
        ty,
        required: data.required || location == Location::Path,
        nullable: item.is_some_and(|s| types.allows_null(s, &schema_at)),
        default: item.and_then(|s| s.schema_data.default.clone()),
        example: item.and_then(|s| s.schema_data.extensions.get("x-example").cloned()).or_else(|| data.example.clone()),
        description: data.description.clone().unwrap_or_default(),
        null_setter: None,
        placeholder: String::new(),
    }))
}

/// `nullable` in OpenAPI's words or in Appwrite's `x-nullable`.
pub(super) fn is_nullable(data: &openapiv3::SchemaData) -> bool {
    data.nullable || data.extensions.get("x-nullable") == Some(&Value::Bool(true))
}

/// Media types whose body the client sends: JSON (for an empty media type
/// too) or multipart with its file parts.
fn sendable(media: &str) -> bool {
    media.is_empty()
        || media.contains("json")
        || media.starts_with("multipart/")
        || media == "application/x-www-form-urlencoded"
}

fn lower_body(
    types: &mut TypeLowerer<'_>,
    op: &openapiv3::Operation,
    at: &str,
    enum_prefix: &str,
) -> Result<Vec<Param>> {
    let Some(body) = &op.request_body else { return Ok(Vec::new()) };
    let (body, body_at) = refs::follow(types.spec, &refs::REQUEST_BODIES, body, &format!("{at}/requestBody"))?;
    // A JSON or multipart entry is what the client sends, whichever comes first.
    let chosen = body.content.iter().find(|(media, _)| sendable(media)).or_else(|| body.content.iter().next());
    let Some((media, content)) = chosen else { return Ok(Vec::new()) };
    let media_at = format!("{body_at}{}", pointer(["content", media.as_str()]));
    if !sendable(media) {
        types.warn(&media_at, format!("request body media type `{media}`: the client sends JSON or multipart bodies only, the body is left out"));
        return Ok(Vec::new());
    }
    let Some(schema) = &content.schema else { return Ok(Vec::new()) };
    let (schema, schema_at) = types.resolve(schema, &format!("{media_at}/schema"))?;
    let (properties, required) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required),
        SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("object")) => (&any.properties, &any.required),
        _ => {
            types.warn(&schema_at, "a request body that is not an object: the client sends bodies as objects of named fields, the body is left out");
            return Ok(Vec::new());
        }
    };
    let mut params = Vec::with_capacity(properties.len());
    for (wire, property) in properties {
        let p_at = format!("{schema_at}{}", pointer(["properties", wire.as_str()]));
        let ty = types.lower_boxed(property, &p_at, EnumName { context: enum_prefix, property: wire })?;
        let item = match property {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { .. } => None,
        };
        params.push(Param {
            name: Name { wire: wire.clone(), rust: String::new() },
            location: Location::Body,
            ty,
            required: required.contains(wire),
            nullable: item.is_some_and(|s| types.allows_null(s, &p_at)),
            default: item.and_then(|s| s.schema_data.default.clone()),
            example: item.and_then(|s| {
                s.schema_data.extensions.get("x-example").cloned().or_else(|| s.schema_data.example.clone())
            }),
            description: item.and_then(|s| s.schema_data.description.clone()).unwrap_or_default(),
            null_setter: None,
            placeholder: String::new(),
        });
    }
    Ok(params)
}
