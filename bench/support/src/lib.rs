//! Shared parts of the two benchmark runners. Each runner is its own binary
//! so each SDK is built with exactly the dependency features it asks for.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};

thread_local! {
    // Per thread, so the in-process server's allocations (on its own
    // thread) never count against the client.
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
    static ALLOC_BYTES: Cell<u64> = const { Cell::new(0) };
}

/// The system allocator, counting allocations made on each thread.
pub struct Counting;

// SAFETY: every call is forwarded unchanged to the system allocator; the
// counters are const-initialized thread locals that never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        System.realloc(ptr, layout, new_size)
    }
}

fn count(bytes: usize) {
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
    let _ = ALLOC_BYTES.try_with(|c| c.set(c.get() + bytes as u64));
}

fn allocs_here() -> (u64, u64) {
    (ALLOCS.with(Cell::get), ALLOC_BYTES.with(Cell::get))
}

/// CPU time (user + system) of the calling thread.
pub fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// A field of /proc/self/status in KiB (`VmRSS`, `VmHWM`).
pub fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("reading /proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}

/// Resets the peak resident set size (`VmHWM`) to the current one, so a
/// peak read later belongs to what ran in between (Linux 4.0+).
pub fn reset_peak_rss() {
    std::fs::write("/proc/self/clear_refs", "5").expect("resetting VmHWM through /proc/self/clear_refs");
}

/// Which SDK a fixture is for: the two SDKs were generated from slightly
/// different specs, and the only field of the fixtures they disagree on is
/// a document's `$sequence` (an integer in ours, a string in the official).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sdk {
    Ours,
    Official,
}

const CHUNK: u64 = 5 * 1024 * 1024;

struct Fixtures {
    users: Bytes,
    documents: Bytes,
}

/// `users().list()` answer: 100 users, each with one target and prefs.
pub fn users_json(count: usize) -> String {
    let users: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"$id":"user{i:05}","$createdAt":"2025-01-01T00:00:00.000+00:00","$updatedAt":"2025-01-02T00:00:00.000+00:00","name":"User Number {i}","password":"$argon2id$v=19$m=2048,t=3,p=3$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo","hash":"argon2","hashOptions":{{"type":"argon2","memoryCost":2048,"timeCost":3,"threads":3}},"registration":"2025-01-01T00:00:00.000+00:00","status":true,"labels":["beta","team{}"],"passwordUpdate":"2025-01-01T00:00:00.000+00:00","email":"user{i}@example.com","phone":"+1555000{i:04}","emailVerification":true,"phoneVerification":false,"mfa":false,"prefs":{{"theme":"dark","lang":"en"}},"targets":[{{"$id":"target{i}","$createdAt":"2025-01-01T00:00:00.000+00:00","$updatedAt":"2025-01-01T00:00:00.000+00:00","name":"email","userId":"user{i:05}","providerType":"email","identifier":"user{i}@example.com","expired":false}}],"accessedAt":"2025-01-03T00:00:00.000+00:00"}}"#,
                i % 7
            )
        })
        .collect();
    format!(r#"{{"total":{count},"users":[{}]}}"#, users.join(","))
}

/// `databases().list_documents()` answer: documents with six attributes of
/// their own beside the system fields.
pub fn documents_json(count: usize, sdk: Sdk) -> String {
    let docs: Vec<String> = (0..count)
        .map(|i| {
            let sequence = match sdk {
                Sdk::Ours => format!("{}", i + 1),
                Sdk::Official => format!("\"{}\"", i + 1),
            };
            format!(
                r#"{{"$id":"doc{i:06}","$sequence":{sequence},"$collectionId":"orders","$databaseId":"shop","$createdAt":"2025-01-01T00:00:00.000+00:00","$updatedAt":"2025-01-02T00:00:00.000+00:00","$permissions":["read(\"any\")","update(\"user:user{i}\")"],"title":"Order {i}","amount":{}.5,"paid":{},"customer":"user{:05}","tags":["a","b"],"address":{{"city":"Berlin","zip":"10115"}}}}"#,
                i * 3,
                i % 2 == 0,
                i % 100
            )
        })
        .collect();
    format!(r#"{{"total":{count},"documents":[{}]}}"#, docs.join(","))
}

fn file_json(chunks_total: u64, chunks_uploaded: u64, size: u64) -> String {
    format!(
        r#"{{"$id":"benchfile","bucketId":"bucket","$createdAt":"2025-01-01T00:00:00.000+00:00","$updatedAt":"2025-01-01T00:00:00.000+00:00","$permissions":[],"name":"upload.bin","signature":"d41d8cd98f00b204e9800998ecf8427e","mimeType":"application/octet-stream","sizeOriginal":{size},"chunksTotal":{chunks_total},"chunksUploaded":{chunks_uploaded},"encryption":false,"compression":"none"}}"#
    )
}

/// Starts the stand-in Appwrite server on its own thread and returns the
/// endpoint (`http://127.0.0.1:PORT/v1`). Lists are answered from bytes
/// built once; uploads are read to the end and discarded.
pub fn start_server(sdk: Sdk) -> String {
    let fixtures: &'static Fixtures = Box::leak(Box::new(Fixtures {
        users: Bytes::from(users_json(100)),
        documents: Bytes::from(documents_json(1000, sdk)),
    }));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1");
    listener.set_nonblocking(true).expect("non-blocking listener");
    let addr: SocketAddr = listener.local_addr().expect("listener address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            loop {
                let (stream, _) = listener.accept().await.expect("accepting a connection");
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| handle(fixtures, request));
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                });
            }
        });
    });
    format!("http://{addr}/v1")
}

async fn handle(
    fixtures: &'static Fixtures,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let path = request.uri().path().to_owned();
    let json = |status: u16, body: Bytes| {
        Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(Full::new(body))
            .expect("static response parts are valid")
    };
    if request.method() == hyper::Method::GET && path == "/v1/users" {
        return Ok(json(200, fixtures.users.clone()));
    }
    if request.method() == hyper::Method::GET && path.ends_with("/documents") {
        return Ok(json(200, fixtures.documents.clone()));
    }
    if request.method() == hyper::Method::POST && path.ends_with("/files") {
        let range = request.headers().get("content-range").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut body = request.into_body();
        let mut received = 0u64;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame?.into_data() {
                received += data.len() as u64;
            }
        }
        // `bytes START-END/TOTAL`; without it the whole file came at once.
        let (end, total) = range
            .as_deref()
            .and_then(|r| r.strip_prefix("bytes "))
            .and_then(|r| {
                let (span, total) = r.split_once('/')?;
                let (_, end) = span.split_once('-')?;
                Some((end.parse::<u64>().ok()?, total.parse::<u64>().ok()?))
            })
            .unwrap_or((received.saturating_sub(1), received));
        let body = file_json(total.div_ceil(CHUNK).max(1), (end + 1).div_ceil(CHUNK).max(1), total);
        return Ok(json(201, Bytes::from(body)));
    }
    Ok(json(
        404,
        Bytes::from_static(
            br#"{"message":"Route not found.","code":404,"type":"general_route_not_found","version":"1.8.0"}"#,
        ),
    ))
}

/// Runs `request` `iterations` times after a warm-up and prints what one
/// request cost the client thread: CPU time, wall time, allocations.
pub async fn measure_requests<F, Fut>(label: &str, iterations: u32, mut request: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    for _ in 0..iterations.div_ceil(10).max(3) {
        request().await;
    }
    let (allocs_before, bytes_before) = allocs_here();
    let cpu_before = thread_cpu();
    let wall_before = Instant::now();
    for _ in 0..iterations {
        request().await;
    }
    let wall = wall_before.elapsed();
    let cpu = thread_cpu() - cpu_before;
    let (allocs_after, bytes_after) = allocs_here();
    let n = f64::from(iterations);
    println!(
        "{label} cpu_us={:.1} wall_us={:.1} allocs={:.0} alloc_kib={:.1}",
        cpu.as_secs_f64() * 1e6 / n,
        wall.as_secs_f64() * 1e6 / n,
        (allocs_after - allocs_before) as f64 / n,
        (bytes_after - bytes_before) as f64 / 1024.0 / n,
    );
}

/// Runs one upload and prints its throughput and the peak memory above the
/// baseline taken just before it.
pub async fn measure_upload<Fut>(size: u64, upload: Fut)
where
    Fut: Future<Output = ()>,
{
    let baseline = status_kib("VmRSS");
    reset_peak_rss();
    let started = Instant::now();
    upload.await;
    let elapsed = started.elapsed();
    let peak = status_kib("VmHWM");
    println!(
        "upload mib_s={:.1} seconds={:.2} peak_above_baseline_mib={:.1} baseline_mib={:.1}",
        size as f64 / 1_048_576.0 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        peak.saturating_sub(baseline) as f64 / 1024.0,
        baseline as f64 / 1024.0,
    );
}

/// The runner's command line: `overhead USERS_ITERATIONS DOCS_ITERATIONS`
/// or `upload PATH`.
pub enum Command {
    Overhead { users: u32, documents: u32 },
    Upload { path: String, size: u64 },
}

pub fn command() -> Command {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: runner overhead USERS_ITERATIONS DOCS_ITERATIONS | runner upload PATH";
    match args.first().map(String::as_str) {
        Some("overhead") => Command::Overhead {
            users: args.get(1).and_then(|n| n.parse().ok()).expect(usage),
            documents: args.get(2).and_then(|n| n.parse().ok()).expect(usage),
        },
        Some("upload") => {
            let path = args.get(1).expect(usage).clone();
            let size = std::fs::metadata(&path).expect("upload file").len();
            Command::Upload { path, size }
        }
        _ => panic!("{usage}"),
    }
}
