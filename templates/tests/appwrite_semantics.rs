//! Appwrite's behaviour as Appwrite's own sources state it, checked against
//! the crate through its public API. Nothing here comes from the spec or
//! from the generator's IR: every expectation is copied from, or follows
//! from, the file named beside it, so a mistake the generator and its
//! spec-derived tests share still fails here.
//! requires-services: users graphql account
//!
//! Sources (repository, path, commit):
//! - SDK e2e suite: appwrite/sdk-generator `tests/Base.php` and
//!   `templates/rust/tests/tests.rs` @ 7e7e257b10a8c1384a237e7d8d73452e2108901e
//!   (tag 1.14.0, which made crates.io `appwrite` 0.1.0).
//! - Query parsing of Appwrite 1.8.1: utopia-php/database
//!   `src/Database/Query.php` @ 5da71b65a6123ce2e78795522b05b7458aabfbd7
//!   (3.5.0, the version in appwrite/appwrite 1.8.1's composer.lock).
//! - GraphQL: appwrite/appwrite `app/controllers/api/graphql.php` @
//!   bd288ce6507643eef4891bfdad27a60fcb8a09e2 (1.8.1) and
//!   appwrite/sdk-generator `src/Spec/Swagger2.php` @ 7e7e257b.
//! - Credentials: appwrite/appwrite `app/controllers/shared/api.php` and
//!   `app/init/resources.php` @ bd288ce6 (1.8.1) and @
//!   8c6d4d8b367ae17e66012399cb0d1624018c7821 (1.9.0).

use std::time::{SystemTime, UNIX_EPOCH};

use appwrite_client::{Client, Error, GraphqlRequest, Permission, Query, Role, ID};
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// `QUERY_HELPER_RESPONSES` of sdk-generator `tests/Base.php` @ 7e7e257b,
/// each beside the call that `templates/rust/tests/tests.rs` @ 7e7e257b
/// prints it with (`test_queries`, in the same order). Long because: one
/// row per expectation of the official suite, kept in its order so the two
/// lists can be compared line by line.
fn official_query_expectations() -> Vec<(Query, &'static str)> {
    let point = json!([40.7128, -74]);
    let line = json!([[40.7128, -74], [40.7128, -74]]);
    vec![
        (Query::equal("released", true), r#"{"method":"equal","attribute":"released","values":[true]}"#),
        (
            Query::equal("title", ["Spiderman", "Dr. Strange"]),
            r#"{"method":"equal","attribute":"title","values":["Spiderman","Dr. Strange"]}"#,
        ),
        (Query::not_equal("title", "Spiderman"), r#"{"method":"notEqual","attribute":"title","values":["Spiderman"]}"#),
        (Query::less_than("releasedYear", 1990), r#"{"method":"lessThan","attribute":"releasedYear","values":[1990]}"#),
        (
            Query::greater_than("releasedYear", 1990),
            r#"{"method":"greaterThan","attribute":"releasedYear","values":[1990]}"#,
        ),
        (Query::search("name", "john"), r#"{"method":"search","attribute":"name","values":["john"]}"#),
        (Query::is_null("name"), r#"{"method":"isNull","attribute":"name"}"#),
        (Query::is_not_null("name"), r#"{"method":"isNotNull","attribute":"name"}"#),
        (Query::between("age", 50, 100), r#"{"method":"between","attribute":"age","values":[50,100]}"#),
        (Query::between("age", 50.5, 100.5), r#"{"method":"between","attribute":"age","values":[50.5,100.5]}"#),
        (Query::between("name", "Anna", "Brad"), r#"{"method":"between","attribute":"name","values":["Anna","Brad"]}"#),
        (Query::starts_with("name", "Ann"), r#"{"method":"startsWith","attribute":"name","values":["Ann"]}"#),
        (Query::ends_with("name", "nne"), r#"{"method":"endsWith","attribute":"name","values":["nne"]}"#),
        (Query::select(["name", "age"]), r#"{"method":"select","values":["name","age"]}"#),
        (Query::order_asc("title"), r#"{"method":"orderAsc","attribute":"title"}"#),
        (Query::order_desc("title"), r#"{"method":"orderDesc","attribute":"title"}"#),
        (Query::order_random(), r#"{"method":"orderRandom"}"#),
        (Query::cursor_after("my_movie_id"), r#"{"method":"cursorAfter","values":["my_movie_id"]}"#),
        (Query::cursor_before("my_movie_id"), r#"{"method":"cursorBefore","values":["my_movie_id"]}"#),
        (Query::limit(50), r#"{"method":"limit","values":[50]}"#),
        (Query::offset(20), r#"{"method":"offset","values":[20]}"#),
        (Query::contains("title", "Spider"), r#"{"method":"contains","attribute":"title","values":["Spider"]}"#),
        (Query::contains("labels", "first"), r#"{"method":"contains","attribute":"labels","values":["first"]}"#),
        (
            Query::contains_any("labels", ["first", "second"]),
            r#"{"method":"containsAny","attribute":"labels","values":["first","second"]}"#,
        ),
        (
            Query::contains_all("labels", ["first", "second"]),
            r#"{"method":"containsAll","attribute":"labels","values":["first","second"]}"#,
        ),
        (Query::not_contains("title", "Spider"), r#"{"method":"notContains","attribute":"title","values":["Spider"]}"#),
        (Query::not_search("name", "john"), r#"{"method":"notSearch","attribute":"name","values":["john"]}"#),
        (Query::not_between("age", 50, 100), r#"{"method":"notBetween","attribute":"age","values":[50,100]}"#),
        (Query::not_starts_with("name", "Ann"), r#"{"method":"notStartsWith","attribute":"name","values":["Ann"]}"#),
        (Query::not_ends_with("name", "nne"), r#"{"method":"notEndsWith","attribute":"name","values":["nne"]}"#),
        (
            Query::created_before("2023-01-01"),
            r#"{"method":"lessThan","attribute":"$createdAt","values":["2023-01-01"]}"#,
        ),
        (
            Query::created_after("2023-01-01"),
            r#"{"method":"greaterThan","attribute":"$createdAt","values":["2023-01-01"]}"#,
        ),
        (
            Query::created_between("2023-01-01", "2023-12-31"),
            r#"{"method":"between","attribute":"$createdAt","values":["2023-01-01","2023-12-31"]}"#,
        ),
        (
            Query::updated_before("2023-01-01"),
            r#"{"method":"lessThan","attribute":"$updatedAt","values":["2023-01-01"]}"#,
        ),
        (
            Query::updated_after("2023-01-01"),
            r#"{"method":"greaterThan","attribute":"$updatedAt","values":["2023-01-01"]}"#,
        ),
        (
            Query::updated_between("2023-01-01", "2023-12-31"),
            r#"{"method":"between","attribute":"$updatedAt","values":["2023-01-01","2023-12-31"]}"#,
        ),
        (
            Query::distance_equal("location", &line, 1000.0, true),
            r#"{"method":"distanceEqual","attribute":"location","values":[[[[40.7128,-74],[40.7128,-74]],1000,true]]}"#,
        ),
        (
            Query::distance_equal("location", &point, 1000.0, true),
            r#"{"method":"distanceEqual","attribute":"location","values":[[[40.7128,-74],1000,true]]}"#,
        ),
        (
            Query::distance_not_equal("location", &point, 1000.0, true),
            r#"{"method":"distanceNotEqual","attribute":"location","values":[[[40.7128,-74],1000,true]]}"#,
        ),
        (
            Query::distance_greater_than("location", &point, 1000.0, true),
            r#"{"method":"distanceGreaterThan","attribute":"location","values":[[[40.7128,-74],1000,true]]}"#,
        ),
        (
            Query::distance_less_than("location", &point, 1000.0, true),
            r#"{"method":"distanceLessThan","attribute":"location","values":[[[40.7128,-74],1000,true]]}"#,
        ),
        (
            Query::intersects("location", &point),
            r#"{"method":"intersects","attribute":"location","values":[[40.7128,-74]]}"#,
        ),
        (
            Query::not_intersects("location", &point),
            r#"{"method":"notIntersects","attribute":"location","values":[[40.7128,-74]]}"#,
        ),
        (Query::crosses("location", &point), r#"{"method":"crosses","attribute":"location","values":[[40.7128,-74]]}"#),
        (
            Query::not_crosses("location", &point),
            r#"{"method":"notCrosses","attribute":"location","values":[[40.7128,-74]]}"#,
        ),
        (
            Query::overlaps("location", &point),
            r#"{"method":"overlaps","attribute":"location","values":[[40.7128,-74]]}"#,
        ),
        (
            Query::not_overlaps("location", &point),
            r#"{"method":"notOverlaps","attribute":"location","values":[[40.7128,-74]]}"#,
        ),
        (Query::touches("location", &point), r#"{"method":"touches","attribute":"location","values":[[40.7128,-74]]}"#),
        (
            Query::not_touches("location", &point),
            r#"{"method":"notTouches","attribute":"location","values":[[40.7128,-74]]}"#,
        ),
        (
            Query::contains("location", &line),
            r#"{"method":"contains","attribute":"location","values":[[40.7128,-74],[40.7128,-74]]}"#,
        ),
        (
            Query::not_contains("location", &line),
            r#"{"method":"notContains","attribute":"location","values":[[40.7128,-74],[40.7128,-74]]}"#,
        ),
        (
            Query::equal("location", &line),
            r#"{"method":"equal","attribute":"location","values":[[40.7128,-74],[40.7128,-74]]}"#,
        ),
        (
            Query::not_equal("location", &line),
            r#"{"method":"notEqual","attribute":"location","values":[[40.7128,-74],[40.7128,-74]]}"#,
        ),
        // The official Rust test nests query strings; `Query` values nest the same.
        (
            Query::or([Query::equal("released", true).to_string(), Query::less_than("releasedYear", 1990).to_string()]),
            r#"{"method":"or","values":[{"method":"equal","attribute":"released","values":[true]},{"method":"lessThan","attribute":"releasedYear","values":[1990]}]}"#,
        ),
        (
            Query::and([Query::equal("released", false), Query::greater_than("releasedYear", 2015)]),
            r#"{"method":"and","values":[{"method":"equal","attribute":"released","values":[false]},{"method":"greaterThan","attribute":"releasedYear","values":[2015]}]}"#,
        ),
        (Query::regex("name", "pattern.*"), r#"{"method":"regex","attribute":"name","values":["pattern.*"]}"#),
        (Query::exists(["attr1", "attr2"]), r#"{"method":"exists","values":["attr1","attr2"]}"#),
        (Query::not_exists(["attr1", "attr2"]), r#"{"method":"notExists","values":["attr1","attr2"]}"#),
        (
            Query::elem_match(
                "friends",
                [Query::equal("name", "Alice").to_string(), Query::greater_than("age", 18).to_string()],
            ),
            r#"{"method":"elemMatch","attribute":"friends","values":[{"method":"equal","attribute":"name","values":["Alice"]},{"method":"greaterThan","attribute":"age","values":[18]}]}"#,
        ),
    ]
}

#[test]
fn every_query_helper_prints_what_the_official_sdks_print() {
    for (query, expected) in official_query_expectations() {
        let printed = query.to_string();
        // The e2e suite compares decoded JSON; the exact text is checked too,
        // since Appwrite's SDKs all print `method`, `attribute`, `values` in
        // that order.
        let decoded: Value = serde_json::from_str(&printed).expect("query prints JSON");
        let wanted: Value = serde_json::from_str(expected).expect("expectation is JSON");
        assert_eq!(decoded, wanted, "{printed}");
        assert_eq!(printed, expected);
    }
}

/// The query methods utopia-php/database 3.5.0 (`Query::isMethod`, the
/// parser of Appwrite 1.8.1) accepts; anything else is `Invalid query method`.
const METHODS_OF_APPWRITE_1_8: &[&str] = &[
    "equal",
    "notEqual",
    "lessThan",
    "lessThanEqual",
    "greaterThan",
    "greaterThanEqual",
    "contains",
    "notContains",
    "search",
    "notSearch",
    "isNull",
    "isNotNull",
    "between",
    "notBetween",
    "startsWith",
    "notStartsWith",
    "endsWith",
    "notEndsWith",
    "crosses",
    "notCrosses",
    "distanceEqual",
    "distanceNotEqual",
    "distanceGreaterThan",
    "distanceLessThan",
    "intersects",
    "notIntersects",
    "overlaps",
    "notOverlaps",
    "touches",
    "notTouches",
    "vectorDot",
    "vectorCosine",
    "vectorEuclidean",
    "select",
    "orderDesc",
    "orderAsc",
    "orderRandom",
    "limit",
    "offset",
    "cursorAfter",
    "cursorBefore",
    "and",
    "or",
];

/// Helpers that only newer servers parse (utopia-php/database 5.3.17, in
/// Appwrite 1.9.0, adds them); the crate documents each as such.
const NEWER_THAN_1_8: &[&str] = &["containsAny", "containsAll", "regex", "exists", "notExists", "elemMatch"];

#[test]
fn a_1_8_server_parses_every_other_helper_and_time_shortcuts_above_all() {
    for (query, _) in official_query_expectations() {
        let value: Value = serde_json::from_str(&query.to_string()).expect("JSON");
        let method = value["method"].as_str().expect("method");
        assert!(
            METHODS_OF_APPWRITE_1_8.contains(&method) || NEWER_THAN_1_8.contains(&method),
            "{method} is parsed by no Appwrite server"
        );
    }
    // The time shortcuts are not server methods: Query.php's own
    // `createdBefore` builds `lessThan` on `$createdAt`.
    for query in [
        Query::created_before("2024-01-01"),
        Query::created_after("2024-01-01"),
        Query::created_between("2024-01-01", "2024-02-01"),
        Query::updated_before("2024-01-01"),
        Query::updated_after("2024-01-01"),
        Query::updated_between("2024-01-01", "2024-02-01"),
    ] {
        let value: Value = serde_json::from_str(&query.to_string()).expect("JSON");
        let method = value["method"].as_str().expect("method");
        assert!(METHODS_OF_APPWRITE_1_8.contains(&method), "{query}");
    }
}

/// `PERMISSION_HELPER_RESPONSES` of `tests/Base.php` @ 7e7e257b, with the
/// calls of `test_permission_helpers` in the official Rust test.
#[test]
fn permission_and_role_helpers_print_what_the_official_sdks_print() {
    let cases = [
        (Permission::read(Role::any()), r#"read("any")"#),
        (Permission::write(Role::user(ID::custom("userid"), None)), r#"write("user:userid")"#),
        (Permission::create(Role::users(None)), r#"create("users")"#),
        (Permission::update(Role::guests()), r#"update("guests")"#),
        (Permission::delete(Role::team("teamId", Some("owner"))), r#"delete("team:teamId/owner")"#),
        (Permission::delete(Role::team("teamId", None)), r#"delete("team:teamId")"#),
        (Permission::create(Role::member("memberId")), r#"create("member:memberId")"#),
        (Permission::update(Role::users(Some("verified"))), r#"update("users/verified")"#),
        (
            Permission::update(Role::user(ID::custom("userid"), Some("unverified"))),
            r#"update("user:userid/unverified")"#,
        ),
        (Permission::create(Role::label("admin")), r#"create("label:admin")"#),
    ];
    for (permission, expected) in cases {
        assert_eq!(permission.to_string(), expected);
    }
}

/// `ID_HELPER_RESPONSES`: the e2e suite wants `ID.unique()` to print 20
/// characters other than `unique()`, and `ID.custom` to pass its argument
/// through. Appwrite's `id` templates build it as 8 hex digits of Unix
/// seconds, 5 of the sub-second part and 7 random hex digits.
#[test]
fn unique_ids_are_made_on_the_client() {
    let before = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    let id = ID::unique();
    let after = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    assert_eq!(id.len(), 20, "{id}");
    assert_ne!(id, "unique()");
    assert!(id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{id}");
    let seconds = u64::from_str_radix(&id[..8], 16).expect("hex seconds");
    assert!((before..=after).contains(&seconds), "{id}: {seconds} not in {before}..={after}");
    assert!(u32::from_str_radix(&id[8..13], 16).expect("hex micros") < 1_000_000, "{id}");

    let many: std::collections::BTreeSet<String> = (0..10_000).map(|_| ID::unique()).collect();
    assert_eq!(many.len(), 10_000, "IDs repeat");
    assert_eq!(ID::unique_with_padding(0).len(), 13);
    assert_eq!(ID::unique_with_padding(15).len(), 28);
    assert_eq!(ID::custom("custom_id"), "custom_id");
    assert_eq!(ID::server_generated(), "unique()");
}

async fn server() -> MockServer {
    MockServer::start().await
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn builder(server: &MockServer) -> appwrite_client::ClientBuilder {
    Client::builder().endpoint(format!("{}/v1", server.uri())).project("p")
}

/// Query strings reach the server as the helpers print them: one
/// `queries[]` per query, the time shortcuts already spelled as `lessThan`
/// / `between` on `$createdAt`.
#[tokio::test]
async fn list_queries_go_on_the_wire_as_appwrite_parses_them() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0, "users": []})))
        .mount(&server)
        .await;
    let client = builder(&server).key("k").build().expect("client");
    client
        .users()
        .list()
        .queries([Query::created_before("2024-01-01"), Query::updated_between("2024-01-01", "2024-02-01")])
        .await
        .expect("list");
    let sent = requests(&server).await;
    let queries: Vec<Value> = sent[0]
        .url
        .query_pairs()
        .filter(|(name, _)| name == "queries[]")
        .map(|(_, value)| serde_json::from_str(&value).expect("JSON query"))
        .collect();
    assert_eq!(
        queries,
        [
            json!({"method": "lessThan", "attribute": "$createdAt", "values": ["2024-01-01"]}),
            json!({"method": "between", "attribute": "$updatedAt", "values": ["2024-01-01", "2024-02-01"]}),
        ]
    );
}

/// A create given `ID::unique()` sends the ID made on the client, so the
/// caller knows it before the response.
#[tokio::test]
async fn a_create_carries_the_client_made_id() {
    let server = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"$id": "x"})))
        .mount(&server)
        .await;
    let client = builder(&server).key("k").build().expect("client");
    let id = ID::unique();
    let _ = client.users().create(id.clone()).send().await;
    let sent = requests(&server).await;
    let body: Value = serde_json::from_slice(&sent[0].body).expect("JSON body");
    assert_eq!(body["userId"], json!(id));
}

/// GraphQL: the SDK generator marks `x-appwrite.type: graphql` operations
/// with `x-sdk-graphql: true` (Swagger2.php), and with that header the
/// server runs `$params['query']` (graphql.php): the request object is the
/// body's `query` field. Errors come back with `200 OK`.
#[tokio::test]
async fn graphql_sends_the_request_object_and_surfaces_errors() {
    let server = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"usersList": {"total": 3}},
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errors": [{"message": "Cannot query field \"nope\"", "locations": [{"line": 1, "column": 3}]}],
        })))
        .mount(&server)
        .await;
    let client = builder(&server).key("k").build().expect("client");
    let document = "query Users($search: String) { usersList(search: $search) { total } }";
    let response = client
        .graphql()
        .query(GraphqlRequest::new(document).variables(json!({"search": "ada"})).operation_name("Users"))
        .await
        .expect("graphql");
    #[derive(serde::Deserialize)]
    struct Data {
        #[serde(rename = "usersList")]
        users_list: Total,
    }
    #[derive(serde::Deserialize)]
    struct Total {
        total: u64,
    }
    let data: Data = response.data_as().expect("data");
    assert_eq!(data.users_list.total, 3);

    let failed = client.graphql().mutation("mutation { nope }").await.expect("200 OK");
    assert_eq!(failed.errors.len(), 1);
    match failed.into_data() {
        Err(Error::Graphql(errors)) => assert!(errors[0].message.contains("nope")),
        other => panic!("expected GraphQL errors, got {other:?}"),
    }

    let sent = requests(&server).await;
    assert_eq!(sent[0].url.path(), "/v1/graphql");
    assert_eq!(sent[1].url.path(), "/v1/graphql/mutation");
    for request in &sent {
        assert_eq!(header(request, "x-sdk-graphql"), Some("true"));
        assert!(header(request, "content-type").is_some_and(|v| v.starts_with("application/json")));
    }
    let first: Value = serde_json::from_slice(&sent[0].body).expect("JSON body");
    assert_eq!(first, json!({"query": {"query": document, "variables": {"search": "ada"}, "operationName": "Users"}}));
    let second: Value = serde_json::from_slice(&sent[1].body).expect("JSON body");
    assert_eq!(second, json!({"query": {"query": "mutation { nope }"}}));
}

/// Appwrite acts on one credential: a key with a user's JWT or session is
/// refused by 1.8.1 (`api.php`: `USER_API_KEY_AND_SESSION_SET`) and wins
/// on 1.9.0, and a JWT with a session is refused by 1.9.0
/// (`resources.php`: `USER_JWT_AND_COOKIE_SET`). So a client acting as a
/// user sends that user's credential alone.
#[tokio::test]
async fn a_user_client_sends_only_the_users_credential() {
    let server = server().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let admin = builder(&server).key("secret-key").build().expect("admin");
    let as_jwt = admin.with_jwt("user-jwt").expect("jwt client");
    let as_session = as_jwt.with_session("user-session").expect("session client");
    let back_to_key = as_session.with_key("other-key").expect("key client");
    let guest = admin.without_credentials().expect("guest client");
    for client in [&admin, &as_jwt, &as_session, &back_to_key, &guest] {
        let _ = client.account().get().send_raw().await;
    }
    let sent = requests(&server).await;
    let credentials: Vec<[Option<&str>; 3]> = sent
        .iter()
        .map(|r| [header(r, "x-appwrite-key"), header(r, "x-appwrite-jwt"), header(r, "x-appwrite-session")])
        .collect();
    assert_eq!(
        credentials,
        [
            [Some("secret-key"), None, None],
            [None, Some("user-jwt"), None],
            [None, None, Some("user-session")],
            [Some("other-key"), None, None],
            [None, None, None],
        ]
    );

    for (what, built) in [
        ("key and jwt", builder(&server).key("k").jwt("j").build()),
        ("key and session", builder(&server).key("k").session("s").build()),
        ("jwt and session", builder(&server).jwt("j").session("s").build()),
    ] {
        match built {
            Err(Error::InvalidInput(message)) => assert!(message.contains("one credential"), "{what}: {message}"),
            other => panic!("{what}: expected a refusal, got {other:?}"),
        }
    }
}

/// OAuth2 methods are named as Appwrite's docs spell the word, and build
/// the URL Appwrite's browser flow starts at.
#[tokio::test]
async fn oauth2_methods_read_as_one_word() {
    let client = Client::builder().endpoint("https://appwrite.example/v1").project("p").build().expect("client");
    let url = client
        .account()
        .create_oauth2_session(appwrite_client::enums::OauthProvider::Github)
        .success("https://app.example/ok")
        .await
        .expect("url");
    assert!(url.starts_with("https://appwrite.example/v1/account/sessions/oauth2/github?"), "{url}");
    assert!(url.contains("project=p"), "{url}");
}
