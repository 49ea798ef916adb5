//! Decoding the generated unions (a `oneOf`/`anyOf` of models): the
//! document is kept as its JSON text, its tag values are read from that
//! text without copying, and the members are tried in the order the tags
//! give until one decodes. Keeping text rather than a `serde_json::Value`
//! costs one allocation instead of one per key and string, and each member
//! decodes from the text as it would from the response.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::value::RawValue;

use super::fields::{fields, Field};

/// How a generated union tells its members apart: the properties whose
/// values name a member, and each member's values of them (`None`: the
/// member does not fix it), in the order members are tried.
pub struct UnionShape {
    /// The properties that tell the members apart (`type`, `format`).
    pub tags: &'static [&'static str],
    /// Each member's value of every tag, in the generator's order (more
    /// required fields first).
    pub members: &'static [&'static [Option<&'static str>]],
    /// Whether those values are all the server uses (the spec's enums, or
    /// the manifest's `[tags]` where its examples are wrong), rather than
    /// hints from the spec's examples.
    pub exact: bool,
}

/// Decodes a union: `member(index, text)` decodes the document's text as
/// member `index` of `shape.members`, `None` when it does not fit;
/// `unknown` wraps a document no member decodes.
pub fn decode_union<'de, D, U>(
    deserializer: D,
    shape: &UnionShape,
    member: impl Fn(usize, &str) -> Option<U>,
    unknown: impl FnOnce(serde_json::Value) -> U,
) -> Result<U, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    let text = raw.get();
    let found = tag_values(text, shape.tags);
    for index in union_order(&found, shape.members, shape.exact) {
        if let Some(decoded) = member(index, text) {
            return Ok(decoded);
        }
    }
    serde_json::from_str(text).map(unknown).map_err(D::Error::custom)
}

/// `T` read from a union's text, or `None` when the text is not one.
pub fn decode_member<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// The order in which a union's members are tried on a document whose
/// tag values are `found`.
///
/// A member whose value differs from the document's is passed over; the
/// others come first, those matching more values ahead (stably). When the
/// values are hints from the spec's examples (`exact` false), the
/// passed-over members follow, since the server may spell a tag
/// differently from the spec's example.
fn union_order(found: &[Option<Field<'_>>], members: &[&[Option<&str>]], exact: bool) -> Vec<usize> {
    let mut fitting: Vec<(usize, usize)> = Vec::with_capacity(members.len());
    let mut others = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let mut matched = 0;
        let mut fits = true;
        for (wanted, got) in member.iter().zip(found) {
            match wanted {
                None => {}
                Some(wanted) if Some(*wanted) == got.as_ref().and_then(Field::as_str) => matched += 1,
                Some(_) => fits = false,
            }
        }
        if fits {
            fitting.push((matched, index));
        } else {
            others.push(index);
        }
    }
    // Most matches first, ties in the generator's order: an insertion
    // sort, stable and in place. A union has a handful of members, and
    // this keeps a general sort out of every build.
    for i in 1..fitting.len() {
        let mut j = i;
        while j > 0 && fitting[j - 1].0 < fitting[j].0 {
            fitting.swap(j - 1, j);
            j -= 1;
        }
    }
    // Collected in place, into the buffer of `fitting`.
    let mut order: Vec<usize> = fitting.into_iter().map(|(_, index)| index).collect();
    if !exact {
        order.extend(others);
    }
    order
}

/// The document's value of each of `tags` (only a string can match a
/// member's); `None` for a tag it lacks, and for every tag of a document
/// that is not an object.
fn tag_values<'a>(text: &'a str, tags: &[&str]) -> Vec<Option<Field<'a>>> {
    if tags.is_empty() {
        return Vec::new();
    }
    fields(text, tags).unwrap_or_else(|| std::iter::repeat_with(|| None).take(tags.len()).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn order(document: &str, tags: &[&str], members: &[&[Option<&str>]], exact: bool) -> Vec<usize> {
        union_order(&tag_values(document, tags), members, exact)
    }

    #[test]
    fn members_are_tried_by_their_tags() {
        let tags = &["type", "format"];
        let members: &[&[Option<&str>]] =
            &[&[Some("string"), None], &[Some("string"), Some("email")], &[Some("integer"), None]];
        let email = r#"{"size": [1, {"type": "x"}], "format": "email", "type": "string"}"#;
        assert_eq!(order(email, tags, members, true), [1, 0]);
        assert_eq!(order(email, tags, members, false), [1, 0, 2]);
        assert_eq!(order(r#"{"type":"string"}"#, tags, members, true), [0]);
        // An escaped tag value is read as the text it stands for.
        assert_eq!(order(r#"{"type":"str\u0069ng"}"#, tags, members, true), [0]);
        let new = r#"{"type":"vector"}"#;
        assert!(order(new, tags, members, true).is_empty());
        assert_eq!(order(new, tags, members, false), [0, 1, 2]);
        // A tag that is not a string, and a document that is not an object, match nothing.
        assert!(order(r#"{"type":7,"format":{"a":[]}}"#, tags, members, true).is_empty());
        assert_eq!(order("[1]", &[], &[&[], &[]], false), [0, 1]);
        assert!(order("[1]", tags, members, true).is_empty());
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Email {
        format: String,
        address: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Plain {
        size: i64,
    }

    #[derive(Debug, PartialEq)]
    enum Either {
        Email(Email),
        Plain(Plain),
        Unknown(serde_json::Value),
    }

    const SHAPE: UnionShape = UnionShape { tags: &["format"], members: &[&[Some("email")], &[None]], exact: false };

    impl<'de> Deserialize<'de> for Either {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_union(
                deserializer,
                &SHAPE,
                |member, text| match member {
                    0 => decode_member(text).map(Either::Email),
                    1 => decode_member(text).map(Either::Plain),
                    _ => None,
                },
                Either::Unknown,
            )
        }
    }

    #[test]
    fn a_union_decodes_as_the_first_member_that_fits_from_text_or_value() {
        let email = r#"{"address":"a@b.c","format":"email"}"#;
        let expected = Either::Email(Email { format: "email".into(), address: "a@b.c".into() });
        assert_eq!(serde_json::from_str::<Either>(email).unwrap(), expected);
        let value: serde_json::Value = serde_json::from_str(email).unwrap();
        assert_eq!(serde_json::from_value::<Either>(value.clone()).unwrap(), expected);
        assert_eq!(Either::deserialize(&value).unwrap(), expected);
        // The tag names a member the document does not fit: the next one that does wins.
        assert_eq!(
            serde_json::from_str::<Either>(r#"{"format":"email","size":3}"#).unwrap(),
            Either::Plain(Plain { size: 3 })
        );
        let other = json!({"shape": [1, 2]});
        assert_eq!(serde_json::from_value::<Either>(other.clone()).unwrap(), Either::Unknown(other));
        let inner: Vec<Either> = serde_json::from_str(r#"[{"size":1},{"size":"x"}]"#).unwrap();
        assert_eq!(inner, [Either::Plain(Plain { size: 1 }), Either::Unknown(json!({"size": "x"}))]);
    }
}
