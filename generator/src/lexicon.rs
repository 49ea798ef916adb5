//! Rust's reserved words: a fact about the target language that both the
//! pass settling names (which must avoid the words `r#` cannot escape) and
//! the emitter printing them (which writes the others as `r#word`) need.

/// Keywords of Rust 2021 plus the reserved ones, which cannot be plain identifiers.
pub const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that `r#` cannot escape: a name must never be one of them.
pub const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}
