//! [`MultipartForm`]: a `multipart/form-data` body the caller builds for
//! `client.request(..)`, with the `uploads` feature.

use std::fmt;

use bytes::Bytes;

use crate::runtime::error::{Error, Result};

/// A `multipart/form-data` body for [`ApiRequest::multipart`](crate::ApiRequest::multipart): text fields
/// and files, kept as bytes so that a retry can send it again.
#[derive(Clone, Debug, Default)]
pub struct MultipartForm {
    texts: Vec<(String, String)>,
    files: Vec<FilePart>,
}

#[derive(Clone)]
struct FilePart {
    name: String,
    filename: String,
    content_type: String,
    data: Bytes,
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("name", &self.name)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> MultipartForm {
        MultipartForm::default()
    }

    /// Adds the text field `name`.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> MultipartForm {
        self.texts.push((name.into(), value.into()));
        self
    }

    /// Adds a file part `name` with its file name and MIME type.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> MultipartForm {
        self.files.push(FilePart {
            name: name.into(),
            filename: filename.into(),
            content_type: content_type.into(),
            data: data.into(),
        });
        self
    }

    /// The reqwest form of one attempt (reqwest's forms are single-use).
    pub(super) fn to_reqwest(&self) -> Result<reqwest::multipart::Form> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.texts {
            form = form.text(name.clone(), value.clone());
        }
        for file in &self.files {
            let part = reqwest::multipart::Part::stream_with_length(
                reqwest::Body::from(file.data.clone()),
                file.data.len() as u64,
            )
            .file_name(file.filename.clone())
            .mime_str(&file.content_type)
            .map_err(|_| Error::invalid(format_args!("invalid MIME type {:?}", file.content_type)))?;
            form = form.part(file.name.clone(), part);
        }
        Ok(form)
    }
}
