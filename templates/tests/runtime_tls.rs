//! TLS against a local HTTPS server whose certificate comes from a private
//! CA: refused by default, accepted with `self_signed(true)`, and accepted by
//! a reqwest client of one's own that trusts the CA (the recipe in the
//! `ClientBuilder::http_client` docs).
//! requires-services: health
#![cfg(feature = "rustls")]

mod support;

use appwrite_client::{reqwest, Client, ClientBuilder, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use support::{tls_acceptor, TLS_CA};

const HEALTH: &str = r#"{"name":"database","ping":3,"status":"pass"}"#;

/// Answers every connection with one health status over TLS; returns the port.
async fn https_server() -> u16 {
    let acceptor = tls_acceptor();
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
    let ca = reqwest::Certificate::from_pem(TLS_CA.as_bytes()).expect("CA certificate");
    let http = ClientBuilder::reqwest_builder().tls_certs_merge([ca]).build().expect("reqwest client");
    let client = builder(port).http_client(http).build().expect("client");
    assert_eq!(client.health().get().await.expect("health over TLS").name, "database");
}
