//! `spec/names.lock`: the name every operation was published under.
//!
//! Names must not change under users' feet when Appwrite ships a new spec
//! that reorders, adds or renames things around an operation. The lock
//! records `operation key -> service.method`; a spec that would give a
//! locked operation another name fails generation until a maintainer
//! approves the rename (`cargo xtask generate --approve-renames`), which
//! keeps the old name as a deprecated alias that calls the new one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ir::Api;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NameLock {
    /// Operation key -> `service.method`.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Operation key -> earlier method names, kept as deprecated aliases.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Where the lock lives, for diagnostics.
    #[serde(skip)]
    pub file: PathBuf,
}

const HEADER: &str = "# Method names as published, by operation key. Written by `cargo xtask generate`;\n\
# a rename fails generation until approved with `cargo xtask generate --approve-renames`,\n\
# which keeps the old name under [aliases] as a deprecated method.\n\n";

impl NameLock {
    pub fn parse(file: PathBuf, text: &str) -> Result<NameLock> {
        let mut lock: NameLock =
            toml::from_str(text).map_err(|e| Error::new(&file, "", format!("invalid name lock: {}", e.message())))?;
        lock.file = file;
        Ok(lock)
    }

    pub fn render(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{HEADER}{body}")
    }
}

/// Compares the names settled by the rules with the lock. Unapproved
/// renames are an error listing each; with `approve`, they are accepted and
/// the old names recorded as aliases. Returns the lock for this spec.
pub fn apply(api: &mut Api, lock: &NameLock, approve: bool) -> Result<NameLock> {
    let mut next = NameLock { file: lock.file.clone(), ..NameLock::default() };
    let mut renames = Vec::new();
    for service in &mut api.services {
        for op in &mut service.operations {
            let key = op.key.to_string();
            let now = format!("{}.{}", service.name.rust, op.name);
            let mut aliases = lock.aliases.get(&key).cloned().unwrap_or_default();
            if let Some(before) = lock.names.get(&key).filter(|before| **before != now) {
                if !approve {
                    renames.push(format!("`{key}`: `{before}` -> `{now}`"));
                }
                if let Some((service_before, method_before)) = before.split_once('.') {
                    if service_before == service.name.rust && !aliases.iter().any(|a| a == method_before) {
                        aliases.push(method_before.to_owned());
                    }
                }
            }
            aliases.retain(|a| *a != op.name);
            op.renamed_from = aliases.clone();
            if !aliases.is_empty() {
                next.aliases.insert(key.clone(), aliases);
            }
            next.names.insert(key, now);
        }
    }
    if !renames.is_empty() {
        return Err(Error::new(
            &lock.file,
            "",
            format!(
                "this spec renames {} published method(s): {}. Approve with `cargo xtask generate --approve-renames` \
                 (old names stay as deprecated aliases), or keep the old names with [overrides] in spec/appwrite.toml",
                renames.len(),
                renames.join(", ")
            ),
        ));
    }
    Ok(next)
}
