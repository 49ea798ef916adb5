//! Stand-in for the generated services: one service with an operation of
//! each kind of `Request`, using the `Call` API the way generated code does
//! (see templates/RUNTIME_CONTRACT.md). The crate-private API that only
//! generated code calls would otherwise be dead code here.

use crate::runtime::call::{Binary, Call, Empty, Json, Operation, Paged, Redirect, Request, Upload};
use crate::{Client, InputFile};

/// A service handle, as generated: built by its accessor on [`Client`].
#[derive(Debug, Clone)]
pub struct Files {
    pub(crate) client: Client,
}

impl Client {
    /// The stand-in service.
    #[inline]
    pub fn files(&self) -> Files {
        Files { client: self.clone() }
    }
}

impl Files {
    /// `GET /files`: a JSON answer, and a listing that paginates.
    #[inline]
    pub fn list(&self) -> List {
        let call = Call::new(&self.client, ::reqwest::Method::GET, "/files", &[]);
        List::new(call)
    }

    /// `POST /files`: an upload.
    #[inline]
    pub fn create(&self, file_id: impl Into<String>, file: InputFile) -> Create {
        let mut call = Call::new(&self.client, ::reqwest::Method::POST, "/files", &[]);
        call.body("fileId", file_id.into());
        call.file("file", file);
        Create::new(call)
    }

    /// `DELETE /files/{fileId}`: no content.
    #[inline]
    pub fn delete(&self, file_id: impl Into<String>) -> Delete {
        let file_id: String = file_id.into();
        let call = Call::new(&self.client, ::reqwest::Method::DELETE, "/files/{fileId}", &[&file_id]);
        Delete::new(call)
    }

    /// `GET /files/{fileId}/download`: bytes.
    #[inline]
    pub fn download(&self, file_id: impl Into<String>) -> Download {
        let file_id: String = file_id.into();
        let call = Call::new(&self.client, ::reqwest::Method::GET, "/files/{fileId}/download", &[&file_id]);
        Download::new(call)
    }

    /// `GET /oauth2/{provider}`: a URL for the browser, nothing sent.
    #[inline]
    pub fn oauth2(&self, provider: impl Into<String>) -> Oauth2 {
        let provider: String = provider.into();
        let call = Call::new(&self.client, ::reqwest::Method::GET, "/oauth2/{provider}", &[&provider]);
        Oauth2::new(call)
    }
}

/// Request builder of [`Files::list`].
pub type List = Request<ops::List, Json>;

impl List {
    /// Filters and order, as `queries[]` parameters.
    #[inline]
    pub fn queries(mut self, queries: impl IntoIterator<Item = crate::Query>) -> Self {
        self.call.query_array("queries", queries);
        self
    }

    /// A scalar query parameter.
    #[inline]
    pub fn search(mut self, search: impl Into<String>) -> Self {
        self.call.query("search", search.into());
        self
    }

    /// An object-typed query parameter.
    #[inline]
    pub fn filter(mut self, filter: ::serde_json::Value) -> Self {
        self.call.query_object("filter", &filter);
        self
    }
}

/// Request builder of [`Files::create`].
pub type Create = Request<ops::Create, Upload>;

impl Create {
    /// A nullable body field, cleared.
    #[inline]
    pub fn expire_null(mut self) -> Self {
        self.call.body_null("expire");
        self
    }
}

/// Request builder of [`Files::delete`].
pub type Delete = Request<ops::Delete, Empty>;

/// Request builder of [`Files::download`].
pub type Download = Request<ops::Download, Binary>;

impl Download {
    /// A header parameter.
    #[inline]
    pub fn range(mut self, range: impl Into<String>) -> Self {
        self.call.header("range", range.into());
        self
    }
}

/// Request builder of [`Files::oauth2`].
pub type Oauth2 = Request<ops::Oauth2, Redirect>;

/// The operations' marker types, as generated: one per method.
pub mod ops {
    use super::*;

    /// [`Files::list`].
    pub enum List {}
    impl Operation for List {
        type Output = FileList;
        const SERVICE: &'static str = "files";
        const METHOD: &'static str = "list";
    }
    impl Paged for List {}

    /// [`Files::create`].
    pub enum Create {}
    impl Operation for Create {
        type Output = File;
        const SERVICE: &'static str = "files";
        const METHOD: &'static str = "create";
    }

    /// [`Files::delete`].
    pub enum Delete {}
    impl Operation for Delete {
        type Output = ();
        const SERVICE: &'static str = "files";
        const METHOD: &'static str = "delete";
    }

    /// [`Files::download`].
    pub enum Download {}
    impl Operation for Download {
        type Output = ::bytes::Bytes;
        const SERVICE: &'static str = "files";
        const METHOD: &'static str = "download";
    }

    /// [`Files::oauth2`].
    pub enum Oauth2 {}
    impl Operation for Oauth2 {
        type Output = String;
        const SERVICE: &'static str = "files";
        const METHOD: &'static str = "oauth2";
    }
}

/// A stored file.
#[derive(Clone, Debug, serde::Deserialize)]
#[non_exhaustive]
pub struct File {
    /// File ID.
    #[serde(rename = "$id")]
    pub id: String,
}

/// A page of files.
#[derive(Clone, Debug, serde::Deserialize)]
#[non_exhaustive]
pub struct FileList {
    /// Files matching the queries, in all pages.
    pub total: i64,
    /// This page.
    pub files: Vec<File>,
}

impl crate::runtime::Page for FileList {
    type Item = File;

    fn total(&self) -> i64 {
        self.total
    }

    fn into_items(self) -> Vec<File> {
        self.files
    }

    fn cursor(item: &File) -> Option<&str> {
        Some(&item.id)
    }
}
