//! Appwrite's GraphQL endpoints, as Appwrite's server and SDKs use them
//! rather than as the spec declares them.
//!
//! The 1.8 specs give `POST /graphql` and `POST /graphql/mutation` no
//! request body and an untyped response. The server reads the standard
//! GraphQL-over-HTTP object, unwrapped from a `query` field when the
//! `x-sdk-graphql: true` header is sent, and answers `200 OK` with `data`
//! and `errors` (appwrite/appwrite `app/controllers/api/graphql.php`);
//! Appwrite's SDK generator adds that header to every operation of
//! `x-appwrite.type: graphql` (appwrite/sdk-generator `src/Spec/Swagger2.php`).

use serde_json::Value;

use crate::ir::{HttpMethod, Location, Name, Operation, Param, Response, TypeRef};

const HEADER: (&str, &str) = ("x-sdk-graphql", "true");

/// Whether an endpoint is one of Appwrite's GraphQL endpoints: typed so by
/// `x-appwrite`, or, in a spec without the extension, posted to by path.
pub fn is_graphql(appwrite: Option<&Value>, method: HttpMethod, path: &str) -> bool {
    match appwrite.and_then(|x| x.get("type")).and_then(Value::as_str) {
        Some(kind) => kind == "graphql",
        None => method == HttpMethod::Post && matches!(path, "/graphql" | "/graphql/mutation"),
    }
}

/// Gives a GraphQL operation its real body (one `query` argument, the
/// runtime's `GraphqlRequest`), header and response.
pub fn complete(op: &mut Operation) {
    op.params.retain(|p| p.location != Location::Body);
    op.params.push(Param {
        name: Name { wire: "query".to_owned(), rust: "query".to_owned() },
        location: Location::Body,
        ty: TypeRef::GraphqlRequest,
        required: true,
        nullable: false,
        default: None,
        example: None,
        null_setter: None,
        placeholder: String::new(),
        description: "The GraphQL document to run, with its variables and operation name when it needs them: \
                      a `GraphqlRequest`, or the document alone as a string."
            .to_owned(),
    });
    op.fixed_headers = vec![(HEADER.0.to_owned(), HEADER.1.to_owned())];
    op.response = Response::Graphql;
}
