//! Turning a list call into a stream of items: page after page with
//! `limit` + `cursorAfter`, until a short page says there is no more.
//! Cursor pagination (rather than `offset`) stays correct and cheap on the
//! server however deep the listing goes; listings whose items have no ID
//! (logs, attributes, columns) page by `offset`.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::call::Call;
use super::error::Result;
use super::fields::{fields_of, Field};
use super::query::Query;

/// Items per request unless the caller's queries set a `limit`.
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// A list response: one page of items and the total count.
pub trait Page: DeserializeOwned + Send + 'static {
    /// What the list holds.
    type Item: Send + 'static;
    /// How many items match in all, as the server counted them.
    fn total(&self) -> i64;
    /// The items of this page, in order.
    fn into_items(self) -> Vec<Self::Item>;
    /// The item's ID, the cursor for the next page; `None` for items
    /// without one, which are paged by offset.
    fn cursor(item: &Self::Item) -> Option<&str>;
}

/// The items of a list call, fetched page by page as the stream is polled.
///
/// It is a [`Stream`]; its inherent [`next`](Paginated::next) and
/// [`collect_all`](Paginated::collect_all) spare an import of `StreamExt`.
#[must_use = "a stream does nothing until polled"]
pub struct Paginated<I> {
    inner: Pin<Box<dyn Stream<Item = Result<I>> + Send>>,
}

impl<I> std::fmt::Debug for Paginated<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated").finish_non_exhaustive()
    }
}

impl<I> Stream for Paginated<I> {
    type Item = Result<I>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<I> Paginated<I> {
    /// The next item, fetching the next page when this one is used up.
    pub async fn next(&mut self) -> Option<Result<I>> {
        self.inner.next().await
    }

    /// Every item, stopping at the first error.
    pub async fn collect_all(mut self) -> Result<Vec<I>> {
        let mut items = Vec::new();
        while let Some(item) = self.inner.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

struct State<P: Page> {
    template: Call<P>,
    page_size: u64,
    cursor: Option<String>,
    /// Items before the next page, for listings paged by offset.
    offset: u64,
    buffer: VecDeque<P::Item>,
    done: bool,
}

/// Name under which `query_array("queries", ..)` stores each query.
const QUERIES: &str = "queries[]";

pub(crate) fn paginate<P: Page>(mut template: Call<P>) -> Paginated<P::Item> {
    // The caller's own `limit` sets the page size and a `cursorAfter` or
    // `offset` the starting point; they are then driven here, page by page.
    let mut page_size = DEFAULT_PAGE_SIZE;
    let mut cursor = None;
    let mut offset = 0;
    template.retain_query(|name, value| {
        if name != QUERIES {
            return true;
        }
        let Some([method, values]) = fields_of(value, ["method", "values"]) else { return true };
        let first = values.as_ref().and_then(Field::first);
        match method.as_ref().and_then(Field::as_str) {
            Some("limit") => {
                page_size = first.and_then(Field::as_u64).filter(|n| *n > 0).unwrap_or(page_size);
                false
            }
            Some("cursorAfter") => {
                cursor = first.and_then(Field::as_str).map(str::to_owned);
                false
            }
            Some("offset") => {
                offset = first.and_then(Field::as_u64).unwrap_or(0);
                false
            }
            _ => true,
        }
    });
    let state = State { template, page_size, cursor, offset, buffer: VecDeque::new(), done: false };
    let items = stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            let mut call = state.template.clone_for_page();
            call.query_array("queries", [Query::limit(state.page_size)]);
            // An offset applies to the first page of a cursor listing, and
            // to every page of one without cursors.
            match &state.cursor {
                Some(cursor) => call.query_array("queries", [Query::cursor_after(cursor.clone())]),
                None if state.offset > 0 => call.query_array("queries", [Query::offset(state.offset)]),
                None => {}
            }
            match call.send_json().await {
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
                Ok(raw) => {
                    let items = raw.value.into_items();
                    state.done = (items.len() as u64) < state.page_size;
                    state.offset += items.len() as u64;
                    match items.last().map(P::cursor) {
                        Some(Some(last)) => state.cursor = Some(last.to_owned()),
                        Some(None) => state.cursor = None,
                        None => state.done = true,
                    }
                    state.buffer.extend(items);
                }
            }
        }
    });
    Paginated { inner: Box::pin(items) }
}
