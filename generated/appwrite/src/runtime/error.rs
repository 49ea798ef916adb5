// @generated: copied by appwrite-generator from templates/ (the `src/runtime/error.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! The single error type returned by every operation.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, CONTENT_TYPE, LOCATION, RETRY_AFTER};

use super::fields::{fields_of, Field};
use super::joined::Joined;
use super::retry::header_u64;

/// How many characters of a response body are kept in [`Error::Decode`]: enough
/// to recognise the payload, small enough for a log line.
const BODY_SNIPPET_CHARS: usize = 200;

/// How much of an error response's body [`Error::Api`] keeps. Appwrite's own
/// error documents are far smaller; a proxy's error page or a misrouted
/// download can be megabytes, which no caller wants held in an error.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// How many characters of the body and message `Debug` of an
/// [`Error::Api`] shows, so that `unwrap()` or `tracing::error!(?e)` stays
/// one readable record.
const DEBUG_BODY_CHARS: usize = 1024;

/// Response headers an [`Error::Api`] keeps: the ones that tell a caller
/// when to try again, and where a redirect pointed.
const KEPT_HEADERS: [HeaderName; 6] =
    [RETRY_AFTER, RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET, LOCATION, CONTENT_TYPE];

/// Appwrite's rate-limit headers (see [`RateLimit`]).
const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
pub(crate) const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// Everything that can go wrong when talking to Appwrite.
///
/// The `Debug` and `Display` forms never contain the API key, JWT or session
/// secret: those are only ever held by the [`Client`](crate::Client).
///
/// # Retries
///
/// [`is_retryable`](Error::is_retryable) says whether the same request may
/// succeed later; [`was_not_processed`](Error::was_not_processed) whether the
/// server surely did not act on it. With a
/// [`RetryPolicy`](crate::RetryPolicy), idempotent requests are retried on
/// the former, every request on the latter.
#[non_exhaustive]
pub enum Error {
    /// Appwrite (or a proxy in front of it) answered with a non-success
    /// status. Redirects are not followed, so a `3xx` ends here too, with
    /// its `location` header.
    Api {
        /// HTTP status code.
        status: u16,
        /// Appwrite's numeric `code` (usually equal to `status`).
        code: i64,
        /// Appwrite's machine-readable error `type`, e.g. `user_not_found`;
        /// empty when the body was not an Appwrite error document.
        kind: String,
        /// Human-readable message from Appwrite, or the start of the body.
        message: String,
        /// The response body as text, at most [`MAX_ERROR_BODY`] bytes of it.
        body: String,
        /// Whether the body was longer than [`MAX_ERROR_BODY`] and was cut.
        body_truncated: bool,
        /// The response headers that matter to a caller (`Retry-After`,
        /// `X-RateLimit-*`, `Location`, `Content-Type`); see
        /// [`Error::retry_after`] and [`Error::rate_limit`]. Boxed to keep
        /// every `Result` of the crate small.
        headers: Box<HeaderMap>,
    },
    /// The request could not be sent or the response could not be read
    /// (DNS, connection refused, reset or cut mid-body, TLS, ...).
    Transport(reqwest::Error),
    /// The request did not complete within the configured timeout, or the
    /// server stayed silent longer than the read timeout.
    Timeout,
    /// The response was received but did not match the expected model.
    Decode {
        /// Rust type name the body was decoded into.
        what: &'static str,
        /// serde_json's explanation, including line and column of the failing
        /// token (e.g. ``missing field `name` at line 1 column 42``).
        detail: String,
        /// The first characters of the body, to recognise what was received.
        body_start: String,
    },
    /// The request could not be built from the given arguments (bad endpoint,
    /// invalid header value, unreadable file, ...). Nothing was sent.
    InvalidInput(String),
    /// The operation was cancelled through a `CancelToken` (an upload's
    /// `cancel_with`, with the `uploads` feature).
    Cancelled,
    /// A GraphQL response carried errors (Appwrite answers them with
    /// `200 OK`); from [`GraphqlResponse::into_data`](crate::GraphqlResponse::into_data).
    Graphql(Vec<crate::GraphqlError>),
    /// An upload failed once its file ID was known (given by the caller, or
    /// assigned by Appwrite with the first chunk). The chunks Appwrite
    /// acknowledged stay stored: sending the same file again with this
    /// `file_id` resumes after them. [`Error::cause`] is the failure itself.
    Upload {
        /// ID of the file being created.
        file_id: String,
        /// Chunks Appwrite acknowledged before the failure.
        chunks_done: u64,
        /// Chunks of the whole file.
        chunks_total: u64,
        /// What went wrong (never another `Upload`).
        source: Box<Error>,
    },
}

/// Result alias used by every operation of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Appwrite's rate-limit headers of a response (`X-RateLimit-Limit`,
/// `-Remaining`, `-Reset`), from [`Error::rate_limit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in unix seconds.
    pub reset: Option<u64>,
}

impl Error {
    /// The failure itself: for an [`Error::Upload`], the error it wraps;
    /// `self` otherwise. Match on this to handle, say, a `Cancelled` or a
    /// `404` the same way whether or not an upload was under way.
    pub fn cause(&self) -> &Error {
        match self {
            Error::Upload { source, .. } => source,
            other => other,
        }
    }

    /// ID of the file an interrupted upload was creating, to resume it.
    pub fn upload_file_id(&self) -> Option<&str> {
        match self {
            Error::Upload { file_id, .. } => Some(file_id),
            _ => None,
        }
    }

    /// HTTP status of an [`Error::Api`]; `None` for every other variant.
    pub fn status(&self) -> Option<u16> {
        match self.cause() {
            Error::Api { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// Appwrite's numeric error code of an [`Error::Api`].
    pub fn code(&self) -> Option<i64> {
        match self.cause() {
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Appwrite's error `type` (e.g. `user_not_found`) of an [`Error::Api`].
    pub fn kind(&self) -> Option<&str> {
        match self.cause() {
            Error::Api { kind, .. } if !kind.is_empty() => Some(kind),
            _ => None,
        }
    }

    /// The headers kept from the error response of an [`Error::Api`].
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self.cause() {
            Error::Api { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again: its
    /// `Retry-After` (seconds or an HTTP date), or on a `429` Appwrite's
    /// `X-RateLimit-Reset`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self.cause() {
            Error::Api { status, headers, .. } => super::retry::server_delay(headers, *status == 429),
            _ => None,
        }
    }

    /// Appwrite's rate-limit headers of an [`Error::Api`], when it sent any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        let headers = self.headers()?;
        let limit = RateLimit {
            limit: header_u64(headers, &RATE_LIMIT_LIMIT),
            remaining: header_u64(headers, &RATE_LIMIT_REMAINING),
            reset: header_u64(headers, &RATE_LIMIT_RESET),
        };
        (limit != RateLimit { limit: None, remaining: None, reset: None }).then_some(limit)
    }

    /// Whether sending the same request again may succeed: connection
    /// problems (including a response cut off mid-body), timeouts,
    /// `429 Too Many Requests` and server errors (except `501 Not
    /// Implemented`). A request that may have taken effect is only repeated
    /// automatically when it is idempotent; see [`RetryPolicy`](crate::RetryPolicy).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { status, .. } => *status == 429 || (*status >= 500 && *status != 501),
            // reqwest flags every failure while reading a response body as
            // "decode", a connection cut mid-body included; the crate decodes
            // JSON itself (`Error::Decode`), so here it is the transport.
            Error::Transport(e) => !e.is_builder() && !e.is_redirect(),
            Error::Timeout => true,
            Error::Upload { source, .. } => source.is_retryable(),
            Error::Decode { .. } | Error::InvalidInput(_) | Error::Cancelled | Error::Graphql(_) => false,
        }
    }

    /// Whether the server surely did not act on the request, so that
    /// sending it again is safe even for a `POST` that creates something:
    /// a `429` (refused before processing) or a connection that could not
    /// be established (nothing was sent). After a timeout or a connection
    /// lost mid-way, a create may have taken effect: only the caller knows
    /// whether to repeat it (with its own ID, a repeat that gets `409` means
    /// the first attempt did create it).
    pub fn was_not_processed(&self) -> bool {
        match self.cause() {
            Error::Api { status, .. } => *status == 429,
            Error::Transport(e) => e.is_connect(),
            _ => false,
        }
    }

    /// Builds an [`Error::Api`] from a non-success response, whose body was
    /// read up to [`MAX_ERROR_BODY`] bytes (`truncated` when there was more).
    pub(crate) fn from_response(status: u16, body: &[u8], truncated: bool, all_headers: &HeaderMap) -> Error {
        let body = &body[..body.len().min(MAX_ERROR_BODY)];
        let text = String::from_utf8_lossy(body).into_owned();
        // A cut body is not a whole JSON document; no need to try. Parsing
        // the text rather than the bytes keeps serde_json's byte-slice
        // parser, a second copy of the whole parser, out of the crate.
        let [message, kind, code] =
            (!truncated).then(|| fields_of(&text, ["message", "type", "code"])).flatten().unwrap_or_default();
        let owned = |field: Option<Field<'_>>| field.as_ref().and_then(Field::as_str).map(str::to_owned);
        let (message, kind) = (owned(message), owned(kind));
        let code = code.and_then(|c| match c {
            Field::Int(n) => Some(n),
            // Appwrite's codes are HTTP-like, never negative.
            Field::Str(s) => s.parse::<u64>().ok().and_then(|n| i64::try_from(n).ok()),
            _ => None,
        });
        let message = match message {
            Some(m) => m,
            // A proxy or load balancer error page: its start is the best hint.
            None if !text.trim().is_empty() => snippet(&text),
            None => format!("HTTP {status}"),
        };
        let mut headers = HeaderMap::new();
        // Each of them has one value.
        for name in &KEPT_HEADERS {
            if let Some(value) = all_headers.get(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        Error::Api {
            status,
            code: code.unwrap_or(i64::from(status)),
            kind: kind.unwrap_or_default(),
            message,
            body: text,
            body_truncated: truncated,
            headers: Box::new(headers),
        }
    }

    /// Builds an [`Error::Decode`] for a body that did not match `T`.
    pub(crate) fn decode<T>(err: &dyn fmt::Display, body: &[u8]) -> Error {
        // A UTF-8 character is at most 4 bytes: this prefix holds the snippet.
        let start = &body[..body.len().min(BODY_SNIPPET_CHARS * 4)];
        Error::Decode {
            what: std::any::type_name::<T>(),
            detail: err.to_string(),
            body_start: snippet(&String::from_utf8_lossy(start)),
        }
    }

    /// Maps a reqwest error, keeping timeouts distinguishable. A connection
    /// that timed out is a transport error like a refused one: in both
    /// cases nothing was sent.
    pub(crate) fn from_reqwest(err: reqwest::Error) -> Error {
        if err.is_timeout() && !err.is_connect() {
            Error::Timeout
        } else {
            Error::Transport(err)
        }
    }

    /// An [`Error::InvalidInput`] with this message. Out of line and cold:
    /// a bad argument is the exception, and each of the many places that
    /// report one is left a call rather than the formatting code.
    #[cold]
    #[inline(never)]
    pub(crate) fn invalid(message: fmt::Arguments<'_>) -> Error {
        Error::InvalidInput(message.to_string())
    }

    /// Wraps an upload failure with the file ID needed to resume it.
    #[cfg(feature = "uploads")]
    pub(crate) fn in_upload(self, file_id: &str, chunks_done: u64, chunks_total: u64) -> Error {
        match self {
            already @ Error::Upload { .. } => already,
            source => {
                Error::Upload { file_id: file_id.to_owned(), chunks_done, chunks_total, source: Box::new(source) }
            }
        }
    }
}

/// First [`BODY_SNIPPET_CHARS`] characters, cut on a character boundary.
pub(crate) fn snippet(text: &str) -> String {
    cut(text, BODY_SNIPPET_CHARS)
}

/// The first `chars` characters of `text`, with `...` when there was more.
fn cut(text: &str, chars: usize) -> String {
    Cut(text, chars).to_string()
}

/// Shows the first `.1` characters of `.0`, with `...` when there was more.
struct Cut<'a>(&'a str, usize);

impl fmt::Display for Cut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(self.1) {
            Some((idx, _)) => {
                f.write_str(&self.0[..idx])?;
                f.write_str("...")
            }
            None => f.write_str(self.0),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, code, kind, message, body, body_truncated, headers } => {
                let shown = cut(body, DEBUG_BODY_CHARS);
                let mut d = f.debug_struct("Api");
                d.field("status", status)
                    .field("code", code)
                    .field("kind", kind)
                    .field("message", &cut(message, DEBUG_BODY_CHARS))
                    .field("body", &shown);
                if shown.len() != body.len() || *body_truncated {
                    d.field("body_len", &body.len()).field("body_truncated", body_truncated);
                }
                d.field("headers", headers).finish()
            }
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Timeout => f.write_str("Timeout"),
            Error::Decode { what, detail, body_start } => f
                .debug_struct("Decode")
                .field("what", what)
                .field("detail", detail)
                .field("body_start", body_start)
                .finish(),
            Error::InvalidInput(msg) => f.debug_tuple("InvalidInput").field(msg).finish(),
            Error::Cancelled => f.write_str("Cancelled"),
            Error::Graphql(errors) => f.debug_tuple("Graphql").field(errors).finish(),
            Error::Upload { file_id, chunks_done, chunks_total, source } => f
                .debug_struct("Upload")
                .field("file_id", file_id)
                .field("chunks_done", chunks_done)
                .field("chunks_total", chunks_total)
                .field("source", source)
                .finish(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, kind, message, .. } => {
                let message = Cut(message, DEBUG_BODY_CHARS);
                if kind.is_empty() {
                    write!(f, "Appwrite API error {status}: {message}")
                } else {
                    write!(f, "Appwrite API error {status} ({kind}): {message}")
                }
            }
            Error::Transport(e) => {
                write!(f, "transport error: {e}")?;
                // reqwest's top-level message is often just "error sending
                // request"; the cause (e.g. "connection refused") is the useful part.
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    write!(f, ": {s}")?;
                    source = s.source();
                }
                Ok(())
            }
            Error::Timeout => write!(f, "request timed out"),
            Error::Decode { what, detail, body_start } => {
                write!(f, "could not decode response as {what}: {detail}; body starts with: {body_start}")
            }
            Error::InvalidInput(msg) => write!(f, "invalid input: {msg}"),
            Error::Cancelled => write!(f, "operation cancelled"),
            Error::Graphql(errors) => write!(f, "GraphQL errors: {}", Joined(errors, "; ")),
            Error::Upload { file_id, chunks_done, chunks_total, source } => write!(
                f,
                "upload of file {file_id} stopped after {chunks_done} of {chunks_total} chunks \
                 (send it again with this file ID to resume): {source}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Upload { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn api(status: u16, body: &[u8]) -> Error {
        Error::from_response(status, body, false, &HeaderMap::new())
    }

    #[test]
    fn parses_appwrite_error_body() {
        let body = br#"{"message":"User not found","code":404,"type":"user_not_found","version":"1.8.0"}"#;
        let e = api(404, body);
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.code(), Some(404));
        assert_eq!(e.kind(), Some("user_not_found"));
        assert_eq!(e.to_string(), "Appwrite API error 404 (user_not_found): User not found");
    }

    #[test]
    fn non_json_error_body_keeps_snippet() {
        let body = "<html>".to_owned() + &"x".repeat(500);
        let e = api(502, body.as_bytes());
        match &e {
            Error::Api { message, code, kind, .. } => {
                assert!(message.starts_with("<html>xx"));
                assert!(message.ends_with("..."));
                assert_eq!(*code, 502);
                assert!(kind.is_empty());
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(e.is_retryable());
    }

    #[test]
    fn snippet_respects_char_boundaries() {
        let s = "é".repeat(300);
        let cut = snippet(&s);
        assert_eq!(cut.chars().count(), BODY_SNIPPET_CHARS + 3);
    }

    #[test]
    fn debug_shows_the_start_of_a_long_body_and_its_length() {
        let body = "y".repeat(MAX_ERROR_BODY);
        let e = Error::from_response(502, body.as_bytes(), true, &HeaderMap::new());
        let shown = format!("{e:?}");
        assert!(shown.len() < 3 * DEBUG_BODY_CHARS, "{} bytes", shown.len());
        assert!(shown.contains(&format!("body_len: {MAX_ERROR_BODY}")), "{shown}");
        assert!(shown.contains("body_truncated: true"), "{shown}");
    }

    #[test]
    fn rate_limit_headers_are_kept_and_others_dropped() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("7"));
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("60"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("1700000000"));
        headers.insert("set-cookie", HeaderValue::from_static("a_session=secret"));
        let e = Error::from_response(429, b"{}", false, &headers);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(e.rate_limit(), Some(RateLimit { limit: Some(60), remaining: Some(0), reset: Some(1_700_000_000) }));
        assert!(e.headers().is_some_and(|h| h.get("set-cookie").is_none()));
        assert!(e.was_not_processed());
        assert_eq!(api(500, b"").rate_limit(), None);
        assert!(!api(500, b"").was_not_processed());
    }

    #[cfg(feature = "uploads")]
    #[test]
    fn upload_errors_delegate_to_their_cause() {
        let e = api(503, b"").in_upload("f1", 2, 5);
        assert_eq!(e.upload_file_id(), Some("f1"));
        assert_eq!(e.status(), Some(503));
        assert!(e.is_retryable());
        assert!(matches!(e.cause(), Error::Api { status: 503, .. }));
        assert!(e.to_string().contains("f1"), "{e}");
        let twice = e.in_upload("other", 0, 1);
        assert_eq!(twice.upload_file_id(), Some("f1"));
    }
}
