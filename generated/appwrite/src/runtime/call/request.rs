// @generated: copied by appwrite-generator from templates/ (the `src/runtime/call/request.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! [`Request`]: the builder every generated operation returns.
//!
//! One generic type serves all operations. Each operation is a marker type
//! implementing [`Operation`] (its output, its service and method names),
//! and its builder is `Request<ThatOperation, Kind>`, whose `Kind` says how
//! it is sent. What every builder shares (`send`, `send_raw`, `header`,
//! `retry`, `request_timeout`, `IntoFuture`, `into_stream`, `typed`) is
//! written and type-checked here once; with a struct per operation it was
//! repeated for each of hundreds of operations, and compiling those copies
//! was a tenth of the crate's build time. Only an operation's own setters
//! are generated, as an `impl` on its `Request`.

use std::fmt;
use std::future::{ready, IntoFuture};
use std::marker::PhantomData;
use std::time::Duration;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::parts::Call;
use super::send::{CallFuture, RawResponse};
use super::stream::ByteStream;
#[cfg(feature = "uploads")]
use super::upload::UploadProgress;
#[cfg(feature = "uploads")]
use crate::runtime::cancel::CancelToken;
use crate::runtime::error::Result;
use crate::runtime::paginate::{paginate, Page, Paginated};
use crate::runtime::retry::RetryPolicy;

/// An Appwrite operation, named by a marker type of the generated service
/// module: what its response decodes to, and its names in this crate's API.
/// Implemented by the generated services for the [`Request`]s their methods
/// return.
pub trait Operation {
    /// What the response decodes to (`()` when Appwrite answers with no
    /// content, [`Bytes`] for a download, the URL for a browser redirect).
    type Output;
    /// The service's module, as in `client.users()`: `"users"`.
    const SERVICE: &'static str;
    /// The method, as in `client.users().list()`: `"list"`.
    const METHOD: &'static str;
}

/// A list operation whose items can be streamed across pages with
/// [`Request::into_stream`].
pub trait Paged: Operation<Output: Page> {}

/// An operation answering with documents, rows or preferences, whose data
/// the caller can read as a type of their own with [`Request::typed`].
pub trait TypedOperation: Operation {
    /// The response's model with the caller's `T` as its data.
    type Typed<T>;
}

/// The operation `Op` with the data of its documents, rows or preferences
/// read as the caller's `T`: [`Request::typed`] turns a request of `Op`
/// into a request of this. Only a type, never a value.
pub struct WithData<Op, T>(PhantomData<fn() -> (Op, T)>);

impl<Op: TypedOperation, T> Operation for WithData<Op, T> {
    type Output = Op::Typed<T>;
    const SERVICE: &'static str = Op::SERVICE;
    const METHOD: &'static str = Op::METHOD;
}

impl<Op: TypedOperation + Paged, T> Paged for WithData<Op, T> where Op::Typed<T>: Page {}

/// The `Kind` of a [`Request`] answering with JSON, decoded into the
/// operation's output.
#[derive(Debug)]
pub enum Json {}

/// The `Kind` of a [`Request`] answering with no content.
#[derive(Debug)]
pub enum Empty {}

/// The `Kind` of a [`Request`] downloading bytes (files, previews, avatars).
#[derive(Debug)]
pub enum Binary {}

/// The `Kind` of a [`Request`] that sends nothing and gives the URL to open
/// in a browser (OAuth2 redirects).
#[derive(Debug)]
pub enum Redirect {}

/// The `Kind` of a [`Request`] uploading a file, in chunks when it is large.
#[cfg(feature = "uploads")]
#[derive(Debug)]
pub enum Upload {}

/// The kinds whose requests are sent by this crate: every kind but
/// [`Redirect`]. They take per-request headers, retries and timeouts.
pub trait Sent: sealed::Sealed {}

impl Sent for Json {}
impl Sent for Empty {}
impl Sent for Binary {}
#[cfg(feature = "uploads")]
impl Sent for Upload {}

mod sealed {
    pub trait Sealed {}

    impl Sealed for super::Json {}
    impl Sealed for super::Empty {}
    impl Sealed for super::Binary {}
    #[cfg(feature = "uploads")]
    impl Sealed for super::Upload {}
}

/// A request of the operation `Op`, returned by a service method: set its
/// optional parameters with the operation's own setters, then `.await` it
/// or call `send()`. The services name each one with a type alias
/// (`services::users::List` is `Request<services::users::ops::List, Json>`).
#[must_use = "a request does nothing until it is sent with `.await` or `.send()`"]
pub struct Request<Op: Operation, Kind> {
    pub(crate) call: Call<Op::Output>,
    kind: PhantomData<fn() -> Kind>,
}

impl<Op: Operation, Kind> Request<Op, Kind> {
    /// The request for `call`, named after `Op` in traces.
    #[inline]
    pub(crate) fn new(call: Call<Op::Output>) -> Self {
        Request { call: call.named(Op::SERVICE, Op::METHOD), kind: PhantomData }
    }
}

impl<Op: Operation, Kind> fmt::Debug for Request<Op, Kind> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &format_args!("{}.{}", Op::SERVICE, Op::METHOD))
            .field("call", &self.call)
            .finish()
    }
}

impl<Op: Operation, Kind: Sent> Request<Op, Kind> {
    /// Overrides the client's request timeout for this request only (for
    /// chunked uploads: for each chunk).
    #[inline]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.call.set_timeout(timeout);
        self
    }

    /// Sends this header with this request too, replacing one of the same
    /// name (the client's own included). An invalid name or value fails the
    /// request with [`Error::InvalidInput`](crate::Error::InvalidInput).
    #[inline]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call.add_header(name, value);
        self
    }

    /// Retries this request by `policy` instead of the client's
    /// (`RetryPolicy::new(0)`: not at all). What is safe to repeat does not
    /// change: see [`RetryPolicy`].
    #[inline]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.call.set_retry(policy);
        self
    }
}

impl<Op: Operation<Output: DeserializeOwned + Send + 'static>> Request<Op, Json> {
    /// Sends the request and decodes the response (a future: `.await` it).
    #[inline]
    pub fn send(self) -> CallFuture<Op::Output> {
        self.call.json()
    }

    /// Sends the request and returns the decoded value together with the
    /// status, headers, raw body and elapsed time.
    #[inline]
    pub fn send_raw(self) -> CallFuture<RawResponse<Op::Output>> {
        self.call.json_raw()
    }
}

impl<Op: Paged> Request<Op, Json> {
    /// All items of the listing as a stream, fetched page by page with
    /// `limit` and `cursorAfter` (`offset` for items without an ID) as it is
    /// polled. The request's own queries (filters, order) apply to every
    /// page; a `limit` among them sets the page size, a `cursorAfter` or
    /// `offset` where it starts.
    #[inline]
    pub fn into_stream(self) -> Paginated<<Op::Output as Page>::Item> {
        paginate(self.call)
    }
}

impl<Op: TypedOperation> Request<Op, Json> {
    /// This request with the response's attributes read as your own type
    /// `T` rather than a map (`Map<String, Value>`, the default): it answers
    /// with the operation's model generic over `T` (`Row<T>`,
    /// `DocumentList<T>`, ...), and is sent, retried and paged as before.
    /// `T` is any `serde::Deserialize` type; the schema's own fields (`$id`,
    /// `$createdAt`, ...) stay on the model.
    #[inline]
    pub fn typed<T>(self) -> Request<WithData<Op, T>, Json>
    where
        T: DeserializeOwned + Send + 'static,
    {
        Request { call: self.call.retype(), kind: PhantomData }
    }
}

impl<Op: Operation<Output = ()>> Request<Op, Empty> {
    /// Sends the request; the response has no content (a future: `.await` it).
    #[inline]
    pub fn send(self) -> CallFuture<()> {
        self.call.empty()
    }

    /// Sends the request and returns the status, headers, raw body and
    /// elapsed time.
    #[inline]
    pub fn send_raw(self) -> CallFuture<RawResponse<()>> {
        self.call.empty_raw()
    }
}

impl<Op: Operation<Output = Bytes>> Request<Op, Binary> {
    /// Downloads the whole response body into memory (a future: `.await` it).
    #[inline]
    pub fn send(self) -> CallFuture<Bytes> {
        self.call.bytes()
    }

    /// Downloads the body and returns it with the status, headers (e.g.
    /// `content-type`) and elapsed time.
    #[inline]
    pub fn send_raw(self) -> CallFuture<RawResponse<Bytes>> {
        self.call.bytes_raw()
    }

    /// Streams the response body instead of buffering it. Fails early,
    /// before any data, if Appwrite answers with an error.
    #[inline]
    pub async fn stream(self) -> Result<ByteStream> {
        self.call.send_stream().await
    }

    /// The URL of this resource, with the project ID and all query
    /// parameters, for use where headers cannot be sent (e.g. `<img src>`).
    /// Credentials are not included: the resource must be readable without
    /// them, or carry a file `token`.
    #[inline]
    pub fn url(&self) -> Result<String> {
        self.call.url()
    }
}

impl<Op: Operation<Output = String>> Request<Op, Redirect> {
    /// Builds the URL to open in the user's browser (with the project ID and
    /// all query parameters). Nothing is sent.
    #[inline]
    pub fn send(self) -> CallFuture<String> {
        Box::pin(ready(self.url()))
    }

    /// Same as `send()`, without `async`.
    #[inline]
    pub fn url(&self) -> Result<String> {
        self.call.url()
    }
}

#[cfg(feature = "uploads")]
impl<Op: Operation<Output: DeserializeOwned + Send + 'static>> Request<Op, Upload> {
    /// Uploads the file (in 5 MiB chunks when larger, resuming an
    /// interrupted upload with the same explicit file ID) and decodes the
    /// response (a future: `.await` it).
    #[inline]
    pub fn send(self) -> CallFuture<Op::Output> {
        self.call.upload()
    }

    /// Like `send()`, also returning the last response's status, headers
    /// and raw body, and the total elapsed time.
    #[inline]
    pub fn send_raw(self) -> CallFuture<RawResponse<Op::Output>> {
        self.call.upload_raw()
    }

    /// Calls `callback` after each acknowledged chunk.
    #[inline]
    pub fn on_progress(mut self, callback: impl Fn(UploadProgress) + Send + Sync + 'static) -> Self {
        self.call.set_progress(callback);
        self
    }

    /// Aborts the upload with [`Error::Cancelled`](crate::Error::Cancelled)
    /// when `token` is cancelled; chunks already sent can be resumed later.
    #[inline]
    pub fn cancel_with(mut self, token: CancelToken) -> Self {
        self.call.set_cancel(token);
        self
    }
}

impl<Op: Operation<Output: DeserializeOwned + Send + 'static>> IntoFuture for Request<Op, Json> {
    type Output = Result<Op::Output>;
    type IntoFuture = CallFuture<Op::Output>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

impl<Op: Operation<Output = ()>> IntoFuture for Request<Op, Empty> {
    type Output = Result<()>;
    type IntoFuture = CallFuture<()>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

impl<Op: Operation<Output = Bytes>> IntoFuture for Request<Op, Binary> {
    type Output = Result<Bytes>;
    type IntoFuture = CallFuture<Bytes>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

impl<Op: Operation<Output = String>> IntoFuture for Request<Op, Redirect> {
    type Output = Result<String>;
    type IntoFuture = CallFuture<String>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

#[cfg(feature = "uploads")]
impl<Op: Operation<Output: DeserializeOwned + Send + 'static>> IntoFuture for Request<Op, Upload> {
    type Output = Result<Op::Output>;
    type IntoFuture = CallFuture<Op::Output>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use reqwest::Method;
    use serde_json::Value;

    use super::{Json, Operation, Redirect, Request};
    use crate::runtime::call::tests::client;
    use crate::runtime::call::Call;
    use crate::runtime::error::Error;

    enum OAuth {}
    impl Operation for OAuth {
        type Output = String;
        const SERVICE: &'static str = "account";
        const METHOD: &'static str = "create_o_auth2_session";
    }

    enum Update {}
    impl Operation for Update {
        type Output = Value;
        const SERVICE: &'static str = "users";
        const METHOD: &'static str = "update";
    }

    #[test]
    fn redirect_url_has_project_and_query() {
        let mut call = Call::<String>::new(&client(), Method::GET, "/account/sessions/oauth2/{provider}", &["github"]);
        call.query("success", "https://app.example/ok?x=1&y=2");
        call.query_array("scopes", ["repo", "user:email"]);
        let op = Request::<OAuth, Redirect>::new(call);
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
        let call = Call::<String>::new(&client(), Method::GET, "/account/sessions/oauth2/{provider}", &["x"]);
        let op = Request::<OAuth, Redirect>::new(call);
        // No runtime and no server: nothing can have been sent.
        let url = futures_util::FutureExt::now_or_never(op.send());
        assert_eq!(
            url.and_then(|r| r.ok()).as_deref(),
            Some("https://example.com/v1/account/sessions/oauth2/x?project=proj")
        );
    }

    #[test]
    fn setter_errors_surface_on_send() {
        let call = Call::<Value>::new(&client(), Method::GET, "/x/{id}", &[]);
        let op = Request::<Update, Json>::new(call);
        let result = futures_util::FutureExt::now_or_never(op.send());
        assert!(matches!(result, Some(Err(Error::InvalidInput(_)))));

        let mut call = Call::<Value>::new(&client(), Method::GET, "/x", &[]);
        call.header("x-bad", "a\nb");
        let op = Request::<Update, Json>::new(call);
        let result = futures_util::FutureExt::now_or_never(op.send());
        assert!(matches!(result, Some(Err(Error::InvalidInput(_)))));
    }

    #[test]
    fn debug_names_the_operation_and_hides_the_key() {
        let call = Call::<Value>::new(&client(), Method::GET, "/users", &[]);
        let text = format!("{:?}", Request::<Update, Json>::new(call));
        assert!(text.starts_with("Request { operation: users.update, call: "), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
}
