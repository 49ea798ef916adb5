//! Resource ID helpers.

use std::time::{SystemTime, UNIX_EPOCH};

/// Builds the `*Id` arguments of create operations.
///
/// [`ID::unique`] makes a new ID on the client, as Appwrite's own SDKs do:
/// the caller knows the ID before the response arrives, a chunked upload
/// can be resumed under it, and a retried create cannot make a second
/// resource (a repeat answers `409 Conflict`). [`ID::custom`] passes your
/// own ID (a-z, A-Z, 0-9, `.`, `-`, `_`, at most 36 characters, not starting
/// with a special character), and [`ID::server_generated`] lets Appwrite
/// pick one.
///
/// ```
/// use appwrite_client::ID;
/// let id = ID::unique();
/// assert_eq!(id.len(), 20);
/// assert!(id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
/// assert_eq!(ID::server_generated(), "unique()");
/// ```
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug)]
pub struct ID;

/// Random hex digits after the time part of [`ID::unique`].
const PADDING: usize = 7;

impl ID {
    /// A new ID, made here: 13 hex digits of the current time (seconds,
    /// then microseconds, like PHP's `uniqid()` that Appwrite's server uses)
    /// and 7 random hex digits, 20 characters in all. IDs made later sort
    /// after earlier ones.
    pub fn unique() -> String {
        ID::unique_with_padding(PADDING)
    }

    /// [`ID::unique`] with `padding` random hex digits instead of 7 (the ID
    /// is `13 + padding` characters; Appwrite accepts at most 36).
    pub fn unique_with_padding(padding: usize) -> String {
        // A clock before 1970 is a broken clock; the random part still
        // keeps IDs apart.
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let mut id = format!("{:08x}{:05x}", now.as_secs(), now.subsec_micros());
        id.extend((0..padding).map(|_| fastrand::digit(16)));
        id
    }

    /// `"unique()"`: asks Appwrite to pick the ID. The caller learns it only
    /// from the response, so a retried create may make a second resource,
    /// and an interrupted chunked upload cannot be resumed.
    pub fn server_generated() -> String {
        "unique()".to_owned()
    }

    /// Your own ID, passed through unchanged.
    pub fn custom(id: impl Into<String>) -> String {
        id.into()
    }
}
