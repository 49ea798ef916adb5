//! Hand-written code stays readable in pieces: no file over 600 lines and
//! no function over 100 lines unless a comment at its top says why (a line
//! containing `Long because:`, in the file's first lines or on the
//! function's doc or first lines).

mod common;

use std::path::PathBuf;

use syn::visit::Visit;

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 100;
const REASON: &str = "Long because:";

/// Every hand-written Rust file: the generator, the commands and the
/// templates the generated crate is made of (not the generated crate).
fn hand_written() -> Vec<PathBuf> {
    let root = common::root();
    let mut files = Vec::new();
    for dir in ["generator/src", "generator/tests", "xtask/src", "xtask/tests", "templates"] {
        files.extend(common::rust_files(&root.join(dir)));
    }
    files
}

struct LongFunctions<'a> {
    lines: &'a [&'a str],
    found: Vec<String>,
}

impl LongFunctions<'_> {
    fn check(&mut self, name: &syn::Ident, whole: proc_macro2::Span, body: proc_macro2::Span) {
        let (start, end) = (whole.start().line, body.end().line);
        if end + 1 - start <= MAX_FN_LINES {
            return;
        }
        // The reason may sit in the doc comment or the first lines of the body.
        let head_end = (body.start().line + 3).min(self.lines.len());
        let head = &self.lines[start.saturating_sub(1)..head_end];
        if !head.iter().any(|l| l.contains(REASON)) {
            self.found.push(format!("fn {name} (line {start}) is {} lines", end + 1 - start));
        }
    }
}

impl<'ast> Visit<'ast> for LongFunctions<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check(&f.sig.ident, syn::spanned::Spanned::span(f), f.block.brace_token.span.join());
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.check(&f.sig.ident, syn::spanned::Spanned::span(f), f.block.brace_token.span.join());
        syn::visit::visit_impl_item_fn(self, f);
    }
}

#[test]
fn files_and_functions_stay_short_or_say_why() {
    let mut problems = Vec::new();
    for path in hand_written() {
        let source = std::fs::read_to_string(&path).expect("readable");
        let lines: Vec<&str> = source.lines().collect();
        let shown = path.display();
        if lines.len() > MAX_FILE_LINES && !lines.iter().take(20).any(|l| l.contains(REASON)) {
            problems.push(format!("{shown}: {} lines", lines.len()));
        }
        let file = match syn::parse_file(&source) {
            Ok(file) => file,
            Err(e) => panic!("{shown}: {e}"),
        };
        let mut visitor = LongFunctions { lines: &lines, found: Vec::new() };
        visitor.visit_file(&file);
        problems.extend(visitor.found.into_iter().map(|f| format!("{shown}: {f}")));
    }
    assert!(problems.is_empty(), "over the limits without a `{REASON}` comment:\n{}", problems.join("\n"));
}
