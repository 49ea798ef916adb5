//! What a user of the crate feels between two specs: methods, parameters,
//! models, fields and enum values added, removed or changed, each marked
//! breaking or not, with the semver bump that follows.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::emit::types::{display_response, display_type};
use crate::ir::{Api, Operation, Param};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub breaking: bool,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct ApiDiff {
    pub methods: Vec<Change>,
    pub models: Vec<Change>,
    pub enums: Vec<Change>,
}

impl ApiDiff {
    pub fn is_breaking(&self) -> bool {
        self.all().any(|c| c.breaking)
    }

    pub fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }

    fn all(&self) -> impl Iterator<Item = &Change> {
        self.methods.iter().chain(&self.models).chain(&self.enums)
    }

    /// The version after `current` that these changes call for: a breaking
    /// change bumps the major version (the minor one before 1.0).
    pub fn suggested_version(&self, current: &str) -> String {
        let mut parts: Vec<u64> = current.split('.').map(|p| p.parse().unwrap_or(0)).collect();
        parts.resize(3, 0);
        let (major, minor, patch) = (parts[0], parts[1], parts[2]);
        let additive = self.all().any(|c| !c.breaking);
        match (self.is_breaking(), major) {
            (true, 0) => format!("0.{}.0", minor + 1),
            (true, _) => format!("{}.0.0", major + 1),
            (false, 0) if additive => format!("0.{minor}.{}", patch + 1),
            (false, _) if additive => format!("{major}.{}.0", minor + 1),
            _ => current.to_owned(),
        }
    }

    pub fn to_markdown(&self, old_label: &str, new_label: &str, current_version: &str) -> String {
        let mut out = format!("# API changes: {old_label} -> {new_label}\n\n");
        if self.is_empty() {
            out.push_str("No change a user of the crate would notice.\n");
            return out;
        }
        let bump = if self.is_breaking() { "breaking" } else { "compatible" };
        let _ = writeln!(
            out,
            "{} change(s), {} breaking. These changes are {bump}: suggested version {current_version} -> {}.\n",
            self.all().count(),
            self.all().filter(|c| c.breaking).count(),
            self.suggested_version(current_version)
        );
        for (title, changes) in [("Methods", &self.methods), ("Models", &self.models), ("Enums", &self.enums)] {
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "## {title}\n");
            for change in changes {
                let mark = if change.breaking { "**breaking**" } else { "compatible" };
                let _ = writeln!(out, "- {mark}: {}", change.text);
            }
            out.push('\n');
        }
        out
    }
}

pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    ApiDiff { methods: method_changes(old, new), models: model_changes(old, new), enums: enum_changes(old, new) }
}

fn methods_by_key(api: &Api) -> BTreeMap<String, (String, &Operation)> {
    api.services
        .iter()
        .flat_map(|s| s.operations.iter().map(move |o| (o.key.to_string(), (format!("{}().{}", s.name.rust, o.name), o))))
        .collect()
}

fn method_changes(old: &Api, new: &Api) -> Vec<Change> {
    let (before, after) = (methods_by_key(old), methods_by_key(new));
    let mut changes = Vec::new();
    let change = |breaking: bool, text: String| Change { breaking, text };
    for (key, (name, op)) in &after {
        let Some((old_name, old_op)) = before.get(key) else {
            changes.push(change(false, format!("added `{name}` (`{key}`)")));
            continue;
        };
        if old_name != name {
            changes.push(change(true, format!("`{old_name}` renamed to `{name}` (`{key}`)")));
        }
        if op.deprecated.is_some() && old_op.deprecated.is_none() {
            let with = op.deprecated.as_ref().and_then(crate::emit::replacement_path).map(|r| format!("; use {r}")).unwrap_or_default();
            changes.push(change(false, format!("`{name}` newly deprecated{with}")));
        }
        changes.extend(param_changes(old, new, name, old_op, op));
        let (was, now) = (display_response(old, &old_op.response), display_response(new, &op.response));
        if was != now {
            changes.push(change(true, format!("`{name}` now returns `{now}` instead of `{was}`")));
        }
    }
    for (key, (name, _)) in &before {
        if !after.contains_key(key) {
            changes.push(change(true, format!("removed `{name}` (`{key}`)")));
        }
    }
    changes
}

fn param_changes(old: &Api, new: &Api, method: &str, old_op: &Operation, op: &Operation) -> Vec<Change> {
    let by_name = |params: &[Param]| -> BTreeMap<String, Param> { params.iter().map(|p| (p.name.wire.clone(), p.clone())).collect() };
    let (before, after) = (by_name(&old_op.params), by_name(&op.params));
    let mut changes = Vec::new();
    for (wire, param) in &after {
        match before.get(wire) {
            None if param.required => changes.push(Change { breaking: true, text: format!("`{method}` has a new required parameter `{wire}`") }),
            None => changes.push(Change { breaking: false, text: format!("`{method}` has a new optional parameter `{wire}`") }),
            Some(was) => {
                let (t0, t1) = (display_type(old, &was.ty), display_type(new, &param.ty));
                if t0 != t1 {
                    changes.push(Change { breaking: true, text: format!("`{method}` parameter `{wire}` is now `{t1}` (was `{t0}`)") });
                }
                if was.required != param.required {
                    let now = if param.required { "required" } else { "optional" };
                    changes.push(Change { breaking: true, text: format!("`{method}` parameter `{wire}` is now {now}") });
                }
            }
        }
    }
    for wire in before.keys().filter(|w| !after.contains_key(*w)) {
        changes.push(Change { breaking: true, text: format!("`{method}` lost parameter `{wire}`") });
    }
    changes
}

fn model_changes(old: &Api, new: &Api) -> Vec<Change> {
    let index = |api: &Api| -> BTreeMap<String, usize> { api.models.iter().enumerate().map(|(i, m)| (m.name.wire.clone(), i)).collect() };
    let (before, after) = (index(old), index(new));
    let mut changes = Vec::new();
    for (wire, &i) in &after {
        let model = &new.models[i];
        let Some(&j) = before.get(wire) else {
            changes.push(Change { breaking: false, text: format!("added model `{}`", model.name.rust) });
            continue;
        };
        let was = &old.models[j];
        for field in &model.fields {
            match was.fields.iter().find(|f| f.name.wire == field.name.wire) {
                None => changes.push(Change {
                    breaking: false,
                    text: format!("`{}` has a new field `{}` (struct literals need `..`)", model.name.rust, field.name.rust),
                }),
                Some(old_field) => {
                    let (t0, t1) = (display_type(old, &old_field.ty), display_type(new, &field.ty));
                    let (o0, o1) = (!old_field.required || old_field.nullable, !field.required || field.nullable);
                    if t0 != t1 || o0 != o1 {
                        let show = |t: &str, optional: bool| if optional { format!("Option<{t}>") } else { t.to_owned() };
                        changes.push(Change {
                            breaking: true,
                            text: format!("`{}.{}` is now `{}` (was `{}`)", model.name.rust, field.name.rust, show(&t1, o1), show(&t0, o0)),
                        });
                    }
                }
            }
        }
        for field in was.fields.iter().filter(|f| !model.fields.iter().any(|n| n.name.wire == f.name.wire)) {
            changes.push(Change { breaking: true, text: format!("`{}` lost field `{}`", model.name.rust, field.name.rust) });
        }
    }
    for (wire, &j) in &before {
        if !after.contains_key(wire) {
            changes.push(Change { breaking: true, text: format!("removed model `{}`", old.models[j].name.rust) });
        }
    }
    changes
}

fn enum_changes(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    for def in &new.enums {
        let Some(was) = old.enums.iter().find(|e| e.name == def.name) else {
            changes.push(Change { breaking: false, text: format!("added enum `{}`", def.name) });
            continue;
        };
        for value in def.values.iter().filter(|v| !was.values.iter().any(|w| w.wire == v.wire)) {
            changes.push(Change { breaking: false, text: format!("`{}` gained value `{}`", def.name, value.wire) });
        }
        for value in was.values.iter().filter(|v| !def.values.iter().any(|w| w.wire == v.wire)) {
            changes.push(Change {
                breaking: true,
                text: format!("`{}` lost value `{}` (now decoded as `Unknown`)", def.name, value.wire),
            });
        }
    }
    for def in old.enums.iter().filter(|e| !new.enums.iter().any(|n| n.name == e.name)) {
        changes.push(Change { breaking: true, text: format!("removed enum `{}`", def.name) });
    }
    changes
}
