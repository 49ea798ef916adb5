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
        let bytes = std::fs::read(path)
            .map_err(|e| Error::new(path, "", format!("cannot read spec: {e}")))?;
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
        let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
            let at = pointer(e.path().iter().filter_map(segment_name));
            Error::new(path, at, format!("not a valid OpenAPI 3.0 document: {}", e.inner()))
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

fn parse_tree(path: &Path, bytes: &[u8]) -> Result<serde_json::Value> {
    let is_yaml = match path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => true,
        Some("json") => false,
        _ => bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{'),
    };
    if is_yaml {
        serde_yaml::from_slice(bytes)
            .map_err(|e| Error::new(path, "", format!("invalid YAML: {e}")))
    } else {
        serde_json::from_slice(bytes)
            .map_err(|e| Error::new(path, "", format!("invalid JSON: {e}")))
    }
}

fn segment_name(segment: &serde_path_to_error::Segment) -> Option<String> {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { .. } | Segment::Unknown => None,
    }
}
