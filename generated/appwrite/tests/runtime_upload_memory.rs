// @generated: copied by appwrite-generator from templates/ (the `tests/runtime_upload_memory.rs` of the generated crate).
// Edit the file under templates/ and run `cargo xtask generate`.

#![cfg(feature = "storage")]

//! Uploads hold one chunk each: the heap an upload adds, measured by a
//! counting allocator (this test binary's own, hence its own file), stays
//! within one chunk plus the HTTP machinery's buffers, for one upload and for
//! eight side by side. Reading a file through a second buffer, or into a
//! fresh allocation per chunk while the last one is alive, would exceed it.
//! requires-services: storage

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use appwrite_client::{Client, InputFile, CHUNK_SIZE};
use support::{file_json, json_reply, FaultServer};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;
const CHUNK: usize = CHUNK_SIZE as usize;

/// Peak heap growth while `uploads` uploads of `size` bytes from one file
/// run side by side.
async fn peak_growth(client: &Client, path: &std::path::Path, uploads: usize) -> usize {
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let runs = (0..uploads).map(|_| async {
        client.storage().create_file("b1", "unique()", InputFile::from_path(path)).await.expect("uploaded")
    });
    futures_util::future::join_all(runs).await;
    PEAK.load(Ordering::Relaxed).saturating_sub(baseline)
}

#[tokio::test]
async fn each_upload_holds_one_chunk() {
    let server = FaultServer::start(|_, _| json_reply(201, &file_json("fid", 4, 1))).await;
    let client = Client::builder().endpoint(server.endpoint()).project("proj").key("api-key").build().expect("client");
    let dir = std::env::temp_dir().join(format!("appwrite-upload-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("data.bin");
    std::fs::write(&path, vec![7u8; 4 * CHUNK - 1000]).expect("write the file");

    let one = tokio::time::timeout(std::time::Duration::from_secs(60), peak_growth(&client, &path, 1))
        .await
        .expect("finished");
    let eight = tokio::time::timeout(std::time::Duration::from_secs(120), peak_growth(&client, &path, 8))
        .await
        .expect("finished");
    let _ = std::fs::remove_dir_all(&dir);

    // One chunk plus 1 MiB for connections, multipart framing and the test
    // server; before, a 2 MiB file buffer and a second chunk came on top.
    let slack = MIB;
    assert!(one <= CHUNK + slack, "one upload grew the heap by {:.1} MiB", one as f64 / MIB as f64);
    assert!(eight <= 8 * (CHUNK + slack), "eight uploads grew the heap by {:.1} MiB", eight as f64 / MIB as f64);
    println!(
        "peak heap growth: 1 upload {:.1} MiB, 8 uploads {:.1} MiB ({} MiB chunks)",
        one as f64 / MIB as f64,
        eight as f64 / MIB as f64,
        CHUNK / MIB
    );
}
