//! Fault injection: a local server that misbehaves the ways real networks,
//! proxies and overloaded servers do. Each case checks the typed error or
//! the successful retry, how many attempts reached the server, that nothing
//! hangs (every case runs under a time limit), and that no credential shows
//! in an error's `Debug`/`Display` or reaches another origin.
//!
//! Long because: one short test per fault the issue lists, each reading
//! best next to the others it varies.
//! requires-services: users storage

mod support;

use std::future::Future;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use appwrite_client::{Client, Error, InputFile, RetryPolicy, MAX_ERROR_BODY};
use support::{
    appwrite_error, assert_no_secret, file_json, head, http_date, json_reply, response, user_json, FaultServer, Step,
    JWT, KEY, SESSION,
};

const CHUNK: usize = 5 * 1024 * 1024;

/// Every case must end well within this, retries and waits included.
async fn bounded<T>(case: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), case).await.expect("the case hung")
}

fn builder(server: &FaultServer) -> appwrite_client::ClientBuilder {
    Client::builder().endpoint(server.endpoint()).project("proj").key(KEY)
}

fn plain(server: &FaultServer) -> Client {
    builder(server).build().expect("client")
}

fn retrying(server: &FaultServer, retries: u32) -> Client {
    builder(server)
        .retry(RetryPolicy::new(retries).base_delay(Duration::from_millis(10)).max_delay(Duration::from_secs(5)))
        .build()
        .expect("client")
}

/// The error's `Debug` and `Display`, checked for credentials.
fn shown(error: &Error) -> String {
    let text = format!("{error:?}\n{error}");
    assert_no_secret(&text);
    text
}

fn user_ok() -> Vec<Step> {
    json_reply(200, &user_json("u1"))
}

#[tokio::test]
async fn html_error_pages_are_api_errors_and_retried() {
    bounded(async {
        let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        let server = FaultServer::start(move |_, _| {
            vec![Step::Write(response(502, &[("content-type", "text/html")], page.as_bytes()))]
        })
        .await;
        let err = retrying(&server, 2).users().get("u1").await.expect_err("502");
        assert!(shown(&err).contains("502"));
        match &err {
            Error::Api { status: 502, kind, message, body, body_truncated: false, headers, .. } => {
                assert!(kind.is_empty());
                assert!(message.starts_with("<html>"), "{message}");
                assert_eq!(body, page);
                assert_eq!(headers.get("content-type").map(|v| v.as_bytes()), Some(&b"text/html"[..]));
            }
            other => panic!("expected an Api error, got {other:?}"),
        }
        assert!(err.is_retryable());
        assert_eq!(server.attempts(), 3, "1 attempt + 2 retries");
    })
    .await;
}

#[tokio::test]
async fn huge_error_pages_are_capped_in_memory_and_in_debug() {
    bounded(async {
        let page = vec![b'x'; 8 * 1024 * 1024];
        let server =
            FaultServer::start(move |_, _| vec![Step::Write(response(503, &[("content-type", "text/html")], &page))])
                .await;
        let err = plain(&server).users().get("u1").await.expect_err("503");
        match &err {
            Error::Api { body, body_truncated, .. } => {
                assert_eq!(body.len(), MAX_ERROR_BODY);
                assert!(body_truncated);
            }
            other => panic!("expected an Api error, got {other:?}"),
        }
        let text = shown(&err);
        assert!(text.len() < 8 * 1024, "Debug + Display: {} bytes", text.len());
        assert!(text.contains("body_truncated: true"), "{text}");
        assert_eq!(server.attempts(), 1);
    })
    .await;
}

#[tokio::test]
async fn empty_bodies() {
    bounded(async {
        let server = FaultServer::start(|_, index| {
            let status = if index == 0 { 200 } else { 500 };
            vec![Step::Write(response(status, &[], b""))]
        })
        .await;
        let client = retrying(&server, 2);
        // A success without a body: nothing to decode, and sending the same
        // request again would not change that.
        let err = client.users().get("u1").await.expect_err("empty 200");
        assert!(matches!(err, Error::Decode { .. }), "{}", shown(&err));
        assert!(!err.is_retryable());
        assert_eq!(server.attempts(), 1);
        // An error without a body still says what happened.
        let err = client.users().get("u1").await.expect_err("empty 500");
        assert!(matches!(&err, Error::Api { status: 500, message, .. } if message == "HTTP 500"));
        assert_eq!(err.to_string(), "Appwrite API error 500: HTTP 500");
        assert_eq!(server.attempts(), 4, "then 1 attempt + 2 retries");
    })
    .await;
}

/// A body cut off by the peer, with the status and headers already read:
/// the transport failed, so an idempotent request is retried.
#[tokio::test]
async fn truncated_bodies_are_retryable_transport_errors() {
    for reset in [false, true] {
        bounded(async {
            let body = user_json("u1").to_string();
            let server = FaultServer::start(move |_, index| {
                // The plain client's attempt and the retrying client's first.
                if index > 1 {
                    return user_ok();
                }
                let mut steps = vec![
                    Step::Write(head(200, &[("content-type", "application/json")], Some(body.len()))),
                    Step::Write(body.as_bytes()[..body.len() / 2].to_vec()),
                ];
                if reset {
                    steps.push(Step::Reset);
                }
                steps
            })
            .await;
            let err = plain(&server).users().get("u1").await.expect_err("cut off");
            assert!(matches!(err, Error::Transport(_)), "{}", shown(&err));
            assert!(err.is_retryable(), "{err:?}");
            assert!(!err.was_not_processed());
            assert_eq!(server.attempts(), 1);

            let user = retrying(&server, 2).users().get("u1").await.expect("retried");
            assert_eq!(user.id, "u1");
            assert_eq!(server.attempts(), 3, "second attempt of the retrying client succeeded");
        })
        .await;
    }
}

#[tokio::test]
async fn invalid_utf8_bodies() {
    bounded(async {
        let server = FaultServer::start(|_, index| {
            let body = b"{\"$id\":\"\xff\xfe\"}".to_vec();
            let status = if index == 0 { 200 } else { 400 };
            vec![Step::Write(response(status, &[("content-type", "application/json")], &body))]
        })
        .await;
        let client = retrying(&server, 2);
        let err = client.users().get("u1").await.expect_err("not UTF-8");
        match &err {
            Error::Decode { detail, .. } => assert!(detail.contains("utf-8"), "{detail}"),
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(!err.is_retryable());
        shown(&err);
        let err = client.users().get("u1").await.expect_err("400");
        match &err {
            Error::Api { status: 400, body, .. } => assert!(body.contains('\u{fffd}'), "{body}"),
            other => panic!("expected an Api error, got {other:?}"),
        }
        shown(&err);
        assert_eq!(server.attempts(), 2, "neither is retried");
    })
    .await;
}

#[tokio::test]
async fn slow_headers_hit_the_read_timeout() {
    bounded(async {
        let server = FaultServer::start(|_, index| {
            let pause = if index == 0 { 3 } else { 0 };
            let mut steps = vec![Step::Sleep(Duration::from_secs(pause))];
            steps.extend(user_ok());
            steps
        })
        .await;
        let quick = builder(&server).read_timeout(Duration::from_millis(300)).build().expect("client");
        let started = Instant::now();
        let err = quick.users().get("u1").await.expect_err("stalled");
        assert!(matches!(err, Error::Timeout), "{}", shown(&err));
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        assert!(err.is_retryable());
        // The next attempt gets a prompt answer.
        quick.users().get("u1").await.expect("prompt answer");
        assert_eq!(server.attempts(), 2);
    })
    .await;
}

/// The read timeout is a stall timeout: a body that keeps trickling in
/// arrives whole however long it takes; one that stops is cut.
#[tokio::test]
async fn trickling_bodies_finish_and_stalled_ones_time_out() {
    bounded(async {
        let server = FaultServer::start(|_, index| {
            let body = user_json("u1").to_string().into_bytes();
            let mut steps = vec![Step::Write(head(200, &[("content-type", "application/json")], Some(body.len())))];
            let pieces: Vec<&[u8]> = body.chunks(body.len() / 8 + 1).collect();
            for (i, piece) in pieces.iter().enumerate() {
                let pause = if index == 1 && i == 4 { 1500 } else { 150 };
                steps.push(Step::Sleep(Duration::from_millis(pause)));
                steps.push(Step::Write(piece.to_vec()));
            }
            steps
        })
        .await;
        let client = builder(&server).read_timeout(Duration::from_millis(600)).build().expect("client");
        let started = Instant::now();
        let user = client.users().get("u1").await.expect("trickled in");
        assert_eq!(user.id, "u1");
        assert!(started.elapsed() > Duration::from_millis(1000), "longer than the read timeout in total");
        let err = client.users().get("u1").await.expect_err("stalled mid-body");
        assert!(matches!(err, Error::Timeout), "{}", shown(&err));
        assert_eq!(server.attempts(), 2);
    })
    .await;
}

#[tokio::test]
async fn resets_before_the_response() {
    bounded(async {
        let server =
            FaultServer::start(
                |request, index| {
                    if index == 0 || request.method == "POST" {
                        vec![Step::Reset]
                    } else {
                        user_ok()
                    }
                },
            )
            .await;
        let client = retrying(&server, 3);
        let user = client.users().get("u1").await.expect("retried after the reset");
        assert_eq!(user.id, "u1");
        assert_eq!(server.attempts(), 2);

        // The server read the POST before resetting: it may have created the
        // user, so the create is not repeated.
        let err =
            client.users().create("new-user").email("a@b.c").password("hunter2-password").await.expect_err("reset");
        assert!(matches!(err, Error::Transport(_)), "{}", shown(&err));
        assert!(err.is_retryable() && !err.was_not_processed());
        assert!(!shown(&err).contains("hunter2-password"));
        assert_eq!(server.attempts(), 3, "a POST is sent once");
    })
    .await;
}

#[tokio::test]
async fn resets_during_the_response() {
    bounded(async {
        let server = FaultServer::start(|_, index| {
            if index == 0 {
                vec![
                    Step::Write(head(200, &[("content-type", "application/json")], Some(5000))),
                    Step::Write(b"{\"$id\":\"u1\",".to_vec()),
                    Step::Sleep(Duration::from_millis(50)),
                    Step::Reset,
                ]
            } else {
                user_ok()
            }
        })
        .await;
        let user = retrying(&server, 2).users().get("u1").await.expect("retried");
        assert_eq!(user.id, "u1");
        assert_eq!(server.attempts(), 2);
    })
    .await;
}

/// Nothing listens at first: the connection fails before anything is
/// sent, so even a create is retried, and succeeds once the server is up.
#[tokio::test]
async fn refused_connections_are_retried_for_any_method() {
    bounded(async {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let client = Client::builder()
            .endpoint(format!("http://127.0.0.1:{port}/v1"))
            .project("proj")
            .key(KEY)
            .retry(RetryPolicy::new(8).base_delay(Duration::from_millis(100)).max_delay(Duration::from_millis(400)))
            .build()
            .expect("client");
        let late = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("rebind the port");
            FaultServer::on(listener, |_, _| json_reply(201, &user_json("new-user")))
        });
        let user = client.users().create("new-user").email("a@b.c").await.expect("created once the server is up");
        assert_eq!(user.id, "new-user");
        let server = late.await.expect("server task");
        assert_eq!(server.attempts(), 1, "created exactly once");

        // Without a retry policy the refusal is reported as such.
        drop(server);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let once = Client::builder().endpoint(format!("http://127.0.0.1:{port}/v1")).key(KEY).build().expect("client");
        let err = once.users().create("x").email("a@b.c").await.expect_err("refused");
        assert!(err.was_not_processed() && err.is_retryable(), "{}", shown(&err));
    })
    .await;
}

#[tokio::test]
async fn rate_limits_with_retry_after_in_seconds_retry_any_method() {
    bounded(async {
        let server = FaultServer::start(|_, index| {
            if index == 0 {
                let body = appwrite_error(429, "general_rate_limit_exceeded").to_string();
                vec![Step::Write(response(
                    429,
                    &[
                        ("retry-after", "1"),
                        ("x-ratelimit-limit", "10"),
                        ("x-ratelimit-remaining", "0"),
                        ("content-type", "application/json"),
                    ],
                    body.as_bytes(),
                ))]
            } else {
                json_reply(201, &user_json("new-user"))
            }
        })
        .await;
        // Without a policy the error tells when to come back.
        let err = plain(&server).users().create("new-user").email("a@b.c").await.expect_err("429");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(1)), "{}", shown(&err));
        let limit = err.rate_limit().expect("rate-limit headers");
        assert_eq!((limit.limit, limit.remaining), (Some(10), Some(0)));
        assert!(err.was_not_processed());

        // With one, a 429 is repeated after the wait, even for a POST: the
        // server refused it without acting on it.
        let server = FaultServer::start(|_, index| {
            if index == 0 {
                vec![Step::Write(response(429, &[("retry-after", "1")], b""))]
            } else {
                json_reply(201, &user_json("new-user"))
            }
        })
        .await;
        let started = Instant::now();
        let user = retrying(&server, 2).users().create("new-user").email("a@b.c").await.expect("created after waiting");
        assert_eq!(user.id, "new-user");
        assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
        assert_eq!(server.attempts(), 2);
    })
    .await;
}

#[tokio::test]
async fn rate_limits_with_retry_after_as_an_http_date() {
    bounded(async {
        let server = FaultServer::start(|_, index| {
            if index == 0 {
                let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
                let date = http_date(now + 2);
                vec![Step::Write(response(429, &[("retry-after", date.as_str())], b""))]
            } else {
                user_ok()
            }
        })
        .await;
        let started = Instant::now();
        retrying(&server, 2).users().get("u1").await.expect("after the date");
        // The date has one-second resolution: the wait is one to two seconds.
        assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());
        assert_eq!(server.attempts(), 2);
    })
    .await;
}

/// A redirect to another origin must not carry credentials or a body there:
/// the client does not follow redirects at all and reports the `3xx`.
#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    bounded(async {
        let other = FaultServer::start(|_, _| user_ok()).await;
        let target = format!("http://{}/steal", other.addr);
        let server = FaultServer::start(move |request, _| {
            let status = if request.method == "GET" { 302 } else { 307 };
            vec![Step::Write(response(status, &[("location", target.as_str())], b""))]
        })
        .await;
        let base = || {
            Client::builder()
                .endpoint(server.endpoint())
                .project("proj")
                .retry(RetryPolicy::new(2).base_delay(Duration::from_millis(10)))
        };
        let clients = [
            base().key(KEY).build().expect("client"),
            base().jwt(JWT).build().expect("client"),
            base().session(SESSION).build().expect("client"),
        ];
        for client in &clients {
            let err = client.users().get("u1").await.expect_err("302");
            assert_eq!(err.status(), Some(302), "{}", shown(&err));
            let location = err.headers().and_then(|h| h.get("location"));
            assert!(location.is_some_and(|l| l.as_bytes().ends_with(b"/steal")));
            assert!(!err.is_retryable());

            let err =
                client.users().create("new-user").email("a@b.c").password("hunter2-password").await.expect_err("307");
            assert_eq!(err.status(), Some(307), "{}", shown(&err));
        }
        assert_eq!(server.attempts(), 6, "each request once, none repeated");
        // The first origin did get the credentials; the other got nothing.
        let sent: String = server.seen().iter().map(|s| s.all_text()).collect();
        for secret in [KEY, JWT, SESSION, "hunter2-password"] {
            assert!(sent.contains(secret), "{secret} was sent to the endpoint");
        }
        assert_eq!(other.attempts(), 0, "nothing reached the other origin");
    })
    .await;
}

#[tokio::test]
async fn redirect_loops_end_at_once() {
    bounded(async {
        let server = FaultServer::start(|request, _| {
            let location = request.path.clone();
            vec![Step::Write(response(301, &[("location", location.as_str())], b""))]
        })
        .await;
        let err = retrying(&server, 3).users().get("u1").await.expect_err("301");
        assert_eq!(err.status(), Some(301), "{}", shown(&err));
        assert_eq!(server.attempts(), 1);
    })
    .await;
}

/// Chunk 2 of 3 fails: the error carries the file ID Appwrite gave with
/// chunk 1, and sending the file again with it resumes at chunk 2.
#[tokio::test]
async fn failed_upload_chunks_report_the_file_id_and_resume() {
    bounded(async {
        let size = 2 * CHUNK + 100;
        let second = format!("bytes {CHUNK}-{}/{size}", 2 * CHUNK - 1);
        let server = FaultServer::start(move |request, index| {
            let range = request.header("content-range");
            match (request.method.as_str(), index) {
                // Chunk 2 on the first run: the connection drops.
                ("POST", 1) => {
                    assert_eq!(range, Some(second.as_str()));
                    vec![Step::Reset]
                }
                ("GET", _) => json_reply(200, &file_json("fid", 3, 1)),
                _ => json_reply(201, &file_json("fid", 3, 1)),
            }
        })
        .await;
        let client = plain(&server);
        let data = vec![7u8; size];
        let err = client
            .storage()
            .create_file("b1", "unique()", InputFile::from_bytes(data.clone(), "d.bin"))
            .await
            .expect_err("chunk 2 failed");
        let text = shown(&err);
        assert_eq!(err.upload_file_id(), Some("fid"), "{text}");
        assert!(matches!(err, Error::Upload { chunks_done: 1, chunks_total: 3, .. }), "{text}");
        assert!(matches!(err.cause(), Error::Transport(_)), "{text}");
        assert!(err.is_retryable());
        assert_eq!(server.attempts(), 2);

        // Resume with the ID from the error: Appwrite says 1 chunk is
        // stored, so chunks 2 and 3 follow.
        let file_id = err.upload_file_id().unwrap_or_default().to_owned();
        let file =
            client.storage().create_file("b1", file_id, InputFile::from_bytes(data, "d.bin")).await.expect("resumed");
        assert_eq!(file.id, "fid");
        let seen = server.seen();
        let resumed: Vec<(&str, Option<&str>)> =
            seen[2..].iter().map(|s| (s.method.as_str(), s.header("content-range"))).collect();
        let third = format!("bytes {}-{}/{size}", 2 * CHUNK, size - 1);
        let second = format!("bytes {CHUNK}-{}/{size}", 2 * CHUNK - 1);
        assert_eq!(resumed, vec![("GET", None), ("POST", Some(second.as_str())), ("POST", Some(third.as_str()))]);
    })
    .await;
}

/// Once the file ID is known, a chunk is idempotent (it overwrites its
/// range): a policy retries a chunk whose answer was a 5xx or was cut off.
#[tokio::test]
async fn failed_upload_chunks_are_retried_once_the_id_is_known() {
    bounded(async {
        let size = 2 * CHUNK + 100;
        let server = FaultServer::start(move |_, index| match index {
            1 => json_reply(500, &appwrite_error(500, "general_unknown")),
            3 => {
                let body = file_json("fid", 3, 3).to_string();
                vec![Step::Write(head(201, &[], Some(body.len()))), Step::Write(body.as_bytes()[..10].to_vec())]
            }
            _ => json_reply(201, &file_json("fid", 3, 3)),
        })
        .await;
        let file = retrying(&server, 2)
            .storage()
            .create_file("b1", "unique()", InputFile::from_bytes(vec![1u8; size], "d.bin"))
            .await
            .expect("uploaded");
        assert_eq!(file.id, "fid");
        let ranges: Vec<String> =
            server.seen().iter().filter_map(|s| s.header("content-range").map(str::to_owned)).collect();
        let expected: Vec<String> = [0, 1, 1, 2, 2]
            .iter()
            .map(|i: &usize| {
                let end = ((i + 1) * CHUNK).min(size) - 1;
                format!("bytes {}-{end}/{size}", i * CHUNK)
            })
            .collect();
        assert_eq!(ranges, expected, "chunks 2 and 3 were each sent twice");
    })
    .await;
}

/// The first chunk of an upload without its own ID creates the file: if
/// its answer is lost, resending would create a second file, so it is not
/// retried; the error has no file ID to offer.
#[tokio::test]
async fn a_lost_first_chunk_is_not_resent() {
    bounded(async {
        let server = FaultServer::start(|_, _| vec![Step::Reset]).await;
        let err = retrying(&server, 3)
            .storage()
            .create_file("b1", "unique()", InputFile::from_bytes(vec![1u8; CHUNK + 1], "d.bin"))
            .await
            .expect_err("reset");
        assert!(matches!(err, Error::Transport(_)), "{}", shown(&err));
        assert_eq!(err.upload_file_id(), None);
        assert_eq!(server.attempts(), 1);
    })
    .await;
}
