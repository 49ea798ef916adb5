// @generated: copied by appwrite-generator from templates/ (the `tests/models_debug.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

#![cfg(feature = "users")]

//! Models that carry secrets (session secrets, tokens, JWTs) print
//! `<redacted>` for them in `Debug`, like the client does for its key, while
//! the value stays readable through the field.
//! requires-services: users

mod support;

use appwrite_client::models::{Jwt, Session, Token};
use appwrite_client::Client;
use support::{json_reply, FaultServer};

const SESSION_SECRET: &str = "session-secret-0123456789";
const TOKEN_SECRET: &str = "token-secret-0123456789";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.payload.signature";
const PROVIDER_TOKEN: &str = "provider-access-token-0123";

// Models are `#[non_exhaustive]` (a field the server adds must break no
// one), so code outside the crate builds one from `Default` and its fields.
fn session() -> Session {
    let mut session = Session::default();
    session.id = "s1".into();
    session.user_id = "u1".into();
    session.secret = SESSION_SECRET.into();
    session.provider_access_token = PROVIDER_TOKEN.into();
    session
}

fn token() -> Token {
    let mut token = Token::default();
    token.id = "t1".into();
    token.secret = TOKEN_SECRET.into();
    token
}

fn jwt() -> Jwt {
    let mut jwt = Jwt::default();
    jwt.jwt = JWT.into();
    jwt
}

#[test]
fn debug_redacts_secrets_and_fields_keep_them() {
    let shown = format!("{:?} {:#?} {:?} {:?}", session(), session(), token(), jwt());
    for secret in [SESSION_SECRET, TOKEN_SECRET, JWT, PROVIDER_TOKEN] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
    assert!(shown.contains("<redacted>") && shown.contains("user_id: \"u1\""), "{shown}");
    assert_eq!(session().secret, SESSION_SECRET);
    assert_eq!(token().secret, TOKEN_SECRET);
    assert_eq!(jwt().jwt, JWT);
    // An empty secret (what Appwrite sends to callers not allowed to see
    // it) is shown as such.
    let mut blank = session();
    blank.secret = String::new();
    assert!(format!("{blank:?}").contains("secret: \"\""), "{blank:?}");
}

/// The same for models decoded from a response, as an application logs them.
#[tokio::test]
async fn decoded_models_redact_secrets_too() {
    let server = FaultServer::start(|request, _| {
        let body = if request.path.ends_with("/sessions") {
            serde_json::to_value(session())
        } else if request.path.ends_with("/tokens") {
            serde_json::to_value(token())
        } else {
            serde_json::to_value(jwt())
        };
        json_reply(201, &body.unwrap_or_default())
    })
    .await;
    let client = Client::builder().endpoint(server.endpoint()).project("proj").key("api-key").build().expect("client");
    let users = client.users();
    let session = users.create_session("u1").await.expect("session");
    let token = users.create_token("u1").await.expect("token");
    let jwt = users.create_jwt("u1").await.expect("jwt");
    assert_eq!((session.secret.as_str(), token.secret.as_str(), jwt.jwt.as_str()), (SESSION_SECRET, TOKEN_SECRET, JWT));
    let shown = format!("{session:?} {token:?} {jwt:?}");
    for secret in [SESSION_SECRET, TOKEN_SECRET, JWT, PROVIDER_TOKEN] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
}
