// @generated: copied by appwrite-generator from templates/ (the `examples/realtime.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Prints the live events of the channels named on the command line until
//! Ctrl-C, acting as a user (a session secret or a JWT; realtime never uses
//! an API key). With no channel named it listens to the user's account.
//! requires-features: realtime
//!
//! ```sh
//! APPWRITE_ENDPOINT=https://cloud.appwrite.io/v1 APPWRITE_PROJECT_ID=<PROJECT_ID> \
//!     APPWRITE_SESSION=<SESSION_SECRET> cargo run --features realtime --example realtime -- \
//!     account databases.<DATABASE_ID>.collections.<COLLECTION_ID>.documents
//! ```
//!
//! The endpoint and project come from the variables `Client::from_env()`
//! reads, as in the other examples. `APPWRITE_JWT` may replace
//! `APPWRITE_SESSION`; with neither, the events are those guests may read.

use appwrite_client::{Channel, Client, RealtimeError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut client = Client::from_env()?;
    if let Ok(session) = std::env::var("APPWRITE_SESSION") {
        client = client.with_session(session)?;
    } else if let Ok(jwt) = std::env::var("APPWRITE_JWT") {
        client = client.with_jwt(jwt)?;
    }
    let mut channels: Vec<Channel> = std::env::args().skip(1).map(Channel::from).collect();
    if channels.is_empty() {
        channels.push(Channel::account());
    }

    let mut subscription = client.realtime().subscribe(channels)?;
    println!("listening to {:?}; Ctrl-C to stop", subscription.channels());
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            stopped = &mut ctrl_c => {
                stopped?;
                break;
            }
            item = subscription.recv() => match item {
                Some(Ok(event)) => {
                    let what = event.events.first().map_or("?", String::as_str);
                    println!("{} {what}\n  {}", event.timestamp, event.payload);
                }
                // Lagging, a lost connection being made again, a message
                // the server got wrong: the subscription goes on.
                Some(Err(error @ RealtimeError::Refused { .. })) => return Err(error.into()),
                Some(Err(error)) => eprintln!("{error}"),
                None => break,
            },
        }
    }
    // Waits for the socket's close frame, which a plain drop would leave to
    // a task that the end of `main` cuts short.
    subscription.close().await;
    println!("stopped");
    Ok(())
}
