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
    pub(crate) fn start(operation: &'static str, verb: &Method, template: &'static str, url: &Url) -> RequestTrace {
        let (service, method) = operation_names(operation);
        // A call of `client.request(..)` has no template: its path is the
        // caller's own, which the caller chose to send.
        let path = if template.is_empty() { url.path() } else { template };
        let span = tracing::info_span!(
            "appwrite.request",
            service,
            method = method.as_str(),
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
    pub(crate) fn start(_operation: &'static str, _verb: &Method, _template: &'static str, _url: &Url) -> RequestTrace {
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

/// `("users", "create_file")` from the builder type
/// `appwrite_client::services::users::CreateFile`; `("custom", "request")`
/// for `client.request(..)`, which has none.
#[cfg_attr(not(any(feature = "tracing", test)), allow(dead_code))]
fn operation_names(operation: &'static str) -> (&'static str, String) {
    let mut segments = operation.rsplit("::");
    match (segments.next(), segments.next()) {
        (Some(builder), Some(service)) if !builder.is_empty() => (service, snake_case(builder)),
        _ => ("custom", "request".to_owned()),
    }
}

/// `CreateFile` -> `create_file`: builder types are the method names in
/// UpperCamelCase, digits kept with the word before them (`CreateOauth2Token`).
#[cfg_attr(not(any(feature = "tracing", test)), allow(dead_code))]
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_named_by_service_and_method() {
        assert_eq!(
            operation_names("appwrite_client::services::storage::CreateFile"),
            ("storage", "create_file".to_owned())
        );
        assert_eq!(
            operation_names("x::services::account::CreateOauth2Token"),
            ("account", "create_oauth2_token".to_owned())
        );
        assert_eq!(operation_names(""), ("custom", "request".to_owned()));
    }
}
