// @generated: copied by appwrite-generator from templates/ (the `examples/users.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Creates a user, finds it with a query, then lists every user of the
//! project through `into_stream()` (cursor pagination, a page at a time),
//! and deletes the user.
//! requires-services: users
//!
//! Needs an API key with the `users.read` and `users.write` scopes:
//!
//! ```sh
//! APPWRITE_ENDPOINT=https://cloud.appwrite.io/v1 APPWRITE_PROJECT_ID=<PROJECT_ID> \
//!     APPWRITE_API_KEY=<API_KEY> cargo run --example users
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use appwrite_client::{Client, Query, ID};

/// Users per page; small so that even a young project needs several pages.
const PAGE_SIZE: u64 = 10;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID and APPWRITE_API_KEY; a missing
    // project ID is an error that names the variable.
    let client = Client::from_env()?;

    // Emails are unique per project, so each run makes its own.
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let user = client
        .users()
        .create(ID::unique())
        .email(format!("example-{stamp}@example.com"))
        .password("an example password, long enough")
        .name("Example User")
        .await?;
    println!("created user {} <{}>", user.id, user.email);

    let found = client.users().list().queries([Query::equal("email", user.email.as_str())]).await?;
    println!("{} user(s) with that email", found.total);

    // The limit sets the page size; the order applies to every page.
    let mut users =
        client.users().list().queries([Query::limit(PAGE_SIZE), Query::order_desc("$createdAt")]).into_stream();
    let mut count = 0;
    while let Some(listed) = users.next().await {
        let listed = listed?;
        count += 1;
        println!("{count:>4}. {} <{}>", listed.name, listed.email);
    }

    client.users().delete(&user.id).await?;
    println!("deleted user {}", user.id);
    Ok(())
}
