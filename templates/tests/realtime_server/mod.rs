//! A local WebSocket server on 127.0.0.1 that the realtime tests drive
//! message by message, speaking the Appwrite 1.8 protocol described in
//! `realtime.rs`, and the helpers those tests share.
// Each test binary that includes it uses only part of it.
#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;

use appwrite_client::{Client, Realtime, RealtimeError, RealtimeEvent, Subscription};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{HeaderMap, StatusCode};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

pub const PROJECT: &str = "test-project";
pub const SESSION: &str = "session-secret-value";

pub const ORDERS: &str = "databases.shop.collections.orders.documents";
pub const PHOTOS: &str = "buckets.photos.files";

/// Every test ends well within this.
pub async fn bounded<T>(case: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), case).await.expect("the test hung")
}

/// One accepted socket, with what its upgrade request carried.
pub struct Conn {
    pub uri: String,
    pub headers: HeaderMap,
    pub ws: WebSocketStream<TcpStream>,
}

impl Conn {
    pub fn path(&self) -> &str {
        self.uri.split('?').next().unwrap_or_default()
    }

    pub fn params(&self, name: &str) -> Vec<String> {
        let query = self.uri.split_once('?').map_or("", |(_, q)| q);
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(key, _)| *key == name)
            .map(|(_, value)| percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned())
            .collect()
    }

    pub fn channels(&self) -> Vec<String> {
        self.params("channels[]")
    }

    pub async fn send(&mut self, text: impl Into<String>) {
        self.ws.send(Message::text(text.into())).await.expect("sending to the client");
    }

    /// What the 1.8 server sends once the socket is subscribed.
    pub async fn connected(&mut self, user: bool) {
        let user = if user { json!({"$id": "u1", "name": "Ada"}) } else { Value::Null };
        let message = json!({"type": "connected", "data": {"channels": self.channels(), "user": user}});
        self.send(message.to_string()).await;
    }

    /// The next text message from the client; `None` once it closed.
    pub async fn text(&mut self) -> Option<String> {
        loop {
            match tokio::time::timeout(Duration::from_secs(5), self.ws.next()).await.expect("a message from the client")
            {
                Some(Ok(Message::Text(text))) => return Some(text.as_str().to_owned()),
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(_)) => {}
            }
        }
    }

    pub async fn json(&mut self) -> Value {
        let text = self.text().await.expect("the client closed instead of sending");
        serde_json::from_str(&text).expect("the client sends JSON")
    }

    /// Waits for the client's close frame; its code.
    pub async fn close_code(&mut self) -> Option<u16> {
        loop {
            match tokio::time::timeout(Duration::from_secs(5), self.ws.next()).await.expect("the client to close") {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                None | Some(Err(_)) => return None,
                Some(Ok(_)) => {}
            }
        }
    }
}

pub struct Server {
    port: u16,
    incoming: mpsc::UnboundedReceiver<Conn>,
}

impl Server {
    pub async fn start() -> Server {
        Server::answering(None).await
    }

    /// A server that refuses every upgrade request with `status`, or
    /// accepts them.
    pub async fn answering(refuse: Option<StatusCode>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding 127.0.0.1");
        let port = listener.local_addr().expect("listener address").port();
        let (sender, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sender = sender.clone();
                tokio::spawn(async move {
                    let mut seen = None;
                    // The error type is tungstenite's, not ours to shrink.
                    #[allow(clippy::result_large_err)]
                    let callback = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
                        seen = Some((request.uri().to_string(), request.headers().clone()));
                        match refuse {
                            Some(status) => {
                                let mut refusal = ErrorResponse::new(Some("refused".to_owned()));
                                *refusal.status_mut() = status;
                                Err(refusal)
                            }
                            None => Ok(response),
                        }
                    };
                    let accepted = tokio_tungstenite::accept_hdr_async(stream, callback).await;
                    if let (Ok(ws), Some((uri, headers))) = (accepted, seen) {
                        let _ = sender.send(Conn { uri, headers, ws });
                    }
                });
            }
        });
        Server { port, incoming }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    pub fn client(&self) -> Client {
        Client::builder().endpoint(self.endpoint()).project(PROJECT).session(SESSION).build().expect("client")
    }

    /// Fast settings, so that reconnections happen within the tests' time.
    pub fn realtime(&self) -> Realtime {
        self.client().realtime().reconnect_delay(Duration::from_millis(20), Duration::from_millis(100))
    }

    pub async fn accept(&mut self) -> Conn {
        tokio::time::timeout(Duration::from_secs(5), self.incoming.recv())
            .await
            .expect("a connection from the client")
            .expect("the server runs")
    }

    /// Asserts that the client opens no socket for `wait`.
    pub async fn no_connection_within(&mut self, wait: Duration) {
        if let Ok(Some(conn)) = tokio::time::timeout(wait, self.incoming.recv()).await {
            panic!("unexpected connection to {}", conn.uri);
        }
    }
}

pub fn event(channels: &[&str], id: &str, n: u32) -> String {
    json!({
        "type": "event",
        "data": {
            "events": [format!("databases.shop.collections.orders.documents.{id}.update"), "databases.*.collections.*.documents.*.update"],
            "channels": channels,
            "timestamp": format!("2025-06-01T12:00:{:02}.{:03}+00:00", n / 1000 % 60, n % 1000),
            "payload": {"$id": id, "n": n},
        }
    })
    .to_string()
}

/// The next item of a subscription, which must come soon.
pub async fn next(sub: &mut Subscription) -> Result<RealtimeEvent, RealtimeError> {
    tokio::time::timeout(Duration::from_secs(5), sub.next())
        .await
        .expect("an item from the subscription")
        .expect("the subscription goes on")
}

pub async fn next_event(sub: &mut Subscription) -> RealtimeEvent {
    next(sub).await.expect("an event")
}

pub fn n(event: &RealtimeEvent) -> u64 {
    event.payload["n"].as_u64().expect("payload n")
}
