//! `cargo xtask bench-compare`: appwrite-client against the official
//! `appwrite` crate (=0.1.0) on this machine, in one run: generation, compile
//! times, per-request cost, uploads, binary size and generated code size.
//! The bench crates live in bench/ (a workspace of its own) and build under
//! target/bench; nothing here runs in CI.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::root;

mod commands;

use commands::{capture, cargo, copy_dir, path_with, section, step, timed};

const USAGE: &str = "usage: cargo xtask bench-compare [--small] [--skip-compile]
  --small         few iterations, a 20 MiB upload, debug compile only: for trying the harness
  --skip-compile  leave out the compile-time and binary-size builds (the slow part)";

struct Options {
    small: bool,
    compile: bool,
}

/// Rebuilds of a crate alone, whose median is reported.
const ALONE_ROUNDS: usize = 3;

/// One way of depending on a client crate, built cold and alone.
struct Variant {
    label: &'static str,
    /// Package in bench/ whose binary is the minimal app.
    app: &'static str,
    /// Folder under target/bench/src holding a copy of the client crate.
    copy: &'static str,
    /// Extra `cargo build` arguments for the client crate alone; `None`
    /// when only the cold build tells something new.
    features: Option<&'static [&'static str]>,
}

const OURS: Variant =
    Variant { label: "ours, all services", app: "app-ours", copy: "appwrite-client", features: Some(&[]) };
const OURS_USERS: Variant = Variant {
    label: "ours, `users` only",
    app: "app-ours-users",
    copy: "appwrite-client",
    features: Some(&["--no-default-features", "--features", "rustls,users"]),
};
/// All services over `native-tls`: the crate alone is the same code as
/// [`OURS`], so only the cold build and the binary are measured.
const OURS_NATIVE: Variant = Variant {
    label: "ours, all services, `native-tls`",
    app: "app-ours-native",
    copy: "appwrite-client",
    features: None,
};
const OFFICIAL: Variant =
    Variant { label: "official `appwrite` 0.1.0", app: "app-official", copy: "appwrite-0.1.0", features: Some(&[]) };
/// The apps measured, the official last (the ratios' denominator).
const VARIANTS: [&Variant; 4] = [&OURS, &OURS_USERS, &OURS_NATIVE, &OFFICIAL];

pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut options = Options { small: false, compile: true };
    for arg in args {
        match arg.as_str() {
            "--small" => options.small = true,
            "--skip-compile" => options.compile = false,
            _ => bail!("unknown argument `{arg}`\n{USAGE}"),
        }
    }
    let root = root();
    let bench = root.join("bench");
    let out = root.join("target/bench");
    fs::create_dir_all(&out)?;

    let mut report = String::new();
    writeln!(report, "## Machine\n")?;
    writeln!(report, "{}", machine()?)?;
    let load_before = fs::read_to_string("/proc/loadavg").unwrap_or_default();

    section("fetching sources (not timed)");
    step(cargo(&bench).args(["fetch", "--quiet"]))?;

    writeln!(report, "## 1. Generation\n")?;
    writeln!(report, "{}", generation(options.small)?)?;

    if options.compile {
        writeln!(report, "## 2. Compile time of the minimal app (`users().list()`)\n")?;
        writeln!(report, "{}", compile_times(&root, &bench, &out, options.small)?)?;
    }

    writeln!(report, "## 3. Per-request cost against a local server\n")?;
    let runners = build_runners(&bench, &out)?;
    writeln!(report, "{}", requests(&runners, options.small)?)?;

    writeln!(report, "## 4. Chunked upload to the local server\n")?;
    writeln!(report, "{}", uploads(&runners, &out, options.small)?)?;

    if options.compile {
        writeln!(report, "## 5. Stripped release binary of the minimal app\n")?;
        writeln!(report, "{}", binary_sizes(&out)?)?;
    }

    writeln!(report, "## Generated code size\n")?;
    writeln!(report, "{}", code_size(&root, &out)?)?;

    let load_after = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    writeln!(
        report,
        "Load average (1/5/15 min) before: {}, after: {}.",
        load_before.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        load_after.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    )?;
    let path = out.join("report.md");
    fs::write(&path, &report)?;
    println!("\n{report}\n(written to {})", path.display());
    Ok(ExitCode::SUCCESS)
}

fn machine() -> Result<String> {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let memory = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(|l| l.trim_start_matches("MemTotal:").trim().to_owned()))
        .unwrap_or_default();
    let rustc = capture(Command::new("rustc").arg("-V"))?;
    Ok(format!("- CPU: {model}, {cores} cores available (nproc)\n- memory: {memory}\n- {}\n", rustc.trim()))
}

fn generation(small: bool) -> Result<String> {
    section("generation phases (cargo xtask bench)");
    let xtask = std::env::current_exe().context("locating xtask")?;
    let runs = if small { "3" } else { "20" };
    let phases = capture(Command::new(&xtask).args(["bench", "--runs", runs]))?;
    let mut walls = Vec::new();
    for _ in 0..if small { 1 } else { 5 } {
        let started = Instant::now();
        step(Command::new(&xtask).args(["generate", "--check"]).stdout(Stdio::null()))?;
        walls.push(started.elapsed());
    }
    let total_ms = phases
        .lines()
        .find_map(|l| l.trim().strip_prefix("total"))
        .and_then(|r| r.trim().trim_end_matches("ms").trim().parse::<f64>().ok());
    let mut out = format!("```\n{}```\n\n", phases);
    let wall = median(&mut walls);
    writeln!(out, "`cargo xtask generate --check` wall time, xtask already built (median): {:.0} ms.", ms(wall))?;
    if let Some(total) = total_ms {
        writeln!(out, "Target: under 300 ms in total: {}.", verdict(total < 300.0))?;
    }
    Ok(out)
}

/// Copies of both client crates under target/bench/src, built as packages of
/// their own so "the crate alone" can be rebuilt by touching its source; a
/// registry dependency cannot be.
fn prepare_copies(root: &Path, bench: &Path, out: &Path) -> Result<()> {
    let src = out.join("src");
    let ours = src.join(OURS.copy);
    if ours.exists() {
        fs::remove_dir_all(&ours)?;
    }
    copy_dir(&root.join("generated/appwrite"), &ours)?;
    fs::copy(root.join("Cargo.lock"), ours.join("Cargo.lock"))?;
    let official = src.join(OFFICIAL.copy);
    if !official.exists() {
        let metadata = capture(cargo(bench).args(["metadata", "--format-version", "1", "--offline"]))?;
        let manifest =
            find_manifest(&metadata, "/appwrite-0.1.0/Cargo.toml").context("appwrite 0.1.0 not in bench/ metadata")?;
        copy_dir(Path::new(&manifest).parent().context("manifest folder")?, &official)?;
    }
    for copy in [&ours, &official] {
        step(cargo(copy).args(["fetch", "--quiet"]))?;
    }
    Ok(())
}

/// The median time of rebuilding the crate at `copy` after touching its
/// `src/lib.rs`, its dependencies already built (`cargo {args}`).
fn alone_build(copy: &Path, target: &Path, args: &[&str]) -> Result<Duration> {
    let build = || {
        let mut command = cargo(copy);
        command.args(args).arg("--target-dir").arg(target);
        command
    };
    step(&mut build())?;
    // A build of a few seconds varies by a fifth from one run to the next
    // here; the median of three keeps one slow run from deciding a target.
    let lib = copy.join("src/lib.rs");
    let mut rounds = Vec::with_capacity(ALONE_ROUNDS);
    for _ in 0..ALONE_ROUNDS {
        fs::File::options().append(true).open(&lib)?.set_modified(std::time::SystemTime::now())?;
        rounds.push(timed(&mut build())?);
    }
    rounds.sort_unstable();
    Ok(rounds[ALONE_ROUNDS / 2])
}

fn compile_times(root: &Path, bench: &Path, out: &Path, small: bool) -> Result<String> {
    prepare_copies(root, bench, out)?;
    let profiles: &[(&str, &[&str])] =
        if small { &[("debug", &[])] } else { &[("debug", &[]), ("release", &["--release"])] };
    // [variant][profile] -> (cold, alone)
    let mut times = vec![vec![(Duration::ZERO, None); profiles.len()]; VARIANTS.len()];
    for (p, (profile, flags)) in profiles.iter().enumerate() {
        for (v, variant) in VARIANTS.iter().enumerate() {
            section(&format!("cold {profile} build of {}", variant.app));
            let target = out.join("cold").join(format!("{}-{profile}", variant.app));
            if target.exists() {
                fs::remove_dir_all(&target)?;
            }
            let cold = timed(
                cargo(bench)
                    .args(["build", "--quiet", "--offline", "-p", variant.app])
                    .args(*flags)
                    .arg("--target-dir")
                    .arg(&target),
            )?;
            let Some(features) = variant.features else {
                times[v][p] = (cold, None);
                continue;
            };

            section(&format!("{profile} build of {} alone", variant.copy));
            let copy = out.join("src").join(variant.copy);
            let target = out.join("alone").join(format!("{}-{}", variant.app, profile));
            let mut args: Vec<&str> = vec!["build", "--quiet", "--offline", "--lib"];
            args.extend(flags.iter().chain(features));
            times[v][p] = (cold, Some(alone_build(&copy, &target, &args)?));
        }
    }
    let mut table = String::from(
        "| build | ours, all services | ours, `users` only | ours, all, `native-tls` | official \
         | all/official | users/official | native-tls/official | target |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for (p, (profile, _)) in profiles.iter().enumerate() {
        for (kind, pick, target_all, target_users) in
            [("cold (fresh target folder)", 0, 0.8, None), ("crate alone (dependencies built)", 1, 0.8, Some(0.3))]
        {
            let get = |v: usize| if pick == 0 { Some(times[v][p].0) } else { times[v][p].1 };
            let seconds = |v: usize| get(v).map_or_else(|| "-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
            let official = get(VARIANTS.len() - 1).context("the official is built alone too")?.as_secs_f64();
            let ratio = |v: usize| get(v).map(|d| d.as_secs_f64() / official);
            let shown = |r: Option<f64>| r.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"));
            let (ratio_all, ratio_users) = (ratio(0).unwrap_or(f64::NAN), ratio(1).unwrap_or(f64::NAN));
            // A cold build compiles the TLS stack, so it is judged like for
            // like: the official binds OpenSSL, as ours does with
            // `native-tls`; the rustls default is shown beside it. Built
            // alone, the crate is the same code with either.
            let mut target = match ratio(2) {
                Some(native) => format!(
                    "like for like (`native-tls`) <= {target_all}x: {}; rustls (default): {ratio_all:.2}",
                    verdict(native <= target_all)
                ),
                None => format!("all <= {target_all}x: {}", verdict(ratio_all <= target_all)),
            };
            if let Some(t) = target_users {
                write!(target, "; users <= {t}x: {}", verdict(ratio_users <= t))?;
            }
            writeln!(
                table,
                "| {profile}, {kind} | {} | {} | {} | {} | {ratio_all:.2} | {ratio_users:.2} | {} | {target} |",
                seconds(0),
                seconds(1),
                seconds(2),
                seconds(3),
                shown(ratio(2)),
            )?;
        }
    }
    let labels: Vec<&str> = VARIANTS.iter().map(|v| v.label).collect();
    writeln!(
        table,
        "\nColumns: {}. Builds run with `CARGO_INCREMENTAL=0` (what a dependency gets) and `--offline` after `cargo fetch`; \
         \"alone\" rebuilds the client crate's library after touching its `src/lib.rs`, its dependencies already built \
         (the median of three rebuilds).",
        labels.join("; ")
    )?;
    Ok(table)
}

fn binary_sizes(out: &Path) -> Result<String> {
    let sizes_dir = out.join("sizes");
    fs::create_dir_all(&sizes_dir)?;
    let mut sizes = Vec::new();
    for variant in VARIANTS {
        let built = out.join("cold").join(format!("{}-release", variant.app)).join("release").join(variant.app);
        if !built.exists() {
            return Ok("Release builds were skipped (`--small`).\n".to_owned());
        }
        let copy = sizes_dir.join(variant.app);
        fs::copy(&built, &copy)?;
        step(Command::new("strip").arg(&copy))?;
        sizes.push((variant.label, fs::metadata(&built)?.len(), fs::metadata(&copy)?.len()));
    }
    let official = sizes[VARIANTS.len() - 1].2 as f64;
    let mut table =
        String::from("| app | stripped | unstripped | stripped / official | target |\n|---|---|---|---|---|\n");
    for (label, unstripped, stripped) in &sizes {
        let ratio = *stripped as f64 / official;
        writeln!(
            table,
            "| {label} | {:.2} MiB | {:.2} MiB | {ratio:.2} | <= 1.0: {} |",
            mib(*stripped),
            mib(*unstripped),
            verdict(ratio <= 1.0)
        )?;
    }
    Ok(table)
}

struct Runners {
    ours: PathBuf,
    official: PathBuf,
}

fn build_runners(bench: &Path, out: &Path) -> Result<Runners> {
    let target = out.join("runners");
    // One package per build, so neither SDK's dependency features leak into
    // the other's binary.
    for runner in ["runner-ours", "runner-official"] {
        section(&format!("building {runner} (release)"));
        step(cargo(bench).args(["build", "--quiet", "--release", "-p", runner]).arg("--target-dir").arg(&target))?;
    }
    Ok(Runners { ours: target.join("release/runner-ours"), official: target.join("release/runner-official") })
}

/// One line a runner printed, as `(key, value)` pairs.
type Metrics = Vec<(String, f64)>;

/// Metrics a runner printed: `label key=value key=value`.
fn parse_metrics(output: &str, label: &str) -> Result<Metrics> {
    let line =
        output.lines().find(|l| l.starts_with(label)).with_context(|| format!("no `{label}` line in:\n{output}"))?;
    line.split_whitespace()
        .skip(1)
        .map(|pair| {
            let (key, value) = pair.split_once('=').context("metric without `=`")?;
            Ok((key.to_owned(), value.parse().with_context(|| format!("metric {pair}"))?))
        })
        .collect()
}

fn metric(metrics: &[(String, f64)], key: &str) -> f64 {
    metrics.iter().find(|(k, _)| k == key).map_or(f64::NAN, |(_, v)| *v)
}

fn requests(runners: &Runners, small: bool) -> Result<String> {
    let (users, documents, rounds) = if small { ("200", "20", 1) } else { ("2000", "200", 5) };
    let labels = ["users_list", "documents_list"];
    // [sdk][label] -> one metrics row per round
    let mut rows: Vec<Vec<Vec<Metrics>>> = vec![vec![Vec::new(); labels.len()]; 2];
    for round in 0..rounds {
        // Alternating keeps slow drifts of a shared machine from favouring one SDK.
        for (s, runner) in [&runners.ours, &runners.official].iter().enumerate() {
            section(&format!("requests, round {} of {rounds}, {}", round + 1, runner.display()));
            let output = capture(Command::new(runner).args(["overhead", users, documents]))?;
            for (l, label) in labels.iter().enumerate() {
                rows[s][l].push(parse_metrics(&output, label)?);
            }
        }
    }
    let mut table =
        String::from("| request | measure | ours | official | ours/official | target |\n|---|---|---|---|---|---|\n");
    for (l, what) in ["`users().list()`, 100 users", "document list, 1,000 documents"].iter().enumerate() {
        for (key, unit, target) in [
            ("cpu_us", "µs CPU", Some(0.8)),
            ("allocs", "allocations", Some(0.8)),
            ("alloc_kib", "KiB allocated", None),
            ("wall_us", "µs wall", None),
        ] {
            let ours = median_f(rows[0][l].iter().map(|m| metric(m, key)).collect());
            let official = median_f(rows[1][l].iter().map(|m| metric(m, key)).collect());
            let ratio = ours / official;
            let target = target.map_or("-".to_owned(), |t| format!("<= {t}: {}", verdict(ratio <= t)));
            writeln!(table, "| {what} | {unit} | {ours:.1} | {official:.1} | {ratio:.2} | {target} |")?;
        }
    }
    writeln!(
        table,
        "\nPer request, median of {rounds} rounds of {users} (users) / {documents} (documents) requests after a warm-up, \
         over one kept-alive connection. CPU time and allocations are the client thread's only \
         (`CLOCK_THREAD_CPUTIME_ID`, a counting global allocator with per-thread counters): the server runs on its own thread."
    )?;
    Ok(table)
}

fn uploads(runners: &Runners, out: &Path, small: bool) -> Result<String> {
    let sizes: &[u64] = if small { &[20] } else { &[100, 1024] };
    let rounds = if small { 1 } else { 3 };
    let mut table =
        String::from("| file | measure | ours | official | ours/official | target |\n|---|---|---|---|---|---|\n");
    for &size_mib in sizes {
        let path = out.join(format!("upload-{size_mib}MiB.bin"));
        let file = fs::File::create(&path)?;
        // Sparse: the benchmark is about the SDK's buffering, not the disk.
        file.set_len(size_mib * 1024 * 1024)?;
        // Whoever reads a new file first pays for filling the page cache;
        // one untimed read puts both SDKs behind a warm cache.
        std::io::copy(&mut fs::File::open(&path)?, &mut std::io::sink())?;
        let mut results: Vec<Vec<Metrics>> = vec![Vec::new(), Vec::new()];
        for _ in 0..rounds {
            for (s, runner) in [&runners.ours, &runners.official].iter().enumerate() {
                section(&format!("upload of {size_mib} MiB, {}", runner.display()));
                let output = capture(Command::new(runner).arg("upload").arg(&path))?;
                results[s].push(parse_metrics(&output, "upload")?);
            }
        }
        let value = |s: usize, key: &str| median_f(results[s].iter().map(|m| metric(m, key)).collect());
        let (ours_speed, official_speed) = (value(0, "mib_s"), value(1, "mib_s"));
        writeln!(
            table,
            "| {size_mib} MiB | throughput, MiB/s | {ours_speed:.0} | {official_speed:.0} | {:.2} | >= 1.0: {} |",
            ours_speed / official_speed,
            verdict(ours_speed >= official_speed)
        )?;
        let (ours_peak, official_peak) = (value(0, "peak_above_baseline_mib"), value(1, "peak_above_baseline_mib"));
        writeln!(
            table,
            "| {size_mib} MiB | peak RSS above baseline, MiB | {ours_peak:.1} | {official_peak:.1} | {:.2} | ours < 16 MiB: {} |",
            ours_peak / official_peak,
            verdict(ours_peak < 16.0)
        )?;
        let (ours_base, official_base) = (value(0, "baseline_mib"), value(1, "baseline_mib"));
        writeln!(
            table,
            "| {size_mib} MiB | baseline RSS, MiB | {ours_base:.1} | {official_base:.1} | {:.2} | - |",
            ours_base / official_base
        )?;
        fs::remove_file(&path)?;
    }
    writeln!(
        table,
        "\n`storage().create_file()` from a path, 5 MiB chunks, to the in-process server, which reads each chunk to the end \
         and discards it. The baseline is the resident set just before the upload (server and client started); the peak is \
         `VmHWM` after resetting it through `/proc/self/clear_refs`. The file is sparse and read once before timing, so the disk plays no part. Median of {rounds} rounds, the SDKs alternating."
    )?;
    Ok(table)
}

/// Lines of the generated crate's `src`, split into code and docs, and the
/// LLVM IR hot spots when `cargo llvm-lines` is installed.
fn code_size(root: &Path, out: &Path) -> Result<String> {
    let src = root.join("generated/appwrite/src");
    let mut table = String::from("| folder | files | lines | code lines (no blank, no comment) |\n|---|---|---|---|\n");
    let mut totals = (0, 0, 0);
    for folder in ["services", "models", "enums", "runtime", "."] {
        let (files, lines, code) = count_lines(&src.join(folder), folder != ".")?;
        totals = (totals.0 + files, totals.1 + lines, totals.2 + code);
        let name = if folder == "." { "src/*.rs" } else { folder };
        writeln!(table, "| {name} | {files} | {lines} | {code} |")?;
    }
    writeln!(table, "| **total** | {} | {} | {} |", totals.0, totals.1, totals.2)?;

    let tools = root.join("target/tools/bin");
    let has_llvm_lines = Command::new("cargo")
        .env("PATH", path_with(&tools))
        .args(["llvm-lines", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_llvm_lines {
        table.push_str(
            "\n`cargo llvm-lines` is not installed (`cargo install cargo-llvm-lines`), so no IR hot spots.\n",
        );
        return Ok(table);
    }
    section("cargo llvm-lines on the generated crate");
    let copy = out.join("src").join(OURS.copy);
    if !copy.exists() {
        copy_dir(&root.join("generated/appwrite"), &copy)?;
        fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock"))?;
    }
    let lines =
        capture(cargo(&copy).env("PATH", path_with(&tools)).env("CARGO_TARGET_DIR", out.join("llvm-lines")).args([
            "llvm-lines",
            "--lib",
            "--release",
        ]))?;
    let top: Vec<&str> = lines.lines().take(22).collect();
    writeln!(
        table,
        "\n`cargo llvm-lines --lib --release` of appwrite-client, top entries:\n\n```\n{}\n```",
        top.join("\n")
    )?;
    Ok(table)
}

fn count_lines(dir: &Path, recurse: bool) -> Result<(usize, usize, usize)> {
    let (mut files, mut lines, mut code) = (0, 0, 0);
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if recurse {
                let (f, l, c) = count_lines(&path, true)?;
                (files, lines, code) = (files + f, lines + l, code + c);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path)?;
            files += 1;
            for line in text.lines() {
                lines += 1;
                let t = line.trim();
                if !t.is_empty() && !t.starts_with("//") {
                    code += 1;
                }
            }
        }
    }
    Ok((files, lines, code))
}

/// The quoted `manifest_path` in `cargo metadata` JSON that ends with `suffix`.
fn find_manifest(metadata: &str, suffix: &str) -> Option<String> {
    let end = metadata.find(&format!("{suffix}\""))? + suffix.len();
    let start = metadata[..end].rfind('"')? + 1;
    Some(metadata[start..end].to_owned())
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn median_f(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "**not met**"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_path_is_found_in_metadata() {
        let json = r#"{"packages":[{"name":"x","manifest_path":"/r/x-1.0.0/Cargo.toml"},{"manifest_path":"/home/u/.cargo/registry/src/i/appwrite-0.1.0/Cargo.toml"}]}"#;
        assert_eq!(
            find_manifest(json, "/appwrite-0.1.0/Cargo.toml").as_deref(),
            Some("/home/u/.cargo/registry/src/i/appwrite-0.1.0/Cargo.toml")
        );
        assert_eq!(find_manifest(json, "/nope/Cargo.toml"), None);
    }

    #[test]
    fn runner_lines_parse() {
        let output = "users_list cpu_us=12.5 allocs=300\nupload mib_s=900.0\n";
        let metrics = parse_metrics(output, "users_list").unwrap();
        assert_eq!(metric(&metrics, "cpu_us"), 12.5);
        assert_eq!(metric(&metrics, "allocs"), 300.0);
        assert!(parse_metrics(output, "documents_list").is_err());
    }
}
