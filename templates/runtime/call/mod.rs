//! Request building and execution shared by every generated operation.
//!
//! A generated operation is a [`Request`] around a [`Call`]: its setters
//! fill the call, and `Request` sends it. The paths generated code names
//! (`call::Call`, `call::Operation`, `call::Json`, ...) are the re-exports
//! below, whichever file holds the item.

mod custom;
// `client.request(..)`'s multipart bodies, with the `uploads` feature.
#[cfg(feature = "uploads")]
mod multipart;
mod parts;
mod request;
mod send;
// Only `binary` operations (file downloads, previews) call into it.
#[allow(dead_code)]
mod stream;
// Only `upload` operations call into it: compiled with the `uploads`
// feature, which the services that have such operations turn on (a spec
// may have none).
#[cfg(feature = "uploads")]
#[allow(dead_code)]
mod upload;

pub use custom::ApiRequest;
#[cfg(feature = "uploads")]
pub use multipart::MultipartForm;
pub use parts::Call;
#[cfg(feature = "uploads")]
pub use request::Upload;
pub use request::{Binary, Empty, Json, Operation, Paged, Redirect, Request, Sent, TypedOperation, WithData};
pub(crate) use send::decode_value;
pub use send::{CallFuture, RawResponse};
pub use stream::{ByteReader, ByteStream};
#[cfg(feature = "uploads")]
pub use upload::{UploadProgress, CHUNK_SIZE};

#[cfg(test)]
mod tests {
    use crate::runtime::client::{Client, ClientBuilder};

    /// A client for tests that build calls.
    pub(super) fn client() -> Client {
        // A client of our own passes the TLS check, so these tests also run
        // in a build without TLS; none of them reaches the network.
        Client::builder()
            .endpoint("https://example.com/v1")
            .project("proj")
            .key("secret")
            .http_client(ClientBuilder::reqwest_builder().build().unwrap_or_else(|e| panic!("reqwest client: {e}")))
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }
}
