//! Union names: the leading words their members share (`attributeBoolean`,
//! `attributeInteger`, ... -> `Attribute` with variants `Boolean`,
//! `Integer`), or where they were met (`CollectionAttributes`, variants
//! named after the models) when the members share none. Unions that come
//! out with one name are one union with every member of both: the
//! `get_attribute` response and the `attributes` of a collection list the
//! same kind of thing, and a wider union still decodes all of it.

use std::collections::BTreeSet;
use std::path::Path;

use super::enums::FALLBACK_VARIANT;
use super::naming;
use crate::error::{Error, Result};
use crate::ir::{Api, Response, TypeRef, Union};

pub fn name_unions(api: &mut Api, spec_file: &Path) -> Result<()> {
    let models: BTreeSet<String> = api.models.iter().map(|m| m.name.rust.clone()).collect();
    for union in &mut api.unions {
        let shared = shared_words(api_words(&api.models, union));
        union.name = match shared {
            Some((prefix, _)) if !models.contains(&naming::pascal(&prefix)) => naming::pascal(&prefix),
            _ => naming::pascal(&union.context),
        };
    }
    merge_same_names(api);
    for union in &mut api.unions {
        let words = api_words(&api.models, union);
        let variants: Vec<String> = match shared_words(words) {
            Some((prefix, rests)) if naming::pascal(&prefix) == union.name => {
                rests.iter().map(|r| naming::variant(r)).collect()
            }
            _ => union.members.iter().map(|m| api.models[m.model].name.rust.clone()).collect(),
        };
        let mut taken = BTreeSet::from([FALLBACK_VARIANT.to_owned()]);
        for (member, variant) in union.members.iter_mut().zip(variants) {
            member.variant = naming::unique_pascal(variant, &mut taken, "Variant");
        }
        union.module = naming::module_name(&naming::snake(&union.name));
    }
    // Unions live beside the models, in `models`: no type or file may be both.
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for model in &api.models {
        seen.insert(model.name.rust.clone(), format!("schema `{}` ({})", model.name.wire, model.pointer));
        seen.insert(format!("file {}", model.module), format!("schema `{}` ({})", model.name.wire, model.pointer));
    }
    for union in &api.unions {
        for key in [union.name.clone(), format!("file {}", union.module)] {
            if let Some(first) = seen.get(&key) {
                return Err(Error::new(
                    spec_file,
                    union.pointer.clone(),
                    format!(
                        "{first} and the `oneOf` at {} both become `{}` in `models`; rename one of them in the spec",
                        union.pointer,
                        key.trim_start_matches("file ")
                    ),
                ));
            }
            seen.insert(key, format!("the `oneOf` at {}", union.pointer));
        }
    }
    Ok(())
}

/// Each member's name as snake_case words.
fn api_words(models: &[crate::ir::Model], union: &Union) -> Vec<Vec<String>> {
    union
        .members
        .iter()
        .map(|m| naming::snake(&models[m.model].name.wire).split('_').map(str::to_owned).collect())
        .collect()
}

/// The leading words every member shares and what is left of each, when
/// there are some and nothing is left empty.
fn shared_words(words: Vec<Vec<String>>) -> Option<(String, Vec<String>)> {
    let first = words.first()?;
    let shared = (0..first.len()).take_while(|&i| words.iter().all(|w| w.get(i) == first.get(i))).count();
    if shared == 0 || words.iter().any(|w| w.len() == shared) {
        return None;
    }
    let rests = words.iter().map(|w| w[shared..].join(" ")).collect();
    Some((first[..shared].join(" "), rests))
}

/// Folds each union into the first one of its name, and points every use
/// at the survivor.
fn merge_same_names(api: &mut Api) {
    let mut map: Vec<usize> = Vec::with_capacity(api.unions.len());
    let mut kept: Vec<Union> = Vec::new();
    for union in std::mem::take(&mut api.unions) {
        match kept.iter().position(|k| k.name == union.name) {
            Some(target) => {
                for member in union.members {
                    if !kept[target].members.iter().any(|m| m.model == member.model) {
                        kept[target].members.push(member);
                    }
                }
                map.push(target);
            }
            None => {
                map.push(kept.len());
                kept.push(union);
            }
        }
    }
    api.unions = kept;
    for field in api.models.iter_mut().flat_map(|m| m.fields.iter_mut()) {
        remap(&mut field.ty, &map);
    }
    for op in api.services.iter_mut().flat_map(|s| s.operations.iter_mut()) {
        if let Response::Union(i) = &mut op.response {
            *i = map[*i];
        }
        for param in &mut op.params {
            remap(&mut param.ty, &map);
        }
    }
}

fn remap(ty: &mut TypeRef, map: &[usize]) {
    match ty {
        TypeRef::Union(i) => *i = map[*i],
        TypeRef::Array(inner) => remap(inner, map),
        _ => {}
    }
}
