//! The generated Markdown documentation: it covers every method and model of
//! the generated code (read from the emitted Rust, not from the IR, so a
//! method the docs forgot cannot hide), every relative link and anchor in
//! it resolves, and every Rust block is compiled by the generated crate.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use appwrite_generator::emit::markdown::{rust_blocks, slug, EXAMPLES_TEST};
use appwrite_generator::Files;
use common::*;

fn text(files: &Files, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("no file {path}")).clone()).expect("utf-8")
}

/// Public methods of each service handle in the generated Rust, by service
/// module: the handle is the struct holding the `client`.
fn generated_methods(files: &Files) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (path, bytes) in files {
        let Some(module) = path.strip_prefix("src/services/").and_then(|p| p.strip_suffix(".rs")) else { continue };
        if module == "mod" {
            continue;
        }
        let file = syn::parse_file(std::str::from_utf8(bytes).unwrap()).unwrap_or_else(|e| panic!("{path}: {e}"));
        let handle = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.fields.iter().any(|f| f.ident.as_ref().is_some_and(|i| i == "client")) => {
                    Some(s.ident.to_string())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{path}: no service handle"));
        let mut methods = Vec::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(ty) = &*block.self_ty else { continue };
            if ty.path.segments.last().map(|s| s.ident.to_string()) != Some(handle.clone()) {
                continue;
            }
            for member in &block.items {
                if let syn::ImplItem::Fn(f) = member {
                    if matches!(f.vis, syn::Visibility::Public(_)) {
                        methods.push(f.sig.ident.to_string());
                    }
                }
            }
        }
        out.insert(module.to_owned(), methods);
    }
    out
}

/// Models in the generated Rust: every `pub struct` under src/models/.
fn generated_models(files: &Files) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in files {
        if !path.starts_with("src/models/") || path.ends_with("mod.rs") {
            continue;
        }
        let file = syn::parse_file(std::str::from_utf8(bytes).unwrap()).unwrap();
        for item in &file.items {
            if let syn::Item::Struct(s) = item {
                if matches!(s.vis, syn::Visibility::Public(_)) {
                    out.push(s.ident.to_string());
                }
            }
        }
    }
    out
}

/// The Markdown outside fenced blocks and inline code, where links live.
fn prose_only(markdown: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Inline code spans are cut out; an odd backtick count keeps the rest.
        for (i, piece) in line.split('`').enumerate() {
            if i % 2 == 0 {
                out.push_str(piece);
            }
        }
        out.push('\n');
    }
    out
}

/// Targets of the `[text](target)` links of a Markdown text.
fn links(markdown: &str) -> Vec<String> {
    let prose = prose_only(markdown);
    let mut out = Vec::new();
    let mut rest = prose.as_str();
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        let end = after.find(')').expect("unclosed link");
        out.push(after[..end].to_owned());
        rest = &after[end..];
    }
    out
}

/// The anchors of a Markdown text's headings, or an error naming a slug two
/// headings share (renderers then number the second, and links go astray).
fn anchors(markdown: &str) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let heading = line.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        if !out.insert(slug(heading)) {
            return Err(format!("two headings have the anchor #{}", slug(heading)));
        }
    }
    Ok(out)
}

/// `base`'s folder joined with a relative `target`, `..` resolved.
fn resolve(base: &str, target: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Every broken relative link of every Markdown file, as `file: link (why)`.
fn broken_links(files: &Files) -> Vec<String> {
    let markdown: BTreeMap<&String, String> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
        .collect();
    let mut broken = Vec::new();
    for (path, body) in &markdown {
        if let Err(e) = anchors(body) {
            broken.push(format!("{path}: {e}"));
        }
        for link in links(body) {
            if ["https://", "http://", "mailto:"].iter().any(|scheme| link.starts_with(scheme)) {
                continue;
            }
            let (file, anchor) = link.split_once('#').map_or((link.as_str(), None), |(f, a)| (f, Some(a)));
            let target = if file.is_empty() { path.to_string() } else { resolve(path, file) };
            let is_dir = files.keys().any(|p| p.starts_with(&format!("{target}/")));
            if !files.contains_key(&target) && !is_dir {
                broken.push(format!("{path}: {link} (no file {target})"));
                continue;
            }
            if let Some(anchor) = anchor {
                match markdown.get(&target).map(|t| anchors(t)) {
                    Some(Ok(found)) if found.contains(anchor) => {}
                    _ => broken.push(format!("{path}: {link} (no heading #{anchor} in {target})")),
                }
            }
        }
    }
    broken
}

#[test]
fn every_method_is_in_the_readme_toc_and_on_its_service_page() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let readme = text(&out.files, "README.md");
    let methods = generated_methods(&out.files);
    assert_eq!(methods.len(), out.api.services.len());
    let mut count = 0;
    for (module, names) in &methods {
        let page_path = format!("docs/services/{module}.md");
        let page = text(&out.files, &page_path);
        let page_anchors = anchors(&page).unwrap();
        assert!(readme.contains(&format!("]({page_path})")), "README does not link {page_path}");
        for name in names {
            let heading = name.trim_start_matches("r#");
            let anchor = slug(heading);
            let link = format!("[`{heading}`]({page_path}#{anchor})");
            assert!(readme.contains(&link), "README TOC lacks {link}");
            assert!(page.contains(&format!("\n### {heading}\n")), "{page_path} has no section for {name}");
            assert!(page_anchors.contains(&anchor), "{page_path}: #{anchor}");
            count += 1;
        }
    }
    assert_eq!(count, out.api.operation_count());
    assert!(count > 390, "{count}");
}

#[test]
fn every_service_page_documents_each_method_fully() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let users = text(&out.files, "docs/services/users.md");
    let section = users.split("\n### create\n").nth(1).unwrap().split("\n### ").next().unwrap();
    for expected in [
        "`POST` `/users`",
        "| `user_id` (`userId`) | body | `impl Into<String>` | yes (argument) |",
        "**Returns:** [`models::User`](../models/user.md)",
        "```rust\nuse fixture_client::{Client, ID};",
        ".create(ID::unique())",
    ] {
        assert!(section.contains(expected), "users.create lacks {expected:?}:\n{section}");
    }
    // Enum parameters list their values; deprecated methods name their replacement.
    let storage = text(&out.files, "docs/services/storage.md");
    assert!(storage.contains("Allowed values: `center`, "), "gravity values");
    let databases = text(&out.files, "docs/services/databases.md");
    assert!(databases.contains(
        "> **Deprecated** since Appwrite 1.8.0. Use [`tables_db().create_row()`](tables_db.md#create_row) instead."
    ));
}

#[test]
fn every_model_has_a_page_linking_back_to_its_methods() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let models = generated_models(&out.files);
    assert_eq!(models.len(), out.api.models.len());
    let readme = text(&out.files, "README.md");
    for (i, model) in out.api.models.iter().enumerate() {
        assert!(models.contains(&model.name.rust));
        let path = appwrite_generator::emit::markdown::model_page(&out.api, i);
        let page = text(&out.files, &path);
        assert!(page.contains(&format!("\n# {}\n", model.name.rust)), "{path}");
        assert!(readme.contains(&format!("]({path})")), "README does not link {path}");
        for field in &model.fields {
            assert!(page.contains(&format!("| `{}` |", field.name.wire)), "{path} lacks field {}", field.name.wire);
        }
    }
    let user = text(&out.files, "docs/models/user.md");
    assert!(user.contains("[`users().get()`](../services/users.md#get)"));
    assert!(user.contains("[`account().get()`](../services/account.md#get)"));
}

#[test]
fn every_relative_link_resolves() {
    for path in [
        spec("open-api3-1.8.x-server.json"),
        spec("open-api3-1.8.x-client.json"),
        fixture("naming.json"),
        fixture("types.json"),
        fixture("hostile.json"),
    ] {
        let out = generate(&path).unwrap();
        let broken = broken_links(&out.files);
        assert!(broken.is_empty(), "{}: {} broken links:\n{}", path.display(), broken.len(), broken.join("\n"));
    }
}

#[test]
fn the_link_check_catches_broken_links() {
    let mut files = Files::new();
    files.insert(
        "README.md".into(),
        b"# Top\n\n## Part\n\n[ok](#part) [ok](docs/a.md#a-b) [bad](#nope) [gone](docs/b.md)\n".to_vec(),
    );
    files.insert(
        "docs/a.md".into(),
        b"# A b\n\n[up](../README.md#top) [bad](../README.md#part-2)\n`[not](a/link)`\n".to_vec(),
    );
    files.insert("docs/twice.md".into(), b"# Same\n\n## Same\n".to_vec());
    let broken = broken_links(&files);
    assert_eq!(
        broken,
        [
            "README.md: #nope (no heading #nope in README.md)",
            "README.md: docs/b.md (no file docs/b.md)",
            "docs/a.md: ../README.md#part-2 (no heading #part-2 in README.md)",
            "docs/twice.md: two headings have the anchor #same",
        ]
    );
}

#[test]
fn every_rust_block_of_the_markdown_is_compiled_by_the_generated_crate() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let test = text(&out.files, EXAMPLES_TEST);
    let mut blocks = 0;
    for (path, bytes) in &out.files {
        if !path.ends_with(".md") {
            continue;
        }
        for block in rust_blocks(&String::from_utf8_lossy(bytes)) {
            let indented: String =
                block.lines().map(|l| if l.is_empty() { "\n".to_owned() } else { format!("    {l}\n") }).collect();
            assert!(test.contains(&indented), "{path}: a block is not compiled:\n{block}");
            blocks += 1;
        }
    }
    assert_eq!(test.matches("\nmod ").count(), blocks);
    // One example per method, plus the README's.
    assert!(blocks > out.api.operation_count(), "{blocks}");
}

#[test]
fn every_method_rustdoc_has_a_compiled_example() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let methods = generated_methods(&out.files);
    for (module, names) in &methods {
        let source = text(&out.files, &format!("src/services/{module}.rs"));
        let examples = source.matches("/// # Example\n").count();
        assert_eq!(examples, names.len(), "{module}: {examples} examples for {} methods", names.len());
        // `ignore` or `text` blocks would not be compiled by `cargo test --doc`.
        assert_eq!(source.matches("/// ```no_run\n").count(), names.len(), "{module}");
    }
}
