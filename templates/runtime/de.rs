//! Decoding support shared by every generated model and enum.
//!
//! Models implement `Deserialize` through [`DecodeModel`] instead of
//! `#[derive(Deserialize)]`: the derive emits a field-identifier enum, its
//! visitor, a sequence visitor and a map visitor per model, which made model
//! decoding the largest part of the crate's compile time. Here each model
//! contributes one map-walking function, and the visitor around it is shared.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A JSON object key or string value, borrowed from the response body when
/// it has no escapes, so matching it against field names or enum values
/// allocates nothing.
pub struct Str<'de>(Cow<'de, str>);

impl Str<'_> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned (for keys kept as extra properties).
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor)
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Str<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Str(Cow::Borrowed(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Str(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Str(Cow::Owned(value)))
    }
}

/// A model decoded from a JSON object, one key at a time.
pub trait DecodeModel: Sized {
    /// The schema name, for "expected ..." errors.
    const NAME: &'static str;

    /// Reads every entry of the object and builds the model.
    fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes any [`DecodeModel`] from a JSON object.
pub fn decode_model<'de, D: Deserializer<'de>, M: DecodeModel>(deserializer: D) -> Result<M, D::Error> {
    deserializer.deserialize_map(ModelVisitor(PhantomData))
}

struct ModelVisitor<M>(PhantomData<M>);

impl<'de, M: DecodeModel> Visitor<'de> for ModelVisitor<M> {
    type Value = M;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", M::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<M, A::Error> {
        M::decode_map(map)
    }
}

/// A required field's value, or the error naming it when the object lacked it.
#[inline]
pub fn required<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// Decodes a model that keeps the properties beyond its schema (a
/// document's or row's own attributes) as a caller's type `T`, read
/// straight from the response: `known` takes each of the schema's own keys
/// with its value and answers `false` for any other key, which goes to `T`.
pub fn decode_rest<'de, A, T, F>(map: A, known: F) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
    F: FnMut(&str, &mut A) -> Result<bool, A::Error>,
{
    let mut rest = Rest { map, known };
    let data = T::deserialize(&mut rest)?;
    // A type of the caller's may stop reading before the object ends; the
    // schema's own keys after that point are still the model's.
    while let Some(key) = rest.map.next_key::<Str<'de>>()? {
        if !(rest.known)(key.as_str(), &mut rest.map)? {
            rest.map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(data)
}

/// The object a model is decoded from, less the schema's own keys: what
/// a caller's type sees of it.
struct Rest<A, F> {
    map: A,
    known: F,
}

impl<'de, A, F> MapAccess<'de> for Rest<A, F>
where
    A: MapAccess<'de>,
    F: FnMut(&str, &mut A) -> Result<bool, A::Error>,
{
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key::<Str<'de>>()? {
            if (self.known)(key.as_str(), &mut self.map)? {
                continue;
            }
            return match key.0 {
                Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
                Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
            }
            .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

impl<'de, A, F> Deserializer<'de> for &mut Rest<A, F>
where
    A: MapAccess<'de>,
    F: FnMut(&str, &mut A) -> Result<bool, A::Error>,
{
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    // As serde_json reads an object: as `Some(..)` and as a newtype's content.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A model's map of extra properties as a serde deserializer, read in place:
/// a caller's type decodes from it without the map being cloned into a
/// `Value` first. Beyond serde_json's own `&Map` deserializer, it reads as
/// `Some(..)` and as a newtype's content, as `&Value` does for an object.
pub(crate) struct Entries<'a>(pub(crate) &'a serde_json::Map<String, serde_json::Value>);

impl<'de> Deserializer<'de> for Entries<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pair {
        name: String,
        size: Option<i64>,
    }

    impl DecodeModel for Pair {
        const NAME: &'static str = "Pair";

        fn decode_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = None;
            let mut size = None;
            while let Some(key) = map.next_key::<Str<'de>>()? {
                match key.as_str() {
                    "name" => name = Some(map.next_value()?),
                    "size" => size = map.next_value()?,
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
            Ok(Pair { name: required(name, "name")?, size })
        }
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_model(deserializer)
        }
    }

    /// A model with extra properties, decoded as the generated ones are.
    #[derive(Debug, PartialEq)]
    struct Doc<T> {
        id: String,
        tags: Vec<String>,
        data: T,
    }

    impl<T: serde::de::DeserializeOwned> DecodeModel for Doc<T> {
        const NAME: &'static str = "Doc";

        fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            let mut id: Option<String> = None;
            let mut tags: Option<Vec<String>> = None;
            let data = decode_rest(map, |key, map| {
                match key {
                    "$id" => id = Some(map.next_value()?),
                    "$tags" => tags = Some(map.next_value()?),
                    _ => return Ok(false),
                }
                Ok(true)
            })?;
            Ok(Doc { id: required(id, "$id")?, tags: tags.unwrap_or_default(), data })
        }
    }

    impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Doc<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_model(deserializer)
        }
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Task {
        title: String,
        done: Option<bool>,
    }

    #[test]
    fn extra_properties_decode_as_the_callers_type_around_the_schemas_own_keys() {
        // Own keys before, between and after the caller's, one of them escaped.
        let text = r#"{"title":"a\"b","$i\u0064":"x","done":true,"$tags":["t"],"more":{"n":[1]}}"#;
        let typed: Doc<Task> = serde_json::from_str(text).unwrap();
        assert_eq!(
            typed,
            Doc { id: "x".into(), tags: vec!["t".into()], data: Task { title: "a\"b".into(), done: Some(true) } }
        );
        let map: Doc<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::Value::Object(map.data),
            serde_json::json!({"title": "a\"b", "done": true, "more": {"n": [1]}})
        );
        assert_eq!(map.id, "x");
        let ignored: Doc<IgnoredAny> = serde_json::from_str(text).unwrap();
        assert_eq!((ignored.id.as_str(), ignored.tags.len()), ("x", 1));
        let wrapped: Doc<Option<Task>> = serde_json::from_value(serde_json::json!({"$id": "y", "title": "t"})).unwrap();
        assert_eq!(wrapped.data, Some(Task { title: "t".into(), done: None }));
        let wrong = serde_json::from_str::<Doc<Task>>(r#"{"$id":"x","done":true}"#).unwrap_err();
        assert!(wrong.to_string().contains("missing field `title`"), "{wrong}");
        let no_id = serde_json::from_str::<Doc<Task>>(r#"{"title":"t"}"#).unwrap_err();
        assert!(no_id.to_string().contains("missing field `$id`"), "{no_id}");
    }

    /// A type that reads one entry and stops, as a hand-written visitor may.
    struct FirstEntry(String);

    impl<'de> Deserialize<'de> for FirstEntry {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct First;
            impl<'de> Visitor<'de> for First {
                type Value = FirstEntry;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FirstEntry, A::Error> {
                    let (key, _) = map.next_entry::<String, IgnoredAny>()?.unwrap_or_default();
                    Ok(FirstEntry(key))
                }
            }
            deserializer.deserialize_map(First)
        }
    }

    #[test]
    fn own_keys_after_where_the_callers_type_stopped_still_count() {
        let doc: Doc<FirstEntry> = serde_json::from_str(r#"{"a":1,"b":2,"$id":"x","$tags":["t"]}"#).unwrap();
        assert_eq!((doc.data.0.as_str(), doc.id.as_str(), doc.tags.len()), ("a", "x", 1));
    }

    #[test]
    fn keys_borrow_unless_escaped() {
        let plain: Str<'_> = serde_json::from_str(r#""name""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("name")));
        let escaped: Str<'_> = serde_json::from_str(r#""na\u006de""#).unwrap();
        assert!(matches!(escaped.0, Cow::Owned(ref s) if s == "name"));
    }

    #[test]
    fn decodes_objects_and_names_what_is_wrong() {
        let pair: Pair = serde_json::from_str(r#"{"size":3,"extra":[1,{"a":null}],"na\u006de":"x"}"#).unwrap();
        assert_eq!(pair, Pair { name: "x".into(), size: Some(3) });
        let pair: Pair = serde_json::from_value(serde_json::json!({"name": "y", "size": null})).unwrap();
        assert_eq!(pair, Pair { name: "y".into(), size: None });
        let missing = serde_json::from_str::<Pair>(r#"{"size":3}"#).unwrap_err();
        assert!(missing.to_string().contains("missing field `name`"), "{missing}");
        let wrong = serde_json::from_str::<Pair>("[1]").unwrap_err();
        assert!(wrong.to_string().contains("a Pair object"), "{wrong}");
    }
}
