//! `oneOf`/`anyOf` of models -> unions, with what each member's schema
//! fixes (the values that may tell the members apart at decoding time).

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::types::{EnumName, TypeLowerer};
use crate::error::{Error, Result};
use crate::ir::{FixedValue, TypeRef, Union, UnionMember};

impl TypeLowerer<'_> {
    /// The type of a `oneOf`/`anyOf` listing `refs`: a union when every
    /// member is a model (one model: that model), `None` otherwise, and on
    /// the request side, where callers pass any serializable value.
    pub(super) fn union_of(&mut self, refs: &[&str], at: &str, context: EnumName<'_>) -> Result<Option<TypeRef>> {
        if refs.is_empty() || self.request_side {
            return Ok(None);
        }
        let mut members: Vec<usize> = Vec::with_capacity(refs.len());
        for (i, reference) in refs.iter().enumerate() {
            match self.ref_type(reference, &format!("{at}/{i}"))? {
                TypeRef::Model(model) if !members.contains(&model) => members.push(model),
                TypeRef::Model(_) => {}
                _ => return Ok(None),
            }
        }
        if let [only] = members[..] {
            return Ok(Some(TypeRef::Model(only)));
        }
        let mut sorted = members.clone();
        sorted.sort_unstable();
        let same = self.unions.iter().position(|u| {
            let mut theirs: Vec<usize> = u.members.iter().map(|m| m.model).collect();
            theirs.sort_unstable();
            theirs == sorted
        });
        if let Some(index) = same {
            return Ok(Some(TypeRef::Union(index)));
        }
        let members = members
            .into_iter()
            .map(|model| UnionMember { model, variant: String::new(), fixed: self.fixed_values(model) })
            .collect();
        let context = if context.context.is_empty() {
            context.property.to_owned()
        } else {
            format!("{} {}", context.context, context.property)
        };
        self.unions.push(Union {
            name: String::new(),
            module: String::new(),
            context,
            members,
            pointer: at.to_owned(),
        });
        Ok(Some(TypeRef::Union(self.unions.len() - 1)))
    }

    /// The `$ref`s of a typed `oneOf`/`anyOf`, when every member is one.
    pub(super) fn union_of_schemas(
        &mut self,
        list: &[ReferenceOr<Schema>],
        at: &str,
        context: EnumName<'_>,
    ) -> Result<Option<TypeRef>> {
        let refs: Option<Vec<&str>> = list
            .iter()
            .map(|s| match s {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        match refs {
            Some(refs) => self.union_of(&refs, at, context),
            None => Ok(None),
        }
    }

    /// The same for a raw node (Appwrite's `type: object` with `items:
    /// {oneOf}`, which `openapiv3` drops).
    pub(super) fn union_of_raw(&mut self, node: &Value, at: &str, context: EnumName<'_>) -> Result<Option<TypeRef>> {
        let Some((key, list)) =
            ["oneOf", "anyOf"].iter().find_map(|k| node.get(*k).and_then(Value::as_array).map(|l| (*k, l)))
        else {
            return Ok(None);
        };
        let refs: Option<Vec<&str>> = list.iter().map(|m| m.get("$ref").and_then(Value::as_str)).collect();
        match refs {
            Some(refs) => self.union_of(&refs, &format!("{at}/{key}"), context),
            None => Ok(None),
        }
    }

    /// The required string properties whose value a model's schema fixes:
    /// exactly (a one-value `enum`, `const`) or as a hint (`x-example`,
    /// `default`).
    fn fixed_values(&self, model: usize) -> Vec<FixedValue> {
        let Some((key, _)) = self.model_index.get_index(model) else { return Vec::new() };
        let schema = self.spec.doc.components.as_ref().and_then(|c| c.schemas.get(key));
        let Some(ReferenceOr::Item(schema)) = schema else { return Vec::new() };
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required),
            SchemaKind::Any(any) => (&any.properties, &any.required),
            _ => return Vec::new(),
        };
        let at = super::types::schema_pointer(key);
        let mut out = Vec::new();
        for (property, schema) in properties {
            let ReferenceOr::Item(schema) = schema else { continue };
            if !required.contains(property) {
                continue;
            }
            let raw = self.spec.at(&format!("{at}{}", crate::error::pointer(["properties", property.as_str()])));
            if let Some((value, exact)) = fixed_string(schema, raw) {
                out.push(FixedValue { property: property.clone(), value, exact });
            }
        }
        out
    }
}

/// The one string a property schema fixes, and whether the schema allows
/// nothing else.
fn fixed_string(schema: &Schema, raw: Option<&Value>) -> Option<(String, bool)> {
    let is_string = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => true,
        SchemaKind::Any(any) => matches!(any.typ.as_deref(), None | Some("string")),
        _ => false,
    };
    if !is_string {
        return None;
    }
    let listed: Vec<&str> = raw
        .and_then(|r| r.get("enum"))
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let [only] = listed[..] {
        return Some((only.to_owned(), true));
    }
    if !listed.is_empty() {
        return None;
    }
    if let Some(value) = raw.and_then(|r| r.get("const")).and_then(Value::as_str) {
        return Some((value.to_owned(), true));
    }
    let hint = schema.schema_data.extensions.get("x-example").or(schema.schema_data.default.as_ref());
    hint.and_then(Value::as_str).filter(|v| !v.is_empty()).map(|v| (v.to_owned(), false))
}

/// Gives the union members the manifest lists (`schema -> property ->
/// value`) those tag values, and only those, as exact: they are what the server matches a
/// document against, where a spec's examples can be wrong (Appwrite 1.8's
/// geo attributes inherit the example `string`, but are sent as `point`,
/// `linestring` and `polygon`). A listed schema that is no union's member
/// is an error, so that the list cannot silently go stale.
pub fn set_union_tags(
    api: &mut crate::ir::Api,
    tags: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    manifest: &std::path::Path,
) -> Result<()> {
    for (schema, values) in tags {
        let Some(model) = api.models.iter().position(|m| &m.name.wire == schema) else {
            return Err(Error::new(manifest, "", format!("[tags] lists `{schema}`, but the spec has no such schema")));
        };
        let mut found = false;
        for member in api.unions.iter_mut().flat_map(|u| u.members.iter_mut()).filter(|m| m.model == model) {
            found = true;
            // The server's conditions are the whole rule: a hint the
            // table leaves out (`format` of a datetime) tells nothing.
            member.fixed = values
                .iter()
                .map(|(property, value)| FixedValue { property: property.clone(), value: value.clone(), exact: true })
                .collect();
        }
        if !found {
            return Err(Error::new(
                manifest,
                "",
                format!("[tags] lists `{schema}`, but it is no member of a `oneOf`/`anyOf` union"),
            ));
        }
    }
    Ok(())
}
