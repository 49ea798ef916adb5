//! Parameter and field names: unique within their operation or model, and
//! clear of the method names the runtime adds to every builder.

use std::collections::BTreeSet;

use super::naming;
use crate::ir::{Api, Location};

/// Name of the field that carries a model's extra properties (a document's
/// own attributes, a user's preferences).
pub const EXTRA_FIELDS: &str = "data";

pub fn name_params(api: &mut Api) {
    for op in api.services.iter_mut().flat_map(|s| s.operations.iter_mut()) {
        let mut taken: BTreeSet<String> = naming::RESERVED_BUILDER_METHODS.iter().map(|s| (*s).to_owned()).collect();
        for param in &mut op.params {
            param.name.rust = naming::unique(naming::snake(&param.name.wire), &mut taken, "param");
        }
        // The `<name>_null` setters of nullable parameters must not collide
        // with another parameter's setter.
        for param in op.params.iter_mut().filter(|p| p.nullable && !p.required) {
            if taken.contains(&format!("{}_null", param.name.rust)) {
                param.name.rust = naming::unique(format!("{}_value", param.name.rust), &mut taken, "param");
            }
            taken.insert(format!("{}_null", param.name.rust));
            // Only a body field can be sent as JSON `null`.
            if param.location == Location::Body {
                param.null_setter = Some(format!("{}_null", param.name.rust));
            }
        }
        for param in &mut op.params {
            param.name.rust = naming::settle(std::mem::take(&mut param.name.rust));
            param.placeholder = format!("<{}>", naming::snake(&param.name.wire).to_uppercase());
        }
    }
}

pub fn name_fields(api: &mut Api) {
    for model in &mut api.models {
        let mut taken = BTreeSet::new();
        for field in &mut model.fields {
            field.name.rust = naming::settle(naming::unique(naming::snake(&field.name.wire), &mut taken, "field"));
        }
        // The map of a model's other properties, clear of its fields.
        model.extra_field = model.additional.then(|| naming::unique(EXTRA_FIELDS.to_owned(), &mut taken, "extra"));
    }
}
