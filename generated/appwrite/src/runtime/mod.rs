// @generated: copied by appwrite-generator from templates/ (the `src/runtime/mod.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Hand-written runtime of the SDK: client configuration, request execution,
//! errors and the helpers (queries, permissions, IDs, files) that operations
//! take as arguments. Everything public is re-exported at the crate root.

pub(crate) mod call;
// Cancels uploads (`cancel_with`), with the `uploads` feature.
#[cfg(feature = "uploads")]
mod cancel;
mod client;
mod env;
// Generated models and enums decode through it; a spec may have neither.
#[allow(dead_code)]
pub(crate) mod de;
mod error;
mod fields;
mod graphql;
mod http;
mod id;
// Files to upload, with the `uploads` feature.
#[cfg(feature = "uploads")]
mod input_file;
mod joined;
// Models with secret fields print through it; a spec may have none.
#[allow(dead_code)]
pub(crate) mod redact;
// A spec without list operations (or without documents) leaves these unused.
#[allow(dead_code)]
mod paginate;
mod permission;
mod query;
// Live subscriptions over a WebSocket; opt-in, for client apps.
#[cfg(feature = "realtime")]
mod realtime;
mod retry;
mod role;
mod timestamp;
// Generated unions decode through it: compiled only with a service that
// has one (the generated `meta` says which).
crate::meta::with_unions! {
    pub(crate) mod union;
}
// Spans and events of the opt-in `tracing` feature; empty without it.
mod trace;

pub use call::{ApiRequest, ByteReader, ByteStream, CallFuture, RawResponse, Request};
#[cfg(feature = "uploads")]
pub use call::{MultipartForm, UploadProgress, CHUNK_SIZE};
/// The types behind each operation's [`Request`]: the [`Operation`](operation::Operation)
/// trait the generated services implement for each method, and the kinds
/// that say how a request is sent. Seldom named in application code.
pub mod operation {
    #[cfg(feature = "uploads")]
    pub use super::call::Upload;
    pub use super::call::{Binary, Empty, Json, Operation, Paged, Redirect, Sent, TypedOperation, WithData};
}
#[cfg(feature = "uploads")]
pub use cancel::CancelToken;
pub use client::{Client, ClientBuilder};
pub use error::{Error, RateLimit, Result, MAX_ERROR_BODY};
pub use graphql::{GraphqlError, GraphqlRequest, GraphqlResponse};
pub use id::ID;
#[cfg(feature = "uploads")]
pub use input_file::InputFile;
pub use paginate::{Page, Paginated, DEFAULT_PAGE_SIZE};
// Generated models and list operations use these; a spec may have neither.
#[allow(unused_imports)]
pub(crate) use call::decode_value;
#[allow(unused_imports)]
pub(crate) use paginate::paginate;
pub use permission::Permission;
pub use query::{Query, QueryPart};
#[cfg(feature = "realtime")]
pub use realtime::{Channel, Realtime, RealtimeError, RealtimeEvent, RealtimeItem, Subscription};
/// The HTTP client crate the SDK is built on, re-exported so that
/// [`ClientBuilder::http_client`] and [`Error::Transport`] need no direct
/// dependency on a matching reqwest version.
pub use reqwest;
pub use retry::RetryPolicy;
pub use role::Role;
pub use timestamp::Timestamp;
