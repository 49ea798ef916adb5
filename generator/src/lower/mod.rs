//! Lowering: the `openapiv3` document -> the IR, with names still as the
//! spec suggests them (normalization settles them afterwards).

mod enums;
mod graphql;
mod merge;
mod models;
mod operations;
mod params;
mod refs;
mod types;
mod unions;

pub use merge::merge;
pub use models::mark_sensitive;
pub use unions::set_union_tags;

pub use operations::name_from_operation_id;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Result, Warning};
use crate::ir::{Api, Name, Service};
use crate::load::Spec;

/// The API a spec describes, and what in it the generator had to work
/// around (in the order met: schemas, then paths, each in spec order).
pub fn lower(spec: &Spec) -> Result<(Api, Vec<Warning>)> {
    let mut types = types::TypeLowerer::new(spec);
    let models = models::lower_models(&mut types)?;
    let operations = operations::lower_operations(&mut types)?;

    // By tag; normalization names each service and orders them by name.
    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    for lowered in operations {
        let service = services.entry(lowered.tag.clone()).or_insert_with(|| Service {
            name: Name { wire: lowered.tag.clone(), rust: String::new() },
            type_name: String::new(),
            description: tag_description(spec, &lowered.tag),
            operations: Vec::new(),
        });
        service.operations.push(lowered.operation);
    }

    // Without `x-appwrite.platforms`, an operation is available on the
    // platform the whole spec was published for.
    let platform = platform_of(spec);
    for op in services.values_mut().flat_map(|s| s.operations.iter_mut()) {
        if op.platforms.is_empty() {
            op.platforms.push(platform.clone());
        }
    }

    let servers = spec.raw.get("servers").and_then(Value::as_array);
    let endpoint = servers
        .and_then(|s| s.first())
        .and_then(|s| s.get("url"))
        .and_then(Value::as_str)
        .unwrap_or("https://cloud.appwrite.io/v1")
        .to_owned();
    let api = Api {
        title: spec.doc.info.title.clone(),
        version: spec.doc.info.version.clone(),
        endpoint,
        platform,
        lib_name: String::new(),
        services: services.into_values().collect(),
        models,
        enums: types.enums,
        unions: types.unions,
    };
    Ok((api, types.warnings))
}

fn tag_description(spec: &Spec, tag: &str) -> String {
    spec.doc.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone()).unwrap_or_default()
}

/// Appwrite names the platform in the file name only; the security schemes
/// tell it too: a `Key` scheme means server, otherwise client.
fn platform_of(spec: &Spec) -> String {
    let file = spec.path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
    for platform in ["console", "server", "client"] {
        if file.contains(platform) {
            return platform.to_owned();
        }
    }
    let has_key = spec.doc.components.as_ref().is_some_and(|c| c.security_schemes.contains_key("Key"));
    if has_key { "server" } else { "client" }.to_owned()
}
