// @generated: copied by appwrite-generator from templates/ (the `tests/realtime.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Realtime subscriptions against a local WebSocket server that speaks what
//! an Appwrite 1.8 server speaks, as `app/realtime.php` in appwrite/appwrite
//! at 1.8.1 (bd288ce6507643eef4891bfdad27a60fcb8a09e2) writes it:
//!
//! - the socket is opened at `/v1/realtime?project=<id>&channels[]=<name>...`
//!   (`onOpen`: `$request->getQuery('channels', [])`; the project from the
//!   `project` parameter or `X-Appwrite-Project`, `app/init/resources.php`);
//! - the user comes from the upgrade request's `X-Appwrite-Session` or
//!   `X-Appwrite-JWT` header (`app/init/resources.php`, resource `user`), or
//!   from a later `{"type":"authentication","data":{"session":...}}`
//!   message (`onMessage`), which the official web SDK sends when
//!   `connected` names no user (`templates/web/src/client.ts.twig` in
//!   appwrite/sdk-generator at 1.14.0,
//!   7e7e257b10a8c1384a237e7d8d73452e2108901e);
//! - messages are `{"type": "connected"|"event"|"error"|"pong"|"response",
//!   "data": ...}`; `{"type":"ping"}` is answered with `pong`, and the SDKs
//!   send it every 20 s;
//! - a refusal when opening is an `error` with code 1008 (policy violation)
//!   followed by a close with that code, which the web SDK does not retry;
//!   a bad message (1003) leaves the socket open.
//!
//! Every test runs under a time limit.
#![cfg(feature = "realtime")]

mod realtime_server;
mod support;

use std::time::{Duration, Instant};

use appwrite_client::{Channel, Client, RealtimeError};
use futures_util::{SinkExt, StreamExt};
use realtime_server::{bounded, event, n, next, next_event, Server, ORDERS, PHOTOS, PROJECT, SESSION};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

const JWT: &str = "jwt-secret-value";
const KEY: &str = "api-key-secret-value";

#[tokio::test]
async fn two_channels_on_one_socket_each_subscription_gets_its_own_events() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime();
        let mut orders = realtime.subscribe([Channel::documents("shop", "orders")]).expect("subscribe");
        let mut photos = realtime.subscribe([Channel::files("photos")]).expect("subscribe");
        let mut both = realtime.subscribe([ORDERS, PHOTOS]).expect("subscribe");

        // The three subscriptions were made before the task first ran: one
        // socket, with every channel once.
        let mut conn = server.accept().await;
        assert_eq!(conn.path(), "/v1/realtime");
        assert_eq!(conn.params("project"), [PROJECT]);
        assert_eq!(conn.channels(), [PHOTOS, ORDERS]);
        conn.connected(true).await;

        conn.send(event(&["documents", ORDERS, &format!("{ORDERS}.o1")], "o1", 1)).await;
        conn.send(event(&["files", PHOTOS], "f1", 2)).await;
        conn.send(event(&["teams", "teams.t1"], "t1", 3)).await;
        conn.send(event(&["documents", ORDERS], "o2", 4)).await;

        let first = next_event(&mut orders).await;
        assert_eq!((n(&first), first.channels[1].as_str()), (1, ORDERS));
        assert!(first.is("databases.*.collections.*.documents.*.update"));
        assert_eq!(first.timestamp.unix_millis(), Some(1_748_779_200_001));
        #[derive(serde::Deserialize)]
        struct Order {
            #[serde(rename = "$id")]
            id: String,
        }
        assert_eq!(first.payload_as::<Order>().expect("payload_as").id, "o1");
        assert!(first.payload_as::<Vec<String>>().is_err());
        assert_eq!(n(&next_event(&mut orders).await), 4);
        assert_eq!(n(&next_event(&mut photos).await), 2);
        let seen: Vec<u64> = [next_event(&mut both).await, next_event(&mut both).await, next_event(&mut both).await]
            .iter()
            .map(n)
            .collect();
        assert_eq!(seen, [1, 2, 4]);
        // Nothing else is queued for anyone: the team event matched no one.
        for sub in [&mut orders, &mut photos, &mut both] {
            assert!(tokio::time::timeout(Duration::from_millis(100), sub.next()).await.is_err());
        }
        server.no_connection_within(Duration::from_millis(100)).await;
    })
    .await;
}

#[tokio::test]
async fn subscriptions_of_one_client_share_one_socket_across_handles_and_clones() {
    bounded(async {
        let mut server = Server::start().await;
        let client = server.client();
        let fast = |c: &Client| c.realtime().reconnect_delay(Duration::from_millis(20), Duration::from_millis(100));
        let _a = fast(&client).subscribe([ORDERS]).expect("subscribe");
        let _b = fast(&client.clone()).subscribe([ORDERS]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        // Another client, even with the same settings, has its own socket.
        let other = server.client();
        let _c = fast(&other).subscribe([ORDERS]).expect("subscribe");
        let mut second = server.accept().await;
        second.connected(true).await;
        server.no_connection_within(Duration::from_millis(200)).await;
    })
    .await;
}

#[tokio::test]
async fn dropping_subscriptions_rebuilds_the_socket_then_closes_it_with_the_last() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime();
        let mut orders = realtime.subscribe([ORDERS]).expect("subscribe");
        let photos = realtime.subscribe([PHOTOS]).expect("subscribe");
        let mut first = server.accept().await;
        assert_eq!(first.channels(), [PHOTOS, ORDERS]);
        first.connected(true).await;

        drop(photos);
        let mut second = server.accept().await;
        assert_eq!(second.channels(), [ORDERS]);
        second.connected(true).await;
        // The old socket is closed once the new one is subscribed.
        assert_eq!(first.close_code().await, Some(1000));
        second.send(event(&[ORDERS], "o1", 1)).await;
        assert_eq!(n(&next_event(&mut orders).await), 1);

        // The last one leaving closes the socket, and nothing reopens it.
        let closing = tokio::spawn(async move { second.close_code().await });
        orders.close().await;
        assert_eq!(closing.await.expect("server side"), Some(1000));
        server.no_connection_within(Duration::from_millis(300)).await;

        // A new subscription afterwards opens a new socket.
        let _again = realtime.subscribe([PHOTOS]).expect("subscribe");
        assert_eq!(server.accept().await.channels(), [PHOTOS]);
    })
    .await;
}

#[tokio::test]
async fn a_new_socket_replaces_the_old_without_losing_or_repeating_events() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime();
        let mut orders = realtime.subscribe([ORDERS]).expect("subscribe");
        let mut old = server.accept().await;
        old.connected(true).await;

        let mut photos = realtime.subscribe([PHOTOS]).expect("subscribe");
        let mut new = server.accept().await;
        assert_eq!(new.channels(), [PHOTOS, ORDERS]);
        // Until the new socket says it is subscribed, the old one still
        // delivers; what the server then publishes reaches both sockets.
        old.send(event(&[ORDERS], "o1", 1)).await;
        assert_eq!(n(&next_event(&mut orders).await), 1);
        new.connected(true).await;
        old.send(event(&[ORDERS], "o2", 2)).await;
        new.send(event(&[ORDERS], "o2", 2)).await;
        new.send(event(&[PHOTOS], "f3", 3)).await;
        new.send(event(&[ORDERS], "o4", 4)).await;
        assert_eq!(old.close_code().await, Some(1000));

        assert_eq!(n(&next_event(&mut orders).await), 2);
        assert_eq!(n(&next_event(&mut orders).await), 4);
        assert_eq!(n(&next_event(&mut photos).await), 3);
        assert!(tokio::time::timeout(Duration::from_millis(100), orders.next()).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn the_session_goes_in_the_upgrade_request_and_in_an_authentication_message() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime().heartbeat(Duration::from_millis(150));
        let subscription = realtime.subscribe([Channel::account()]).expect("subscribe");
        let mut conn = server.accept().await;
        assert_eq!(conn.channels(), ["account"]);
        assert_eq!(conn.headers["x-appwrite-session"], SESSION);
        assert_eq!(conn.headers["x-appwrite-project"], PROJECT);
        assert!(conn.headers.get("x-appwrite-key").is_none());

        // A server that did not see the header names no user; the client
        // then sends the session the way browsers do.
        conn.connected(false).await;
        assert_eq!(conn.json().await, json!({"type": "authentication", "data": {"session": SESSION}}));
        conn.send(
            json!({"type": "response", "data": {"to": "authentication", "success": true, "user": {"$id": "u1"}}})
                .to_string(),
        )
        .await;
        // Then only heartbeats: nothing else is said.
        assert_eq!(conn.json().await, json!({"type": "ping"}));

        // Neither the handle nor the subscription shows the secret.
        for shown in [format!("{realtime:?}"), format!("{subscription:?}")] {
            assert!(!shown.contains(SESSION), "{shown}");
        }
        assert!(format!("{subscription:?}").contains("account"));
    })
    .await;
}

#[tokio::test]
async fn a_server_that_knows_the_user_is_not_sent_the_session_again() {
    bounded(async {
        let mut server = Server::start().await;
        let _sub =
            server.realtime().heartbeat(Duration::from_millis(150)).subscribe([Channel::account()]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        assert_eq!(conn.json().await, json!({"type": "ping"}));
    })
    .await;
}

#[tokio::test]
async fn a_jwt_goes_in_the_upgrade_request_and_an_api_key_nowhere() {
    bounded(async {
        let mut server = Server::start().await;
        let base = Client::builder().endpoint(server.endpoint()).project(PROJECT);
        let with_jwt = base.jwt(JWT).build().expect("client");
        let _sub = with_jwt
            .realtime()
            .heartbeat(Duration::from_millis(150))
            .subscribe([Channel::account()])
            .expect("subscribe");
        let mut conn = server.accept().await;
        assert_eq!(conn.headers["x-appwrite-jwt"], JWT);
        assert!(conn.headers.get("x-appwrite-session").is_none());
        conn.connected(false).await;
        // No session: no authentication message, only the heartbeat.
        assert_eq!(conn.json().await, json!({"type": "ping"}));

        let with_key = Client::builder()
            .endpoint(server.endpoint())
            .project(PROJECT)
            .key(KEY)
            .header("X-Custom", "kept")
            .build()
            .expect("client");
        let _sub = with_key
            .realtime()
            .heartbeat(Duration::from_millis(150))
            .subscribe([Channel::all_documents()])
            .expect("subscribe");
        let mut conn = server.accept().await;
        assert_eq!(conn.headers["x-custom"], "kept");
        let request = format!("{} {:?}", conn.uri, conn.headers);
        assert!(!request.contains(KEY), "{request}");
        conn.connected(false).await;
        let said = conn.text().await.expect("a heartbeat");
        assert_eq!(said, r#"{"type":"ping"}"#);
    })
    .await;
}

#[tokio::test]
async fn the_heartbeat_pings_and_a_server_that_stops_answering_is_left() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime().heartbeat(Duration::from_millis(100));
        let mut sub = realtime.subscribe([ORDERS]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        let started = Instant::now();
        for _ in 0..3 {
            assert_eq!(conn.json().await, json!({"type": "ping"}));
            conn.send(r#"{"type":"pong"}"#).await;
        }
        // Three pings, one per interval: not sooner.
        assert!(started.elapsed() >= Duration::from_millis(280), "{:?}", started.elapsed());
        // A ping left unanswered until the next one ends the connection.
        assert_eq!(conn.json().await, json!({"type": "ping"}));
        match next(&mut sub).await {
            Err(RealtimeError::Disconnected { reason, retry_in }) => {
                assert!(reason.contains("heartbeat"), "{reason}");
                assert!(retry_in <= Duration::from_millis(100), "{retry_in:?}");
            }
            other => panic!("expected Disconnected, got {other:?}"),
        }
        let mut again = server.accept().await;
        assert_eq!(again.channels(), [ORDERS]);
        again.connected(true).await;
        again.send(event(&[ORDERS], "o1", 1)).await;
        assert_eq!(n(&next_event(&mut sub).await), 1);
    })
    .await;
}

#[tokio::test]
async fn a_dropped_connection_is_made_again_and_resubscribed_without_repeating_events() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime();
        let mut orders = realtime.subscribe([ORDERS]).expect("subscribe");
        let mut photos = realtime.subscribe([PHOTOS]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        conn.send(event(&[ORDERS], "o1", 1)).await;
        assert_eq!(n(&next_event(&mut orders).await), 1);

        // The server goes away without a close frame.
        drop(conn);
        for sub in [&mut orders, &mut photos] {
            match next(sub).await {
                Err(RealtimeError::Disconnected { retry_in, .. }) => assert!(retry_in <= Duration::from_millis(20)),
                other => panic!("expected Disconnected, got {other:?}"),
            }
        }
        // The first attempt fails too (closed at once), the next succeeds.
        drop(server.accept().await);
        assert!(matches!(next(&mut orders).await, Err(RealtimeError::Disconnected { .. })));
        let mut conn = server.accept().await;
        assert_eq!(conn.channels(), [PHOTOS, ORDERS]);
        assert_eq!(conn.headers["x-appwrite-session"], SESSION);
        conn.connected(true).await;
        // The last event before the drop, sent again after it, is handed
        // out once.
        conn.send(event(&[ORDERS], "o1", 1)).await;
        conn.send(event(&[ORDERS], "o2", 2)).await;
        conn.send(event(&[PHOTOS], "f3", 3)).await;
        assert_eq!(n(&next_event(&mut orders).await), 2);
        assert!(matches!(next(&mut photos).await, Err(RealtimeError::Disconnected { .. })));
        assert_eq!(n(&next_event(&mut photos).await), 3);
    })
    .await;
}

#[tokio::test]
async fn an_error_message_is_reported_and_the_connection_kept() {
    bounded(async {
        let mut server = Server::start().await;
        let mut sub = server.realtime().subscribe([ORDERS]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        conn.send(json!({"type": "error", "data": {"code": 1003, "message": "Session is not valid."}}).to_string())
            .await;
        conn.send(event(&[ORDERS], "o1", 1)).await;
        assert_eq!(
            next(&mut sub).await,
            Err(RealtimeError::Server { code: 1003, message: "Session is not valid.".to_owned() })
        );
        assert_eq!(n(&next_event(&mut sub).await), 1);
        server.no_connection_within(Duration::from_millis(200)).await;
    })
    .await;
}

#[tokio::test]
async fn a_policy_violation_ends_the_stream_without_retrying() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime();
        let mut sub = realtime.subscribe([ORDERS]).expect("subscribe");
        let mut conn = server.accept().await;
        // What `onOpen` does for an unknown project.
        conn.send(
            json!({"type": "error", "data": {"code": 1008, "message": "Missing or unknown project ID"}}).to_string(),
        )
        .await;
        let frame = CloseFrame { code: CloseCode::Policy, reason: "".into() };
        conn.ws.close(Some(frame)).await.expect("closing");
        assert_eq!(
            next(&mut sub).await,
            Err(RealtimeError::Server { code: 1008, message: "Missing or unknown project ID".to_owned() })
        );
        match next(&mut sub).await {
            Err(RealtimeError::Refused { code: Some(1008), message }) => {
                assert!(message.contains("unknown project"), "{message}")
            }
            other => panic!("expected Refused, got {other:?}"),
        }
        assert!(sub.next().await.is_none(), "the stream ends");
        server.no_connection_within(Duration::from_millis(300)).await;

        // A close frame with code 1008 and no error message before it.
        let mut sub = realtime.subscribe([ORDERS]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        let frame = CloseFrame { code: CloseCode::Policy, reason: "Origin not allowed".into() };
        conn.ws.close(Some(frame)).await.expect("closing");
        match next(&mut sub).await {
            Err(RealtimeError::Refused { code: Some(1008), message }) => {
                assert!(message.contains("Origin"), "{message}")
            }
            other => panic!("expected Refused, got {other:?}"),
        }
        assert!(sub.next().await.is_none());
        server.no_connection_within(Duration::from_millis(300)).await;
    })
    .await;
}

#[tokio::test]
async fn an_upgrade_refused_with_a_client_error_is_not_retried_but_a_server_error_is() {
    bounded(async {
        let server = Server::answering(Some(StatusCode::NOT_FOUND)).await;
        let mut sub = server.realtime().subscribe([ORDERS]).expect("subscribe");
        match next(&mut sub).await {
            Err(RealtimeError::Refused { code: Some(404), message }) => assert!(message.contains("404"), "{message}"),
            other => panic!("expected Refused, got {other:?}"),
        }
        assert!(sub.next().await.is_none());

        let server = Server::answering(Some(StatusCode::BAD_GATEWAY)).await;
        let mut sub = server.realtime().subscribe([ORDERS]).expect("subscribe");
        for _ in 0..3 {
            match next(&mut sub).await {
                Err(RealtimeError::Disconnected { reason, .. }) => assert!(reason.contains("502"), "{reason}"),
                other => panic!("expected Disconnected, got {other:?}"),
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_slow_reader_loses_the_oldest_events_and_is_told_how_many() {
    bounded(async {
        let mut server = Server::start().await;
        let realtime = server.realtime();
        let mut slow = realtime.clone().buffer(4).subscribe([ORDERS]).expect("subscribe");
        let mut witness = realtime.subscribe([ORDERS]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        for i in 1..=10 {
            conn.send(event(&[ORDERS], &format!("o{i}"), i)).await;
        }
        // Once the witness has all ten, the slow one has been offered them.
        for i in 1..=10u32 {
            assert_eq!(n(&next_event(&mut witness).await), u64::from(i));
        }
        assert!(format!("{slow:?}").contains("buffered: 4"), "{slow:?}");
        assert_eq!(next(&mut slow).await, Err(RealtimeError::Lagged(6)));
        for i in 7..=10 {
            assert_eq!(n(&next_event(&mut slow).await), i);
        }
        conn.send(event(&[ORDERS], "o11", 11)).await;
        assert_eq!(n(&next_event(&mut slow).await), 11);
    })
    .await;
}

#[tokio::test]
async fn malformed_messages_are_reported_and_the_connection_kept() {
    bounded(async {
        let mut server = Server::start().await;
        let mut sub = server.realtime().subscribe([ORDERS]).expect("subscribe");
        let mut conn = server.accept().await;
        conn.connected(true).await;
        conn.send("not json at all").await;
        conn.send(r#"{"data":{"channels":[]}}"#).await;
        conn.send(r#"{"type":"event","data":{"events":"x","channels":["a"],"timestamp":"","payload":{}}}"#).await;
        conn.send(r#"{"type":"event"}"#).await;
        conn.ws.send(Message::binary(vec![1u8, 2, 3])).await.expect("sending");
        // A message type of a newer server is not an error.
        conn.send(r#"{"type":"presence","data":{"users":[]}}"#).await;
        conn.send(event(&[ORDERS], "o1", 1)).await;

        let mut starts = Vec::new();
        for _ in 0..5 {
            match next(&mut sub).await {
                Err(RealtimeError::Malformed { detail, message_start }) => {
                    assert!(!detail.is_empty());
                    starts.push(message_start);
                }
                other => panic!("expected Malformed, got {other:?}"),
            }
        }
        assert_eq!(starts[0], "not json at all");
        assert!(starts[2].contains(r#""events":"x""#), "{}", starts[2]);
        assert_eq!(starts[4], "3 bytes");
        assert_eq!(n(&next_event(&mut sub).await), 1);
        server.no_connection_within(Duration::from_millis(200)).await;
    })
    .await;
}

#[tokio::test]
async fn subscribe_refuses_what_cannot_work() {
    let server = Server::start().await;
    let realtime = server.realtime();
    let none: [Channel; 0] = [];
    assert!(realtime.subscribe(none).is_err());
    assert!(realtime.subscribe([""]).is_err());
    let no_project = Client::builder().endpoint(server.endpoint()).build().expect("client");
    assert!(no_project.realtime().subscribe([ORDERS]).is_err());
    let outside = std::thread::spawn(move || realtime.subscribe([ORDERS]).map(drop));
    assert!(outside.join().expect("thread").is_err(), "no runtime there");
}

#[test]
fn channel_names_are_those_appwrite_1_8_publishes_on() {
    // `Realtime::fromPayload` in src/Appwrite/Messaging/Adapter/Realtime.php
    // at 1.8.1 (bd288ce6507643eef4891bfdad27a60fcb8a09e2).
    let cases = [
        (Channel::account(), "account"),
        (Channel::documents("db", "col"), "databases.db.collections.col.documents"),
        (Channel::document("db", "col", "doc"), "databases.db.collections.col.documents.doc"),
        (Channel::all_documents(), "documents"),
        (Channel::rows("db", "tbl"), "databases.db.tables.tbl.rows"),
        (Channel::row("db", "tbl", "r"), "databases.db.tables.tbl.rows.r"),
        (Channel::all_rows(), "rows"),
        (Channel::files("b"), "buckets.b.files"),
        (Channel::file("b", "f"), "buckets.b.files.f"),
        (Channel::all_files(), "files"),
        (Channel::executions(), "executions"),
        (Channel::execution("e"), "executions.e"),
        (Channel::function_executions("fn"), "functions.fn"),
        (Channel::teams(), "teams"),
        (Channel::team("t"), "teams.t"),
        (Channel::memberships(), "memberships"),
        (Channel::membership("m"), "memberships.m"),
    ];
    for (channel, name) in cases {
        assert_eq!(channel.as_str(), name);
        assert_eq!(channel.to_string(), name);
        assert_eq!(Channel::from(name), channel);
    }
}

/// Where a test's TLS server listens, and its port.
#[cfg(feature = "rustls")]
async fn tls_listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding");
    let port = listener.local_addr().expect("address").port();
    (listener, port)
}

/// A client of the TLS server on `port`, named `localhost` as its
/// certificate is.
#[cfg(feature = "rustls")]
fn https_client(port: u16, self_signed: bool) -> Client {
    Client::builder()
        .endpoint(format!("https://localhost:{port}/v1"))
        .project(PROJECT)
        .self_signed(self_signed)
        .build()
        .expect("client")
}

#[cfg(feature = "rustls")]
#[tokio::test]
async fn wss_goes_through_the_crates_tls_and_checks_the_certificate() {
    bounded(async {
        let acceptor = support::tls_acceptor();
        let (listener, port) = tls_listener().await;
        let (handshakes, mut done) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = handshakes.send(acceptor.accept(stream).await.map(drop).map_err(|e| e.to_string()));
            }
        });
        let mut sub = https_client(port, false).realtime().subscribe([ORDERS]).expect("subscribe");
        // The server saw a TLS handshake, which the client broke off...
        let server_side = done.recv().await.expect("a handshake");
        assert!(server_side.is_err(), "the client accepted an unknown CA");
        // ...because of the certificate, which it says, and it tries again.
        match next(&mut sub).await {
            Err(RealtimeError::Disconnected { reason, .. }) => assert!(reason.contains("certificate"), "{reason}"),
            other => panic!("expected Disconnected, got {other:?}"),
        }
    })
    .await;
}

#[cfg(feature = "rustls")]
#[tokio::test]
async fn wss_with_self_signed_accepts_the_certificate_and_receives_events() {
    bounded(async {
        let acceptor = support::tls_acceptor();
        let (listener, port) = tls_listener().await;
        tokio::spawn(async move {
            let (stream, _) = listener.accept().await.expect("a connection");
            let tls = acceptor.accept(stream).await.expect("the client accepts the certificate");
            let mut ws = tokio_tungstenite::accept_async(tls).await.expect("WebSocket upgrade over TLS");
            let connected = json!({"type": "connected", "data": {"channels": [ORDERS], "user": null}});
            ws.send(Message::text(connected.to_string())).await.expect("connected");
            ws.send(Message::text(event(&[ORDERS], "o1", 1))).await.expect("event");
            // Holds the socket open until the client has read the event.
            while let Some(Ok(_)) = ws.next().await {}
        });
        let mut sub = https_client(port, true).realtime().subscribe([ORDERS]).expect("subscribe");
        assert_eq!(n(&next_event(&mut sub).await), 1);
    })
    .await;
}
