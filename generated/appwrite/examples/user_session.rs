// @generated: copied by appwrite-generator from templates/ (the `examples/user_session.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Signs a user in with email and password, then acts as that user: first
//! with the session secret, then with a JWT, the way a server-side web app
//! does. The user is a throwaway one, created and deleted with the API key.
//! requires-services: account users
//!
//! Needs an API key with the `users.read`, `users.write` and
//! `sessions.write` scopes:
//!
//! ```sh
//! APPWRITE_ENDPOINT=https://cloud.appwrite.io/v1 APPWRITE_PROJECT_ID=<PROJECT_ID> \
//!     APPWRITE_API_KEY=<API_KEY> cargo run --example user_session
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use appwrite_client::{Client, ID};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The API key's client from APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID and
    // APPWRITE_API_KEY; the others derive from it and share its connection
    // pool, each with one credential.
    let admin = Client::from_env()?;
    let public = admin.without_credentials()?;

    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let email = format!("session-example-{stamp}@example.com");
    let password = "an example password, long enough";
    let user =
        admin.users().create(ID::unique()).email(email.as_str()).password(password).name("Session Example").await?;
    println!("created user {} <{email}>", user.id);

    // Appwrite returns the session secret only to a caller with an API key,
    // which is what lets a server keep the session (say, in a cookie).
    let session = admin.account().create_email_password_session(email.as_str(), password).await?;
    if session.secret.is_empty() {
        return Err("Appwrite returned no session secret: is APPWRITE_API_KEY an API key of this project?".into());
    }
    println!("session {} expires {}", session.id, session.expire);

    let as_user = public.with_session(session.secret.as_str())?;
    let me = as_user.account().get().await?;
    println!("with the session secret: signed in as {} <{}>", me.name, me.email);
    let sessions = as_user.account().list_sessions().await?;
    println!("the user has {} session(s)", sessions.total);

    let jwt = as_user.account().create_jwt().await?;
    let me_again = public.with_jwt(jwt.jwt)?.account().get().await?;
    println!("with a JWT: signed in as {}", me_again.name);

    as_user.account().delete_session("current").await?;
    admin.users().delete(&user.id).await?;
    println!("signed out and deleted user {}", user.id);
    Ok(())
}
