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

/// The result of a scoped worker thread; a panic there is a generator bug,
/// reported as an error instead of taking the caller down with it.
pub fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T>>, file: impl Into<PathBuf>, work: &str) -> Result<T> {
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
