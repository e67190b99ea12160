//! Paging, waiting and retries by method, against the emulator with test
//! handlers that page and progress as a server would (or misbehave).

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hwbackup_client::{Error, RetryPolicy, WaitError, Waiter};
use hwbackup_emulator::{Call, Emulator, Reply};
use hwbackup_models::runtime::Value as Param;
use serde_json::{json, Value};
use support::*;

/// `n` vaults named `v0`, `v1`, ...
fn vaults(range: std::ops::Range<usize>) -> Vec<Value> {
    range
        .map(|i| json!({"id": format!("{i:08}-0000-0000-0000-000000000000"), "name": format!("v{i}")}))
        .collect()
}

fn int(call: &Call, name: &str) -> Option<usize> {
    match call.param(name) {
        Some(Param::Integer(n)) => usize::try_from(*n).ok(),
        _ => None,
    }
}

/// A ListVault server over `total` vaults that pages by offset and limit.
fn offset_server(total: usize, report_count: bool) -> impl Fn(Call) -> std::future::Ready<Reply> {
    move |call: Call| {
        let offset = int(&call, "offset").unwrap_or(0);
        let limit = int(&call, "limit").unwrap_or(1000);
        let end = (offset + limit).min(total);
        let mut body = json!({"vaults": vaults(offset.min(end)..end)});
        if report_count {
            body["count"] = json!(total);
        }
        std::future::ready(Reply::Json { status: 200, body })
    }
}

async fn names(
    items: hwbackup_client::Items<'_, impl Sized, hwbackup_client::models::cbr::ListVaultVault>,
) -> Vec<String> {
    items
        .collect()
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.name.unwrap())
        .collect()
}

#[tokio::test]
async fn offset_paging_reads_every_item_once_and_stops_at_a_short_page() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler("ListVault", offset_server(7, false));
    let client = aksk_client(&emu);
    let got = names(client.cbr().list_vault().limit(3).items()).await;
    assert_eq!(got, ["v0", "v1", "v2", "v3", "v4", "v5", "v6"]);
    // 3 + 3 + 1: the short page is the last; no fourth call.
    let calls = emu.calls();
    assert_eq!(calls.len(), 3);
    assert!(calls[1].path.ends_with("/vaults"), "{}", calls[1].path);
}

#[tokio::test]
async fn offset_paging_stops_at_an_empty_page_or_the_reported_total() {
    let emu = Emulator::start().await.unwrap();
    // No limit set: only an empty page ends the list.
    emu.set_handler("ListVault", offset_server(4, false));
    let client = aksk_client(&emu);
    assert_eq!(names(client.cbr().list_vault().items()).await.len(), 4);
    assert_eq!(emu.calls().len(), 2, "the full page, then the empty one");

    let emu = Emulator::start().await.unwrap();
    emu.set_handler("ListVault", offset_server(4, true));
    let client = aksk_client(&emu);
    let mut pages = client.cbr().list_vault().limit(2).pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().body.vaults.unwrap().len());
    }
    // Two full pages reach the total of 4: no third call for an empty page.
    assert_eq!(sizes, [2, 2]);
    assert_eq!(emu.calls().len(), 2);
}

#[tokio::test]
async fn marker_paging_follows_the_last_key_and_sends_the_caller_s_filters() {
    let emu = Emulator::start().await.unwrap();
    let all: Vec<Value> = (0..5)
        .map(|i| json!({"id": format!("b{i}"), "name": format!("backup-{i}")}))
        .collect();
    emu.set_handler("ListBackups", move |call: Call| {
        let after = match call.param("marker") {
            Some(Param::Text(m)) => all
                .iter()
                .position(|b| b["id"] == m.as_str())
                .map_or(0, |i| i + 1),
            _ => 0,
        };
        let limit = int(&call, "limit").unwrap_or(2);
        let page: Vec<Value> = all.iter().skip(after).take(limit).cloned().collect();
        std::future::ready(Reply::Json {
            status: 200,
            body: json!({"backups": page}),
        })
    });
    let client = aksk_client(&emu);
    let ids: Vec<String> = client
        .cbr()
        .list_backups()
        .vault_id("v-1")
        .limit(2)
        .items()
        .collect()
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.id.unwrap())
        .collect();
    assert_eq!(ids, ["b0", "b1", "b2", "b3", "b4"]);
    let queries: Vec<String> = emu.calls().iter().map(|c| c.query.clone()).collect();
    assert_eq!(queries.len(), 3, "{queries:?}");
    assert!(!queries[0].contains("marker"), "{}", queries[0]);
    assert!(
        queries[1].contains("marker=b1") && queries[1].contains("vault_id=v-1"),
        "{}",
        queries[1]
    );
    assert!(queries[2].contains("marker=b3"), "{}", queries[2]);
}

#[tokio::test]
async fn a_server_that_repeats_a_page_ends_the_list_with_an_error() {
    // Offset ignored: the same page forever.
    let emu = Emulator::start().await.unwrap();
    emu.set_handler("ListVault", |_: Call| {
        std::future::ready(Reply::Json {
            status: 200,
            body: json!({"vaults": vaults(0..2)}),
        })
    });
    let client = aksk_client(&emu);
    let err = client
        .cbr()
        .list_vault()
        .limit(2)
        .items()
        .collect()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::PageRepeated { after_items: 2, .. }),
        "{err}"
    );
    assert_eq!(emu.calls().len(), 2);
    // The same, page by page: the first page, then the error, then the end.
    let mut pages = client.cbr().list_vault().limit(2).pages();
    assert!(pages.next().await.expect("a first page").is_ok());
    let second = pages.next().await.expect("an answer for the second");
    assert!(
        matches!(second, Err(Error::PageRepeated { after_items: 2, .. })),
        "{second:?}"
    );
    assert!(pages.next().await.is_none());

    // Marker ignored: the same last key again.
    let emu = Emulator::start().await.unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    emu.set_handler("ListBackups", move |_: Call| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        // Different items each time, but always ending on the same key.
        let body = json!({"backups": [{"id": format!("x{n}")}, {"id": "same"}]});
        std::future::ready(Reply::Json { status: 200, body })
    });
    let client = aksk_client(&emu);
    let err = client
        .cbr()
        .list_backups()
        .items()
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PageRepeated { .. }), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// A ShowOpLog server whose log moves through `statuses`, one per call,
/// staying at the last.
fn progressing(statuses: &'static [&'static str]) -> impl Fn(Call) -> std::future::Ready<Reply> {
    let n = Arc::new(AtomicUsize::new(0));
    move |_: Call| {
        let i = n.fetch_add(1, Ordering::SeqCst).min(statuses.len() - 1);
        let body = json!({"operation_log": {"id": "op-1", "status": statuses[i]}});
        std::future::ready(Reply::Json { status: 200, body })
    }
}

fn quick() -> Waiter {
    Waiter::default()
        .interval(Duration::from_millis(5))
        .backoff(2.0, Duration::from_millis(20))
        .deadline(Duration::from_secs(5))
}

#[tokio::test]
async fn a_waiter_sees_running_then_success() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler(
        "ShowOpLog",
        progressing(&["waiting", "running", "running", "success"]),
    );
    let client = aksk_client(&emu);
    let done = client
        .cbr()
        .show_op_log()
        .operation_log_id("op-1")
        .wait(&quick())
        .await
        .unwrap();
    let status = done.body.operation_log.unwrap().status.unwrap();
    assert_eq!(status.as_str(), "success");
    assert_eq!(emu.calls().len(), 4);
}

#[tokio::test]
async fn a_waiter_reports_a_failed_job_with_its_record() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler("ShowJob", |_: Call| {
        let body = json!({"job": {"id": "j-1", "name": "CreateMysqlBackup", "status": "Failed"}});
        std::future::ready(Reply::Json { status: 200, body })
    });
    let client = aksk_client(&emu);
    let err = client
        .gaussdb_mysql()
        .show_job()
        .id("j-1")
        .wait(&quick())
        .await
        .unwrap_err();
    let WaitError::Failed { status, last } = &err else {
        panic!("{err}")
    };
    assert_eq!(status, "Failed");
    assert_eq!(last.body.job.as_ref().unwrap().id.as_deref(), Some("j-1"));
    assert!(err.to_string().contains("Failed"), "{err}");
}

#[tokio::test]
async fn a_waiter_gives_up_at_its_deadline_with_the_last_record() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler("ShowOpLog", progressing(&["running"]));
    let client = aksk_client(&emu);
    let waiter = quick().deadline(Duration::from_millis(60));
    let err = client
        .cbr()
        .show_op_log()
        .operation_log_id("op-1")
        .wait(&waiter)
        .await
        .unwrap_err();
    let WaitError::DeadlineExceeded {
        last: Some(last), ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(
        last.body
            .operation_log
            .as_ref()
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .as_str(),
        "running"
    );
    assert!(emu.calls().len() >= 2, "it looked more than once");
}

fn failing_first(times: usize, reply: Reply) -> impl Fn(Call) -> std::future::Ready<Reply> {
    let n = Arc::new(AtomicUsize::new(0));
    move |_: Call| {
        let i = n.fetch_add(1, Ordering::SeqCst);
        std::future::ready(if i < times {
            reply.clone()
        } else {
            Reply::Json {
                status: 200,
                body: json!({"vaults": [], "count": 0}),
            }
        })
    }
}

#[tokio::test]
async fn an_idempotent_get_is_retried_after_a_503_and_a_dropped_connection() {
    for reply in [Reply::error(503, "CBR.0503", "busy"), Reply::DropConnection] {
        let emu = Emulator::start().await.unwrap();
        emu.set_handler("ListVault", failing_first(1, reply.clone()));
        let client = aksk_client(&emu);
        let r = client.cbr().list_vault().send().await;
        assert!(r.is_ok(), "{reply:?}: {:?}", r.err());
        assert_eq!(emu.calls().len(), 2, "{reply:?}");

        // Unless the policy says not to.
        let emu = Emulator::start().await.unwrap();
        emu.set_handler("ListVault", failing_first(1, reply.clone()));
        let client = builder(&emu)
            .retry(RetryPolicy::default().retry_idempotent(false))
            .build()
            .unwrap();
        assert!(client.cbr().list_vault().send().await.is_err(), "{reply:?}");
        assert_eq!(emu.calls().len(), 1, "{reply:?}");
    }
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_failure_that_may_have_been_processed() {
    for reply in [Reply::error(503, "CBR.0503", "busy"), Reply::DropConnection] {
        let emu = Emulator::start().await.unwrap();
        emu.set_handler("CreateManualBackup", failing_first(1, reply.clone()));
        let client = aksk_client(&emu);
        let r = client
            .gaussdb_mysql()
            .create_manual_backup()
            .body(mysql_body())
            .send()
            .await;
        assert!(r.is_err(), "{reply:?}");
        assert_eq!(emu.calls().len(), 1, "{reply:?}");
    }
}
