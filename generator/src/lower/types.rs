//! Schemas -> `TypeRef`, and the registry of enums met along the way.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use crate::error::{pointer, Result};
use crate::ir::{EnumDef, EnumValue, TypeRef};
use crate::load::Spec;

/// What an enum found in a schema is called when the spec gives it no
/// `x-enum-name`: `context` + the property's name.
#[derive(Clone, Copy)]
pub struct EnumName<'a> {
    pub context: &'a str,
    pub property: &'a str,
}

impl EnumName<'_> {
    /// The name in the spec's words; normalization makes it a type name.
    fn full(&self) -> String {
        format!("{} {}", self.context, self.property)
    }
}

/// Whether two names in the spec's words are the same name: letters and
/// digits compared without regard to case (`OAuthProvider`,
/// `oauthProvider`), so two spellings of one enum stay one enum.
fn same_name(a: &str, b: &str) -> bool {
    let letters = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    letters(a) == letters(b)
}

/// Turns schemas into types; owns the model index and the enum registry.
pub struct TypeLowerer<'a> {
    pub spec: &'a Spec,
    /// Schema key -> model index, in `components/schemas` order.
    pub model_index: IndexMap<String, usize>,
    pub enums: Vec<EnumDef>,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> TypeLowerer<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        let model_index = spec
            .doc
            .components
            .as_ref()
            .map(|c| c.schemas.keys().enumerate().map(|(i, k)| (k.clone(), i)).collect())
            .unwrap_or_default();
        TypeLowerer { spec, model_index, enums: Vec::new() }
    }

    /// Resolves `#/components/schemas/X` to X's model index.
    pub fn model_ref(&self, reference: &str, at: &str) -> Result<usize> {
        reference
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|name| self.model_index.get(name).copied())
            .ok_or_else(|| self.spec.error(at, format!("`$ref` to a missing schema: {reference}")))
    }

    /// The schema a `$ref` points at, for bodies given by reference.
    pub fn resolve<'s>(&'s self, schema: &'s ReferenceOr<Schema>, at: &str) -> Result<&'s Schema> {
        match schema {
            ReferenceOr::Item(schema) => Ok(schema),
            ReferenceOr::Reference { reference } => {
                let index = self.model_ref(reference, at)?;
                match self.spec.doc.components.as_ref().and_then(|c| c.schemas.get_index(index)) {
                    Some((_, ReferenceOr::Item(schema))) => Ok(schema),
                    _ => Err(self.spec.error(at, format!("`$ref` chains are not supported: {reference}"))),
                }
            }
        }
    }

    pub fn lower_ref(&mut self, schema: &ReferenceOr<Schema>, at: &str, enum_name: EnumName<'_>) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => Ok(TypeRef::Model(self.model_ref(reference, at)?)),
            ReferenceOr::Item(schema) => self.lower(schema, at, enum_name),
        }
    }

    pub fn lower_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, at: &str, enum_name: EnumName<'_>) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => Ok(TypeRef::Model(self.model_ref(reference, at)?)),
            ReferenceOr::Item(schema) => self.lower(schema, at, enum_name),
        }
    }

    /// `enum_name` is the name an enum found here gets when the spec gives
    /// none (`x-enum-name` wins).
    pub fn lower(&mut self, schema: &Schema, at: &str, enum_name: EnumName<'_>) -> Result<TypeRef> {
        let ext = &schema.schema_data.extensions;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if matches!(&string.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)) {
                    return Ok(TypeRef::File);
                }
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    return Ok(TypeRef::String);
                }
                let named = ext.get("x-enum-name").and_then(Value::as_str);
                let labels: Vec<String> = ext
                    .get("x-enum-keys")
                    .and_then(Value::as_array)
                    .map(|keys| keys.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                let description = schema.schema_data.description.clone().unwrap_or_default();
                let index = match named {
                    Some(name) => self.register_enum(name, &values, &labels, &description, at),
                    None => self.register_unnamed_enum(enum_name, &values, &labels, &description, at),
                };
                Ok(TypeRef::Enum(index))
            }
            SchemaKind::Type(Type::Integer(_)) => Ok(TypeRef::Integer),
            SchemaKind::Type(Type::Number(_)) => Ok(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => self.lower_boxed(items, &format!("{at}/items"), enum_name)?,
                    None => TypeRef::Json,
                };
                Ok(TypeRef::Array(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(_)) => self.lower_object(at),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => Ok(TypeRef::Json),
            SchemaKind::Not { .. } => Err(self.spec.error(at, "`not` schemas are not supported")),
            SchemaKind::Any(any) => match any.typ.as_deref() {
                None => Ok(TypeRef::Json),
                Some("object") => self.lower_object(at),
                Some(other) => Err(self.spec.error(at, format!("unsupported schema type `{other}`"))),
            },
        }
    }

    /// Appwrite writes "an object of model X" as `type: object` with
    /// `items: {$ref}`; `openapiv3` drops `items` there, so it is read from
    /// the raw tree.
    fn lower_object(&mut self, at: &str) -> Result<TypeRef> {
        let items = self.spec.at(at).and_then(|node| node.get("items"));
        if let Some(reference) = items.and_then(|i| i.get("$ref")).and_then(Value::as_str) {
            return Ok(TypeRef::Model(self.model_ref(reference, &format!("{at}/items"))?));
        }
        Ok(TypeRef::Object)
    }

    /// Models listed by a `oneOf`/`anyOf` (directly or under Appwrite's
    /// object/array `items`), for docs.
    pub fn one_of_models(&self, at: &str) -> Vec<usize> {
        let Some(node) = self.spec.at(at) else { return Vec::new() };
        let holder = node.get("items").unwrap_or(node);
        ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| holder.get(*k).and_then(Value::as_array))
            .flatten()
            .filter_map(|v| v.get("$ref").and_then(Value::as_str))
            .filter_map(|r| r.strip_prefix(SCHEMA_PREFIX).and_then(|n| self.model_index.get(n).copied()))
            .collect()
    }

    /// An enum the spec did not name is shared with an unnamed enum of the
    /// same property and the same values (`runtime` of functions and sites);
    /// normalization names a shared one after the property alone.
    fn register_unnamed_enum(&mut self, name: EnumName<'_>, values: &[String], labels: &[String], description: &str, at: &str) -> usize {
        let generic = name.property.to_owned();
        let same = self.enums.iter().position(|e| {
            e.generic_name.as_deref().is_some_and(|g| same_name(g, &generic)) && e.values.iter().map(|v| &v.wire).eq(values.iter())
        });
        if let Some(index) = same {
            self.enums[index].uses += 1;
            return index;
        }
        let index = self.register_enum(&name.full(), values, labels, description, at);
        self.enums[index].generic_name = Some(generic);
        index
    }

    /// Enums are shared by name: a second use with more values widens the
    /// enum, since every variant stays decodable and `Unknown` covers the rest.
    fn register_enum(&mut self, name: &str, values: &[String], labels: &[String], description: &str, at: &str) -> usize {
        if let Some(index) = self.enums.iter().position(|e| same_name(&e.name, name)) {
            let existing = &mut self.enums[index];
            for value in values {
                if !existing.values.iter().any(|v| &v.wire == value) {
                    existing.values.push(EnumValue { wire: value.clone(), rust: String::new(), label: None });
                }
            }
            return index;
        }
        let values = values
            .iter()
            .enumerate()
            .map(|(i, wire)| EnumValue {
                wire: wire.clone(),
                rust: String::new(),
                label: (labels.len() == values.len()).then(|| labels[i].clone()),
            })
            .collect();
        self.enums.push(EnumDef {
            name: name.to_owned(),
            module: String::new(),
            description: description.to_owned(),
            values,
            pointer: at.to_owned(),
            generic_name: None,
            uses: 1,
        });
        self.enums.len() - 1
    }
}

/// JSON pointer of a component schema.
pub fn schema_pointer(name: &str) -> String {
    pointer(["components", "schemas", name])
}
