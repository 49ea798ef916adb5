// @generated: copied by appwrite-generator from templates/ (the `src/runtime/call/parts.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Building a request: the path with its arguments, query parameters,
//! headers and the JSON body, from the setters generated builders call.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, Url};
use serde_json::Value;

use super::send::Exec;
#[cfg(feature = "uploads")]
use super::upload::ProgressFn;
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result};
#[cfg(feature = "uploads")]
use crate::runtime::input_file::InputFile;
use crate::runtime::redact::Names;
use crate::runtime::retry::{is_idempotent, RetryPolicy};

/// Unreserved characters (RFC 3986) stay; everything else is escaped, so an
/// ID like `a/b&c` cannot change the path or query structure.
pub(super) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Query keys keep the brackets of PHP's array syntax (`queries[]`,
/// `name[key]`) readable; Appwrite decodes both forms.
const QUERY_KEY: &AsciiSet = &COMPONENT.remove(b'[').remove(b']');

/// The request of one operation, filled by the generated builder.
///
/// Setters return nothing and never fail: an invalid argument is remembered
/// and reported by `send()` as [`Error::InvalidInput`] before anything is
/// sent.
pub struct Call<T> {
    pub(super) parts: Parts,
    _output: PhantomData<fn() -> T>,
}

/// Everything of a call but its output type. Building, sending, retrying
/// and uploading live here, compiled once for the whole crate rather than
/// once per response type; only decoding is generic.
pub struct Parts {
    pub(super) exec: Exec,
    path: String,
    query: Vec<(String, String)>,
    pub(super) body: BodyFields,
    #[cfg(feature = "uploads")]
    pub(super) files: Vec<(&'static str, InputFile)>,
    headers: Vec<(&'static str, String)>,
    /// Headers the caller added with a builder's `header(..)`, sent after
    /// every other one and so replacing any of the same name.
    extra_headers: Vec<(String, String)>,
    /// A body given whole (`client.request(..)`), sent instead of `body`.
    pub(super) payload: Option<Payload>,
    #[cfg(feature = "uploads")]
    pub(super) progress: Option<ProgressFn>,
    error: Option<Error>,
}

impl fmt::Debug for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header and body values may hold secrets (passwords, tokens):
        // only their names are shown.
        let mut call = f.debug_struct("Call");
        call.field("method", &self.exec.method)
            .field("path", &self.path)
            .field("query", &Names(&self.query))
            .field("body", &Names(&self.body.0));
        #[cfg(feature = "uploads")]
        call.field("files", &self.files);
        call.field("headers", &Names(&self.headers))
            .field("extra_headers", &Names(&self.extra_headers))
            .finish_non_exhaustive()
    }
}

impl Parts {
    fn new(client: &Client, method: Method, template: &'static str, args: &[&str]) -> Parts {
        let (path, error) = match fill_path(template, args) {
            Ok(p) => (p, None),
            Err(e) => (String::new(), Some(e)),
        };
        Parts::with_path(Exec::new(client, method, template), path, error)
    }

    /// A call of a path the caller wrote (`client.request(..)`), sent as it
    /// is: it must start with `/` and hold no query, which goes through
    /// `query` so that it is encoded like every other.
    pub(super) fn custom(client: &Client, method: Method, path: &str) -> Parts {
        let error = if !path.starts_with('/') {
            Some(format!("the path {path:?} must start with `/`"))
        } else if path.contains(['?', '#']) {
            Some(format!("the path {path:?} must not hold a query or fragment; add query parameters with `query`"))
        } else {
            None
        };
        let exec = Exec::new(client, method, "");
        Parts::with_path(exec, path.to_owned(), error.map(Error::InvalidInput))
    }

    fn with_path(exec: Exec, path: String, error: Option<Error>) -> Parts {
        Parts {
            exec,
            path,
            query: Vec::new(),
            body: BodyFields::default(),
            #[cfg(feature = "uploads")]
            files: Vec::new(),
            headers: Vec::new(),
            extra_headers: Vec::new(),
            payload: None,
            #[cfg(feature = "uploads")]
            progress: None,
            error,
        }
    }

    /// A copy for one page of a paginated listing. Listings are `GET`s
    /// (`Paged` is only implemented for them), which send no body, files or
    /// progress callback, so those are not copied.
    fn clone_for_page(&self) -> Parts {
        Parts {
            exec: self.exec.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            body: BodyFields::default(),
            #[cfg(feature = "uploads")]
            files: Vec::new(),
            headers: self.headers.clone(),
            extra_headers: self.extra_headers.clone(),
            payload: None,
            #[cfg(feature = "uploads")]
            progress: None,
            error: self.error.as_ref().map(|e| Error::InvalidInput(e.to_string())),
        }
    }

    /// Keeps only the query parameters for which `keep(name, value)` holds.
    pub(crate) fn retain_query(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        self.query.retain(|(name, value)| keep(name, value));
    }

    pub(super) fn fail(&mut self, error: Error) {
        // The first problem is the one worth reporting.
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Overrides the client's timeout for this call (per chunk for uploads).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.exec.timeout = Some(timeout);
    }

    /// Overrides the client's retry policy for this call.
    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.exec.retry = Some(policy);
    }

    /// Sends `name: value` too, after the client's and the operation's own
    /// headers, so that it replaces one of the same name. A name or value
    /// that is not a valid header fails the call on `send()`.
    pub fn add_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.extra_headers.push((name.into(), value.into()));
    }

    /// Adds the query parameter `name=value`, with a name chosen at run time.
    pub(super) fn push_query(&mut self, name: String, value: String) {
        self.query.push((name, value));
    }
}

// The setters generated builders call, one per kind of parameter. Which
// kinds occur (header parameters, object-typed queries, nullable body
// fields, any body at all) depends on the spec the crate is generated from,
// and a setter its operations never need must not make that crate warn.
#[allow(dead_code)]
impl Parts {
    /// Adds the query parameter `name=value`.
    pub fn query(&mut self, name: &'static str, value: impl fmt::Display) {
        self.query.push((name.to_owned(), value.to_string()));
    }

    /// Adds `name[]=value` for each value (PHP array syntax).
    pub fn query_array(&mut self, name: &'static str, values: impl IntoIterator<Item = impl fmt::Display>) {
        let key = format!("{name}[]");
        for value in values {
            self.query.push((key.clone(), value.to_string()));
        }
    }

    /// Adds an object as `name[key]=value` parameters (nested objects as
    /// `name[a][b]`, arrays as `name[key][]`).
    pub fn query_object(&mut self, name: &'static str, value: &Value) {
        flatten_query(name.to_owned(), value, &mut self.query);
    }

    /// Sets a body field (JSON field, or text part of a multipart body).
    pub fn body(&mut self, name: &'static str, value: impl serde::Serialize) {
        match serde_json::to_value(value) {
            Ok(v) => self.body.set(name, v),
            Err(e) => self.fail(Error::invalid(format_args!("cannot serialize {name}: {e}"))),
        }
    }

    /// Sets a body field to JSON `null` (e.g. to clear a value).
    pub fn body_null(&mut self, name: &'static str) {
        self.body.set(name, Value::Null);
    }

    /// Adds a request header.
    pub fn header(&mut self, name: &'static str, value: impl fmt::Display) {
        self.headers.push((name, value.to_string()));
    }
}

impl Parts {
    /// The deferred setter error, if any.
    pub(super) fn check(&mut self) -> Result<()> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Full URL of the call. With `for_browser`, the project ID is added as
    /// the `project` query parameter, because `<img src>` or a redirect in a
    /// browser cannot carry the `X-Appwrite-Project` header.
    pub(super) fn build_url(&self, for_browser: bool) -> Result<Url> {
        let client = &self.exec.client;
        let mut url = format!("{}{}", client.endpoint(), self.path);
        let project = client.project_id().filter(|_| for_browser).map(|p| ("project".to_owned(), p.to_owned()));
        let mut first = true;
        for (key, value) in project.iter().chain(self.query.iter()) {
            url.push(if first { '?' } else { '&' });
            first = false;
            push_encoded(&mut url, key, QUERY_KEY);
            url.push('=');
            push_encoded(&mut url, value, COMPONENT);
        }
        Url::parse(&url).map_err(|e| Error::invalid(format_args!("invalid URL {url:?}: {e}")))
    }

    /// The URL of the call, for use in a browser (see `build_url`).
    // Only `binary` and `redirect` operations have a `url()`.
    #[allow(dead_code)]
    pub fn url(&self) -> Result<String> {
        if let Some(e) = &self.error {
            return Err(Error::InvalidInput(e.to_string()));
        }
        self.build_url(true).map(String::from)
    }

    /// Client headers, then the operation's own, then the caller's.
    pub(super) fn request_headers(&self) -> Result<HeaderMap> {
        let mut headers = self.exec.client.default_headers().clone();
        let own = self.headers.iter().map(|(name, value)| (*name, value));
        let extra = self.extra_headers.iter().map(|(n, v)| (n.as_str(), v));
        for (name, value) in own.chain(extra) {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(format_args!("invalid header name {name:?}")))?;
            let mut header_value = HeaderValue::from_str(value)
                .map_err(|_| Error::invalid(format_args!("invalid value for header {name}")))?;
            // A credential given per request is kept out of debug output
            // and HTTP/2 header tables, as the client's own are.
            header_value.set_sensitive(is_credential(&header_name));
            headers.insert(header_name, header_value);
        }
        Ok(headers)
    }

    fn json_payload(&self) -> Result<Payload> {
        let method = &self.exec.method;
        let needs_body = !self.body.is_empty() || matches!(*method, Method::POST | Method::PUT | Method::PATCH);
        if !needs_body || matches!(*method, Method::GET | Method::HEAD) {
            return Ok(Payload::None);
        }
        let bytes =
            serde_json::to_vec(&self.body).map_err(|e| Error::invalid(format_args!("cannot serialize body: {e}")))?;
        Ok(Payload::Json(Bytes::from(bytes)))
    }

    /// The request of every operation but uploads, which build one per chunk.
    pub(super) fn prepare(&mut self) -> Result<Request> {
        self.check()?;
        #[cfg(feature = "uploads")]
        if self.payload.is_none() && !self.files.is_empty() {
            return Err(Error::InvalidInput("files can only be sent by upload operations".to_owned()));
        }
        let payload = match self.payload.take() {
            Some(payload) => payload,
            None => self.json_payload()?,
        };
        let mut headers = self.request_headers()?;
        if let Payload::Json(_) = payload {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Ok(Request {
            url: self.build_url(false)?,
            headers,
            payload,
            repeatable: is_idempotent(&self.exec.method),
            retry_rate_limit: false,
        })
    }
}

/// The output-typed face of [`Parts`]: setters reach `Parts` through
/// `Deref`, senders (in the sibling modules, one per kind of response)
/// decode into `T`.
impl<T> Call<T> {
    /// A call of `method` on `path`, whose `{placeholders}` are replaced in
    /// order by the percent-encoded `args`.
    pub fn new(client: &Client, method: Method, path: &'static str, args: &[&str]) -> Call<T> {
        Call { parts: Parts::new(client, method, path, args), _output: PhantomData }
    }

    /// Names the operation (its service and method) in traces.
    #[inline]
    pub(crate) fn named(mut self, service: &'static str, method: &'static str) -> Call<T> {
        self.parts.exec.operation = (service, method);
        self
    }

    /// The same call with its response read as `U`: a model generic over
    /// the caller's data, for `.typed::<T>()` (which a spec without
    /// documents, rows or preferences lacks).
    #[allow(dead_code)]
    #[inline]
    pub fn retype<U>(self) -> Call<U> {
        Call { parts: self.parts, _output: PhantomData }
    }

    /// A copy for one page of a paginated listing.
    pub(crate) fn clone_for_page(&self) -> Call<T> {
        Call { parts: self.parts.clone_for_page(), _output: PhantomData }
    }
}

impl<T> std::ops::Deref for Call<T> {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.parts
    }
}

impl<T> std::ops::DerefMut for Call<T> {
    fn deref_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts.fmt(f)
    }
}

/// The fields of a JSON body, in the order they were first set; setting
/// one again replaces its value. A list rather than a map: an operation
/// has a handful of fields, and a map's insertion and search code would be
/// compiled into every build for them.
#[derive(Default)]
pub(super) struct BodyFields(pub(super) Vec<(&'static str, Value)>);

impl BodyFields {
    fn set(&mut self, name: &'static str, value: Value) {
        match self.0.iter_mut().find(|(field, _)| *field == name) {
            Some(field) => field.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The field `name` (an upload's `fileId`).
    #[cfg(feature = "uploads")]
    pub(super) fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(field, _)| *field == name).map(|(_, value)| value)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The body as a JSON object.
impl serde::Serialize for BodyFields {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut object = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            object.serialize_entry(name, value)?;
        }
        object.end()
    }
}

/// A request ready to be sent, possibly several times.
pub(super) struct Request {
    pub(super) url: Url,
    pub(super) headers: HeaderMap,
    pub(super) payload: Payload,
    /// Whether sending twice is harmless (retry policy applies).
    pub(super) repeatable: bool,
    /// Whether a `429` is retried even without retry policy.
    pub(super) retry_rate_limit: bool,
}

pub(super) enum Payload {
    None,
    Json(Bytes),
    /// A multipart body of the caller's (`client.request(..)`).
    #[cfg(feature = "uploads")]
    Form(std::sync::Arc<super::multipart::MultipartForm>),
    /// One chunk of an upload (see `Payload::multipart`).
    #[cfg(feature = "uploads")]
    Multipart {
        fields: std::sync::Arc<Vec<(String, String)>>,
        file_field: &'static str,
        filename: String,
        content_type: String,
        data: Bytes,
    },
}

impl Payload {
    /// Applies the body to a request; multipart forms are single-use, so
    /// they are rebuilt for every attempt from cheaply cloned parts.
    pub(super) fn apply(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
        Ok(match self {
            Payload::None => builder,
            // Its `content-type` is among the request's headers (`prepare`).
            Payload::Json(bytes) => builder.body(bytes.clone()),
            #[cfg(feature = "uploads")]
            Payload::Form(form) => builder.multipart(form.to_reqwest()?),
            #[cfg(feature = "uploads")]
            Payload::Multipart { fields, file_field, filename, content_type, data } => {
                let mut form = reqwest::multipart::Form::new();
                for (name, value) in fields.iter() {
                    form = form.text(name.clone(), value.clone());
                }
                let part =
                    reqwest::multipart::Part::stream_with_length(reqwest::Body::from(data.clone()), data.len() as u64)
                        .file_name(filename.clone())
                        .mime_str(content_type)
                        .map_err(|_| Error::invalid(format_args!("invalid MIME type {content_type:?}")))?;
                builder.multipart(form.part(*file_field, part))
            }
        })
    }
}

/// Headers that carry a credential, whoever sets them.
fn is_credential(name: &HeaderName) -> bool {
    matches!(name.as_str(), "x-appwrite-key" | "x-appwrite-jwt" | "x-appwrite-session" | "authorization" | "cookie")
}

/// Appends `text` percent-encoded by `set`. Written through `Display`,
/// which percent_encoding compiles once, rather than as an iterator each
/// caller would compile anew.
fn push_encoded(out: &mut String, text: &str, set: &'static AsciiSet) {
    use std::fmt::Write as _;
    // Writing to a `String` cannot fail.
    let _ = write!(out, "{}", utf8_percent_encode(text, set));
}

fn fill_path(template: &str, args: &[&str]) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| Error::invalid(format_args!("unclosed placeholder in {template}")))?;
        out.push_str(&rest[..open]);
        let arg = args.next().ok_or_else(|| {
            Error::invalid(format_args!("missing path argument {} in {template}", &rest[open..=close]))
        })?;
        if arg.is_empty() {
            // An empty ID would silently address the parent collection.
            return Err(Error::invalid(format_args!("empty path argument {} in {template}", &rest[open..=close])));
        }
        push_encoded(&mut out, arg, COMPONENT);
        rest = &rest[close + 1..];
    }
    if args.next().is_some() {
        return Err(Error::invalid(format_args!("too many path arguments for {template}")));
    }
    out.push_str(rest);
    Ok(out)
}

fn flatten_query(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten_query(format!("{key}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            let key = format!("{key}[]");
            for item in items {
                flatten_query(key.clone(), item, out);
            }
        }
        Value::String(s) => out.push((key, s.clone())),
        other => out.push((key, other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::call::tests::client;

    #[test]
    fn path_filling() {
        assert_eq!(
            fill_path("/users/{userId}", &["grant/special&id"]).ok().as_deref(),
            Some("/users/grant%2Fspecial%26id")
        );
        assert_eq!(fill_path("/a/{x}/b/{y}", &["1", "é ~.-_"]).ok().as_deref(), Some("/a/1/b/%C3%A9%20~.-_"));
        assert!(fill_path("/a/{x}", &[]).is_err());
        assert!(fill_path("/a/{x}", &["1", "2"]).is_err());
        assert!(fill_path("/a/{x}", &[""]).is_err());
        assert!(fill_path("/a/{x", &["1"]).is_err());
    }

    #[test]
    fn query_objects_are_flattened() {
        let mut call = Call::<Value>::new(&client(), Method::GET, "/x", &[]);
        call.query_object("filter", &serde_json::json!({"a": "1 2", "b": {"c": true}, "d": [1, 2], "e": null}));
        let url = call.build_url(false).map(String::from).unwrap_or_default();
        assert_eq!(url, "https://example.com/v1/x?filter[a]=1%202&filter[b][c]=true&filter[d][]=1&filter[d][]=2");
    }

    #[test]
    fn json_body_has_set_fields_and_explicit_nulls() {
        let mut call = Call::<Value>::new(&client(), Method::PATCH, "/x", &[]);
        call.body("name", "n");
        call.body_null("phone");
        call.body("n", 3);
        match call.json_payload() {
            Ok(Payload::Json(bytes)) => {
                let v: Value = serde_json::from_slice(&bytes).unwrap_or_default();
                assert_eq!(v, serde_json::json!({"name": "n", "phone": null, "n": 3}));
            }
            _ => panic!("expected a JSON body"),
        }
        // POST without fields still sends an (empty) JSON object.
        let empty = Call::<Value>::new(&client(), Method::POST, "/x", &[]);
        assert!(matches!(empty.json_payload(), Ok(Payload::Json(b)) if &b[..] == b"{}"));
        let get = Call::<Value>::new(&client(), Method::GET, "/x", &[]);
        assert!(matches!(get.json_payload(), Ok(Payload::None)));
    }
}
