//! Enum variant names: readable labels from `x-enum-keys` when they are
//! distinct, the wire values otherwise.

use std::collections::BTreeSet;

use super::naming;
use crate::ir::Api;

/// The variant that carries values a newer server may send.
pub const FALLBACK_VARIANT: &str = "Unknown";

/// An enum the spec did not name, used by several operations or models,
/// takes the property's name alone (`Runtime` rather than
/// `FunctionsCreateRuntime`) when no other enum has it.
pub fn name_shared(api: &mut Api) {
    for i in 0..api.enums.len() {
        let Some(generic) = api.enums[i].generic_name.clone() else { continue };
        if api.enums[i].uses < 2 || api.enums.iter().any(|e| e.name == generic) {
            continue;
        }
        api.enums[i].name = generic;
    }
}

pub fn name_variants(api: &mut Api) {
    for def in &mut api.enums {
        let from_labels: Option<Vec<String>> =
            def.values.iter().map(|v| v.label.as_deref().map(naming::pascal)).collect();
        let names = match from_labels {
            Some(names) if all_distinct(&names) => names,
            _ => def.values.iter().map(|v| naming::pascal(&v.wire)).collect(),
        };
        let mut taken = BTreeSet::from([FALLBACK_VARIANT.to_owned()]);
        for (value, name) in def.values.iter_mut().zip(names) {
            value.rust = naming::unique_pascal(name, &mut taken, "Value");
        }
    }
}

fn all_distinct(names: &[String]) -> bool {
    let set: BTreeSet<&String> = names.iter().collect();
    set.len() == names.len() && !set.contains(&FALLBACK_VARIANT.to_owned())
}
