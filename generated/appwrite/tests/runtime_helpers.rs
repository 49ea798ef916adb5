// @generated: copied by appwrite-generator from templates/ (the `tests/runtime_helpers.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Query, Permission, Role and ID produce the exact strings Appwrite expects.

use appwrite_client::{Permission, Query, Role};

#[test]
fn comparison_queries() {
    assert_eq!(Query::equal("name", "x").to_string(), r#"{"method":"equal","attribute":"name","values":["x"]}"#);
    assert_eq!(
        Query::equal("status", ["active", "pending"]).to_string(),
        r#"{"method":"equal","attribute":"status","values":["active","pending"]}"#
    );
    assert_eq!(Query::equal("flag", true).to_string(), r#"{"method":"equal","attribute":"flag","values":[true]}"#);
    assert_eq!(Query::not_equal("n", 1).to_string(), r#"{"method":"notEqual","attribute":"n","values":[1]}"#);
    assert_eq!(Query::less_than("n", 1.5).to_string(), r#"{"method":"lessThan","attribute":"n","values":[1.5]}"#);
    assert_eq!(
        Query::less_than_equal("n", 2).to_string(),
        r#"{"method":"lessThanEqual","attribute":"n","values":[2]}"#
    );
    assert_eq!(Query::greater_than("n", 3).to_string(), r#"{"method":"greaterThan","attribute":"n","values":[3]}"#);
    assert_eq!(
        Query::greater_than_equal("n", 4).to_string(),
        r#"{"method":"greaterThanEqual","attribute":"n","values":[4]}"#
    );
    assert_eq!(Query::between("age", 18, 65).to_string(), r#"{"method":"between","attribute":"age","values":[18,65]}"#);
    assert_eq!(
        Query::not_between("age", "a", "z").to_string(),
        r#"{"method":"notBetween","attribute":"age","values":["a","z"]}"#
    );
    assert_eq!(Query::is_null("x").to_string(), r#"{"method":"isNull","attribute":"x"}"#);
    assert_eq!(Query::is_not_null("x").to_string(), r#"{"method":"isNotNull","attribute":"x"}"#);
}

#[test]
fn string_queries() {
    let cases = [
        (Query::starts_with("t", "ab"), "startsWith"),
        (Query::not_starts_with("t", "ab"), "notStartsWith"),
        (Query::ends_with("t", "ab"), "endsWith"),
        (Query::not_ends_with("t", "ab"), "notEndsWith"),
        (Query::contains("t", "ab"), "contains"),
        (Query::not_contains("t", "ab"), "notContains"),
        (Query::search("t", "ab"), "search"),
        (Query::not_search("t", "ab"), "notSearch"),
    ];
    for (query, method) in cases {
        assert_eq!(query.to_string(), format!(r#"{{"method":"{method}","attribute":"t","values":["ab"]}}"#));
    }
    assert_eq!(
        Query::contains("tags", vec!["a", "b"]).to_string(),
        r#"{"method":"contains","attribute":"tags","values":["a","b"]}"#
    );
    assert_eq!(
        Query::search("t", "quote\"and\\slash").to_string(),
        r#"{"method":"search","attribute":"t","values":["quote\"and\\slash"]}"#
    );
}

#[test]
fn ordering_pagination_selection() {
    assert_eq!(Query::select(["name", "$id"]).to_string(), r#"{"method":"select","values":["name","$id"]}"#);
    assert_eq!(Query::order_asc("name").to_string(), r#"{"method":"orderAsc","attribute":"name"}"#);
    assert_eq!(Query::order_desc("name").to_string(), r#"{"method":"orderDesc","attribute":"name"}"#);
    assert_eq!(Query::order_random().to_string(), r#"{"method":"orderRandom"}"#);
    assert_eq!(Query::cursor_after("id").to_string(), r#"{"method":"cursorAfter","values":["id"]}"#);
    assert_eq!(Query::cursor_before("id").to_string(), r#"{"method":"cursorBefore","values":["id"]}"#);
    assert_eq!(Query::limit(25).to_string(), r#"{"method":"limit","values":[25]}"#);
    assert_eq!(Query::offset(50).to_string(), r#"{"method":"offset","values":[50]}"#);
}

#[test]
fn logical_queries_nest_objects() {
    let expected =
        r#"{"method":"or","values":[{"method":"equal","attribute":"a","values":[1]},{"method":"limit","values":[5]}]}"#;
    assert_eq!(Query::or([Query::equal("a", 1), Query::limit(5)]).to_string(), expected);
    // Strings from earlier `to_string()` calls nest the same way.
    let parts = vec![Query::equal("a", 1).to_string(), Query::limit(5).to_string()];
    assert_eq!(Query::or(parts).to_string(), expected);
    assert_eq!(
        Query::and([Query::is_null("x"), Query::order_random()]).to_string(),
        r#"{"method":"and","values":[{"method":"isNull","attribute":"x"},{"method":"orderRandom"}]}"#
    );
    // A string that is not a JSON object stays a string, for Appwrite to
    // reject; an object is nested as it was written.
    assert_eq!(
        Query::or(["limit(5)", "[1]", r#"{"method":"limit","values":[5]}"#]).to_string(),
        r#"{"method":"or","values":["limit(5)","[1]",{"method":"limit","values":[5]}]}"#
    );
}

#[test]
fn spatial_queries() {
    assert_eq!(
        Query::distance_equal("loc", [40.7, -74.0], 1000.0, true).to_string(),
        r#"{"method":"distanceEqual","attribute":"loc","values":[[[40.7,-74.0],1000,true]]}"#
    );
    assert_eq!(
        Query::distance_not_equal("loc", [1, 2], 2.5, false).to_string(),
        r#"{"method":"distanceNotEqual","attribute":"loc","values":[[[1,2],2.5,false]]}"#
    );
    assert_eq!(
        Query::distance_greater_than("loc", [1, 2], 3.0, true).to_string(),
        r#"{"method":"distanceGreaterThan","attribute":"loc","values":[[[1,2],3,true]]}"#
    );
    assert_eq!(
        Query::distance_less_than("loc", [1, 2], 3.0, true).to_string(),
        r#"{"method":"distanceLessThan","attribute":"loc","values":[[[1,2],3,true]]}"#
    );
    let polygon = vec![vec![[0, 0], [0, 1], [1, 1], [0, 0]]];
    let cases = [
        (Query::intersects("area", &polygon), "intersects"),
        (Query::not_intersects("area", &polygon), "notIntersects"),
        (Query::crosses("area", &polygon), "crosses"),
        (Query::not_crosses("area", &polygon), "notCrosses"),
        (Query::overlaps("area", &polygon), "overlaps"),
        (Query::not_overlaps("area", &polygon), "notOverlaps"),
        (Query::touches("area", &polygon), "touches"),
        (Query::not_touches("area", &polygon), "notTouches"),
    ];
    for (query, method) in cases {
        assert_eq!(
            query.to_string(),
            format!(r#"{{"method":"{method}","attribute":"area","values":[[[[0,0],[0,1],[1,1],[0,0]]]]}}"#)
        );
    }
    let point = Query::intersects("loc", [1.5, 2.5]).to_string();
    assert_eq!(point, r#"{"method":"intersects","attribute":"loc","values":[[1.5,2.5]]}"#);
}

#[test]
fn query_converts_to_string() {
    let s: String = Query::limit(1).into();
    assert_eq!(s, r#"{"method":"limit","values":[1]}"#);
    let v: Vec<String> = vec![Query::limit(1).into(), Query::offset(2).into()];
    assert_eq!(v.len(), 2);
}

#[test]
fn permissions_and_roles() {
    assert_eq!(Permission::read(Role::any()).to_string(), r#"read("any")"#);
    assert_eq!(Permission::write(Role::guests()).to_string(), r#"write("guests")"#);
    assert_eq!(Permission::create(Role::users(None)).to_string(), r#"create("users")"#);
    assert_eq!(Permission::update(Role::users(Some("verified"))).to_string(), r#"update("users/verified")"#);
    assert_eq!(Permission::delete(Role::user("abc", None)).to_string(), r#"delete("user:abc")"#);
    assert_eq!(Role::user("abc", Some("unverified")).to_string(), "user:abc/unverified");
    assert_eq!(Role::team("t1", None).to_string(), "team:t1");
    assert_eq!(Role::team("t1", Some("owner")).to_string(), "team:t1/owner");
    assert_eq!(Role::member("m1").to_string(), "member:m1");
    assert_eq!(Role::label("vip").to_string(), "label:vip");
    let s: String = Permission::read(Role::any()).into();
    assert_eq!(s, r#"read("any")"#);
}
