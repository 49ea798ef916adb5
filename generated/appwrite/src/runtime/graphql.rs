// @generated: copied by appwrite-generator from templates/ (the `src/runtime/graphql.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! The GraphQL request and response: what `graphql().query(..)` and
//! `graphql().mutation(..)` send and return.
//!
//! Appwrite's spec declares no body for its GraphQL endpoints; the server
//! reads the standard GraphQL-over-HTTP object (`query`, `variables`,
//! `operationName`). Like Appwrite's own SDKs, the client sends it wrapped
//! as `{"query": {...}}` with the `x-sdk-graphql: true` header, which tells
//! the server to unwrap it.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{Error, Result};

/// One GraphQL operation: the document, its variables and, when the
/// document holds several operations, the name of the one to run.
///
/// A `&str` or `String` converts into a request without variables:
///
/// ```
/// use appwrite_client::GraphqlRequest;
/// let request = GraphqlRequest::new("query User($id: String!) { usersGet(userId: $id) { name } }")
///     .variables(serde_json::json!({ "id": "ada" }));
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({
///         "query": "query User($id: String!) { usersGet(userId: $id) { name } }",
///         "variables": { "id": "ada" },
///     })
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphqlRequest {
    query: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    variables: Option<Value>,
    #[serde(rename = "operationName", skip_serializing_if = "Option::is_none")]
    operation_name: Option<String>,
}

impl GraphqlRequest {
    /// A request running the GraphQL document `query`.
    pub fn new(query: impl Into<String>) -> Self {
        GraphqlRequest { query: query.into(), variables: None, operation_name: None }
    }

    /// The values of the document's `$variables`: a struct or map that
    /// serializes to a JSON object. A value that cannot be serialized is
    /// sent as `null`, which the server reports.
    pub fn variables(mut self, variables: impl Serialize) -> Self {
        self.variables = Some(serde_json::to_value(variables).unwrap_or(Value::Null));
        self
    }

    /// Which operation of a document with several to run.
    pub fn operation_name(mut self, name: impl Into<String>) -> Self {
        self.operation_name = Some(name.into());
        self
    }
}

impl From<&str> for GraphqlRequest {
    fn from(query: &str) -> Self {
        GraphqlRequest::new(query)
    }
}

impl From<String> for GraphqlRequest {
    fn from(query: String) -> Self {
        GraphqlRequest::new(query)
    }
}

/// What the server answers to one GraphQL request.
///
/// Appwrite answers `200 OK` even when the operation failed: the failure is
/// in [`errors`](Self::errors), and `data` may be partial or absent. Use
/// [`into_data`](Self::into_data) or [`data_as`](Self::data_as) to treat any
/// GraphQL error as an [`Error::Graphql`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphqlResponse {
    /// The result, shaped like the query; `None` when nothing ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Errors of validation or execution; empty on success.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<GraphqlError>,
    /// Server-specific additions, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
}

/// One entry of a GraphQL response's `errors`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphqlError {
    /// What went wrong.
    pub message: String,
    /// Where in the document, as `{"line": .., "column": ..}` objects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Value>,
    /// The response field the error belongs to (names and list indexes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<Value>,
    /// Server-specific details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
}

impl GraphqlResponse {
    /// The `data` when the response has no errors, else [`Error::Graphql`].
    pub fn into_data(self) -> Result<Value> {
        if !self.errors.is_empty() {
            return Err(Error::Graphql(self.errors));
        }
        Ok(self.data.unwrap_or(Value::Null))
    }

    /// [`into_data`](Self::into_data), decoded into your own type.
    pub fn data_as<T: DeserializeOwned>(self) -> Result<T> {
        let data = self.into_data()?;
        serde_json::from_value(data).map_err(|e| Error::Decode {
            what: std::any::type_name::<T>(),
            detail: e.to_string(),
            body_start: String::new(),
        })
    }
}

impl std::fmt::Display for GraphqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            f.write_str(" (at ")?;
            for (i, step) in self.path.iter().enumerate() {
                f.write_str(if i == 0 { "" } else { "." })?;
                match step {
                    Value::String(s) => f.write_str(s)?,
                    other => write!(f, "{other}")?,
                }
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}
