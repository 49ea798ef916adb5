//! The xtask binary as a maintainer uses it.

mod common;

use std::process::Command;

use common::{root, snapshot};

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

#[test]
fn a_broken_spec_exits_1_and_leaves_the_output_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let ok = xtask()
        .args(["generate", "--spec"])
        .arg(root().join("spec/fixtures/naming.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    std::fs::write(out.join("src/lib.rs"), "// edited by hand\n").unwrap();
    let before = snapshot(&out);

    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"tags": ["a"],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/gone"}}}}}}}}}"##,
    )
    .unwrap();
    let failed = xtask().args(["generate", "--spec"]).arg(&broken).arg("--out").arg(&out).output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("broken.json#/paths/~1a/get/responses/200"), "{stderr}");
    assert_eq!(before, snapshot(&out), "the output folder changed");
}

/// An odd spec generates with its warnings on stderr (file and pointer),
/// and `--strict` refuses it without writing anything.
#[test]
fn warnings_go_to_stderr_and_strict_makes_them_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("spec/fixtures/lenient.json");
    let strict_out = dir.path().join("strict");
    let strict =
        xtask().args(["generate", "--strict", "--spec"]).arg(&spec).arg("--out").arg(&strict_out).output().unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains("lenient.json#/components/schemas/widget/properties/madeOn/type"), "{stderr}");
    assert!(stderr.contains("--strict"), "{stderr}");
    assert!(!strict_out.exists(), "a refused run writes nothing");

    let out = dir.path().join("lenient");
    let lenient = xtask().args(["generate", "--spec"]).arg(&spec).arg("--out").arg(&out).output().unwrap();
    assert!(lenient.status.success(), "{}", String::from_utf8_lossy(&lenient.stderr));
    let stderr = String::from_utf8_lossy(&lenient.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 12, "{stderr}");
    assert!(
        warnings[0]
            .contains("lenient.json#/components/schemas/widget/properties/madeOn/type: unsupported schema type `date`"),
        "{stderr}"
    );
    assert!(out.join("src/lib.rs").exists());
}

#[test]
fn check_lists_stale_missing_and_extra_files_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = root().join("spec/fixtures/naming.json");
    let generate = |extra: &[&str]| {
        xtask().args(["generate", "--spec"]).arg(&spec).arg("--out").arg(&out).args(extra).output().unwrap()
    };
    assert!(generate(&[]).status.success());
    assert!(generate(&["--check"]).status.success());

    std::fs::write(out.join("src/lib.rs"), "stale").unwrap();
    std::fs::remove_file(out.join("src/meta.rs")).unwrap();
    std::fs::write(out.join("src/leftover.rs"), "extra").unwrap();
    let before = snapshot(&out);
    let check = generate(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    for line in ["stale: src/lib.rs", "missing: src/meta.rs", "extra: src/leftover.rs"] {
        assert!(stderr.contains(line), "{line} not in {stderr}");
    }
    assert_eq!(before, snapshot(&out), "--check must write nothing");

    let regenerate = generate(&[]);
    let stdout = String::from_utf8_lossy(&regenerate.stdout);
    assert!(stdout.contains("2 files written, 1 removed"), "{stdout}");
    assert!(!out.join("src/leftover.rs").exists(), "files no longer produced are deleted");
}

#[test]
fn summary_line_counts_services_operations_methods_models_enums() {
    let dir = tempfile::tempdir().unwrap();
    let output = xtask()
        .args(["generate", "--spec"])
        .arg(root().join("spec/fixtures/naming.json"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("2 services, 6 operations, 7 methods, 2 models, 1 enums"), "{stdout}");
}
