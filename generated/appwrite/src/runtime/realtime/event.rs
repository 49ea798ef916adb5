// @generated: copied by appwrite-generator from templates/ (the `src/runtime/realtime/event.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! What a subscription yields: events, and the reasons it could not.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::{Error, Result, Timestamp};

/// One change that Appwrite published on a channel a subscription listens to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RealtimeEvent {
    /// What happened, most specific first, e.g.
    /// `databases.shop.collections.orders.documents.o1.update` and its
    /// wildcard forms (`databases.*.collections.*.documents.*.update`, ...).
    pub events: Vec<String>,
    /// Every channel the change was published on; a subscription receives
    /// the event because one of them is among its own.
    pub channels: Vec<String>,
    /// When the server published it.
    pub timestamp: Timestamp,
    /// The resource after the change: a document, row, file, execution,
    /// team, membership or the account, as the matching model's JSON.
    pub payload: serde_json::Value,
}

impl RealtimeEvent {
    /// The payload decoded into a model of the crate or a type of yours,
    /// e.g. `event.payload_as::<models::Document>()`. Fails with
    /// [`Error::Decode`] when the payload does not have that shape (an event
    /// of another kind on the same channel, say).
    pub fn payload_as<T: DeserializeOwned>(&self) -> Result<T> {
        T::deserialize(&self.payload)
            .map_err(|e| Error::decode::<T>(&e, &serde_json::to_vec(&self.payload).unwrap_or_default()))
    }

    /// Whether one of [`events`](Self::events) is `name`, e.g.
    /// `databases.*.collections.*.documents.*.create`.
    pub fn is(&self, name: &str) -> bool {
        self.events.iter().any(|e| e == name)
    }
}

/// Why a subscription yielded an error instead of an event.
///
/// Only [`Refused`](Self::Refused) ends the stream; after any other item the
/// subscription goes on by itself.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RealtimeError {
    /// The subscription's buffer was full: this many events, the oldest
    /// waiting, were dropped to make room for newer ones. Read faster, or
    /// give the subscription a larger [`buffer`](super::Realtime::buffer).
    Lagged(u64),
    /// The server answered with an `error` message, e.g. `1003` for a
    /// session it did not accept or `1013` for too many messages. The
    /// connection stays open unless a [`Refused`](Self::Refused) follows.
    Server {
        /// Appwrite's code: a WebSocket close code (`1003`, `1008`,
        /// `1013`) or an HTTP status (`401` for an invalid JWT, ...).
        code: i64,
        /// Appwrite's message.
        message: String,
    },
    /// A message from the server could not be read (not JSON, no `type`,
    /// an event without its fields, a binary frame). It was skipped and
    /// the connection kept.
    Malformed {
        /// What was wrong with it.
        detail: String,
        /// Its first characters, to recognise it.
        message_start: String,
    },
    /// The connection was lost or could not be made; the client connects
    /// again after `retry_in` and subscribes to the same channels. Appwrite
    /// does not replay what it published in between.
    Disconnected {
        /// Why, e.g. the close frame's reason or the I/O error.
        reason: String,
        /// How long until the next attempt.
        retry_in: Duration,
    },
    /// The server refused the subscription for a reason that trying again
    /// cannot fix: a policy violation (`1008`: unknown project, no
    /// channels, an origin not allowed), a credential it rejected, or an
    /// endpoint that is not a realtime server. The stream ends after this
    /// item; subscribing again makes a new attempt.
    Refused {
        /// The close code, Appwrite's error code, or the HTTP status of the
        /// upgrade request, whichever the server gave.
        code: Option<i64>,
        /// What the server said, or what went wrong.
        message: String,
    },
}

impl fmt::Display for RealtimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RealtimeError::Lagged(n) => write!(f, "realtime subscription lagged: {n} events dropped"),
            RealtimeError::Server { code, message } => write!(f, "realtime server error {code}: {message}"),
            RealtimeError::Malformed { detail, message_start } => {
                write!(f, "unreadable realtime message ({detail}): {message_start}")
            }
            RealtimeError::Disconnected { reason, retry_in } => {
                write!(f, "realtime connection lost ({reason}); retrying in {} ms", retry_in.as_millis())
            }
            RealtimeError::Refused { code: Some(code), message } => {
                write!(f, "realtime subscription refused ({code}): {message}")
            }
            RealtimeError::Refused { code: None, message } => write!(f, "realtime subscription refused: {message}"),
        }
    }
}

impl std::error::Error for RealtimeError {}
