//! `components/schemas` -> models.

use openapiv3::{ReferenceOr, SchemaKind, Type};

use super::types::{schema_pointer, EnumName, TypeLowerer};
use crate::error::Result;
use crate::ir::{Field, Model, Name, TypeRef};
use crate::normalize::naming;

pub fn lower_models(types: &mut TypeLowerer<'_>) -> Result<Vec<Model>> {
    let spec = types.spec;
    let Some(components) = spec.doc.components.as_ref() else { return Ok(Vec::new()) };
    let mut models = Vec::with_capacity(components.schemas.len());
    for (key, schema) in &components.schemas {
        let at = schema_pointer(key);
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { .. } => {
                return Err(spec.error(at, "a component schema that is only a `$ref` is not supported"))
            }
        };
        let type_name = naming::pascal(key);
        let mut model = Model {
            name: Name { wire: key.clone(), rust: type_name.clone() },
            description: schema.schema_data.description.clone().unwrap_or_default(),
            fields: Vec::new(),
            additional: false,
            pointer: at.clone(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                model.additional = object.additional_properties.as_ref().is_some_and(|a| match a {
                    openapiv3::AdditionalProperties::Any(any) => *any,
                    openapiv3::AdditionalProperties::Schema(_) => true,
                });
                for (wire, property) in &object.properties {
                    let field_at = format!("{at}/properties/{}", wire.replace('~', "~0").replace('/', "~1"));
                    let enum_name = EnumName { context: &type_name, property: wire };
                    let mut ty = types.lower_boxed(property, &field_at, enum_name)?;
                    if ty == TypeRef::String && matches!(property, ReferenceOr::Item(p) if is_datetime(p)) {
                        ty = TypeRef::DateTime;
                    }
                    let (nullable, description) = match property {
                        ReferenceOr::Item(p) => (
                            super::operations::is_nullable(&p.schema_data),
                            p.schema_data.description.clone().unwrap_or_default(),
                        ),
                        ReferenceOr::Reference { .. } => (false, String::new()),
                    };
                    let one_of = if matches!(ty, TypeRef::Json) || matches!(&ty, TypeRef::Array(inner) if **inner == TypeRef::Json) {
                        types.one_of_models(&field_at)
                    } else {
                        Vec::new()
                    };
                    model.fields.push(Field {
                        name: Name { wire: wire.clone(), rust: naming::snake(wire) },
                        ty,
                        required: object.required.contains(wire),
                        nullable,
                        description,
                        one_of,
                    });
                }
            }
            SchemaKind::Any(any) if any.typ.is_none() || any.typ.as_deref() == Some("object") => {
                model.additional = true;
            }
            _ => return Err(spec.error(at, "component schemas must be objects to become models")),
        }
        models.push(model);
    }
    Ok(models)
}

/// A string property that holds a date and time: `format: date-time`, or
/// (as Appwrite's specs mark them) an ISO 8601 `x-example`.
fn is_datetime(schema: &openapiv3::Schema) -> bool {
    if let SchemaKind::Type(Type::String(string)) = &schema.schema_kind {
        if matches!(string.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime)) {
            return true;
        }
    }
    schema.schema_data.extensions.get("x-example").and_then(serde_json::Value::as_str).is_some_and(looks_like_datetime)
}

/// `YYYY-MM-DDTHH:MM` at the start.
fn looks_like_datetime(text: &str) -> bool {
    let bytes = text.as_bytes();
    let pattern = b"dddd-dd-ddTdd:dd";
    bytes.len() >= pattern.len()
        && pattern.iter().zip(bytes).all(|(p, b)| if *p == b'd' { b.is_ascii_digit() } else { p == b })
}

#[cfg(test)]
mod tests {
    use super::looks_like_datetime;

    #[test]
    fn datetime_examples() {
        assert!(looks_like_datetime("2020-10-15T06:38:00.000+00:00"));
        assert!(looks_like_datetime("2020-10-15T06:38"));
        assert!(!looks_like_datetime("2020-10-15"));
        assert!(!looks_like_datetime("datetime"));
        assert!(!looks_like_datetime("2020-10-15 06:38:00"));
    }
}
