//! Stand-in for the generated `src/meta.rs`, with the Appwrite server
//! spec's values. generator/tests/runtime_crate.rs checks that it declares
//! exactly the constants the generator emits, with the same types.

/// Facts about the spec this crate was generated from, read by the runtime.
#[allow(dead_code)]
pub(crate) const SPEC_VERSION: &str = "1.8.1";
/// Sent as `X-Appwrite-Response-Format` so the server answers in the shape the models expect.
pub(crate) const RESPONSE_FORMAT: &str = "1.8.0";
/// The endpoint a client talks to unless told otherwise.
pub(crate) const DEFAULT_ENDPOINT: &str = "https://cloud.appwrite.io/v1";
/// Sent as `x-sdk-platform`.
pub(crate) const PLATFORM: &str = "server";
/// Sent as `x-sdk-name` and in the `User-Agent`.
pub(crate) const SDK_NAME: &str = "appwrite-runtime";

/// Compiles the runtime's union decoder (`runtime/union.rs`) only in builds
/// that have a generated union to decode: here, always, for its tests,
/// though no stand-in service has a union.
macro_rules! with_unions {
    ($($item:item)*) => { $( #[allow(dead_code)] $item )* };
}
pub(crate) use with_unions;
