// @generated: copied by appwrite-generator from templates/ (the `src/runtime/realtime/protocol.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! The wire format of Appwrite's realtime server, as the 1.8 line speaks it
//! (`app/realtime.php` in appwrite/appwrite at 1.8.1,
//! bd288ce6507643eef4891bfdad27a60fcb8a09e2):
//!
//! - the socket is opened at `<endpoint>/realtime?project=<id>&channels[]=<name>...`
//!   with the endpoint's scheme turned into `ws`/`wss`; the channels are
//!   fixed for the socket's life, so a new set means a new socket;
//! - the user is the one of the upgrade request's `X-Appwrite-Session` or
//!   `X-Appwrite-JWT` header (the same `user` resource as HTTP requests);
//!   a session can also be given later in an
//!   `{"type":"authentication","data":{"session":...}}` message, which is
//!   how browsers, unable to set headers on a WebSocket, do it; API keys
//!   play no part;
//! - the server sends `{"type":..., "data":...}` with type `connected`
//!   (channels, and the user or null), `event` (events, channels,
//!   timestamp, payload), `error` (code, message), `pong` (answer to
//!   `{"type":"ping"}`) and `response` (to `authentication`);
//! - a refusal at connection time is an `error` followed by a close with
//!   the same code (`1008` policy violation: unknown project, no channels,
//!   origin not allowed); later errors (`1003` bad message or session,
//!   `1013` more than 32 messages a minute) leave the socket open.
//!
//! Newer servers (1.9) add per-subscription queries in the URL
//! (`<channel>[<slot>][]=<query>`), `subscribe`/`unsubscribe` messages
//! that change channels without a new socket, and subscription IDs in
//! `connected` and `event`. They keep everything above, which is all this
//! client uses, so it works with them unchanged.

use std::hash::{Hash, Hasher};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use super::event::RealtimeEvent;
use crate::Timestamp;

/// How often the official SDKs (web `client.ts.twig`, Flutter
/// `realtime_mixin.dart.twig` in appwrite/sdk-generator at 1.14.0,
/// 7e7e257b10a8c1384a237e7d8d73452e2108901e) send a ping: well under the
/// idle timeouts of common proxies, and three of the 32 messages a minute
/// the server allows.
pub(crate) const PING_INTERVAL_SECS: u64 = 20;

pub(crate) const PING: &str = r#"{"type":"ping"}"#;

pub(crate) fn authentication(session: &str) -> String {
    serde_json::json!({ "type": "authentication", "data": { "session": session } }).to_string()
}

/// Everything but the unreserved characters, so a channel or project name
/// cannot end the parameter or start another.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The socket's URL for an API endpoint such as `https://host/v1`.
pub(crate) fn url(endpoint: &str, project: &str, channels: &[String]) -> String {
    let base = if let Some(rest) = endpoint.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = endpoint.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        endpoint.to_owned()
    };
    let mut url = format!("{base}/realtime?project={}", utf8_percent_encode(project, COMPONENT));
    for channel in channels {
        // Literal brackets, as the official SDKs send them; PHP reads both.
        url.push_str("&channels[]=");
        url.extend(utf8_percent_encode(channel, COMPONENT));
    }
    url
}

/// A message from the server.
pub(crate) enum Incoming {
    /// The socket is subscribed; `user` says whether the server knows who
    /// the client is.
    Connected {
        user: bool,
    },
    Event(RealtimeEvent),
    Error {
        code: i64,
        message: String,
    },
    /// `pong`, `response`, and types of newer servers: nothing to do.
    Other,
}

/// The envelope of every message. The data is read once the type says
/// what it holds, so a type this client does not know (one of a newer
/// server) is skipped without an error.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    data: Value,
}

#[derive(Deserialize)]
struct ConnectedData {
    #[serde(default)]
    user: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct EventData {
    events: Vec<String>,
    channels: Vec<String>,
    timestamp: Timestamp,
    payload: Value,
}

#[derive(Deserialize)]
struct ErrorData {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    message: String,
}

/// Reads one text message; the error says what is wrong with it.
pub(crate) fn parse(text: &str) -> Result<Incoming, String> {
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let data = envelope.data;
    let what = |e: serde_json::Error| format!("`{}` message: {e}", envelope.kind);
    Ok(match envelope.kind.as_str() {
        "connected" => {
            let data = ConnectedData::deserialize(data).map_err(what)?;
            Incoming::Connected { user: data.user.is_some() }
        }
        "event" => {
            let data = EventData::deserialize(data).map_err(what)?;
            Incoming::Event(RealtimeEvent {
                events: data.events,
                channels: data.channels,
                timestamp: data.timestamp,
                payload: data.payload,
            })
        }
        "error" => {
            let data = ErrorData::deserialize(data).map_err(what)?;
            Incoming::Error { code: data.code, message: data.message }
        }
        _ => Incoming::Other,
    })
}

/// Identifies an event across sockets: the server sends the same change to
/// every socket subscribed to it, with the same timestamp (milliseconds)
/// and payload, so two events alike in all of these are one event received
/// twice (while a socket is being replaced, or from a server replaying it).
pub(crate) fn event_key(event: &RealtimeEvent) -> u64 {
    // Fixed keys: only needs to be stable within one process.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    event.timestamp.as_str().hash(&mut hasher);
    event.events.hash(&mut hasher);
    event.channels.hash(&mut hasher);
    hash_value(&event.payload, &mut hasher);
    hasher.finish()
}

fn hash_value(value: &Value, hasher: &mut impl Hasher) {
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        Value::Number(n) => (2u8, n).hash(hasher),
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            for item in items {
                hash_value(item, hasher);
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
    }
}

/// The first characters of a message, for an error that shows it.
pub(crate) fn start(text: &str) -> String {
    const MAX: usize = 120;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}
