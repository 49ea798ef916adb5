//! The one place that invents Rust identifiers: case conversion, keyword
//! escaping and the reserved words of the generated API.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords of Rust 2021 plus the reserved ones, which cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Builder methods the runtime adds to every operation; a parameter setter
/// must never take one of these names.
pub const RESERVED_BUILDER_METHODS: &[&str] = &[
    "send", "send_raw", "request_timeout", "into_future", "url", "stream", "on_progress",
    "cancel_with", "call",
];

/// Methods of the runtime's `Client`; a service accessor must not take one.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "builder", "new", "endpoint", "project_id", "retry_policy", "timeout", "with_jwt", "with_session", "with_key",
    "with_locale", "with_forwarded_user_agent", "clone", "fmt",
];

/// Cargo features the crate defines besides one per service.
pub const RESERVED_FEATURES: &[&str] = &["default", "http2", "rustls", "native-tls"];

/// Identifiers that would shadow std or crate items inside generated modules,
/// where generated code names them through the prelude, unqualified.
const RESERVED_TYPES: &[&str] =
    &["Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err", "Into", "IntoIterator", "Default"];

/// `createMFAAuthenticator` -> `create_mfa_authenticator`, `$createdAt` -> `created_at`.
/// Anything that is not ASCII alphanumeric separates words; a leading digit
/// gets a `n` prefix so the result is always a valid identifier.
pub fn snake(input: &str) -> String {
    let cleaned = ascii_words(input);
    let mut out = cleaned.to_snake_case();
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    out
}

/// `userList` -> `UserList`; a leading digit gets a `V` prefix.
pub fn pascal(input: &str) -> String {
    let cleaned = ascii_words(input);
    let mut out = cleaned.to_upper_camel_case();
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&out.as_str()) || out == "Self" {
        out.push('_');
    }
    out
}

/// Replaces every non-ASCII-alphanumeric character by a space so that heck
/// sees word boundaries and no odd character reaches an identifier.
fn ascii_words(input: &str) -> String {
    input.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// The identifier for a snake_case or PascalCase name, raw (`r#type`) where
/// the name is a keyword and a trailing `_` where even `r#` is not allowed.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if KEYWORDS.contains(&name) {
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// A module (and file) name: keywords get a trailing `_` instead of `r#`,
/// because `mod r#mod;` would look for the parent's own `mod.rs`.
pub fn module_name(snake_name: &str) -> String {
    if KEYWORDS.contains(&snake_name) {
        format!("{snake_name}_")
    } else {
        snake_name.to_owned()
    }
}

/// How an identifier reads in prose and docs (`r#type` for `type`).
pub fn display(name: &str) -> String {
    ident(name).to_string()
}

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Makes a snake_case `name` unique among `taken` by appending a word,
/// never a bare number, so that no public name ends in `_0`.
pub fn unique(name: String, taken: &mut std::collections::BTreeSet<String>, suffix: &str) -> String {
    unique_joined(name, taken, &format!("_{suffix}"))
}

/// The PascalCase twin of [`unique`]: `Value` becomes `ValueValue`.
pub fn unique_pascal(name: String, taken: &mut std::collections::BTreeSet<String>, suffix: &str) -> String {
    unique_joined(name, taken, suffix)
}

fn unique_joined(name: String, taken: &mut std::collections::BTreeSet<String>, suffix: &str) -> String {
    let mut candidate = name;
    while taken.contains(&candidate) {
        candidate.push_str(suffix);
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_appwrite_names() {
        assert_eq!(snake("createMFAAuthenticator"), "create_mfa_authenticator");
        assert_eq!(snake("createMfaAuthenticator"), "create_mfa_authenticator");
        assert_eq!(snake("$createdAt"), "created_at");
        assert_eq!(snake("$id"), "id");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(snake("héllo wörld"), "h_llo_w_rld");
        assert_eq!(snake(""), "value");
    }

    #[test]
    fn pascal_case_and_reserved_types() {
        assert_eq!(pascal("userList"), "UserList");
        assert_eq!(pascal("tablesDB"), "TablesDb");
        assert_eq!(pascal("result"), "Result_");
        assert_eq!(pascal("1080p"), "V1080p");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("async").to_string(), "r#async");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("crate").to_string(), "crate_");
        assert_eq!(ident("name").to_string(), "name");
    }

    #[test]
    fn unique_appends_words_not_numbers() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique("data".into(), &mut taken, "field"), "data");
        assert_eq!(unique("data".into(), &mut taken, "field"), "data_field");
        assert_eq!(unique("data".into(), &mut taken, "field"), "data_field_field");
    }
}
