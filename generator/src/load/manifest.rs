//! `spec/appwrite.toml`: which spec is pinned (by SHA-256), what crate to
//! emit, and the maintainer's name overrides.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub spec: PinnedSpec,
    #[serde(rename = "crate")]
    pub krate: CrateInfo,
    /// Further specs whose operations the pinned one lacks are merged in
    /// (the client platform's OAuth2 redirects and push targets).
    #[serde(default)]
    pub merge: Vec<PinnedSpec>,
    /// `"METHOD /path"` (or `"METHOD /path#sdkMethod"` for one entry of
    /// `x-appwrite.methods`) -> the Rust method name to use.
    #[serde(default)]
    pub overrides: BTreeMap<String, String>,
    /// Model fields holding secrets that the spec's names, formats and
    /// descriptions do not give away.
    #[serde(default)]
    pub sensitive: SensitiveFields,
    /// `schema -> property -> value`: the values by which the server tells
    /// a union's members apart, where the spec's examples say otherwise.
    #[serde(default)]
    pub tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Where the manifest was read from; spec paths are relative to it.
    #[serde(skip)]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedSpec {
    pub file: PathBuf,
    pub sha256: String,
}

/// `[sensitive]`: `fields = ["schema.property", ...]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitiveFields {
    #[serde(default)]
    pub fields: Vec<String>,
}

/// Package metadata of the emitted crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateInfo {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub repository: Option<String>,
}

impl CrateInfo {
    pub fn unpinned(name: &str) -> CrateInfo {
        CrateInfo { name: name.to_owned(), version: "0.1.0".to_owned(), description: None, repository: None }
    }
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::new(path, "", format!("cannot read manifest: {e}")))?;
        let mut manifest: Manifest =
            toml::from_str(&text).map_err(|e| Error::new(path, "", format!("invalid manifest: {}", e.message())))?;
        manifest.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(manifest)
    }

    pub fn spec_path(&self) -> PathBuf {
        self.dir.join(&self.spec.file)
    }

    /// Refuses a spec whose bytes are not the pinned ones, so that a changed
    /// file can never slip into `generated/` unreviewed.
    pub fn verify(&self, bytes: &[u8]) -> Result<()> {
        self.spec.verify(&self.dir, bytes)
    }

    /// Reads, verifies and parses every pinned spec: the main one, then the merged ones.
    pub fn load_specs(&self) -> Result<(crate::Spec, Vec<crate::Spec>)> {
        // The specs are independent; reading, hashing and parsing them side
        // by side is most of the parse phase.
        let (main, extra) = std::thread::scope(|scope| {
            let extra: Vec<_> = self.merge.iter().map(|pinned| scope.spawn(|| pinned.load(&self.dir))).collect();
            let main = self.spec.load(&self.dir);
            let extra: Vec<Result<crate::Spec>> =
                extra.into_iter().map(|h| crate::error::joined(h, &self.dir, "loading a spec")).collect();
            (main, extra)
        });
        Ok((main?, extra.into_iter().collect::<Result<_>>()?))
    }
}

impl PinnedSpec {
    pub fn path(&self, dir: &Path) -> PathBuf {
        dir.join(&self.file)
    }

    fn load(&self, dir: &Path) -> Result<crate::Spec> {
        let path = self.path(dir);
        let bytes = std::fs::read(&path).map_err(|e| Error::new(&path, "", format!("cannot read spec: {e}")))?;
        self.verify(dir, &bytes)?;
        crate::Spec::parse(&path, &bytes)
    }

    fn verify(&self, dir: &Path, bytes: &[u8]) -> Result<()> {
        let actual = sha256_hex(bytes);
        if actual.eq_ignore_ascii_case(self.sha256.trim()) {
            return Ok(());
        }
        Err(Error::new(
            self.path(dir),
            "",
            format!(
                "SHA-256 mismatch: the manifest pins {} but the file hashes to {}. \
                 If this spec is the one you mean to generate from, re-pin it by setting \
                 `sha256 = \"{}\"` for this file in spec/appwrite.toml (see README: new Appwrite release).",
                self.sha256.trim(),
                actual,
                actual
            ),
        ))
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
