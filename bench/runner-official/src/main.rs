//! Per-request cost and upload behaviour of the official `appwrite` crate
//! against the local stand-in server; `cargo xtask bench-compare` runs it.

use appwrite::services::{databases::Databases, storage::Storage, users::Users};
use bench_support::{measure_requests, measure_upload, Command, Sdk};

#[global_allocator]
static ALLOCATOR: bench_support::Counting = bench_support::Counting;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = bench_support::start_server(Sdk::Official);
    let client = appwrite::Client::new().set_endpoint(endpoint).set_project("bench").set_key("secret");
    let client = &client;
    match bench_support::command() {
        Command::Overhead { users, documents } => {
            measure_requests("users_list", users, || async move {
                let list = Users::new(client).list(None, None, None).await.expect("users list");
                assert_eq!(list.users.len(), 100);
            })
            .await;
            measure_requests("documents_list", documents, || async move {
                #[allow(deprecated)]
                let list = Databases::new(client)
                    .list_documents("shop", "orders", None, None, None, None)
                    .await
                    .expect("list_documents");
                assert_eq!(list.documents.len(), 1000);
            })
            .await;
        }
        Command::Upload { path, size } => {
            measure_upload(size, async {
                let file = appwrite::InputFile::from_path(&path, None).await.expect("input file");
                let file =
                    Storage::new(client).create_file("bucket", "unique()", file, None).await.expect("create_file");
                assert_eq!(file.size_original, size as i64);
            })
            .await;
        }
    }
}
