//! Opt-in retries with exponential backoff.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderName, RETRY_AFTER};
use reqwest::Method;

use super::error::RATE_LIMIT_RESET;
use super::timestamp::http_date_secs;

/// When and how often failed requests are sent again.
///
/// Retries are opt-in ([`ClientBuilder::retry`](crate::ClientBuilder::retry)).
/// What is repeated:
///
/// - any request, whatever its method, that the server surely did not act
///   on ([`Error::was_not_processed`](crate::Error::was_not_processed)): a
///   `429 Too Many Requests`, or a connection that could not be established
///   (refused, DNS, TLS, or over the connect timeout), so nothing was sent;
/// - idempotent requests (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, and
///   upload chunks once the file ID is known) on any
///   [retryable](crate::Error::is_retryable) failure: also `5xx` answers
///   (except `501`), timeouts, and connections lost before the response was
///   read whole.
///
/// A `POST` or `PATCH` that timed out or lost its connection may already
/// have taken effect, so it is not repeated: the error goes to the caller.
/// A create that carries its own ID (`ID::custom`, or a client-made
/// `ID::unique()`) is safe to send again by hand: if the first attempt did
/// create the resource, the repeat fails with `409` (`*_already_exists`),
/// which then means success; read the resource by its ID.
///
/// The wait before retry `n` (0-based) is `base_delay * 2^n`, capped at
/// `max_delay`, with random jitter of up to half of it so that many clients
/// do not retry in lock-step. When the server says how long to wait
/// (`Retry-After` in seconds or as an HTTP date, or Appwrite's
/// `X-RateLimit-Reset` as a unix time on a `429`), that wait is used
/// instead; if it exceeds `max_delay` the error is returned rather than
/// waiting longer than the caller allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Wait before the first retry, doubled for each further one.
    pub base_delay: Duration,
    /// Upper bound of any single wait.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, 200 ms base delay, 10 s maximum delay.
    fn default() -> Self {
        RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(200), max_delay: Duration::from_secs(10) }
    }
}

impl RetryPolicy {
    /// A policy with `max_retries` retries and the default delays.
    pub fn new(max_retries: u32) -> Self {
        RetryPolicy { max_retries, ..RetryPolicy::default() }
    }

    /// Sets the wait before the first retry.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the upper bound of any single wait.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Backoff before retry number `attempt` (0-based), with jitter.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.min(30));
        let full = self.base_delay.checked_mul(factor).unwrap_or(self.max_delay).min(self.max_delay);
        // "Equal jitter": keep half, randomise the other half.
        let half = full / 2;
        let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
        half + Duration::from_millis(fastrand::u64(0..=jitter_ms))
    }

    /// The wait before retry `attempt`, or `None` when the server asks for a
    /// longer wait than `max_delay` allows.
    pub(crate) fn delay(&self, attempt: u32, status: Option<u16>, headers: Option<&HeaderMap>) -> Option<Duration> {
        match headers.and_then(|h| server_delay(h, status == Some(429))) {
            Some(d) if d > self.max_delay => None,
            Some(d) => Some(d),
            None => Some(self.backoff(attempt)),
        }
    }
}

/// Whether repeating `method` cannot cause a second side effect.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
}

/// The wait the server asked for, from `Retry-After` (delta seconds, or an
/// HTTP date as proxies in front of a self-hosted server send) or Appwrite's
/// `X-RateLimit-Reset` (unix seconds when the window resets). Appwrite sends
/// the latter on every rate-limited route, so it only means "wait" when the
/// request was actually refused (`rate_limited`).
pub(crate) fn server_delay(headers: &HeaderMap, rate_limited: bool) -> Option<Duration> {
    let until = |unix_secs: u64| {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        Some(Duration::from_secs(unix_secs.saturating_sub(now)))
    };
    if let Some(secs) = header_u64(headers, &RETRY_AFTER) {
        return Some(Duration::from_secs(secs));
    }
    if let Some(date) = header_text(headers, &RETRY_AFTER).and_then(http_date_secs) {
        return until(u64::try_from(date).unwrap_or(0));
    }
    if !rate_limited {
        return None;
    }
    until(header_u64(headers, &RATE_LIMIT_RESET)?)
}

/// The value of header `name`, trimmed, when it is text.
fn header_text<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// The value of header `name` as a whole number (seconds, a count, a unix
/// time), as Appwrite's rate-limit headers and `Retry-After` carry them.
pub(crate) fn header_u64(headers: &HeaderMap, name: &HeaderName) -> Option<u64> {
    header_text(headers, name).and_then(|v| v.parse::<u64>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p =
            RetryPolicy { max_retries: 10, base_delay: Duration::from_millis(100), max_delay: Duration::from_secs(1) };
        for _ in 0..50 {
            let d0 = p.backoff(0);
            assert!(d0 >= Duration::from_millis(50) && d0 <= Duration::from_millis(100));
            let d2 = p.backoff(2);
            assert!(d2 >= Duration::from_millis(200) && d2 <= Duration::from_millis(400));
            let d9 = p.backoff(40);
            assert!(d9 >= Duration::from_millis(500) && d9 <= Duration::from_secs(1));
        }
    }

    #[test]
    fn server_delay_headers() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(server_delay(&h, false), Some(Duration::from_secs(3)));

        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let mut h = HeaderMap::new();
        h.insert(
            "x-ratelimit-reset",
            HeaderValue::from_str(&(now + 2).to_string()).unwrap_or(HeaderValue::from_static("0")),
        );
        assert_eq!(server_delay(&h, false), None);
        let d = server_delay(&h, true).unwrap_or_default();
        assert!(d <= Duration::from_secs(2) && d >= Duration::from_secs(1));

        let mut dated = HeaderMap::new();
        dated.insert("retry-after", HeaderValue::from_static("Thu, 01 Jan 2015 00:00:00 GMT"));
        assert_eq!(server_delay(&dated, false), Some(Duration::ZERO), "a date in the past means now");
        dated.insert("retry-after", HeaderValue::from_static("Fri, 01 Jan 2100 00:00:00 GMT"));
        let far = server_delay(&dated, false).unwrap_or_default();
        assert!(far > Duration::from_secs(50 * 365 * 86_400), "{far:?}");
        dated.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(server_delay(&dated, false), None);

        let p = RetryPolicy::default().max_delay(Duration::from_secs(1));
        assert_eq!(p.delay(0, Some(429), Some(&h)), None, "too long a wait is not honoured");
    }

    #[test]
    fn idempotency() {
        assert!(is_idempotent(&Method::GET));
        assert!(is_idempotent(&Method::DELETE));
        assert!(is_idempotent(&Method::PUT));
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
    }
}
