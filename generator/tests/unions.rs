//! `oneOf`/`anyOf` of models are Rust enums, named in normalization and
//! told apart by the properties their members fix.

mod common;

use std::collections::BTreeMap;

use appwrite_generator::ir::{Api, Response, TypeRef, Union};
use appwrite_generator::{Manifest, Overrides};
use common::*;

fn union<'a>(api: &'a Api, name: &str) -> (usize, &'a Union) {
    api.unions
        .iter()
        .enumerate()
        .find(|(_, u)| u.name == name)
        .unwrap_or_else(|| panic!("no union {name}: {:?}", api.unions.iter().map(|u| &u.name).collect::<Vec<_>>()))
}

fn variants(api: &Api, union: &Union) -> Vec<(String, String)> {
    union.members.iter().map(|m| (m.variant.clone(), api.models[m.model].name.wire.clone())).collect()
}

fn field(api: &Api, model: &str, field: &str) -> TypeRef {
    let model = api.models.iter().find(|m| m.name.wire == model).unwrap();
    model.fields.iter().find(|f| f.name.wire == field).unwrap().ty.clone()
}

#[test]
fn appwrite_attributes_columns_and_hash_options_are_typed() {
    let out = generate(&spec("open-api3-1.8.x-server.json")).unwrap();
    let api = &out.api;
    let (attribute, attributes) = union(api, "Attribute");
    // The 10 members `get_attribute` lists and the 13 of a collection's
    // attributes are one union with all 13.
    assert_eq!(attributes.members.len(), 13);
    assert_eq!(field(api, "collection", "attributes"), TypeRef::Array(Box::new(TypeRef::Union(attribute))));
    assert_eq!(find(api, "databases", "get_attribute").response, Response::Union(attribute));
    let tags = attributes.tags(&api.models);
    assert_eq!(tags.properties, ["type", "format"]);
    assert!(!tags.exact, "Appwrite's tags are examples");
    let email = attributes.members.iter().position(|m| m.variant == "Email").unwrap();
    assert_eq!(tags.values[email], [Some("string".to_owned()), Some("email".to_owned())]);
    assert!(variants(api, attributes).contains(&("String".to_owned(), "attributeString".to_owned())));
    let (column, columns) = union(api, "Column");
    assert_eq!(columns.members.len(), 17);
    assert_eq!(find(api, "tablesDB", "get_column").response, Response::Union(column));
    let (algo, algos) = union(api, "Algo");
    assert_eq!(field(api, "user", "hashOptions"), TypeRef::Union(algo));
    assert_eq!(algos.tags(&api.models).properties, ["type"]);
    assert_eq!(api.unions.len(), 3);
}

#[test]
fn fixture_unions_named_tagged_and_merged() {
    let out = generate(&fixture("unions.json")).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let api = &out.api;
    // No shared leading word: named after where it is met; an exact tag.
    let (animals, shelter_animals) = union(api, "ShelterAnimals");
    assert_eq!(
        variants(api, shelter_animals),
        [("Cat".to_owned(), "cat".to_owned()), ("Dog".to_owned(), "dog".to_owned())]
    );
    let tags = shelter_animals.tags(&api.models);
    assert_eq!((tags.properties.as_slice(), tags.exact), (&["kind".to_owned()][..], true));
    assert_eq!(field(api, "shelter", "animals"), TypeRef::Array(Box::new(TypeRef::Union(animals))));
    // Shared leading word; three uses with different members, one union.
    let (vehicle, vehicles) = union(api, "Vehicle");
    assert_eq!(vehicles.members.iter().map(|m| m.variant.as_str()).collect::<Vec<_>>(), ["Car", "Train", "Bike"]);
    assert_eq!(field(api, "shelter", "fleet"), TypeRef::Array(Box::new(TypeRef::Union(vehicle))));
    assert_eq!(field(api, "shelter", "transport"), TypeRef::Union(vehicle));
    assert_eq!(find(api, "vehicles", "get").response, Response::Union(vehicle));
    // No tag at all: tried by required fields.
    let (shape, shapes) = union(api, "ShapesGetResponse");
    assert!(shapes.tags(&api.models).properties.is_empty());
    assert_eq!(find(api, "shapes", "get").response, Response::Union(shape));
    assert_eq!(api.unions.len(), 3);
    // One member is that model; a member that is not a model, or the
    // request side, is open JSON.
    let cat = api.models.iter().position(|m| m.name.wire == "cat").unwrap();
    assert_eq!(field(api, "shelter", "favourite"), TypeRef::Model(cat));
    assert_eq!(field(api, "shelter", "visitor"), TypeRef::Json);
    let update = find(api, "shelters", "update");
    assert_eq!(update.params.iter().find(|p| p.name.wire == "resident").unwrap().ty, TypeRef::Json);
}

#[test]
fn the_generated_enum_says_how_it_decides() {
    let out = generate(&fixture("unions.json")).unwrap();
    let animals = file(&out, "src/models/shelter_animals.rs");
    assert!(animals.contains("#[non_exhaustive]"), "{animals}");
    assert!(has(&animals, "Unknown(::serde_json::Value)"));
    assert!(animals.contains("The members are told apart by `kind`"), "{animals}");
    assert!(animals.contains("a document matching no member is `Unknown` at once"), "{animals}");
    assert!(has(&animals, "tags: &[\"kind\"]"), "{animals}");
    assert!(has(&animals, "exact: true"), "{animals}");
    let shapes = file(&out, "src/models/shapes_get_response.rs");
    assert!(shapes.contains("share no field whose value tells them apart"), "{shapes}");
    // The square requires two fields, the circle one: the square is tried first.
    assert!(has(&shapes, "0 => crate::runtime::union::decode_member(text).map(Self::Square)"), "{shapes}");
    let tests = file(&out, "tests/unions.rs");
    assert!(tests.contains("fn vehicle_decodes_each_member_and_keeps_unknown_shapes"), "{tests}");
    let api_txt = file(&out, "API.txt");
    assert!(api_txt.contains("union Vehicle::Bike(VehicleBike)"), "{api_txt}");
}

#[test]
fn the_manifests_tags_replace_the_specs_and_a_stale_entry_fails() {
    let path = fixture("unions.json");
    let tag = |value: &str| BTreeMap::from([("shape".to_owned(), value.to_owned())]);
    let tags = BTreeMap::from([("circle".to_owned(), tag("round")), ("square".to_owned(), tag("boxy"))]);
    let out = generate_with(&path, &Overrides { tags, ..Overrides::default() }).unwrap();
    let (_, shapes) = union(&out.api, "ShapesGetResponse");
    let tags = shapes.tags(&out.api.models);
    assert_eq!((tags.properties.as_slice(), tags.exact), (&["shape".to_owned()][..], true));
    let value_of = |model: &str| {
        let member = shapes.members.iter().position(|m| out.api.models[m.model].name.wire == model).unwrap();
        tags.values[member].clone()
    };
    assert_eq!(
        (value_of("circle"), value_of("square")),
        (vec![Some("round".to_owned())], vec![Some("boxy".to_owned())])
    );

    for (schema, says) in [("gone", "no such schema"), ("shelter", "no member of a")] {
        let bad = Overrides {
            tags: BTreeMap::from([(schema.to_owned(), tag("x"))]),
            file: "spec/appwrite.toml".into(),
            ..Overrides::default()
        };
        let err = generate_with(&path, &bad).err().unwrap_or_else(|| panic!("{schema} accepted"));
        assert!(err.to_string().contains(says) && err.to_string().contains("appwrite.toml"), "{err}");
    }
}

#[test]
fn the_pinned_manifest_gives_attributes_and_columns_the_servers_tags() {
    let path = root().join("spec/appwrite.toml");
    let manifest = Manifest::load(&path).unwrap();
    let out = generate_with(&spec(&manifest.spec.file.to_string_lossy()), &Overrides::from_manifest(&manifest, path))
        .unwrap();
    for name in ["Attribute", "Column"] {
        let (_, union) = union(&out.api, name);
        let tags = union.tags(&out.api.models);
        assert!(tags.exact, "{name}: every member has the server's tags");
        let point = union.members.iter().position(|m| m.variant == "Point").unwrap();
        assert_eq!(tags.values[point], [Some("point".to_owned()), None], "{name}");
    }
}
