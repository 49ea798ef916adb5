//! Configuration from the environment: the variables a deployment sets, and
//! those Appwrite Functions set for every execution, so that a function
//! needs no set-up code.

use super::client::{Client, ClientBuilder};
use super::error::{Error, Result};
use super::joined::Joined;

/// Each setting with the variables read for it, in order: your own first,
/// then the one Appwrite Functions set at run time (appwrite/appwrite
/// `src/Appwrite/Platform/Workers/Functions.php`, `APPWRITE_FUNCTION_*`
/// beside `APPWRITE_VERSION`; newer servers also set
/// `APPWRITE_FUNCTION_API_KEY`).
const ENDPOINT: &[&str] = &["APPWRITE_ENDPOINT", "APPWRITE_FUNCTION_API_ENDPOINT"];
const PROJECT: &[&str] = &["APPWRITE_PROJECT_ID", "APPWRITE_FUNCTION_PROJECT_ID"];
const KEY: &[&str] = &["APPWRITE_API_KEY", "APPWRITE_FUNCTION_API_KEY"];

impl Client {
    /// A client configured from environment variables; see
    /// [`ClientBuilder::from_env_with`] for which.
    ///
    /// In an Appwrite Function, the endpoint and project come from the
    /// variables Appwrite sets, and each execution's request carries a
    /// short-lived API key with the function's scopes in its
    /// `x-appwrite-key` header: act with it through
    /// [`with_key`](Client::with_key), or as the calling user with the
    /// `x-appwrite-user-jwt` header through [`with_jwt`](Client::with_jwt).
    ///
    /// ```no_run
    /// # fn handle(headers: &std::collections::HashMap<String, String>) -> appwrite_client::Result<()> {
    /// let client = appwrite_client::Client::from_env()?;
    /// let client = match headers.get("x-appwrite-key") {
    ///     Some(key) => client.with_key(key)?,
    ///     None => client,
    /// };
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env_with(|name| std::env::var(name).ok())?.build()
    }
}

impl ClientBuilder {
    /// A builder configured by `lookup` (a variable's value by name, e.g.
    /// from a `.env` file or a test's map), to adjust further before
    /// [`build`](Self::build); [`Client::from_env`] reads the process's
    /// environment this way. Empty values count as unset.
    ///
    /// | setting | variables, the first set wins | when none is set |
    /// |---|---|---|
    /// | endpoint | `APPWRITE_ENDPOINT`, `APPWRITE_FUNCTION_API_ENDPOINT` | the spec's default endpoint |
    /// | project | `APPWRITE_PROJECT_ID`, `APPWRITE_FUNCTION_PROJECT_ID` | an error naming them |
    /// | API key | `APPWRITE_API_KEY`, `APPWRITE_FUNCTION_API_KEY` | no credential |
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder> {
        let first = |names: &[&str]| names.iter().find_map(|name| lookup(name).filter(|value| !value.is_empty()));
        let mut builder = Client::builder();
        if let Some(endpoint) = first(ENDPOINT) {
            builder = builder.endpoint(endpoint);
        }
        let project = first(PROJECT).ok_or_else(|| {
            Error::invalid(format_args!("no project ID in the environment: set {}", Joined(PROJECT, " or ")))
        })?;
        builder = builder.project(project);
        if let Some(key) = first(KEY) {
            builder = builder.key(key);
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Client> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        ClientBuilder::from_env_with(|name| vars.get(name).cloned())?
            .http_client(ClientBuilder::reqwest_builder().build().map_err(Error::Transport)?)
            .build()
    }

    #[test]
    fn own_variables_win_over_the_function_runtime_ones() {
        let client = from(&[
            ("APPWRITE_ENDPOINT", "http://localhost/v1"),
            ("APPWRITE_FUNCTION_API_ENDPOINT", "http://appwrite/v1"),
            ("APPWRITE_FUNCTION_PROJECT_ID", "fn-project"),
            ("APPWRITE_PROJECT_ID", ""),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(client.endpoint(), "http://localhost/v1");
        assert_eq!(client.project_id(), Some("fn-project"));
    }

    #[test]
    fn a_missing_project_is_an_error_naming_the_variables() {
        match from(&[("APPWRITE_API_KEY", "k")]) {
            Err(Error::InvalidInput(message)) => {
                assert!(message.contains("APPWRITE_PROJECT_ID"), "{message}");
                assert!(message.contains("APPWRITE_FUNCTION_PROJECT_ID"), "{message}");
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }
}
