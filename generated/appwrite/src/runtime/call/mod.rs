// @generated: copied by appwrite-generator from templates/ (the `src/runtime/call/mod.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Request building and execution shared by every generated operation.
//!
//! Generated operation builders wrap a [`Call`], fill it through its setters
//! and get their `send`/`IntoFuture` methods from the [`operation!`] macro.
//! The paths generated code names (`call::Call`, `call::operation!`,
//! `call::CallFuture`, ...) are the re-exports below, whichever file holds
//! the item.

mod custom;
mod macros;
mod parts;
mod send;
// Only `binary` operations (file downloads, previews) call into it.
#[allow(dead_code)]
mod stream;
// Only operations answering with documents, rows or preferences use it.
#[allow(dead_code)]
mod typed;
// Only `upload` operations call into it, and a spec may have none.
#[allow(dead_code)]
mod upload;

pub use custom::{ApiRequest, MultipartForm};
pub(crate) use macros::operation;
pub use parts::Call;
pub(crate) use send::decode_value;
pub use send::{CallFuture, RawResponse};
pub use stream::{ByteReader, ByteStream};
pub use typed::Typed;
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
