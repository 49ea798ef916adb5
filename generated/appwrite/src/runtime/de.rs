// @generated: copied by appwrite-generator from templates/ (the `src/runtime/de.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

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

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

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

/// The order in which a union's members are tried on a document.
///
/// `members` lists them in the generator's order (more required fields
/// first), each with its value of every property in `tags` (`None`: the
/// member does not fix it). A member whose value differs from the
/// document's is passed over; the others come first, those matching more
/// values ahead (stably). When the values are hints from the spec's
/// examples (`exact` false), the passed-over members follow, since the
/// server may spell a tag differently from the spec's example.
pub fn union_order(value: &serde_json::Value, tags: &[&str], members: &[&[Option<&str>]], exact: bool) -> Vec<usize> {
    let found: Vec<Option<&str>> = tags.iter().map(|tag| value.get(*tag).and_then(serde_json::Value::as_str)).collect();
    let mut fitting: Vec<(usize, usize)> = Vec::with_capacity(members.len());
    let mut others = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let mut matched = 0;
        let mut fits = true;
        for (wanted, got) in member.iter().zip(&found) {
            match wanted {
                None => {}
                Some(wanted) if Some(*wanted) == *got => matched += 1,
                Some(_) => fits = false,
            }
        }
        if fits {
            fitting.push((matched, index));
        } else {
            others.push(index);
        }
    }
    fitting.sort_by_key(|&(matched, _)| std::cmp::Reverse(matched));
    let mut order: Vec<usize> = fitting.into_iter().map(|(_, index)| index).collect();
    if !exact {
        order.extend(others);
    }
    order
}

/// `T` read from a document already in memory, or `None` when it is not one.
pub fn decode_as<'a, T: Deserialize<'a>>(value: &'a serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
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

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Self::Error> {
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

    #[test]
    fn union_members_are_tried_by_their_tags() {
        let tags = &["type", "format"];
        let members: &[&[Option<&str>]] = &[&[Some("string"), None], &[Some("string"), Some("email")], &[Some("integer"), None]];
        let email = serde_json::json!({"type": "string", "format": "email"});
        assert_eq!(union_order(&email, tags, members, true), [1, 0]);
        assert_eq!(union_order(&email, tags, members, false), [1, 0, 2]);
        let plain = serde_json::json!({"type": "string"});
        assert_eq!(union_order(&plain, tags, members, true), [0]);
        let new = serde_json::json!({"type": "vector"});
        assert!(union_order(&new, tags, members, true).is_empty());
        assert_eq!(union_order(&new, tags, members, false), [0, 1, 2]);
        assert_eq!(union_order(&serde_json::json!([1]), &[], &[&[], &[]], false), [0, 1]);
        let pair: Option<Pair> = decode_as(&serde_json::json!({"name": "x"}));
        assert_eq!(pair, Some(Pair { name: "x".into(), size: None }));
        assert_eq!(decode_as::<Pair>(&serde_json::json!({"size": 1})), None);
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
