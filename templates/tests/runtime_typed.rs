//! Rows, documents and preferences read as the caller's own types with
//! `typed::<T>()`: get, list, create, update and the pagination stream,
//! against a local mock server.
//! requires-services: tables_db account

use appwrite_client::models::{Row, RowList};
use appwrite_client::{Client, Query, ID};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Task {
    title: String,
    done: bool,
}

fn client_for(server: &MockServer) -> Client {
    Client::builder().endpoint(format!("{}/v1", server.uri())).project("p").key("k").build().unwrap()
}

/// A row as Appwrite sends it: system fields around the table's columns.
fn row(id: &str, title: &str) -> Value {
    json!({
        "$id": id, "title": title, "$sequence": 7, "$tableId": "tasks", "$databaseId": "main",
        "$createdAt": "2026-01-02T03:04:05.000+00:00", "$updatedAt": "2026-01-02T03:04:05.000+00:00",
        "$permissions": [], "done": false
    })
}

#[tokio::test]
async fn get_create_and_update_read_and_write_the_callers_type() {
    let server = MockServer::start().await;
    let rows = "/v1/tablesdb/main/tables/tasks/rows";
    Mock::given(method("GET"))
        .and(path(format!("{rows}/r1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(row("r1", "write")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(rows))
        .respond_with(ResponseTemplate::new(201).set_body_json(row("r2", "ship")))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{rows}/r2")))
        .and(body_json(json!({"data": {"title": "ship", "done": true}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(row("r2", "ship")))
        .mount(&server)
        .await;
    let tables = client_for(&server).tables_db();

    let got: Row<Task> = tables.get_row("main", "tasks", "r1").typed().await.unwrap();
    assert_eq!(got.data, Task { title: "write".into(), done: false });
    assert_eq!((got.id.as_str(), got.table_id.as_str(), got.sequence), ("r1", "tasks", 7));

    let task = Task { title: "ship".into(), done: false };
    let created = tables.create_row("main", "tasks", ID::unique(), &task).typed::<Task>().await.unwrap();
    assert_eq!(created.data, task);
    let sent: Value = serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    assert_eq!(sent["data"], json!({"title": "ship", "done": false}), "the caller's type is the body's data");

    let done = Task { done: true, ..task };
    let updated = tables.update_row("main", "tasks", "r2").data(&done).typed::<Task>().send_raw().await.unwrap();
    assert_eq!((updated.status, updated.value.id.as_str()), (200, "r2"));

    // A row that does not fit the type is a decode error naming the type.
    let wrong = tables.get_row("main", "tasks", "r1").typed::<Vec<u8>>().await.unwrap_err();
    assert!(wrong.to_string().contains("Vec<u8>"), "{wrong}");
    // Without `typed`, the columns stay a map.
    let untyped: Row = tables.get_row("main", "tasks", "r1").await.unwrap();
    assert_eq!(untyped.data.get("title"), Some(&json!("write")));
}

/// Serves `total` rows in pages, honoring the limit and cursor it is sent.
struct RowPages {
    total: usize,
}

impl Respond for RowPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let queries: Vec<Value> = request
            .url
            .query_pairs()
            .filter(|(k, _)| k == "queries[]")
            .map(|(_, v)| serde_json::from_str(&v).unwrap())
            .collect();
        let limit = queries.iter().find(|q| q["method"] == "limit").and_then(|q| q["values"][0].as_u64()).unwrap();
        let start = queries
            .iter()
            .find(|q| q["method"] == "cursorAfter")
            .and_then(|q| q["values"][0].as_str()?.trim_start_matches('r').parse::<usize>().ok())
            .map_or(0, |last| last + 1);
        let end = self.total.min(start + limit as usize);
        let rows: Vec<Value> = (start..end).map(|i| row(&format!("r{i}"), &format!("task {i}"))).collect();
        ResponseTemplate::new(200).set_body_json(json!({"total": self.total, "rows": rows}))
    }
}

#[tokio::test]
async fn lists_and_their_streams_carry_the_callers_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/tablesdb/main/tables/tasks/rows"))
        .respond_with(RowPages { total: 5 })
        .mount(&server)
        .await;
    let tables = client_for(&server).tables_db();

    let page: RowList<Task> = tables.list_rows("main", "tasks").queries([Query::limit(3)]).typed().await.unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(page.rows.iter().map(|r| r.data.title.as_str()).collect::<Vec<_>>(), ["task 0", "task 1", "task 2"]);

    let all = tables
        .list_rows("main", "tasks")
        .queries([Query::limit(2)])
        .typed::<Task>()
        .into_stream()
        .collect_all()
        .await
        .unwrap();
    let titles: Vec<&str> = all.iter().map(|row| row.data.title.as_str()).collect();
    assert_eq!(titles, ["task 0", "task 1", "task 2", "task 3", "task 4"]);
    assert_eq!(all[4].id, "r4", "the system fields stay on each row");
    assert_eq!(server.received_requests().await.unwrap().len(), 4, "one page, then three of two");
}

#[derive(Debug, PartialEq, Deserialize)]
struct Prefs {
    theme: String,
}

#[tokio::test]
async fn preferences_read_as_the_callers_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/account/prefs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"theme": "dark"})))
        .mount(&server)
        .await;
    let client = Client::builder().endpoint(format!("{}/v1", server.uri())).project("p").jwt("j").build().unwrap();
    let prefs = client.account().get_prefs().typed::<Prefs>().await.unwrap();
    assert_eq!(prefs.data, Prefs { theme: "dark".into() });
}
