// @generated: copied by appwrite-generator from templates/ (the `tests/runtime_upload.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

#![cfg(feature = "storage")]

//! Multipart and chunked uploads against a local mock server.
//! requires-services: storage

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use appwrite_client::{CancelToken, Client, Error, InputFile, Permission, Role, UploadProgress};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use support::file_json;

const MIB: usize = 1024 * 1024;
const CHUNK: usize = 5 * MIB;

/// `len` bytes where chunk `i` is filled with byte `i + 1`, so each request
/// body shows which chunk it carried.
fn chunked_data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i / CHUNK) as u8 + 1).collect()
}

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .endpoint(format!("{}/v1", server.uri()))
        .project("proj")
        .key("secret")
        .build()
        .expect("valid client")
}

fn hdr<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

async fn posts(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default().into_iter().filter(|r| r.method.as_str() == "POST").collect()
}

/// Which chunk (by fill byte) a request body carried, checking the whole
/// chunk is there.
fn carried_chunk(request: &Request, expected_len: usize) -> u8 {
    for fill in 1..=10u8 {
        let count = request.body.iter().filter(|b| **b == fill).count();
        if count >= expected_len {
            return fill;
        }
    }
    panic!("no complete chunk in body of {} bytes", request.body.len());
}

fn collect_progress() -> (Arc<Mutex<Vec<UploadProgress>>>, impl Fn(UploadProgress) + Send + Sync) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    (events, move |p: UploadProgress| {
        if let Ok(mut v) = sink.lock() {
            v.push(p);
        }
    })
}

#[tokio::test]
async fn small_file_is_one_multipart_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/storage/buckets/b1/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("f1", 1, 1)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (events, on_progress) = collect_progress();
    let file = client
        .storage()
        .create_file("b1", "unique()", InputFile::from_bytes(&b"hello world"[..], "hello.txt"))
        .permissions(vec![
            Permission::read(Role::any()).to_string(),
            Permission::update(Role::user("u1", None)).to_string(),
        ])
        .on_progress(on_progress)
        .await
        .expect("uploaded");
    assert_eq!(file.id, "f1");

    let reqs = posts(&server).await;
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert!(hdr(r, "content-range").is_none());
    assert!(hdr(r, "x-appwrite-id").is_none());
    assert!(hdr(r, "content-type").is_some_and(|c| c.starts_with("multipart/form-data; boundary=")));
    let body = String::from_utf8_lossy(&r.body).to_lowercase();
    assert!(body.contains("name=\"fileid\"\r\n\r\nunique()"), "{body}");
    assert!(body.contains("name=\"permissions[]\"\r\n\r\nread(\"any\")"), "{body}");
    assert!(body.contains("name=\"permissions[]\"\r\n\r\nupdate(\"user:u1\")"), "{body}");
    assert!(body.contains("name=\"file\"; filename=\"hello.txt\""), "{body}");
    assert!(body.contains("content-type: text/plain"), "file part has a type: {body}");
    assert!(body.contains("hello world"));

    let events = events.lock().map(|e| e.clone()).unwrap_or_default();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].bytes_sent, 11);
    assert_eq!(events[0].total, 11);
    assert_eq!(events[0].chunks_done, 1);
    assert_eq!(events[0].chunks_total, 1);
    assert_eq!(events[0].file_id.as_deref(), Some("f1"));
}

#[tokio::test]
async fn large_file_is_sent_in_5mib_chunks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/storage/buckets/b1/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("generated-id", 3, 1)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let size = 2 * CHUNK + 123;
    let (events, on_progress) = collect_progress();
    let file = client
        .storage()
        .create_file("b1", "unique()", InputFile::from_bytes(chunked_data(size), "data.bin"))
        .on_progress(on_progress)
        .await
        .expect("uploaded");
    assert_eq!(file.id, "generated-id");

    let reqs = posts(&server).await;
    assert_eq!(reqs.len(), 3);
    let expected_ranges = [
        format!("bytes 0-{}/{size}", CHUNK - 1),
        format!("bytes {CHUNK}-{}/{size}", 2 * CHUNK - 1),
        format!("bytes {}-{}/{size}", 2 * CHUNK, size - 1),
    ];
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(hdr(r, "content-range"), Some(expected_ranges[i].as_str()));
        let expected_len = if i < 2 { CHUNK } else { 123 };
        assert_eq!(carried_chunk(r, expected_len), i as u8 + 1);
        // Memory stays bounded: no request carries more than one chunk.
        assert!(r.body.len() < CHUNK + 4096);
        let body = String::from_utf8_lossy(&r.body).to_lowercase();
        assert!(body.contains("content-type: application/octet-stream"));
    }
    assert_eq!(hdr(&reqs[0], "x-appwrite-id"), None);
    assert_eq!(hdr(&reqs[1], "x-appwrite-id"), Some("generated-id"));
    assert_eq!(hdr(&reqs[2], "x-appwrite-id"), Some("generated-id"));

    let events = events.lock().map(|e| e.clone()).unwrap_or_default();
    let done: Vec<(u64, u64)> = events.iter().map(|e| (e.chunks_done, e.bytes_sent)).collect();
    let (c, s) = (CHUNK as u64, size as u64);
    assert_eq!(done, vec![(1, c), (2, 2 * c), (3, s)]);
    assert!(events.iter().all(|e| e.chunks_total == 3 && e.total == s));
    assert!(events.iter().all(|e| e.file_id.as_deref() == Some("generated-id")));
}

#[tokio::test]
async fn rate_limited_chunk_is_retried_after_retry_after() {
    let server = MockServer::start().await;
    let size = 2 * CHUNK + 10;
    let second = format!("bytes {CHUNK}-{}/{size}", 2 * CHUNK - 1);
    Mock::given(method("POST"))
        .and(header("content-range", second.as_str()))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1").set_body_json(json!({
            "message": "Rate limit exceeded", "code": 429,
            "type": "general_rate_limit_exceeded", "version": "1.8.0"
        })))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("fid", 3, 1)))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let started = Instant::now();
    client
        .storage()
        .create_file("b1", "unique()", InputFile::from_bytes(chunked_data(size), "data.bin"))
        .await
        .expect("uploaded after waiting");
    assert!(started.elapsed() >= Duration::from_millis(950));
    let reqs = posts(&server).await;
    let ranges: Vec<&str> = reqs.iter().filter_map(|r| hdr(r, "content-range")).collect();
    assert_eq!(ranges.len(), 4);
    assert_eq!(ranges[1], second);
    assert_eq!(ranges[2], second, "the refused chunk is sent again");
    assert_eq!(carried_chunk(&reqs[2], CHUNK), 2);
}

#[tokio::test]
async fn upload_with_custom_id_resumes_from_chunks_uploaded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/storage/buckets/b1/files/my-file"))
        .respond_with(ResponseTemplate::new(200).set_body_json(file_json("my-file", 3, 2)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/storage/buckets/b1/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("my-file", 3, 3)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let size = 2 * CHUNK + 77;
    let (events, on_progress) = collect_progress();
    let file = client
        .storage()
        .create_file("b1", "my-file", InputFile::from_bytes(chunked_data(size), "data.bin"))
        .on_progress(on_progress)
        .await
        .expect("resumed");
    assert_eq!(file.chunks_uploaded, 3);

    let reqs = posts(&server).await;
    assert_eq!(reqs.len(), 1, "chunks 1 and 2 are not sent again");
    let r = &reqs[0];
    assert_eq!(hdr(r, "content-range"), Some(format!("bytes {}-{}/{size}", 2 * CHUNK, size - 1).as_str()));
    assert_eq!(hdr(r, "x-appwrite-id"), Some("my-file"));
    assert_eq!(carried_chunk(r, 77), 3);
    let events = events.lock().map(|e| e.clone()).unwrap_or_default();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].chunks_done, 3);
    assert_eq!(events[0].bytes_sent, size as u64);
}

#[tokio::test]
async fn upload_with_custom_id_starts_over_when_nothing_is_stored() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "not found", "code": 404, "type": "storage_file_not_found", "version": "1.8.0"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("my-file", 2, 1)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let size = CHUNK + 1;
    client
        .storage()
        .create_file("b1", "my-file", InputFile::from_bytes(chunked_data(size), "data.bin"))
        .await
        .expect("uploaded");
    let all = server.received_requests().await.unwrap_or_default();
    assert_eq!(all[0].method.as_str(), "GET");
    assert_eq!(all[0].url.path(), "/v1/storage/buckets/b1/files/my-file");
    let reqs = posts(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(carried_chunk(&reqs[0], CHUNK), 1);
    assert_eq!(carried_chunk(&reqs[1], 1), 2);
    assert_eq!(hdr(&reqs[1], "x-appwrite-id"), Some("my-file"));
}

#[tokio::test]
async fn uploads_from_path_and_reader() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("fid", 2, 1)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let size = CHUNK + 1000;
    let data = chunked_data(size);

    let dir = std::env::temp_dir().join(format!("appwrite-upload-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file_path = dir.join("photo.png");
    std::fs::write(&file_path, &data).expect("write temp file");
    client.storage().create_file("b1", "unique()", InputFile::from_path(&file_path)).await.expect("uploaded from path");
    let _ = std::fs::remove_dir_all(&dir);

    let reader = std::io::Cursor::new(data.clone());
    client
        .storage()
        .create_file("b1", "unique()", InputFile::from_reader(reader, "r.bin", size as u64))
        .await
        .expect("uploaded from reader");

    let reqs = posts(&server).await;
    assert_eq!(reqs.len(), 4);
    let from_path = String::from_utf8_lossy(&reqs[0].body).to_lowercase();
    assert!(from_path.contains("filename=\"photo.png\""));
    assert!(from_path.contains("content-type: image/png"));
    for pair in reqs.chunks(2) {
        assert_eq!(carried_chunk(&pair[0], CHUNK), 1);
        assert_eq!(carried_chunk(&pair[1], 1000), 2);
    }

    // A reader shorter than announced is an error, not a truncated file.
    let short = std::io::Cursor::new(vec![1u8; 10]);
    let err = client
        .storage()
        .create_file("b1", "unique()", InputFile::from_reader(short, "s.bin", 20))
        .await
        .expect_err("short reader");
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
}

#[tokio::test]
async fn cancelled_upload_stops_between_chunks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file_json("fid", 3, 1)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let token = CancelToken::new();
    let trigger = token.clone();
    let err = client
        .storage()
        .create_file("b1", "unique()", InputFile::from_bytes(chunked_data(2 * CHUNK + 1), "data.bin"))
        .cancel_with(token)
        .on_progress(move |_| trigger.cancel())
        .await
        .expect_err("cancelled");
    // The first chunk gave the upload its ID: the error carries it, so the
    // caller can resume without having watched the progress.
    assert!(matches!(err.cause(), Error::Cancelled), "{err:?}");
    assert_eq!(err.upload_file_id(), Some("fid"));
    assert!(matches!(err, Error::Upload { chunks_done: 1, chunks_total: 3, .. }));
    assert_eq!(posts(&server).await.len(), 1);
}

#[tokio::test]
async fn cancel_aborts_an_in_flight_chunk() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(file_json("fid", 1, 1)).set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let token = CancelToken::new();
    let trigger = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let err = client
        .storage()
        .create_file("b1", "unique()", InputFile::from_bytes(&b"abc"[..], "a.txt"))
        .cancel_with(token)
        .await
        .expect_err("cancelled");
    assert!(matches!(err, Error::Cancelled), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn chunk_timeout_applies_per_chunk() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(file_json("fid", 1, 1)).set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let err = client
        .storage()
        .create_file("b1", "unique()", InputFile::from_bytes(&b"abc"[..], "a.txt"))
        .request_timeout(Duration::from_millis(100))
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout), "{err:?}");
}
