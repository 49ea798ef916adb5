//! The TLS connector of the socket when the client was built with
//! `self_signed(true)`. Otherwise tokio-tungstenite's own, which trusts the
//! same roots as the crate's HTTP client.

use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::handshake::client::{Request, Response};
use tokio_tungstenite::tungstenite::Error;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

/// The realtime socket, over TLS or not.
pub(super) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens the socket: over TLS for `wss://` with `connector` (`None`: the
/// default one), over plain TCP for `ws://`.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
pub(super) async fn connect(request: Request, connector: Option<Connector>) -> Result<(Socket, Response), Error> {
    tokio_tungstenite::connect_async_tls_with_config(request, None, true, connector).await
}

/// Without a TLS feature only `ws://` can work, and there is no connector
/// to pass: `self_signed(true)` was refused when the client was built.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
pub(super) async fn connect(request: Request, _connector: Option<Connector>) -> Result<(Socket, Response), Error> {
    tokio_tungstenite::connect_async_with_config(request, None, true).await
}

/// `None`: tokio-tungstenite's default connector, which verifies
/// certificates. With `accept_invalid_certs`, one that does not, over the
/// TLS stack reqwest uses for requests (`native-tls` when both are on).
pub(super) fn connector(accept_invalid_certs: bool) -> Result<Option<Connector>, String> {
    if !accept_invalid_certs {
        return Ok(None);
    }
    any_certificate().map(Some)
}

#[cfg(feature = "native-tls")]
fn any_certificate() -> Result<Connector, String> {
    native_tls::TlsConnector::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .map(Connector::NativeTls)
        .map_err(|e| format!("TLS set-up failed: {e}"))
}

#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn any_certificate() -> Result<Connector, String> {
    use std::sync::Arc;

    let provider = crate::runtime::http::crypto_provider();
    let config = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up failed: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(any_certificate::AnyCertificate(provider)))
        .with_no_client_auth();
    Ok(Connector::Rustls(Arc::new(config)))
}

/// `self_signed(true)` is refused by `ClientBuilder::build` without a TLS
/// feature, so a client never asks for this.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn any_certificate() -> Result<Connector, String> {
    Err("self_signed(true) needs the `rustls` or `native-tls` feature".to_owned())
}

#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
mod any_certificate {
    use std::sync::Arc;

    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{DigitallySignedStruct, Error, SignatureScheme};

    /// Accepts any certificate chain for any name, as reqwest's
    /// `danger_accept_invalid_certs` does; the handshake's signatures are
    /// still checked against the certificate presented, so the peer must
    /// hold its key.
    #[derive(Debug)]
    pub(super) struct AnyCertificate(pub(super) Arc<CryptoProvider>);

    impl ServerCertVerifier for AnyCertificate {
        fn verify_server_cert(
            &self,
            _end_entity: &CertificateDer<'_>,
            _intermediates: &[CertificateDer<'_>],
            _server_name: &ServerName<'_>,
            _ocsp_response: &[u8],
            _now: UnixTime,
        ) -> Result<ServerCertVerified, Error> {
            Ok(ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
}
