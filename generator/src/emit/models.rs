//! Models -> serde structs, one file each.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, sanitize};
use super::features::Features;
use super::names;
use super::types::field_type;
use crate::ir::{Api, Model, TypeRef};

pub fn model_file(api: &Api, index: usize) -> TokenStream {
    let model = &api.models[index];
    let name = names::ident(&model.name.rust);
    let mut doc = if model.description.is_empty() { model.name.rust.clone() } else { sanitize(&model.description) };
    doc.push_str(&format!(
        "\n\nSchema {} of the Appwrite {} API.",
        super::docs::code_span(&model.name.wire),
        api.version
    ));
    if api.carries_data(index) {
        doc.push_str(
            "\n\n`T` is the type of the attributes: a JSON map unless you name your own \
             (see the operations' `typed::<T>()`).",
        );
    }
    let docs = doc_attrs(&doc);
    let generics = Generics::of(api, index);
    let types = field_types(api, index);
    let fields = model.fields.iter().zip(&types).map(|(field, ty)| struct_field(api, field, ty));
    let extra = model.extra_field.as_deref().map(|extra| {
        let ident = names::ident(extra);
        let text = format!(
            "Properties beyond the ones above (for a {}, its own attributes): as the server sent them, or as your `T`.",
            model.name.rust
        );
        quote! {
            #[doc = #text]
            #[serde(flatten)]
            pub #ident: T,
        }
    });
    let surface = surface(model);
    let derive_default = surface.default.then(|| quote!(Default,));
    let non_exhaustive = surface.non_exhaustive.then(|| quote!(#[non_exhaustive]));
    let decode = decode_impl(model, &types, &generics);
    let debug = debug_impl(model, &generics);
    let derive_debug = debug.is_none().then(|| quote!(Debug,));
    let page = page_impl(api, index, &generics);
    let data_as = data_as_impl(model);
    let declared = &generics.declared;
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #derive_default ::serde::Serialize)]
        #non_exhaustive
        pub struct #name #declared {
            #(#fields)*
            #extra
        }
        #debug
        #decode
        #page
        #data_as
    }
}

/// The type parameter of a model that carries the caller's data (see
/// [`Api::carries_data`]), as each place names it; all empty for others.
struct Generics {
    /// On the struct: `<T = Map<String, Value>>`.
    declared: TokenStream,
    /// On impls that decode: `<T: DeserializeOwned>`.
    decoded: TokenStream,
    /// After the type's name: `<T>`.
    used: TokenStream,
}

impl Generics {
    fn of(api: &Api, index: usize) -> Generics {
        if api.carries_data(index) {
            Generics {
                declared: quote!(<T = ::serde_json::Map<String, ::serde_json::Value>>),
                decoded: quote!(<T: ::serde::de::DeserializeOwned>),
                used: quote!(<T>),
            }
        } else {
            Generics { declared: TokenStream::new(), decoded: TokenStream::new(), used: TokenStream::new() }
        }
    }

    fn is_generic(&self) -> bool {
        !self.used.is_empty()
    }
}

/// Each field's type, worked out once for the struct and its decoder; a
/// page of models that carry data holds them with the page's own `T`.
fn field_types(api: &Api, index: usize) -> Vec<TokenStream> {
    let mut types: Vec<TokenStream> =
        api.models[index].fields.iter().map(|field| stored_type(api, index, field)).collect();
    let shape = api.page_shape(index).filter(|_| api.carries_data(index));
    if let Some((items, item)) = shape.and_then(|shape| Some((shape.items_field, shape.item_model()?))) {
        let item = names::ident(&api.models[item].name.rust);
        types[items] = quote!(Vec<crate::models::#item<T>>);
    }
    types
}

fn struct_field(api: &Api, field: &crate::ir::Field, ty: &TokenStream) -> TokenStream {
    let ident = names::ident(&field.name.rust);
    let mut text = if field.description.is_empty() {
        format!("Field {}.", super::docs::code_span(&field.name.wire))
    } else {
        sanitize(&field.description)
    };
    if !field.one_of.is_empty() {
        let names: Vec<String> =
            field.one_of.iter().map(|m| format!("[`{0}`](crate::models::{0})", api.models[*m].name.rust)).collect();
        text.push_str(&format!("\n\nEach value is one of: {}.", names.join(", ")));
    }
    let docs = doc_attrs(&text);
    let rename = (names::display(&field.name.rust).trim_start_matches("r#") != field.name.wire).then(|| {
        let wire = &field.name.wire;
        quote!(#[serde(rename = #wire)])
    });
    if field.is_optional() {
        quote! {
            #docs
            #rename
            #[serde(skip_serializing_if = "Option::is_none")]
            pub #ident: Option<#ty>,
        }
    } else {
        quote! { #docs #rename pub #ident: #ty, }
    }
}

/// `data_as::<T>()` on the untyped model: its attributes, already decoded
/// as a map, read again as a type of the caller's.
fn data_as_impl(model: &Model) -> Option<TokenStream> {
    let extra = names::ident(model.extra_field.as_deref()?);
    let name = names::ident(&model.name.rust);
    let doc =
        "Reads the properties beyond the schema's own fields (a document's or row's attributes) as your own type. \
         To decode them as `T` straight from the response, call the operation's `typed::<T>()` instead.\n\n\
         # Errors\n\nFails with [`Error::Decode`](crate::Error::Decode) when they do not match `T`.";
    let docs = doc_attrs(doc);
    Some(quote! {
        impl #name {
            #docs
            pub fn data_as<T: ::serde::de::DeserializeOwned>(&self) -> crate::Result<T> {
                crate::runtime::decode_value(&self.#extra)
            }
        }
    })
}

/// How `into_stream()` walks a page model: its items, and each one's ID as
/// the cursor, or none for items paged by offset.
fn page_impl(api: &Api, index: usize, generics: &Generics) -> Option<TokenStream> {
    let shape = api.page_shape(index)?;
    let model = &api.models[index];
    let name = names::ident(&model.name.rust);
    let items = names::ident(&model.fields[shape.items_field].name.rust);
    let used = &generics.used;
    let item = match shape.item_model() {
        Some(item) => {
            let item = names::ident(&api.models[item].name.rust);
            quote!(crate::models::#item #used)
        }
        None => field_type(api, &shape.item),
    };
    let cursor = match (shape.item_model(), shape.id_field) {
        (Some(item), Some(id)) => {
            let id = names::ident(&api.models[item].fields[id].name.rust);
            quote!(Some(&item.#id))
        }
        _ => quote!(None),
    };
    let item_arg = if shape.id_field.is_some() { quote!(item) } else { quote!(_item) };
    let bound =
        generics.is_generic().then(|| quote!(<T: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>));
    Some(quote! {
        impl #bound crate::runtime::Page for #name #used {
            type Item = #item;
            fn total(&self) -> i64 {
                self.total
            }
            fn into_items(self) -> Vec<Self::Item> {
                self.#items
            }
            fn cursor(#item_arg: &Self::Item) -> Option<&str> {
                #cursor
            }
        }
    })
}

/// `Debug` that prints `<redacted>` for the model's sensitive fields, the
/// way the client hides its own credentials; `None` (derive it) for a model
/// without any.
fn debug_impl(model: &Model, generics: &Generics) -> Option<TokenStream> {
    if !model.fields.iter().any(|f| f.sensitive) {
        return None;
    }
    let name = names::ident(&model.name.rust);
    let shown_name = &model.name.rust;
    let fields = model.fields.iter().map(|field| {
        let ident = names::ident(&field.name.rust);
        // What derived `Debug` would print: the identifier without `r#`.
        let label = names::display(&field.name.rust).trim_start_matches("r#").to_owned();
        if field.sensitive {
            quote!(.field(#label, &crate::runtime::redact::Redacted(&self.#ident)))
        } else {
            quote!(.field(#label, &self.#ident))
        }
    });
    let extra = model.extra_field.as_deref().map(|extra| {
        let ident = names::ident(extra);
        let label = extra;
        quote!(.field(#label, &self.#ident))
    });
    let used = &generics.used;
    let bound = generics.is_generic().then(|| quote!(<T: ::std::fmt::Debug>));
    Some(quote! {
        impl #bound ::std::fmt::Debug for #name #used {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#shown_name)
                    #(#fields)*
                    #extra
                    .finish()
            }
        }
    })
}

/// `Deserialize` through the runtime's shared visitor: one function that
/// walks the object's keys, where `#[derive(Deserialize)]` would add a field
/// enum and three visitors per model (see `runtime/de.rs`). Unknown keys are
/// skipped, or kept as extra properties for models that allow them.
fn decode_impl(model: &Model, types: &[TokenStream], generics: &Generics) -> TokenStream {
    let name = names::ident(&model.name.rust);
    let wire_name = &model.name.wire;
    let locals: Vec<_> = (0..model.fields.len()).map(|i| format_ident!("field_{}", i)).collect();
    // Typed locals let each `next_value()` take its type from the local, so
    // inference stays on one line, which is most of what checking this
    // function costs. Prelude names are safe: no model may be called
    // `Option`, `Some`, `Result` and the like (see `naming`).
    let declare = locals.iter().zip(types).map(|(local, ty)| quote!(let mut #local: Option<#ty> = None;));
    let arms = model.fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.name.wire;
        if field.is_optional() {
            quote!(#wire => #local = map.next_value()?,)
        } else {
            quote!(#wire => #local = Some(map.next_value()?),)
        }
    });
    let values = model.fields.iter().zip(&locals).map(|(field, local)| {
        let ident = names::ident(&field.name.rust);
        let wire = &field.name.wire;
        if field.is_optional() {
            quote!(#ident: #local)
        } else if model.additional && has_default(&field.ty) {
            // Documents and rows fetched with `Query::select` lack the system
            // fields they did not select; they still decode, with defaults.
            quote!(#ident: #local.unwrap_or_default())
        } else {
            quote!(#ident: crate::runtime::de::required(#local, #wire)?)
        }
    });
    let walk = if let Some(extra) = model.extra_field.as_deref() {
        // The schema's own keys are picked out as the caller's type reads
        // the rest (see `runtime::de::decode_rest`).
        let ident = names::ident(extra);
        let known = if model.fields.is_empty() {
            quote!(|_, _| Ok(false))
        } else {
            quote! {
                |key, map| {
                    match key {
                        #(#arms)*
                        _ => return Ok(false),
                    }
                    Ok(true)
                }
            }
        };
        quote! {
            let #ident = crate::runtime::de::decode_rest(map, #known)?;
            Ok(Self { #(#values,)* #ident })
        }
    } else {
        let skip = quote!(map.next_value::<::serde::de::IgnoredAny>()?;);
        let (key, each) = if model.fields.is_empty() {
            (quote!(_), skip)
        } else {
            (quote!(key), quote! { match key.as_str() { #(#arms)* _ => { #skip } } })
        };
        quote! {
            while let Some(#key) = map.next_key::<crate::runtime::de::Str<'de>>()? {
                #each
            }
            Ok(Self { #(#values,)* })
        }
    };
    // Walked here, the map is read through `&mut`; handed on, it is moved.
    let map = if model.extra_field.is_some() { quote!(map) } else { quote!(mut map) };
    let (decoded, used) = (&generics.decoded, &generics.used);
    let deserialize_params =
        if generics.is_generic() { quote!(<'de, T: ::serde::de::DeserializeOwned>) } else { quote!(<'de>) };
    quote! {
        impl #decoded crate::runtime::de::DecodeModel for #name #used {
            const NAME: &'static str = #wire_name;

            fn decode_map<'de, A: ::serde::de::MapAccess<'de>>(#map: A) -> Result<Self, A::Error> {
                #(#declare)*
                #walk
            }
        }

        impl #deserialize_params ::serde::Deserialize<'de> for #name #used {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::de::decode_model(deserializer)
            }
        }
    }
}

/// A field's type as stored in its struct: boxed when the field leads back
/// to the model itself.
fn stored_type(api: &Api, index: usize, field: &crate::ir::Field) -> TokenStream {
    let ty = field_type(api, &field.ty);
    if holds_by_value(api, &field.ty, index, &mut BTreeSet::new()) {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// Types whose `Default` is a sensible stand-in for a missing value.
fn has_default(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String
            | TypeRef::DateTime
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Bool
            | TypeRef::Array(_)
            | TypeRef::Object
            | TypeRef::Json
    )
}

/// What code outside the crate may do with a model as emitted; `diff`
/// classifies changes by it, so the two cannot disagree.
pub struct Surface {
    /// No struct literal or exhaustive pattern outside the crate: a field
    /// the server adds breaks no caller. Models are what the server sends;
    /// requests are built through the builders' setters.
    pub non_exhaustive: bool,
    /// `Default` is implemented: `Model::default()` and setting fields is
    /// how tests and mocks build one.
    pub default: bool,
}

pub fn surface(model: &Model) -> Surface {
    Surface { non_exhaustive: true, default: can_default(model) }
}

/// Models whose fields all have defaults can derive `Default`.
fn can_default(model: &Model) -> bool {
    model
        .fields
        .iter()
        .all(|f| f.is_optional() || !matches!(f.ty, TypeRef::Model(_) | TypeRef::Enum(_) | TypeRef::Union(_)))
}

/// Whether model `from` contains `target` by value (not behind a `Vec`),
/// which would give `target` an infinite size unless boxed.
fn reaches(api: &Api, from: usize, target: usize, seen: &mut BTreeSet<usize>) -> bool {
    if from == target {
        return true;
    }
    if !seen.insert(from) {
        return false;
    }
    api.models[from].fields.iter().any(|f| holds_by_value(api, &f.ty, target, seen))
}

/// Whether a value of `ty` contains model `target` by value: as that model,
/// or as a union one of whose members does.
fn holds_by_value(api: &Api, ty: &TypeRef, target: usize, seen: &mut BTreeSet<usize>) -> bool {
    match ty {
        TypeRef::Model(m) => reaches(api, *m, target, seen),
        TypeRef::Union(u) => api.unions[*u].members.iter().any(|m| reaches(api, m.model, target, seen)),
        _ => false,
    }
}

/// `pub mod` list and re-exports for `src/models/mod.rs`.
pub fn models_mod(api: &Api, features: &Features) -> TokenStream {
    let items = api.models.iter().enumerate().map(|(i, m)| {
        let cfg = features.model_cfg(i);
        let module = names::ident(&m.module);
        let name = names::ident(&m.name.rust);
        quote! { #cfg mod #module; #cfg pub use #module::#name; }
    });
    let unions = api.unions.iter().enumerate().map(|(i, u)| {
        let cfg = features.union_cfg(i);
        let module = names::ident(&u.module);
        let name = names::ident(&u.name);
        quote! { #cfg mod #module; #cfg pub use #module::#name; }
    });
    quote! {
        //! Response and request models, one per schema of the spec, and the
        //! unions of them a `oneOf` or `anyOf` lists.
        #(#items)*
        #(#unions)*
    }
}
