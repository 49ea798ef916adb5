//! Resumable uploads: one multipart request for a small file, numbered
//! [`CHUNK_SIZE`] chunks for a large one, resumed from what the server
//! already holds when the caller chose the file ID, with progress reports
//! and cancellation.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_RANGE};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::parts::{BodyFields, Call, Parts, Payload, Request, COMPONENT};
use super::send::{decode, CallFuture, Exchange, Exec, RawResponse};
use crate::runtime::cancel::CancelToken;
use crate::runtime::error::{Error, Result};
use crate::runtime::fields::{fields_of, Field};
use crate::runtime::input_file::{InputFile, OpenFile};

/// Appwrite's upload chunk size: files above it are sent in pieces of
/// exactly this size (the last one smaller).
pub const CHUNK_SIZE: u64 = 5 * 1024 * 1024;

/// Progress of an upload, reported after each acknowledged chunk to the
/// callback given to a create method's `on_progress(..)`.
///
/// `file_id` is what resumes an interrupted upload: sending the same file
/// again with that ID continues after the chunks Appwrite already stored
/// (a failed upload's `Error::upload_file_id()` tells it too).
///
/// ```no_run
/// # // A crate generated from a spec without Storage compiles it out.
/// # #[cfg(feature = "storage")]
/// # async fn run(client: appwrite_client::Client) -> appwrite_client::Result<()> {
/// use appwrite_client::{InputFile, ID};
///
/// let file = client
///     .storage()
///     .create_file("videos", ID::unique(), InputFile::from_path("talk.mp4"))
///     .on_progress(|p| {
///         let percent = p.bytes_sent * 100 / p.total.max(1);
///         println!("{percent}% ({} of {} chunks) of {:?}", p.chunks_done, p.chunks_total, p.file_id);
///     })
///     .await?;
/// # let _ = file; Ok(()) }
/// ```
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

pub(super) type ProgressFn = Arc<dyn Fn(UploadProgress) + Send + Sync>;

// The setters only upload operations call.
impl Parts {
    /// Attaches the file sent as multipart part `name`.
    pub fn file(&mut self, name: &'static str, file: InputFile) {
        self.files.push((name, file));
    }

    /// Reports upload progress to `callback` after each chunk.
    pub fn set_progress(&mut self, callback: impl Fn(UploadProgress) + Send + Sync + 'static) {
        self.progress = Some(Arc::new(callback));
    }

    /// Makes the call abort with [`Error::Cancelled`] once `token` is
    /// cancelled. Only uploads offer it (`cancel_with`): other calls are
    /// cancelled by dropping their future, which an upload allows too but
    /// without telling how far it got.
    pub fn set_cancel(&mut self, token: CancelToken) {
        self.exec.cancel = Some(token);
    }

    /// Sends a multipart upload, in [`CHUNK_SIZE`] chunks for large files,
    /// resuming a previous attempt when the file ID is known.
    async fn send_upload(mut self) -> Result<(Exchange, Bytes, Instant)> {
        let started = Instant::now();
        self.check()?;
        let (field, file) = match self.files.len() {
            1 => self.files.remove(0),
            n => return Err(Error::invalid(format_args!("an upload takes exactly one file, got {n}"))),
        };
        let url = self.build_url(false)?;
        let headers = self.request_headers()?;
        let fields = Arc::new(multipart_fields(&self.body));
        let custom_id = match self.body.get("fileId") {
            Some(Value::String(id)) if id != "unique()" && !id.is_empty() => Some(id.clone()),
            _ => None,
        };
        let progress = self.progress.take();
        let file = file.open().await?;
        let mut upload = Upload {
            exec: &self.exec,
            url,
            headers,
            fields,
            field,
            chunks_total: file.size.div_ceil(CHUNK_SIZE).max(1),
            file,
            progress,
            id: custom_id,
            chunks_done: 0,
        };
        let outcome = upload.run().await;
        // What a failure reports so that the caller can resume without
        // having watched the progress: the file ID once known, and how far
        // the upload got.
        match outcome {
            Ok((exchange, body)) => Ok((exchange, body, started)),
            Err(error) => Err(match &upload.id {
                Some(id) => error.in_upload(id, upload.chunks_done, upload.chunks_total),
                None => error,
            }),
        }
    }
}

impl<T> Call<T> {
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
}

/// One upload under way: what each of its requests needs, and how far it
/// got.
struct Upload<'a> {
    exec: &'a Exec,
    url: Url,
    headers: HeaderMap,
    /// The text parts, shared by every chunk.
    fields: Arc<Vec<(String, String)>>,
    /// The multipart part that carries the file.
    field: &'static str,
    file: OpenFile,
    chunks_total: u64,
    progress: Option<ProgressFn>,
    /// The file ID once known: the caller's own, or the one the server
    /// gave the first chunk.
    id: Option<String>,
    chunks_done: u64,
}

impl Upload<'_> {
    async fn run(&mut self) -> Result<(Exchange, Bytes)> {
        if self.file.size <= CHUNK_SIZE {
            let data = self.file.read_chunk(chunk_len(self.file.size, 0)).await?;
            let request = Request {
                url: self.url.clone(),
                headers: self.headers.clone(),
                payload: Payload::multipart(&self.fields, self.field, &self.file, data),
                repeatable: false,
                retry_rate_limit: true,
            };
            let mut exchange = self.exec.execute(&request, true).await?;
            let body = exchange.take_body().await?;
            self.report(1, uploaded_id(&body));
            return Ok((exchange, body));
        }

        // Chunks carry `x-appwrite-id` only once the server knows the
        // upload: a custom ID is sent on every chunk only when resuming.
        let mut sent_id = None;
        if let Some(id) = self.id.clone() {
            let state = self.exec.upload_state(&self.url, &id, &self.headers).await?;
            if let Some(state) = state {
                if state.chunks_total == self.chunks_total && state.chunks_uploaded > 0 {
                    if state.chunks_uploaded >= self.chunks_total {
                        // Already complete: the status response is the file.
                        self.report(self.chunks_total, Some(id));
                        return Ok((state.exchange, state.body));
                    }
                    self.chunks_done = state.chunks_uploaded;
                    sent_id = Some(id);
                }
            }
        }
        self.file.skip_to(self.chunks_done * CHUNK_SIZE).await?;

        let mut last = None;
        for index in self.chunks_done..self.chunks_total {
            let (exchange, body) = self.send_chunk(index, sent_id.as_deref()).await?;
            if sent_id.is_none() {
                let id = uploaded_id(&body).ok_or_else(|| Error::Decode {
                    what: "upload chunk response",
                    detail: "missing `$id`".to_owned(),
                    body_start: crate::runtime::error::snippet(&String::from_utf8_lossy(&body)),
                })?;
                self.id = Some(id.clone());
                sent_id = Some(id);
            }
            self.chunks_done = index + 1;
            self.report(self.chunks_done, sent_id.clone());
            last = Some((exchange, body));
        }
        last.ok_or_else(|| Error::InvalidInput("upload had no chunk to send".to_owned()))
    }

    /// Sends chunk `index`, with `x-appwrite-id` once the server knows the
    /// upload by `sent_id`.
    async fn send_chunk(&mut self, index: u64, sent_id: Option<&str>) -> Result<(Exchange, Bytes)> {
        let size = self.file.size;
        let start = index * CHUNK_SIZE;
        let data = self.file.read_chunk(chunk_len(size, index)).await?;
        let end = start + data.len() as u64 - 1;
        let mut headers = self.headers.clone();
        headers.insert(CONTENT_RANGE, header_value(format!("bytes {start}-{end}/{size}"))?);
        if let Some(id) = sent_id {
            headers.insert("x-appwrite-id", header_value(id.to_owned())?);
        }
        let request = Request {
            url: self.url.clone(),
            headers,
            payload: Payload::multipart(&self.fields, self.field, &self.file, data),
            // With the ID known, a chunk resent after a lost response
            // overwrites the same range instead of creating a new file.
            repeatable: sent_id.is_some(),
            retry_rate_limit: true,
        };
        let mut exchange = self.exec.execute(&request, true).await?;
        // The chunk's bytes go back to the reader's buffer before the next
        // chunk is read into it.
        drop(request);
        let body = exchange.take_body().await?;
        Ok((exchange, body))
    }

    fn report(&self, chunks_done: u64, file_id: Option<String>) {
        if let Some(progress) = &self.progress {
            progress(UploadProgress {
                bytes_sent: (chunks_done * CHUNK_SIZE).min(self.file.size),
                total: self.file.size,
                chunks_done,
                chunks_total: self.chunks_total,
                file_id,
            });
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
    /// Asks Appwrite how much of the upload `id` it already has. Any failure
    /// (typically 404: nothing uploaded yet) means "start from scratch", so
    /// only cancellation is reported as an error.
    async fn upload_state(&self, upload_url: &Url, id: &str, headers: &HeaderMap) -> Result<Option<UploadState>> {
        let mut url = upload_url.clone();
        let path =
            format!("{}/{}", url.path().trim_end_matches('/'), percent_encoding::utf8_percent_encode(id, COMPONENT));
        url.set_path(&path);
        url.set_query(None);
        let status_exec = Exec { method: Method::GET, ..self.clone() };
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
        // A missing count is 0; a count that is not one means the answer is
        // not an upload's state, and the upload starts from scratch.
        let state = std::str::from_utf8(&body).ok().and_then(|text| fields_of(text, ["chunksTotal", "chunksUploaded"]));
        let count = |field: &Option<Field<'_>>| field.as_ref().map_or(Some(0), Field::as_u64);
        let counts = state.and_then(|[total, uploaded]| count(&total).zip(count(&uploaded)));
        Ok(counts.map(|(chunks_total, chunks_uploaded)| UploadState { chunks_total, chunks_uploaded, exchange, body }))
    }
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
}

/// Length of chunk `index` of a file of `size` bytes.
fn chunk_len(size: u64, index: u64) -> usize {
    let start = index * CHUNK_SIZE;
    let len = size.saturating_sub(start).min(CHUNK_SIZE);
    // CHUNK_SIZE fits in usize on every supported target.
    usize::try_from(len).unwrap_or(usize::MAX)
}

fn header_value(value: String) -> Result<HeaderValue> {
    HeaderValue::from_str(&value).map_err(|_| Error::invalid(format_args!("invalid header value {value:?}")))
}

/// `$id` of an upload response, without decoding the whole model.
fn uploaded_id(body: &[u8]) -> Option<String> {
    let [id] = fields_of(std::str::from_utf8(body).ok()?, ["$id"])?;
    id.as_ref()?.as_str().map(str::to_owned)
}

/// Text parts of a multipart body; arrays become repeated `name[]` parts.
fn multipart_fields(body: &BodyFields) -> Vec<(String, String)> {
    fn text(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
    let mut out = Vec::new();
    for (name, value) in &body.0 {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for item in items {
                    out.push((format!("{name}[]"), text(item)));
                }
            }
            other => out.push(((*name).to_owned(), text(other))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_text_fields() {
        let body = BodyFields(vec![
            ("fileId", Value::String("unique()".into())),
            ("permissions", serde_json::json!(["read(\"any\")", "write(\"any\")"])),
            ("activate", Value::Bool(true)),
            ("skip", Value::Null),
        ]);
        let fields = multipart_fields(&body);
        assert_eq!(
            fields,
            vec![
                ("fileId".to_owned(), "unique()".to_owned()),
                ("permissions[]".to_owned(), "read(\"any\")".to_owned()),
                ("permissions[]".to_owned(), "write(\"any\")".to_owned()),
                ("activate".to_owned(), "true".to_owned()),
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
