//! Turns an Appwrite OpenAPI spec into a Rust client crate.
//!
//! The pipeline is the module layout: [`load`] reads the spec, [`lower`]
//! turns it into the [`ir`], [`normalize`] settles every name, and [`emit`]
//! writes the crate's files in memory. [`generate`] runs all of it; nothing
//! here writes to disk.

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
mod lexicon;
pub mod load;
pub mod lower;
pub mod normalize;
pub mod template;

use std::path::Path;
use std::time::{Duration, Instant};

pub use emit::Files;
pub use error::{Error, Result, Warning};
pub use load::{CrateInfo, Manifest, Spec};
pub use normalize::Overrides;
pub use template::Templates;

/// What to generate from.
pub struct Input<'a> {
    pub spec: &'a Spec,
    /// Specs whose operations missing from `spec` are merged in (by path and verb).
    pub extra: &'a [Spec],
    pub krate: &'a CrateInfo,
    pub overrides: &'a Overrides,
    pub templates: &'a Templates,
    /// Published names to keep (pinned generation); `None` for a one-off run.
    pub lock: Option<&'a normalize::lock::NameLock>,
    /// Accept renames against the lock, keeping old names as aliases.
    pub approve_renames: bool,
    /// Fail on the first construct the generator would otherwise work
    /// around with a warning (CI of this repository runs this way).
    pub strict: bool,
}

/// The generated crate and what it took.
pub struct Output {
    pub api: ir::Api,
    /// The name lock for this spec, when generating against one.
    pub lock: Option<normalize::lock::NameLock>,
    pub files: Files,
    /// What the spec does that the generator worked around, in a stable
    /// order: the main spec's, then each merged spec's.
    pub warnings: Vec<Warning>,
    pub timings: Timings,
}

/// Time per phase, for the summary line and the benchmark.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub lower: Duration,
    pub normalize: Duration,
    /// Wall time of emission: building tokens, formatting them (on every
    /// core) and rendering templates.
    pub emit: Duration,
    /// Processor time spent in prettyplease, summed over threads; part of `emit`.
    pub format: Duration,
}

pub fn generate(input: &Input<'_>) -> Result<Output> {
    let started = Instant::now();
    let (mut api, mut warnings) = lower::lower(input.spec)?;
    for extra in input.extra {
        let (extra_api, extra_warnings) = lower::lower(extra)?;
        lower::merge(&mut api, extra_api);
        warnings.extend(extra_warnings);
    }
    if input.strict {
        if let Some(error) = error::strict_error(&warnings) {
            return Err(error);
        }
    }
    lower::mark_sensitive(&mut api, &input.overrides.sensitive, &input.overrides.file)?;
    lower::set_union_tags(&mut api, &input.overrides.tags, &input.overrides.file)?;
    let lowered = Instant::now();
    normalize::normalize(&mut api, &input.spec.path, input.overrides)?;
    normalize::name_crate(&mut api, &input.krate.name);
    let lock = match input.lock {
        Some(lock) => Some(normalize::lock::apply(&mut api, lock, input.approve_renames)?),
        None => None,
    };
    let normalized = Instant::now();
    let spec_file = input.spec.path.file_name().and_then(|f| f.to_str()).unwrap_or("spec");
    let (files, format) = emit::emit(&api, input.krate, spec_file, input.templates)?;
    let emitted = Instant::now();
    Ok(Output {
        api,
        lock,
        files,
        warnings,
        timings: Timings {
            lower: lowered - started,
            normalize: normalized - lowered,
            emit: emitted - normalized,
            format,
        },
    })
}

/// The normalized IR of a spec, without emitting anything (for `diff`).
pub fn build_ir(spec: &Spec) -> Result<ir::Api> {
    let (mut api, _) = lower::lower(spec)?;
    normalize::normalize(&mut api, &spec.path, &Overrides::default())?;
    Ok(api)
}

/// Loads a spec by path and generates from it; convenient for tests.
pub fn generate_from_path(
    spec_path: &Path,
    krate: &CrateInfo,
    overrides: &Overrides,
    templates: &Templates,
) -> Result<Output> {
    let spec = Spec::load(spec_path)?;
    generate(&Input {
        spec: &spec,
        extra: &[],
        krate,
        overrides,
        templates,
        lock: None,
        approve_renames: false,
        strict: false,
    })
}
