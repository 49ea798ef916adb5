//! Method names: one clear, unique, stable snake_case name per SDK method.
//!
//! Rules, applied in this order and independent of the order operations
//! appear in the spec:
//! 1. An override in `spec/appwrite.toml` for the operation's key wins.
//! 2. The spec's suggestion (`x-appwrite.method`, a `x-appwrite.methods`
//!    entry's name, or the cleaned `operationId`) is snake_cased.
//! 3. Deprecated aliases that collide with a live method on the same endpoint
//!    are folded into it (kept in its docs as aliases).
//! 4. Methods on different endpoints that collide are told apart by their
//!    HTTP verb: each takes the verb's word (`create`, `update`, `delete`,
//!    `get`) in place of its leading word.
//! 5. Anything still colliding is an error naming every spec location.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::naming;
use super::Overrides;
use crate::error::{Error, Result};
use crate::ir::{Api, MethodRef, Operation};

pub fn name_methods(api: &mut Api, spec_file: &Path, overrides: &Overrides) -> Result<()> {
    check_overrides_exist(api, overrides)?;
    // A service's name is also a `Client` method and a cargo feature.
    let reserved = [
        (
            naming::RESERVED_CLIENT_METHODS,
            "would be reached as `client.{}()`, which the runtime's Client already defines",
        ),
        (naming::RESERVED_FEATURES, "would be the cargo feature `{}`, which the crate already defines"),
    ];
    for service in &api.services {
        let name = service.name.rust.as_str();
        if let Some((_, clash)) = reserved.iter().find(|(names, _)| names.contains(&name)) {
            let at = service.operations.first().map(|o| o.pointer.clone()).unwrap_or_default();
            return Err(Error::new(
                spec_file,
                at,
                format!("service `{}` {}", service.name.wire, clash.replace("{}", name)),
            ));
        }
    }
    for service in &mut api.services {
        for op in &mut service.operations {
            op.name = match overrides.names.get(&op.key.to_string()) {
                Some(name) => naming::snake(name),
                None => naming::snake(&op.spec_name),
            };
        }
        let overridden: BTreeSet<usize> = service
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| overrides.names.contains_key(&op.key.to_string()))
            .map(|(i, _)| i)
            .collect();
        fold_deprecated_aliases(&mut service.operations);
        drop_lone_variants(&mut service.operations);
        split_by_verb(&mut service.operations, &overridden);
        ensure_unique(&service.operations, &service.name.wire, spec_file, overrides)?;
        for op in &mut service.operations {
            op.builder = naming::pascal(&op.name);
            op.name = naming::settle(std::mem::take(&mut op.name));
        }
    }
    Ok(())
}

fn check_overrides_exist(api: &Api, overrides: &Overrides) -> Result<()> {
    let keys: BTreeSet<String> =
        api.services.iter().flat_map(|s| s.operations.iter()).map(|op| op.key.to_string()).collect();
    for key in overrides.names.keys() {
        if !keys.contains(key) {
            return Err(Error::new(
                &overrides.file,
                crate::error::pointer(["overrides", key.as_str()]),
                format!("override for `{key}` matches no operation of the spec"),
            ));
        }
    }
    Ok(())
}

fn groups(ops: &[Operation]) -> BTreeMap<String, Vec<usize>> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        groups.entry(op.name.clone()).or_default().push(i);
    }
    groups.retain(|_, members| members.len() > 1);
    groups
}

/// Rule 3: on one endpoint, a deprecated SDK method whose name collides with
/// a live one is the same call under an old spelling (`createMfaAuthenticator`
/// beside `createMFAAuthenticator`); only the live one is emitted.
fn fold_deprecated_aliases(ops: &mut Vec<Operation>) {
    let mut drop = BTreeSet::new();
    for members in groups(ops).values() {
        let live: Vec<usize> = members.iter().copied().filter(|&i| ops[i].deprecated.is_none()).collect();
        let [keeper] = live[..] else { continue };
        let (method, path) = (ops[keeper].key.method, ops[keeper].key.path.clone());
        let aliases: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| i != keeper && ops[i].key.method == method && ops[i].key.path == path)
            .collect();
        for &alias in &aliases {
            let name = ops[alias].spec_name.clone();
            ops[keeper].aliases.push(name);
            drop.insert(alias);
        }
    }
    let mut index = 0;
    ops.retain(|_| {
        let keep = !drop.contains(&index);
        index += 1;
        keep
    });
}

/// An endpoint left with one SDK method is keyed by path and verb alone, so
/// its key (and locked name) does not change when a spec adds or drops
/// `x-appwrite.methods` around the same call.
fn drop_lone_variants(ops: &mut [Operation]) {
    let mut per_endpoint: BTreeMap<(crate::ir::HttpMethod, String), usize> = BTreeMap::new();
    for op in ops.iter() {
        *per_endpoint.entry((op.key.method, op.key.path.clone())).or_default() += 1;
    }
    for op in ops.iter_mut() {
        if per_endpoint[&(op.key.method, op.key.path.clone())] == 1 {
            op.key.variant = None;
        }
    }
}

/// Rule 4: two endpoints under one name; each takes its HTTP verb's word.
fn split_by_verb(ops: &mut [Operation], overridden: &BTreeSet<usize>) {
    for members in groups(ops).values() {
        let endpoints: BTreeSet<_> = members.iter().map(|&i| (ops[i].key.method, ops[i].key.path.clone())).collect();
        if endpoints.len() != members.len() {
            continue;
        }
        for &i in members {
            if overridden.contains(&i) {
                continue;
            }
            let verb = ops[i].key.method.naming_verb();
            let rest = ops[i].name.split_once('_').map_or("", |(_, rest)| rest);
            ops[i].name = if rest.is_empty() { verb.to_owned() } else { format!("{verb}_{rest}") };
        }
    }
}

/// Rule 5.
fn ensure_unique(ops: &[Operation], service: &str, spec_file: &Path, overrides: &Overrides) -> Result<()> {
    let Some((name, members)) = groups(ops).into_iter().next() else { return Ok(()) };
    let places: Vec<String> = members.iter().map(|&i| format!("`{}` at {}", ops[i].key, ops[i].pointer)).collect();
    let first = &ops[members[0]];
    Err(Error::new(
        spec_file,
        first.pointer.clone(),
        format!(
            "method name `{name}` in service `{service}` is produced by {}; no rule settles this. \
             Add an override to {} such as [overrides] \"{}\" = \"{}_other\"",
            places.join(" and "),
            if overrides.file.as_os_str().is_empty() {
                "spec/appwrite.toml".to_owned()
            } else {
                overrides.file.display().to_string()
            },
            first.key,
            name
        ),
    ))
}

/// The Rust names of each deprecated method's replacement, which the spec
/// writes as `service.method` in its own words (`account.createMFAAuthenticator`)
/// or as a bare method of the same service: matched by the spec's name,
/// then by the settled one.
pub fn resolve_replacements(api: &mut Api) {
    let mut found = Vec::new();
    for (s, service) in api.services.iter().enumerate() {
        for (o, op) in service.operations.iter().enumerate() {
            let Some(text) = op.deprecated.as_ref().and_then(|d| d.replace_with.as_deref()) else { continue };
            let (service_word, method_word) = match text.split_once('.') {
                Some((service_word, method_word)) => (service_word, method_word),
                None => (service.name.wire.as_str(), text),
            };
            let target =
                api.services.iter().find(|t| t.name.wire == service_word || t.name.rust == naming::snake(service_word));
            let method = target.and_then(|t| {
                let by_spec = t.operations.iter().find(|m| m.spec_name == method_word);
                let by_name = || t.operations.iter().find(|m| m.name == naming::settle(naming::snake(method_word)));
                by_spec.or_else(by_name).map(|m| MethodRef { service: t.name.rust.clone(), method: m.name.clone() })
            });
            found.push((s, o, method));
        }
    }
    for (s, o, method) in found {
        if let Some(deprecation) = api.services[s].operations[o].deprecated.as_mut() {
            deprecation.replacement = method;
        }
    }
}
