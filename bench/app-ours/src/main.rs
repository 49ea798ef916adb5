//! The smallest useful program: list users. Its compile time and binary
//! size are what a user of the crate pays before writing any code.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9/v1".to_owned());
    let client = appwrite_client::Client::builder().endpoint(endpoint).project("bench").key("secret").build()?;
    let users = client.users().list().await?;
    println!("{} users", users.total);
    Ok(())
}
