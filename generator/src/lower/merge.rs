//! Merging a second spec into the first: the published crate is the server
//! API plus the operations only the client spec has (OAuth2 session
//! redirects, push targets). Operations are matched by path and verb; the
//! first spec wins where both have one. Models and enums are matched by name.

use std::collections::BTreeSet;

use crate::ir::{Api, Response, Service, TypeRef};

/// Adds to `primary` every operation of `extra` whose path+verb it lacks.
/// Returns how many SDK methods were added.
pub fn merge(primary: &mut Api, extra: Api) -> usize {
    let endpoints: BTreeSet<(crate::ir::HttpMethod, String)> =
        primary.services.iter().flat_map(|s| &s.operations).map(|o| (o.key.method, o.key.path.clone())).collect();

    // Models new to `primary` are appended; they still point at the extra
    // spec's indices until remapped below.
    let mut appended = Vec::new();
    let model_map: Vec<usize> = extra
        .models
        .iter()
        .map(|model| match primary.models.iter().position(|m| m.name.wire == model.name.wire) {
            Some(existing) => existing,
            None => {
                primary.models.push(model.clone());
                appended.push(primary.models.len() - 1);
                primary.models.len() - 1
            }
        })
        .collect();
    let enum_map: Vec<usize> = extra
        .enums
        .iter()
        .map(|def| match primary.enums.iter().position(|e| e.name == def.name) {
            Some(existing) => {
                let target = &mut primary.enums[existing];
                for value in &def.values {
                    if !target.values.iter().any(|v| v.wire == value.wire) {
                        target.values.push(value.clone());
                    }
                }
                existing
            }
            None => {
                primary.enums.push(def.clone());
                primary.enums.len() - 1
            }
        })
        .collect();
    let union_map = merge_unions(primary, &extra, &model_map);
    let remap = |ty: &mut TypeRef| remap_type(ty, &model_map, &enum_map, &union_map);

    for index in appended {
        for field in &mut primary.models[index].fields {
            remap(&mut field.ty);
            for one in &mut field.one_of {
                *one = model_map[*one];
            }
        }
    }

    let mut added = 0;
    for service in extra.services {
        let new_ops: Vec<_> = service
            .operations
            .into_iter()
            .filter(|o| !endpoints.contains(&(o.key.method, o.key.path.clone())))
            .map(|mut op| {
                for param in &mut op.params {
                    remap(&mut param.ty);
                }
                match &mut op.response {
                    Response::Model(i) => *i = model_map[*i],
                    Response::Union(i) => *i = union_map[*i],
                    _ => {}
                }
                op
            })
            .collect();
        if new_ops.is_empty() {
            continue;
        }
        added += new_ops.len();
        match primary.services.iter_mut().find(|s| s.name.wire == service.name.wire) {
            Some(existing) => existing.operations.extend(new_ops),
            None => {
                primary.services.push(Service { operations: new_ops, ..service });
            }
        }
    }
    added
}

/// Unions are matched by their members (after the models are matched);
/// the extra spec's others are appended.
fn merge_unions(primary: &mut Api, extra: &Api, model_map: &[usize]) -> Vec<usize> {
    extra
        .unions
        .iter()
        .map(|union| {
            let mut members: Vec<usize> = union.members.iter().map(|m| model_map[m.model]).collect();
            members.sort_unstable();
            let same = primary.unions.iter().position(|u| {
                let mut theirs: Vec<usize> = u.members.iter().map(|m| m.model).collect();
                theirs.sort_unstable();
                theirs == members
            });
            same.unwrap_or_else(|| {
                let mut union = union.clone();
                for member in &mut union.members {
                    member.model = model_map[member.model];
                }
                primary.unions.push(union);
                primary.unions.len() - 1
            })
        })
        .collect()
}

fn remap_type(ty: &mut TypeRef, models: &[usize], enums: &[usize], unions: &[usize]) {
    match ty {
        TypeRef::Model(i) => *i = models[*i],
        TypeRef::Enum(i) => *i = enums[*i],
        TypeRef::Union(i) => *i = unions[*i],
        TypeRef::Array(inner) => remap_type(inner, models, enums, unions),
        _ => {}
    }
}
