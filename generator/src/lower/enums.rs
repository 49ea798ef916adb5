//! Enums in every encoding OpenAPI allows for a string with a fixed set of
//! values: `enum: [...]` (with Appwrite's `x-enum-keys`), `const`, a
//! `oneOf`/`anyOf` of one-value schemas each with a `title` or
//! `description` (how newer generators document each value), and any of
//! these with `null` among the values (a nullable enum).
//!
//! The `oneOf` encoding and `const` are read from the raw tree: `openapiv3`
//! has no field for `const`, and drops `oneOf` beside a `type`.

use openapiv3::{Schema, SchemaKind, Type};
use serde_json::Value;

use super::types::{schema_pointer, Listed, TypeLowerer};

/// How many `$ref`s a `oneOf` member may go through to reach its schema.
const MAX_REF_HOPS: usize = 16;

impl TypeLowerer<'_> {
    /// The string values `schema` (at `at`) is limited to, when it is an enum
    /// in one of the encodings above; `None` for any other schema.
    pub(super) fn enum_values(&self, schema: &Schema, at: &str) -> Option<Vec<Listed>> {
        let node = self.spec.at(at);
        let stringy = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if !values.is_empty() {
                    return Some(with_enum_keys(schema, values));
                }
                true
            }
            SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("string")) => {
                if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) {
                    let values: Vec<String> =
                        any.enumeration.iter().filter_map(Value::as_str).map(str::to_owned).collect();
                    if !values.is_empty() {
                        return Some(with_enum_keys(schema, values));
                    }
                }
                true
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            _ => false,
        };
        if !stringy {
            return None;
        }
        let node = node?;
        if let Some(value) = node.get("const").and_then(Value::as_str) {
            return Some(vec![Listed { wire: value.to_owned(), label: None, description: None }]);
        }
        self.one_of_values(node)
    }

    /// A `oneOf`/`anyOf` whose members each allow one string (and perhaps
    /// one allowing only `null`).
    fn one_of_values(&self, node: &Value) -> Option<Vec<Listed>> {
        let members = ["oneOf", "anyOf"].iter().find_map(|k| node.get(*k).and_then(Value::as_array))?;
        let mut listed = Vec::with_capacity(members.len());
        for member in members {
            let member = self.follow_raw(member)?;
            if only_null(member) {
                continue;
            }
            let wire = single_string(member)?;
            let text =
                |key: &str| member.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_owned);
            listed.push(Listed { wire, label: text("title"), description: text("description") });
        }
        (!listed.is_empty()).then_some(listed)
    }

    /// Whether a schema also allows `null`: `nullable` (or Appwrite's
    /// `x-nullable`), `null` among its `enum` values, or a `oneOf` member
    /// allowing only `null`.
    pub fn allows_null(&self, schema: &Schema, at: &str) -> bool {
        if super::params::is_nullable(&schema.schema_data) {
            return true;
        }
        let Some(node) = self.spec.at(at) else { return false };
        let enum_null =
            node.get("enum").and_then(Value::as_array).is_some_and(|values| values.iter().any(Value::is_null));
        let member_null = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| node.get(*k).and_then(Value::as_array))
            .flatten()
            .filter_map(|member| self.follow_raw(member))
            .any(only_null);
        enum_null || member_null
    }

    /// The raw schema a node stands for, through `$ref`s to component schemas.
    fn follow_raw<'v>(&'v self, mut node: &'v Value) -> Option<&'v Value> {
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else { return Some(node) };
            let key = reference.strip_prefix("#/components/schemas/")?;
            node = self.spec.at(&schema_pointer(key))?;
        }
        None
    }
}

/// Values of a plain `enum`, labelled by `x-enum-keys` when it lists one
/// label per value.
fn with_enum_keys(schema: &Schema, values: Vec<String>) -> Vec<Listed> {
    let labels: Vec<String> = schema
        .schema_data
        .extensions
        .get("x-enum-keys")
        .and_then(Value::as_array)
        .map(|keys| keys.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let labelled = labels.len() == values.len();
    values
        .into_iter()
        .enumerate()
        .map(|(i, wire)| Listed { wire, label: labelled.then(|| labels[i].clone()), description: None })
        .collect()
}

/// The one string a schema allows: `const`, or an `enum` of one string
/// (beside `null`).
fn single_string(member: &Value) -> Option<String> {
    if let Some(value) = member.get("const") {
        return value.as_str().map(str::to_owned);
    }
    let values: Vec<&Value> = member.get("enum")?.as_array()?.iter().filter(|v| !v.is_null()).collect();
    match values[..] {
        [Value::String(only)] => Some(only.clone()),
        _ => None,
    }
}

/// A `oneOf` member that allows only `null`: `type: "null"` (OpenAPI 3.1's
/// spelling, met in 3.0 documents), `enum: [null]`, `const: null`, or
/// `nullable: true` and nothing else.
fn only_null(member: &Value) -> bool {
    let Some(map) = member.as_object() else { return false };
    let typed_null = map.get("type").and_then(Value::as_str) == Some("null");
    let enum_null =
        map.get("enum").and_then(Value::as_array).is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_null));
    let const_null = map.get("const").is_some_and(Value::is_null);
    let bare_nullable = map.get("nullable") == Some(&Value::Bool(true))
        && map.keys().all(|k| matches!(k.as_str(), "nullable" | "description" | "title"));
    typed_null || enum_null || const_null || bare_nullable
}
