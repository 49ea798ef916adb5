//! `.typed::<T>()`: an operation that answers with documents, rows or
//! preferences, its response read with the caller's own type for their
//! attributes, through the same sending, retrying and paging as the
//! untyped call.

use std::fmt;
use std::future::IntoFuture;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::parts::Call;
use super::send::{CallFuture, RawResponse};
use crate::runtime::paginate::{paginate, Page, Paginated};
use crate::runtime::retry::RetryPolicy;

/// A call whose response is `O`, a model generic over the caller's data
/// (`Row<T>`, `RowList<T>`, `Document<T>`, ...); what an operation's
/// `.typed::<T>()` returns. Await it, or call `send_raw()`, or, for a list,
/// `into_stream()`.
#[must_use = "nothing is sent until it is awaited"]
pub struct Typed<O> {
    call: Call<O>,
}

impl<O> fmt::Debug for Typed<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.call.fmt(f)
    }
}

impl<O> Typed<O> {
    /// Wraps a generated operation's call, retyped for the caller's data.
    #[inline]
    pub fn new(call: Call<O>) -> Self {
        Typed { call }
    }

    /// Overrides the client's request timeout for this request only.
    #[inline]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.call.set_timeout(timeout);
        self
    }

    /// Sends this header with this request too, replacing one of the same
    /// name. An invalid name or value fails the request with
    /// `Error::InvalidInput`.
    #[inline]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call.add_header(name, value);
        self
    }

    /// Retries this request by `policy` instead of the client's.
    #[inline]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.call.set_retry(policy);
        self
    }
}

impl<O: DeserializeOwned + Send + 'static> Typed<O> {
    /// Sends the request and decodes the response (a future: `.await` it).
    #[inline]
    pub fn send(self) -> CallFuture<O> {
        self.call.json()
    }

    /// Sends the request and returns the decoded value together with the
    /// status, headers, raw body and elapsed time.
    #[inline]
    pub fn send_raw(self) -> CallFuture<RawResponse<O>> {
        self.call.json_raw()
    }
}

impl<P: Page> Typed<P> {
    /// All items of the listing as a stream, each with the caller's data
    /// type, fetched page by page as it is polled (as the untyped
    /// `into_stream()`).
    #[inline]
    pub fn into_stream(self) -> Paginated<P::Item> {
        paginate(self.call)
    }
}

impl<O: DeserializeOwned + Send + 'static> IntoFuture for Typed<O> {
    type Output = crate::runtime::Result<O>;
    type IntoFuture = CallFuture<O>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}
