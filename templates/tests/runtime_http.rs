//! Request building, response decoding, errors, retries and timeouts,
//! checked against a local mock server.
//!
//! Long because: one short test per behaviour of the request path, sharing
//! the mock server set-up of `support`.
//! requires-services: users storage

mod support;

use std::time::{Duration, Instant};

use appwrite_client::{Client, Error, Query, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use support::{answer_first_then, client_for, header, mock_builder, requests, user_json, JWT, KEY, SESSION};

async fn server() -> MockServer {
    MockServer::start().await
}

fn retrying_client(server: &MockServer, retries: u32) -> Client {
    mock_builder(server)
        .retry(RetryPolicy::new(retries).base_delay(Duration::from_millis(10)).max_delay(Duration::from_secs(5)))
        .build()
        .expect("valid client")
}

#[tokio::test]
async fn sends_sdk_and_auth_headers() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("u1")))
        .mount(&server)
        .await;
    let client = mock_builder(&server)
        .key(KEY)
        .locale("fr")
        .forwarded_user_agent("Mozilla/5.0")
        .header("x-custom", "yes")
        .build()
        .expect("valid client");
    let user = client.users().get("u1").await.expect("user");
    assert_eq!(user.id, "u1");

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(header(r, "x-appwrite-project"), Some("proj"));
    assert_eq!(header(r, "x-appwrite-key"), Some(KEY));
    assert_eq!(header(r, "x-appwrite-jwt"), None);
    assert_eq!(header(r, "x-appwrite-session"), None);
    assert_eq!(header(r, "x-appwrite-locale"), Some("fr"));
    assert_eq!(header(r, "x-forwarded-user-agent"), Some("Mozilla/5.0"));
    assert_eq!(header(r, "x-custom"), Some("yes"));
    assert_eq!(header(r, "x-sdk-language"), Some("rust"));
    assert_eq!(header(r, "x-sdk-version"), Some(env!("CARGO_PKG_VERSION")));
    assert!(matches!(header(r, "x-sdk-platform"), Some("server" | "client" | "console")));
    assert!(header(r, "x-appwrite-response-format").is_some_and(|v| v.starts_with("1.")));
    let sdk_name = header(r, "x-sdk-name").expect("x-sdk-name");
    assert_eq!(header(r, "user-agent"), Some(format!("{sdk_name}/{} (rust)", env!("CARGO_PKG_VERSION")).as_str()));
}

#[tokio::test]
async fn optional_headers_are_omitted_and_derived_clients_are_independent() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("u1")))
        .mount(&server)
        .await;
    let base = mock_builder(&server).build().expect("valid client");
    let as_user = base.with_jwt(JWT).expect("jwt");
    let other_clone = base.clone();
    base.users().get("a").await.expect("ok");
    as_user.users().get("b").await.expect("ok");
    other_clone.users().get("c").await.expect("ok");

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert!(header(r, "x-appwrite-key").is_none());
        assert!(header(r, "x-appwrite-session").is_none());
        assert!(header(r, "x-appwrite-locale").is_none());
    }
    assert_eq!(header(&reqs[0], "x-appwrite-jwt"), None);
    assert_eq!(header(&reqs[1], "x-appwrite-jwt"), Some(JWT));
    assert_eq!(header(&reqs[2], "x-appwrite-jwt"), None);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("x")))
        .mount(&server)
        .await;
    let client = client_for(&server);
    client.users().get("grant/special&id").await.expect("ok");
    client.users().get("sp ace?#").await.expect("ok");
    let reqs = requests(&server).await;
    assert_eq!(reqs[0].url.path(), "/v1/users/grant%2Fspecial%26id");
    assert_eq!(reqs[1].url.path(), "/v1/users/sp%20ace%3F%23");
    assert_eq!(reqs[0].url.query(), None);
}

#[tokio::test]
async fn array_query_parameters_use_bracket_syntax() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 1, "users": [user_json("u1")]})))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let q1 = Query::equal("name", "a&b=c").to_string();
    let q2 = Query::limit(25).to_string();
    let list = client.users().list().queries(vec![q1.clone(), q2.clone()]).search("x y+z").await.expect("list");
    assert_eq!(list.total, 1);
    assert_eq!(list.users[0].id, "u1");

    let reqs = requests(&server).await;
    let url = &reqs[0].url;
    let raw = url.query().expect("query string");
    assert!(raw.starts_with("queries[]="), "raw query: {raw}");
    assert_eq!(raw.matches("queries[]=").count(), 2, "raw query: {raw}");
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(
        pairs,
        vec![("queries[]".to_owned(), q1), ("queries[]".to_owned(), q2), ("search".to_owned(), "x y+z".to_owned()),]
    );
}

#[tokio::test]
async fn json_body_contains_only_set_fields() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/v1/users"))
        .respond_with(ResponseTemplate::new(201).set_body_json(user_json("new")))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let user = client.users().create("new").email("a@b.c").name("n").await.expect("created");
    assert_eq!(user.id, "new");

    let reqs = requests(&server).await;
    let r = &reqs[0];
    assert_eq!(header(r, "content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&r.body).expect("json body");
    assert_eq!(body, json!({"userId": "new", "email": "a@b.c", "name": "n"}));
}

#[tokio::test]
async fn delete_returns_unit_and_raw_response_has_details() {
    let server = server().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/users/u1"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-test", "1"))
        .mount(&server)
        .await;
    let client = client_for(&server);
    client.users().delete("u1").await.expect("deleted");
    let raw = client.users().delete("u1").send_raw().await.expect("deleted");
    assert_eq!(raw.status, 204);
    assert_eq!(raw.headers.get("x-test").map(|v| v.as_bytes()), Some(&b"1"[..]));
    assert!(raw.body.is_empty());
    assert!(raw.elapsed > Duration::ZERO);
}

#[tokio::test]
async fn api_errors_carry_status_code_type_and_message() {
    let server = server().await;
    let body = json!({
        "message": "User with the requested ID could not be found.",
        "code": 404,
        "type": "user_not_found",
        "version": "1.8.0"
    });
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404).set_body_json(&body)).mount(&server).await;
    let client = client_for(&server);
    let err = client.users().get("missing").await.expect_err("404");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(404));
    assert_eq!(err.kind(), Some("user_not_found"));
    assert!(!err.is_retryable());
    match &err {
        Error::Api { status, kind, message, body: raw, .. } => {
            assert_eq!(*status, 404);
            assert_eq!(kind, "user_not_found");
            assert_eq!(message, "User with the requested ID could not be found.");
            assert!(raw.contains("\"version\""));
        }
        other => panic!("expected Api error, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "Appwrite API error 404 (user_not_found): User with the requested ID could not be found."
    );
    let as_std: &dyn std::error::Error = &err;
    assert!(as_std.source().is_none());
}

#[tokio::test]
async fn decode_errors_name_the_type_and_location() {
    let server = server().await;
    let mut bad = user_json("u1");
    bad["status"] = json!("not-a-bool");
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&bad)).mount(&server).await;
    let client = client_for(&server);
    let err = client.users().get("u1").await.expect_err("decode error");
    match &err {
        Error::Decode { what, detail, body_start } => {
            assert!(what.ends_with("User"), "what = {what}");
            assert!(detail.contains("line 1 column"), "detail = {detail}");
            assert!(detail.contains("invalid type"), "detail = {detail}");
            assert!(body_start.starts_with('{'));
            assert!(body_start.chars().count() <= 203);
        }
        other => panic!("expected Decode error, got {other:?}"),
    }
    let line = err.to_string();
    assert!(line.contains("User") && line.contains("column"), "{line}");
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let server = server().await;
    let mut user = user_json("u1");
    user["someFutureField"] = json!({"nested": [1, 2, 3]});
    user["targets"][0]["anotherNewField"] = json!(true);
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&user)).mount(&server).await;
    let client = client_for(&server);
    let decoded = client.users().get("u1").await.expect("decoded");
    assert_eq!(decoded.id, "u1");
    assert_eq!(decoded.name, "John Doe");
    assert_eq!(decoded.email, "john@appwrite.io");
}

#[tokio::test]
async fn retries_idempotent_requests_on_5xx() {
    let server = server().await;
    answer_first_then(
        &server,
        "GET",
        ResponseTemplate::new(503).set_body_string("busy"),
        2,
        ResponseTemplate::new(200).set_body_json(user_json("u1")),
    )
    .await;
    let client = retrying_client(&server, 3);
    let user = client.users().get("u1").await.expect("succeeds on 3rd attempt");
    assert_eq!(user.id, "u1");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "message": "Server Error", "code": 500, "type": "general_unknown", "version": "1.8.0"
        })))
        .mount(&server)
        .await;
    let client = retrying_client(&server, 2);
    let err = client.users().get("u1").await.expect_err("keeps failing");
    assert_eq!(err.status(), Some(500));
    assert!(err.is_retryable());
    assert_eq!(requests(&server).await.len(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn no_retry_without_policy_or_for_post() {
    let server = server().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let plain = client_for(&server);
    plain.users().get("u1").await.expect_err("503");
    assert_eq!(requests(&server).await.len(), 1);

    server.reset().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let retrying = retrying_client(&server, 3);
    let err = retrying.users().create("u1").email("a@b.c").await.expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 1, "POST is never retried");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = server().await;
    let rate_limited = ResponseTemplate::new(429).insert_header("retry-after", "1").set_body_json(json!({
        "message": "Rate limit for the current endpoint has been exceeded.",
        "code": 429, "type": "general_rate_limit_exceeded", "version": "1.8.0"
    }));
    answer_first_then(&server, "GET", rate_limited, 1, ResponseTemplate::new(200).set_body_json(user_json("u1"))).await;
    let client = retrying_client(&server, 2);
    let started = Instant::now();
    client.users().get("u1").await.expect("second attempt succeeds");
    assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_longer_than_max_delay_fails_fast() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let client = retrying_client(&server, 2);
    let started = Instant::now();
    let err = client.users().get("u1").await.expect_err("429");
    assert_eq!(err.status(), Some(429));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn connection_errors_are_transport_errors_and_retried() {
    // Bind then drop a listener to get a local port with nothing behind it.
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port");
    let client = Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}/v1"))
        .project("proj")
        .retry(RetryPolicy::new(1).base_delay(Duration::from_millis(1)))
        .build()
        .expect("valid client");
    let err = client.users().get("u1").await.expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert!(err.to_string().starts_with("transport error"), "{err}");
}

#[tokio::test]
async fn timeouts() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("u1")).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = client.users().get("u1").request_timeout(Duration::from_millis(100)).await.expect_err("timeout");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_retryable());

    let with_default = Client::builder()
        .endpoint(format!("{}/v1", server.uri()))
        .timeout(Duration::from_millis(100))
        .build()
        .expect("valid client");
    let err = with_default.users().get("u1").await.expect_err("timeout");
    assert!(matches!(err, Error::Timeout), "{err:?}");

    // A per-request timeout can also be longer than the default.
    with_default.users().get("u1").request_timeout(Duration::from_secs(5)).await.expect("within timeout");
}

#[tokio::test]
async fn secrets_are_redacted_from_debug_output() {
    let server = server().await;
    let client = client_for(&server);
    let as_jwt = client.with_jwt(JWT).expect("jwt client");
    let as_session = client.with_session(SESSION).expect("session client");
    for shown in [
        format!("{client:?} {:?}", client.users().get("u1")),
        format!("{as_jwt:?} {:?}", as_jwt.users().get("u1")),
        format!("{as_session:?} {:?}", as_session.users().get("u1")),
    ] {
        assert!(shown.contains("proj"));
        for secret in [KEY, JWT, SESSION] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
    }
    let builder = Client::builder().key(KEY).jwt(JWT);
    assert!(!format!("{builder:?}").contains(KEY));

    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "message": "unauthorized", "code": 401, "type": "user_unauthorized", "version": "1.8.0"
        })))
        .mount(&server)
        .await;
    let err = client.users().get("u1").await.expect_err("401");
    let shown = format!("{err:?} {err}");
    for secret in [KEY, JWT, SESSION] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
}

#[tokio::test]
async fn invalid_settings_are_errors_not_panics() {
    for endpoint in ["not a url", "ftp://example.com/v1", "", "https://x/v1?q=1"] {
        let err = Client::builder().endpoint(endpoint).build().expect_err(endpoint);
        assert!(matches!(err, Error::InvalidInput(_)), "{endpoint}: {err:?}");
    }
    let err = Client::builder().key("line\nbreak").build().expect_err("bad header");
    assert!(matches!(err, Error::InvalidInput(_)));
    assert!(!err.to_string().contains("line\nbreak"), "secret value not echoed");

    let client = Client::new("https://cloud.appwrite.io/v1", "proj").expect("valid");
    assert!(client.with_session("bad\r\nvalue").is_err());
    assert_eq!(client.endpoint(), "https://cloud.appwrite.io/v1");

    // The default endpoint is Appwrite Cloud.
    let default = Client::builder().build().expect("valid");
    assert!(default.endpoint().starts_with("https://"));
}

#[tokio::test]
async fn binary_downloads_url_and_stream() {
    let server = server().await;
    let png: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    Mock::given(method("GET"))
        .and(path("/v1/storage/buckets/b1/files/f1/preview"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(png.clone()).insert_header("content-type", "image/png"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/storage/buckets/b1/files/f1/download"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(png.clone()))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let url = client.storage().get_file_preview("b1", "f1").width(100).url().expect("url");
    assert_eq!(url, format!("{}/v1/storage/buckets/b1/files/f1/preview?project=proj&width=100", server.uri()));
    assert!(!url.contains(KEY));

    let bytes = client.storage().get_file_preview("b1", "f1").width(100).await.expect("bytes");
    assert_eq!(bytes.as_ref(), png.as_slice());
    let reqs = requests(&server).await;
    assert_eq!(reqs[0].url.query(), Some("width=100"));
    assert_eq!(header(&reqs[0], "x-appwrite-project"), Some("proj"));

    let mut stream = client.storage().get_file_download("b1", "f1").stream().await.expect("stream");
    assert_eq!(stream.status(), 200);
    let mut streamed = Vec::new();
    while let Some(chunk) = stream.next().await {
        streamed.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(streamed, png);
}

#[tokio::test]
async fn binary_errors_are_reported_before_streaming() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "File not found", "code": 404, "type": "storage_file_not_found", "version": "1.8.0"
        })))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = client.storage().get_file_download("b1", "nope").stream().await.expect_err("404");
    assert_eq!(err.kind(), Some("storage_file_not_found"));
    let err = client.storage().get_file_preview("b1", "nope").await.expect_err("404");
    assert_eq!(err.status(), Some(404));
}

#[test]
fn client_and_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Client>();
    send_sync::<Error>();
    let client = Client::new("https://cloud.appwrite.io/v1", "p").expect("valid");
    let fut = std::future::IntoFuture::into_future(client.users().get("x"));
    send(&fut);
}
