//! The fixed part of `tests/operations.rs`: the case types, the wiremock
//! runner with its request checks, and the Prism contract runner. Copied
//! verbatim into the crate; `operations.rs` (generated) declares the
//! per-operation cases and the constants this file reads from its parent:
//! `sdk` (the crate under test), `SDK_HEADERS`,
//! `BINARY_REPLY`, `CONTRACT_URL_VAR` and `SERVICES`.

// Which helpers a crate's cases use depends on its spec.
#![allow(dead_code)]

use std::future::Future;
use std::future::IntoFuture;
use std::pin::Pin;

use serde_json::Value;

use super::sdk::{self, Client, Error};
use super::{BINARY_REPLY, CONTRACT_URL_VAR, SDK_HEADERS, SERVICES};

/// The cases of one service, made with the clients they run on.
pub type CasesFn = fn(&Clients) -> Vec<Case>;

pub type Run = Pin<Box<dyn Future<Output = Result<Outcome, Error>> + Send>>;

/// What a call returned, reduced to what the checks compare.
#[derive(Debug)]
pub enum Outcome {
    /// A decoded model or JSON value, encoded again.
    Value(Value),
    Bytes(Vec<u8>),
    Url(String),
}

#[derive(Debug)]
pub enum Body {
    None,
    Json(&'static str),
    /// Text parts, then the file part (field, file name, content type, contents).
    Multipart(&'static [(&'static str, &'static str)], (&'static str, &'static str, &'static str, &'static str)),
}

#[derive(Debug)]
pub enum Reply {
    Json(&'static str),
    Empty,
    Bytes,
    /// Nothing is sent; the call returns this URL after the endpoint.
    Redirect(&'static str),
}

/// One call of an operation and what it must put on the wire.
pub struct Case {
    pub label: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub query: &'static str,
    /// Which of [`Clients`] makes the call.
    pub credential: Credential,
    pub headers: &'static [(&'static str, &'static str)],
    pub body: Body,
    pub reply: Reply,
    pub run: Run,
}

/// The credential a call is made with: Appwrite acts on one per request,
/// so methods that take an API key use it and the others a user's session.
#[derive(Clone, Copy, Debug)]
pub enum Credential {
    Key,
    Session,
}

/// A client for each [`Credential`], sharing one endpoint and project.
pub struct Clients {
    pub key: Client,
    pub user: Client,
}

impl Clients {
    fn new(builder: impl Fn() -> sdk::ClientBuilder, key: &str, session: &str) -> Clients {
        let build = |b: sdk::ClientBuilder| b.build().unwrap_or_else(|e| panic!("client: {e}"));
        Clients { key: build(builder().key(key)), user: build(builder().session(session)) }
    }
}

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("sample JSON {text}: {e}"))
}

pub fn json_map(text: &str) -> serde_json::Map<String, Value> {
    match json(text) {
        Value::Object(map) => map,
        other => panic!("sample is not an object: {other}"),
    }
}

#[allow(dead_code)]
pub fn model<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("sample model {text}: {e}"))
}

pub fn decoded<T: serde::Serialize>(result: Result<T, Error>) -> Result<Outcome, Error> {
    result.map(|value| Outcome::Value(serde_json::to_value(&value).unwrap_or_else(|e| panic!("re-encoding: {e}"))))
}

#[allow(dead_code)]
pub fn bytes(result: Result<bytes::Bytes, Error>) -> Result<Outcome, Error> {
    result.map(|b| Outcome::Bytes(b.to_vec()))
}

#[allow(dead_code)]
pub fn url(result: Result<String, Error>) -> Result<Outcome, Error> {
    result.map(Outcome::Url)
}

pub fn run<B, T>(builder: B, finish: fn(Result<T, Error>) -> Result<Outcome, Error>) -> Run
where
    B: IntoFuture<Output = Result<T, Error>>,
    B::IntoFuture: Send + 'static,
    T: 'static,
{
    let future = builder.into_future();
    Box::pin(async move { finish(future.await) })
}

/// Drops `null` members, which optional fields leave out when encoded again.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

pub mod mock {
    use super::*;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    pub async fn run_service(cases: CasesFn) {
        let server = MockServer::start().await;
        let endpoint = format!("{}/v1", server.uri());
        let clients =
            Clients::new(|| Client::builder().endpoint(&endpoint).project("test-project"), "test-key", "test-session");
        let mut failures = Vec::new();
        for case in cases(&clients) {
            server.reset().await;
            let template = match case.reply {
                Reply::Json(text) => ResponseTemplate::new(200).set_body_raw(text, "application/json"),
                Reply::Empty => ResponseTemplate::new(204),
                Reply::Bytes | Reply::Redirect(_) => ResponseTemplate::new(200).set_body_raw(BINARY_REPLY, "image/png"),
            };
            Mock::given(any()).respond_with(template).mount(&server).await;
            let label = case.label;
            let outcome = case.run.await;
            let received = server.received_requests().await.unwrap_or_default();
            let credential = match case.credential {
                Credential::Key => ("x-appwrite-key", "test-key"),
                Credential::Session => ("x-appwrite-session", "test-session"),
            };
            let expect = Expect {
                method: case.method,
                path: case.path,
                query: case.query,
                credential,
                headers: case.headers,
                body: &case.body,
                reply: &case.reply,
            };
            if let Err(problem) = check(&expect, &endpoint, outcome, &received) {
                failures.push(format!("{label}: {problem}"));
            }
        }
        assert!(failures.is_empty(), "{} call(s) wrong on the wire:\n{}", failures.len(), failures.join("\n"));
    }

    struct Expect<'a> {
        method: &'a str,
        path: &'a str,
        query: &'a str,
        credential: (&'a str, &'a str),
        headers: &'a [(&'a str, &'a str)],
        body: &'a Body,
        reply: &'a Reply,
    }

    fn check(
        expect: &Expect<'_>,
        endpoint: &str,
        outcome: Result<Outcome, Error>,
        received: &[wiremock::Request],
    ) -> Result<(), String> {
        let outcome = outcome.map_err(|e| format!("call failed: {e}"))?;
        if let Reply::Redirect(rest) = expect.reply {
            if !received.is_empty() {
                return Err(format!("a redirect method sent {} request(s)", received.len()));
            }
            let wanted = format!("{endpoint}{rest}");
            return match outcome {
                Outcome::Url(url) if url == wanted => Ok(()),
                other => Err(format!("URL: expected {wanted}, got {other:?}")),
            };
        }
        let [request] = received else {
            return Err(format!("expected exactly one request, got {}", received.len()));
        };
        if request.method.as_str() != expect.method {
            return Err(format!("method: expected {}, sent {}", expect.method, request.method));
        }
        let path = format!("/v1{}", expect.path);
        if request.url.path() != path {
            return Err(format!("path: expected {path}, sent {}", request.url.path()));
        }
        let query = request.url.query().unwrap_or_default();
        if query != expect.query {
            return Err(format!("query: expected {:?}, sent {query:?}", expect.query));
        }
        for (name, value) in SDK_HEADERS.iter().chain([&expect.credential]).chain(expect.headers) {
            let sent = request.headers.get(*name).and_then(|v| v.to_str().ok());
            if sent != Some(*value) {
                return Err(format!("header {name}: expected {value:?}, sent {sent:?}"));
            }
        }
        check_body(expect.body, request)?;
        match (expect.reply, outcome) {
            (Reply::Json(text), Outcome::Value(value)) => {
                let sample = without_nulls(json(text));
                let value = without_nulls(value);
                if value != sample {
                    return Err(format!(
                        "response decoded and encoded again differs:\n  served {sample}\n  got    {value}"
                    ));
                }
            }
            (Reply::Empty, Outcome::Value(Value::Null)) => {}
            (Reply::Bytes, Outcome::Bytes(bytes)) if bytes == BINARY_REPLY.as_bytes() => {}
            (reply, outcome) => return Err(format!("response: served {reply:?}, got {outcome:?}")),
        }
        Ok(())
    }

    fn check_body(body: &Body, request: &wiremock::Request) -> Result<(), String> {
        let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        match body {
            Body::None => {
                if !request.body.is_empty() {
                    return Err(format!("expected no body, sent {:?}", String::from_utf8_lossy(&request.body)));
                }
            }
            Body::Json(text) => {
                if content_type != "application/json" {
                    return Err(format!("content-type: expected application/json, sent {content_type:?}"));
                }
                let sent: Value =
                    serde_json::from_slice(&request.body).map_err(|e| format!("body is not JSON: {e}"))?;
                if sent != json(text) {
                    return Err(format!("body: expected {text}, sent {sent}"));
                }
            }
            Body::Multipart(fields, file) => {
                let boundary = content_type
                    .strip_prefix("multipart/form-data; boundary=")
                    .ok_or_else(|| format!("content-type: expected multipart/form-data, sent {content_type:?}"))?;
                let mut parts = multipart_parts(&request.body, boundary)?;
                let file_part =
                    parts.iter().position(|p| p.1.is_some()).map(|i| parts.remove(i)).ok_or("no file part")?;
                let sent_file = (
                    file_part.0.as_str(),
                    file_part.1.as_deref().unwrap_or_default(),
                    file_part.2.as_deref().unwrap_or_default(),
                    file_part.3.as_str(),
                );
                if sent_file != *file {
                    return Err(format!("file part: expected {file:?}, sent {sent_file:?}"));
                }
                let mut sent: Vec<(String, String)> = parts.into_iter().map(|p| (p.0, p.3)).collect();
                let mut wanted: Vec<(String, String)> =
                    fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
                sent.sort();
                wanted.sort();
                if sent != wanted {
                    return Err(format!("multipart fields: expected {wanted:?}, sent {sent:?}"));
                }
            }
        }
        Ok(())
    }

    /// `(name, filename, content type, contents)` of each part.
    type Part = (String, Option<String>, Option<String>, String);

    fn multipart_parts(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
        let text = String::from_utf8_lossy(body);
        let delimiter = format!("--{boundary}");
        let mut parts = Vec::new();
        for chunk in text.split(delimiter.as_str()).skip(1) {
            if chunk.starts_with("--") {
                break;
            }
            let chunk = chunk.strip_prefix("\r\n").unwrap_or(chunk);
            let (head, contents) = chunk.split_once("\r\n\r\n").ok_or("part without headers")?;
            let contents = contents.strip_suffix("\r\n").unwrap_or(contents).to_owned();
            let mut name = None;
            let mut filename = None;
            let mut content_type = None;
            for line in head.split("\r\n") {
                let lower = line.to_ascii_lowercase();
                if lower.starts_with("content-disposition:") {
                    name = attribute(line, "name");
                    filename = attribute(line, "filename");
                } else if lower.starts_with("content-type:") {
                    content_type = Some(line["content-type:".len()..].trim().to_owned());
                }
            }
            parts.push((name.ok_or("part without name")?, filename, content_type, contents));
        }
        Ok(parts)
    }

    fn attribute(line: &str, key: &str) -> Option<String> {
        let start = line.find(&format!("; {key}=\""))? + key.len() + 4;
        let end = line[start..].find('"')? + start;
        Some(line[start..end].to_owned())
    }
}

pub mod contract {
    use super::*;

    /// Prism's base URL, or `None` (with a message) when the contract
    /// tests are not wired up; on CI a missing URL is a failure, so
    /// the suite cannot silently stop running.
    pub fn base_url() -> Option<String> {
        match std::env::var(CONTRACT_URL_VAR) {
            Ok(url) if !url.is_empty() => Some(url),
            _ if std::env::var_os("CI").is_some() => {
                panic!("{CONTRACT_URL_VAR} is not set but CI is: run the contract tests with `cargo xtask contract`")
            }
            _ => {
                eprintln!("skipped: {CONTRACT_URL_VAR} is not set (run `cargo xtask contract` to check every method against Prism)");
                None
            }
        }
    }

    pub fn client(base: &str, project: bool) -> Clients {
        let builder = || {
            // Prism sometimes never answers malformed input; a hang must fail.
            let builder = Client::builder().endpoint(base).timeout(std::time::Duration::from_secs(30));
            if project {
                builder.project("contract-project")
            } else {
                builder
            }
        };
        Clients::new(builder, "contract-key", "contract-session")
    }

    /// A redirect method sends nothing; its URL is requested here the
    /// way a browser would, so Prism still validates path and query.
    async fn follow(url: &str) -> Result<u16, String> {
        // The SDK's settings, its TLS provider included, and no redirects.
        let http = sdk::ClientBuilder::reqwest_builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?;
        let response = http
            .get(url)
            .header("x-appwrite-project", "contract-project")
            // What the browser's session cookie carries.
            .header("x-appwrite-session", "contract-session")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        if status >= 400 {
            let body = response.text().await.unwrap_or_default();
            return Err(format!("status {status}: {}", body.chars().take(600).collect::<String>()));
        }
        Ok(status)
    }

    pub fn describe(error: &Error) -> String {
        let text = match error {
            Error::Api { status, body, .. } => format!("status {status}: {body}"),
            other => other.to_string(),
        };
        text.chars().take(800).collect()
    }

    /// The call must fail with one of `statuses`, and the error must
    /// carry the status and Prism's explanation (naming `mentions`).
    pub async fn expect_rejected(label: &str, result: Result<Outcome, Error>, statuses: &[u16], mentions: &str) {
        match result {
            Err(Error::Api { status, body, .. }) => {
                assert!(statuses.contains(&status), "{label}: expected status {statuses:?}, got {status}: {body}");
                assert!(
                    !body.is_empty() && body.contains(mentions),
                    "{label}: error body should explain the problem (mentioning {mentions:?}): {body:?}"
                );
            }
            other => panic!("{label}: expected Prism to reject the request, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn contract_every_method() {
        let Some(base) = base_url() else { return };
        let mode = std::env::var("APPWRITE_CONTRACT_MODE").unwrap_or_else(|_| "static".into());
        let client = client(&base, true);
        let mut methods = std::collections::BTreeSet::new();
        let (mut requests, mut validated, mut decoded) = (0usize, 0usize, 0usize);
        let mut failures: Vec<(&str, String)> = Vec::new();
        for (service, cases) in SERVICES {
            for case in cases(&client) {
                let method = case.label.split(" (").next().unwrap_or(case.label);
                methods.insert(method);
                requests += 1;
                match case.run.await {
                    Ok(Outcome::Url(url)) => match follow(&url).await {
                        Ok(_) => validated += 1,
                        Err(problem) => failures.push((method, format!("{service} {}: {problem}", case.label))),
                    },
                    Ok(Outcome::Value(_)) => {
                        validated += 1;
                        decoded += 1;
                    }
                    Ok(Outcome::Bytes(_)) => validated += 1,
                    Err(error) => failures.push((
                        method,
                        format!("{} [{} {}]: {}", case.label, case.method, case.path, describe(&error)),
                    )),
                }
            }
        }
        // Findings already reported and tracked: named by `cargo
        // xtask contract`, they are shown but do not fail the run;
        // one that stops failing must be taken off the list.
        let known_list = std::env::var("APPWRITE_CONTRACT_KNOWN_FAILURES").unwrap_or_default();
        let known: std::collections::BTreeSet<&str> =
            known_list.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        let (tracked, new): (Vec<_>, Vec<_>) = failures.iter().partition(|(method, _)| known.contains(method));
        for (_, text) in &tracked {
            println!("known failure: {text}");
        }
        let stale: Vec<&&str> = known.iter().filter(|m| !failures.iter().any(|(f, _)| f == *m)).collect();
        println!(
            "contract ({mode}): {} methods called, {requests} requests, {validated} validated by Prism, {decoded} responses decoded, {} known failures, {} new failures",
            methods.len(),
            tracked.len(),
            new.len()
        );
        let new: Vec<&str> = new.iter().map(|(_, text)| text.as_str()).collect();
        assert!(new.is_empty(), "{} of {requests} calls failed against Prism ({mode}):\n{}", new.len(), new.join("\n"));
        assert!(
            stale.is_empty(),
            "listed as known failures but passing now, remove them from xtask/src/contract.rs: {stale:?}"
        );
    }
}
