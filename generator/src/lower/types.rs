//! Schemas -> `TypeRef`, and the registry of enums met along the way.
//!
//! Lenient where a spec is odd, strict where it is broken: a construct with
//! no Rust type here becomes `serde_json::Value` (or the closest safe type)
//! and a [`Warning`] naming its JSON pointer; only a dangling or cyclic
//! `$ref` is an error.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use crate::error::{pointer, Result, Warning};
use crate::ir::{EnumDef, EnumValue, TypeRef, Union};
use crate::load::Spec;

/// What an enum found in a schema is called when the spec gives it no
/// `x-enum-name`: `context` + the property's name; an enum that is a
/// component schema of its own is called by its key (`context` empty).
#[derive(Clone, Copy)]
pub struct EnumName<'a> {
    pub context: &'a str,
    pub property: &'a str,
}

impl<'a> EnumName<'a> {
    /// The name of a component schema's own enum.
    pub fn component(key: &'a str) -> Self {
        EnumName { context: "", property: key }
    }

    /// The name in the spec's words; normalization makes it a type name.
    fn full(&self) -> String {
        if self.context.is_empty() {
            self.property.to_owned()
        } else {
            format!("{} {}", self.context, self.property)
        }
    }
}

/// Whether two names in the spec's words are the same name: letters and
/// digits compared without regard to case (`OAuthProvider`,
/// `oauthProvider`), so two spellings of one enum stay one enum.
fn same_name(a: &str, b: &str) -> bool {
    let letters =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    letters(a) == letters(b)
}

/// One value of an enum as a schema lists it, with what the spec says of it.
pub(super) struct Listed {
    pub wire: String,
    /// `x-enum-keys` entry or the `title` of a `oneOf` member: names the variant.
    pub label: Option<String>,
    /// The `description` of a `oneOf` member: documents the variant.
    pub description: Option<String>,
}

/// Turns schemas into types; owns the model index, the enum registry and
/// the warnings.
pub struct TypeLowerer<'a> {
    pub spec: &'a Spec,
    /// Schema key -> model index, for the component schemas that are
    /// objects, in `components/schemas` order.
    pub model_index: IndexMap<String, usize>,
    pub enums: Vec<EnumDef>,
    pub unions: Vec<Union>,
    pub warnings: Vec<Warning>,
    /// Lowering what a caller sends: a `oneOf` of models stays open JSON
    /// there, since the caller passes any serializable value.
    pub request_side: bool,
    /// Component schemas that are not models (enums, arrays, aliases of
    /// another component), by key: the type a `$ref` to them stands for.
    aliases: BTreeMap<String, TypeRef>,
    /// Components being resolved, to stop at a cycle.
    resolving: Vec<String>,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Whether a component schema becomes a model: an object, or a schema with
/// no type and nothing that says otherwise.
pub fn is_model_schema(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(any) => {
                matches!(any.typ.as_deref(), None | Some("object"))
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty()
                    && any.enumeration.is_empty()
                    && any.not.is_none()
                    && any.items.is_none()
            }
            _ => false,
        },
    }
}

impl<'a> TypeLowerer<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        let model_index = spec
            .doc
            .components
            .as_ref()
            .map(|c| {
                c.schemas
                    .iter()
                    .filter(|(_, s)| is_model_schema(s))
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect()
            })
            .unwrap_or_default();
        TypeLowerer {
            spec,
            model_index,
            enums: Vec::new(),
            unions: Vec::new(),
            warnings: Vec::new(),
            request_side: false,
            aliases: BTreeMap::new(),
            resolving: Vec::new(),
        }
    }

    pub fn warn(&mut self, at: impl Into<String>, message: impl Into<String>) {
        let warning = Warning::new(&self.spec.path, at, message);
        // A component reached from several places is lowered once, but a
        // construct inside an operation may be met twice (variants).
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// The key of the component a `$ref` names; a reference to anything
    /// else, or to a schema the spec lacks, is an error (the spec is broken,
    /// or needs files this generator does not read).
    fn component_key<'r>(&self, reference: &'r str, at: &str) -> Result<&'r str> {
        let key = reference.strip_prefix(SCHEMA_PREFIX).ok_or_else(|| {
            self.spec.error(at, format!("`$ref` to something other than a schema of this file: {reference}"))
        })?;
        let exists = self.spec.doc.components.as_ref().is_some_and(|c| c.schemas.contains_key(key));
        if exists {
            Ok(key)
        } else {
            Err(self.spec.error(at, format!("`$ref` to a missing schema: {reference}")))
        }
    }

    /// The type a `$ref` to a component schema stands for: its model, or,
    /// for a component that is not an object (an enum, a list, another
    /// `$ref`), that schema's own type.
    pub fn ref_type(&mut self, reference: &str, at: &str) -> Result<TypeRef> {
        let key = self.component_key(reference, at)?.to_owned();
        if let Some(&index) = self.model_index.get(&key) {
            return Ok(TypeRef::Model(index));
        }
        if let Some(ty) = self.aliases.get(&key) {
            return Ok(ty.clone());
        }
        let component_at = schema_pointer(&key);
        if self.resolving.contains(&key) {
            self.warn(&component_at, "`$ref` cycle through schemas that are not objects: typed as `serde_json::Value`");
            return Ok(TypeRef::Json);
        }
        self.resolving.push(key.clone());
        let spec = self.spec;
        let schema = spec.doc.components.as_ref().and_then(|c| c.schemas.get(&key));
        let ty = match schema {
            Some(ReferenceOr::Reference { reference }) => self.ref_type(reference, &component_at),
            Some(ReferenceOr::Item(schema)) => self.lower(schema, &component_at, EnumName::component(&key)),
            None => Ok(TypeRef::Json),
        };
        self.resolving.pop();
        let ty = ty?;
        self.aliases.insert(key, ty.clone());
        Ok(ty)
    }

    /// The schema a `$ref` finally points at (following `$ref` chains), and
    /// its pointer, for request bodies given by reference.
    pub fn resolve<'s>(&self, schema: &'s ReferenceOr<Schema>, at: &str) -> Result<(&'s Schema, String)>
    where
        'a: 's,
    {
        let mut current = schema;
        let mut current_at = at.to_owned();
        let mut seen = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(schema) => return Ok((schema, current_at)),
                ReferenceOr::Reference { reference } => {
                    let key = self.component_key(reference, &current_at)?;
                    if seen.contains(&key) {
                        return Err(self.spec.error(&current_at, format!("`$ref` cycle: {}", seen.join(" -> "))));
                    }
                    seen.push(key);
                    current_at = schema_pointer(key);
                    match self.spec.doc.components.as_ref().and_then(|c| c.schemas.get(key)) {
                        Some(next) => current = next,
                        None => {
                            return Err(self
                                .spec
                                .error(&current_at, format!("`$ref` to a missing schema: {reference}")))
                        }
                    }
                }
            }
        }
    }

    pub fn lower_ref(&mut self, schema: &ReferenceOr<Schema>, at: &str, enum_name: EnumName<'_>) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, at),
            ReferenceOr::Item(schema) => self.lower(schema, at, enum_name),
        }
    }

    pub fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        at: &str,
        enum_name: EnumName<'_>,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, at),
            ReferenceOr::Item(schema) => self.lower(schema, at, enum_name),
        }
    }

    /// `enum_name` is the name an enum found here gets when the spec gives
    /// none (`x-enum-name` wins).
    pub fn lower(&mut self, schema: &Schema, at: &str, enum_name: EnumName<'_>) -> Result<TypeRef> {
        if let Some(listed) = self.enum_values(schema, at) {
            return Ok(self.enum_type(schema, &listed, at, enum_name));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if matches!(&string.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)) {
                    return Ok(TypeRef::File);
                }
                Ok(TypeRef::String)
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
            SchemaKind::Type(Type::Object(_)) => self.lower_object(at, enum_name),
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                Ok(self.union_of_schemas(list, &format!("{at}/{key}"), enum_name)?.unwrap_or(TypeRef::Json))
            }
            SchemaKind::AllOf { .. } => {
                self.warn(at, "`allOf` is not typed: `serde_json::Value`");
                Ok(TypeRef::Json)
            }
            SchemaKind::Not { .. } => {
                self.warn(at, "`not` schemas are not typed: `serde_json::Value`");
                Ok(TypeRef::Json)
            }
            SchemaKind::Any(any) => self.lower_any(any, at, enum_name),
        }
    }

    /// A schema `openapiv3` could not file under one type: no `type`, a
    /// `type` OpenAPI 3.0 does not define, or keywords of several types.
    fn lower_any(&mut self, any: &openapiv3::AnySchema, at: &str, enum_name: EnumName<'_>) -> Result<TypeRef> {
        match any.typ.as_deref() {
            None if !any.all_of.is_empty() => {
                self.warn(at, "`allOf` is not typed: `serde_json::Value`");
                Ok(TypeRef::Json)
            }
            None if any.not.is_some() => {
                self.warn(at, "`not` schemas are not typed: `serde_json::Value`");
                Ok(TypeRef::Json)
            }
            None | Some("object") if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let (key, list) = if any.one_of.is_empty() { ("anyOf", &any.any_of) } else { ("oneOf", &any.one_of) };
                Ok(self.union_of_schemas(list, &format!("{at}/{key}"), enum_name)?.unwrap_or(TypeRef::Json))
            }
            None => Ok(TypeRef::Json),
            Some("object") => self.lower_object(at, enum_name),
            Some("array") => {
                let item = match &any.items {
                    Some(items) => self.lower_boxed(items, &format!("{at}/items"), enum_name)?,
                    None => TypeRef::Json,
                };
                Ok(TypeRef::Array(Box::new(item)))
            }
            Some("string") => Ok(TypeRef::String),
            Some("integer") => Ok(TypeRef::Integer),
            Some("number") => Ok(TypeRef::Number),
            Some("boolean") => Ok(TypeRef::Bool),
            // Swagger 2's upload type, still met in specs converted from it.
            Some("file") => {
                self.warn(format!("{at}/type"), "schema type `file` is Swagger 2, not OpenAPI 3.0: read as a file upload (`type: string, format: binary`)");
                Ok(TypeRef::File)
            }
            Some(other) => {
                self.warn(
                    format!("{at}/type"),
                    format!("unsupported schema type `{other}`: typed as `serde_json::Value`"),
                );
                Ok(TypeRef::Json)
            }
        }
    }

    /// Appwrite writes "an object of model X" as `type: object` with
    /// `items: {$ref}` (and "an object of one of these models" with `items:
    /// {oneOf}`); `openapiv3` drops `items` there, so it is read from the
    /// raw tree.
    fn lower_object(&mut self, at: &str, enum_name: EnumName<'_>) -> Result<TypeRef> {
        let spec = self.spec;
        let Some(items) = spec.at(at).and_then(|node| node.get("items")) else { return Ok(TypeRef::Object) };
        let items_at = format!("{at}/items");
        if let Some(reference) = items.get("$ref").and_then(Value::as_str) {
            return self.ref_type(reference, &items_at);
        }
        Ok(self.union_of_raw(items, &items_at, enum_name)?.unwrap_or(TypeRef::Object))
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

    /// Registers the enum a schema lists and returns its type.
    fn enum_type(&mut self, schema: &Schema, listed: &[Listed], at: &str, enum_name: EnumName<'_>) -> TypeRef {
        let ext = &schema.schema_data.extensions;
        let named = ext.get("x-enum-name").and_then(Value::as_str);
        let description = schema.schema_data.description.clone().unwrap_or_default();
        let index = match named {
            Some(name) => self.register_enum(name, listed, &description, at),
            None if enum_name.context.is_empty() => self.register_enum(enum_name.property, listed, &description, at),
            None => self.register_unnamed_enum(enum_name, listed, &description, at),
        };
        TypeRef::Enum(index)
    }

    /// An enum the spec did not name is shared with an unnamed enum of the
    /// same property and the same values (`runtime` of functions and sites);
    /// normalization names a shared one after the property alone.
    fn register_unnamed_enum(&mut self, name: EnumName<'_>, listed: &[Listed], description: &str, at: &str) -> usize {
        let generic = name.property.to_owned();
        let same = self.enums.iter().position(|e| {
            e.generic_name.as_deref().is_some_and(|g| same_name(g, &generic))
                && e.values.iter().map(|v| &v.wire).eq(listed.iter().map(|l| &l.wire))
        });
        if let Some(index) = same {
            self.enums[index].uses += 1;
            fill_descriptions(&mut self.enums[index], listed);
            return index;
        }
        let index = self.register_enum(&name.full(), listed, description, at);
        self.enums[index].generic_name = Some(generic);
        index
    }

    /// Enums are shared by name: a second use with more values widens the
    /// enum, since every variant stays decodable and `Unknown` covers the rest.
    fn register_enum(&mut self, name: &str, listed: &[Listed], description: &str, at: &str) -> usize {
        let value = |l: &Listed| EnumValue {
            wire: l.wire.clone(),
            rust: String::new(),
            label: l.label.clone(),
            description: l.description.clone(),
        };
        if let Some(index) = self.enums.iter().position(|e| same_name(&e.name, name)) {
            let existing = &mut self.enums[index];
            fill_descriptions(existing, listed);
            for listed in listed {
                if !existing.values.iter().any(|v| v.wire == listed.wire) {
                    existing.values.push(EnumValue { label: None, ..value(listed) });
                }
            }
            return index;
        }
        self.enums.push(EnumDef {
            name: name.to_owned(),
            module: String::new(),
            description: description.to_owned(),
            values: listed.iter().map(value).collect(),
            pointer: at.to_owned(),
            generic_name: None,
            uses: 1,
        });
        self.enums.len() - 1
    }
}

/// A value one use of a shared enum documents and another does not is
/// documented.
fn fill_descriptions(def: &mut EnumDef, listed: &[Listed]) {
    for value in &mut def.values {
        if value.description.is_none() {
            value.description = listed.iter().find(|l| l.wire == value.wire).and_then(|l| l.description.clone());
        }
    }
}

/// JSON pointer of a component schema.
pub fn schema_pointer(name: &str) -> String {
    pointer(["components", "schemas", name])
}
