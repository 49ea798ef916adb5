//! The one error type of the generator: every failure names the spec file and
//! the JSON pointer of the node that caused it, so a maintainer can jump there.

use std::fmt;
use std::path::PathBuf;

/// A problem found while loading, lowering, normalizing or emitting a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec (or manifest) the problem is in; empty when no file is involved.
    pub file: PathBuf,
    /// RFC 6901 pointer into that file, e.g. `/paths/~1users/post`.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Error {
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: file.into(), pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.pointer.is_empty() {
            write!(f, "#{}", self.pointer)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something a spec does that the generator cannot type but can work
/// around (the construct becomes `serde_json::Value`, or the closest safe
/// type, or is left out): the run goes on, and the maintainer is told where.
/// `--strict` turns every warning into an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub pointer: String,
    /// What was odd and what the generator did instead.
    pub message: String,
}

impl Warning {
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Warning { file: file.into(), pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Error::new(&self.file, &self.pointer, &self.message), f)
    }
}

/// The error `--strict` makes of a run's warnings: located at the first,
/// listing every one, so CI shows them all at once.
pub fn strict_error(warnings: &[Warning]) -> Option<Error> {
    let first = warnings.first()?;
    let mut message = format!("{} (a warning; --strict makes warnings errors)", first.message);
    for other in &warnings[1..] {
        message.push_str(&format!("\n  and: {other}"));
    }
    Some(Error::new(&first.file, &first.pointer, message))
}

/// The result of a scoped worker thread; a panic there is a generator bug,
/// reported as an error instead of taking the caller down with it.
pub fn joined<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T>>,
    file: impl Into<PathBuf>,
    work: &str,
) -> Result<T> {
    handle.join().unwrap_or_else(|_| Err(Error::new(file, "", format!("a thread {work} panicked (a generator bug)"))))
}

/// Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 asks.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        out.push_str(&segment.as_ref().replace('~', "~0").replace('/', "~1"));
    }
    out
}
