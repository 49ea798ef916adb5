// @generated: copied by appwrite-generator from templates/ (the `src/runtime/realtime/shared.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! A client's realtime state: its subscribers, and the registry that
//! finds it again so that every subscription of a client shares one socket.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::event::{RealtimeError, RealtimeEvent};
use super::subscription::Queue;
use crate::Client;

/// How a connection behaves; subscriptions share a socket only when made
/// with the same settings.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Settings {
    pub(crate) heartbeat: Duration,
    pub(crate) first_delay: Duration,
    pub(crate) max_delay: Duration,
}

/// A client's realtime state while it has subscriptions. Subscriptions and
/// the connection task hold it; [`CONNECTIONS`] only points at it.
pub(crate) struct Shared {
    pub(super) client: Client,
    pub(super) settings: Settings,
    state: Mutex<State>,
    /// Told of every change to the subscriptions.
    pub(super) changed: Notify,
    /// Connection tasks not ended yet: one, and for a moment two when a
    /// subscription comes just as the last one left. Outside `state`, so
    /// that a task dropped while `state` is locked (by a runtime refusing
    /// to spawn it) can count itself out.
    tasks: AtomicUsize,
    /// Told when a connection task ends.
    stopped: Notify,
}

struct State {
    next_id: u64,
    subs: Vec<Sub>,
    /// The connection task; `None` once it has decided to stop.
    task: Option<JoinHandle<()>>,
}

struct Sub {
    id: u64,
    channels: Vec<String>,
    queue: Arc<Queue>,
}

/// The live realtime state of every client, so that all subscriptions made
/// through one client (and its clones) share one socket. A `Client` has no
/// slot of its own for this; it is found by the address of its shared
/// configuration, which stays valid as long as the entry is alive because
/// [`Shared`] holds a clone of the client.
#[allow(clippy::type_complexity)]
static CONNECTIONS: Mutex<Vec<(usize, Settings, Weak<Shared>)>> = Mutex::new(Vec::new());

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section leaves the state consistent, even one that
    // panicked half-way through a push.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The shared state for this client and settings, made if there is none.
pub(crate) fn shared(client: &Client, settings: Settings) -> Arc<Shared> {
    let identity = std::ptr::from_ref(client.default_headers()) as usize;
    let mut all = lock(&CONNECTIONS);
    all.retain(|(_, _, entry)| entry.strong_count() > 0);
    let found = all
        .iter()
        .filter(|(id, s, _)| *id == identity && *s == settings)
        .filter_map(|(_, _, entry)| entry.upgrade())
        // Also compares what the socket is opened with, so that no change to
        // how clients store their configuration can ever hand one client's
        // socket, and user, to another.
        .find(|shared| {
            shared.client.endpoint() == client.endpoint() && shared.client.default_headers() == client.default_headers()
        });
    if let Some(shared) = found {
        return shared;
    }
    let shared = Arc::new(Shared {
        client: client.clone(),
        settings,
        state: Mutex::new(State { next_id: 0, subs: Vec::new(), task: None }),
        changed: Notify::new(),
        tasks: AtomicUsize::new(0),
        stopped: Notify::new(),
    });
    all.push((identity, settings, Arc::downgrade(&shared)));
    shared
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Adds a subscriber, starting the connection task if none runs.
    pub(crate) fn subscribe(
        self: &Arc<Self>,
        channels: Vec<String>,
        queue: Arc<Queue>,
        runtime: &tokio::runtime::Handle,
    ) -> u64 {
        let mut state = self.state();
        let id = state.next_id;
        state.next_id += 1;
        state.subs.push(Sub { id, channels, queue });
        // A task of a runtime that has since shut down is finished without
        // having said so.
        if state.task.as_ref().is_none_or(JoinHandle::is_finished) {
            let ending = Ending::new(self);
            state.task = Some(runtime.spawn(super::connection::run(ending)));
        }
        drop(state);
        self.changed.notify_one();
        id
    }

    pub(crate) fn unsubscribe(&self, id: u64) {
        let mut state = self.state();
        let before = state.subs.len();
        state.subs.retain(|sub| sub.id != id);
        let removed = state.subs.len() != before;
        drop(state);
        if removed {
            self.changed.notify_one();
        }
    }

    /// Once no subscriber is left, waits until the socket has been closed
    /// (at most `limit`).
    pub(crate) async fn closed(&self, limit: Duration) {
        let deadline = Instant::now() + limit;
        let stopped = self.stopped.notified();
        tokio::pin!(stopped);
        // Registered before looking, so that a task ending in between is seen.
        stopped.as_mut().enable();
        loop {
            if !self.state().subs.is_empty() || self.tasks.load(Ordering::SeqCst) == 0 {
                return;
            }
            if tokio::time::timeout_at(deadline, stopped.as_mut()).await.is_err() {
                return;
            }
            stopped.set(self.stopped.notified());
            stopped.as_mut().enable();
        }
    }

    /// The channels the socket must listen to: every subscriber's, sorted.
    /// `None` when there is no subscriber left; the task then stops, and
    /// the next subscription starts a new one.
    pub(super) fn wanted(&self) -> Option<Vec<String>> {
        let mut state = self.state();
        if state.subs.is_empty() {
            state.task = None;
            return None;
        }
        let mut channels: Vec<String> = state.subs.iter().flat_map(|sub| sub.channels.iter().cloned()).collect();
        channels.sort_unstable();
        channels.dedup();
        Some(channels)
    }

    pub(super) fn dispatch(&self, event: RealtimeEvent) {
        let event = Arc::new(event);
        for sub in &self.state().subs {
            if sub.channels.iter().any(|channel| event.channels.contains(channel)) {
                sub.queue.push(Ok(Arc::clone(&event)));
            }
        }
    }

    pub(super) fn tell_all(&self, error: &RealtimeError) {
        for sub in &self.state().subs {
            sub.queue.push(Err(error.clone()));
        }
    }

    /// Ends every subscription with `error`.
    pub(super) fn refuse_all(&self, error: &RealtimeError) {
        let subs = std::mem::take(&mut self.state().subs);
        for sub in subs {
            sub.queue.finish(Some(error.clone()));
        }
    }

    pub(super) fn session(&self) -> Option<String> {
        let value = self.client.default_headers().get("x-appwrite-session")?;
        value.to_str().ok().map(str::to_owned)
    }
}

/// Counts a connection task from before it is spawned until it is
/// dropped, however it ends: run to its end, or dropped with its runtime,
/// polled or not.
pub(super) struct Ending(pub(super) Arc<Shared>);

impl Ending {
    fn new(shared: &Arc<Shared>) -> Ending {
        shared.tasks.fetch_add(1, Ordering::SeqCst);
        Ending(Arc::clone(shared))
    }
}

impl Drop for Ending {
    fn drop(&mut self) {
        self.0.tasks.fetch_sub(1, Ordering::SeqCst);
        self.0.stopped.notify_waiters();
    }
}
