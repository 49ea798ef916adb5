// @generated: copied by appwrite-generator from templates/ (the `tests/support/mod.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Shared by the runtime tests: sample responses, clients of a wiremock
//! server, a TLS certificate for local HTTPS servers, and a tiny HTTP/1.1
//! server on 127.0.0.1 that misbehaves on request (resets, truncated and
//! trickled bodies, slow headers, huge pages), which mock servers such as
//! wiremock cannot do. Each test file uses a part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use appwrite_client::{Client, ClientBuilder};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const KEY: &str = "super-secret-key";
pub const JWT: &str = "super-secret-jwt";
pub const SESSION: &str = "super-secret-session";

/// A user as Appwrite 1.8 returns it.
pub fn user_json(id: &str) -> Value {
    json!({
        "$id": id,
        "$createdAt": "2020-10-15T06:38:00.000+00:00",
        "$updatedAt": "2020-10-15T06:38:00.000+00:00",
        "name": "John Doe",
        "registration": "2020-10-15T06:38:00.000+00:00",
        "status": true,
        "labels": ["vip"],
        "passwordUpdate": "2020-10-15T06:38:00.000+00:00",
        "email": "john@appwrite.io",
        "phone": "+4930901820",
        "emailVerification": true,
        "phoneVerification": true,
        "mfa": true,
        "prefs": {"theme": "pink"},
        "targets": [{
            "$id": "259125845563242502",
            "$createdAt": "2020-10-15T06:38:00.000+00:00",
            "$updatedAt": "2020-10-15T06:38:00.000+00:00",
            "name": "Apple iPhone 12",
            "userId": "259125845563242502",
            "providerId": "259125845563242502",
            "providerType": "email",
            "identifier": "token",
            "expired": false
        }],
        "accessedAt": "2020-10-15T06:38:00.000+00:00"
    })
}

/// A storage file as Appwrite 1.8 returns it.
pub fn file_json(id: &str, chunks_total: u64, chunks_uploaded: u64) -> Value {
    json!({
        "$id": id,
        "bucketId": "b1",
        "$createdAt": "2020-10-15T06:38:00.000+00:00",
        "$updatedAt": "2020-10-15T06:38:00.000+00:00",
        "$permissions": ["read(\"any\")"],
        "name": "data.bin",
        "signature": "5d529fd02b544198ae075bd57c1762bb",
        "mimeType": "application/octet-stream",
        "sizeOriginal": 12,
        "chunksTotal": chunks_total,
        "chunksUploaded": chunks_uploaded,
        "encryption": false,
        "compression": "none"
    })
}

/// A client of `server` in project `proj`, for a test to add its own
/// credentials and settings to.
pub fn mock_builder(server: &MockServer) -> ClientBuilder {
    Client::builder().endpoint(format!("{}/v1", server.uri())).project("proj")
}

/// A client of `server` with the API key [`KEY`].
pub fn client_for(server: &MockServer) -> Client {
    mock_builder(server).key(KEY).build().expect("valid client")
}

pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// Answers the first `times` requests of `http_method` with `first` and
/// every later one with `then`, so that a retry meets the second answer.
pub async fn answer_first_then(
    server: &MockServer,
    http_method: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(http_method)).respond_with(first).up_to_n_times(times).with_priority(1).mount(server).await;
    Mock::given(method(http_method)).respond_with(then).with_priority(2).mount(server).await;
}

/// A request as the fault server read it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    /// The first [`KEPT_BODY`] bytes of the body.
    pub body: Vec<u8>,
    pub body_len: usize,
}

/// Bodies are counted in full but kept only this far, so that uploads do
/// not make the server hold what the client is meant not to.
const KEPT_BODY: usize = 16 * 1024;

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every header value and the kept body, to look for leaked secrets.
    pub fn all_text(&self) -> String {
        let mut text = self.path.clone();
        for (name, value) in &self.headers {
            text.push_str(&format!("\n{name}: {value}"));
        }
        text.push('\n');
        text.push_str(&String::from_utf8_lossy(&self.body));
        text
    }
}

/// What the server does with one request, in order. After the last step
/// the connection is closed cleanly, unless it was reset.
pub enum Step {
    Write(Vec<u8>),
    Sleep(Duration),
    /// Closes with a TCP reset (`SO_LINGER` 0) instead of a clean close.
    Reset,
}

type Handler = dyn Fn(&Seen, usize) -> Vec<Step> + Send + Sync;

/// A server on a free 127.0.0.1 port; stops accepting when dropped.
pub struct FaultServer {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    /// `handler(request, index)` gets each request with its 0-based
    /// position among all requests this server received.
    pub async fn start(handler: impl Fn(&Seen, usize) -> Vec<Step> + Send + Sync + 'static) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        FaultServer::on(listener, handler)
    }

    pub fn on(
        listener: TcpListener,
        handler: impl Fn(&Seen, usize) -> Vec<Step> + Send + Sync + 'static,
    ) -> FaultServer {
        let addr = listener.local_addr().expect("local address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&log);
                tokio::spawn(serve(stream, handler, log));
            }
        });
        FaultServer { addr, seen, task }
    }

    /// Endpoint of this server for a client.
    pub fn endpoint(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// How many requests reached the server.
    pub fn attempts(&self) -> usize {
        self.seen.lock().map(|s| s.len()).unwrap_or_default()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One request per connection: every response says `connection: close`,
/// so that each attempt of the client is one connection here.
async fn serve(mut stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Seen>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    let index = match log.lock() {
        Ok(mut log) => {
            log.push(request.clone());
            log.len() - 1
        }
        Err(_) => return,
    };
    for step in handler(&request, index) {
        match step {
            Step::Write(bytes) => {
                // The client may hang up first (it caps error bodies).
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                let _ = stream.flush().await;
            }
            Step::Sleep(pause) => tokio::time::sleep(pause).await,
            Step::Reset => {
                #[allow(deprecated)]
                let _ = stream.set_linger(Some(Duration::ZERO));
                return;
            }
        }
    }
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut head = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let end = loop {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(at) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
    };
    let text = String::from_utf8_lossy(&head[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body: Vec<u8> = head[end + 4..].to_vec();
    let mut body_len = body.len();
    body.truncate(KEPT_BODY);
    while body_len < length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        let keep = n.min(KEPT_BODY.saturating_sub(body.len()));
        body.extend_from_slice(&buf[..keep]);
        body_len += n;
    }
    Some(Seen { method, path, headers, body, body_len })
}

/// A whole response: status line, `headers`, a content length and `body`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = head(status, headers, Some(body.len()));
    out.extend_from_slice(body);
    out
}

/// Status line and headers only; `length` is announced as the body's size.
pub fn head(status: u16, headers: &[(&str, &str)], length: Option<usize>) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Fault\r\nconnection: close\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(length) = length {
        out.push_str(&format!("content-length: {length}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A JSON response as a one-step reply.
pub fn json_reply(status: u16, value: &Value) -> Vec<Step> {
    vec![Step::Write(response(status, &[("content-type", "application/json")], value.to_string().as_bytes()))]
}

/// Appwrite's error document.
pub fn appwrite_error(status: u16, kind: &str) -> Value {
    json!({"message": format!("{kind} happened"), "code": status, "type": kind, "version": "1.8.0"})
}

/// `unix_secs` as an HTTP date (IMF-fixdate), as `Retry-After` may carry it.
pub fn http_date(unix_secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = unix_secs / 86_400;
    let secs = unix_secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Fails when any credential appears in `text`.
pub fn assert_no_secret(text: &str) {
    for secret in [KEY, JWT, SESSION] {
        assert!(!text.contains(secret), "{secret} leaked in: {text}");
    }
}

// A test CA and a `localhost` certificate signed by it (ECDSA P-256, valid
// until 2126), made once with the openssl command line for these tests; the
// key is a throwaway that guards nothing.
pub const TLS_CA: &str = "\
-----BEGIN CERTIFICATE-----
MIIBqzCCAVGgAwIBAgIUNEh4IobkQzL9sDCD+sN23Ao5omkwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXYXBwd3JpdGUtY2xpZW50IHRlc3QgQ0EwIBcNMjYxMTI2MDQz
MzMxWhgPMjEyNjExMDIwNDMzMzFaMCIxIDAeBgNVBAMMF2FwcHdyaXRlLWNsaWVu
dCB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEirUIhyMgUKVd0Qyz
koHirfzXHvYWCqLqSircfI6+2Na2nroaVI8LkzUTRWUvsWifkGK/Oc4A1rv04vXj
utEHi6NjMGEwHQYDVR0OBBYEFA2+4wX9SxTseHyf2XpNcup2xq2XMB8GA1UdIwQY
MBaAFA2+4wX9SxTseHyf2XpNcup2xq2XMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0P
AQH/BAQDAgIEMAoGCCqGSM49BAMCA0gAMEUCIQCZO9jiOVYEjjORzDq1EgAhzzUy
jWViGDZIQvKdnXSD/QIgZnLvNAvk+xuYIYW9A0Sb5+2yO650H6zqvAVT1Tym5Uc=
-----END CERTIFICATE-----
";
const TLS_LEAF: &str = "\
-----BEGIN CERTIFICATE-----
MIIBxzCCAW2gAwIBAgIUUgpioWaJuk3bRZYyphUg/KTBnVwwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXYXBwd3JpdGUtY2xpZW50IHRlc3QgQ0EwIBcNMjYxMTI2MDQz
MzMxWhgPMjEyNjExMDIwNDMzMzFaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABMxmT/z3taew4+vH5JV2ymh7hja+FzdmQ2l3
D3JzVDpIW+9rhttQZvCuP/GsPR81pDlFbZMZ+Ots4HgUyV4mZoOjgYwwgYkwDAYD
VR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwEw
FAYDVR0RBA0wC4IJbG9jYWxob3N0MB0GA1UdDgQWBBRa/JFgfwicJdYXtkBobsP1
/pnTNjAfBgNVHSMEGDAWgBQNvuMF/UsU7Hh8n9l6TXLqdsatlzAKBggqhkjOPQQD
AgNIADBFAiBQi2eZEZaK7iNgBw1PeVuKeEtxa+mYYB+a/kvhGDFSbwIhAJudtR5z
4uB+XuKgnoWZ0451jLfu56l6PapZdWXk/eo3
-----END CERTIFICATE-----
";
const TLS_LEAF_KEY: &str = "\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgo2xNaSIcus3Niohh
TdyNDwbr0fgDWWby5o++nf+qbjmhRANCAATMZk/897WnsOPrx+SVdspoe4Y2vhc3
ZkNpdw9yc1Q6SFvva4bbUGbwrj/xrD0fNaQ5RW2TGfjrbOB4FMleJmaD
-----END PRIVATE KEY-----
";

/// The server side of TLS as `localhost`, with a certificate from
/// [`TLS_CA`]: unknown to any root the `rustls` feature trusts.
pub fn tls_acceptor() -> TlsAcceptor {
    let cert = CertificateDer::from_pem_slice(TLS_LEAF.as_bytes()).expect("leaf certificate");
    let key = PrivateKeyDer::from_pem_slice(TLS_LEAF_KEY.as_bytes()).expect("leaf key");
    let config = ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("server configuration");
    TlsAcceptor::from(Arc::new(config))
}
