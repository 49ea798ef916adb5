//! `cargo xtask diff OLD_SPEC NEW_SPEC`: the changes a user of the crate
//! would feel, as Markdown, with the suggested version bump; with
//! `--changelog`, the CHANGELOG.md section of the regeneration instead,
//! printed or (`--write`) put at the top of the crate's changelog, which
//! `cargo xtask generate` copies into the crate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use appwrite_generator::diff::{diff, prepend_changelog};
use appwrite_generator::{build_ir, Manifest, Spec};

use crate::root;

const USAGE: &str = "usage: cargo xtask diff OLD_SPEC NEW_SPEC [--changelog [--version V] [--date YYYY-MM-DD] [--write [PATH]]] [--manifest PATH]";

struct Args {
    old: PathBuf,
    new: PathBuf,
    changelog: bool,
    version: Option<String>,
    date: Option<String>,
    /// Where `--write` puts the section (default: beside the manifest).
    write: Option<Option<PathBuf>>,
    manifest: PathBuf,
}

fn parse(args: &[String]) -> Result<Args> {
    let mut specs = Vec::new();
    let mut parsed = Args {
        old: PathBuf::new(),
        new: PathBuf::new(),
        changelog: false,
        version: None,
        date: None,
        write: None,
        manifest: root().join("spec/appwrite.toml"),
    };
    let mut iter = args.iter().peekable();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| iter.next().cloned().with_context(|| format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--changelog" => parsed.changelog = true,
            "--version" => parsed.version = Some(value("--version")?),
            "--date" => parsed.date = Some(value("--date")?),
            "--manifest" => parsed.manifest = PathBuf::from(value("--manifest")?),
            "--write" => {
                let path = iter.next_if(|next| !next.starts_with("--")).map(PathBuf::from);
                parsed.write = Some(path);
            }
            flag if flag.starts_with("--") => bail!("unknown argument `{flag}`\n{USAGE}"),
            spec => specs.push(PathBuf::from(spec)),
        }
    }
    let [old, new] = <[PathBuf; 2]>::try_from(specs).map_err(|_| anyhow::anyhow!("{USAGE}"))?;
    if parsed.write.is_some() && !parsed.changelog {
        bail!("--write goes with --changelog\n{USAGE}");
    }
    Ok(Args { old, new, ..parsed })
}

pub fn run(args: &[String]) -> Result<ExitCode> {
    let args = parse(args)?;
    let (old_api, new_api) = (build_ir(&Spec::load(&args.old)?)?, build_ir(&Spec::load(&args.new)?)?);
    let changes = diff(&old_api, &new_api);
    let current = Manifest::load(&args.manifest).map(|m| m.krate.version).unwrap_or_else(|_| "0.1.0".into());
    let label = |p: &Path| p.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    if !args.changelog {
        print!("{}", changes.to_markdown(&label(&args.old), &label(&args.new), &current));
        return Ok(ExitCode::SUCCESS);
    }
    let version = args.version.clone().unwrap_or_else(|| changes.suggested_version(&current));
    let date = args.date.clone().unwrap_or_else(today);
    let summary = format!(
        "Regenerated from `{}` (Appwrite {}); previously `{}` (Appwrite {}).",
        label(&args.new),
        new_api.version,
        label(&args.old),
        old_api.version
    );
    let section = changes.to_changelog(&version, &date, &summary);
    match &args.write {
        None => print!("{section}"),
        Some(path) => {
            let path = path.clone().unwrap_or_else(|| changelog_beside(&args.manifest));
            let existing = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(&path, prepend_changelog(&existing, &section))
                .with_context(|| format!("writing {}", path.display()))?;
            println!(
                "wrote the [{version}] section to {}; set `version = \"{version}\"` under [crate] in {} and run `cargo xtask generate`",
                path.display(),
                args.manifest.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The crate's changelog lives beside its manifest (spec/CHANGELOG.md);
/// `cargo xtask generate` copies it into the crate, so that a regeneration
/// never deletes it and the commit carries both.
pub fn changelog_beside(manifest: &Path) -> PathBuf {
    manifest.parent().map(|dir| dir.join("CHANGELOG.md")).unwrap_or_else(|| PathBuf::from("CHANGELOG.md"))
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 -> (year, month, day), Howard Hinnant's
/// `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_513), (2026, 3, 1));
    }
}
