//! Enums in every encoding OpenAPI allows become one Rust enum each, with
//! variant names from `x-enum-keys` or `title`s and docs from descriptions.

mod common;

use appwrite_generator::ir::{Api, EnumDef, TypeRef};
use common::*;

fn enum_named<'a>(api: &'a Api, name: &str) -> &'a EnumDef {
    api.enums
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no enum {name}: {:?}", api.enums.iter().map(|e| &e.name).collect::<Vec<_>>()))
}

fn values(def: &EnumDef) -> Vec<(&str, &str)> {
    def.values.iter().map(|v| (v.wire.as_str(), v.rust.as_str())).collect()
}

#[test]
fn every_encoding_is_an_enum() {
    let out = generate(&fixture("enums.json")).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let api = &out.api;
    // `enum` with `x-enum-keys` and `x-enum-name`.
    assert_eq!(values(enum_named(api, "PetSize")), [("s", "Small"), ("m", "Medium"), ("l", "Large")]);
    // `oneOf` of `const`s named by `title` (one through a `$ref`), shared by
    // the body parameter and the model field that list the same values.
    assert_eq!(values(enum_named(api, "Mood")), [("happy", "Cheerful"), ("grumpy", "Grumpy"), ("sleepy", "Sleepy")]);
    let mood = enum_named(api, "Mood");
    assert_eq!(mood.values[0].description.as_deref(), Some("Wags its tail."));
    // `anyOf` of one-value `enum`s documented by `description` (names from the values).
    let diet = enum_named(api, "PetsCreateDiet");
    assert_eq!(values(diet), [("meat", "Meat"), ("plants", "Plants")]);
    assert_eq!(diet.values[1].description.as_deref(), Some("Eats plants only."));
    // `const`, and `enum` without a `type`.
    assert_eq!(values(enum_named(api, "PetKind")), [("pet", "Pet")]);
    assert_eq!(values(enum_named(api, "PetColor")), [("black", "Black"), ("white", "White")]);
    // Nullable enums, however the spec says so; `null` is never a variant.
    assert_eq!(values(enum_named(api, "PetCollar")), [("leather", "Leather"), ("nylon", "Nylon")]);
    let pet = api.models.iter().find(|m| m.name.wire == "pet").unwrap();
    for (field, nullable) in [("collar", true), ("tag", true), ("mood", true), ("color", false), ("kind", false)] {
        let f = pet.fields.iter().find(|f| f.name.wire == field).unwrap();
        assert!(matches!(f.ty, TypeRef::Enum(_)), "{field}: {:?}", f.ty);
        assert_eq!(f.nullable, nullable, "{field}");
    }
    let create = find(api, "pets", "create");
    let diet_param = create.params.iter().find(|p| p.name.wire == "diet").unwrap();
    assert!(diet_param.nullable && diet_param.null_setter.is_some());
}

#[test]
fn titles_and_descriptions_reach_the_code() {
    let out = generate(&fixture("enums.json")).unwrap();
    let mood = file(&out, "src/enums/mood.rs");
    assert!(has(&mood, "/// Cheerful (`happy`).\n///\n/// Wags its tail.\nCheerful,"), "{mood}");
    assert!(has(&mood, "\"sleepy\" => Self::Sleepy"), "{mood}");
    let pet = file(&out, "src/models/pet.rs");
    assert!(has(&pet, "pub collar: Option<crate::enums::PetCollar>"), "{pet}");
    assert!(has(&pet, "pub kind: crate::enums::PetKind"), "{pet}");
}
