//! `components/schemas` -> models.

use openapiv3::{ReferenceOr, SchemaKind, Type};

use super::types::{schema_pointer, EnumName, TypeLowerer};
use crate::error::{Error, Result};
use crate::ir::{Api, Field, Model, Name, TypeRef};

pub fn lower_models(types: &mut TypeLowerer<'_>) -> Result<Vec<Model>> {
    let spec = types.spec;
    let Some(components) = spec.doc.components.as_ref() else { return Ok(Vec::new()) };
    let mut models = Vec::with_capacity(types.model_index.len());
    for (key, schema) in &components.schemas {
        // Other component schemas (enums, lists, aliases) are the types
        // `$ref`s to them stand for, not models.
        let ReferenceOr::Item(schema) = schema else { continue };
        if !types.model_index.contains_key(key) {
            continue;
        }
        let at = schema_pointer(key);
        let mut model = Model {
            name: Name { wire: key.clone(), rust: String::new() },
            module: String::new(),
            extra_field: None,
            description: schema.schema_data.description.clone().unwrap_or_default(),
            fields: Vec::new(),
            additional: false,
            pointer: at.clone(),
        };
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                (&object.properties, &object.required, object.additional_properties.as_ref())
            }
            SchemaKind::Any(any) => (&any.properties, &any.required, any.additional_properties.as_ref()),
            _ => continue,
        };
        model.additional = match additional {
            Some(openapiv3::AdditionalProperties::Any(any)) => *any,
            Some(openapiv3::AdditionalProperties::Schema(_)) => true,
            // An untyped schema without properties is an open object.
            None => properties.is_empty() && matches!(schema.schema_kind, SchemaKind::Any(_)),
        };
        for (wire, property) in properties {
            let field_at = format!("{at}/properties/{}", wire.replace('~', "~0").replace('/', "~1"));
            model.fields.push(lower_field(types, key, wire, property, &field_at, required.contains(wire))?);
        }
        models.push(model);
    }
    Ok(models)
}

fn lower_field(
    types: &mut TypeLowerer<'_>,
    model: &str,
    wire: &str,
    property: &ReferenceOr<Box<openapiv3::Schema>>,
    field_at: &str,
    required: bool,
) -> Result<Field> {
    let enum_name = EnumName { context: model, property: wire };
    let mut ty = types.lower_boxed(property, field_at, enum_name)?;
    if ty == TypeRef::String && matches!(property, ReferenceOr::Item(p) if is_datetime(p)) {
        ty = TypeRef::DateTime;
    }
    let (nullable, description, password_format) = match property {
        ReferenceOr::Item(p) => (
            types.allows_null(p, field_at),
            p.schema_data.description.clone().unwrap_or_default(),
            is_password_format(p),
        ),
        ReferenceOr::Reference { .. } => (false, String::new(), false),
    };
    let sensitive = can_hold_secret(&ty) && (password_format || looks_secret(wire, &description));
    let one_of = if matches!(ty, TypeRef::Json) || matches!(&ty, TypeRef::Array(inner) if **inner == TypeRef::Json) {
        types.one_of_models(field_at)
    } else {
        Vec::new()
    };
    Ok(Field {
        name: Name { wire: wire.to_owned(), rust: String::new() },
        ty,
        required,
        nullable,
        description,
        one_of,
        sensitive,
    })
}

/// Marks the fields the manifest lists (`"schema.property"`, wire names) as
/// sensitive. A listed field the spec lacks, or one that cannot hold a
/// secret, is an error: the list must not silently go stale.
pub fn mark_sensitive(api: &mut Api, fields: &[String], manifest: &std::path::Path) -> Result<()> {
    for entry in fields {
        let found = entry.split_once('.').and_then(|(schema, property)| {
            let model = api.models.iter_mut().find(|m| m.name.wire == schema)?;
            model.fields.iter_mut().find(|f| f.name.wire == property)
        });
        match found {
            Some(field) if can_hold_secret(&field.ty) => field.sensitive = true,
            Some(_) => {
                return Err(Error::new(
                    manifest,
                    "",
                    format!("[sensitive] field `{entry}` is not text, a list or an object, so it cannot be redacted"),
                ))
            }
            None => {
                return Err(Error::new(
                    manifest,
                    "",
                    format!("[sensitive] lists `{entry}`, but the spec has no such model field (`schema.property`)"),
                ))
            }
        }
    }
    Ok(())
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

/// `format: password`, OpenAPI's own mark for a secret string.
fn is_password_format(schema: &openapiv3::Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(string))
        if matches!(string.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)))
}

/// Types a secret can be in: text, lists of text (recovery codes), and
/// open objects (provider credentials). A `bool` named `secret` is a flag.
pub(crate) fn can_hold_secret(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Object | TypeRef::Json | TypeRef::Union(_) => true,
        TypeRef::Array(inner) => can_hold_secret(inner),
        _ => false,
    }
}

/// Last words of a property name that mean it holds a secret
/// (`secret`, `providerAccessToken`, `smtpPassword`, `httpPass`).
const SECRET_WORDS: [&str; 7] = ["secret", "password", "pass", "jwt", "token", "credentials", "otp"];

/// Two-word endings that do (`apiKey`, `signerKey`, `recoveryCodes`); a
/// bare `key` is an attribute's or a variable's name, not a secret.
const SECRET_PAIRS: [(&str, &str); 8] = [
    ("api", "key"),
    ("private", "key"),
    ("secret", "key"),
    ("signer", "key"),
    ("signature", "key"),
    ("access", "key"),
    ("recovery", "codes"),
    ("recovery", "code"),
];

/// Whether a property's name or description says it holds a secret.
fn looks_secret(wire: &str, description: &str) -> bool {
    let words = name_words(wire);
    let last = words.last().map(String::as_str);
    if last.is_some_and(|w| SECRET_WORDS.contains(&w)) {
        return true;
    }
    if let [.., before, last] = words.as_slice() {
        if SECRET_PAIRS.contains(&(before.as_str(), last.as_str())) {
            return true;
        }
    }
    // Descriptions are prose: only words that cannot mean anything else
    // count ("API key" is said of where a value comes from, not what it is).
    let prose: Vec<String> = description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    prose.iter().any(|w| w == "secret" || w == "jwt")
        || prose.windows(2).any(|pair| pair[0] == "private" && pair[1] == "key")
}

/// `providerAccessToken` -> `provider`, `access`, `token`; `$id` -> `id`;
/// `api_key` -> `api`, `key`.
fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            previous_lower = false;
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
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
    use super::{looks_like_datetime, looks_secret, name_words};

    #[test]
    fn secret_names_and_descriptions() {
        assert_eq!(name_words("providerAccessToken"), ["provider", "access", "token"]);
        assert_eq!(name_words("$id"), ["id"]);
        assert_eq!(name_words("JWT"), ["jwt"]);
        for secret in [
            "secret",
            "jwt",
            "password",
            "smtpPassword",
            "httpPass",
            "providerRefreshToken",
            "signerKey",
            "apiKey",
            "recoveryCodes",
            "credentials",
            "signatureKey",
        ] {
            assert!(looks_secret(secret, ""), "{secret}");
        }
        for plain in [
            "key",
            "twoWayKey",
            "$id",
            "name",
            "hash",
            "passwordUpdate",
            "tokens",
            "code",
            "countryCode",
            "phrase",
            "signature",
        ] {
            assert!(!looks_secret(plain, "Attribute Key."), "{plain}");
        }
        assert!(looks_secret("value", "JWT encoded string."));
        assert!(looks_secret("value", "Secret used to authenticate the user."));
        assert!(looks_secret("pem", "The private key in PEM."));
        assert!(!looks_secret("logs", "Empty unless the response is returned using an API key."));
        assert!(!looks_secret("hash", "Password hashing algorithm."));
    }

    #[test]
    fn datetime_examples() {
        assert!(looks_like_datetime("2020-10-15T06:38:00.000+00:00"));
        assert!(looks_like_datetime("2020-10-15T06:38"));
        assert!(!looks_like_datetime("2020-10-15"));
        assert!(!looks_like_datetime("datetime"));
        assert!(!looks_like_datetime("2020-10-15 06:38:00"));
    }
}
