//! Secret-bearing model fields are found from the spec (names, `format:
//! password`, descriptions) and the manifest's `[sensitive]` list, and the
//! emitted models' `Debug` redacts them.

mod common;

use appwrite_generator::ir::Api;
use appwrite_generator::{Input, Manifest, Output, Overrides};
use common::*;

fn pinned() -> Output {
    let path = root().join("spec/appwrite.toml");
    let manifest = Manifest::load(&path).unwrap();
    let (main, extra) = manifest.load_specs().unwrap();
    let overrides = Overrides::from_manifest(&manifest, path);
    appwrite_generator::generate(&Input {
        spec: &main,
        extra: &extra,
        krate: &manifest.krate,
        overrides: &overrides,
        templates: &templates(),
        lock: None,
        approve_renames: false,
        strict: false,
    })
    .unwrap()
}

fn sensitive(api: &Api) -> Vec<String> {
    api.models
        .iter()
        .flat_map(|m| m.fields.iter().filter(|f| f.sensitive).map(move |f| format!("{}.{}", m.name.wire, f.name.wire)))
        .collect()
}

#[test]
fn secret_fields_of_the_pinned_spec_are_marked() {
    let out = pinned();
    let marked = sensitive(&out.api);
    for secret in [
        "session.secret",
        "session.providerAccessToken",
        "session.providerRefreshToken",
        "identity.providerAccessToken",
        "identity.providerRefreshToken",
        "token.secret",
        "jwt.jwt",
        "resourceToken.secret",
        "user.password",
        "algoScryptModified.signerKey",
        "mfaType.secret",
        "mfaRecoveryCodes.recoveryCodes",
        "provider.credentials",
        // From the manifest: the spec's words do not give these away.
        "algoScryptModified.salt",
        "user.hashOptions",
        "mfaType.uri",
    ] {
        assert!(marked.contains(&secret.to_owned()), "{secret} is not marked; marked: {marked:?}");
    }
    for plain in [
        "variable.secret",
        "variable.key",
        "attributeString.key",
        "user.hash",
        "token.phrase",
        "token.$id",
        "file.signature",
    ] {
        assert!(!marked.contains(&plain.to_owned()), "{plain} is marked");
    }
    assert_eq!(marked.len(), 16, "{marked:?}");
}

#[test]
fn models_with_secrets_redact_them_in_debug() {
    let out = pinned();
    for (path, secret) in
        [("src/models/session.rs", "secret"), ("src/models/token.rs", "secret"), ("src/models/jwt.rs", "jwt")]
    {
        let code = file(&out, path);
        assert!(!has(&code, "#[derive(Debug"), "{path} derives Debug");
        assert!(has(&code, "impl ::std::fmt::Debug for"), "{path}");
        assert!(
            has(&code, &format!(".field(\"{secret}\", &crate::runtime::redact::Redacted(&self.{secret}))")),
            "{path}"
        );
    }
    // Other fields print as derived Debug would, under their Rust names.
    assert!(has(&file(&out, "src/models/session.rs"), ".field(\"user_id\", &self.user_id)"));
    // A model without secrets keeps the derive.
    assert!(has(&file(&out, "src/models/user_list.rs"), "#[derive(Debug, Clone"));
}

#[test]
fn format_password_and_the_manifest_list_mark_fields() {
    let dir = tempfile::tempdir().unwrap();
    let spec = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "T", "version": "1.0.0"},
        "paths": {"/things": {"get": {"tags": ["things"], "operationId": "listThings", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/thing"}}}
        }}}}},
        "components": {"schemas": {"thing": {"type": "object", "properties": {
            "pin": {"type": "string", "format": "password"},
            "hint": {"type": "string"},
            "count": {"type": "integer"}
        }}}}
    });
    let path = dir.path().join("spec.json");
    std::fs::write(&path, spec.to_string()).unwrap();
    let out = generate(&path).unwrap();
    assert_eq!(sensitive(&out.api), ["thing.pin"]);

    let listed = Overrides { sensitive: vec!["thing.hint".into()], ..Overrides::default() };
    let out = generate_with(&path, &listed).unwrap();
    assert_eq!(sensitive(&out.api), ["thing.hint", "thing.pin"]);

    for (entry, says) in
        [("thing.gone", "no such model field"), ("thing.count", "cannot be redacted"), ("nodot", "no such model field")]
    {
        let bad =
            Overrides { sensitive: vec![entry.into()], file: "spec/appwrite.toml".into(), ..Overrides::default() };
        let err = generate_with(&path, &bad).err().unwrap_or_else(|| panic!("{entry} accepted"));
        assert!(err.to_string().contains(says) && err.to_string().contains("appwrite.toml"), "{err}");
    }
}
