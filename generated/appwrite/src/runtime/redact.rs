// @generated: copied by appwrite-generator from templates/ (the `src/runtime/redact.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! `Debug` of secret-bearing model fields (session secrets, JWTs, provider
//! tokens...): generated models print them through [`Redacted`], so that
//! `println!("{session:?}")` or a logged model never shows the secret; and
//! of the runtime's name/value lists, through [`Names`].

use std::fmt;

/// Prints `<redacted>` for a value that holds something, and the value
/// itself when it holds nothing (`None`, `""`, `[]`, `{}`), which is still
/// worth seeing: Appwrite sends an empty secret to callers not allowed to
/// read it.
pub(crate) struct Redacted<'a, T: ?Sized>(pub(crate) &'a T);

/// Prints the names of name/value pairs (headers, query parameters, body
/// fields) and not their values, which may be secrets.
pub(crate) struct Names<'a, N, V>(pub(crate) &'a [(N, V)]);

impl<N: fmt::Debug, V> fmt::Debug for Names<'_, N, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(name, _)| name)).finish()
    }
}

/// Whether a value carries no secret at all.
pub(crate) trait Blank {
    fn is_blank(&self) -> bool;
}

impl Blank for String {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Blank for Vec<T> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl Blank for serde_json::Map<String, serde_json::Value> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl Blank for serde_json::Value {
    fn is_blank(&self) -> bool {
        match self {
            serde_json::Value::Null => true,
            serde_json::Value::String(s) => s.is_empty(),
            serde_json::Value::Array(a) => a.is_empty(),
            serde_json::Value::Object(o) => o.is_empty(),
            _ => false,
        }
    }
}

impl<T: Blank> Blank for Option<T> {
    fn is_blank(&self) -> bool {
        self.as_ref().is_none_or(Blank::is_blank)
    }
}

impl<T: Blank + fmt::Debug + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_blank() {
            self.0.fmt(f)
        } else {
            f.write_str("<redacted>")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Redacted;

    #[test]
    fn secrets_are_hidden_and_blanks_shown() {
        let secret = "s3cr3t".to_owned();
        assert_eq!(format!("{:?}", Redacted(&secret)), "<redacted>");
        assert_eq!(format!("{:?}", Redacted(&String::new())), "\"\"");
        assert_eq!(format!("{:?}", Redacted(&Some(secret.clone()))), "<redacted>");
        assert_eq!(format!("{:?}", Redacted(&None::<String>)), "None");
        assert_eq!(format!("{:?}", Redacted(&vec![secret])), "<redacted>");
        assert_eq!(format!("{:?}", Redacted(&serde_json::json!({"k": 1}))), "<redacted>");
        assert_eq!(format!("{:#?}", Redacted(&serde_json::Map::new())), "{}");
    }
}
