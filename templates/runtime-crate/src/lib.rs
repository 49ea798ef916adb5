//! The runtime of every generated Appwrite client (`templates/runtime/`),
//! compiled as a crate of its own so that it builds, lints and runs its
//! unit tests where it is written.
//!
//! The runtime is included from its own folder, as the generator copies it
//! into `src/runtime/` of a generated crate; this crate root plays the
//! generated `src/lib.rs`. What else of a generated crate the runtime
//! names is stood in for by `meta` (constants the generator emits from the
//! spec) and [`services`] (one operation per kind of response, calling the
//! runtime as generated services do).

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod meta;
#[path = "../../runtime/mod.rs"]
mod runtime;
pub use runtime::*;

pub mod services;
