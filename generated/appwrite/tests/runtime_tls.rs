// @generated: copied by appwrite-generator from templates/ (the `tests/runtime_tls.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

#![cfg(feature = "health")]

//! TLS against a local HTTPS server whose certificate comes from a private
//! CA: refused by default, accepted with `self_signed(true)`, and accepted by
//! a reqwest client of one's own that trusts the CA (the recipe in the
//! `ClientBuilder::http_client` docs).
//! requires-services: health
#![cfg(feature = "rustls")]

use std::sync::Arc;

use appwrite_client::{reqwest, Client, ClientBuilder, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

// A test CA and a `localhost` certificate signed by it (ECDSA P-256, valid
// until 2126), made once with the openssl command line for these tests; the
// key is a throwaway that guards nothing.
const CA: &str = "\
-----BEGIN CERTIFICATE-----
MIIBqzCCAVGgAwIBAgIUNEh4IobkQzL9sDCD+sN23Ao5omkwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXYXBwd3JpdGUtY2xpZW50IHRlc3QgQ0EwIBcNMjYxMTI2MDQz
MzMxWhgPMjEyNjExMDIwNDMzMzFaMCIxIDAeBgNVBAMMF2FwcHdyaXRlLWNsaWVu
dCB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEirUIhyMgUKVd0Qyz
koHirfzXHvYWCqLqSircfI6+2Na2nroaVI8LkzUTRWUvsWifkGK/Oc4A1rv04vXj
utEHi6NjMGEwHQYDVR0OBBYEFA2+4wX9SxTseHyf2XpNcup2xq2XMB8GA1UdIwQY
MBaAFA2+4wX9SxTseHyf2XpNcup2xq2XMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0P
AQH/BAQDAgIEMAoGCCqGSM49BAMCA0gAMEUCIQCZO9jiOVYEjjORzDq1EgAhzzUy
jWViGDZIQvKdnXSD/QIgZnLvNAvk+xuYIYW9A0Sb5+2yO650H6zqvAVT1Tym5Uc=
-----END CERTIFICATE-----
";
const LEAF: &str = "\
-----BEGIN CERTIFICATE-----
MIIBxzCCAW2gAwIBAgIUUgpioWaJuk3bRZYyphUg/KTBnVwwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXYXBwd3JpdGUtY2xpZW50IHRlc3QgQ0EwIBcNMjYxMTI2MDQz
MzMxWhgPMjEyNjExMDIwNDMzMzFaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABMxmT/z3taew4+vH5JV2ymh7hja+FzdmQ2l3
D3JzVDpIW+9rhttQZvCuP/GsPR81pDlFbZMZ+Ots4HgUyV4mZoOjgYwwgYkwDAYD
VR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwEw
FAYDVR0RBA0wC4IJbG9jYWxob3N0MB0GA1UdDgQWBBRa/JFgfwicJdYXtkBobsP1
/pnTNjAfBgNVHSMEGDAWgBQNvuMF/UsU7Hh8n9l6TXLqdsatlzAKBggqhkjOPQQD
AgNIADBFAiBQi2eZEZaK7iNgBw1PeVuKeEtxa+mYYB+a/kvhGDFSbwIhAJudtR5z
4uB+XuKgnoWZ0451jLfu56l6PapZdWXk/eo3
-----END CERTIFICATE-----
";
const LEAF_KEY: &str = "\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgo2xNaSIcus3Niohh
TdyNDwbr0fgDWWby5o++nf+qbjmhRANCAATMZk/897WnsOPrx+SVdspoe4Y2vhc3
ZkNpdw9yc1Q6SFvva4bbUGbwrj/xrD0fNaQ5RW2TGfjrbOB4FMleJmaD
-----END PRIVATE KEY-----
";

const HEALTH: &str = r#"{"name":"database","ping":3,"status":"pass"}"#;

/// Answers every connection with one health status over TLS; returns the port.
async fn https_server() -> u16 {
    let cert = CertificateDer::from_pem_slice(LEAF.as_bytes()).expect("leaf certificate");
    let key = PrivateKeyDer::from_pem_slice(LEAF_KEY.as_bytes()).expect("leaf key");
    let config = ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("server configuration");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding 127.0.0.1");
    let port = listener.local_addr().expect("listener address").port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake here.
                let Ok(mut tls) = acceptor.accept(stream).await else { return };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{HEALTH}",
                    HEALTH.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

fn builder(port: u16) -> ClientBuilder {
    Client::builder().endpoint(format!("https://localhost:{port}/v1")).project("proj").key("key")
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_is_refused() {
    let port = https_server().await;
    let client = builder(port).build().expect("client");
    match client.health().get().await {
        Err(Error::Transport(e)) => assert!(e.is_connect(), "{e:?}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn self_signed_accepts_any_certificate() {
    let port = https_server().await;
    let client = builder(port).self_signed(true).build().expect("client");
    assert_eq!(client.health().get().await.expect("health over TLS").ping, 3);
}

#[tokio::test]
async fn a_reqwest_client_trusting_the_ca_accepts_its_certificate() {
    let port = https_server().await;
    let ca = reqwest::Certificate::from_pem(CA.as_bytes()).expect("CA certificate");
    let http = ClientBuilder::reqwest_builder().tls_certs_merge([ca]).build().expect("reqwest client");
    let client = builder(port).http_client(http).build().expect("client");
    assert_eq!(client.health().get().await.expect("health over TLS").name, "database");
}
