// @generated: copied by appwrite-generator from templates/ (the `src/runtime/call/custom.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! `client.request(method, path)`: an endpoint the crate has no method for
//! (a newer server's, say), sent through the same path as every generated
//! operation, so with the client's credentials and SDK headers, its retry
//! policy and timeouts, its errors and traces.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde::de::DeserializeOwned;

use super::parts::{Parts, Payload};
use super::send::{decode, RawResponse};
use super::stream::ByteStream;
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result};
use crate::runtime::retry::RetryPolicy;

impl Client {
    /// A request to any endpoint of the API, for what this crate has no
    /// method for (an endpoint added after the spec it was generated from).
    ///
    /// `path` is relative to the endpoint (`/users`, not `/v1/users`) and
    /// sent as written: percent-encode IDs that may hold reserved
    /// characters. The client's credential, project and SDK headers, its
    /// [`RetryPolicy`] (which repeats only what is safe to repeat) and its
    /// timeouts apply, and failures are the same [`Error`]s.
    ///
    /// ```no_run
    /// # async fn run(client: appwrite_client::Client) -> appwrite_client::Result<()> {
    /// use appwrite_client::{reqwest::Method, Query};
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Health {
    ///     status: String,
    /// }
    ///
    /// let health: Health = client.request(Method::GET, "/health/db").send().await?;
    /// let raw = client
    ///     .request(Method::POST, "/functions/report/executions")
    ///     .json(&serde_json::json!({ "async": true }))
    ///     .header("x-request-id", "42")
    ///     .send_raw()
    ///     .await?;
    /// println!("{} {}: {} bytes", health.status, raw.status, raw.body.len());
    /// let users: serde_json::Value = client
    ///     .request(Method::GET, "/users")
    ///     .query("queries[]", Query::limit(5))
    ///     .send()
    ///     .await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path: impl AsRef<str>) -> ApiRequest {
        ApiRequest { parts: Parts::custom(self, method, path.as_ref()) }
    }
}

/// A request built by [`Client::request`]: add query parameters, headers
/// and a body, then send it with [`send`](Self::send) (JSON decoded into a
/// type of yours), [`send_raw`](Self::send_raw) (status, headers, bytes) or
/// [`stream`](Self::stream).
#[must_use = "nothing is sent until `send`, `send_raw` or `stream` is awaited"]
pub struct ApiRequest {
    parts: Parts,
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts.fmt(f)
    }
}

impl ApiRequest {
    /// Adds the query parameter `name=value` (percent-encoded). Repeat it
    /// for arrays, naming them as Appwrite does: `queries[]`.
    pub fn query(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.parts.push_query(name.into(), value.to_string());
        self
    }

    /// Sends `body` as the JSON body.
    pub fn json(mut self, body: &impl serde::Serialize) -> Self {
        let payload = serde_json::to_vec(body)
            .map(|bytes| Payload::Json(Bytes::from(bytes)))
            .map_err(|e| Error::invalid(format_args!("cannot serialize the body: {e}")));
        self.set_payload(payload);
        self
    }

    /// Sends `form` as a `multipart/form-data` body. A file sent this way
    /// goes in one request; the generated upload methods split large files
    /// into the chunks Appwrite expects.
    #[cfg(feature = "uploads")]
    pub fn multipart(mut self, form: super::multipart::MultipartForm) -> Self {
        self.set_payload(Ok(Payload::Form(std::sync::Arc::new(form))));
        self
    }

    /// Sends this header too, replacing one of the same name (the client's
    /// own included).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.add_header(name, value);
        self
    }

    /// Retries by `policy` instead of the client's
    /// (`RetryPolicy::new(0)`: not at all).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.parts.set_retry(policy);
        self
    }

    /// Overrides the client's overall timeout for this request.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.parts.set_timeout(timeout);
        self
    }

    fn set_payload(&mut self, payload: Result<Payload>) {
        match payload {
            Ok(payload) => self.parts.payload = Some(payload),
            Err(error) => self.parts.fail(error),
        }
    }

    /// Sends the request and decodes the JSON response into `T`. An empty
    /// body (`204 No Content`) reads as JSON `null`, so `()` or an
    /// `Option` takes it.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        let (_, body, _) = self.parts.send_buffered().await?;
        if body.is_empty() {
            return decode(b"null");
        }
        decode(&body)
    }

    /// Sends the request and returns the status, headers, body bytes and
    /// elapsed time; the `value` is the body too.
    pub async fn send_raw(self) -> Result<RawResponse<Bytes>> {
        self.parts.send_bytes().await
    }

    /// Sends the request and streams the response body; see
    /// [`ByteStream`].
    pub async fn stream(self) -> Result<ByteStream> {
        self.parts.send_stream().await
    }
}
