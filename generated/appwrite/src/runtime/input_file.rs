// @generated: copied by appwrite-generator from templates/ (the `src/runtime/input_file.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Files given to upload operations.

use std::fmt;
use std::path::{Path, PathBuf};

use std::io::{Read, Seek};

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

use super::error::{Error, Result};

/// A file to upload: a path on disk, bytes in memory, or an async reader.
///
/// Large files are read one chunk at a time into a single buffer per upload,
/// so memory use stays bounded by the upload chunk size (5 MiB) whatever the
/// file size.
pub struct InputFile {
    filename: String,
    mime_type: Option<String>,
    source: Source,
}

enum Source {
    Path(PathBuf),
    Bytes(Bytes),
    Reader { reader: Box<dyn AsyncRead + Send + Unpin>, size: u64 },
}

impl InputFile {
    /// The file at `path`; its name is the last path component. Nothing is
    /// read until the upload is sent.
    pub fn from_path(path: impl AsRef<Path>) -> InputFile {
        let path = path.as_ref().to_path_buf();
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".to_owned());
        InputFile { filename, mime_type: None, source: Source::Path(path) }
    }

    /// In-memory content uploaded under `filename`.
    pub fn from_bytes(bytes: impl Into<Bytes>, filename: impl Into<String>) -> InputFile {
        InputFile { filename: filename.into(), mime_type: None, source: Source::Bytes(bytes.into()) }
    }

    /// Content read from `reader`, which must yield exactly `size` bytes
    /// (the size is needed up front to split the upload into chunks).
    pub fn from_reader(
        reader: impl AsyncRead + Send + Unpin + 'static,
        filename: impl Into<String>,
        size: u64,
    ) -> InputFile {
        InputFile {
            filename: filename.into(),
            mime_type: None,
            source: Source::Reader { reader: Box::new(reader), size },
        }
    }

    /// Sets the MIME type sent with the file; by default it is guessed from
    /// the file name's extension, falling back to `application/octet-stream`.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> InputFile {
        self.mime_type = Some(mime_type.into());
        self
    }

    /// The name the file is uploaded under.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The MIME type that will be sent.
    pub fn content_type(&self) -> &str {
        match &self.mime_type {
            Some(m) => m,
            None => guess_mime(&self.filename),
        }
    }

    /// Opens the file for sequential chunk reads.
    pub(crate) async fn open(self) -> Result<OpenFile> {
        let content_type = self.content_type().to_owned();
        let (reader, size) = match self.source {
            Source::Path(path) => {
                let opened = blocking(move || {
                    let file =
                        std::fs::File::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                    let size =
                        file.metadata().map_err(|e| format!("cannot read size of {}: {e}", path.display()))?.len();
                    Ok((file, size))
                })
                .await?;
                (OpenReader::File(Some(opened.0)), opened.1)
            }
            Source::Bytes(bytes) => {
                let size = bytes.len() as u64;
                (OpenReader::Bytes(bytes), size)
            }
            Source::Reader { reader, size } => (OpenReader::Reader(reader), size),
        };
        Ok(OpenFile { filename: self.filename, content_type, size, position: 0, reader, buffer: BytesMut::new() })
    }
}

impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Path(p) => format!("path {}", p.display()),
            Source::Bytes(b) => format!("{} bytes in memory", b.len()),
            Source::Reader { size, .. } => format!("reader of {size} bytes"),
        };
        f.debug_struct("InputFile")
            .field("filename", &self.filename)
            .field("mime_type", &self.mime_type)
            .field("source", &source)
            .finish()
    }
}

/// An [`InputFile`] being uploaded.
pub(crate) struct OpenFile {
    pub(crate) filename: String,
    pub(crate) content_type: String,
    pub(crate) size: u64,
    position: u64,
    reader: OpenReader,
    /// The one buffer chunks are read into. Each chunk is handed out as a
    /// `Bytes` view of it; once the request that sent it is dropped, the
    /// next read takes the same memory back instead of allocating (a fresh
    /// 5 MiB per chunk would stay resident in the allocator).
    buffer: BytesMut,
}

enum OpenReader {
    /// A blocking file, read on tokio's blocking pool straight into the
    /// chunk buffer (`tokio::fs::File` would read through a second buffer of
    /// its own). `None` only while a read is under way.
    File(Option<std::fs::File>),
    Bytes(Bytes),
    Reader(Box<dyn AsyncRead + Send + Unpin>),
}

impl OpenFile {
    /// Moves to `offset` (used when resuming an upload). Readers cannot seek,
    /// so their skipped bytes are read and discarded.
    pub(crate) async fn skip_to(&mut self, offset: u64) -> Result<()> {
        if offset < self.position || offset > self.size {
            return Err(Error::invalid(format_args!(
                "cannot move upload from byte {} to byte {offset}",
                self.position
            )));
        }
        match &mut self.reader {
            OpenReader::File(file) => {
                let mut taken = file.take().ok_or_else(interrupted)?;
                let (taken, sought) = blocking(move || {
                    let sought =
                        taken.seek(std::io::SeekFrom::Start(offset)).map_err(|e| format!("cannot seek in file: {e}"));
                    Ok((taken, sought))
                })
                .await?;
                *file = Some(taken);
                sought.map_err(Error::InvalidInput)?;
            }
            OpenReader::Bytes(_) => {}
            OpenReader::Reader(reader) => {
                let mut skip = (&mut *reader).take(offset - self.position);
                let skipped = tokio::io::copy(&mut skip, &mut tokio::io::sink())
                    .await
                    .map_err(|e| Error::invalid(format_args!("cannot read input: {e}")))?;
                if skipped != offset - self.position {
                    return Err(self.short_read(self.position + skipped));
                }
            }
        }
        self.position = offset;
        Ok(())
    }

    /// Reads the next `len` bytes; the source must not end early. The
    /// chunk shares the upload's buffer: drop it before the next read for
    /// that memory to be reused.
    pub(crate) async fn read_chunk(&mut self, len: usize) -> Result<Bytes> {
        let start = self.position;
        let chunk = match &mut self.reader {
            OpenReader::Bytes(bytes) => {
                let from = usize::try_from(start).unwrap_or(usize::MAX);
                let to = from.saturating_add(len);
                // A short slice is reported as a short read below.
                bytes.slice(from.min(bytes.len())..to.min(bytes.len()))
            }
            OpenReader::File(file) => {
                let mut taken = file.take().ok_or_else(interrupted)?;
                let mut buffer = take_buffer(&mut self.buffer, len);
                let (taken, buffer, read) = blocking(move || {
                    let read = fill(&mut taken, &mut buffer).map_err(|e| format!("cannot read file: {e}"));
                    Ok((taken, buffer, read))
                })
                .await?;
                *file = Some(taken);
                self.buffer = buffer;
                let filled = read.map_err(Error::InvalidInput)?;
                self.buffer.truncate(filled);
                self.buffer.split().freeze()
            }
            OpenReader::Reader(reader) => {
                let mut buffer = take_buffer(&mut self.buffer, len);
                let read = fill_async(reader, &mut buffer).await;
                self.buffer = buffer;
                let filled = read.map_err(|e| Error::invalid(format_args!("cannot read input: {e}")))?;
                self.buffer.truncate(filled);
                self.buffer.split().freeze()
            }
        };
        if chunk.len() != len {
            return Err(self.short_read(start + chunk.len() as u64));
        }
        self.position = start + len as u64;
        Ok(chunk)
    }

    fn short_read(&self, got: u64) -> Error {
        Error::invalid(format_args!(
            "{} ended after {got} bytes but its size was given as {} bytes",
            self.filename, self.size
        ))
    }
}

/// The upload's buffer, sized to `len` bytes, reusing its memory when the
/// previous chunk has been dropped (`reserve` takes it back then).
fn take_buffer(buffer: &mut BytesMut, len: usize) -> BytesMut {
    let mut taken = std::mem::take(buffer);
    taken.clear();
    taken.reserve(len);
    taken.resize(len, 0);
    taken
}

/// Fills `buf`, stopping early only at end of file; returns the bytes read.
fn fill(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// [`fill`] for an async reader.
async fn fill_async<R: AsyncRead + Unpin + ?Sized>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]).await? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Runs file I/O on tokio's blocking pool; `Err` of `work` is the message
/// of an [`Error::InvalidInput`].
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::result::Result<T, String> + Send + 'static,
) -> Result<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(done) => done.map_err(Error::InvalidInput),
        Err(e) => Err(Error::invalid(format_args!("reading the file failed: {e}"))),
    }
}

/// A read of the file was abandoned half-way (its future dropped, e.g. by
/// a cancellation), which took the file with it.
fn interrupted() -> Error {
    Error::InvalidInput("an earlier read of this file was interrupted".to_owned())
}

/// MIME type for common extensions; Appwrite stores what it is given, and
/// browsers rely on it when the file is later viewed.
fn guess_mime(filename: &str) -> &'static str {
    let ext = match filename.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => return "application/octet-stream",
    };
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "heic" => "image/heic",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "gz" | "tgz" => "application/gzip",
        "tar" => "application/x-tar",
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript",
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_guessing() {
        assert_eq!(guess_mime("a.PNG"), "image/png");
        assert_eq!(guess_mime("archive.tar.gz"), "application/gzip");
        assert_eq!(guess_mime("noext"), "application/octet-stream");
        assert_eq!(InputFile::from_bytes(vec![1u8], "x.bin").content_type(), "application/octet-stream");
        assert_eq!(InputFile::from_bytes(vec![1u8], "x.bin").mime_type("image/png").content_type(), "image/png");
        assert_eq!(InputFile::from_path("/tmp/dir/photo.jpg").filename(), "photo.jpg");
    }

    async fn chunks_share_one_buffer(input: InputFile) {
        let mut open = input.open().await.unwrap_or_else(|e| panic!("open: {e}"));
        let first = open.read_chunk(1000).await.unwrap_or_default();
        assert_eq!(first[999], 1);
        let first_at = first.as_ptr();
        drop(first);
        let second = open.read_chunk(1000).await.unwrap_or_default();
        assert_eq!(second.as_ptr(), first_at, "the dropped chunk's memory is reused");
        assert!(second.iter().all(|b| *b == 2));
        // A chunk still held elsewhere is never overwritten.
        let third = open.read_chunk(500).await.unwrap_or_default();
        assert_ne!(third.as_ptr(), second.as_ptr());
        assert!(second.iter().all(|b| *b == 2) && third.iter().all(|b| *b == 3));
        assert!(open.read_chunk(1).await.is_err(), "past the end is a short read");
    }

    fn content() -> Vec<u8> {
        (0..2500).map(|i| (i / 1000) as u8 + 1).collect()
    }

    #[tokio::test]
    async fn files_and_readers_read_into_one_reused_buffer() {
        let path = std::env::temp_dir().join(format!("appwrite-input-{}", std::process::id()));
        std::fs::write(&path, content()).unwrap_or_else(|e| panic!("write: {e}"));
        chunks_share_one_buffer(InputFile::from_path(&path)).await;
        let _ = std::fs::remove_file(&path);
        let reader = std::io::Cursor::new(content());
        chunks_share_one_buffer(InputFile::from_reader(reader, "r", 2500)).await;
    }
}
