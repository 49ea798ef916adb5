//! The `templates/` folder: minijinja templates for text files and the
//! hand-written runtime copied into every generated crate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Everything under `templates/`, read once.
pub struct Templates {
    pub dir: PathBuf,
    /// `*.jinja` files by path relative to `templates/` (without `.jinja`).
    pub text: BTreeMap<String, String>,
    /// Files copied verbatim: target path in the crate -> contents.
    pub verbatim: BTreeMap<String, Vec<u8>>,
}

/// Folders of `templates/` copied into the crate, and where they land.
/// Only these: `runtime-crate/` (the package that compiles `runtime/` in
/// place, with stand-ins for the generated parts) must not be copied, and
/// `generator/tests/runtime_crate.rs` checks that it is not.
const COPIED: &[(&str, &str)] = &[("runtime", "src/runtime"), ("tests", "tests"), ("examples", "examples")];

impl Templates {
    pub fn load(dir: &Path) -> Result<Templates> {
        let mut text = BTreeMap::new();
        let mut verbatim = BTreeMap::new();
        for file in walk(dir)? {
            let relative = file
                .strip_prefix(dir)
                .map_err(|e| Error::new(&file, "", e.to_string()))?
                .to_string_lossy()
                .replace('\\', "/");
            let read = |file: &Path| {
                std::fs::read(file).map_err(|e| Error::new(file, "", format!("cannot read template: {e}")))
            };
            if let Some(name) = relative.strip_suffix(".jinja") {
                let source =
                    String::from_utf8(read(&file)?).map_err(|_| Error::new(&file, "", "template is not UTF-8"))?;
                text.insert(name.to_owned(), source);
                continue;
            }
            for (from, to) in COPIED {
                if let Some(rest) = relative.strip_prefix(&format!("{from}/")) {
                    verbatim.insert(format!("{to}/{rest}"), read(&file)?);
                }
            }
        }
        Ok(Templates { dir: dir.to_owned(), text, verbatim })
    }
}

/// All files below `dir`, sorted, so output never depends on directory order.
fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let entries =
            std::fs::read_dir(&current).map_err(|e| Error::new(&current, "", format!("cannot list templates: {e}")))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::new(&current, "", e.to_string()))?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
