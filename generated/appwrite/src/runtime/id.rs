// @generated: copied by appwrite-generator from templates/ (the `src/runtime/id.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Resource ID helpers.

/// Builds the `*Id` arguments of create operations.
///
/// `ID::unique()` asks Appwrite to generate the ID; `ID::custom(..)` uses
/// yours (a-z, A-Z, 0-9, `.`, `-`, `_`, at most 36 characters, not starting
/// with a special character).
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug)]
pub struct ID;

impl ID {
    /// `"unique()"`: Appwrite generates a unique ID.
    pub fn unique() -> String {
        "unique()".to_owned()
    }

    /// Your own ID, passed through unchanged.
    pub fn custom(id: impl Into<String>) -> String {
        id.into()
    }
}
