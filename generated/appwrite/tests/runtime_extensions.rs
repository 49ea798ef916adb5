// @generated: copied by appwrite-generator from templates/ (the `tests/runtime_extensions.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

#![cfg(all(feature = "users", feature = "storage"))]

//! What a user reaches for past the generated methods: `client.request(..)`
//! for an endpoint the crate does not know, per-request headers and retry
//! policies, configuration from the environment, and reading a streamed
//! download without another crate. Checked against a local mock server.
//! requires-services: users storage

mod support;

use std::time::Duration;

use appwrite_client::reqwest::Method;
use appwrite_client::{Client, ClientBuilder, Error, MultipartForm, Query, RetryPolicy};
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use support::{answer_first_then, assert_no_secret, client_for, header, requests, user_json, KEY};

fn quick_retries(retries: u32) -> RetryPolicy {
    RetryPolicy::new(retries).base_delay(Duration::from_millis(5)).max_delay(Duration::from_secs(1))
}

/// An endpoint the spec does not have, answered by the server.
#[derive(serde::Deserialize)]
struct Widget {
    #[serde(rename = "$id")]
    id: String,
    size: u32,
}

#[tokio::test]
async fn a_custom_request_carries_the_client_headers_query_and_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/widgets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"$id": "w1", "size": 3})))
        .mount(&server)
        .await;
    let widget: Widget = client_for(&server)
        .request(Method::POST, "/widgets")
        .query("queries[]", Query::limit(5))
        .query("search", "a b")
        .json(&json!({"size": 3}))
        .header("x-trace", "t-1")
        .send()
        .await
        .expect("decoded widget");
    assert_eq!((widget.id.as_str(), widget.size), ("w1", 3));

    let sent = &requests(&server).await[0];
    assert_eq!(
        sent.url.query(),
        Some("queries[]=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B5%5D%7D&search=a%20b")
    );
    assert_eq!(header(sent, "x-appwrite-key"), Some(KEY));
    assert_eq!(header(sent, "x-appwrite-project"), Some("proj"));
    assert_eq!(header(sent, "x-trace"), Some("t-1"));
    assert_eq!(header(sent, "content-type"), Some("application/json"));
    assert_eq!(serde_json::from_slice::<Value>(&sent.body).ok(), Some(json!({"size": 3})));
}

#[tokio::test]
async fn a_custom_request_decodes_raw_and_empty_bodies_and_reports_errors() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/widgets/w1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/widgets/w1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Widget not found", "code": 404, "type": "widget_not_found"
        })))
        .mount(&server)
        .await;
    let client = client_for(&server);
    client.request(Method::DELETE, "/widgets/w1").send::<()>().await.expect("204 reads as ()");
    let raw = client.request(Method::DELETE, "/widgets/w1").send_raw().await.expect("raw response");
    assert_eq!((raw.status, raw.body.len()), (204, 0));
    match client.request(Method::GET, "/widgets/w1").send::<Value>().await {
        Err(error) => assert_eq!((error.status(), error.kind()), (Some(404), Some("widget_not_found"))),
        Ok(value) => panic!("expected an error, got {value}"),
    }
    // A path that would smuggle a query past the encoding is refused
    // before anything is sent.
    let refused = client.request(Method::GET, "/widgets?x=1").send::<Value>().await;
    assert!(matches!(refused, Err(Error::InvalidInput(_))), "{refused:?}");
    let refused = client.request(Method::GET, "widgets").send::<Value>().await;
    assert!(matches!(refused, Err(Error::InvalidInput(_))), "{refused:?}");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_custom_multipart_request_is_sent_again_whole_on_retry() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(json!({"ok": true}));
    answer_first_then(&server, "PUT", ResponseTemplate::new(503), 1, ok).await;
    let form = MultipartForm::new().text("name", "report").file("file", "a.txt", "text/plain", "hello");
    let reply: Value = client_for(&server)
        .request(Method::PUT, "/reports/r1")
        .multipart(form)
        .retry(quick_retries(2))
        .send()
        .await
        .expect("second attempt succeeds");
    assert_eq!(reply, json!({"ok": true}));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    for request in &sent {
        let body = String::from_utf8_lossy(&request.body);
        assert!(body.contains("name=\"name\"") && body.contains("report"), "{body}");
        assert!(body.contains("filename=\"a.txt\"") && body.contains("hello"), "{body}");
        assert!(header(request, "content-type").is_some_and(|t| t.starts_with("multipart/form-data")));
    }
}

#[tokio::test]
async fn every_builder_takes_extra_headers_and_its_own_retry_policy() {
    let server = MockServer::start().await;
    let user = ResponseTemplate::new(200).set_body_json(user_json("u1"));
    answer_first_then(&server, "GET", ResponseTemplate::new(503), 2, user).await;
    let client = client_for(&server);
    // The client has no retry policy: the first 503 is the answer.
    let failed = client.users().get("u1").await;
    assert_eq!(failed.err().and_then(|e| e.status()), Some(503));
    let user = client
        .users()
        .get("u1")
        .header("x-appwrite-locale", "fr")
        .header("x-request-id", "r-7")
        .retry(quick_retries(3))
        .await
        .expect("succeeds on a retry");
    assert_eq!(user.id, "u1");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    for request in &sent[1..] {
        assert_eq!(header(request, "x-appwrite-locale"), Some("fr"));
        assert_eq!(header(request, "x-request-id"), Some("r-7"));
        assert_eq!(header(request, "x-appwrite-key"), Some(KEY));
    }

    let invalid = client.users().get("u1").header("bad header", "x").await;
    assert!(matches!(invalid, Err(Error::InvalidInput(_))), "{invalid:?}");
    // A per-request policy of no retries overrides the client's.
    let retrying =
        Client::builder().endpoint(format!("{}/v1", server.uri())).retry(quick_retries(3)).build().expect("client");
    server.reset().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let once = retrying.users().get("u1").retry(RetryPolicy::new(0)).await;
    assert_eq!(once.err().and_then(|e| e.status()), Some(503));
    assert_eq!(requests(&server).await.len(), 1);
}

/// A builder is a value like any other: named by its type, kept, and sent
/// from another task (so it and its future are `Send` and `'static`).
#[tokio::test]
async fn a_builder_is_named_kept_and_awaited_on_another_task() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("u1")))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let pending: Vec<appwrite_client::services::users::Get> = vec![client.users().get("u1"), client.users().get("u1")];
    let tasks: Vec<_> = pending.into_iter().map(|request| tokio::spawn(async move { request.await })).collect();
    for task in tasks {
        let user = task.await.expect("the task ran").expect("the user");
        assert_eq!(user.id, "u1");
    }
    let debug = format!("{:?}", client.users().get("u1"));
    assert!(debug.starts_with("Request { operation: users.get"), "{debug}");
    assert_no_secret(&debug);
}

#[tokio::test]
async fn the_environment_configures_a_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("u1")))
        .mount(&server)
        .await;
    let endpoint = format!("{}/v1", server.uri());
    // What an Appwrite Function's process is given.
    let vars = [
        ("APPWRITE_FUNCTION_API_ENDPOINT", endpoint.as_str()),
        ("APPWRITE_FUNCTION_PROJECT_ID", "fn-project"),
        ("APPWRITE_FUNCTION_API_KEY", "dynamic-key"),
    ];
    let lookup = |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned());
    let client = ClientBuilder::from_env_with(lookup).expect("configured").build().expect("client");
    client.users().get("u1").await.expect("user");
    let sent = &requests(&server).await[0];
    assert_eq!(header(sent, "x-appwrite-project"), Some("fn-project"));
    assert_eq!(header(sent, "x-appwrite-key"), Some("dynamic-key"));

    // The process environment, read by `Client::from_env`. No other test
    // of this file reads or writes it.
    std::env::set_var("APPWRITE_ENDPOINT", &endpoint);
    std::env::set_var("APPWRITE_PROJECT_ID", "env-project");
    let from_env = Client::from_env();
    std::env::remove_var("APPWRITE_ENDPOINT");
    std::env::remove_var("APPWRITE_PROJECT_ID");
    let client = from_env.expect("client from the environment");
    assert_eq!((client.endpoint(), client.project_id()), (endpoint.as_str(), Some("env-project")));
}

#[tokio::test]
async fn a_streamed_download_reads_without_another_crate() {
    let server = MockServer::start().await;
    let data: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    Mock::given(method("GET"))
        .and(path("/v1/storage/buckets/b1/files/f1/download"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(data.clone()))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let download = || client.storage().get_file_download("b1", "f1");

    let mut stream = download().stream().await.expect("stream");
    let mut pieces = Vec::new();
    while let Some(piece) = stream.next().await {
        pieces.extend_from_slice(&piece.expect("piece"));
    }
    assert_eq!(pieces, data);

    let whole = download().stream().await.expect("stream").bytes().await.expect("bytes");
    assert_eq!(whole.as_ref(), data.as_slice());

    let mut read = Vec::new();
    let mut reader = download().stream().await.expect("stream").into_async_read();
    reader.read_to_end(&mut read).await.expect("read");
    assert_eq!(read, data);
}
