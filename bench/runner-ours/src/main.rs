//! Per-request cost and upload behaviour of appwrite-client against the
//! local stand-in server; `cargo xtask bench-compare` runs it.

use bench_support::{measure_requests, measure_upload, Command, Sdk};

#[global_allocator]
static ALLOCATOR: bench_support::Counting = bench_support::Counting;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = bench_support::start_server(Sdk::Ours);
    let client =
        appwrite_client::Client::builder().endpoint(endpoint).project("bench").key("secret").build().expect("client");
    let client = &client;
    match bench_support::command() {
        Command::Overhead { users, documents } => {
            measure_requests("users_list", users, || async move {
                let list = client.users().list().await.expect("users().list()");
                assert_eq!(list.users.len(), 100);
            })
            .await;
            measure_requests("documents_list", documents, || async move {
                // Deprecated in favour of tables_db, but both SDKs still ship it
                // and the official's rows API differs only in name.
                #[allow(deprecated)]
                let list = client.databases().list_documents("shop", "orders").await.expect("list_documents()");
                assert_eq!(list.documents.len(), 1000);
            })
            .await;
        }
        Command::Upload { path, size } => {
            measure_upload(size, async {
                let file = client
                    .storage()
                    .create_file("bucket", "unique()", appwrite_client::InputFile::from_path(&path))
                    .await
                    .expect("create_file()");
                assert_eq!(file.size_original, size as i64);
            })
            .await;
        }
    }
}
