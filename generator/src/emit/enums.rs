//! Enums -> Rust enums with an `Unknown(String)` fallback, so a value added
//! by a newer server decodes instead of failing the whole response.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_attrs, sanitize};
use super::features::Features;
use super::names;
use crate::ir::Api;

/// Enums (and unions) are `#[non_exhaustive]`: no exhaustive `match`
/// outside the crate, so a value the server adds breaks no caller; `diff`
/// classifies changes by it.
pub const NON_EXHAUSTIVE: bool = true;

pub fn enum_file(api: &Api, index: usize) -> TokenStream {
    let def = &api.enums[index];
    let name = names::ident(&def.name);
    let mut doc =
        if def.description.is_empty() { format!("Values of `{}`.", def.name) } else { sanitize(&def.description) };
    doc.push_str("\n\nValues this version of the crate does not know decode to `Unknown` and are sent back unchanged.");
    let docs = doc_attrs(&doc);
    let variants: Vec<_> = def.values.iter().map(|v| names::ident(&v.rust)).collect();
    let wires: Vec<&str> = def.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = def.values.iter().map(|v| {
        let mut text = match &v.label {
            Some(label) => format!("{} ({}).", sanitize(label), code_span(&v.wire)),
            None => format!("{}.", code_span(&v.wire)),
        };
        if let Some(description) = &v.description {
            text.push_str(&format!("\n\n{}", sanitize(description)));
        }
        doc_attrs(&text)
    });
    let non_exhaustive = NON_EXHAUSTIVE.then(|| quote!(#[non_exhaustive]));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #non_exhaustive
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec this crate was generated from did not list.
            Unknown(String),
        }

        impl #name {
            /// The value as Appwrite spells it on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        // Inline (like the rest of the conversions), so an application only
        // compiles the conversions of the enums it actually sends or receives.
        impl ::std::convert::From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <crate::runtime::de::Str<'de> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

pub fn enums_mod(api: &Api, features: &Features) -> TokenStream {
    let items = api.enums.iter().enumerate().map(|(i, e)| {
        let cfg = features.enum_cfg(i);
        let module = names::ident(&e.module);
        let name = names::ident(&e.name);
        quote! { #cfg mod #module; #cfg pub use #module::#name; }
    });
    quote! {
        //! Enumerations of the spec: parameter values and model fields with a fixed set of values.
        #(#items)*
    }
}
