// @generated: copied by appwrite-generator from templates/ (the `tests/runtime_tracing.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

#![cfg(feature = "users")]

//! The opt-in `tracing` feature: one span per request with what identifies
//! it and how it ended, an event per retry, and nothing secret or personal
//! (credentials, IDs, query values, bodies) in either. A subscriber of its
//! own records what the crate emits.
//! requires-services: users
#![cfg(feature = "tracing")]

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use appwrite_client::reqwest::Method;
use appwrite_client::RetryPolicy;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::{MockServer, ResponseTemplate};

use support::{answer_first_then, mock_builder};

const KEY: &str = "key-that-must-not-be-traced";
const USER_ID: &str = "user-id-that-must-not-be-traced";

/// Field values by name, as text.
type Fields = BTreeMap<String, String>;

#[derive(Default)]
struct Recorded {
    /// Every span by id: its name and fields.
    spans: Vec<(String, Fields)>,
    /// Every event: the span it happened in, and its fields.
    events: Vec<(Option<u64>, Fields)>,
    /// Spans entered and not yet exited.
    current: Vec<u64>,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Recorded>>);

impl Recorder {
    fn with<R>(&self, f: impl FnOnce(&mut Recorded) -> R) -> R {
        f(&mut self.0.lock().expect("recorder lock"))
    }
}

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Fields::new();
        attributes.record(&mut Visitor(&mut fields));
        self.with(|r| {
            r.spans.push((attributes.metadata().name().to_owned(), fields));
            Id::from_u64(r.spans.len() as u64)
        })
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        self.with(|r| {
            let fields = &mut r.spans[span.into_u64() as usize - 1].1;
            values.record(&mut Visitor(fields));
        });
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Visitor(&mut fields));
        self.with(|r| {
            let parent = event.parent().map(Id::into_u64).or_else(|| r.current.last().copied());
            r.events.push((parent, fields));
        });
    }

    fn enter(&self, span: &Id) {
        self.with(|r| r.current.push(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        self.with(|r| {
            if let Some(at) = r.current.iter().rposition(|&id| id == span.into_u64()) {
                r.current.remove(at);
            }
        });
    }
}

fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[tokio::test]
async fn each_request_is_one_span_and_each_retry_an_event_with_nothing_secret() {
    let server = MockServer::start().await;
    let not_found =
        ResponseTemplate::new(404).set_body_json(json!({"message": "no", "code": 404, "type": "user_not_found"}));
    answer_first_then(&server, "GET", ResponseTemplate::new(503).set_body_string("busy"), 1, not_found).await;
    let client = mock_builder(&server)
        .key(KEY)
        .retry(RetryPolicy::new(2).base_delay(Duration::from_millis(5)))
        .build()
        .expect("client");

    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    let missing = client.users().get(USER_ID).await;
    let custom = client.request(Method::GET, "/health/db").retry(RetryPolicy::new(0)).send::<serde_json::Value>().await;
    drop(guard);
    assert_eq!(missing.err().and_then(|e| e.status()), Some(404));
    assert_eq!(custom.err().and_then(|e| e.status()), Some(404));

    recorder.with(|r| {
        let spans: Vec<&(String, Fields)> = r.spans.iter().filter(|(name, _)| name == "appwrite.request").collect();
        assert_eq!(spans.len(), 2, "{:?}", r.spans);
        let elapsed = |f: &Fields| f.get("elapsed_ms").and_then(|ms| ms.parse::<u64>().ok());
        assert!(spans.iter().all(|(_, f)| elapsed(f).is_some()), "{spans:?}");
        let without_time = |f: &Fields| {
            let mut f = f.clone();
            f.remove("elapsed_ms");
            f
        };
        assert_eq!(
            without_time(&spans[0].1),
            fields(&[
                ("service", "users"),
                ("method", "get"),
                ("http.method", "GET"),
                ("path", "/users/{userId}"),
                ("status", "404"),
                ("attempts", "2"),
            ])
        );
        assert_eq!(
            without_time(&spans[1].1),
            fields(&[
                ("service", "custom"),
                ("method", "request"),
                ("http.method", "GET"),
                ("path", "/v1/health/db"),
                ("status", "404"),
                ("attempts", "1"),
            ])
        );

        let retries: Vec<&(Option<u64>, Fields)> =
            r.events.iter().filter(|(_, f)| f.get("message").is_some_and(|m| m.contains("retrying"))).collect();
        assert_eq!(retries.len(), 1, "{:?}", r.events);
        let (parent, retry) = retries[0];
        let first = r.spans.iter().position(|(name, _)| name == "appwrite.request").map(|i| i as u64 + 1);
        assert_eq!(*parent, first, "the retry event belongs to the first request's span");
        assert_eq!(retry.get("attempt").map(String::as_str), Some("1"));
        assert_eq!(retry.get("status").map(String::as_str), Some("503"));

        let everything = format!("{:?} {:?}", r.spans, r.events);
        for secret in [KEY, USER_ID, "busy"] {
            assert!(!everything.contains(secret), "{secret:?} was traced: {everything}");
        }
    });
}
