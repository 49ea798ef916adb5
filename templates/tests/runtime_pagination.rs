//! List calls as streams (limit + cursorAfter, page after page), and
//! documents read as the caller's own types.
//! requires-services: users databases

use appwrite_client::models::Document;
use appwrite_client::{Client, Query};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn user(id: &str) -> Value {
    json!({
        "$id": id, "$createdAt": "", "$updatedAt": "", "name": id, "registration": "", "status": true,
        "labels": [], "passwordUpdate": "", "email": "", "phone": "", "emailVerification": false,
        "phoneVerification": false, "mfa": false, "prefs": {}, "targets": [], "accessedAt": ""
    })
}

fn client_for(server: &MockServer) -> Client {
    Client::builder().endpoint(format!("{}/v1", server.uri())).project("p").key("k").build().unwrap()
}

/// The `queries[]` values of a request, parsed.
fn queries(request: &Request) -> Vec<Value> {
    request
        .url
        .query_pairs()
        .filter(|(k, _)| k == "queries[]")
        .map(|(_, v)| serde_json::from_str(&v).unwrap())
        .collect()
}

/// Serves `total` users in pages, honoring the limit and cursor it is sent.
struct UserPages {
    total: usize,
}

impl Respond for UserPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let queries = queries(request);
        let limit =
            queries.iter().find(|q| q["method"] == "limit").map(|q| q["values"][0].as_u64().unwrap() as usize).unwrap();
        let start = queries
            .iter()
            .find(|q| q["method"] == "cursorAfter")
            .map(|q| q["values"][0].as_str().unwrap().trim_start_matches('u').parse::<usize>().unwrap() + 1)
            .unwrap_or(0);
        let users: Vec<Value> = (start..self.total.min(start + limit)).map(|i| user(&format!("u{i}"))).collect();
        ResponseTemplate::new(200).set_body_json(json!({"total": self.total, "users": users}))
    }
}

#[tokio::test]
async fn a_list_streams_every_item_page_by_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/users")).respond_with(UserPages { total: 5 }).mount(&server).await;
    let client = client_for(&server);

    let users = client
        .users()
        .list()
        .queries([Query::limit(2), Query::equal("status", true)])
        .into_stream()
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["u0", "u1", "u2", "u3", "u4"]);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "5 items in pages of 2");
    for (i, request) in requests.iter().enumerate() {
        let sent = queries(request);
        assert!(
            sent.contains(&json!({"method": "equal", "attribute": "status", "values": [true]})),
            "filters apply to every page"
        );
        assert_eq!(sent.iter().filter(|q| q["method"] == "limit").count(), 1, "one limit per request");
        let cursor = sent.iter().find(|q| q["method"] == "cursorAfter").map(|q| q["values"][0].clone());
        let expected = if i == 0 { None } else { Some(json!(format!("u{}", i * 2 - 1))) };
        assert_eq!(cursor, expected);
    }
}

#[tokio::test]
async fn an_empty_list_ends_at_once_and_errors_are_yielded() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/users")).respond_with(UserPages { total: 0 }).mount(&server).await;
    let users = client_for(&server).users().list().into_stream().collect_all().await.unwrap();
    assert!(users.is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let failing = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"message": "no", "code": 401, "type": "user_unauthorized"})),
        )
        .mount(&failing)
        .await;
    let mut stream = client_for(&failing).users().list().into_stream();
    let first = stream.next().await.expect("an item").expect_err("the error is yielded");
    assert_eq!(first.status(), Some(401));
    assert!(stream.next().await.is_none(), "the stream ends after an error");
}

/// A log entry: every field is required text, `event` tells them apart.
fn log(event: usize) -> Value {
    let mut log = serde_json::Map::new();
    for key in [
        "userId",
        "userEmail",
        "userName",
        "mode",
        "ip",
        "time",
        "osCode",
        "osName",
        "osVersion",
        "clientType",
        "clientCode",
        "clientName",
        "clientVersion",
        "clientEngine",
        "clientEngineVersion",
        "deviceName",
        "deviceBrand",
        "deviceModel",
        "countryCode",
        "countryName",
    ] {
        log.insert(key.into(), json!(""));
    }
    log.insert("event".into(), json!(format!("e{event}")));
    Value::Object(log)
}

/// Serves `total` logs by `limit` and `offset`: log items carry no ID to
/// page after.
struct LogPages {
    total: usize,
}

impl Respond for LogPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let queries = queries(request);
        let value = |name: &str| {
            queries.iter().find(|q| q["method"] == name).and_then(|q| q["values"][0].as_u64()).map(|n| n as usize)
        };
        assert!(queries.iter().all(|q| q["method"] != "cursorAfter"), "logs have no cursor: {queries:?}");
        let (limit, start) = (value("limit").unwrap(), value("offset").unwrap_or(0));
        let logs: Vec<Value> = (start..self.total.min(start + limit)).map(log).collect();
        ResponseTemplate::new(200).set_body_json(json!({"total": self.total, "logs": logs}))
    }
}

#[tokio::test]
async fn a_list_of_items_without_ids_streams_by_offset() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/users/u1/logs")).respond_with(LogPages { total: 5 }).mount(&server).await;
    let client = client_for(&server);

    let logs = client.users().list_logs("u1").queries([Query::limit(2)]).into_stream().collect_all().await.unwrap();
    let events: Vec<&str> = logs.iter().map(|log| log.event.as_str()).collect();
    assert_eq!(events, ["e0", "e1", "e2", "e3", "e4"]);
    let offsets: Vec<Vec<Value>> = server.received_requests().await.unwrap().iter().map(queries).collect();
    assert_eq!(
        offsets,
        [
            vec![json!({"method": "limit", "values": [2]})],
            vec![json!({"method": "limit", "values": [2]}), json!({"method": "offset", "values": [2]})],
            vec![json!({"method": "limit", "values": [2]}), json!({"method": "offset", "values": [4]})],
        ]
    );

    // The caller's own offset is where the stream starts.
    let rest = client.users().list_logs("u1").queries([Query::offset(3)]).into_stream().collect_all().await.unwrap();
    assert_eq!(rest.iter().map(|log| log.event.as_str()).collect::<Vec<_>>(), ["e3", "e4"]);
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Book {
    title: String,
    pages: u32,
}

#[test]
fn a_document_reads_as_the_callers_type() {
    let doc: Document = serde_json::from_value(json!({
        "$id": "d1", "$sequence": 1, "$collectionId": "c", "$databaseId": "db", "$createdAt": "", "$updatedAt": "",
        "$permissions": ["read(\"any\")"], "title": "Dune", "pages": 412
    }))
    .unwrap();
    assert_eq!(doc.id, "d1");
    assert_eq!(doc.data_as::<Book>().unwrap(), Book { title: "Dune".into(), pages: 412 });
    let wrong = doc.data_as::<Vec<u8>>().unwrap_err();
    assert!(wrong.to_string().contains("Vec<u8>"), "{wrong}");
    assert!(wrong.to_string().contains("Dune"), "the attributes are quoted: {wrong}");
    // What a `&Value` of the same object reads as, the attributes read as too.
    assert_eq!(doc.data_as::<Option<Book>>().unwrap(), Some(Book { title: "Dune".into(), pages: 412 }));
    assert_eq!(doc.data_as::<Shelf>().unwrap(), Shelf(Book { title: "Dune".into(), pages: 412 }));
    assert_eq!(doc.data_as::<Value>().unwrap(), json!({"title": "Dune", "pages": 412}));
    let loose: std::collections::BTreeMap<String, Value> = doc.data_as().unwrap();
    assert_eq!(loose.len(), 2);
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Shelf(Book);

#[test]
fn a_document_fetched_with_select_decodes_without_system_fields() {
    let doc: Document = serde_json::from_value(json!({"title": "Dune", "pages": 412})).unwrap();
    assert_eq!(doc.id, "");
    assert!(doc.permissions.is_empty());
    assert_eq!(doc.data_as::<Book>().unwrap().pages, 412);
}
