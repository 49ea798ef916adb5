//! Names of the crate's items: services (module, handle type), models and
//! enums (type and module), and the check that no two of a kind share a
//! name or a file, which would silently overwrite one of them.

use std::collections::BTreeMap;
use std::path::Path;

use super::naming;
use crate::error::{Error, Result};
use crate::ir::Api;

pub fn name_services(api: &mut Api, spec_file: &Path) -> Result<()> {
    for service in &mut api.services {
        service.name.rust = naming::module_name(&naming::snake(&service.name.wire));
        service.type_name = naming::pascal(&service.name.wire);
    }
    let places = api.services.iter().map(|s| {
        let at = s.operations.first().map(|o| o.pointer.clone()).unwrap_or_default();
        (s.name.rust.clone(), format!("tag `{}` ({at})", s.name.wire), at)
    });
    ensure_distinct("service module", places, spec_file)?;
    api.services.sort_by(|a, b| a.name.rust.cmp(&b.name.rust));
    Ok(())
}

pub fn name_models(api: &mut Api, spec_file: &Path) -> Result<()> {
    for model in &mut api.models {
        model.name.rust = naming::pascal(&model.name.wire);
        model.module = naming::module_name(&naming::snake(&model.name.rust));
    }
    let places = |key: fn(&crate::ir::Model) -> &String| {
        api.models
            .iter()
            .map(move |m| (key(m).clone(), format!("schema `{}` ({})", m.name.wire, m.pointer), m.pointer.clone()))
    };
    ensure_distinct("model type", places(|m| &m.name.rust), spec_file)?;
    ensure_distinct("model file", places(|m| &m.module), spec_file)
}

/// Type names from the spec's words, before the pass that shortens shared
/// ones; `name_enum_modules` runs after it.
pub fn name_enums(api: &mut Api) {
    for def in &mut api.enums {
        def.name = naming::pascal(&def.name);
        def.generic_name = def.generic_name.as_deref().map(naming::pascal);
    }
}

pub fn name_enum_modules(api: &mut Api, spec_file: &Path) -> Result<()> {
    for def in &mut api.enums {
        def.module = naming::module_name(&naming::snake(&def.name));
    }
    let places = |key: fn(&crate::ir::EnumDef) -> &String| {
        api.enums.iter().map(move |e| (key(e).clone(), format!("the enum at {}", e.pointer), e.pointer.clone()))
    };
    ensure_distinct("enum type", places(|e| &e.name), spec_file)?;
    ensure_distinct("enum file", places(|e| &e.module), spec_file)
}

/// Fails on the first name two items share, naming both.
fn ensure_distinct(what: &str, items: impl Iterator<Item = (String, String, String)>, spec_file: &Path) -> Result<()> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, place, pointer) in items {
        if let Some(first) = seen.get(&name) {
            return Err(Error::new(
                spec_file,
                pointer,
                format!("{first} and {place} both become the {what} `{name}`; rename one of them in the spec"),
            ));
        }
        seen.insert(name, place);
    }
    Ok(())
}
