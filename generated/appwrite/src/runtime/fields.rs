// @generated: copied by appwrite-generator from templates/ (the `src/runtime/fields.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! A few top-level fields of a JSON object, read straight from its text.
//!
//! Union tags, error bodies, the queries paging inspects and an upload's
//! state each need two or three fields of a document. Reading them here,
//! without building a `serde_json::Value`, allocates only for escaped
//! strings, and keeps the `Value` parser (a copy of serde_json's whole
//! parser, and a map built key by key) out of every build: this one reader
//! serves all of them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::de::Str;

/// A field's value, as far as the runtime reads one.
#[derive(Debug, PartialEq)]
pub(crate) enum Field<'a> {
    /// A string, borrowed from the text unless escaped.
    Str(Cow<'a, str>),
    /// An integer that fits in an `i64`.
    Int(i64),
    /// An array, with its first item when that is a string, an integer or
    /// an array.
    Array(Option<Box<Field<'a>>>),
    /// Anything else: `null`, a boolean, a fraction, an object.
    Other,
}

impl Field<'_> {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Field::Int(n) => u64::try_from(*n).ok(),
            _ => None,
        }
    }

    /// The first item of an array.
    pub(crate) fn first(&self) -> Option<&Field<'_>> {
        match self {
            Field::Array(first) => first.as_deref(),
            _ => None,
        }
    }
}

/// The values of `names` in the JSON object `text`, in the order of
/// `names` (`None` for a name it lacks); `None` when `text` is not a JSON
/// object.
pub(crate) fn fields<'a>(text: &'a str, names: &[&str]) -> Option<Vec<Option<Field<'a>>>> {
    let mut found: Vec<Option<Field<'a>>> = std::iter::repeat_with(|| None).take(names.len()).collect();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.deserialize_map(FieldsVisitor { names, found: &mut found }).ok()?;
    deserializer.end().ok()?;
    Some(found)
}

/// [`fields`] for names known in advance: their values as an array, in
/// the order of `names`.
pub(crate) fn fields_of<'a, const N: usize>(text: &'a str, names: [&str; N]) -> Option<[Option<Field<'a>>; N]> {
    fields(text, &names).and_then(|found| found.try_into().ok())
}

struct FieldsVisitor<'n, 'f, 'a> {
    names: &'n [&'n str],
    found: &'f mut Vec<Option<Field<'a>>>,
}

impl<'a> Visitor<'a> for FieldsVisitor<'_, '_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Str<'a>>()? {
            match self.names.iter().position(|name| *name == key.as_str()) {
                Some(index) => self.found[index] = Some(map.next_value::<Field<'a>>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'a> Deserialize<'a> for Field<'a> {
    fn deserialize<D: Deserializer<'a>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'a> Visitor<'a> for FieldVisitor {
    type Value = Field<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'a str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Borrowed(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Owned(value.to_owned())))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Field::Int(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(value).map_or(Field::Other, Field::Int))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let first = seq.next_element::<Field<'a>>()?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Field::Array(first.filter(|item| !matches!(item, Field::Other)).map(Box::new)))
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Field::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<'a>(text: &'a str, names: &[&str]) -> Option<Vec<Option<Field<'a>>>> {
        fields(text, names)
    }

    #[test]
    fn reads_the_named_fields_and_skips_the_rest() {
        let text = r#"{"skip":{"deep":[1,{"x":"y"}]},"type":"user_not_found","code":404,"message":"a \"b\""}"#;
        let found = read(text, &["message", "type", "code", "absent"]).unwrap_or_default();
        assert_eq!(found[0].as_ref().and_then(Field::as_str), Some("a \"b\""));
        assert!(matches!(found[1], Some(Field::Str(Cow::Borrowed("user_not_found")))));
        assert_eq!(found[2].as_ref().and_then(Field::as_u64), Some(404));
        assert_eq!(found[3], None);
    }

    #[test]
    fn arrays_keep_their_first_scalar_item() {
        let found =
            read(r#"{"method":"limit","values":[25,"x"],"none":[],"objects":[{}]}"#, &["values", "none", "objects"])
                .unwrap_or_default();
        assert_eq!(found[0].as_ref().and_then(Field::first).and_then(Field::as_u64), Some(25));
        assert_eq!(found[1], Some(Field::Array(None)));
        assert_eq!(found[2], Some(Field::Array(None)));
    }

    #[test]
    fn other_values_are_neither_text_nor_numbers() {
        let found = read(r#"{"a":null,"b":true,"c":1.5,"d":-3,"e":18446744073709551615}"#, &["a", "b", "c", "d", "e"])
            .unwrap_or_default();
        assert_eq!(found[..3], [Some(Field::Other), Some(Field::Other), Some(Field::Other)]);
        assert_eq!(found[3], Some(Field::Int(-3)));
        assert_eq!(found[3].as_ref().and_then(Field::as_u64), None);
        assert_eq!(found[4], Some(Field::Other));
    }

    #[test]
    fn only_a_whole_json_object_is_read() {
        for text in ["", "[1]", "\"text\"", "{\"a\":1", "{\"a\":1} trailing", "<html>"] {
            assert_eq!(read(text, &["a"]), None, "{text}");
        }
        assert_eq!(read(" {} ", &["a"]), Some(vec![None]));
    }
}
