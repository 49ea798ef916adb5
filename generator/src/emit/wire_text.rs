//! The exact text a sample value takes on the wire (path segment, query
//! pairs, multipart parts, percent-encoding), worked out independently of
//! the runtime, so the generated operation tests compare the client's
//! requests against a second opinion.

use serde_json::{Map, Value};

use crate::ir::TypeRef;

/// The text a scalar takes in a path segment, query value or multipart
/// field: strings unquoted, numbers and booleans as JSON (which for numbers
/// matches Rust's `Display`).
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            // Rust prints `100f64` as `100`, JSON as `100.0`.
            Some(f) if !n.is_i64() && !n.is_u64() => f.to_string(),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The `(key, value)` pairs a query parameter produces, in order, before
/// percent-encoding: arrays as `name[]`, objects as `name[key]`.
pub fn query_pairs(name: &str, ty: &TypeRef, value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match (ty, value) {
        (TypeRef::Array(_), Value::Array(items)) => {
            for item in items {
                out.push((format!("{name}[]"), scalar_text(item)));
            }
        }
        (TypeRef::Object | TypeRef::Json, _) => flatten(name.to_owned(), value, &mut out),
        _ => out.push((name.to_owned(), scalar_text(value))),
    }
    out
}

fn flatten(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten(format!("{key}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(format!("{key}[]"), item, out);
            }
        }
        other => out.push((key, scalar_text(other))),
    }
}

/// Text parts of a multipart body for the JSON fields `body`: arrays as
/// repeated `name[]` parts, `null` left out.
pub fn multipart_pairs(body: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, value) in body {
        match value {
            Value::Null => {}
            Value::Array(items) => out.extend(items.iter().map(|item| (format!("{name}[]"), json_text(item)))),
            other => out.push((name.clone(), json_text(other))),
        }
    }
    out
}

/// A multipart text part: strings as they are, anything else as JSON.
fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters; `keep` lists
/// extra characters left as they are (`[]` in query keys).
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
