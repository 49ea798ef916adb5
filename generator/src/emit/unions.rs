//! Unions -> Rust enums with a variant per member model and an
//! `Unknown(serde_json::Value)` fallback, so a shape a newer server adds
//! never fails the response it is in.
//!
//! They decode without `derive(Deserialize)`, like the models: the runtime's
//! `decode_union` keeps the document as JSON text, orders the members by
//! its tag values, and the first member that decodes wins. Each union's
//! rustdoc states the rule with its own fields.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_attrs};
use super::names;
use crate::ir::{Api, Tags, TypeRef};

/// The members in the order they are tried: those with more required
/// fields first (a document with all of them is more likely that one; a
/// member with fewer would also accept it), spec order among equals.
pub fn try_order(api: &Api, index: usize) -> Vec<usize> {
    let union = &api.unions[index];
    let required =
        |member: usize| api.models[union.members[member].model].fields.iter().filter(|f| !f.is_optional()).count();
    let mut order: Vec<usize> = (0..union.members.len()).collect();
    order.sort_by_key(|&m| std::cmp::Reverse(required(m)));
    order
}

pub fn union_file(api: &Api, index: usize) -> TokenStream {
    let union = &api.unions[index];
    let name = names::ident(&union.name);
    let tags = union.tags(&api.models);
    let docs = doc_attrs(&union_doc(api, index, &tags));
    let variants = union.members.iter().enumerate().map(|(i, member)| {
        let variant = names::ident(&member.variant);
        let model = &api.models[member.model];
        let model_ident = names::ident(&model.name.rust);
        let mut text = format!("[`{0}`](crate::models::{0})", model.name.rust);
        let fixed: Vec<String> = tags
            .properties
            .iter()
            .zip(&tags.values[i])
            .filter_map(|(p, v)| v.as_ref().map(|v| format!("{} is {}", code_span(p), code_span(v))))
            .collect();
        if !fixed.is_empty() {
            text.push_str(&format!(": {}.", fixed.join(", ")));
        }
        let docs = doc_attrs(&text);
        quote!(#docs #variant(crate::models::#model_ident),)
    });
    let serialize_arms = union.members.iter().map(|m| {
        let variant = names::ident(&m.variant);
        quote!(Self::#variant(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    let order = try_order(api, index);
    let tag_names = &tags.properties;
    let member_tags = order.iter().map(|&m| {
        let values = tags.values[m].iter().map(|v| match v {
            Some(v) => quote!(Some(#v)),
            None => quote!(None),
        });
        quote!(&[#(#values),*])
    });
    let decode_arms = order.iter().enumerate().map(|(position, &m)| {
        let variant = names::ident(&union.members[m].variant);
        let position = proc_macro2::Literal::usize_unsuffixed(position);
        quote!(#position => crate::runtime::union::decode_member(text).map(Self::#variant),)
    });
    let exact = tags.exact;
    let blank = needs_blank(api, index).then(|| {
        quote! {
            impl crate::runtime::redact::Blank for #name {
                fn is_blank(&self) -> bool {
                    matches!(self, Self::Unknown(value) if crate::runtime::redact::Blank::is_blank(value))
                }
            }
        }
    });
    let non_exhaustive = super::enums::NON_EXHAUSTIVE.then(|| quote!(#[non_exhaustive]));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #non_exhaustive
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A document none of the members above decodes (a shape added
            /// by a newer server), as the server sent it.
            Unknown(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // The members in the order they are tried, with their values of the tags.
                const SHAPE: crate::runtime::union::UnionShape = crate::runtime::union::UnionShape {
                    tags: &[#(#tag_names),*],
                    members: &[#(#member_tags),*],
                    exact: #exact,
                };
                crate::runtime::union::decode_union(
                    deserializer,
                    &SHAPE,
                    |member, text| match member {
                        #(#decode_arms)*
                        _ => None,
                    },
                    Self::Unknown,
                )
            }
        }

        #blank
    }
}

/// How the union decides, in the words of its own fields.
fn union_doc(api: &Api, index: usize, tags: &Tags) -> String {
    let union = &api.unions[index];
    let members: Vec<String> = union.members.iter().map(|m| format!("`{}`", api.models[m.model].name.wire)).collect();
    let mut doc = format!(
        "One of {} models, as the spec's `oneOf`/`anyOf` lists them ({}).\n\n# Decoding\n\n",
        members.len(),
        members.join(", ")
    );
    if tags.properties.is_empty() {
        doc.push_str(
            "The members share no field whose value tells them apart, so each is tried in turn, \
             those with more required fields first (spec order among equals); the first that decodes wins.",
        );
    } else {
        let fields: Vec<String> = tags.properties.iter().map(|p| code_span(p)).collect();
        let (told_by, whose) = match &fields[..] {
            [one] => (one.clone(), format!("whose {one}")),
            _ => (fields.join(", then "), "whose value of one of them".to_owned()),
        };
        doc.push_str(&format!(
            "The members are told apart by {told_by}: a member {whose} (listed on each variant) differs from the \
             document's is passed over. The others are tried, those matching more of these values first, then those \
             with more required fields (spec order among equals); the first that decodes wins. "
        ));
        doc.push_str(if tags.exact {
            "These values are all the server uses for these members (the spec's `enum`s, or the server's own \
             conditions where the spec's examples are wrong), so a document matching no member is `Unknown` at once."
        } else {
            "These values come from the spec's examples, which may lag behind the server, so when no member \
             matches, every member is tried in the same order."
        });
    }
    doc.push_str(
        "\n\nA document no member decodes is `Unknown`, kept as JSON and encoded back unchanged, so a shape added by a \
         newer server never fails the response it is in. The enum is `#[non_exhaustive]`: a newer crate may add variants.",
    );
    doc
}

/// A field holding the union is redacted in its model's `Debug`.
fn needs_blank(api: &Api, index: usize) -> bool {
    let holds = |ty: &TypeRef| {
        let mut ty = ty;
        while let TypeRef::Array(inner) = ty {
            ty = inner;
        }
        *ty == TypeRef::Union(index)
    };
    api.models.iter().flat_map(|m| &m.fields).any(|f| f.sensitive && holds(&f.ty))
}
