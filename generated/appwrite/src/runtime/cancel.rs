// @generated: copied by appwrite-generator from templates/ (the `src/runtime/cancel.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Cooperative cancellation of long operations (chunked uploads).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

/// A handle that cancels the operations it was given to.
///
/// Clones share the same state: keep one clone, pass another to
/// `.cancel_with(token)`, and call [`CancelToken::cancel`] from anywhere
/// (another task, a UI callback, a signal handler). The in-flight request is
/// abandoned at once and the operation returns
/// [`Error::Cancelled`](crate::Error::Cancelled). For a chunked upload, the
/// chunks already acknowledged stay on the server, so the same upload with
/// the same file ID later resumes from there.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    wakers: Mutex<Vec<Waker>>,
}

impl CancelToken {
    /// A token that is not cancelled yet.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Cancels every operation using this token (now and in the future).
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        let wakers = std::mem::take(&mut *lock(&self.inner.wakers));
        for waker in wakers {
            waker.wake();
        }
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Completes once the token is cancelled.
    pub(crate) fn cancelled(&self) -> Cancelled<'_> {
        Cancelled { token: self }
    }
}

/// A poisoned lock only means another thread panicked while pushing a waker;
/// the list itself is still usable.
fn lock(m: &Mutex<Vec<Waker>>) -> std::sync::MutexGuard<'_, Vec<Waker>> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken").field("cancelled", &self.is_cancelled()).finish()
    }
}

/// Future returned by [`CancelToken::cancelled`].
pub(crate) struct Cancelled<'a> {
    token: &'a CancelToken,
}

impl Future for Cancelled<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.token.is_cancelled() {
            return Poll::Ready(());
        }
        let mut wakers = lock(&self.token.inner.wakers);
        if !wakers.iter().any(|w| w.will_wake(cx.waker())) {
            wakers.push(cx.waker().clone());
        }
        drop(wakers);
        // `cancel` may have run between the first check and the push.
        if self.token.is_cancelled() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}
