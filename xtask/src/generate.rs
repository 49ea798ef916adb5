//! `cargo xtask generate` and `cargo xtask bench`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use appwrite_generator::normalize::lock::NameLock;
use appwrite_generator::{generate, CrateInfo, Input, Manifest, Output, Overrides, Spec, Templates};

use crate::{root, sync};

struct Args {
    check: bool,
    approve_renames: bool,
    strict: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    /// A pinned generation from another manifest (its lock and changelog
    /// beside it) into `out`: a trial run of a new release, and the drill's test.
    manifest: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args> {
    let mut parsed = Args {
        check: false,
        approve_renames: false,
        strict: false,
        spec: None,
        out: None,
        crate_name: None,
        manifest: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| iter.next().cloned().with_context(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--approve-renames" => parsed.approve_renames = true,
            "--strict" => parsed.strict = true,
            "--spec" => parsed.spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "--manifest" => parsed.manifest = Some(PathBuf::from(value("--manifest")?)),
            other => bail!("unknown argument `{other}`"),
        }
    }
    match (&parsed.spec, &parsed.manifest, &parsed.out) {
        (Some(_), Some(_), _) => bail!("--spec and --manifest exclude each other"),
        (Some(_), None, None) => bail!("--spec and --out go together"),
        (None, Some(_), None) => bail!("--manifest and --out go together"),
        (None, None, Some(_)) => bail!("--out needs --spec or --manifest"),
        _ => {}
    }
    Ok(parsed)
}

/// What one generation run starts from: a pinned spec or one named on the command line.
pub struct Job {
    pub spec: Spec,
    pub extra: Vec<Spec>,
    pub krate: CrateInfo,
    pub overrides: Overrides,
    pub out: PathBuf,
    /// The published names (pinned generation only).
    pub lock: Option<NameLock>,
    pub approve_renames: bool,
    /// Warnings are errors.
    pub strict: bool,
    /// The crate's CHANGELOG.md, kept beside the manifest and copied in.
    pub changelog: Option<PathBuf>,
}

pub fn pinned_job() -> Result<Job> {
    let root = root();
    pinned_job_at(&root.join("spec/appwrite.toml"), root.join("generated").join("appwrite"))
}

/// The generation a manifest pins, with the name lock beside it.
pub fn pinned_job_at(manifest_path: &Path, out: PathBuf) -> Result<Job> {
    let manifest_path = manifest_path.to_owned();
    let manifest = Manifest::load(&manifest_path)?;
    let (spec, extra) = manifest.load_specs()?;
    let lock_path = manifest.dir.join("names.lock");
    let changelog = crate::diff::changelog_beside(&manifest_path);
    let lock = match std::fs::read_to_string(&lock_path) {
        Ok(text) => NameLock::parse(lock_path, &text)?,
        Err(_) => NameLock { file: lock_path, ..NameLock::default() },
    };
    Ok(Job {
        spec,
        extra,
        overrides: Overrides::from_manifest(&manifest, manifest_path),
        out,
        lock: Some(lock),
        approve_renames: false,
        strict: false,
        changelog: changelog.exists().then_some(changelog),
        krate: manifest.krate,
    })
}

fn job(args: &Args) -> Result<Job> {
    match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => Ok(Job {
            spec: Spec::load(spec)?,
            extra: Vec::new(),
            krate: CrateInfo::unpinned(args.crate_name.as_deref().unwrap_or("appwrite-client")),
            overrides: Overrides::default(),
            out: out.clone(),
            lock: None,
            approve_renames: false,
            strict: args.strict,
            changelog: None,
        }),
        _ => {
            let job = match (&args.manifest, &args.out) {
                (Some(manifest), Some(out)) => pinned_job_at(manifest, out.clone())?,
                _ => pinned_job()?,
            };
            Ok(Job { approve_renames: args.approve_renames, strict: args.strict, ..job })
        }
    }
}

pub fn run_job(job: &Job) -> Result<Output> {
    let templates = Templates::load(&root().join("templates"))?;
    let mut output = generate(&Input {
        spec: &job.spec,
        extra: &job.extra,
        krate: &job.krate,
        overrides: &job.overrides,
        templates: &templates,
        lock: job.lock.as_ref(),
        approve_renames: job.approve_renames,
        strict: job.strict,
    })?;
    add_license(&mut output)?;
    add_changelog(job, &mut output)?;
    Ok(output)
}

/// BSD-3-Clause wants its text to travel with every copy of the code, and a
/// generated crate (published, or vendored from `--out`) is such a copy; the
/// repository's LICENSE is the one text of it.
fn add_license(output: &mut Output) -> Result<()> {
    let license = root().join("LICENSE");
    let text = std::fs::read(&license).with_context(|| format!("reading {}", license.display()))?;
    output.files.insert("LICENSE".to_owned(), text);
    Ok(())
}

/// The changelog kept beside the manifest, as the crate's CHANGELOG.md: a
/// regeneration carries it, and never deletes it.
fn add_changelog(job: &Job, output: &mut Output) -> Result<()> {
    if let Some(path) = &job.changelog {
        let text = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        output.files.insert("CHANGELOG.md".to_owned(), text);
    }
    Ok(())
}

/// Warnings go to stderr, one a line, in the order the generator met them.
pub fn print_warnings(output: &Output) {
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
}

pub fn run(args: &[String]) -> Result<ExitCode> {
    let started = Instant::now();
    let args = parse_args(args)?;
    let job = job(&args)?;
    let output = run_job(&job)?;
    print_warnings(&output);
    let diff = sync::diff(&job.out, &output.files)?;
    let lock_change = match (&job.lock, &output.lock) {
        (Some(before), Some(after)) => {
            let text = after.render();
            (std::fs::read_to_string(&before.file).ok().as_deref() != Some(text.as_str()))
                .then(|| (before.file.clone(), text))
        }
        _ => None,
    };
    if args.check {
        if let Some((path, _)) = &lock_change {
            eprintln!("{} is not up to date: run `cargo xtask generate` and commit it", shown(path));
            return Ok(ExitCode::from(1));
        }
        if diff.is_empty() {
            println!("{} is up to date ({} files)", shown(&job.out), output.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is not what the generator produces now:", shown(&job.out));
        for (label, paths) in [("stale", &diff.stale), ("missing", &diff.missing), ("extra", &diff.extra)] {
            for path in paths {
                eprintln!("  {label}: {path}");
            }
        }
        eprintln!("run `cargo xtask generate` and commit the result");
        return Ok(ExitCode::from(1));
    }
    let written = sync::apply(&job.out, &output.files, &diff)?;
    if let Some((path, text)) = &lock_change {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("updated {}", shown(path));
    }
    let api = &output.api;
    let endpoints: std::collections::BTreeSet<_> =
        api.services.iter().flat_map(|s| &s.operations).map(|o| (o.key.method, o.key.path.clone())).collect();
    println!(
        "generated {}: {} services, {} operations, {} methods, {} models, {} enums; {} files written, {} removed, {} total; {:.0?}",
        shown(&job.out),
        api.services.len(),
        endpoints.len(),
        api.operation_count(),
        api.models.len(),
        api.enums.len(),
        written,
        diff.extra.len(),
        output.files.len(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Generates `spec` into a standalone crate at `out`, locked to the
/// workspace's dependency versions.
pub fn generate_standalone(spec: &Path, out: &Path, name: &str, strict: bool) -> Result<()> {
    let job = Job {
        spec: Spec::load(spec)?,
        extra: Vec::new(),
        krate: CrateInfo::unpinned(name),
        overrides: Overrides::default(),
        out: out.to_owned(),
        lock: None,
        approve_renames: false,
        strict,
        changelog: None,
    };
    let output = run_job(&job)?;
    print_warnings(&output);
    let diff = sync::diff(out, &output.files)?;
    sync::apply(out, &output.files, &diff)?;
    std::fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).context("copying Cargo.lock")?;
    Ok(())
}

fn shown(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// Times each phase over several runs of the pinned spec and prints the
/// median, plus the process's peak resident memory.
pub fn bench(args: &[String]) -> Result<ExitCode> {
    let runs: usize = match args {
        [flag, n] if flag == "--runs" => n.parse().context("--runs takes a number")?,
        [] => 20,
        _ => bail!("usage: cargo xtask bench [--runs N]"),
    };
    let root = root();
    let manifest = Manifest::load(&root.join("spec/appwrite.toml"))?;
    let spec_path = manifest.spec_path();
    let templates = Templates::load(&root.join("templates"))?;
    let mut rows: Vec<[Duration; 6]> = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        // Reading, hashing and parsing both pinned specs (server + merged client).
        let (spec, extra) = manifest.load_specs()?;
        let parsed = started.elapsed();
        let overrides = Overrides::from_manifest(&manifest, PathBuf::new());
        let input = Input {
            spec: &spec,
            extra: &extra,
            krate: &manifest.krate,
            overrides: &overrides,
            templates: &templates,
            lock: None,
            approve_renames: false,
            strict: false,
        };
        let output = generate(&input)?;
        let t = output.timings;
        rows.push([parsed, t.lower, t.normalize, t.emit, t.format, started.elapsed()]);
    }
    println!(
        "cargo xtask generate phases on {} (median of {} runs):",
        spec_path.file_name().unwrap_or_default().to_string_lossy(),
        rows.len()
    );
    let phases = [
        "parse",
        "lower",
        "normalize",
        "emit (wall, includes formatting)",
        "  of which prettyplease (CPU, all threads)",
        "total (wall)",
    ];
    for (i, phase) in phases.iter().enumerate() {
        let mut times: Vec<Duration> = rows.iter().map(|r| r[i]).collect();
        times.sort();
        println!("  {phase:<42} {:>8.1} ms", times[times.len() / 2].as_secs_f64() * 1000.0);
    }
    match peak_rss_kib() {
        Some(kib) => println!("  {:<42} {:>8.1} MiB", "peak RSS", kib as f64 / 1024.0),
        None => println!("  peak RSS unavailable on this platform"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `VmHWM` from /proc: the high-water mark of resident memory.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same comparison as `cargo xtask generate --check`.
    #[test]
    fn generated_crate_is_fresh() {
        let job = pinned_job().unwrap();
        let output = run_job(&job).unwrap();
        let diff = sync::diff(&job.out, &output.files).unwrap();
        assert!(diff.is_empty(), "generated/appwrite is stale; run `cargo xtask generate`: {diff:?}");
    }
}
