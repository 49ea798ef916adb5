//! `API.txt`: the public API in one line per method signature, setter, model
//! field and enum value, so `git diff` of a regeneration shows at a glance
//! what changed for users.

use std::fmt::Write as _;

use super::names;
use super::types::{display_response, display_type};
use crate::ir::{Api, Location};

pub fn api_summary(api: &Api, crate_name: &str, version: &str) -> String {
    let mut out = format!(
        "# Public API of {crate_name} {version} ({} {}), one line per item. @generated: do not edit.\n",
        api.title, api.version
    );
    for service in &api.services {
        for op in &service.operations {
            let call = format!("{}().{}", names::display(&service.name.rust), names::display(&op.name));
            let args: Vec<String> = op
                .params
                .iter()
                .filter(|p| p.required)
                .map(|p| {
                    let ty = display_type(api, &p.ty);
                    let ty = if p.nullable && p.location == Location::Body { format!("Option<{ty}>") } else { ty };
                    format!("{}: {ty}", names::display(&p.name.rust))
                })
                .collect();
            let returns = display_response(api, &op.response);
            let deprecated = if op.deprecated.is_some() { " (deprecated)" } else { "" };
            let _ = writeln!(
                out,
                "method {call}({}) -> {returns}{deprecated}  [{} {}]",
                args.join(", "),
                op.key.method,
                op.key.path
            );
            for old in &op.renamed_from {
                let _ = writeln!(
                    out,
                    "method {}().{}(..) (deprecated alias of {call})",
                    names::display(&service.name.rust),
                    names::display(old)
                );
            }
            for p in op.params.iter().filter(|p| !p.required) {
                let _ =
                    writeln!(out, "setter {call}(..).{}({})", names::display(&p.name.rust), display_type(api, &p.ty));
                if let Some(null_setter) = &p.null_setter {
                    let _ = writeln!(out, "setter {call}(..).{null_setter}()");
                }
            }
        }
    }
    for model in &api.models {
        for field in &model.fields {
            let ty = display_type(api, &field.ty);
            let ty = if field.is_optional() { format!("Option<{ty}>") } else { ty };
            let _ = writeln!(
                out,
                "model {}.{}: {ty}  [{}]",
                model.name.rust,
                names::display(&field.name.rust),
                field.name.wire
            );
        }
        if model.additional {
            let _ = writeln!(
                out,
                "model {}.{}: Map<String, Value>  [other properties]",
                model.name.rust,
                model.extra_field.as_deref().unwrap_or_default()
            );
        }
    }
    for union in &api.unions {
        for member in &union.members {
            let _ = writeln!(out, "union {}::{}({})", union.name, member.variant, api.models[member.model].name.rust);
        }
    }
    for def in &api.enums {
        for value in &def.values {
            let _ = writeln!(out, "enum {}::{} = {:?}", def.name, value.rust, value.wire);
        }
    }
    out
}
