//! Thousands of mutated specs (fields removed, types swapped, refs broken,
//! names colliding, huge and empty values) go through the whole generator:
//! none may panic or hang, every failure must be a clear error naming the
//! file and a JSON pointer, and no failure may come from the emitter
//! producing invalid Rust.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;

use appwrite_generator::{generate, CrateInfo, Input, Overrides, Spec, Templates};
use serde_json::{json, Value};

/// Cases per base spec; the README records the total.
const CASES_PER_SPEC: usize = 1000;

/// xorshift64*: deterministic, so a failure replays with the printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pointers of every node, so a mutation can pick one at random.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn parent_and_key(pointer: &str) -> Option<(&str, String)> {
    let (parent, key) = pointer.rsplit_once('/')?;
    Some((parent, key.replace("~1", "/").replace("~0", "~")))
}

fn mutate(spec: &mut Value, rng: &mut Rng) -> &'static str {
    let mut all = Vec::new();
    pointers(spec, String::new(), &mut all);
    let target = all[rng.below(all.len())].clone();
    let kind = rng.below(8);
    let replacement = match kind {
        0 => {
            if let Some((parent, key)) = parent_and_key(&target) {
                match spec.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&key);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
            return "remove a field";
        }
        1 => [json!(null), json!(true), json!(7), json!(-1.5), json!("x"), json!([]), json!({})][rng.below(7)].clone(),
        2 => json!({"$ref": "#/components/schemas/doesNotExist"}),
        3 => json!("a".repeat(100_000)),
        4 => json!(""),
        5 => {
            let ty = ["string", "integer", "number", "boolean", "array", "object", "file", "null"][rng.below(8)];
            json!({ "type": ty })
        }
        6 => json!("createEmailVerification_0"),
        _ => {
            let name = ["type", "self", "*/ \"# `", "über", "$id", "0", "Unknown", "send"][rng.below(8)];
            json!(name)
        }
    };
    if let Some(node) = spec.pointer_mut(&target) {
        *node = replacement;
    }
    [
        "remove a field",
        "swap a type",
        "break a ref",
        "huge value",
        "empty value",
        "retype a schema",
        "colliding name",
        "odd name",
    ][kind]
}

fn check_case(base: &Value, seed: u64, templates: &Templates, path: &Path) {
    let mut rng = Rng(seed | 1);
    let mut spec = base.clone();
    let mutations: Vec<&str> = (0..1 + rng.below(3)).map(|_| mutate(&mut spec, &mut rng)).collect();
    let bytes = serde_json::to_vec(&spec).unwrap();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let spec = Spec::parse(path, &bytes)?;
        generate(&Input {
            spec: &spec,
            extra: &[],
            krate: &CrateInfo::unpinned("mutant"),
            overrides: &Overrides::default(),
            templates,
            lock: None,
            approve_renames: false,
            strict: false,
        })
        .map(|_| ())
    }));
    let context = format!("seed {seed} ({mutations:?})");
    match outcome {
        Err(_) => panic!("the generator panicked on {context}"),
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            assert_eq!(error.file, path, "{context}: the error must name the spec file: {error}");
            assert!(!error.message.is_empty(), "{context}");
            // The empty pointer is the whole document, right only when the root itself is wrong.
            let whole_document = error.message.starts_with("the document");
            assert!(error.pointer.starts_with('/') || whole_document, "{context}: no JSON pointer: {error}");
            assert!(!error.message.contains("generator bug"), "{context}: {error}");
        }
    }
}

#[test]
fn mutated_specs_never_panic_and_fail_with_pointers() {
    let templates = common::templates();
    let started = Instant::now();
    let mut cases = 0;
    for (i, name) in ["naming.json", "types.json", "hostile.json"].iter().enumerate() {
        let path = common::fixture(name);
        let base: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for case in 0..CASES_PER_SPEC {
            check_case(&base, (i as u64) << 32 | case as u64, &templates, &path);
            cases += 1;
        }
    }
    println!("{cases} mutated specs in {:.1?}", started.elapsed());
}
