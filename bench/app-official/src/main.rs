//! The smallest useful program with the official SDK: list users.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9/v1".to_owned());
    let client = appwrite::Client::new().set_endpoint(endpoint).set_project("bench").set_key("secret");
    let users = appwrite::services::users::Users::new(&client).list(None, None, None).await?;
    println!("{} users", users.total);
    Ok(())
}
