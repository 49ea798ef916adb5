//! Spec prose -> rustdoc that is safe: no stray HTML, no bare URLs, no
//! brackets that rustdoc would read as broken intra-doc links, no indented
//! or unlabelled code blocks that would become doctests, and nothing that can
//! close the doc attribute (tokens take care of quoting).

use proc_macro2::TokenStream;
use quote::quote;

/// Appwrite's descriptions link to its docs with site-relative URLs.
const SITE: &str = "https://appwrite.io";

/// `#[doc = "..."]` attributes, one per line, for the given Markdown.
pub fn doc_attrs(markdown: &str) -> TokenStream {
    let lines: Vec<String> = markdown.lines().map(|line| format!(" {line}").trim_end().to_owned()).collect();
    quote! { #( #[doc = #lines] )* }
}

/// A value shown as inline code, whatever characters it holds.
pub fn code_span(value: &str) -> String {
    if value.is_empty() {
        "the empty string".to_owned()
    } else if value.contains('`') {
        format!("`` {value} ``")
    } else {
        format!("`{value}`")
    }
}

/// Makes spec prose safe to embed in rustdoc and Markdown.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    // A bare carriage return is not allowed in a doc comment.
    for line in text.replace("\r\n", "\n").replace('\r', " ").lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push_str("```");
                in_fence = false;
                out.push('\n');
                continue;
            }
            // Every fence becomes plain text: an unlabelled or Rust fence
            // would be compiled as a doctest, and an info string is prose
            // that escapes nothing. What followed the backticks is kept as
            // the block's first line.
            out.push_str("```text\n");
            let rest = trimmed.trim_start_matches('`').trim();
            if !rest.is_empty() {
                out.push_str(rest);
                out.push('\n');
            }
            in_fence = true;
            continue;
        }
        if in_fence {
            out.push_str(line);
        } else {
            out.push_str(&sanitize_line(trimmed));
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_owned()
}

/// One line of prose: code spans are kept, the rest is escaped.
fn sanitize_line(line: &str) -> String {
    let line = line.replace("](/", &format!("]({SITE}/"));
    let segments: Vec<&str> = line.split('`').collect();
    // An odd number of backticks would open a code span across lines.
    if segments.len() % 2 == 0 {
        return escape_prose(&line.replace('`', "'"));
    }
    segments.iter().enumerate().map(|(i, s)| if i % 2 == 1 { format!("`{s}`") } else { escape_prose(s) }).collect()
}

fn escape_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' => match link_end(&chars, i) {
                Some(end) => {
                    let label: String = chars[i + 1..end.label_end].iter().collect();
                    let url: String = chars[end.label_end + 2..end.url_end].iter().collect();
                    out.push('[');
                    out.push_str(&escape_prose(&label));
                    out.push_str("](");
                    out.push_str(&url.replace(' ', "%20"));
                    out.push(')');
                    i = end.url_end + 1;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '_' if is_lone_marker(&chars, i) => {
                out.push('\\');
                out.push(c);
            }
            'h' if starts_url(&chars, i) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

struct LinkEnd {
    label_end: usize,
    url_end: usize,
}

/// `[label](url)` starting at `start`, when well formed.
fn link_end(chars: &[char], start: usize) -> Option<LinkEnd> {
    let label_end = (start + 1..chars.len()).find(|&j| chars[j] == ']')?;
    if chars[start + 1..label_end].contains(&'[') || chars.get(label_end + 1) != Some(&'(') {
        return None;
    }
    let url_end = (label_end + 2..chars.len()).find(|&j| chars[j] == ')')?;
    let url: String = chars[label_end + 2..url_end].iter().collect();
    let url = url.trim();
    (url.starts_with("http://") || url.starts_with("https://") || url.starts_with('#') || url.starts_with("mailto:"))
        .then_some(LinkEnd { label_end, url_end })
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("https://") || rest.starts_with("http://")
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"' | '`' | ')' | ']') {
        end += 1;
    }
    while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        end -= 1;
    }
    end
}

/// `*` or `_` that would open emphasis nobody closes, as in `a_b` or `5 * 3`.
fn is_lone_marker(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    chars.iter().filter(|&&x| x == c).count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute() {
        assert_eq!(
            sanitize("See [verify](/docs/references/account#x)."),
            "See [verify](https://appwrite.io/docs/references/account#x)."
        );
    }

    #[test]
    fn bare_urls_are_autolinked_and_html_escaped() {
        assert_eq!(sanitize("Go to https://appwrite.io/docs."), "Go to <https://appwrite.io/docs>.");
        assert_eq!(sanitize("Use <REGION> or <b>bold</b>"), "Use &lt;REGION&gt; or &lt;b&gt;bold&lt;/b&gt;");
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(sanitize("Array [max 100] of ids"), "Array \\[max 100\\] of ids");
        assert_eq!(sanitize("[broken](relative/path)"), "\\[broken\\](relative/path)");
    }

    #[test]
    fn code_spans_are_kept_and_fences_get_a_language() {
        assert_eq!(sanitize("Use `ID.unique()` <here>"), "Use `ID.unique()` &lt;here&gt;");
        assert_eq!(sanitize("```\nlet x = 1;\n```"), "```text\nlet x = 1;\n```");
        assert_eq!(sanitize("odd ` tick"), "odd ' tick");
    }

    #[test]
    fn indentation_cannot_make_a_code_block() {
        assert_eq!(sanitize("text\n\n    indented"), "text\n\nindented");
    }

    #[test]
    fn hostile_text_stays_inert() {
        let out = sanitize("*/ \"# <script>alert(1)</script>");
        assert!(!out.contains("<script>"));
    }
}
