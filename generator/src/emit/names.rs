//! Printing settled names as Rust identifiers. Normalization has chosen
//! every name; printing only decides the lexical form, `r#type` for a
//! keyword `r#` can escape.

use proc_macro2::{Ident, Span};

use crate::lexicon;

/// The identifier token of a settled name.
pub fn ident(name: &str) -> Ident {
    // Normalization never settles on a keyword `r#` cannot escape; should
    // one slip through, the plain token keeps the output parseable (and the
    // crate's build reports it) instead of panicking here.
    if lexicon::is_keyword(name) && !lexicon::NOT_RAW.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// How a settled name reads in prose and docs (`r#type` for `type`).
pub fn display(name: &str) -> String {
    ident(name).to_string()
}
