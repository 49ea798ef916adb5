// @generated: copied by appwrite-generator from templates/ (the `examples/users.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Creates a user, finds it with a query, then lists every user of the
//! project a page at a time with cursor pagination, and deletes the user.
//! requires-services: users
//!
//! Needs an API key with the `users.read` and `users.write` scopes:
//!
//! ```sh
//! APPWRITE_ENDPOINT=https://cloud.appwrite.io/v1 APPWRITE_PROJECT=<PROJECT_ID> \
//!     APPWRITE_KEY=<API_KEY> cargo run --example users
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use appwrite_client::{Client, Query, ID};

/// Users per page; small so that even a young project shows several pages.
const PAGE_SIZE: u64 = 10;

/// A required setting from the environment, with a message naming it when
/// it is missing, because a bare `NotPresent` does not say which one.
fn setting(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set; this example needs APPWRITE_ENDPOINT, APPWRITE_PROJECT and APPWRITE_KEY"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .endpoint(setting("APPWRITE_ENDPOINT")?)
        .project(setting("APPWRITE_PROJECT")?)
        .key(setting("APPWRITE_KEY")?)
        .build()?;

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

    let mut cursor: Option<String> = None;
    let mut page_number = 0;
    loop {
        let mut queries = vec![Query::limit(PAGE_SIZE), Query::order_desc("$createdAt")];
        if let Some(last) = &cursor {
            queries.push(Query::cursor_after(last.clone()));
        }
        let page = client.users().list().queries(queries).await?;
        let Some(last) = page.users.last() else { break };
        page_number += 1;
        let names: Vec<&str> = page.users.iter().map(|u| u.name.as_str()).collect();
        println!("page {page_number} ({} of {} users): {}", page.users.len(), page.total, names.join(", "));
        cursor = Some(last.id.clone());
    }

    client.users().delete(&user.id).await?;
    println!("deleted user {}", user.id);
    Ok(())
}
