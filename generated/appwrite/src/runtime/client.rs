// @generated: copied by appwrite-generator from templates/ (the `src/runtime/client.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! The configured connection to an Appwrite project.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::error::{Error, Result};
use super::http::{http_builder, own_http_client, parse_endpoint, HttpOptions};
use super::joined::Joined;
use super::redact::Names;
use super::retry::RetryPolicy;

/// Handle to an Appwrite endpoint and project, shared by all services.
///
/// Build one with [`Client::builder`]. A `Client` is immutable and cheap to
/// clone (one reference count); clones share the connection pool. To act as a
/// different user, derive a new client with [`Client::with_jwt`],
/// [`Client::with_session`], ...: this never changes the original or its
/// other clones.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    /// Endpoint without trailing slash, e.g. `https://cloud.appwrite.io/v1`.
    endpoint: String,
    http: reqwest::Client,
    settings: Settings,
    /// Every header sent on every request, computed once from `settings`.
    headers: HeaderMap,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    /// `self_signed(true)`, which the realtime socket applies too.
    #[cfg(feature = "realtime")]
    accept_invalid_certs: bool,
}

#[derive(Clone, Default)]
struct Settings {
    project: Option<String>,
    key: Option<String>,
    jwt: Option<String>,
    session: Option<String>,
    locale: Option<String>,
    forwarded_user_agent: Option<String>,
    extra_headers: Vec<(String, String)>,
}

impl Settings {
    /// Appwrite acts on one credential per request. An API key sent with a
    /// user's JWT or session is refused by 1.8 servers
    /// (`user_key_and_session_set`) and wins on 1.9 ones, which then run the
    /// request with the key's scopes and no permission checks; a JWT sent
    /// with a session silently replaces it on 1.8 and is refused on 1.9
    /// (`user_jwt_and_cookie_set`). A client carrying two would fail or act
    /// as someone else, so it is never built.
    fn check_one_credential(&self) -> Result<()> {
        let mut set = Vec::with_capacity(3);
        for (name, value) in [("key", &self.key), ("jwt", &self.jwt), ("session", &self.session)] {
            if value.is_some() {
                set.push(name);
            }
        }
        if set.len() > 1 {
            return Err(Error::invalid(format_args!(
                "a client carries one credential, but {} are set; derive a client for a user \
                 with `with_jwt` or `with_session`, which drop the API key",
                Joined(&set, " and ")
            )));
        }
        Ok(())
    }

    fn clear_credentials(&mut self) {
        self.key = None;
        self.jwt = None;
        self.session = None;
    }

    fn headers(&self) -> Result<HeaderMap> {
        self.check_one_credential()?;
        let mut map = HeaderMap::new();
        let sdk_name = crate::meta::SDK_NAME;
        let version = env!("CARGO_PKG_VERSION");
        let user_agent = format!("{sdk_name}/{version} (rust)");
        let fixed = [
            ("x-sdk-name", sdk_name),
            ("x-sdk-platform", crate::meta::PLATFORM),
            ("x-sdk-language", "rust"),
            ("x-sdk-version", version),
            ("x-appwrite-response-format", crate::meta::RESPONSE_FORMAT),
            ("user-agent", &user_agent),
        ];
        for (name, value) in fixed {
            insert(&mut map, name, value, false)?;
        }
        let optional = [
            ("x-appwrite-project", &self.project, false),
            ("x-appwrite-key", &self.key, true),
            ("x-appwrite-jwt", &self.jwt, true),
            ("x-appwrite-session", &self.session, true),
            ("x-appwrite-locale", &self.locale, false),
            ("x-forwarded-user-agent", &self.forwarded_user_agent, false),
        ];
        for (name, value, secret) in optional {
            if let Some(value) = value {
                insert(&mut map, name, value, secret)?;
            }
        }
        for (name, value) in &self.extra_headers {
            insert(&mut map, name, value, false)?;
        }
        Ok(map)
    }
}

/// Validates and inserts one header; the error names the header but, for
/// secrets, not the value.
fn insert(map: &mut HeaderMap, name: &str, value: &str, secret: bool) -> Result<()> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid(format_args!("invalid header name {name:?}")))?;
    let mut header_value = HeaderValue::from_str(value).map_err(|_| {
        if secret {
            Error::invalid(format_args!("invalid characters in the value of header {name}"))
        } else {
            Error::invalid(format_args!("invalid value {value:?} for header {name}"))
        }
    })?;
    // Keeps secrets out of reqwest/hyper debug output and HTTP/2 header tables.
    header_value.set_sensitive(secret);
    map.insert(header_name, header_value);
    Ok(())
}

impl Client {
    /// Starts configuring a client; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for `project` at `endpoint` with no credentials, e.g.
    /// `Client::new("https://cloud.appwrite.io/v1", "my-project")`.
    pub fn new(endpoint: impl Into<String>, project: impl Into<String>) -> Result<Client> {
        Client::builder().endpoint(endpoint).project(project).build()
    }

    /// The API endpoint, without trailing slash.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The project ID, if set.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.settings.project.as_deref()
    }

    /// The configured retry policy, if any.
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.inner.retry.as_ref()
    }

    /// The default timeout of each request, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    /// A new client that acts as the user of this JWT (`X-Appwrite-JWT`),
    /// with that user's permissions.
    ///
    /// The new client carries the JWT only: the API key and session of
    /// this client are not sent, because Appwrite refuses a key sent with a
    /// user's credential or lets the key override the user (admin rights,
    /// no permission checks), depending on the server version, and does not
    /// take a JWT and a session together.
    pub fn with_jwt(&self, jwt: impl Into<String>) -> Result<Client> {
        self.derive(|s| {
            s.clear_credentials();
            s.jwt = Some(jwt.into());
        })
    }

    /// A new client that acts as the user of this session secret
    /// (`X-Appwrite-Session`), with that user's permissions.
    ///
    /// The new client carries the session only; see [`Client::with_jwt`].
    pub fn with_session(&self, session: impl Into<String>) -> Result<Client> {
        self.derive(|s| {
            s.clear_credentials();
            s.session = Some(session.into());
        })
    }

    /// A new client that authenticates with this API key (`X-Appwrite-Key`)
    /// instead of any JWT or session of this client.
    pub fn with_key(&self, key: impl Into<String>) -> Result<Client> {
        self.derive(|s| {
            s.clear_credentials();
            s.key = Some(key.into());
        })
    }

    /// A new client with no credential: requests run as a guest (the
    /// project's public permissions), e.g. to create a session.
    pub fn without_credentials(&self) -> Result<Client> {
        self.derive(Settings::clear_credentials)
    }

    /// A new client that asks for responses in this locale
    /// (`X-Appwrite-Locale`, e.g. `fr`).
    pub fn with_locale(&self, locale: impl Into<String>) -> Result<Client> {
        self.derive(|s| s.locale = Some(locale.into()))
    }

    /// A new client that forwards this end-user agent
    /// (`X-Forwarded-User-Agent`).
    pub fn with_forwarded_user_agent(&self, user_agent: impl Into<String>) -> Result<Client> {
        self.derive(|s| s.forwarded_user_agent = Some(user_agent.into()))
    }

    fn derive(&self, change: impl FnOnce(&mut Settings)) -> Result<Client> {
        let mut inner = Inner::clone(&self.inner);
        change(&mut inner.settings);
        inner.headers = inner.settings.headers()?;
        Ok(Client { inner: Arc::new(inner) })
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn default_headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    #[cfg(feature = "realtime")]
    pub(crate) fn accepts_invalid_certs(&self) -> bool {
        self.inner.accept_invalid_certs
    }
}

fn redact(value: &Option<String>) -> Option<&'static str> {
    value.as_ref().map(|_| "<redacted>")
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.inner.settings;
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("project", &s.project)
            .field("key", &redact(&s.key))
            .field("jwt", &redact(&s.jwt))
            .field("session", &redact(&s.session))
            .field("locale", &s.locale)
            .field("forwarded_user_agent", &s.forwarded_user_agent)
            .field("extra_headers", &Names(&s.extra_headers))
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; finish with [`ClientBuilder::build`].
///
/// Out of the box the client gives up on a connection that is not
/// established within [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT)
/// (10 s) and on one that stalls for
/// [`DEFAULT_READ_TIMEOUT`](Self::DEFAULT_READ_TIMEOUT) (60 s), never
/// follows redirects, and does not retry unless given a [`RetryPolicy`].
/// There is no overall limit per request by default: downloads and
/// uploads of any size finish as long as data keeps flowing; set one with
/// [`timeout`](Self::timeout).
///
/// ```no_run
/// # fn main() -> appwrite_client::Result<()> {
/// let client = appwrite_client::Client::builder()
///     .endpoint("https://cloud.appwrite.io/v1")
///     .project("my-project")
///     .key("secret-api-key")
///     .timeout(std::time::Duration::from_secs(30))
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    endpoint: Option<String>,
    settings: Settings,
    timeout: Option<Duration>,
    self_signed: bool,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
}

impl ClientBuilder {
    /// How long establishing a connection (DNS, TCP, TLS) may take when
    /// [`connect_timeout`](Self::connect_timeout) is not set. A request
    /// whose connection failed was never sent, so it is retried whatever
    /// its method (see [`RetryPolicy`]).
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// How long the server may stay silent when
    /// [`read_timeout`](Self::read_timeout) is not set: from sending the
    /// request until the response headers arrive, then between two reads of
    /// the body. An upload chunk (5 MiB) must be sent and answered within
    /// it, which takes an uplink of at least 90 KiB/s.
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

    /// API endpoint including the version path, e.g.
    /// `https://cloud.appwrite.io/v1` (the default) or
    /// `http://localhost/v1`. Must be an `http` or `https` URL.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Project ID (`X-Appwrite-Project`).
    pub fn project(mut self, project: impl Into<String>) -> Self {
        self.settings.project = Some(project.into());
        self
    }

    /// Secret API key (`X-Appwrite-Key`), for server-side use.
    ///
    /// A client carries one credential: an API key, a JWT or a session.
    /// [`build`](ClientBuilder::build) refuses more than one; act as a user
    /// by deriving a client with [`Client::with_jwt`] or
    /// [`Client::with_session`].
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.settings.key = Some(key.into());
        self
    }

    /// JSON Web Token of a user (`X-Appwrite-JWT`); not together with a key
    /// or session.
    pub fn jwt(mut self, jwt: impl Into<String>) -> Self {
        self.settings.jwt = Some(jwt.into());
        self
    }

    /// Session secret of a user (`X-Appwrite-Session`); not together with a
    /// key or JWT.
    pub fn session(mut self, session: impl Into<String>) -> Self {
        self.settings.session = Some(session.into());
        self
    }

    /// Locale for translated responses (`X-Appwrite-Locale`, e.g. `en`).
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.settings.locale = Some(locale.into());
        self
    }

    /// User agent of the end user on whose behalf a server acts
    /// (`X-Forwarded-User-Agent`).
    pub fn forwarded_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.settings.forwarded_user_agent = Some(user_agent.into());
        self
    }

    /// An extra header sent on every request (replaces a previous one of the
    /// same name, including the SDK's own headers).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Default overall timeout for each request, response body included
    /// (for chunked uploads: each chunk). None by default: the
    /// [connect](Self::connect_timeout) and [read](Self::read_timeout)
    /// timeouts already end a request whose connection is dead.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Longest wait for a connection to be established;
    /// [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT) unless set.
    /// A connection that fails or times out is an [`Error::Transport`].
    /// Only for the client the SDK builds: with
    /// [`http_client`](Self::http_client), set it on that client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Longest silence of the server, until the response headers and then
    /// between reads of the body;
    /// [`DEFAULT_READ_TIMEOUT`](Self::DEFAULT_READ_TIMEOUT) unless set
    /// (`Duration::MAX` turns it off). Exceeding it is [`Error::Timeout`].
    /// Raise it for slow uplinks (each upload chunk must be sent within it)
    /// or for function executions that run longer. Only for the client the
    /// SDK builds: with [`http_client`](Self::http_client), set it on that
    /// client.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Accept invalid TLS certificates, e.g. a self-hosted Appwrite with a
    /// self-signed certificate. Dangerous: never enable this against a server
    /// reached over an untrusted network. Needs the `rustls` or `native-tls`
    /// feature; with `native-tls`, trusting the server's CA in the system
    /// store is the safer way. Realtime sockets (`wss://`) accept them too.
    pub fn self_signed(mut self, accept_invalid_certs: bool) -> Self {
        self.self_signed = accept_invalid_certs;
        self
    }

    /// Use this reqwest client (proxy, custom TLS roots, connection pool
    /// settings...). Incompatible with [`ClientBuilder::self_signed`],
    /// [`connect_timeout`](Self::connect_timeout) and
    /// [`read_timeout`](Self::read_timeout), which have to be configured on
    /// that client instead.
    ///
    /// Start from [`reqwest_builder`](Self::reqwest_builder), which has the
    /// SDK's settings. A client built from scratch needs
    /// `redirect(reqwest::redirect::Policy::none())`: reqwest follows
    /// redirects by default and removes only `Authorization` and cookie
    /// headers when one leads to another host, so the API key, JWT or
    /// session (and on a `307`/`308`, the request body) would be sent there.
    /// The SDK cannot change that setting on a client it did not build.
    /// It needs a connect and read timeout too, or a dead connection can make
    /// a request wait forever; and with the `rustls` feature, a rustls
    /// crypto provider installed before it is built (reqwest panics
    /// without one).
    ///
    /// A self-hosted Appwrite whose certificate comes from your own CA, with
    /// the default `rustls` feature (`native-tls` trusts the system's store
    /// instead):
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use appwrite_client::{reqwest, ClientBuilder};
    ///
    /// let ca = reqwest::Certificate::from_pem(&std::fs::read("company-ca.pem")?)?;
    /// let http = ClientBuilder::reqwest_builder().tls_certs_merge([ca]).build()?;
    /// let client = appwrite_client::Client::builder()
    ///     .endpoint("https://appwrite.internal.example/v1")
    ///     .project("my-project")
    ///     .http_client(http)
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// A reqwest client builder with the SDK's settings (no redirects,
    /// [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT),
    /// [`DEFAULT_READ_TIMEOUT`](Self::DEFAULT_READ_TIMEOUT), the TLS of the
    /// crate's features), to customize (proxy, root certificates, pool) and
    /// pass to [`http_client`](Self::http_client).
    pub fn reqwest_builder() -> reqwest::ClientBuilder {
        http_builder(&HttpOptions {
            accept_invalid_certs: false,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            read_timeout: Self::DEFAULT_READ_TIMEOUT,
        })
    }

    /// Retry idempotent requests according to `policy`; see [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Validates the settings and creates the client.
    pub fn build(self) -> Result<Client> {
        let endpoint = parse_endpoint(self.endpoint.as_deref().unwrap_or(crate::meta::DEFAULT_ENDPOINT))?;
        let headers = self.settings.headers()?;
        let http = match self.http {
            Some(_) if self.self_signed => {
                return Err(Error::InvalidInput(
                    "self_signed(true) cannot be applied to a caller-supplied http_client; \
                     configure danger_accept_invalid_certs on that client instead"
                        .to_owned(),
                ))
            }
            Some(_) if self.connect_timeout.is_some() || self.read_timeout.is_some() => {
                return Err(Error::InvalidInput(
                    "connect_timeout and read_timeout cannot be applied to a caller-supplied \
                     http_client; configure them on that client instead"
                        .to_owned(),
                ))
            }
            Some(http) => http,
            None => own_http_client(
                &endpoint,
                &HttpOptions {
                    accept_invalid_certs: self.self_signed,
                    connect_timeout: self.connect_timeout.unwrap_or(Self::DEFAULT_CONNECT_TIMEOUT),
                    read_timeout: self.read_timeout.unwrap_or(Self::DEFAULT_READ_TIMEOUT),
                },
            )?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                http,
                settings: self.settings,
                headers,
                timeout: self.timeout,
                retry: self.retry,
                #[cfg(feature = "realtime")]
                accept_invalid_certs: self.self_signed,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("project", &s.project)
            .field("key", &redact(&s.key))
            .field("jwt", &redact(&s.jwt))
            .field("session", &redact(&s.session))
            .field("locale", &s.locale)
            .field("timeout", &self.timeout)
            .field("self_signed", &self.self_signed)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_needs_one_of_the_tls_features() {
        let tls = cfg!(any(feature = "rustls", feature = "native-tls"));
        assert_eq!(Client::new("https://cloud.appwrite.io/v1", "p").is_ok(), tls);
        let self_signed = Client::builder().endpoint("http://localhost/v1").self_signed(true).build();
        assert_eq!(self_signed.is_ok(), tls);
        if let Err(e) = self_signed {
            assert!(e.to_string().contains("`rustls`"), "{e}");
        }
        assert!(Client::new("http://localhost/v1", "p").is_ok());
    }
}
