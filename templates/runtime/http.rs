//! The reqwest client the SDK builds for itself, and the endpoint it talks to.

use std::time::Duration;

use super::error::{Error, Result};

/// Parses and normalises an endpoint such as `https://cloud.appwrite.io/v1`.
pub(super) fn parse_endpoint(endpoint: &str) -> Result<String> {
    let url = reqwest::Url::parse(endpoint)
        .map_err(|e| Error::invalid(format_args!("invalid endpoint {endpoint:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::invalid(format_args!("invalid endpoint {endpoint:?}: scheme must be http or https")));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid(format_args!("invalid endpoint {endpoint:?}: missing host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid(format_args!(
            "invalid endpoint {endpoint:?}: must not contain a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// How the SDK's own reqwest client connects (see the [`ClientBuilder`]
/// setters of the same names).
pub(super) struct HttpOptions {
    pub(super) accept_invalid_certs: bool,
    pub(super) connect_timeout: Duration,
    pub(super) read_timeout: Duration,
}

/// Settings every reqwest client the SDK builds gets, whatever its TLS.
pub(super) fn http_builder(options: &HttpOptions) -> reqwest::ClientBuilder {
    install_crypto_provider();
    with_roots(reqwest::Client::builder())
        // reqwest strips only `Authorization`-like headers when a redirect
        // leaves the origin, so `X-Appwrite-Key`/`-JWT`/`-Session` (and, on a
        // 307/308, the body) would reach the other host. Appwrite's API never
        // redirects (OAuth2 operations only build URLs), so a 3xx is an
        // error for the caller to see, not something to follow.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(options.connect_timeout)
        .read_timeout(options.read_timeout)
}

/// Makes *ring* rustls's process-wide crypto provider unless the
/// application installed one (e.g. aws-lc-rs for FIPS), which is then used.
/// reqwest's `rustls-no-provider` reads that default when a client is built
/// and panics without one; *ring* is chosen over reqwest's aws-lc-rs for its
/// much smaller C build and binary (see the crate's Cargo.toml).
#[cfg(feature = "rustls")]
fn install_crypto_provider() {
    crypto_provider();
}

/// The process-wide rustls crypto provider, *ring* installed as it unless
/// the application installed its own first; the realtime socket's own TLS
/// configuration uses the same.
#[cfg(feature = "rustls")]
pub(super) fn crypto_provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    if let Some(installed) = rustls::crypto::CryptoProvider::get_default() {
        return std::sync::Arc::clone(installed);
    }
    // Losing a race with another thread installing one is fine: there is
    // a provider either way, and it is the one read back.
    let _ = rustls::crypto::ring::default_provider().install_default();
    rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| std::sync::Arc::new(rustls::crypto::ring::default_provider()))
}

#[cfg(not(feature = "rustls"))]
fn install_crypto_provider() {}

/// With rustls, the Mozilla roots compiled in, and only those (more can be
/// added with `tls_certs_merge`): reqwest 0.13's rustls would read the
/// platform's store, which a bare container image does not have. With
/// `native-tls` on (reqwest then uses it, even beside `rustls`), the
/// platform's store, which is the point of that feature.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn with_roots(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    let roots =
        webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().filter_map(|der| reqwest::Certificate::from_der(der).ok());
    builder.tls_certs_only(roots)
}

#[cfg(not(all(feature = "rustls", not(feature = "native-tls"))))]
fn with_roots(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder
}

/// The reqwest client the SDK builds itself, over the TLS stack the crate's
/// features chose (with both on, reqwest picks `native-tls`).
#[cfg(any(feature = "rustls", feature = "native-tls"))]
pub(super) fn own_http_client(_endpoint: &str, options: &HttpOptions) -> Result<reqwest::Client> {
    http_builder(options).danger_accept_invalid_certs(options.accept_invalid_certs).build().map_err(Error::Transport)
}

/// Without a TLS feature only plain HTTP works; saying so here beats a
/// connection error on the first request.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
pub(super) fn own_http_client(endpoint: &str, options: &HttpOptions) -> Result<reqwest::Client> {
    let needs_tls = if options.accept_invalid_certs {
        "self_signed(true)".to_owned()
    } else if endpoint.starts_with("https:") {
        format!("endpoint {endpoint:?}")
    } else {
        return http_builder(options).build().map_err(Error::Transport);
    };
    Err(Error::invalid(format_args!(
        "{needs_tls} needs TLS, but the crate was built without its `rustls` and \
         `native-tls` features; enable one of them"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_validation() {
        assert_eq!(
            parse_endpoint("https://cloud.appwrite.io/v1/").ok().as_deref(),
            Some("https://cloud.appwrite.io/v1")
        );
        assert_eq!(parse_endpoint("http://localhost:8080/v1").ok().as_deref(), Some("http://localhost:8080/v1"));
        assert!(parse_endpoint("ftp://x/v1").is_err());
        assert!(parse_endpoint("cloud.appwrite.io/v1").is_err());
        assert!(parse_endpoint("").is_err());
        assert!(parse_endpoint("https://x/v1?a=b").is_err());
    }
}
