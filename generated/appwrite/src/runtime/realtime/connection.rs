// @generated: copied by appwrite-generator from templates/ (the `src/runtime/realtime/connection.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! The one socket that a client's subscriptions share, and the task that
//! keeps it open: heartbeat, reconnection, rebuilding it when the set of
//! channels changes, and handing each event to the subscriptions it matches.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::header::HeaderName;
use tokio::time::{timeout, Instant, MissedTickBehavior};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::Request;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message};

use super::event::RealtimeError;
use super::protocol::{self, Incoming};
use super::shared::{Ending, Shared};
use super::tls::{self, Socket};
use crate::ClientBuilder;

/// Headers of the client that the upgrade request does not carry: the API
/// key (Appwrite's realtime serves users, and a key must never travel
/// where it is not needed) and those the WebSocket handshake sets itself.
const NOT_FORWARDED: &[&str] = &[
    "x-appwrite-key",
    "host",
    "connection",
    "upgrade",
    "content-type",
    "content-length",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-extensions",
    "sec-websocket-protocol",
];

/// The upgrade request: the socket's URL, and the client's headers but
/// [`NOT_FORWARDED`].
fn request(shared: &Shared, channels: &[String]) -> Result<Request, Failure> {
    let project = shared.client.project_id().unwrap_or_default();
    let url = protocol::url(shared.client.endpoint(), project, channels);
    let mut request =
        url.into_client_request().map_err(|e| Failure::refused(None, format!("invalid realtime URL: {e}")))?;
    let headers = request.headers_mut();
    for (name, value) in shared.client.default_headers() {
        if !NOT_FORWARDED.contains(&name.as_str()) {
            headers.insert(HeaderName::clone(name), value.clone());
        }
    }
    Ok(request)
}

/// Why a socket ended or could not be opened.
struct Failure {
    reason: String,
    /// `Some` when trying again cannot help: the code of the refusal.
    refused: Option<Option<i64>>,
}

impl Failure {
    fn retry(reason: impl Into<String>) -> Failure {
        Failure { reason: reason.into(), refused: None }
    }

    fn refused(code: Option<i64>, reason: impl Into<String>) -> Failure {
        Failure { reason: reason.into(), refused: Some(code) }
    }

    fn from_handshake(error: tungstenite::Error) -> Failure {
        match error {
            tungstenite::Error::Http(response) => {
                let status = response.status().as_u16();
                let reason = format!("the server answered the WebSocket upgrade with HTTP {status}");
                // A missing route, a refused credential or project: the same
                // request gets the same answer. Timeouts, rate limits and
                // 5xx from a proxy while Appwrite restarts do not.
                if (400..500).contains(&status) && status != 408 && status != 429 {
                    Failure::refused(Some(i64::from(status)), reason)
                } else {
                    Failure::retry(reason)
                }
            }
            tungstenite::Error::Url(e) => Failure::refused(None, format!("invalid realtime URL: {e}")),
            other => Failure::retry(other.to_string()),
        }
    }
}

/// One open socket.
struct Live {
    ws: Socket,
    channels: Vec<String>,
    /// The first message, read while opening (see [`open`]).
    first: Option<Message>,
    /// The server's close frame, once received: code and reason.
    close: Option<(u16, String)>,
    /// The `error` message just received, if nothing came after it: the
    /// 1.8 server explains a refusal this way just before it closes.
    last_error: Option<(i64, String)>,
}

impl Live {
    fn ended(&self, error: Option<tungstenite::Error>) -> Failure {
        let policy = u16::from(CloseCode::Policy);
        let reason = match (&self.last_error, &self.close, &error) {
            (Some((code, message)), _, _) => format!("{message} ({code})"),
            (None, Some((code, reason)), _) if !reason.is_empty() => format!("closed by the server: {reason} ({code})"),
            (None, Some((code, _)), _) => format!("closed by the server ({code})"),
            (None, None, Some(error)) => error.to_string(),
            (None, None, None) => "closed by the server".to_owned(),
        };
        match (&self.last_error, &self.close) {
            // Appwrite's refusals (`1008`) and the credential errors it sends
            // before closing at connection time (`401` for a JWT it rejects,
            // ...) do not go away by reconnecting with the same request.
            (Some((code, _)), _) if *code == i64::from(policy) || (400..500).contains(code) => {
                Failure::refused(Some(*code), reason)
            }
            (_, Some((code, _))) if *code == policy => Failure::refused(Some(i64::from(*code)), reason),
            _ => Failure::retry(reason),
        }
    }
}

/// Opens a socket for `channels` and reads its first message, which the
/// server sends once the socket is subscribed (`connected`), or to refuse
/// it (`error`). A socket that replaces another is used only from then on,
/// so that no event is missed in between.
async fn open(shared: Arc<Shared>, channels: Vec<String>) -> Result<Live, Failure> {
    let request = request(&shared, &channels)?;
    let limit = ClientBuilder::DEFAULT_CONNECT_TIMEOUT;
    let connector = tls::connector(shared.client.accepts_invalid_certs()).map_err(|e| Failure::refused(None, e))?;
    let connecting = tls::connect(request, connector);
    let (mut ws, _) = match timeout(limit, connecting).await {
        Err(_) => return Err(Failure::retry(format!("no connection within {} s", limit.as_secs()))),
        Ok(Err(error)) => return Err(Failure::from_handshake(error)),
        Ok(Ok(pair)) => pair,
    };
    let first = match timeout(limit, ws.next()).await {
        Err(_) => return Err(Failure::retry(format!("no message within {} s of connecting", limit.as_secs()))),
        Ok(None) => return Err(Failure::retry("closed by the server")),
        Ok(Some(Err(error))) => return Err(Failure::retry(error.to_string())),
        Ok(Some(Ok(message))) => message,
    };
    Ok(Live { ws, channels, first: Some(first), close: None, last_error: None })
}

/// How a socket's service ended.
enum Ended {
    NoSubscribers,
    Lost(Failure),
}

/// Keys of the last events handed out, to drop the same event arriving
/// again. The overlap it guards is a handful of events, so a short memory
/// is enough and bounds the cost of a lookup.
struct Recent {
    keys: VecDeque<u64>,
}

impl Recent {
    const SIZE: usize = 256;

    /// Whether `key` is new (and remembers it).
    fn insert(&mut self, key: u64) -> bool {
        if self.keys.contains(&key) {
            return false;
        }
        if self.keys.len() == Self::SIZE {
            self.keys.pop_front();
        }
        self.keys.push_back(key);
        true
    }
}

type Opening = Pin<Box<dyn Future<Output = Result<Live, Failure>> + Send>>;

struct Connection {
    shared: Arc<Shared>,
    recent: Recent,
    /// Failed attempts since the last successful `connected`.
    attempt: u32,
}

pub(super) async fn run(ending: Ending) {
    let shared = Arc::clone(&ending.0);
    let mut connection = Connection { shared, recent: Recent { keys: VecDeque::new() }, attempt: 0 };
    connection.run().await;
    drop(ending);
}

impl Connection {
    async fn run(&mut self) {
        loop {
            let Some(channels) = self.shared.wanted() else { return };
            let failure = match open(Arc::clone(&self.shared), channels).await {
                Ok(live) => match self.serve(live).await {
                    Ended::NoSubscribers => return,
                    Ended::Lost(failure) => failure,
                },
                Err(failure) => failure,
            };
            if let Some(code) = failure.refused {
                self.shared.refuse_all(&RealtimeError::Refused { code, message: failure.reason });
                self.attempt = 0;
                continue;
            }
            let delay = self.next_delay();
            self.shared.tell_all(&RealtimeError::Disconnected { reason: failure.reason, retry_in: delay });
            if !self.wait(delay).await {
                return;
            }
        }
    }

    /// Exponential backoff from the first delay to the longest, each drawn
    /// between half and all of its value so that clients cut off together
    /// do not all come back at the same instant.
    fn next_delay(&mut self) -> Duration {
        let settings = self.shared.settings;
        let full = settings.first_delay.saturating_mul(1 << self.attempt.min(20)).min(settings.max_delay);
        self.attempt = self.attempt.saturating_add(1);
        full.mul_f64(0.5 + fastrand::f64() / 2.0)
    }

    /// Waits `delay`; `false` if the last subscriber left meanwhile.
    async fn wait(&self, delay: Duration) -> bool {
        let deadline = tokio::time::sleep(delay);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                () = &mut deadline => return true,
                () = self.shared.changed.notified() => {
                    if self.shared.wanted().is_none() {
                        return false;
                    }
                }
            }
        }
    }

    async fn serve(&mut self, mut live: Live) -> Ended {
        let every = self.shared.settings.heartbeat;
        let mut heartbeat = tokio::time::interval_at(Instant::now() + every, every);
        heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
        // Set by a ping, cleared by anything the server sends: still set at
        // the next ping means the connection is dead without having closed.
        let mut awaiting = false;
        let mut next: Option<(Vec<String>, Opening)> = None;
        if let Err(failure) = self.first(&mut live).await {
            return Ended::Lost(failure);
        }
        loop {
            tokio::select! {
                frame = live.ws.next() => {
                    awaiting = false;
                    let frame = match frame {
                        Some(Ok(frame)) => frame,
                        Some(Err(error)) => return Ended::Lost(live.ended(Some(error))),
                        None => return Ended::Lost(live.ended(None)),
                    };
                    if let Err(failure) = self.on_frame(&mut live, frame).await {
                        return Ended::Lost(failure);
                    }
                }
                _ = heartbeat.tick() => {
                    if awaiting {
                        return Ended::Lost(Failure::retry(format!(
                            "no answer to the heartbeat within {} ms",
                            every.as_millis()
                        )));
                    }
                    if let Err(error) = live.ws.send(Message::text(protocol::PING)).await {
                        return Ended::Lost(live.ended(Some(error)));
                    }
                    awaiting = true;
                }
                () = self.shared.changed.notified() => {
                    let Some(wanted) = self.shared.wanted() else {
                        close(live.ws).await;
                        return Ended::NoSubscribers;
                    };
                    if wanted == live.channels {
                        next = None;
                    } else if next.as_ref().is_none_or(|(channels, _)| *channels != wanted) {
                        let opening = Box::pin(open(Arc::clone(&self.shared), wanted.clone()));
                        next = Some((wanted, opening));
                    }
                }
                opened = async { next.as_mut().map(|(_, opening)| opening.as_mut()).expect("guarded").await }, if next.is_some() => {
                    next = None;
                    match opened {
                        Ok(new) => {
                            let old = std::mem::replace(&mut live, new);
                            close_later(old.ws);
                            heartbeat.reset();
                            awaiting = false;
                            if let Err(failure) = self.first(&mut live).await {
                                return Ended::Lost(failure);
                            }
                        }
                        Err(failure) => {
                            close_later(live.ws);
                            return Ended::Lost(failure);
                        }
                    }
                }
            }
        }
    }

    async fn first(&mut self, live: &mut Live) -> Result<(), Failure> {
        match live.first.take() {
            Some(frame) => self.on_frame(live, frame).await,
            None => Ok(()),
        }
    }

    async fn on_frame(&mut self, live: &mut Live, frame: Message) -> Result<(), Failure> {
        match frame {
            Message::Text(text) => return self.on_text(live, text.as_str()).await,
            Message::Binary(bytes) => {
                live.last_error = None;
                self.shared.tell_all(&RealtimeError::Malformed {
                    detail: "a binary frame; the server sends JSON text".to_owned(),
                    message_start: format!("{} bytes", bytes.len()),
                });
            }
            Message::Close(frame) => {
                live.close = frame.map(|frame| (u16::from(frame.code), frame.reason.as_str().to_owned()));
                // Nothing can follow a close frame: the socket is over now,
                // not when the server gets round to closing TCP. The answer
                // tungstenite queued goes out first.
                let _ = timeout(Duration::from_secs(1), live.ws.flush()).await;
                return Err(live.ended(None));
            }
            // Pings are answered by tungstenite itself.
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
        }
        Ok(())
    }

    async fn on_text(&mut self, live: &mut Live, text: &str) -> Result<(), Failure> {
        let incoming = match protocol::parse(text) {
            Ok(incoming) => incoming,
            Err(detail) => {
                live.last_error = None;
                let message_start = protocol::start(text);
                self.shared.tell_all(&RealtimeError::Malformed { detail, message_start });
                return Ok(());
            }
        };
        if !matches!(incoming, Incoming::Error { .. }) {
            live.last_error = None;
        }
        match incoming {
            Incoming::Connected { user } => {
                self.attempt = 0;
                // The upgrade request carried the session already; a server
                // that did not see it (a proxy dropping the header) is given
                // it the way browsers give theirs.
                if let (false, Some(session)) = (user, self.shared.session()) {
                    let message = Message::text(protocol::authentication(&session));
                    if let Err(error) = live.ws.send(message).await {
                        return Err(live.ended(Some(error)));
                    }
                }
            }
            Incoming::Event(event) => {
                if self.recent.insert(protocol::event_key(&event)) {
                    self.shared.dispatch(event);
                }
            }
            Incoming::Error { code, message } => {
                self.shared.tell_all(&RealtimeError::Server { code, message: message.clone() });
                live.last_error = Some((code, message));
            }
            Incoming::Other => {}
        }
        Ok(())
    }
}

/// Says goodbye with a normal close frame, so that the server drops the
/// socket's subscriptions at once; a server that does not take it within a
/// second is not waited for.
async fn close(mut ws: Socket) {
    let normal = CloseFrame { code: CloseCode::Normal, reason: "".into() };
    let _ = timeout(Duration::from_secs(1), ws.close(Some(normal))).await;
}

/// Closes a replaced socket without holding up the new one.
fn close_later(ws: Socket) {
    tokio::spawn(close(ws));
}
