//! Soak benchmark of the emulator: sustained signed load through the real
//! client, for a fixed count of calls, on 127.0.0.1.
//!
//! ```text
//! cargo bench -p hwbackup-client --bench emulator_soak
//! SOAK_CALLS=100000 SOAK_TASKS=64 cargo bench -p hwbackup-client --bench emulator_soak
//! ```
//!
//! It lives beside the client's benches because it drives the emulator
//! through the client. It reports throughput over the first and the last
//! tenth of the calls (the end should hold within 0.9 of the start), the
//! process's resident memory after warm-up and at the end, and p50/p99
//! latency. Then it times the emulator's default answer for a crafted
//! sync list at two sizes: linear work doubles, quadratic work quadruples.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hwbackup_client::models::cbr::{BackupSync, BackupSyncReq, BackupSyncResourceType};
use hwbackup_client::models::gaussdb_mysql::MysqlCreateBackupRequest;
use hwbackup_client::{Client, Credentials, RetryPolicy};
use hwbackup_emulator::{Emulator, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of this process in KiB (Linux), or 0 where unknown.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// CPU time this process has used (user + system), from `/proc/self/stat`
/// in clock ticks of 10 ms (Linux's USER_HZ); zero where unknown.
fn cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name, which ends with ')'.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn sync_body(items: usize) -> BackupSyncReq {
    let item = |i: usize| {
        BackupSync::builder()
            .backup_id(format!("1f9e6b47-7655-4a19-b563-{i:012}"))
            .backup_name("backup_name")
            .bucket_name("bucket")
            .created_at(1553587260)
            .image_path("a/b/c")
            .resource_id("96f7512d-239d-3f31-80cf-d1ce041df9a6")
            .resource_name("resource_name")
            .resource_type(BackupSyncResourceType::from("OS::Nova::Server"))
    };
    BackupSyncReq::builder()
        .sync((0..items).map(item).collect::<Vec<_>>())
        .build()
        .expect("a valid sync body")
}

async fn one_call(client: &Client, n: usize) -> bool {
    match n % 3 {
        0 => {
            let body = MysqlCreateBackupRequest::builder()
                .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
                .name(format!("backup-{n}"))
                .build()
                .expect("a valid body");
            client
                .gaussdb_mysql()
                .create_manual_backup()
                .body(body.clone())
                .send()
                .await
                .is_ok()
        }
        1 => client
            .cbr()
            .sync_backups()
            .body(sync_body(3))
            .send()
            .await
            .is_ok(),
        _ => {
            let body = sync_body(1);
            client
                .cbr()
                .sync_backups()
                .body(body.clone())
                .send()
                .await
                .is_ok()
        }
    }
}

fn main() {
    let calls = env_number("SOAK_CALLS", 40_000);
    let tasks = env_number("SOAK_TASKS", 64);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        // Stateless: a soak measures the server, and records would grow.
        let emu = Emulator::builder()
            .stateless(true)
            .start()
            .await
            .expect("an emulator on 127.0.0.1");
        let client = Client::builder()
            .credentials(Credentials::aksk(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY))
            .project_id(DEFAULT_PROJECT_ID)
            .endpoint(emu.url())
            .retry(RetryPolicy::none())
            .build()
            .expect("a client");
        // Warm-up: connections open, caches filled.
        for n in 0..(tasks * 4) {
            assert!(one_call(&client, n).await, "warm-up call {n} failed");
        }
        // Each call's finish time since the start and latency, in ns: written
        // in place, allocated and touched now, so that the memory figures
        // are the emulator's and the client's, not this bookkeeping's.
        let finished: Arc<Vec<AtomicU64>> = Arc::new((0..calls).map(|_| AtomicU64::new(u64::MAX)).collect());
        let latency: Arc<Vec<AtomicU64>> = Arc::new((0..calls).map(|_| AtomicU64::new(u64::MAX)).collect());
        let rss_start = rss_kib();
        let next = Arc::new(AtomicUsize::new(0));
        let failures = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        // CPU time at each tenth of the calls, sampled by a thread of its own:
        // unlike wall-clock throughput, CPU per call does not drift with
        // what else the machine runs.
        let tenth = (calls / 10).max(1);
        let sampler = {
            let next = next.clone();
            std::thread::spawn(move || {
                let mut marks = vec![cpu_time()];
                while marks.len() <= 10 {
                    if next.load(Ordering::Relaxed) >= marks.len() * tenth {
                        marks.push(cpu_time());
                    } else {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                }
                marks
            })
        };
        let mut handles = Vec::new();
        for _ in 0..tasks {
            let (client, next, failures) = (client.clone(), next.clone(), failures.clone());
            let (finished, latency) = (finished.clone(), latency.clone());
            handles.push(tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= calls {
                        return;
                    }
                    let t = Instant::now();
                    if !one_call(&client, n).await {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                    latency[n].store(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    finished[n].store(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
                }
            }));
        }
        for h in handles {
            h.await.expect("a load task");
        }
        let cpu_marks = sampler.join().expect("the sampler");
        let cpu_per_call: Vec<f64> = cpu_marks
            .windows(2)
            .map(|w| (w[1] - w[0]).as_secs_f64() * 1e6 / tenth as f64)
            .collect();
        let total = started.elapsed();
        let rss_end = rss_kib();
        let nanos = |v: &AtomicU64| Duration::from_nanos(v.load(Ordering::Relaxed));
        let mut done: Vec<(Duration, Duration)> = finished
            .iter()
            .zip(latency.iter())
            .map(|(f, l)| (nanos(f), nanos(l)))
            .collect();
        done.sort_by_key(|(at, _)| *at);
        let rate = |window: &[(Duration, Duration)], before: Duration| {
            let span = window.last().map_or(Duration::ZERO, |w| w.0) - before;
            window.len() as f64 / span.as_secs_f64().max(1e-9)
        };
        let tenths: Vec<f64> = (0..10)
            .map(|i| {
                let before = if i == 0 { Duration::ZERO } else { done[i * tenth - 1].0 };
                rate(&done[i * tenth..((i + 1) * tenth).min(calls)], before)
            })
            .collect();
        let (start_rate, end_rate) = (tenths[0], tenths[9]);
        let mut latencies: Vec<Duration> = done.iter().map(|(_, l)| *l).collect();
        latencies.sort();
        let pick = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
        let recorded = emu.calls().len();

        println!("| | value |");
        println!("|---|---:|");
        println!("| calls, concurrent tasks | {calls}, {tasks} |");
        println!("| failed calls | {} |", failures.load(Ordering::Relaxed));
        println!("| overall throughput | {:.0} calls/s |", calls as f64 / total.as_secs_f64());
        println!("| throughput, first tenth | {start_rate:.0} calls/s |");
        println!("| throughput, last tenth | {end_rate:.0} calls/s |");
        println!("| last / first | {:.2} |", end_rate / start_rate);
        let each: Vec<String> = tenths.iter().map(|r| format!("{r:.0}")).collect();
        println!("| throughput, each tenth | {} |", each.join(", "));
        let each: Vec<String> = cpu_per_call.iter().map(|c| format!("{c:.0}")).collect();
        println!("| CPU µs per call, each tenth | {} |", each.join(", "));
        println!(
            "| CPU per call, first / last tenth | {:.0} µs / {:.0} µs ({:.2}) |",
            cpu_per_call[0],
            cpu_per_call[9],
            cpu_per_call[0] / cpu_per_call[9]
        );
        println!("| latency p50 / p99 | {:.2} ms / {:.2} ms |", ms(pick(0.5)), ms(pick(0.99)));
        println!("| resident memory after warm-up / at the end | {:.1} MiB / {:.1} MiB |", mib(rss_start), mib(rss_end));
        println!("| calls kept by the emulator's record | {recorded} |");

        // The default answer for a crafted list, at two sizes: N items and
        // N unknown scalar fields beside them (what the client would never
        // send, so raw and signed by hand), served in-process.
        let (small, large) = (1000, 2000);
        let (t_small, t_large) = (crafted_sync(&emu, small).await, crafted_sync(&emu, large).await);
        println!();
        println!(
            "crafted sync list: {small} items and {small} other fields {:.1} ms, {large} and {large} {:.1} ms (best of 5 each); ratio {:.2} (linear: 2, quadratic: 4)",
            ms(t_small),
            ms(t_large),
            t_large.as_secs_f64() / t_small.as_secs_f64()
        );
    });
}

/// The best of five in-process answers to a signed sync request of `n`
/// items with `n` unknown scalar fields beside the list.
async fn crafted_sync(emu: &Emulator, n: usize) -> Duration {
    use hwbackup_signer::{authorization, format_date, SignableRequest};
    let mut body = serde_json::to_value(sync_body(n)).expect("a body");
    let obj = body.as_object_mut().expect("an object");
    for i in 0..n {
        obj.insert(format!("field_{i}"), serde_json::Value::from(i));
    }
    let body = serde_json::to_vec(&body).expect("JSON");
    let path = format!("/v3/{DEFAULT_PROJECT_ID}/backups/sync");
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let headers = vec![
            ("Host".to_owned(), emu.addr().to_string()),
            (
                "X-Sdk-Date".to_owned(),
                format_date(std::time::SystemTime::now()),
            ),
        ];
        let signable = SignableRequest {
            method: "POST",
            path: &path,
            query: &[],
            headers: &headers,
            body: &body,
        };
        let secret = secrecy::SecretString::from(DEFAULT_SECRET_KEY);
        let auth = authorization(DEFAULT_ACCESS_KEY, &secret, &signable).expect("signed");
        let mut request = axum::http::Request::builder().method("POST").uri(&path);
        for (k, v) in &headers {
            request = request.header(k, v);
        }
        let request = request
            .header("Authorization", auth)
            .body(axum::body::Body::from(body.clone()))
            .expect("a request");
        let t = Instant::now();
        let response = emu.handle(request).await;
        best = best.min(t.elapsed());
        assert_eq!(response.status(), 200, "the crafted request is valid");
    }
    best
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
