//! Normalization: small passes over the lowered IR that settle every name.
//! Each pass either succeeds or returns an error naming the spec locations.

mod enums;
mod items;
pub mod lock;
mod methods;
pub mod naming;
pub mod params;
mod unions;

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Result;
use crate::ir::Api;

/// Maintainer decisions that rules cannot make, from `spec/appwrite.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `"POST /account/verification"` -> method name.
    pub names: BTreeMap<String, String>,
    /// Model fields (`"schema.property"`) that hold secrets although the
    /// spec does not say so; their models' `Debug` redacts them.
    pub sensitive: Vec<String>,
    /// Union members' tag values as the server sends them
    /// (`schema -> property -> value`), replacing the spec's examples.
    pub tags: BTreeMap<String, BTreeMap<String, String>>,
    /// The manifest they came from, for diagnostics.
    pub file: std::path::PathBuf,
}

impl Overrides {
    /// The decisions `manifest` records; `file` names it in diagnostics.
    pub fn from_manifest(manifest: &crate::load::Manifest, file: std::path::PathBuf) -> Overrides {
        Overrides {
            names: manifest.overrides.clone(),
            sensitive: manifest.sensitive.fields.clone(),
            tags: manifest.tags.clone(),
            file,
        }
    }
}

/// Names the crate the API is emitted as: the package name as Rust code
/// spells it.
pub fn name_crate(api: &mut Api, package: &str) {
    api.lib_name = package.replace('-', "_");
}

pub fn normalize(api: &mut Api, spec_file: &Path, overrides: &Overrides) -> Result<()> {
    items::name_services(api, spec_file)?;
    items::name_models(api, spec_file)?;
    unions::name_unions(api, spec_file)?;
    items::name_enums(api);
    methods::name_methods(api, spec_file, overrides)?;
    methods::resolve_replacements(api);
    params::name_params(api);
    params::name_fields(api);
    enums::name_shared(api);
    items::name_enum_modules(api, spec_file)?;
    enums::name_variants(api);
    Ok(())
}
