//! The single error type returned by every operation.

use std::fmt;

/// How many characters of a response body are kept in [`Error::Decode`]: enough
/// to recognise the payload, small enough for a log line.
const BODY_SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong when talking to Appwrite.
///
/// The `Debug` and `Display` forms never contain the API key, JWT or session
/// secret: those are only ever held by the [`Client`](crate::Client).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Appwrite answered with a non-success status.
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
        /// The raw response body.
        body: String,
    },
    /// The request could not be sent or the response could not be read
    /// (DNS, connection refused or reset, TLS, ...).
    Transport(reqwest::Error),
    /// The request did not complete within the configured timeout.
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
    /// The operation was cancelled through a [`CancelToken`](crate::CancelToken).
    Cancelled,
}

/// Result alias used by every operation of this crate.
pub type Result<T> = std::result::Result<T, Error>;

#[derive(serde::Deserialize)]
struct AppwriteErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

impl Error {
    /// HTTP status of an [`Error::Api`]; `None` for every other variant.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// Appwrite's numeric error code of an [`Error::Api`].
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Appwrite's error `type` (e.g. `user_not_found`) of an [`Error::Api`].
    pub fn kind(&self) -> Option<&str> {
        match self {
            Error::Api { kind, .. } if !kind.is_empty() => Some(kind),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: connection
    /// problems, timeouts, `429 Too Many Requests` and server errors
    /// (except `501 Not Implemented`).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { status, .. } => *status == 429 || (*status >= 500 && *status != 501),
            Error::Transport(e) => !e.is_builder() && !e.is_redirect() && !e.is_decode(),
            Error::Timeout => true,
            Error::Decode { .. } | Error::InvalidInput(_) | Error::Cancelled => false,
        }
    }

    /// Builds an [`Error::Api`] from a non-success response.
    pub(crate) fn from_response(status: u16, body: &[u8]) -> Error {
        let text = String::from_utf8_lossy(body).into_owned();
        let parsed = serde_json::from_slice::<AppwriteErrorBody>(body).ok();
        let (message, code, kind) = match parsed {
            Some(p) => (
                p.message,
                p.code.and_then(|c| match c {
                    serde_json::Value::Number(n) => n.as_i64(),
                    serde_json::Value::String(s) => s.parse().ok(),
                    _ => None,
                }),
                p.kind,
            ),
            None => (None, None, None),
        };
        let message = match message {
            Some(m) => m,
            // A proxy or load balancer error page: its start is the best hint.
            None if !text.trim().is_empty() => snippet(&text),
            None => format!("HTTP {status}"),
        };
        Error::Api {
            status,
            code: code.unwrap_or(i64::from(status)),
            kind: kind.unwrap_or_default(),
            message,
            body: text,
        }
    }

    /// Builds an [`Error::Decode`] for a body that did not match `T`.
    pub(crate) fn decode<T>(err: &dyn fmt::Display, body: &[u8]) -> Error {
        Error::Decode {
            what: std::any::type_name::<T>(),
            detail: err.to_string(),
            body_start: snippet(&String::from_utf8_lossy(body)),
        }
    }

    /// Maps a reqwest error, keeping timeouts distinguishable.
    pub(crate) fn from_reqwest(err: reqwest::Error) -> Error {
        if err.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport(err)
        }
    }
}

/// First [`BODY_SNIPPET_CHARS`] characters, cut on a character boundary.
pub(crate) fn snippet(text: &str) -> String {
    match text.char_indices().nth(BODY_SNIPPET_CHARS) {
        Some((idx, _)) => format!("{}...", &text[..idx]),
        None => text.to_owned(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status,
                kind,
                message,
                ..
            } => {
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
            Error::Decode {
                what,
                detail,
                body_start,
            } => write!(
                f,
                "could not decode response as {what}: {detail}; body starts with: {body_start}"
            ),
            Error::InvalidInput(msg) => write!(f, "invalid input: {msg}"),
            Error::Cancelled => write!(f, "operation cancelled"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_appwrite_error_body() {
        let body =
            br#"{"message":"User not found","code":404,"type":"user_not_found","version":"1.8.0"}"#;
        let e = Error::from_response(404, body);
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.code(), Some(404));
        assert_eq!(e.kind(), Some("user_not_found"));
        assert_eq!(
            e.to_string(),
            "Appwrite API error 404 (user_not_found): User not found"
        );
    }

    #[test]
    fn non_json_error_body_keeps_snippet() {
        let body = "<html>".to_owned() + &"x".repeat(500);
        let e = Error::from_response(502, body.as_bytes());
        match &e {
            Error::Api {
                message,
                code,
                kind,
                ..
            } => {
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
}
