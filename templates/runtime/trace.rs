//! What a request tells a `tracing` subscriber, with the opt-in `tracing`
//! feature: one span per request (all its attempts), an event per retry.
//! Without the feature, every method here is an empty inline function and
//! the crate does not depend on `tracing`.
//!
//! Spans and events carry names, the HTTP verb, the path template, status,
//! attempts and times; never a header, a query value, a body or an ID
//! filled into the path, as those may hold credentials or personal data.

use std::future::Future;
use std::time::Duration;

use reqwest::{Method, Url};

use super::error::Error;

/// The trace of one request, from its first attempt to its outcome.
pub(crate) struct RequestTrace {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    #[cfg(feature = "tracing")]
    started: std::time::Instant,
}

#[cfg(feature = "tracing")]
impl RequestTrace {
    /// Opens the span `appwrite.request`; `status`, `attempts` and
    /// `elapsed_ms` are recorded when the request ends.
    pub(crate) fn start(
        (service, method): (&'static str, &'static str),
        verb: &Method,
        template: &'static str,
        url: &Url,
    ) -> RequestTrace {
        // A call of `client.request(..)` has no template: its path is the
        // caller's own, which the caller chose to send.
        let path = if template.is_empty() { url.path() } else { template };
        let span = tracing::info_span!(
            "appwrite.request",
            service,
            method,
            http.method = verb.as_str(),
            path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        RequestTrace { span, started: std::time::Instant::now() }
    }

    /// Runs `request` inside the span.
    pub(crate) fn in_span<F: Future>(&self, request: F) -> impl Future<Output = F::Output> {
        tracing::Instrument::instrument(request, self.span.clone())
    }

    /// An event for attempt `attempt` having failed and being retried.
    pub(crate) fn retry(&self, attempt: u32, delay: Duration, error: &Error) {
        let _entered = self.span.enter();
        tracing::warn!(
            attempt,
            status = error.status(),
            kind = error.kind(),
            delay_ms = delay.as_millis() as u64,
            "retrying Appwrite request"
        );
    }

    /// Records the outcome in the span, which closes when it is dropped.
    pub(crate) fn finish(&self, attempts: u32, status: Option<u16>) {
        if let Some(status) = status {
            self.span.record("status", status);
        }
        self.span.record("attempts", attempts);
        self.span.record("elapsed_ms", self.started.elapsed().as_millis() as u64);
    }
}

#[cfg(not(feature = "tracing"))]
impl RequestTrace {
    #[inline(always)]
    pub(crate) fn start(
        _operation: (&'static str, &'static str),
        _verb: &Method,
        _template: &'static str,
        _url: &Url,
    ) -> RequestTrace {
        RequestTrace {}
    }

    #[inline(always)]
    pub(crate) fn in_span<F: Future>(&self, request: F) -> F {
        request
    }

    #[inline(always)]
    pub(crate) fn retry(&self, _attempt: u32, _delay: Duration, _error: &Error) {}

    #[inline(always)]
    pub(crate) fn finish(&self, _attempts: u32, _status: Option<u16>) {}
}
