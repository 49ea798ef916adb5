//! `tests/unions.rs` of the generated crate: each union decodes a document
//! of each of its members as that member (or as one encoding it the same
//! way, where the spec gives two members one shape) and encodes it back
//! unchanged, and a shape no member has decodes to `Unknown`, unchanged too.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::features::Features;
use super::names;
use super::samples::union_sample;
use crate::ir::Api;

pub fn unions_file(api: &Api, features: &Features) -> TokenStream {
    let lib = names::ident(&api.lib_name);
    let tests = api.unions.iter().enumerate().map(|(index, union)| {
        let cfg = features.union_cfg(index);
        let name = names::ident(&union.name);
        let test = format_ident!("{}_decodes_each_member_and_keeps_unknown_shapes", union.module);
        let members = union.members.iter().enumerate().map(|(member, m)| {
            let variant = names::ident(&m.variant);
            let text = union_sample(api, index, member).to_string();
            quote!((#text, matches!(decode(#text), #lib::models::#name::#variant(_))))
        });
        let unknown = unknown_shape(api, index);
        quote! {
            #cfg
            #[test]
            fn #test() {
                let decode = |text: &str| -> #lib::models::#name { serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")) };
                for (text, as_itself) in [#(#members),*] {
                    let sent: serde_json::Value = serde_json::from_str(text).unwrap();
                    let back = serde_json::to_value(decode(text)).unwrap();
                    // A member the spec gives the same shape as another may
                    // decode as that one; it must then encode the same.
                    assert!(as_itself || back == sent, "{text} decoded as {:?}", decode(text));
                    assert_eq!(back, sent, "{text} changed on the way through");
                }
                for text in [#unknown, "[1,2]", "\"text\""] {
                    let decoded = decode(text);
                    assert!(matches!(decoded, #lib::models::#name::Unknown(_)), "{text} decoded as {decoded:?}");
                    let sent: serde_json::Value = serde_json::from_str(text).unwrap();
                    assert_eq!(serde_json::to_value(decoded).unwrap(), sent);
                }
            }
        }
    });
    quote! {
        //! Each union of models decodes a document of each member and
        //! encodes it back unchanged; shapes no member has are `Unknown`.
        #![allow(clippy::unreadable_literal)]

        #(#tests)*
    }
}

/// An object no member decodes: the first tag set to a value no member has,
/// and none of the fields members require (when each requires one beyond
/// the tag; otherwise an empty array, which no model decodes either).
fn unknown_shape(api: &Api, index: usize) -> String {
    let union = &api.unions[index];
    let tags = union.tags(&api.models);
    let tag = tags.properties.first();
    let requires_more = union
        .members
        .iter()
        .all(|m| api.models[m.model].fields.iter().any(|f| !f.is_optional() && Some(&f.name.wire) != tag));
    match tag {
        Some(tag) if requires_more => serde_json::json!({ tag: "sample-shape-no-member-has" }).to_string(),
        None if requires_more => "{}".to_owned(),
        _ => "[]".to_owned(),
    }
}
