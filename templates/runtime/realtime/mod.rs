//! Live subscriptions to Appwrite's realtime events over a WebSocket (the
//! `realtime` cargo feature).
//!
//! ```no_run
//! use appwrite_client::{Channel, Client};
//! use futures_util::StreamExt;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .endpoint("https://cloud.appwrite.io/v1")
//!     .project("<PROJECT_ID>")
//!     .session("<SESSION_SECRET>")
//!     .build()?;
//! let mut orders = client.realtime().subscribe([Channel::documents("shop", "orders")])?;
//! while let Some(item) = orders.next().await {
//!     match item {
//!         Ok(event) => println!("{:?} {}", event.events.first(), event.payload),
//!         Err(error) => eprintln!("{error}"),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Realtime is for users: the socket acts as the client's session or JWT
//! (sent with the upgrade request, and the session again in an
//! `authentication` message if the server did not see it), or as a guest.
//! The API key is never sent, so a client holding one receives only what
//! guests may read.
//!
//! All subscriptions made through one client (or its clones) with the same
//! settings share one socket, opened with the first and closed with the
//! last. A subscription added or dropped changes the set of channels, which
//! on Appwrite 1.8 needs a new socket: it is opened before the old one is
//! closed, and an event received on both is handed out once.
//!
//! When the connection drops, every subscription gets a
//! [`RealtimeError::Disconnected`] item and the client reconnects with
//! exponential backoff, subscribing to the same channels; Appwrite does not
//! replay the events published in between. A refusal that reconnecting
//! cannot fix ends every stream with [`RealtimeError::Refused`]. A
//! heartbeat ping every 20 s keeps proxies from closing an idle socket, and
//! one left unanswered until the next ping counts as a lost connection.
//!
//! Each subscription buffers at most [`Realtime::DEFAULT_BUFFER`] events
//! (see [`Realtime::buffer`]); past that, the oldest are dropped and the
//! next item is a [`RealtimeError::Lagged`] with their number, so a slow
//! reader costs memory only up to its buffer and never slows the others.
//!
//! TLS (`wss://` for an `https://` endpoint) uses the crate's `rustls` or
//! `native-tls` feature, like HTTP, and
//! [`ClientBuilder::self_signed`](crate::ClientBuilder::self_signed)
//! applies to the socket as it does to requests.

mod channel;
mod connection;
mod event;
mod protocol;
mod shared;
mod subscription;
mod tls;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use channel::Channel;
pub use event::{RealtimeError, RealtimeEvent};
pub use subscription::{RealtimeItem, Subscription};

use crate::{Client, Error, Result};

/// Subscribes to a client's realtime channels; from [`Client::realtime`].
///
/// Cheap to make and to clone. The setters apply to the subscriptions made
/// through this value afterwards.
#[derive(Clone)]
pub struct Realtime {
    client: Client,
    settings: shared::Settings,
    buffer: usize,
}

impl Client {
    /// Realtime subscriptions acting as this client's user (see
    /// [`Realtime`]); needs the `realtime` feature.
    pub fn realtime(&self) -> Realtime {
        Realtime {
            client: self.clone(),
            settings: shared::Settings {
                heartbeat: Realtime::DEFAULT_HEARTBEAT,
                first_delay: Realtime::DEFAULT_FIRST_RETRY,
                max_delay: Realtime::DEFAULT_MAX_RETRY,
            },
            buffer: Realtime::DEFAULT_BUFFER,
        }
    }
}

impl Realtime {
    /// Events each subscription holds for its reader unless set with
    /// [`buffer`](Self::buffer).
    pub const DEFAULT_BUFFER: usize = 1024;
    /// How often the socket is pinged unless set with
    /// [`heartbeat`](Self::heartbeat): every 20 s, like Appwrite's own SDKs.
    pub const DEFAULT_HEARTBEAT: Duration = Duration::from_secs(protocol::PING_INTERVAL_SECS);
    /// The wait before the first reconnection attempt, unless set with
    /// [`reconnect_delay`](Self::reconnect_delay).
    pub const DEFAULT_FIRST_RETRY: Duration = Duration::from_secs(1);
    /// The longest wait between reconnection attempts, unless set with
    /// [`reconnect_delay`](Self::reconnect_delay).
    pub const DEFAULT_MAX_RETRY: Duration = Duration::from_secs(60);

    /// How many events a subscription holds until its reader takes them
    /// (at least 1). When it is full the oldest is dropped and counted in
    /// the next [`RealtimeError::Lagged`].
    pub fn buffer(mut self, events: usize) -> Self {
        self.buffer = events.max(1);
        self
    }

    /// Ping interval of the socket; no answer by the next ping ends the
    /// connection, which is then made again. Appwrite counts pings among
    /// the 32 messages a minute it takes from a socket, so keep it above
    /// 2 s.
    pub fn heartbeat(mut self, every: Duration) -> Self {
        self.settings.heartbeat = every.max(Duration::from_millis(1));
        self
    }

    /// Reconnection backoff: the first attempt waits about `first` (at
    /// least 10 ms), each next one twice as long, up to `max`; each wait is
    /// drawn between half and all of that value.
    pub fn reconnect_delay(mut self, first: Duration, max: Duration) -> Self {
        let first = first.max(Duration::from_millis(10));
        self.settings.first_delay = first;
        self.settings.max_delay = max.max(first);
        self
    }

    /// Subscribes to `channels`: a [`Subscription`] stream of the events
    /// published on any of them, from the moment the socket is subscribed.
    ///
    /// Must be called within a tokio runtime: the connection runs as a task
    /// on it. Fails only when no channel is given, the client has no
    /// project, or there is no runtime; connection problems arrive as items
    /// of the stream.
    pub fn subscribe<I>(&self, channels: I) -> Result<Subscription>
    where
        I: IntoIterator,
        I::Item: Into<Channel>,
    {
        let mut channels: Vec<Channel> = channels.into_iter().map(Into::into).collect();
        channels.sort();
        channels.dedup();
        if channels.is_empty() || channels.iter().any(|c| c.as_str().is_empty()) {
            return Err(Error::InvalidInput("a realtime subscription needs at least one non-empty channel".to_owned()));
        }
        if self.client.project_id().is_none_or(str::is_empty) {
            return Err(Error::InvalidInput(
                "realtime needs the client's project; set it with ClientBuilder::project".to_owned(),
            ));
        }
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::InvalidInput("Realtime::subscribe must be called within a tokio runtime".to_owned()))?;
        let shared = shared::shared(&self.client, self.settings);
        let queue = Arc::new(subscription::Queue::new(self.buffer));
        let names = channels.iter().map(|c| c.as_str().to_owned()).collect();
        let id = shared.subscribe(names, Arc::clone(&queue), &runtime);
        Ok(Subscription { shared, id, queue, channels })
    }
}

impl fmt::Debug for Realtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The client's own Debug already hides its secrets.
        f.debug_struct("Realtime")
            .field("client", &self.client)
            .field("heartbeat", &self.settings.heartbeat)
            .field("reconnect_delay", &(self.settings.first_delay, self.settings.max_delay))
            .field("buffer", &self.buffer)
            .finish()
    }
}
