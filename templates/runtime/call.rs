//! Request building and execution shared by every generated operation.
//!
//! Generated operation builders wrap a [`Call`], fill it through its setters
//! and get their `send`/`IntoFuture` methods from the [`operation!`] macro.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::future::Either;
use futures_util::{Stream, StreamExt};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_RANGE, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::cancel::CancelToken;
use super::client::Client;
use super::error::{Error, Result, MAX_ERROR_BODY};
use super::input_file::{InputFile, OpenFile};
use super::retry::{is_idempotent, server_delay, RetryPolicy};

/// Appwrite's upload chunk size: files above it are sent in pieces of
/// exactly this size (the last one smaller).
pub const CHUNK_SIZE: u64 = 5 * 1024 * 1024;

/// Retries of a chunk refused with `429` even without a retry policy:
/// uploads are rate-limited per chunk, and restarting a big upload from the
/// caller's side is far costlier than waiting.
const RATE_LIMIT_RETRIES: u32 = 5;

/// Longest server-requested wait honoured for a rate-limited chunk when no
/// retry policy sets a bound (Appwrite's upload window is 60 s).
const RATE_LIMIT_MAX_WAIT: Duration = Duration::from_secs(60);

/// Unreserved characters (RFC 3986) stay; everything else is escaped, so an
/// ID like `a/b&c` cannot change the path or query structure.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query keys keep the brackets of PHP's array syntax (`queries[]`,
/// `name[key]`) readable; Appwrite decodes both forms.
const QUERY_KEY: &AsciiSet = &COMPONENT.remove(b'[').remove(b']');

/// Boxed future returned by `IntoFuture` on operation builders, so that
/// `builder.await` works directly.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'static>>;

/// A response together with its decoded value, from `send_raw()`.
#[derive(Debug)]
#[non_exhaustive]
pub struct RawResponse<T> {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Raw body bytes (for chunked uploads: the last chunk's response).
    pub body: Bytes,
    /// Time from the first attempt to the end of the response, including
    /// retries and, for uploads, every chunk.
    pub elapsed: Duration,
    /// The decoded value, as `send()` returns it.
    pub value: T,
}

/// Progress of an upload, reported after each acknowledged chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadProgress {
    /// Bytes acknowledged by the server so far (including chunks uploaded
    /// by an earlier, resumed attempt).
    pub bytes_sent: u64,
    /// Size of the whole file.
    pub total: u64,
    /// Chunks acknowledged so far.
    pub chunks_done: u64,
    /// Number of chunks of the whole file (1 for files up to 5 MiB).
    pub chunks_total: u64,
    /// ID of the file being created, known after the first chunk.
    pub file_id: Option<String>,
}

type ProgressFn = Arc<dyn Fn(UploadProgress) + Send + Sync>;

/// The request of one operation, filled by the generated builder.
///
/// Setters return nothing and never fail: an invalid argument is remembered
/// and reported by `send()` as [`Error::InvalidInput`] before anything is
/// sent.
pub struct Call<T> {
    parts: Parts,
    _output: PhantomData<fn() -> T>,
}

/// Everything of a call but its output type. Building, sending, retrying
/// and uploading live here, compiled once for the whole crate rather than
/// once per response type; only decoding is generic.
pub struct Parts {
    exec: Exec,
    path: String,
    query: Vec<(String, String)>,
    body: Map<String, Value>,
    files: Vec<(&'static str, InputFile)>,
    headers: Vec<(&'static str, String)>,
    progress: Option<ProgressFn>,
    error: Option<Error>,
}

/// What every attempt needs; kept apart from the files (whose readers are
/// not `Sync`) so that it can be borrowed across awaits in `Send` futures.
struct Exec {
    client: Client,
    method: Method,
    timeout: Option<Duration>,
    cancel: Option<CancelToken>,
}

impl fmt::Debug for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header and body values may hold secrets (passwords, tokens):
        // only their names are shown.
        f.debug_struct("Call")
            .field("method", &self.exec.method)
            .field("path", &self.path)
            .field(
                "query",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body", &self.body.keys().collect::<Vec<_>>())
            .field("files", &self.files)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

// Which setters and senders are used depends on the spec the crate is
// generated from (e.g. no header parameters, no upload operation), and an
// unused one must not make the generated crate warn.
#[allow(dead_code)]
impl Parts {
    fn new(client: &Client, method: Method, path: &'static str, args: &[&str]) -> Parts {
        let (path, error) = match fill_path(path, args) {
            Ok(p) => (p, None),
            Err(e) => (String::new(), Some(e)),
        };
        Parts {
            exec: Exec {
                client: client.clone(),
                method,
                timeout: client.timeout(),
                cancel: None,
            },
            path,
            query: Vec::new(),
            body: Map::new(),
            files: Vec::new(),
            headers: Vec::new(),
            progress: None,
            error,
        }
    }

    /// A copy for one page of a paginated listing. Lists carry no files and
    /// no progress callback, so those are not copied.
    fn clone_for_page(&self) -> Parts {
        Parts {
            exec: Exec {
                client: self.exec.client.clone(),
                method: self.exec.method.clone(),
                timeout: self.exec.timeout,
                cancel: self.exec.cancel.clone(),
            },
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            files: Vec::new(),
            headers: self.headers.clone(),
            progress: None,
            error: self.error.as_ref().map(|e| Error::InvalidInput(e.to_string())),
        }
    }

    /// Keeps only the query parameters for which `keep(name, value)` holds.
    pub(crate) fn retain_query(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        self.query.retain(|(name, value)| keep(name, value));
    }

    fn fail(&mut self, error: Error) {
        // The first problem is the one worth reporting.
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Adds the query parameter `name=value`.
    pub fn query(&mut self, name: &'static str, value: impl fmt::Display) {
        self.query.push((name.to_owned(), value.to_string()));
    }

    /// Adds `name[]=value` for each value (PHP array syntax).
    pub fn query_array(
        &mut self,
        name: &'static str,
        values: impl IntoIterator<Item = impl fmt::Display>,
    ) {
        let key = format!("{name}[]");
        for value in values {
            self.query.push((key.clone(), value.to_string()));
        }
    }

    /// Adds an object as `name[key]=value` parameters (nested objects as
    /// `name[a][b]`, arrays as `name[key][]`).
    pub fn query_object(&mut self, name: &'static str, value: &Value) {
        flatten_query(name.to_owned(), value, &mut self.query);
    }

    /// Sets a body field (JSON field, or text part of a multipart body).
    pub fn body(&mut self, name: &'static str, value: impl serde::Serialize) {
        match serde_json::to_value(value) {
            Ok(v) => {
                self.body.insert(name.to_owned(), v);
            }
            Err(e) => self.fail(Error::InvalidInput(format!("cannot serialize {name}: {e}"))),
        }
    }

    /// Sets a body field to JSON `null` (e.g. to clear a value).
    pub fn body_null(&mut self, name: &'static str) {
        self.body.insert(name.to_owned(), Value::Null);
    }

    /// Attaches the file sent as multipart part `name`.
    pub fn file(&mut self, name: &'static str, file: InputFile) {
        self.files.push((name, file));
    }

    /// Adds a request header.
    pub fn header(&mut self, name: &'static str, value: impl fmt::Display) {
        self.headers.push((name, value.to_string()));
    }

    /// Overrides the client's timeout for this call (per chunk for uploads).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.exec.timeout = Some(timeout);
    }

    /// Reports upload progress to `callback` after each chunk.
    pub fn set_progress(&mut self, callback: impl Fn(UploadProgress) + Send + Sync + 'static) {
        self.progress = Some(Arc::new(callback));
    }

    /// Makes the call abort with [`Error::Cancelled`] once `token` is cancelled.
    pub fn set_cancel(&mut self, token: CancelToken) {
        self.exec.cancel = Some(token);
    }

    /// The deferred setter error, if any.
    fn check(&mut self) -> Result<()> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Full URL of the call. With `for_browser`, the project ID is added as
    /// the `project` query parameter, because `<img src>` or a redirect in a
    /// browser cannot carry the `X-Appwrite-Project` header.
    fn build_url(&self, for_browser: bool) -> Result<Url> {
        let client = &self.exec.client;
        let mut url = format!("{}{}", client.endpoint(), self.path);
        let project = client
            .project_id()
            .filter(|_| for_browser)
            .map(|p| ("project".to_owned(), p.to_owned()));
        let mut first = true;
        for (key, value) in project.iter().chain(self.query.iter()) {
            url.push(if first { '?' } else { '&' });
            first = false;
            url.extend(utf8_percent_encode(key, QUERY_KEY));
            url.push('=');
            url.extend(utf8_percent_encode(value, COMPONENT));
        }
        Url::parse(&url).map_err(|e| Error::InvalidInput(format!("invalid URL {url:?}: {e}")))
    }

    /// The URL of the call, for use in a browser (see `build_url`).
    pub fn url(&self) -> Result<String> {
        if let Some(e) = &self.error {
            return Err(Error::InvalidInput(e.to_string()));
        }
        self.build_url(true).map(String::from)
    }

    /// Client headers plus the operation's own.
    fn request_headers(&self) -> Result<HeaderMap> {
        let mut headers = self.exec.client.default_headers().clone();
        for (name, value) in &self.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidInput(format!("invalid header name {name:?}")))?;
            let header_value = HeaderValue::from_str(value)
                .map_err(|_| Error::InvalidInput(format!("invalid value for header {name}")))?;
            headers.insert(header_name, header_value);
        }
        Ok(headers)
    }

    fn json_payload(&self) -> Result<Payload> {
        let method = &self.exec.method;
        let needs_body =
            !self.body.is_empty() || matches!(*method, Method::POST | Method::PUT | Method::PATCH);
        if !needs_body || matches!(*method, Method::GET | Method::HEAD) {
            return Ok(Payload::None);
        }
        let bytes = serde_json::to_vec(&self.body)
            .map_err(|e| Error::InvalidInput(format!("cannot serialize body: {e}")))?;
        Ok(Payload::Json(Bytes::from(bytes)))
    }

    fn prepare(&mut self) -> Result<Request> {
        self.check()?;
        let payload = if self.files.is_empty() {
            self.json_payload()?
        } else {
            return Err(Error::InvalidInput(
                "files can only be sent by upload operations".to_owned(),
            ));
        };
        Ok(Request {
            url: self.build_url(false)?,
            headers: self.request_headers()?,
            payload,
            repeatable: is_idempotent(&self.exec.method),
            retry_rate_limit: false,
        })
    }

    /// Sends the call and returns the buffered response, whatever its type.
    async fn send_buffered(mut self) -> Result<(Exchange, Bytes, Instant)> {
        let started = Instant::now();
        let request = self.prepare()?;
        let mut exchange = self.exec.execute(&request, true).await?;
        let body = exchange.take_body().await?;
        Ok((exchange, body, started))
    }

    /// Sends the call, ignoring the response body.
    pub async fn send_empty(self) -> Result<RawResponse<()>> {
        let (exchange, body, started) = self.send_buffered().await?;
        Ok(exchange.into_raw(body, started, ()))
    }

    /// Sends the call and returns the response body as bytes.
    pub async fn send_bytes(self) -> Result<RawResponse<Bytes>> {
        let (exchange, body, started) = self.send_buffered().await?;
        Ok(exchange.into_raw(body.clone(), started, body))
    }

    /// Sends the call and streams the response body. The timeout covers the
    /// wait for the response headers only, so long downloads are not cut.
    pub async fn send_stream(mut self) -> Result<ByteStream> {
        let request = self.prepare()?;
        let exchange = self.exec.execute(&request, false).await?;
        let status = exchange.status.as_u16();
        let headers = exchange.headers;
        let stream: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>> = match exchange.body {
            Body::Buffered(bytes) => Box::pin(futures_util::stream::iter([Ok(bytes)])),
            Body::Streaming(response) => Box::pin(
                response
                    .bytes_stream()
                    .map(|r| r.map_err(Error::from_reqwest)),
            ),
        };
        Ok(ByteStream {
            status,
            headers,
            inner: stream,
        })
    }

    /// Sends a multipart upload, in [`CHUNK_SIZE`] chunks for large files,
    /// resuming a previous attempt when the file ID is known.
    async fn send_upload(mut self) -> Result<(Exchange, Bytes, Instant)> {
        let started = Instant::now();
        self.check()?;
        let (field, file) = match self.files.len() {
            1 => self.files.remove(0),
            n => {
                return Err(Error::InvalidInput(format!(
                    "an upload takes exactly one file, got {n}"
                )))
            }
        };
        let url = self.build_url(false)?;
        let headers = self.request_headers()?;
        let fields = Arc::new(multipart_fields(&self.body));
        let custom_id = match self.body.get("fileId") {
            Some(Value::String(id)) if id != "unique()" && !id.is_empty() => Some(id.clone()),
            _ => None,
        };
        let progress = self.progress.take();
        let exec = &self.exec;
        let mut file = file.open().await?;
        let size = file.size;
        let chunks_total = size.div_ceil(CHUNK_SIZE).max(1);
        let report = |chunks_done: u64, file_id: Option<String>| {
            if let Some(progress) = &progress {
                progress(UploadProgress {
                    bytes_sent: (chunks_done * CHUNK_SIZE).min(size),
                    total: size,
                    chunks_done,
                    chunks_total,
                    file_id,
                });
            }
        };
        // What a failure reports so that the caller can resume without
        // having watched the progress: the file ID once known, and how far
        // the upload got.
        let mut upload_id = custom_id.clone();
        let mut chunks_done = 0;

        let outcome = async {
            if size <= CHUNK_SIZE {
                let data = file.read_chunk(chunk_len(size, 0)).await?;
                let request = Request {
                    url,
                    headers,
                    payload: Payload::multipart(&fields, field, &file, data),
                    repeatable: false,
                    retry_rate_limit: true,
                };
                let mut exchange = exec.execute(&request, true).await?;
                let body = exchange.take_body().await?;
                report(1, uploaded_id(&body));
                return Ok((exchange, body, started));
            }

            // Chunks carry `x-appwrite-id` only once the server knows the
            // upload: a custom ID is sent on every chunk only when resuming.
            let mut sent_id = None;
            let mut first_chunk = 0;
            if let Some(id) = &custom_id {
                if let Some(state) = exec.upload_state(&url, id, &headers).await? {
                    if state.chunks_total == chunks_total && state.chunks_uploaded > 0 {
                        if state.chunks_uploaded >= chunks_total {
                            // Already complete: the status response is the file.
                            report(chunks_total, Some(id.clone()));
                            return Ok((state.exchange, state.body, started));
                        }
                        first_chunk = state.chunks_uploaded;
                        chunks_done = first_chunk;
                        sent_id = Some(id.clone());
                    }
                }
            }
            file.skip_to(first_chunk * CHUNK_SIZE).await?;

            let mut last = None;
            for index in first_chunk..chunks_total {
                let start = index * CHUNK_SIZE;
                let data = file.read_chunk(chunk_len(size, index)).await?;
                let end = start + data.len() as u64 - 1;
                let mut chunk_headers = headers.clone();
                chunk_headers.insert(
                    CONTENT_RANGE,
                    header_value(format!("bytes {start}-{end}/{size}"))?,
                );
                if let Some(id) = &sent_id {
                    chunk_headers.insert("x-appwrite-id", header_value(id.clone())?);
                }
                let request = Request {
                    url: url.clone(),
                    headers: chunk_headers,
                    payload: Payload::multipart(&fields, field, &file, data),
                    // With the ID known, a chunk resent after a lost response
                    // overwrites the same range instead of creating a new file.
                    repeatable: sent_id.is_some(),
                    retry_rate_limit: true,
                };
                let mut exchange = exec.execute(&request, true).await?;
                // The chunk's bytes go back to the reader's buffer before
                // the next chunk is read into it.
                drop(request);
                let body = exchange.take_body().await?;
                if sent_id.is_none() {
                    let id = uploaded_id(&body).ok_or_else(|| Error::Decode {
                        what: "upload chunk response",
                        detail: "missing `$id`".to_owned(),
                        body_start: super::error::snippet(&String::from_utf8_lossy(&body)),
                    })?;
                    upload_id = Some(id.clone());
                    sent_id = Some(id);
                }
                chunks_done = index + 1;
                report(chunks_done, sent_id.clone());
                last = Some((exchange, body));
            }
            match last {
                Some((exchange, body)) => Ok((exchange, body, started)),
                None => Err(Error::InvalidInput(
                    "upload had no chunk to send".to_owned(),
                )),
            }
        }
        .await;
        outcome.map_err(|error| match &upload_id {
            Some(id) => error.in_upload(id, chunks_done, chunks_total),
            None => error,
        })
    }
}

/// Length of chunk `index` of a file of `size` bytes.
/// The output-typed face of [`Parts`]: setters reach `Parts` through
/// `Deref`, senders decode into `T`.
#[allow(dead_code)]
impl<T> Call<T> {
    /// A call of `method` on `path`, whose `{placeholders}` are replaced in
    /// order by the percent-encoded `args`.
    pub fn new(client: &Client, method: Method, path: &'static str, args: &[&str]) -> Call<T> {
        Call { parts: Parts::new(client, method, path, args), _output: PhantomData }
    }

    /// A copy for one page of a paginated listing.
    pub(crate) fn clone_for_page(&self) -> Call<T> {
        Call { parts: self.parts.clone_for_page(), _output: PhantomData }
    }

    /// Sends the call and decodes a JSON response into `T`.
    pub async fn send_json(self) -> Result<RawResponse<T>>
    where
        T: DeserializeOwned,
    {
        let (exchange, body, started) = self.parts.send_buffered().await?;
        let value = decode::<T>(&body)?;
        Ok(exchange.into_raw(body, started, value))
    }

    /// Sends the call, ignoring the response body.
    pub async fn send_empty(self) -> Result<RawResponse<()>> {
        self.parts.send_empty().await
    }

    // The boxed senders below are what every generated builder's `send()`
    // and `send_raw()` return: one future type per output type, shared by
    // all operations with that output, instead of an async state machine
    // per operation.

    /// [`send_json`](Self::send_json), boxed, keeping only the value.
    #[inline(never)]
    pub fn json(self) -> CallFuture<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        Box::pin(async move { self.send_json().await.map(|raw| raw.value) })
    }

    /// [`send_json`](Self::send_json), boxed.
    #[inline(never)]
    pub fn json_raw(self) -> CallFuture<RawResponse<T>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        Box::pin(self.send_json())
    }

    /// [`send_upload`](Self::send_upload), boxed, keeping only the value.
    #[inline(never)]
    pub fn upload(self) -> CallFuture<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        Box::pin(async move { self.send_upload().await.map(|raw| raw.value) })
    }

    /// [`send_upload`](Self::send_upload), boxed.
    #[inline(never)]
    pub fn upload_raw(self) -> CallFuture<RawResponse<T>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        Box::pin(self.send_upload())
    }

    /// [`send_empty`](Self::send_empty), boxed, keeping only the value.
    #[inline(never)]
    pub fn empty(self) -> CallFuture<()> {
        let parts = self.parts;
        Box::pin(async move { parts.send_empty().await.map(|raw| raw.value) })
    }

    /// [`send_empty`](Self::send_empty), boxed.
    #[inline(never)]
    pub fn empty_raw(self) -> CallFuture<RawResponse<()>> {
        Box::pin(self.parts.send_empty())
    }

    /// [`send_bytes`](Self::send_bytes), boxed, keeping only the value.
    #[inline(never)]
    pub fn bytes(self) -> CallFuture<Bytes> {
        let parts = self.parts;
        Box::pin(async move { parts.send_bytes().await.map(|raw| raw.value) })
    }

    /// [`send_bytes`](Self::send_bytes), boxed.
    #[inline(never)]
    pub fn bytes_raw(self) -> CallFuture<RawResponse<Bytes>> {
        Box::pin(self.parts.send_bytes())
    }

    /// Sends the call and returns the body as bytes.
    pub async fn send_bytes(self) -> Result<RawResponse<Bytes>> {
        self.parts.send_bytes().await
    }

    /// Sends the call and streams the body.
    pub async fn send_stream(self) -> Result<ByteStream> {
        self.parts.send_stream().await
    }

    /// Sends a multipart upload, in chunks when the file is large, and
    /// decodes the final response into `T`.
    pub async fn send_upload(self) -> Result<RawResponse<T>>
    where
        T: DeserializeOwned,
    {
        let (exchange, body, started) = self.parts.send_upload().await?;
        let value = decode::<T>(&body)?;
        Ok(exchange.into_raw(body, started, value))
    }
}

impl<T> std::ops::Deref for Call<T> {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.parts
    }
}

impl<T> std::ops::DerefMut for Call<T> {
    fn deref_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts.fmt(f)
    }
}

fn chunk_len(size: u64, index: u64) -> usize {
    let start = index * CHUNK_SIZE;
    let len = size.saturating_sub(start).min(CHUNK_SIZE);
    // CHUNK_SIZE fits in usize on every supported target.
    usize::try_from(len).unwrap_or(usize::MAX)
}

fn header_value(value: String) -> Result<HeaderValue> {
    HeaderValue::from_str(&value)
        .map_err(|_| Error::InvalidInput(format!("invalid header value {value:?}")))
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    // One UTF-8 pass over the whole body costs a fraction of what
    // `from_slice` spends checking every key and string on its own (a tenth
    // of a user list's CPU time); `from_str` then trusts the text.
    let text = std::str::from_utf8(body).map_err(|e| Error::decode::<T>(&e, body))?;
    serde_json::from_str(text).map_err(|e| Error::decode::<T>(&e, body))
}

/// Decodes a model's extra properties into a caller's type, in place.
// Used only by models that allow extra properties, which a spec may lack.
#[allow(dead_code)]
pub(crate) fn decode_value<T: DeserializeOwned>(map: &Map<String, Value>) -> Result<T> {
    T::deserialize(super::de::Entries(map))
        .map_err(|e| Error::decode::<T>(&e, &serde_json::to_vec(map).unwrap_or_default()))
}

/// `$id` of an upload response, without decoding the whole model.
fn uploaded_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        #[serde(rename = "$id")]
        id: String,
    }
    serde_json::from_slice::<IdOnly>(body).ok().map(|r| r.id)
}

fn fill_path(template: &str, args: &[&str]) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| Error::InvalidInput(format!("unclosed placeholder in {template}")))?;
        out.push_str(&rest[..open]);
        let arg = args.next().ok_or_else(|| {
            Error::InvalidInput(format!(
                "missing path argument {} in {template}",
                &rest[open..=close]
            ))
        })?;
        if arg.is_empty() {
            // An empty ID would silently address the parent collection.
            return Err(Error::InvalidInput(format!(
                "empty path argument {} in {template}",
                &rest[open..=close]
            )));
        }
        out.extend(utf8_percent_encode(arg, COMPONENT));
        rest = &rest[close + 1..];
    }
    if args.next().is_some() {
        return Err(Error::InvalidInput(format!(
            "too many path arguments for {template}"
        )));
    }
    out.push_str(rest);
    Ok(out)
}

fn flatten_query(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten_query(format!("{key}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            let key = format!("{key}[]");
            for item in items {
                flatten_query(key.clone(), item, out);
            }
        }
        Value::String(s) => out.push((key, s.clone())),
        other => out.push((key, other.to_string())),
    }
}

/// Text parts of a multipart body; arrays become repeated `name[]` parts.
fn multipart_fields(body: &Map<String, Value>) -> Vec<(String, String)> {
    fn text(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
    let mut out = Vec::new();
    for (name, value) in body {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for item in items {
                    out.push((format!("{name}[]"), text(item)));
                }
            }
            other => out.push((name.clone(), text(other))),
        }
    }
    out
}

/// A request ready to be sent, possibly several times.
struct Request {
    url: Url,
    headers: HeaderMap,
    payload: Payload,
    /// Whether sending twice is harmless (retry policy applies).
    repeatable: bool,
    /// Whether a `429` is retried even without retry policy.
    retry_rate_limit: bool,
}

enum Payload {
    None,
    Json(Bytes),
    Multipart {
        fields: Arc<Vec<(String, String)>>,
        file_field: &'static str,
        filename: String,
        content_type: String,
        data: Bytes,
    },
}

impl Payload {
    fn multipart(
        fields: &Arc<Vec<(String, String)>>,
        file_field: &'static str,
        file: &OpenFile,
        data: Bytes,
    ) -> Payload {
        Payload::Multipart {
            fields: Arc::clone(fields),
            file_field,
            filename: file.filename.clone(),
            content_type: file.content_type.clone(),
            data,
        }
    }

    /// Applies the body to a request; multipart forms are single-use, so
    /// they are rebuilt for every attempt from cheaply cloned parts.
    fn apply(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
        Ok(match self {
            Payload::None => builder,
            Payload::Json(bytes) => builder
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Payload::Multipart {
                fields,
                file_field,
                filename,
                content_type,
                data,
            } => {
                let mut form = reqwest::multipart::Form::new();
                for (name, value) in fields.iter() {
                    form = form.text(name.clone(), value.clone());
                }
                let part = reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::from(data.clone()),
                    data.len() as u64,
                )
                .file_name(filename.clone())
                .mime_str(content_type)
                .map_err(|_| Error::InvalidInput(format!("invalid MIME type {content_type:?}")))?;
                builder.multipart(form.part(*file_field, part))
            }
        })
    }
}

enum Body {
    Buffered(Bytes),
    Streaming(reqwest::Response),
}

/// A successful response.
struct Exchange {
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
}

impl Exchange {
    async fn take_body(&mut self) -> Result<Bytes> {
        match std::mem::replace(&mut self.body, Body::Buffered(Bytes::new())) {
            Body::Buffered(bytes) => Ok(bytes),
            Body::Streaming(response) => response.bytes().await.map_err(Error::from_reqwest),
        }
    }

    fn into_raw<V>(self, body: Bytes, started: Instant, value: V) -> RawResponse<V> {
        RawResponse {
            status: self.status.as_u16(),
            headers: self.headers,
            body,
            elapsed: started.elapsed(),
            value,
        }
    }
}

/// At most `limit` bytes of an error response's body, and whether there
/// was more. The rest is never read: the connection is dropped instead.
async fn read_capped(mut response: reqwest::Response, limit: usize) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    return (body, true);
                }
                body.extend_from_slice(&chunk);
            }
            // The status already tells what happened; a body cut short only
            // loses detail.
            Ok(None) | Err(_) => return (body, false),
        }
    }
}

/// Upload progress stored on the server, from `GET <upload path>/<fileId>`.
struct UploadState {
    chunks_total: u64,
    chunks_uploaded: u64,
    exchange: Exchange,
    body: Bytes,
}

impl Exec {
    /// Sends `request`, retrying as allowed, until a success or a final
    /// error. With `buffer`, the body is read within the timeout.
    async fn execute(&self, request: &Request, buffer: bool) -> Result<Exchange> {
        let policy = self.client.retry_policy();
        let mut attempt: u32 = 0;
        loop {
            let error = match self.attempt(request, buffer).await {
                Ok(exchange) => return Ok(exchange),
                Err(error) => error,
            };
            match self.retry_delay(request, policy, attempt, &error) {
                Some(delay) => {
                    self.bounded(
                        async {
                            tokio::time::sleep(delay).await;
                            Ok(())
                        },
                        None,
                    )
                    .await?;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    fn retry_delay(
        &self,
        request: &Request,
        policy: Option<&RetryPolicy>,
        attempt: u32,
        error: &Error,
    ) -> Option<Duration> {
        let status = error.status();
        let headers = error.headers();
        if let Some(policy) = policy {
            // A request the server never acted on (refused with 429, or no
            // connection) is safe to repeat whatever its method.
            let safe = (request.repeatable && error.is_retryable()) || error.was_not_processed();
            if safe && attempt < policy.max_retries {
                return policy.delay(attempt, status, headers);
            }
        }
        if request.retry_rate_limit && status == Some(429) && attempt < RATE_LIMIT_RETRIES {
            let max_wait = policy.map_or(RATE_LIMIT_MAX_WAIT, |p| {
                p.max_delay.max(RATE_LIMIT_MAX_WAIT)
            });
            return match headers.and_then(|h| server_delay(h, true)) {
                Some(wait) if wait > max_wait => None,
                Some(wait) => Some(wait),
                None => Some(policy.cloned().unwrap_or_default().backoff(attempt)),
            };
        }
        None
    }

    async fn attempt(&self, request: &Request, buffer: bool) -> Result<Exchange> {
        let builder = self
            .client
            .http()
            .request(self.method.clone(), request.url.clone())
            .headers(request.headers.clone());
        let builder = request.payload.apply(builder)?;
        let exchange = async {
            let response = builder.send().await.map_err(Error::from_reqwest)?;
            let status = response.status();
            let headers = response.headers().clone();
            if !status.is_success() {
                let (body, truncated) = read_capped(response, MAX_ERROR_BODY).await;
                return Err(Error::from_response(status.as_u16(), &body, truncated, &headers));
            }
            let body = if buffer {
                Body::Buffered(response.bytes().await.map_err(Error::from_reqwest)?)
            } else {
                Body::Streaming(response)
            };
            Ok(Exchange {
                status,
                headers,
                body,
            })
        };
        self.bounded(exchange, self.timeout).await
    }

    /// Runs `fut` under the timeout and the cancel token.
    async fn bounded<F, V>(&self, fut: F, timeout: Option<Duration>) -> Result<V>
    where
        F: Future<Output = Result<V>>,
    {
        let timed = async {
            match timeout {
                Some(limit) => tokio::time::timeout(limit, fut)
                    .await
                    .unwrap_or(Err(Error::Timeout)),
                None => fut.await,
            }
        };
        match &self.cancel {
            None => timed.await,
            Some(token) => {
                if token.is_cancelled() {
                    return Err(Error::Cancelled);
                }
                let timed = pin!(timed);
                let cancelled = pin!(token.cancelled());
                match futures_util::future::select(timed, cancelled).await {
                    Either::Left((result, _)) => result,
                    Either::Right(((), _)) => Err(Error::Cancelled),
                }
            }
        }
    }

    /// Asks Appwrite how much of the upload `id` it already has. Any failure
    /// (typically 404: nothing uploaded yet) means "start from scratch", so
    /// only cancellation is reported as an error.
    async fn upload_state(
        &self,
        upload_url: &Url,
        id: &str,
        headers: &HeaderMap,
    ) -> Result<Option<UploadState>> {
        #[derive(serde::Deserialize)]
        struct State {
            #[serde(rename = "chunksTotal", default)]
            chunks_total: u64,
            #[serde(rename = "chunksUploaded", default)]
            chunks_uploaded: u64,
        }
        let mut url = upload_url.clone();
        let path = format!(
            "{}/{}",
            url.path().trim_end_matches('/'),
            utf8_percent_encode(id, COMPONENT)
        );
        url.set_path(&path);
        url.set_query(None);
        let status_exec = Exec {
            client: self.client.clone(),
            method: Method::GET,
            timeout: self.timeout,
            cancel: self.cancel.clone(),
        };
        let request = Request {
            url,
            headers: headers.clone(),
            payload: Payload::None,
            repeatable: true,
            retry_rate_limit: false,
        };
        let mut exchange = match status_exec.execute(&request, true).await {
            Ok(exchange) => exchange,
            Err(Error::Cancelled) => return Err(Error::Cancelled),
            Err(_) => return Ok(None),
        };
        let body = exchange.take_body().await?;
        Ok(serde_json::from_slice::<State>(&body)
            .ok()
            .map(|s| UploadState {
                chunks_total: s.chunks_total,
                chunks_uploaded: s.chunks_uploaded,
                exchange,
                body,
            }))
    }
}

/// A response body delivered piece by piece, from `stream()` on download
/// operations. Yields `Err` if the connection fails mid-way.
pub struct ByteStream {
    status: u16,
    headers: HeaderMap,
    inner: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>,
}

impl ByteStream {
    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers (e.g. `content-type`, `content-length`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Size announced by the server, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(reqwest::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// Gives a generated operation builder (a struct with a `call: Call<_>`
/// field) its terminal methods and `IntoFuture`.
///
/// Arms: `json Name => Type` (decoded JSON), `paginate Name => ListType`
/// (adds `into_stream()` to a list call), `empty Name` (no content),
/// `binary Name` (bytes, `url()`, `stream()`), `redirect Name` (URL only,
/// nothing sent), `upload Name => Type` (multipart, chunked, progress,
/// cancellation).
macro_rules! operation {
    (@common $name:ident) => {
        impl $name {
            /// Overrides the client's request timeout for this request only
            /// (for chunked uploads: for each chunk).
            #[inline]
            pub fn request_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.call.set_timeout(timeout);
                self
            }
        }
    };
    (@future $name:ident => $out:ty) => {
        impl ::std::future::IntoFuture for $name {
            type Output = $crate::runtime::Result<$out>;
            type IntoFuture = $crate::runtime::call::CallFuture<$out>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
    (json $name:ident => $out:ty) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => $out);
        impl $name {
            /// Sends the request and decodes the response (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<$out> {
                self.call.json()
            }

            /// Sends the request and returns the decoded value together with
            /// the status, headers, raw body and elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<$out>> {
                self.call.json_raw()
            }
        }
    };
    (paginate $name:ident => $out:ty) => {
        impl $name {
            /// All items of the listing as a stream, fetched page by page
            /// with `limit` and `cursorAfter` as it is polled. The builder's
            /// own queries (filters, order) apply to every page; a `limit`
            /// among them sets the page size.
            #[inline]
            pub fn into_stream(self) -> $crate::runtime::Paginated<<$out as $crate::runtime::Page>::Item> {
                $crate::runtime::paginate(self.call)
            }
        }
    };
    (empty $name:ident) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => ());
        impl $name {
            /// Sends the request; the response has no content (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<()> {
                self.call.empty()
            }

            /// Sends the request and returns the status, headers, raw body
            /// and elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<()>> {
                self.call.empty_raw()
            }
        }
    };
    (binary $name:ident) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => ::bytes::Bytes);
        impl $name {
            /// Downloads the whole response body into memory (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<::bytes::Bytes> {
                self.call.bytes()
            }

            /// Downloads the body and returns it with the status, headers
            /// (e.g. `content-type`) and elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<::bytes::Bytes>> {
                self.call.bytes_raw()
            }

            /// Streams the response body instead of buffering it. Fails
            /// early, before any data, if Appwrite answers with an error.
            #[inline]
            pub async fn stream(self) -> $crate::runtime::Result<$crate::runtime::call::ByteStream> {
                self.call.send_stream().await
            }

            /// The URL of this resource, with the project ID and all query
            /// parameters, for use where headers cannot be sent (e.g.
            /// `<img src>`). Credentials are not included: the resource must
            /// be readable without them, or carry a file `token`.
            #[inline]
            pub fn url(&self) -> $crate::runtime::Result<::std::string::String> {
                self.call.url()
            }
        }
    };
    (redirect $name:ident) => {
        $crate::runtime::call::operation!(@future $name => ::std::string::String);
        impl $name {
            /// Builds the URL to open in the user's browser (with the project
            /// ID and all query parameters). Nothing is sent.
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<::std::string::String> {
                ::std::boxed::Box::pin(::std::future::ready(self.url()))
            }

            /// Same as `send()`, without `async`.
            #[inline]
            pub fn url(&self) -> $crate::runtime::Result<::std::string::String> {
                self.call.url()
            }
        }
    };
    (upload $name:ident => $out:ty) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => $out);
        impl $name {
            /// Uploads the file (in 5 MiB chunks when larger, resuming an
            /// interrupted upload with the same explicit file ID) and decodes
            /// the response (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<$out> {
                self.call.upload()
            }

            /// Like `send()`, also returning the last response's status,
            /// headers and raw body, and the total elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<$out>> {
                self.call.upload_raw()
            }

            /// Calls `callback` after each acknowledged chunk.
            #[inline]
            pub fn on_progress(
                mut self,
                callback: impl Fn($crate::runtime::call::UploadProgress) + Send + Sync + 'static,
            ) -> Self {
                self.call.set_progress(callback);
                self
            }

            /// Aborts the upload with `Error::Cancelled` when `token` is
            /// cancelled; chunks already sent can be resumed later.
            #[inline]
            pub fn cancel_with(mut self, token: $crate::runtime::CancelToken) -> Self {
                self.call.set_cancel(token);
                self
            }
        }
    };
}

pub(crate) use operation;

// The operation structs below are private, so the macro-generated methods
// they do not exercise would otherwise be reported as unused.
#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use super::*;

    fn client() -> Client {
        // A client of our own passes the TLS check, so these tests also run
        // in a build without TLS; none of them reaches the network.
        Client::builder()
            .endpoint("https://example.com/v1")
            .project("proj")
            .key("secret")
            .http_client(reqwest::Client::new())
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    struct OAuth {
        call: Call<String>,
    }
    operation!(redirect OAuth);

    struct Update {
        call: Call<Value>,
    }
    operation!(json Update => Value);

    #[test]
    fn bodies_that_are_not_utf8_are_decode_errors() {
        match decode::<Value>(b"{\"name\":\"\xff\"}") {
            Err(Error::Decode { detail, .. }) => assert!(detail.contains("utf-8"), "{detail}"),
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(matches!(decode::<Value>(br#"{"name":"ok"}"#), Ok(Value::Object(_))));
    }

    #[test]
    fn path_filling() {
        assert_eq!(
            fill_path("/users/{userId}", &["grant/special&id"])
                .ok()
                .as_deref(),
            Some("/users/grant%2Fspecial%26id")
        );
        assert_eq!(
            fill_path("/a/{x}/b/{y}", &["1", "é ~.-_"]).ok().as_deref(),
            Some("/a/1/b/%C3%A9%20~.-_")
        );
        assert!(fill_path("/a/{x}", &[]).is_err());
        assert!(fill_path("/a/{x}", &["1", "2"]).is_err());
        assert!(fill_path("/a/{x}", &[""]).is_err());
        assert!(fill_path("/a/{x", &["1"]).is_err());
    }

    #[test]
    fn redirect_url_has_project_and_query() {
        let mut call = Call::<String>::new(
            &client(),
            Method::GET,
            "/account/sessions/oauth2/{provider}",
            &["github"],
        );
        call.query("success", "https://app.example/ok?x=1&y=2");
        call.query_array("scopes", ["repo", "user:email"]);
        let op = OAuth { call };
        let url = op.url().unwrap_or_default();
        assert_eq!(
            url,
            "https://example.com/v1/account/sessions/oauth2/github?project=proj\
             &success=https%3A%2F%2Fapp.example%2Fok%3Fx%3D1%26y%3D2\
             &scopes[]=repo&scopes[]=user%3Aemail"
        );
        assert!(!url.contains("secret"));
    }

    #[test]
    fn redirect_send_returns_url_without_request() {
        let call = Call::<String>::new(
            &client(),
            Method::GET,
            "/account/sessions/oauth2/{provider}",
            &["x"],
        );
        let op = OAuth { call };
        // No runtime and no server: nothing can have been sent.
        let url = futures_util::FutureExt::now_or_never(op.send());
        assert_eq!(
            url.and_then(|r| r.ok()).as_deref(),
            Some("https://example.com/v1/account/sessions/oauth2/x?project=proj")
        );
    }

    #[test]
    fn query_objects_are_flattened() {
        let mut call = Call::<Value>::new(&client(), Method::GET, "/x", &[]);
        call.query_object(
            "filter",
            &serde_json::json!({"a": "1 2", "b": {"c": true}, "d": [1, 2], "e": null}),
        );
        let url = call.build_url(false).map(String::from).unwrap_or_default();
        assert_eq!(
            url,
            "https://example.com/v1/x?filter[a]=1%202&filter[b][c]=true&filter[d][]=1&filter[d][]=2"
        );
    }

    #[test]
    fn json_body_has_set_fields_and_explicit_nulls() {
        let mut call = Call::<Value>::new(&client(), Method::PATCH, "/x", &[]);
        call.body("name", "n");
        call.body_null("phone");
        call.body("n", 3);
        let op = Update { call };
        match op.call.json_payload() {
            Ok(Payload::Json(bytes)) => {
                let v: Value = serde_json::from_slice(&bytes).unwrap_or_default();
                assert_eq!(v, serde_json::json!({"name": "n", "phone": null, "n": 3}));
            }
            _ => panic!("expected a JSON body"),
        }
        // POST without fields still sends an (empty) JSON object.
        let empty = Call::<Value>::new(&client(), Method::POST, "/x", &[]);
        assert!(matches!(empty.json_payload(), Ok(Payload::Json(b)) if &b[..] == b"{}"));
        let get = Call::<Value>::new(&client(), Method::GET, "/x", &[]);
        assert!(matches!(get.json_payload(), Ok(Payload::None)));
    }

    #[test]
    fn setter_errors_surface_on_send() {
        let call = Call::<Value>::new(&client(), Method::GET, "/x/{id}", &[]);
        let op = Update { call };
        let result = futures_util::FutureExt::now_or_never(op.send());
        assert!(matches!(result, Some(Err(Error::InvalidInput(_)))));

        let mut call = Call::<Value>::new(&client(), Method::GET, "/x", &[]);
        call.header("x-bad", "a\nb");
        let op = Update { call };
        let result = futures_util::FutureExt::now_or_never(op.send());
        assert!(matches!(result, Some(Err(Error::InvalidInput(_)))));
    }

    #[test]
    fn multipart_text_fields() {
        let mut body = Map::new();
        body.insert("fileId".into(), Value::String("unique()".into()));
        body.insert(
            "permissions".into(),
            serde_json::json!(["read(\"any\")", "write(\"any\")"]),
        );
        body.insert("activate".into(), Value::Bool(true));
        body.insert("skip".into(), Value::Null);
        let fields = multipart_fields(&body);
        assert_eq!(
            fields,
            vec![
                ("activate".to_owned(), "true".to_owned()),
                ("fileId".to_owned(), "unique()".to_owned()),
                ("permissions[]".to_owned(), "read(\"any\")".to_owned()),
                ("permissions[]".to_owned(), "write(\"any\")".to_owned()),
            ]
        );
    }

    #[test]
    fn chunk_lengths() {
        let size = 2 * CHUNK_SIZE + 5;
        assert_eq!(chunk_len(size, 0) as u64, CHUNK_SIZE);
        assert_eq!(chunk_len(size, 1) as u64, CHUNK_SIZE);
        assert_eq!(chunk_len(size, 2), 5);
        assert_eq!(size.div_ceil(CHUNK_SIZE), 3);
    }
}
