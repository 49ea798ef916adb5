// @generated: copied by appwrite-generator from templates/ (the `src/runtime/realtime/subscription.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! One subscription's stream and the bounded buffer behind it.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use futures_util::Stream;

use super::channel::Channel;
use super::event::{RealtimeError, RealtimeEvent};
use super::shared::Shared;

/// What a subscription yields.
pub type RealtimeItem = Result<RealtimeEvent, RealtimeError>;

/// Events waiting for one subscriber. The connection never waits for a
/// subscriber: when the buffer is full the oldest item makes room, and the
/// subscriber is told how many events it lost before it reads the next one,
/// like a lagging `tokio::sync::broadcast` receiver.
pub(crate) struct Queue {
    capacity: usize,
    state: Mutex<QueueState>,
}

struct QueueState {
    // Events shared by every subscriber they match; one is cloned only if
    // another subscriber still holds it when this one reads it.
    items: VecDeque<Result<Arc<RealtimeEvent>, RealtimeError>>,
    lagged: u64,
    /// The last item, after which the stream ends.
    end: Option<RealtimeError>,
    ended: bool,
    waker: Option<Waker>,
}

impl Queue {
    pub(crate) fn new(capacity: usize) -> Queue {
        Queue {
            capacity: capacity.max(1),
            state: Mutex::new(QueueState { items: VecDeque::new(), lagged: 0, end: None, ended: false, waker: None }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, QueueState> {
        // The state is consistent after every statement: a panic elsewhere
        // while it was held leaves nothing half-done.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn push(&self, item: Result<Arc<RealtimeEvent>, RealtimeError>) {
        let mut state = self.lock();
        if state.ended {
            return;
        }
        if state.items.len() >= self.capacity {
            // A dropped notice (an error that does not end the stream) is
            // not counted: `Lagged` counts events.
            if let Some(Ok(_)) = state.items.pop_front() {
                state.lagged += 1;
            }
        }
        state.items.push_back(item);
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }

    /// Ends the stream once what is buffered has been read, with `last` as
    /// its final item.
    pub(crate) fn finish(&self, last: Option<RealtimeError>) {
        let mut state = self.lock();
        if state.ended {
            return;
        }
        state.ended = true;
        state.end = last;
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }

    fn poll_next(&self, cx: &mut Context<'_>) -> Poll<Option<RealtimeItem>> {
        let mut state = self.lock();
        if state.lagged > 0 {
            return Poll::Ready(Some(Err(RealtimeError::Lagged(std::mem::take(&mut state.lagged)))));
        }
        if let Some(item) = state.items.pop_front() {
            return Poll::Ready(Some(item.map(Arc::unwrap_or_clone)));
        }
        if state.ended {
            return Poll::Ready(state.end.take().map(Err));
        }
        match &mut state.waker {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            slot => *slot = Some(cx.waker().clone()),
        }
        Poll::Pending
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().items.len()
    }
}

/// A live subscription: a [`Stream`] of the events published on its
/// channels (see [`Realtime::subscribe`](super::Realtime::subscribe)).
///
/// Dropping it unsubscribes: the client's socket is rebuilt without the
/// channels no other subscription needs, and closed with the last
/// subscription. The stream ends only after a
/// [`RealtimeError::Refused`] item.
pub struct Subscription {
    pub(crate) shared: Arc<Shared>,
    pub(crate) id: u64,
    pub(crate) queue: Arc<Queue>,
    pub(crate) channels: Vec<Channel>,
}

impl Subscription {
    /// The channels it listens to.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    /// Unsubscribes; when this was the client's last subscription, also
    /// waits until the socket is closed (two seconds at most), so that a
    /// program ending right after leaves the server a clean close.
    pub async fn close(self) {
        let shared = Arc::clone(&self.shared);
        drop(self);
        shared.closed(std::time::Duration::from_secs(2)).await;
    }

    /// The next event or error, or `None` once the stream has ended; the
    /// same as `StreamExt::next`, without importing it.
    pub async fn recv(&mut self) -> Option<RealtimeItem> {
        std::future::poll_fn(|cx| self.queue.poll_next(cx)).await
    }
}

impl Stream for Subscription {
    type Item = RealtimeItem;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<RealtimeItem>> {
        self.queue.poll_next(cx)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.shared.unsubscribe(self.id);
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("channels", &self.channels)
            .field("buffered", &self.queue.len())
            .field("capacity", &self.queue.capacity)
            .finish_non_exhaustive()
    }
}
