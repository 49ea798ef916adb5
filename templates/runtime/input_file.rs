//! Files given to upload operations.

use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};

use super::error::{Error, Result};

/// A file to upload: a path on disk, bytes in memory, or an async reader.
///
/// Large files are read one chunk at a time, so memory use stays bounded by
/// the upload chunk size whatever the file size.
pub struct InputFile {
    filename: String,
    mime_type: Option<String>,
    source: Source,
}

enum Source {
    Path(PathBuf),
    Bytes(Bytes),
    Reader {
        reader: Box<dyn AsyncRead + Send + Unpin>,
        size: u64,
    },
}

impl InputFile {
    /// The file at `path`; its name is the last path component. Nothing is
    /// read until the upload is sent.
    pub fn from_path(path: impl AsRef<Path>) -> InputFile {
        let path = path.as_ref().to_path_buf();
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        InputFile {
            filename,
            mime_type: None,
            source: Source::Path(path),
        }
    }

    /// In-memory content uploaded under `filename`.
    pub fn from_bytes(bytes: impl Into<Bytes>, filename: impl Into<String>) -> InputFile {
        InputFile {
            filename: filename.into(),
            mime_type: None,
            source: Source::Bytes(bytes.into()),
        }
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
            source: Source::Reader {
                reader: Box::new(reader),
                size,
            },
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
                let file = tokio::fs::File::open(&path).await.map_err(|e| {
                    Error::InvalidInput(format!("cannot open {}: {e}", path.display()))
                })?;
                let size = file
                    .metadata()
                    .await
                    .map_err(|e| {
                        Error::InvalidInput(format!("cannot read size of {}: {e}", path.display()))
                    })?
                    .len();
                (OpenReader::File(file), size)
            }
            Source::Bytes(bytes) => {
                let size = bytes.len() as u64;
                (OpenReader::Bytes(bytes), size)
            }
            Source::Reader { reader, size } => (OpenReader::Reader(reader), size),
        };
        Ok(OpenFile {
            filename: self.filename,
            content_type,
            size,
            position: 0,
            reader,
        })
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
}

enum OpenReader {
    File(tokio::fs::File),
    Bytes(Bytes),
    Reader(Box<dyn AsyncRead + Send + Unpin>),
}

impl OpenFile {
    /// Moves to `offset` (used when resuming an upload). Readers cannot seek,
    /// so their skipped bytes are read and discarded.
    pub(crate) async fn skip_to(&mut self, offset: u64) -> Result<()> {
        if offset < self.position || offset > self.size {
            return Err(Error::InvalidInput(format!(
                "cannot move upload from byte {} to byte {offset}",
                self.position
            )));
        }
        match &mut self.reader {
            OpenReader::File(file) => {
                file.seek(std::io::SeekFrom::Start(offset))
                    .await
                    .map_err(|e| Error::InvalidInput(format!("cannot seek in file: {e}")))?;
            }
            OpenReader::Bytes(_) => {}
            OpenReader::Reader(reader) => {
                let mut skip = (&mut *reader).take(offset - self.position);
                let skipped = tokio::io::copy(&mut skip, &mut tokio::io::sink())
                    .await
                    .map_err(|e| Error::InvalidInput(format!("cannot read input: {e}")))?;
                if skipped != offset - self.position {
                    return Err(self.short_read(self.position + skipped));
                }
            }
        }
        self.position = offset;
        Ok(())
    }

    /// Reads the next `len` bytes; the source must not end early.
    pub(crate) async fn read_chunk(&mut self, len: usize) -> Result<Bytes> {
        let start = self.position;
        let chunk = match &mut self.reader {
            OpenReader::Bytes(bytes) => {
                let from = usize::try_from(start).unwrap_or(usize::MAX);
                let to = from.saturating_add(len);
                // A short slice is reported as a short read below.
                bytes.slice(from.min(bytes.len())..to.min(bytes.len()))
            }
            OpenReader::File(file) => read_exact_len(file, len)
                .await
                .map_err(|e| Error::InvalidInput(format!("cannot read file: {e}")))?,
            OpenReader::Reader(reader) => read_exact_len(reader, len)
                .await
                .map_err(|e| Error::InvalidInput(format!("cannot read input: {e}")))?,
        };
        if chunk.len() != len {
            return Err(self.short_read(start + chunk.len() as u64));
        }
        self.position = start + len as u64;
        Ok(chunk)
    }

    fn short_read(&self, got: u64) -> Error {
        Error::InvalidInput(format!(
            "{} ended after {got} bytes but its size was given as {} bytes",
            self.filename, self.size
        ))
    }
}

/// Reads up to `len` bytes, stopping early only at end of input.
async fn read_exact_len<R: AsyncRead + Unpin + ?Sized>(
    reader: &mut R,
    len: usize,
) -> std::io::Result<Bytes> {
    let mut buf = Vec::with_capacity(len);
    let mut limited = reader.take(len as u64);
    limited.read_to_end(&mut buf).await?;
    Ok(Bytes::from(buf))
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
        assert_eq!(
            InputFile::from_bytes(vec![1u8], "x.bin").content_type(),
            "application/octet-stream"
        );
        assert_eq!(
            InputFile::from_bytes(vec![1u8], "x.bin")
                .mime_type("image/png")
                .content_type(),
            "image/png"
        );
        assert_eq!(
            InputFile::from_path("/tmp/dir/photo.jpg").filename(),
            "photo.jpg"
        );
    }
}
