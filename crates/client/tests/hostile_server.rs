//! A server the client talks to can send anything: huge numbers, huge
//! bodies, control characters. None of it may panic the client, grow its
//! memory without bound, or write extra lines into a caller's log; and
//! nothing a caller passes may change the path that is signed and sent.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hwbackup_client::models::runtime::RuleKind;
use hwbackup_client::{Error, RetryPolicy};
use hwbackup_emulator::{Call, Emulator, Reply};
use serde_json::json;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const OP: &str = "CreateManualBackup";

fn raw(status: u16, body: String, headers: Vec<(String, String)>) -> Reply {
    Reply::Raw {
        status,
        content_type: "application/json".into(),
        body,
        headers,
    }
}

#[tokio::test]
async fn a_huge_retry_after_does_not_overflow() {
    let emu = Emulator::start().await.unwrap();
    // Answered after a second, so that elapsed time has whole seconds to
    // carry into a Duration of u64::MAX seconds.
    emu.set_handler(OP, |_: Call| async {
        let header = ("Retry-After".into(), u64::MAX.to_string());
        raw(429, "{}".into(), vec![header]).after(Duration::from_millis(1100))
    });
    let err = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429), "{err}");
    assert_eq!(emu.calls().len(), 1, "a wait past max_elapsed is not taken");
}

#[tokio::test]
async fn dot_segments_cannot_change_the_path() {
    let emu = Emulator::start().await.unwrap();
    for value in ["..", ".", ""] {
        let err = aksk_client(&emu)
            .cbr()
            .replicate_backup()
            .backup_id(value)
            .body(replicate_body())
            .send()
            .await
            .unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("{value:?}: {err}")
        };
        let rule = if value.is_empty() {
            RuleKind::MinLength
        } else {
            RuleKind::PathSegment
        };
        assert!(v.find("backup_id", rule).is_some(), "{value:?}: {err}");
    }
    // The project id goes into the path too.
    let err = builder(&emu)
        .project_id("..")
        .build()
        .unwrap()
        .cbr()
        .replicate_backup()
        .backup_id("b")
        .body(replicate_body())
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err}")
    };
    assert!(
        v.find("project_id", RuleKind::PathSegment).is_some(),
        "{err}"
    );
    assert!(emu.calls().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_success_larger_than_the_limit_is_refused() {
    let emu = Emulator::start().await.unwrap();
    let big = format!("{{\"job_id\": \"{}\"}}", "x".repeat(2 << 20));
    emu.set_handler(OP, move |_: Call| {
        let big = big.clone();
        async move { raw(201, big, vec![]) }
    });
    let client = builder(&emu).max_response_bytes(1 << 20).build().unwrap();
    let err = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { status: 201, limit, .. } if limit == 1 << 20),
        "{err}"
    );
    assert!(err.to_string().contains("1048576 bytes"), "{err}");
    // The default limit reads it.
    let r = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.body.job_id.map(|j| j.len()), Some(2 << 20));
}

/// A server that answers every request with an endless chunked body and
/// counts what it managed to write.
async fn endless_server(status: u16) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let count = written.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let count = count.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let start = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                     transfer-encoding: chunked\r\n\r\n"
                );
                if socket.write_all(start.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("10000\r\n{}\r\n", "7".repeat(0x10000));
                // At most 1 GiB, so the test ends even if the client kept reading.
                for _ in 0..(1 << 14) {
                    if socket.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                    count.fetch_add(0x10000, Ordering::Relaxed);
                }
            });
        }
    });
    (url, written)
}

#[tokio::test]
async fn an_endless_body_is_read_only_to_the_limit() {
    for (status, limit) in [(201u16, 1usize << 20), (500, 64 << 10)] {
        let (url, written) = endless_server(status).await;
        let client = hwbackup_client::Client::builder()
            .credentials(hwbackup_client::Credentials::token("t"))
            .project_id(PROJECT)
            .endpoint(url)
            .max_response_bytes(1 << 20)
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let err = client
            .gaussdb_mysql()
            .create_manual_backup()
            .body(mysql_body())
            .send()
            .await
            .unwrap_err();
        match (&err, status) {
            (Error::ResponseTooLarge { limit: l, .. }, 201) => assert_eq!(*l, limit),
            (Error::Service(e), 500) => {
                assert_eq!(e.body.len(), limit, "an error keeps only its start");
            }
            _ => panic!("{status}: {err}"),
        }
        // The client stopped reading; the server could not write 1 GiB.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let sent = written.load(Ordering::Relaxed);
        assert!(sent < 256 << 20, "{status}: the server wrote {sent} bytes");
    }
}

#[tokio::test]
async fn server_text_is_bounded_and_printed_on_one_line() {
    let emu = Emulator::start().await.unwrap();
    // Within the 64 KiB an error body may have, so that it still parses.
    let hostile = "line one\r\nX-Injected: yes\n\x1b[2J".to_owned() + &"m".repeat(32 << 10);
    let body = json!({"error_code": "DBS.1\n2", "error_msg": hostile}).to_string();
    emu.set_handler(OP, move |_: Call| {
        let body = body.clone();
        async move { raw(400, body, vec![]) }
    });
    let err = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    let line = err.to_string();
    assert!(!line.contains(['\r', '\n', '\x1b']), "{line:?}");
    assert!(line.contains("line one\\r\\nX-Injected"), "{line}");
    assert!(line.len() < 2048, "{} bytes", line.len());
    let e = err.service_error().unwrap();
    assert!(e.message.as_ref().unwrap().len() <= 1024 + 3);
    assert!(e.body.len() <= hwbackup_client::ERROR_BODY_LIMIT);

    // A string where an object belongs: serde quotes it whole in its reason.
    let big = json!({"backup": "y".repeat(1 << 20)}).to_string();
    emu.set_handler(OP, move |_: Call| {
        let big = big.clone();
        async move { raw(201, big, vec![]) }
    });
    let err = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    let Error::Decode {
        reason, snippet, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert!(reason.len() <= 256 + 3, "{} bytes", reason.len());
    assert!(snippet.len() <= 256);
    assert!(err.to_string().len() < 1024);
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_not_a_transport_error() {
    let emu = Emulator::start().await.unwrap();
    // Too long for an HTTP URI (hyper's limit is 64 KiB): never sent.
    let long = "b".repeat(1 << 20);
    let client = builder(&emu)
        .retry(RetryPolicy::default().retry_unsafe(true))
        .build()
        .unwrap();
    let err = client
        .cbr()
        .replicate_backup()
        .backup_id(&long)
        .body(replicate_body())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert!(emu.calls().is_empty());

    // NUL and DEL are named for what they are.
    for (value, found) in [("en\0us", "U+0000 (NUL)"), ("en\x7fus", "U+007F (DEL)")] {
        let err = builder(&emu).language(value).build().unwrap_err();
        assert!(
            matches!(&err, Error::InvalidHeader { found: f, .. } if f == found),
            "{err}"
        );
        assert!(err.to_string().contains(found), "{err}");
    }
}
