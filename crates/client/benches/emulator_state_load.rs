//! The emulator's state under load: many signed calls at once, creating
//! vaults and listing them, then a check that the counts agree.
//!
//! ```text
//! cargo bench -p hwbackup-client --bench emulator_state_load
//! STATE_CALLS=4000 cargo bench -p hwbackup-client --bench emulator_state_load
//! ```
//!
//! All calls start together (1,000 by default: a creating call and a
//! listing call in turn), each over its own connection through the real
//! client (AK/SK signed, validated on both sides). It reports throughput
//! and p50/p99 latency, and fails if any call failed, if a list saw more
//! vaults than were created by then, or if the emulator holds a different
//! number of vaults than were created.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hwbackup_client::models::cbr::CreateVaultRequest;
use hwbackup_client::{Client, Credentials, RetryPolicy};
use hwbackup_emulator::{Emulator, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY};

const VAULT: &str = r#"{"vault": {"billing": {"consistent_level": "crash_consistent", "object_type": "server", "protect_type": "backup", "size": 100}, "name": "load", "resources": []}}"#;

fn main() {
    let calls: usize = std::env::var("STATE_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(calls));
}

async fn run(calls: usize) {
    let emu = Emulator::builder()
        .record_calls(0)
        .max_connections(calls + 16)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .credentials(Credentials::aksk(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY))
        .project_id(DEFAULT_PROJECT_ID)
        .endpoint_per_service(emu.url())
        .timeout(Duration::from_secs(60))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let body: CreateVaultRequest = serde_json::from_str(VAULT).unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(calls));
    let began = Instant::now();
    let mut tasks = Vec::with_capacity(calls);
    for i in 0..calls {
        let (client, body, start) = (client.clone(), body.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let t = Instant::now();
            let seen = if i % 2 == 0 {
                client
                    .cbr()
                    .create_vault()
                    .body(body)
                    .send()
                    .await
                    .map(|_| None)
            } else {
                client.cbr().list_vault().send().await.map(|r| r.body.count)
            };
            (t.elapsed(), seen)
        }));
    }
    let mut latencies = Vec::with_capacity(calls);
    let (mut failed, mut most_listed) = (0, 0);
    for task in tasks {
        let (took, outcome) = task.await.unwrap();
        latencies.push(took);
        match outcome {
            Ok(Some(count)) => most_listed = most_listed.max(count),
            Ok(None) => {}
            Err(e) => {
                failed += 1;
                eprintln!("failed: {e}");
            }
        }
    }
    let wall = began.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let created = calls.div_ceil(2);
    let held: usize = emu.resources().iter().map(|(_, r)| r.len()).sum();
    let listed_now = client
        .cbr()
        .list_vault()
        .send()
        .await
        .unwrap()
        .body
        .count
        .unwrap_or(0);
    println!(
        "{calls} concurrent signed calls ({created} creates, {} lists) in {:.2} s: {:.0} calls/s; \
         latency p50 {:.1} ms, p99 {:.1} ms; failed {failed}; vaults held {held}, listed afterwards {listed_now}, \
         most seen by a concurrent list {most_listed}",
        calls - created,
        wall.as_secs_f64(),
        calls as f64 / wall.as_secs_f64(),
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
    );
    assert_eq!(failed, 0, "every call succeeds");
    assert_eq!(held, created, "the emulator holds what was created");
    assert_eq!(listed_now as usize, created, "a list afterwards agrees");
    assert!(
        most_listed as usize <= created,
        "no list saw more than was created"
    );
}
