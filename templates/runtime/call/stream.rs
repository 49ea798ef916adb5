//! Byte responses of `binary` operations (file downloads, previews,
//! avatars): buffered whole, or streamed piece by piece as a [`ByteStream`].

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use reqwest::header::HeaderMap;
use tokio::io::{AsyncRead, ReadBuf};

use super::parts::{Call, Parts};
use super::send::{Body, CallFuture, RawResponse};
use crate::runtime::error::{Error, Result};

/// A response body delivered piece by piece, from `stream()` on download
/// operations: nothing is buffered beyond the piece in hand. Yields `Err`
/// if the connection fails mid-way.
///
/// Read it with [`next`](Self::next), as a tokio [`AsyncRead`] with
/// [`into_async_read`](Self::into_async_read) (to copy it into a file),
/// all at once with [`bytes`](Self::bytes), or as the [`Stream`] it is.
///
/// ```no_run
/// # // A crate generated from a spec without Storage compiles it out.
/// # #[cfg(feature = "storage")]
/// # async fn run(client: appwrite_client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let download = client.storage().get_file_download("photos", "sunset").stream().await?;
/// let mut file = tokio::fs::File::create("sunset.jpg").await?;
/// tokio::io::copy(&mut download.into_async_read(), &mut file).await?;
/// # Ok(()) }
/// ```
pub struct ByteStream {
    status: u16,
    headers: HeaderMap,
    inner: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>,
}

impl ByteStream {
    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers (e.g. `content-type`, `content-length`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Size announced by the server, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(reqwest::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
    }
}

impl ByteStream {
    /// The next piece of the body; `None` at its end.
    pub async fn next(&mut self) -> Option<Result<Bytes>> {
        self.inner.next().await
    }

    /// The rest of the body, read into memory.
    pub async fn bytes(mut self) -> Result<Bytes> {
        // The announced size is a hint, not a promise: capped so that a
        // lying server cannot make it allocate ahead of the data.
        let hint = self.content_length().unwrap_or(0).min(16 << 20) as usize;
        let mut body = BytesMut::with_capacity(hint);
        while let Some(piece) = self.inner.next().await {
            body.extend_from_slice(&piece?);
        }
        Ok(body.freeze())
    }

    /// The body as a tokio [`AsyncRead`], e.g. for `tokio::io::copy`; a
    /// failure mid-way is an `io::Error` wrapping the crate's [`Error`].
    pub fn into_async_read(self) -> ByteReader {
        ByteReader { stream: self, piece: Bytes::new() }
    }
}

/// A [`ByteStream`] read through tokio's [`AsyncRead`]; from
/// [`ByteStream::into_async_read`].
#[derive(Debug)]
pub struct ByteReader {
    stream: ByteStream,
    /// What is left of the last piece received.
    piece: Bytes,
}

impl AsyncRead for ByteReader {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        while self.piece.is_empty() {
            match self.stream.inner.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Err(std::io::Error::other(error))),
                Poll::Ready(Some(Ok(piece))) => self.piece = piece,
            }
        }
        let n = self.piece.len().min(buf.remaining());
        let taken = self.piece.split_to(n);
        buf.put_slice(&taken);
        Poll::Ready(Ok(()))
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl Parts {
    /// Sends the call and returns the response body as bytes.
    pub async fn send_bytes(self) -> Result<RawResponse<Bytes>> {
        let (exchange, body, started) = self.send_buffered().await?;
        Ok(exchange.into_raw(body.clone(), started, body))
    }

    /// Sends the call and streams the response body. The timeout covers the
    /// wait for the response headers only, so long downloads are not cut.
    pub async fn send_stream(mut self) -> Result<ByteStream> {
        let request = self.prepare()?;
        let exchange = self.exec.execute(&request, false).await?;
        let status = exchange.status.as_u16();
        let headers = exchange.headers;
        let stream: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>> = match exchange.body {
            Body::Buffered(bytes) => Box::pin(futures_util::stream::iter([Ok(bytes)])),
            Body::Streaming(response) => Box::pin(response.bytes_stream().map(|r| r.map_err(Error::from_reqwest))),
        };
        Ok(ByteStream { status, headers, inner: stream })
    }
}

impl<T> Call<T> {
    /// [`Parts::send_bytes`], boxed, keeping only the value.
    #[inline(never)]
    pub fn bytes(self) -> CallFuture<Bytes> {
        let parts = self.parts;
        Box::pin(async move { parts.send_bytes().await.map(|raw| raw.value) })
    }

    /// [`Parts::send_bytes`], boxed.
    #[inline(never)]
    pub fn bytes_raw(self) -> CallFuture<RawResponse<Bytes>> {
        Box::pin(self.parts.send_bytes())
    }

    /// Sends the call and streams the body.
    pub async fn send_stream(self) -> Result<ByteStream> {
        self.parts.send_stream().await
    }
}
