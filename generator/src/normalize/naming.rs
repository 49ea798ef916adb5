//! The one place that invents Rust identifiers: case conversion, keyword
//! escaping and the reserved words of the generated API.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::lexicon::{KEYWORDS, NOT_RAW};

/// Methods of the runtime's `Request`, which every operation's builder is;
/// a parameter setter must never take one of these names.
pub const RESERVED_BUILDER_METHODS: &[&str] = &[
    "new",
    "send",
    "send_raw",
    "request_timeout",
    "into_future",
    "into_stream",
    "typed",
    "url",
    "stream",
    "on_progress",
    "cancel_with",
    "call",
    "header",
    "retry",
];

/// Methods of the runtime's `Client`; a service accessor must not take one.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "builder",
    "new",
    "endpoint",
    "project_id",
    "retry_policy",
    "timeout",
    "with_jwt",
    "with_session",
    "with_key",
    "without_credentials",
    "with_locale",
    "with_forwarded_user_agent",
    "clone",
    "fmt",
    // `client.request(..)`, the escape hatch, and configuration from the environment.
    "request",
    "from_env",
    // Defined by the runtime's `realtime` module, behind the feature of that name.
    "realtime",
];

/// Cargo features the crate defines besides one per service.
pub const RESERVED_FEATURES: &[&str] = &["default", "http2", "rustls", "native-tls", "realtime", "tracing"];

/// Identifiers that would shadow std or crate items inside generated modules,
/// where generated code names them through the prelude, unqualified.
const RESERVED_TYPES: &[&str] =
    &["Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err", "Into", "IntoIterator", "Default"];

/// Brand names and acronyms whose mixed case heck would split in two
/// (`OAuth2` -> `o_auth2`, `PHPass` -> `ph_pass`). Each is rewritten as one
/// capitalised word before case conversion, which is how the Rust API
/// guidelines (C-CASE) want acronyms treated: `create_oauth2_token`,
/// `OauthProvider`. All-caps acronyms followed by a capitalised word
/// (`MFA`, `JWT`, `SMS`, `TOTP`, `SMTP`, ...) already split right and need no
/// entry.
const ACRONYMS: &[(&str, &str)] =
    &[("OAuth", "Oauth"), ("oAuth", "oauth"), ("PHPass", "Phpass"), ("NHost", "Nhost"), ("GitHub", "Github")];

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

/// A variant name: a prelude type's name is fine there (`Attribute::String`
/// shadows nothing, since variants are reached through their enum), `Self`
/// is not.
pub fn variant(input: &str) -> String {
    let out = pascal(input);
    match out.strip_suffix('_') {
        Some(plain) if RESERVED_TYPES.contains(&plain) => plain.to_owned(),
        _ => out,
    }
}

/// Replaces every non-ASCII-alphanumeric character by a space so that heck
/// sees word boundaries and no odd character reaches an identifier, and
/// writes the [`ACRONYMS`] as single words.
fn ascii_words(input: &str) -> String {
    let mut words: String = input.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    for (spelling, word) in ACRONYMS {
        words = replace_word_start(&words, spelling, word);
    }
    words
}

/// Replaces `spelling` where it starts a word: at the start, after a
/// separator or a digit, or, for a capitalised spelling, after a lowercase
/// letter (a camelCase boundary). Inside an all-caps run it is left alone.
fn replace_word_start(input: &str, spelling: &str, word: &str) -> String {
    let capitalised = spelling.starts_with(|c: char| c.is_ascii_uppercase());
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(at) = rest.find(spelling) {
        out.push_str(&rest[..at]);
        let starts_word = match out.chars().last() {
            None => true,
            Some(c) if c.is_ascii_uppercase() => false,
            Some(c) if c.is_ascii_lowercase() => capitalised,
            Some(_) => true,
        };
        out.push_str(if starts_word { word } else { spelling });
        rest = &rest[at + spelling.len()..];
    }
    out.push_str(rest);
    out
}

/// A settled name: a keyword `r#` cannot escape (`self`, `crate`, ...)
/// takes a trailing `_`; the others stay and are printed as `r#type`.
pub fn settle(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
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
    fn acronyms_are_one_word() {
        assert_eq!(snake("createOAuth2Token"), "create_oauth2_token");
        assert_eq!(snake("accountCreateOAuth2Session"), "account_create_oauth2_session");
        assert_eq!(snake("createPHPassUser"), "create_phpass_user");
        assert_eq!(snake("AlgoPHPass"), "algo_phpass");
        assert_eq!(snake("oAuthProviders"), "oauth_providers");
        assert_eq!(snake("createNHostMigration"), "create_nhost_migration");
        assert_eq!(snake("GitHub"), "github");
        assert_eq!(snake("createJWT"), "create_jwt");
        assert_eq!(snake("createSMTPProvider"), "create_smtp_provider");
        assert_eq!(snake("updateTOTP"), "update_totp");
        assert_eq!(pascal("OAuthProvider"), "OauthProvider");
        assert_eq!(pascal("createOAuth2Session"), "CreateOauth2Session");
        assert_eq!(pascal("createPHPassUser"), "CreatePhpassUser");
        assert_eq!(snake("my OAuth"), "my_oauth");
        // Only where the spelling starts a word.
        assert_eq!(snake("fooAuth"), "foo_auth");
        assert_eq!(snake("photoAuthor"), "photo_author");
    }

    #[test]
    fn pascal_case_and_reserved_types() {
        assert_eq!(pascal("userList"), "UserList");
        assert_eq!(pascal("tablesDB"), "TablesDb");
        assert_eq!(pascal("result"), "Result_");
        assert_eq!(pascal("1080p"), "V1080p");
    }

    #[test]
    fn keywords_r_cannot_escape_are_suffixed() {
        assert_eq!(settle("type".into()), "type");
        assert_eq!(settle("self".into()), "self_");
        assert_eq!(settle("crate".into()), "crate_");
        assert_eq!(settle("name".into()), "name");
        assert_eq!(module_name("mod"), "mod_");
    }

    #[test]
    fn unique_appends_words_not_numbers() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique("data".into(), &mut taken, "field"), "data");
        assert_eq!(unique("data".into(), &mut taken, "field"), "data_field");
        assert_eq!(unique("data".into(), &mut taken, "field"), "data_field_field");
    }
}
