// @generated: copied by appwrite-generator from templates/ (the `src/runtime/call/macros.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! The `operation!` macro: the terminal methods (`send`, `send_raw`,
//! `IntoFuture`, ...) of every generated operation builder, one arm per
//! kind of response. Its expansions name runtime items by their full
//! `$crate::runtime::call::` paths, so they compile in the generated
//! services' modules.

/// Gives a generated operation builder (a struct with a `call: Call<_>`
/// field) its terminal methods and `IntoFuture`.
///
/// Arms: `json Name => Type` (decoded JSON), `paginate Name => ListType`
/// (adds `into_stream()` to a list call), `typed Name => Model` (adds
/// `typed::<T>()` for a model generic over the caller's data), `empty Name` (no content),
/// `binary Name` (bytes, `url()`, `stream()`), `redirect Name` (URL only,
/// nothing sent), `upload Name => Type` (multipart, chunked, progress,
/// cancellation).
///
/// Long because: one macro rather than one per arm, as generated code names
/// a single path and the arms share `@common` and `@future`; each arm is
/// short.
macro_rules! operation {
    (@common $name:ident) => {
        impl $name {
            /// Overrides the client's request timeout for this request only
            /// (for chunked uploads: for each chunk).
            #[inline]
            pub fn request_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.call.set_timeout(timeout);
                self
            }

            /// Sends this header with this request too, replacing one of
            /// the same name (the client's own included). An invalid name
            /// or value fails the request with `Error::InvalidInput`.
            #[inline]
            pub fn header(
                mut self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.call.add_header(name, value);
                self
            }

            /// Retries this request by `policy` instead of the client's
            /// (`RetryPolicy::new(0)`: not at all). What is safe to repeat
            /// does not change: see `RetryPolicy`.
            #[inline]
            pub fn retry(mut self, policy: $crate::runtime::RetryPolicy) -> Self {
                self.call.set_retry(policy);
                self
            }
        }
    };
    (@future $name:ident => $out:ty) => {
        impl ::std::future::IntoFuture for $name {
            type Output = $crate::runtime::Result<$out>;
            type IntoFuture = $crate::runtime::call::CallFuture<$out>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
    (json $name:ident => $out:ty) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => $out);
        impl $name {
            /// Sends the request and decodes the response (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<$out> {
                self.call.named(::std::any::type_name::<Self>()).json()
            }

            /// Sends the request and returns the decoded value together with
            /// the status, headers, raw body and elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<$out>> {
                self.call.named(::std::any::type_name::<Self>()).json_raw()
            }
        }
    };
    (paginate $name:ident => $out:ty) => {
        impl $name {
            /// All items of the listing as a stream, fetched page by page
            /// with `limit` and `cursorAfter` (`offset` for items without an
            /// ID) as it is polled. The builder's own queries (filters,
            /// order) apply to every page; a `limit` among them sets the
            /// page size, a `cursorAfter` or `offset` where it starts.
            #[inline]
            pub fn into_stream(self) -> $crate::runtime::Paginated<<$out as $crate::runtime::Page>::Item> {
                $crate::runtime::paginate(self.call.named(::std::any::type_name::<Self>()))
            }
        }
    };
    (typed $name:ident => $model:ident) => {
        impl $name {
            /// This call with the response's attributes read as your own
            /// type `T` rather than a map (`Map<String, Value>`, the default):
            #[doc = ::std::concat!("it answers with [`", ::std::stringify!($model), "<T>`](crate::models::", ::std::stringify!($model), ").")]
            /// `T` is any `serde::Deserialize` type; the schema's own
            /// fields (`$id`, `$createdAt`, ...) stay on the model.
            #[inline]
            pub fn typed<T>(self) -> $crate::runtime::call::Typed<$crate::models::$model<T>>
            where
                T: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static,
            {
                $crate::runtime::call::Typed::new(self.call.named(::std::any::type_name::<Self>()).retype())
            }
        }
    };
    (empty $name:ident) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => ());
        impl $name {
            /// Sends the request; the response has no content (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<()> {
                self.call.named(::std::any::type_name::<Self>()).empty()
            }

            /// Sends the request and returns the status, headers, raw body
            /// and elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<()>> {
                self.call.named(::std::any::type_name::<Self>()).empty_raw()
            }
        }
    };
    (binary $name:ident) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => ::bytes::Bytes);
        impl $name {
            /// Downloads the whole response body into memory (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<::bytes::Bytes> {
                self.call.named(::std::any::type_name::<Self>()).bytes()
            }

            /// Downloads the body and returns it with the status, headers
            /// (e.g. `content-type`) and elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<::bytes::Bytes>> {
                self.call.named(::std::any::type_name::<Self>()).bytes_raw()
            }

            /// Streams the response body instead of buffering it. Fails
            /// early, before any data, if Appwrite answers with an error.
            #[inline]
            pub async fn stream(self) -> $crate::runtime::Result<$crate::runtime::call::ByteStream> {
                self.call.named(::std::any::type_name::<Self>()).send_stream().await
            }

            /// The URL of this resource, with the project ID and all query
            /// parameters, for use where headers cannot be sent (e.g.
            /// `<img src>`). Credentials are not included: the resource must
            /// be readable without them, or carry a file `token`.
            #[inline]
            pub fn url(&self) -> $crate::runtime::Result<::std::string::String> {
                self.call.url()
            }
        }
    };
    (redirect $name:ident) => {
        $crate::runtime::call::operation!(@future $name => ::std::string::String);
        impl $name {
            /// Builds the URL to open in the user's browser (with the project
            /// ID and all query parameters). Nothing is sent.
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<::std::string::String> {
                ::std::boxed::Box::pin(::std::future::ready(self.url()))
            }

            /// Same as `send()`, without `async`.
            #[inline]
            pub fn url(&self) -> $crate::runtime::Result<::std::string::String> {
                self.call.url()
            }
        }
    };
    (upload $name:ident => $out:ty) => {
        $crate::runtime::call::operation!(@common $name);
        $crate::runtime::call::operation!(@future $name => $out);
        impl $name {
            /// Uploads the file (in 5 MiB chunks when larger, resuming an
            /// interrupted upload with the same explicit file ID) and decodes
            /// the response (a future: `.await` it).
            #[inline]
            pub fn send(self) -> $crate::runtime::call::CallFuture<$out> {
                self.call.named(::std::any::type_name::<Self>()).upload()
            }

            /// Like `send()`, also returning the last response's status,
            /// headers and raw body, and the total elapsed time.
            #[inline]
            pub fn send_raw(self) -> $crate::runtime::call::CallFuture<$crate::runtime::call::RawResponse<$out>> {
                self.call.named(::std::any::type_name::<Self>()).upload_raw()
            }

            /// Calls `callback` after each acknowledged chunk.
            #[inline]
            pub fn on_progress(
                mut self,
                callback: impl Fn($crate::runtime::call::UploadProgress) + Send + Sync + 'static,
            ) -> Self {
                self.call.set_progress(callback);
                self
            }

            /// Aborts the upload with `Error::Cancelled` when `token` is
            /// cancelled; chunks already sent can be resumed later.
            #[inline]
            pub fn cancel_with(mut self, token: $crate::runtime::CancelToken) -> Self {
                self.call.set_cancel(token);
                self
            }
        }
    };
}

pub(crate) use operation;

#[cfg(test)]
mod tests {
    use reqwest::Method;
    use serde_json::Value;

    use crate::runtime::call::tests::client;
    use crate::runtime::call::Call;
    use crate::runtime::error::Error;

    // The macro gives these builders methods the tests do not call, and
    // unlike the generated ones they are private.
    #[allow(dead_code)]
    mod ops {
        use super::*;

        pub(super) struct OAuth {
            pub(super) call: Call<String>,
        }
        operation!(redirect OAuth);

        pub(super) struct Update {
            pub(super) call: Call<Value>,
        }
        operation!(json Update => Value);
    }
    use ops::{OAuth, Update};

    #[test]
    fn redirect_url_has_project_and_query() {
        let mut call = Call::<String>::new(&client(), Method::GET, "/account/sessions/oauth2/{provider}", &["github"]);
        call.query("success", "https://app.example/ok?x=1&y=2");
        call.query_array("scopes", ["repo", "user:email"]);
        let op = OAuth { call };
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
        let op = OAuth { call };
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
        let op = Update { call };
        let result = futures_util::FutureExt::now_or_never(op.send());
        assert!(matches!(result, Some(Err(Error::InvalidInput(_)))));

        let mut call = Call::<Value>::new(&client(), Method::GET, "/x", &[]);
        call.header("x-bad", "a\nb");
        let op = Update { call };
        let result = futures_util::FutureExt::now_or_never(op.send());
        assert!(matches!(result, Some(Err(Error::InvalidInput(_)))));
    }
}
