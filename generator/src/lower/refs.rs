//! `$ref`s to the reusable parts of `components` (parameters, request
//! bodies, responses): followed to what they name, chains included. A
//! reference that leads nowhere, or in a circle, is a broken spec.

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};

use crate::error::{pointer, Result};
use crate::load::Spec;

/// How many `$ref`s a chain may hold before it counts as a cycle.
const MAX_HOPS: usize = 32;

/// One section of `components`: its name in `$ref`s and its table.
pub struct Section<T: 'static> {
    pub name: &'static str,
    pub table: fn(&Components) -> &IndexMap<String, ReferenceOr<T>>,
}

pub const PARAMETERS: Section<openapiv3::Parameter> = Section { name: "parameters", table: |c| &c.parameters };
pub const REQUEST_BODIES: Section<openapiv3::RequestBody> =
    Section { name: "requestBodies", table: |c| &c.request_bodies };
pub const RESPONSES: Section<openapiv3::Response> = Section { name: "responses", table: |c| &c.responses };

/// The item `node` (at `at`) is or names, and the pointer of where it is
/// written, which is where anything inside it must be looked up.
pub fn follow<'s, T>(
    spec: &'s Spec,
    section: &Section<T>,
    node: &'s ReferenceOr<T>,
    at: &str,
) -> Result<(&'s T, String)> {
    let mut current = node;
    let mut current_at = at.to_owned();
    for _ in 0..MAX_HOPS {
        let reference = match current {
            ReferenceOr::Item(item) => return Ok((item, current_at)),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{}/", section.name);
        let key = reference.strip_prefix(&prefix).ok_or_else(|| {
            spec.error(
                &current_at,
                format!("`$ref` to something other than {} of this file: {reference}", section.name),
            )
        })?;
        let found = spec.doc.components.as_ref().and_then(|c| (section.table)(c).get(key));
        current = found.ok_or_else(|| {
            spec.error(&current_at, format!("`$ref` to a missing {} entry: {reference}", section.name))
        })?;
        current_at = pointer(["components", section.name, key]);
    }
    Err(spec.error(at, format!("`$ref` chain longer than {MAX_HOPS} links: a cycle")))
}
