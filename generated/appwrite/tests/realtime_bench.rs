// @generated: copied by appwrite-generator from templates/ (the `tests/realtime_bench.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

//! Figures for BENCHMARKS.md's realtime line, measured against the local
//! server of the realtime tests; run by `cargo xtask bench-realtime` (in a
//! release build), ignored otherwise.
#![cfg(feature = "realtime")]

mod realtime_server;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use appwrite_client::Subscription;
use futures_util::{SinkExt, StreamExt};
use realtime_server::{event, next_event, Server, ORDERS};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

/// Counts the bytes allocated and not yet freed, for the memory figure of
/// the benchmark below; the process's whole heap, server included.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Figures for BENCHMARKS.md; run with `cargo xtask bench-realtime`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: prints figures, asserts nothing; run by `cargo xtask bench-realtime`"]
async fn bench_events_per_second_and_memory_per_subscription() {
    const EVENTS: u32 = 100_000;
    const SUBSCRIPTIONS: usize = 1_000;
    let mut server = Server::start().await;
    let realtime = server.realtime();

    // Throughput: one subscription, a document-sized payload, the server
    // writing as fast as it can; from the first event sent to the last read.
    let mut sub = realtime.clone().buffer(EVENTS as usize).subscribe([ORDERS]).expect("subscribe");
    let mut conn = server.accept().await;
    conn.connected(true).await;
    let payload = json!({
        "$id": "o1", "$collectionId": "orders", "$databaseId": "shop", "$sequence": 1,
        "$createdAt": "2025-06-01T12:00:00.000+00:00", "$updatedAt": "2025-06-01T12:00:00.000+00:00",
        "$permissions": ["read(\"any\")"], "customer": "Ada Lovelace", "total": 129.5, "status": "paid",
        "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}],
    });
    let messages: Vec<String> = (0..EVENTS)
        .map(|i| {
            let mut p = payload.clone();
            p["n"] = json!(i);
            json!({"type": "event", "data": {
                "events": ["databases.shop.collections.orders.documents.o1.update", "databases.*.collections.*.documents.*.update"],
                "channels": ["documents", ORDERS, format!("{ORDERS}.o1")],
                "timestamp": format!("2025-06-01T12:{:02}:{:02}.{:03}+00:00", i / 60_000 % 60, i / 1000 % 60, i % 1000),
                "payload": p,
            }})
            .to_string()
        })
        .collect();
    let bytes: usize = messages.iter().map(String::len).sum();
    let started = Instant::now();
    let writer = tokio::spawn(async move {
        for message in messages {
            conn.ws.feed(Message::text(message)).await.expect("feeding");
        }
        conn.ws.flush().await.expect("flushing");
        conn
    });
    for _ in 0..EVENTS {
        sub.next().await.expect("the stream goes on").expect("an event");
    }
    let elapsed = started.elapsed();
    let mut conn = writer.await.expect("writer");
    println!(
        "throughput: {EVENTS} events of {} bytes in {:.3} s = {:.0} events/s",
        bytes / EVENTS as usize,
        elapsed.as_secs_f64(),
        f64::from(EVENTS) / elapsed.as_secs_f64()
    );

    // Memory: live heap bytes of the whole process (server side idle) per
    // extra subscription on the same channel (no new socket), then per
    // event waiting in each of them.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let before = LIVE.load(Ordering::Relaxed);
    let subs: Vec<Subscription> =
        (0..SUBSCRIPTIONS).map(|_| realtime.subscribe([ORDERS]).expect("subscribe")).collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let idle = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    conn.send(event(&[ORDERS], "o1", 1)).await;
    // The first subscription reads it: then all have it queued.
    next_event(&mut sub).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let queued = LIVE.load(Ordering::Relaxed).saturating_sub(before + idle);
    println!(
        "memory: {} bytes per idle subscription, {} bytes per event waiting in each of {SUBSCRIPTIONS} subscriptions",
        idle / SUBSCRIPTIONS,
        queued / SUBSCRIPTIONS
    );
    drop(subs);
}
