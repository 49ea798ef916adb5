//! The generated crate's `realtime` feature is opt-in all the way: a build
//! without it resolves no WebSocket crate and compiles none of its code.
//! This reads the generated Cargo.toml and sources; `cargo xtask test` also
//! checks the resolved tree (`cargo tree -e normal`).

mod common;

use common::{file, generate, spec};

const WS: &str = "tokio-tungstenite";

fn manifest() -> (toml::Value, appwrite_generator::Output) {
    let output = generate(&spec("open-api3-1.8.x-server.json")).expect("generate");
    let manifest = toml::from_str(&file(&output, "Cargo.toml")).expect("valid Cargo.toml");
    (manifest, output)
}

fn strings(value: &toml::Value) -> Vec<&str> {
    value.as_array().expect("array").iter().map(|v| v.as_str().expect("string")).collect()
}

#[test]
fn only_the_realtime_feature_brings_in_the_websocket_crate() {
    let (manifest, _) = manifest();
    let dependency = &manifest["dependencies"][WS];
    assert_eq!(dependency["optional"].as_bool(), Some(true), "{dependency}");
    // No TLS stack of its own choosing: TLS comes from the crate's features.
    assert_eq!(dependency["default-features"].as_bool(), Some(false), "{dependency}");
    assert_eq!(strings(&dependency["features"]), ["connect"]);

    let features = manifest["features"].as_table().expect("[features]");
    for (name, enables) in features {
        for entry in strings(enables) {
            let names_ws = entry == WS || entry.starts_with(&format!("{WS}/")) || entry == format!("dep:{WS}");
            if name == "realtime" {
                continue;
            }
            // Elsewhere only weak (`?/`) entries, which add a feature to the
            // crate if something else brought it in, and never bring it in.
            assert!(!names_ws, "feature `{name}` turns on {WS} through {entry:?}");
        }
    }
    assert!(strings(&features["realtime"]).contains(&format!("dep:{WS}").as_str()));
    assert!(!strings(&features["default"]).contains(&"realtime"));
    // The dependency's TLS follows the crate's own TLS features (which
    // roots rustls trusts is theirs to choose).
    assert!(
        strings(&features["rustls"]).iter().any(|e| e.starts_with("tokio-tungstenite?/rustls-tls-")),
        "{}",
        features["rustls"]
    );
    assert!(strings(&features["native-tls"]).contains(&"tokio-tungstenite?/native-tls"));
}

#[test]
fn the_realtime_code_and_example_compile_only_with_the_feature() {
    let (manifest, output) = manifest();
    for (path, bytes) in &output.files {
        let text = String::from_utf8_lossy(bytes);
        if path.starts_with("src/") && text.contains("tokio_tungstenite") {
            assert!(path.starts_with("src/runtime/realtime/"), "{path} names tokio_tungstenite");
        }
    }
    let runtime = file(&output, "src/runtime/mod.rs");
    assert!(runtime.contains("#[cfg(feature = \"realtime\")]\nmod realtime;"), "{runtime}");
    assert!(runtime.contains("#[cfg(feature = \"realtime\")]\npub use realtime::"), "{runtime}");
    let test = file(&output, "tests/realtime.rs");
    assert!(test.contains("\n#![cfg(feature = \"realtime\")]\n"));

    let examples = manifest["example"].as_array().expect("[[example]]");
    let realtime = examples.iter().find(|e| e["name"].as_str() == Some("realtime")).expect("the realtime example");
    assert_eq!(strings(&realtime["required-features"]), ["realtime"]);
}
