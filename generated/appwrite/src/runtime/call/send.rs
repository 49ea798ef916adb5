// @generated: copied by appwrite-generator from templates/ (the `src/runtime/call/send.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Sending a request: the retry, timeout and cancellation loop every
//! operation goes through, reading the response and decoding it, and the
//! boxed senders of the `json` and `empty` operations.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::parts::{Call, Parts, Request};
#[cfg(feature = "uploads")]
use crate::runtime::cancel::CancelToken;
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result, MAX_ERROR_BODY};
use crate::runtime::retry::{server_delay, RetryPolicy};
use crate::runtime::trace::RequestTrace;

/// Retries of a chunk refused with `429` even without a retry policy:
/// uploads are rate-limited per chunk, and restarting a big upload from the
/// caller's side is far costlier than waiting.
const RATE_LIMIT_RETRIES: u32 = 5;

/// Longest server-requested wait honoured for a rate-limited chunk when no
/// retry policy sets a bound (Appwrite's upload window is 60 s).
const RATE_LIMIT_MAX_WAIT: Duration = Duration::from_secs(60);

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

/// What every attempt needs; kept apart from the files (whose readers are
/// not `Sync`) so that it can be borrowed across awaits in `Send` futures.
#[derive(Clone)]
pub(super) struct Exec {
    pub(super) client: Client,
    pub(super) method: Method,
    pub(super) timeout: Option<Duration>,
    /// The client's policy unless the call set its own.
    pub(super) retry: Option<RetryPolicy>,
    #[cfg(feature = "uploads")]
    pub(super) cancel: Option<CancelToken>,
    /// The operation's service and method (`("users", "list")`), or
    /// `("custom", "request")` for `client.request(..)`; traces name the
    /// call by them.
    pub(super) operation: (&'static str, &'static str),
    /// The spec's path with its `{placeholders}`, which traces show
    /// instead of the IDs filled in.
    pub(super) template: &'static str,
}

impl Exec {
    pub(super) fn new(client: &Client, method: Method, template: &'static str) -> Exec {
        Exec {
            client: client.clone(),
            method,
            timeout: client.timeout(),
            retry: client.retry_policy().cloned(),
            #[cfg(feature = "uploads")]
            cancel: None,
            operation: ("custom", "request"),
            template,
        }
    }
}

pub(super) enum Body {
    Buffered(Bytes),
    Streaming(reqwest::Response),
}

/// A successful response.
pub(super) struct Exchange {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Body,
}

impl Exchange {
    pub(super) async fn take_body(&mut self) -> Result<Bytes> {
        match std::mem::replace(&mut self.body, Body::Buffered(Bytes::new())) {
            Body::Buffered(bytes) => Ok(bytes),
            Body::Streaming(response) => response.bytes().await.map_err(Error::from_reqwest),
        }
    }

    pub(super) fn into_raw<V>(self, body: Bytes, started: Instant, value: V) -> RawResponse<V> {
        RawResponse { status: self.status.as_u16(), headers: self.headers, body, elapsed: started.elapsed(), value }
    }
}

impl Exec {
    /// Sends `request`, retrying as allowed, until a success or a final
    /// error. With `buffer`, the body is read within the timeout. With the
    /// `tracing` feature, all of it is one span.
    pub(super) async fn execute(&self, request: &Request, buffer: bool) -> Result<Exchange> {
        let trace = RequestTrace::start(self.operation, &self.method, self.template, &request.url);
        let (result, attempts) = trace.in_span(self.attempts(request, buffer, &trace)).await;
        let status = match &result {
            Ok(exchange) => Some(exchange.status.as_u16()),
            Err(error) => error.status(),
        };
        trace.finish(attempts, status);
        result
    }

    /// The attempts of `execute`, and how many were made.
    async fn attempts(&self, request: &Request, buffer: bool, trace: &RequestTrace) -> (Result<Exchange>, u32) {
        let policy = self.retry.as_ref();
        let mut attempt: u32 = 0;
        loop {
            let error = match self.attempt(request, buffer).await {
                Ok(exchange) => return (Ok(exchange), attempt + 1),
                Err(error) => error,
            };
            match self.retry_delay(request, policy, attempt, &error) {
                Some(delay) => {
                    trace.retry(attempt + 1, delay, &error);
                    let slept = self.bounded(
                        async {
                            tokio::time::sleep(delay).await;
                            Ok(())
                        },
                        None,
                    );
                    if let Err(cancelled) = slept.await {
                        return (Err(cancelled), attempt + 1);
                    }
                    attempt += 1;
                }
                None => return (Err(error), attempt + 1),
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
            let max_wait = policy.map_or(RATE_LIMIT_MAX_WAIT, |p| p.max_delay.max(RATE_LIMIT_MAX_WAIT));
            return match headers.and_then(|h| server_delay(h, true)) {
                Some(wait) if wait > max_wait => None,
                Some(wait) => Some(wait),
                None => Some(policy.cloned().unwrap_or_default().backoff(attempt)),
            };
        }
        None
    }

    async fn attempt(&self, request: &Request, buffer: bool) -> Result<Exchange> {
        let builder =
            self.client.http().request(self.method.clone(), request.url.clone()).headers(request.headers.clone());
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
            Ok(Exchange { status, headers, body })
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
                Some(limit) => tokio::time::timeout(limit, fut).await.unwrap_or(Err(Error::Timeout)),
                None => fut.await,
            }
        };
        #[cfg(feature = "uploads")]
        if let Some(token) = &self.cancel {
            if token.is_cancelled() {
                return Err(Error::Cancelled);
            }
            let timed = std::pin::pin!(timed);
            let cancelled = std::pin::pin!(token.cancelled());
            return match futures_util::future::select(timed, cancelled).await {
                futures_util::future::Either::Left((result, _)) => result,
                futures_util::future::Either::Right(((), _)) => Err(Error::Cancelled),
            };
        }
        timed.await
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

impl Parts {
    /// Sends the call and returns the buffered response, whatever its type.
    pub(super) async fn send_buffered(mut self) -> Result<(Exchange, Bytes, Instant)> {
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
}

// The boxed senders are what every generated builder's `send()` and
// `send_raw()` return: one future type per output type, shared by all
// operations with that output, instead of an async state machine per
// operation.
impl<T> Call<T> {
    /// Sends the call and decodes a JSON response into `T`.
    pub async fn send_json(self) -> Result<RawResponse<T>>
    where
        T: DeserializeOwned,
    {
        let (exchange, body, started) = self.parts.send_buffered().await?;
        let value = decode::<T>(&body)?;
        Ok(exchange.into_raw(body, started, value))
    }

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
}

// A spec whose every operation answers with content has no `empty` one.
#[allow(dead_code)]
impl<T> Call<T> {
    /// [`Parts::send_empty`], boxed, keeping only the value.
    #[inline(never)]
    pub fn empty(self) -> CallFuture<()> {
        let parts = self.parts;
        Box::pin(async move { parts.send_empty().await.map(|raw| raw.value) })
    }

    /// [`Parts::send_empty`], boxed.
    #[inline(never)]
    pub fn empty_raw(self) -> CallFuture<RawResponse<()>> {
        Box::pin(self.parts.send_empty())
    }
}

pub(super) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
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
    T::deserialize(crate::runtime::de::Entries(map))
        .map_err(|e| Error::decode::<T>(&e, &serde_json::to_vec(map).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_utf8_are_decode_errors() {
        match decode::<Value>(b"{\"name\":\"\xff\"}") {
            Err(Error::Decode { detail, .. }) => assert!(detail.contains("utf-8"), "{detail}"),
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(matches!(decode::<Value>(br#"{"name":"ok"}"#), Ok(Value::Object(_))));
    }
}
