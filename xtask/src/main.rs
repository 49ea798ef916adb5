//! `cargo xtask`: the project's commands. A thin shell over the generator
//! library: arguments, disk, exit codes.

mod bench_compare;
mod contract;
mod diff;
mod fmt;
mod generate;
mod process;
mod sync;
mod test_all;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask generate                     regenerate generated/appwrite from the pinned spec
  cargo xtask generate --check             fail if generated/ or spec/names.lock differs from what the generator produces
  cargo xtask generate --approve-renames   accept method renames against spec/names.lock (old names stay as deprecated aliases)
  cargo xtask generate --spec PATH --out DIR [--crate-name NAME]
                                           generate from any spec into any folder (unpinned)
  cargo xtask generate ... --strict        fail on what the generator would work around with a warning
  cargo xtask generate --manifest PATH --out DIR [--approve-renames]
                                           a pinned generation from another manifest (lock and changelog beside it)
  cargo xtask diff OLD_SPEC NEW_SPEC       the API changes between two specs, as Markdown, with a semver suggestion
  cargo xtask diff OLD NEW --changelog [--version V] [--date YYYY-MM-DD] [--write [PATH]]
                                           their CHANGELOG.md section; --write puts it atop spec/CHANGELOG.md,
                                           which `generate` copies into the crate
  cargo xtask test [--quick]               run every test and check (--quick: skip building other specs' crates)
  cargo xtask fmt [--check]               rustfmt the hand-written Rust (not generated/, which prettyplease lays out)
  cargo xtask contract                     check every generated method against Stoplight Prism (needs Node.js)
  cargo xtask bench [--runs N]             time each generation phase and report peak memory
  cargo xtask bench-compare [--small] [--skip-compile]
                                           benchmark against the official `appwrite` crate (see BENCHMARKS.md)
  cargo xtask bench-realtime               events per second and memory per subscription of the `realtime` feature";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate::run(&args[1..]),
        Some("bench") => generate::bench(&args[1..]),
        Some("bench-compare") => bench_compare::run(&args[1..]),
        Some("bench-realtime") => bench_realtime(),
        Some("test") => test_all::run(&args[1..]),
        Some("fmt") => fmt::run(&args[1..]),
        Some("diff") => diff::run(&args[1..]),
        Some("contract") => contract::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// The figures of BENCHMARKS.md's realtime line: an ignored test of the
/// generated crate, against its local WebSocket server, built optimised.
fn bench_realtime() -> anyhow::Result<ExitCode> {
    process::step(
        "realtime benchmark (release build)",
        process::cargo(&root())
            .args(["test", "--release", "-p", "appwrite-client", "--features", "realtime", "--test", "realtime_bench"])
            .args(["--", "--ignored", "--nocapture", "--test-threads", "1", "bench_"]),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The workspace root, whatever folder cargo was started from.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}
