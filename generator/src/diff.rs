//! What a user of the crate feels between two specs: methods, parameters,
//! models, unions, fields and enum values added, removed or changed, each
//! marked breaking or not by what the generated code lets a caller do (the
//! emitters' own [`surface`](crate::emit::models::surface) and
//! [`NON_EXHAUSTIVE`](crate::emit::enums::NON_EXHAUSTIVE)), with the semver
//! bump that follows and a CHANGELOG.md section in Keep a Changelog style.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::emit::enums::NON_EXHAUSTIVE;
use crate::emit::models::surface;
use crate::emit::types::{arg_type_text, display_response, display_type};
use crate::ir::{Api, Field, Model, Operation, Param};

/// The Keep a Changelog section a change belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Added,
    Changed,
    Deprecated,
    Removed,
}

impl Kind {
    fn title(self) -> &'static str {
        match self {
            Kind::Added => "Added",
            Kind::Changed => "Changed",
            Kind::Deprecated => "Deprecated",
            Kind::Removed => "Removed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub breaking: bool,
    pub kind: Kind,
    pub text: String,
}

fn change(kind: Kind, breaking: bool, text: String) -> Change {
    Change { breaking, kind, text }
}

#[derive(Debug, Default)]
pub struct ApiDiff {
    pub methods: Vec<Change>,
    /// Models and unions of models.
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
                let verb = match change.kind {
                    Kind::Added => "added ",
                    Kind::Deprecated => "deprecated ",
                    Kind::Removed => "removed ",
                    Kind::Changed => "",
                };
                let _ = writeln!(out, "- {mark}: {verb}{}", change.text);
            }
            out.push('\n');
        }
        out
    }

    /// One CHANGELOG.md section (Keep a Changelog): `## [version] - date`, a
    /// line saying what was regenerated from what, then `### Added`,
    /// `Changed`, `Deprecated`, `Removed`, breaking entries marked and first.
    pub fn to_changelog(&self, version: &str, date: &str, summary: &str) -> String {
        let mut out = format!("## [{version}] - {date}\n\n{summary}");
        let breaking = self.all().filter(|c| c.breaking).count();
        if breaking > 0 {
            let _ = write!(out, " {breaking} breaking change(s), marked below.");
        }
        out.push_str("\n\n");
        if self.is_empty() {
            out.push_str("No change to the API.\n\n");
            return out;
        }
        for kind in [Kind::Added, Kind::Changed, Kind::Deprecated, Kind::Removed] {
            let mut entries: Vec<&Change> = self.all().filter(|c| c.kind == kind).collect();
            if entries.is_empty() {
                continue;
            }
            entries.sort_by_key(|c| !c.breaking);
            let _ = writeln!(out, "### {}\n", kind.title());
            for entry in entries {
                let mark = if entry.breaking { "**Breaking:** " } else { "" };
                let _ = writeln!(out, "- {mark}{}", entry.text);
            }
            out.push('\n');
        }
        out
    }
}

const CHANGELOG_HEADER: &str =
    "# Changelog\n\nAll notable changes to this crate are documented in this file, one section per \
regeneration from a new Appwrite spec (written by `cargo xtask diff OLD NEW --changelog --write`).\n\n\
The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this crate adheres to \
[Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\n";

/// `existing` (a CHANGELOG.md, perhaps empty) with `section` as its newest
/// release: after the header and any `## [Unreleased]` notes, before the
/// first release; a section for the same version is replaced, so writing it
/// twice changes nothing.
pub fn prepend_changelog(existing: &str, section: &str) -> String {
    let existing = if existing.trim().is_empty() { CHANGELOG_HEADER } else { existing };
    let heading = section.lines().next().unwrap_or_default();
    let version_prefix = heading.split(" - ").next().unwrap_or(heading);
    let mut head = String::new();
    let mut releases: Vec<String> = Vec::new();
    for line in existing.split_inclusive('\n') {
        if line.starts_with("## [") {
            releases.push(String::new());
        }
        match releases.last_mut() {
            Some(release) => release.push_str(line),
            None => head.push_str(line),
        }
    }
    let same = |release: &String| {
        release.starts_with(&format!("{version_prefix} ")) || release.starts_with(&format!("{version_prefix}\n"))
    };
    releases.retain(|release| !same(release));
    let unreleased: Vec<String> = releases.iter().filter(|r| r.starts_with("## [Unreleased]")).cloned().collect();
    releases.retain(|release| !release.starts_with("## [Unreleased]"));
    let mut out = head;
    for notes in unreleased {
        out.push_str(&notes);
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(section.trim_end());
    out.push_str("\n\n");
    for release in releases {
        out.push_str(&release);
    }
    out.trim_end().to_owned() + "\n"
}

pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let mut models = model_changes(old, new);
    models.extend(union_changes(old, new));
    ApiDiff { methods: method_changes(old, new), models, enums: enum_changes(old, new) }
}

fn methods_by_key(api: &Api) -> BTreeMap<String, (String, &Operation)> {
    api.services
        .iter()
        .flat_map(|s| {
            s.operations.iter().map(move |o| (o.key.to_string(), (format!("{}().{}", s.name.rust, o.name), o)))
        })
        .collect()
}

fn method_changes(old: &Api, new: &Api) -> Vec<Change> {
    let (before, after) = (methods_by_key(old), methods_by_key(new));
    let mut changes = Vec::new();
    for (key, (name, op)) in &after {
        let Some((old_name, old_op)) = before.get(key) else {
            changes.push(change(Kind::Added, false, format!("`{name}` (`{key}`)")));
            continue;
        };
        if old_name != name {
            // An approved rename keeps the old name as a deprecated method.
            let kept = old_name.rsplit_once('.').is_some_and(|(_, m)| op.renamed_from.iter().any(|r| r == m));
            if kept {
                changes.push(change(
                    Kind::Deprecated,
                    false,
                    format!("`{old_name}` renamed to `{name}`; the old name stays as a deprecated alias (`{key}`)"),
                ));
            } else {
                changes.push(change(Kind::Changed, true, format!("`{old_name}` renamed to `{name}` (`{key}`)")));
            }
        }
        if op.deprecated.is_some() && old_op.deprecated.is_none() {
            let with = op
                .deprecated
                .as_ref()
                .and_then(crate::emit::replacement_path)
                .map(|r| format!("; use {r}"))
                .unwrap_or_default();
            changes.push(change(Kind::Deprecated, false, format!("`{name}`{with}")));
        }
        changes.extend(param_changes(old, new, name, old_op, op));
        let (was, now) = (display_response(old, &old_op.response), display_response(new, &op.response));
        if was != now {
            changes.push(change(Kind::Changed, true, format!("`{name}` now returns `{now}` instead of `{was}`")));
        }
        match (old.is_paginated(old_op), new.is_paginated(op)) {
            (false, true) => {
                changes.push(change(Kind::Added, false, format!("`{name}(..).into_stream()`, its pages as a stream")))
            }
            (true, false) => changes.push(change(Kind::Removed, true, format!("`{name}(..).into_stream()`"))),
            _ => {}
        }
    }
    for (key, (name, _)) in &before {
        if !after.contains_key(key) {
            changes.push(change(Kind::Removed, true, format!("`{name}` (`{key}`)")));
        }
    }
    changes
}

/// Parameters compared as the generated method takes them: the argument
/// or setter type (`impl Into<String>`, `Option<T>` for a required nullable
/// body field), whether it is an argument or a setter, and the `_null`
/// setter.
fn param_changes(old: &Api, new: &Api, method: &str, old_op: &Operation, op: &Operation) -> Vec<Change> {
    let by_name = |params: &[Param]| -> BTreeMap<String, Param> {
        params.iter().map(|p| (p.name.wire.clone(), p.clone())).collect()
    };
    let (before, after) = (by_name(&old_op.params), by_name(&op.params));
    let mut changes = Vec::new();
    for (wire, param) in &after {
        let Some(was) = before.get(wire) else {
            changes.push(if param.required {
                change(Kind::Changed, true, format!("`{method}` has a new required parameter `{wire}`"))
            } else {
                change(Kind::Added, false, format!("`{method}` has a new optional parameter `{wire}`"))
            });
            continue;
        };
        let (t0, t1) = (arg_type_text(old, was), arg_type_text(new, param));
        if t0 != t1 || display_type(old, &was.ty) != display_type(new, &param.ty) {
            changes.push(change(
                Kind::Changed,
                true,
                format!("`{method}` parameter `{wire}` is now `{t1}` (was `{t0}`)"),
            ));
        }
        if was.required != param.required {
            let now = if param.required { "required (an argument)" } else { "optional (a setter)" };
            changes.push(change(Kind::Changed, true, format!("`{method}` parameter `{wire}` is now {now}")));
        }
        match (&was.null_setter, &param.null_setter) {
            (None, Some(setter)) => {
                changes.push(change(Kind::Added, false, format!("`{method}(..).{setter}()`, sending `{wire}` as null")))
            }
            (Some(setter), None) => changes.push(change(Kind::Removed, true, format!("`{method}(..).{setter}()`"))),
            _ => {}
        }
    }
    for wire in before.keys().filter(|w| !after.contains_key(*w)) {
        changes.push(change(Kind::Removed, true, format!("`{method}` parameter `{wire}`")));
    }
    changes
}

fn model_changes(old: &Api, new: &Api) -> Vec<Change> {
    let index = |api: &Api| -> BTreeMap<String, usize> {
        api.models.iter().enumerate().map(|(i, m)| (m.name.wire.clone(), i)).collect()
    };
    let (before, after) = (index(old), index(new));
    let mut changes = Vec::new();
    for (wire, &i) in &after {
        let model = &new.models[i];
        match before.get(wire) {
            None => changes.push(change(Kind::Added, false, format!("model `{}`", model.name.rust))),
            Some(&j) => changes.extend(field_changes(old, new, &old.models[j], model)),
        }
    }
    for (wire, &j) in &before {
        if !after.contains_key(wire) {
            changes.push(change(Kind::Removed, true, format!("model `{}`", old.models[j].name.rust)));
        }
    }
    changes
}

fn field_changes(old: &Api, new: &Api, was: &Model, model: &Model) -> Vec<Change> {
    let name = &model.name.rust;
    let open = surface(model).non_exhaustive;
    // A new public field breaks struct literals and exhaustive patterns,
    // which a `#[non_exhaustive]` model allows nowhere outside the crate.
    let new_field_breaks = !open;
    let mut changes = Vec::new();
    for field in &model.fields {
        match was.fields.iter().find(|f| f.name.wire == field.name.wire) {
            None => changes.push(change(Kind::Added, new_field_breaks, format!("`{name}.{}` field", field.name.rust))),
            Some(old_field) => {
                let (t0, t1) = (shown_field(old, old_field), shown_field(new, field));
                if t0 != t1 {
                    changes.push(change(
                        Kind::Changed,
                        true,
                        format!("`{name}.{}` is now `{t1}` (was `{t0}`)", field.name.rust),
                    ));
                }
            }
        }
    }
    for field in was.fields.iter().filter(|f| !model.fields.iter().any(|n| n.name.wire == f.name.wire)) {
        changes.push(change(Kind::Removed, true, format!("`{name}.{}` field", field.name.rust)));
    }
    match (&was.extra_field, &model.extra_field) {
        (None, Some(extra)) => changes.push(change(
            Kind::Added,
            new_field_breaks,
            format!("`{name}.{extra}`, the properties beyond its fields"),
        )),
        (Some(extra), None) => {
            changes.push(change(Kind::Removed, true, format!("`{name}.{extra}`, the properties beyond its fields")))
        }
        _ => {}
    }
    match (surface(was).default, surface(model).default) {
        (true, false) => changes.push(change(
            Kind::Removed,
            true,
            format!("`impl Default for {name}` (a new required field has no default)"),
        )),
        (false, true) => changes.push(change(Kind::Added, false, format!("`impl Default for {name}`"))),
        _ => {}
    }
    changes
}

fn shown_field(api: &Api, field: &Field) -> String {
    let ty = display_type(api, &field.ty);
    if field.is_optional() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

fn union_changes(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    for union in &new.unions {
        let Some(was) = old.unions.iter().find(|u| u.name == union.name) else {
            changes.push(change(Kind::Added, false, format!("union `{}`", union.name)));
            continue;
        };
        let model_of = |api: &Api, m: usize| api.models[m].name.wire.clone();
        for member in &union.members {
            let wire = model_of(new, member.model);
            match was.members.iter().find(|m| model_of(old, m.model) == wire) {
                None => changes.push(change(
                    Kind::Added,
                    !NON_EXHAUSTIVE,
                    format!("`{}::{}` variant", union.name, member.variant),
                )),
                Some(before) if before.variant != member.variant => changes.push(change(
                    Kind::Changed,
                    true,
                    format!("`{0}::{1}` is now `{0}::{2}`", union.name, before.variant, member.variant),
                )),
                Some(_) => {}
            }
        }
        for member in was
            .members
            .iter()
            .filter(|m| !union.members.iter().any(|n| model_of(new, n.model) == model_of(old, m.model)))
        {
            changes.push(change(
                Kind::Removed,
                true,
                format!("`{}::{}` variant (now decoded as `Unknown`)", union.name, member.variant),
            ));
        }
    }
    for union in old.unions.iter().filter(|u| !new.unions.iter().any(|n| n.name == u.name)) {
        changes.push(change(Kind::Removed, true, format!("union `{}`", union.name)));
    }
    changes
}

fn enum_changes(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    for def in &new.enums {
        let Some(was) = old.enums.iter().find(|e| e.name == def.name) else {
            changes.push(change(Kind::Added, false, format!("enum `{}`", def.name)));
            continue;
        };
        for value in &def.values {
            match was.values.iter().find(|w| w.wire == value.wire) {
                // A new variant breaks exhaustive matches, which a
                // `#[non_exhaustive]` enum allows nowhere outside the crate.
                None => changes.push(change(
                    Kind::Added,
                    !NON_EXHAUSTIVE,
                    format!("`{}::{}` for `{}` (decoded as `Unknown` before)", def.name, value.rust, value.wire),
                )),
                Some(before) if before.rust != value.rust => changes.push(change(
                    Kind::Changed,
                    true,
                    format!("`{0}::{1}` is now `{0}::{2}` (`{3}`)", def.name, before.rust, value.rust, value.wire),
                )),
                Some(_) => {}
            }
        }
        for value in was.values.iter().filter(|v| !def.values.iter().any(|w| w.wire == v.wire)) {
            changes.push(change(
                Kind::Removed,
                true,
                format!("`{}::{}` (`{}` now decodes as `Unknown`)", def.name, value.rust, value.wire),
            ));
        }
    }
    for def in old.enums.iter().filter(|e| !new.enums.iter().any(|n| n.name == e.name)) {
        changes.push(change(Kind::Removed, true, format!("enum `{}`", def.name)));
    }
    changes
}
