//! Reading a spec file: bytes -> JSON tree -> `openapiv3` document.
//!
//! The raw JSON tree is kept beside the typed document because Appwrite puts
//! meaning where `openapiv3` has no field for it (`items` on object schemas,
//! vendor extensions inside `x-appwrite.methods`), and because JSON pointers
//! for error messages are checked against it.

mod manifest;

pub use manifest::{sha256_hex, CrateInfo, Manifest};

use std::path::{Path, PathBuf};

use crate::error::{pointer, Error, Result};

/// A parsed OpenAPI document and where it came from.
pub struct Spec {
    pub path: PathBuf,
    pub raw: serde_json::Value,
    pub doc: openapiv3::OpenAPI,
}

impl Spec {
    /// Reads and parses a spec file, JSON or YAML (chosen by extension, with
    /// a look at the first byte for files without one).
    pub fn load(path: &Path) -> Result<Spec> {
        let bytes = std::fs::read(path).map_err(|e| Error::new(path, "", format!("cannot read spec: {e}")))?;
        Spec::parse(path, &bytes)
    }

    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Spec> {
        let raw = parse_tree(path, bytes)?;
        if !raw.is_object() {
            return Err(Error::new(path, "", "the document is not an object"));
        }
        for required in ["openapi", "paths"] {
            if raw.get(required).is_none() {
                return Err(Error::new(path, pointer([required]), format!("missing `{required}`")));
            }
        }
        let version = raw["openapi"].as_str().unwrap_or_default();
        if !version.starts_with("3.0") {
            return Err(Error::new(
                path,
                "/openapi",
                format!("unsupported OpenAPI version {:?}: only 3.0.x is supported", raw["openapi"]),
            ));
        }
        // The typed document is read from the bytes, not from `raw`: a
        // `serde_json::Value` sorts object keys, and the order of properties
        // is the order of a method's arguments.
        let typed = if is_yaml(path, bytes) {
            serde_yaml::from_slice::<openapiv3::OpenAPI>(bytes).map_err(|e| e.to_string())
        } else {
            serde_json::from_slice::<openapiv3::OpenAPI>(bytes).map_err(|e| e.to_string())
        };
        let doc = typed.map_err(|_| {
            let error = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw)
                .err()
                .map(|e| narrow(&raw, e))
                .unwrap_or_else(|| (String::new(), "the document does not match OpenAPI 3.0".to_owned()));
            // serde reports a missing field at its parent; point at the field itself.
            let missing =
                error.1.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')).map(|(field, _)| field);
            let at = match missing {
                Some(field) => format!("{}{}", error.0, pointer([field])),
                None => error.0,
            };
            Error::new(path, at, format!("not a valid OpenAPI 3.0 document: {}", error.1))
        })?;
        Ok(Spec { path: path.to_owned(), raw, doc })
    }

    /// The raw node at a JSON pointer, if present.
    pub fn at(&self, pointer: &str) -> Option<&serde_json::Value> {
        self.raw.pointer(pointer)
    }

    pub fn error(&self, pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(&self.path, pointer, message)
    }
}

fn is_yaml(path: &Path, bytes: &[u8]) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => true,
        Some("json") => false,
        _ => bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{'),
    }
}

fn parse_tree(path: &Path, bytes: &[u8]) -> Result<serde_json::Value> {
    if is_yaml(path, bytes) {
        serde_yaml::from_slice(bytes).map_err(|e| Error::new(path, "", format!("invalid YAML: {e}")))
    } else {
        serde_json::from_slice(bytes).map_err(|e| Error::new(path, "", format!("invalid JSON: {e}")))
    }
}

/// `openapiv3` uses flattened and untagged enums, where serde loses track
/// of the path: the error then points at `/paths` rather than at the broken
/// operation. Re-parsing the children of that node one by one, as the types
/// they must be, walks down to the deepest node that fails.
fn narrow(raw: &serde_json::Value, error: serde_path_to_error::Error<serde_json::Error>) -> (String, String) {
    let mut at = pointer(error.path().iter().filter_map(segment_name));
    let mut message = error.inner().to_string();
    while let Some(serde_json::Value::Object(node)) = raw.pointer(&at) {
        let failing = node.iter().find_map(|(key, value)| {
            let child_at = format!("{at}{}", pointer([key]));
            let error = match node_kind(&child_at)? {
                NodeKind::PathItem => reparse::<openapiv3::ReferenceOr<openapiv3::PathItem>>(value),
                NodeKind::Operation => reparse::<openapiv3::Operation>(value),
                NodeKind::Schema => reparse::<openapiv3::ReferenceOr<openapiv3::Schema>>(value),
            }?;
            Some((
                format!("{child_at}{}", pointer(error.path().iter().filter_map(segment_name))),
                error.inner().to_string(),
            ))
        });
        match failing {
            Some((deeper, inner)) if deeper != at => {
                at = deeper;
                message = inner;
            }
            _ => break,
        }
    }
    (at, message)
}

enum NodeKind {
    PathItem,
    Operation,
    Schema,
}

fn node_kind(at: &str) -> Option<NodeKind> {
    const VERBS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let segments: Vec<&str> = at.split('/').skip(1).collect();
    match segments[..] {
        ["paths", _] => Some(NodeKind::PathItem),
        ["paths", _, verb] if VERBS.contains(&verb) => Some(NodeKind::Operation),
        ["components", "schemas", _] => Some(NodeKind::Schema),
        _ => None,
    }
}

fn reparse<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Option<serde_path_to_error::Error<serde_json::Error>> {
    serde_path_to_error::deserialize::<_, T>(value).err()
}

fn segment_name(segment: &serde_path_to_error::Segment) -> Option<String> {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { .. } | Segment::Unknown => None,
    }
}
