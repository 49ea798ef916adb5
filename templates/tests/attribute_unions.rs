//! Attributes and columns decode as the member the server chose for them.
//! Appwrite picks the response model of each attribute by its
//! `$conditions` (`Response::output` takes the first model whose
//! conditions all hold), so the documents below are shaped as those models
//! output them and carry the `type` (and `format`) their conditions name.
//! The spec's examples say `type: "string"` for the geo, relationship and
//! text members; nothing here comes from the spec or the generator.
//! requires-services: databases tables_db
//!
//! Sources (appwrite/appwrite, `src/Appwrite/Utopia/Response/`):
//! - `Model/Attribute.php`, `Model/Column.php` (the fields every member
//!   has) and `Model/Attribute*.php`, `Model/Column*.php` (`$conditions`)
//!   @ bd288ce6507643eef4891bfdad27a60fcb8a09e2 (1.8.1);
//! - `Model/ColumnVarchar.php`, `ColumnText.php`, `ColumnMediumtext.php`,
//!   `ColumnLongtext.php` and `Model/AttributeVector.php` @
//!   8c6d4d8b367ae17e66012399cb0d1624018c7821 (1.9.0), where they appear;
//! - `Model.php` @ bd288ce6 for the constants: `TYPE_FLOAT` is `double`,
//!   `TYPE_RELATIONSHIP` is `relationship`; `app/init/constants.php` for the
//!   formats (`email`, `enum`, `ip`, `url`).

use appwrite_client::models::{Attribute, Column};
use serde_json::{json, Value};

/// The fields of `Model/Attribute.php` (and `Column.php`, the same), with
/// `type` and any member fields in `extra`.
fn document(kind: &str, extra: Value) -> Value {
    let mut doc = json!({
        "key": "field",
        "type": kind,
        "status": "available",
        "error": "",
        "required": false,
        "array": false,
        "$createdAt": "2025-01-02T03:04:05.000+00:00",
        "$updatedAt": "2025-01-02T03:04:05.000+00:00",
    });
    if let (Some(doc), Some(extra)) = (doc.as_object_mut(), extra.as_object()) {
        doc.extend(extra.clone());
    }
    doc
}

/// A default of `null` fits most members' `default`: only the tags can
/// tell them apart, as on the server.
fn geo(kind: &str) -> Value {
    document(kind, json!({"default": null}))
}

/// `related` is `relatedCollection` for an attribute and `relatedTable`
/// for a column (`Model/AttributeRelationship.php`,
/// `Model/ColumnRelationship.php`).
fn relationship(related: &str) -> Value {
    document(
        "relationship",
        json!({
            related: "authors",
            "relationType": "manyToOne",
            "twoWay": false,
            "twoWayKey": "",
            "onDelete": "restrict",
            "side": "parent",
        }),
    )
}

fn attribute(doc: Value) -> Attribute {
    serde_json::from_value(doc).expect("an attribute decodes")
}

fn column(doc: Value) -> Column {
    serde_json::from_value(doc).expect("a column decodes")
}

#[test]
fn geo_attributes_and_columns_are_told_apart_by_their_type() {
    assert!(matches!(attribute(geo("point")), Attribute::Point(_)));
    assert!(matches!(attribute(geo("linestring")), Attribute::Line(_)));
    assert!(matches!(attribute(geo("polygon")), Attribute::Polygon(_)));
    assert!(matches!(column(geo("point")), Column::Point(_)));
    assert!(matches!(column(geo("linestring")), Column::Line(_)));
    assert!(matches!(column(geo("polygon")), Column::Polygon(_)));
}

#[test]
fn a_geo_default_stays_with_its_member() {
    let line = document("linestring", json!({"default": [[0, 0], [1, 1]]}));
    assert!(matches!(attribute(line.clone()), Attribute::Line(_)));
    assert!(matches!(column(line), Column::Line(_)));
}

#[test]
fn relationships_and_scalars_decode_as_their_own_member() {
    assert!(matches!(attribute(relationship("relatedCollection")), Attribute::Relationship(_)));
    assert!(matches!(column(relationship("relatedTable")), Column::Relationship(_)));
    let boolean = document("boolean", json!({"default": null}));
    assert!(matches!(attribute(boolean.clone()), Attribute::Boolean(_)));
    assert!(matches!(column(boolean), Column::Boolean(_)));
    let float = document("double", json!({"min": 0.0, "max": 1.0, "default": null}));
    assert!(matches!(attribute(float), Attribute::Float(_)));
    let string = document("string", json!({"size": 255, "default": null}));
    assert!(matches!(attribute(string.clone()), Attribute::String(_)));
    assert!(matches!(column(string), Column::String(_)));
    let email = document("string", json!({"format": "email", "default": null}));
    assert!(matches!(attribute(email.clone()), Attribute::Email(_)));
    assert!(matches!(column(email), Column::Email(_)));
    let datetime = document("datetime", json!({"format": "datetime", "default": null}));
    assert!(matches!(attribute(datetime), Attribute::Datetime(_)));
}

#[test]
fn the_text_columns_of_newer_servers_are_not_taken_for_other_members() {
    assert!(matches!(column(document("varchar", json!({"size": 255, "default": null}))), Column::Varchar(_)));
    assert!(matches!(column(document("text", json!({"default": null}))), Column::Text(_)));
    assert!(matches!(column(document("mediumtext", json!({"default": null}))), Column::Mediumtext(_)));
    assert!(matches!(column(document("longtext", json!({"default": null}))), Column::Longtext(_)));
}

#[test]
fn a_type_this_crate_does_not_know_is_kept_whole_as_unknown() {
    // 1.9.0's vector attribute, which the 1.8 spec has no member for.
    let vector = document("vector", json!({"size": 3, "default": null}));
    match attribute(vector.clone()) {
        Attribute::Unknown(kept) => assert_eq!(kept, vector),
        other => panic!("expected Unknown, got {other:?}"),
    }
    match column(vector.clone()) {
        Column::Unknown(kept) => assert_eq!(kept, vector),
        other => panic!("expected Unknown, got {other:?}"),
    }
}
