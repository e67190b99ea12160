//! Every failure yields its typed error; retries follow the policy; secrets
//! stay out of Debug, Display and tracing output.

mod support;

use std::time::Duration;

use hwbackup_client::{Error, RetryPolicy};
use hwbackup_emulator::{Call, Emulator, Reply};
use serde_json::{json, Value};
use support::*;

const OP: &str = "CreateManualBackup";

async fn answer(
    reply: Reply,
) -> Result<
    hwbackup_client::Response<hwbackup_client::models::gaussdb_mysql::CreateManualBackupResponse>,
    Error,
> {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler(OP, move |_: Call| {
        let reply = reply.clone();
        async move { reply }
    });
    aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
}

fn raw(status: u16, content_type: &str, body: &str) -> Reply {
    Reply::Raw {
        status,
        content_type: content_type.into(),
        body: body.into(),
        headers: vec![],
    }
}

#[tokio::test]
async fn every_error_body_shape_is_read() {
    let shapes: [(Value, &str, &str); 5] = [
        (
            json!({"error_code": "DBS.200001", "error_msg": "Invalid parameter."}),
            "DBS.200001",
            "Invalid parameter.",
        ),
        (
            json!({"errorCode": "CBR.1001", "errorMsg": "camel"}),
            "CBR.1001",
            "camel",
        ),
        (
            json!({"code": "APIGW.0308", "message": "throttled"}),
            "APIGW.0308",
            "throttled",
        ),
        (
            json!({"error": {"code": "BackupService.6202", "message": "nested"}}),
            "BackupService.6202",
            "nested",
        ),
        (
            json!({"badRequest": {"code": 400, "message": "numeric code"}}),
            "400",
            "numeric code",
        ),
    ];
    for (body, code, message) in shapes {
        let err = answer(Reply::Json {
            status: 400,
            body: body.clone(),
        })
        .await
        .unwrap_err();
        let e = err.service_error().unwrap_or_else(|| panic!("{err}"));
        assert_eq!(
            (e.status, e.code.as_deref(), e.message.as_deref()),
            (400, Some(code), Some(message)),
            "{body}"
        );
        assert_eq!(e.request_id.as_ref().map(String::len), Some(32));
        let line = err.to_string();
        assert!(
            line.contains(code)
                && line.contains(message)
                && line.contains("400")
                && line.contains("request id"),
            "{line}"
        );
        assert!(!line.contains('\n'));
    }
}

#[tokio::test]
async fn a_gateway_html_page_keeps_status_and_text() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let err = answer(raw(502, "text/html", html)).await.unwrap_err();
    let e = err.service_error().unwrap();
    assert_eq!(
        (e.status, e.code.as_deref(), e.body.as_str()),
        (502, None, html)
    );
    assert!(err.to_string().contains("502"), "{err}");
}

#[tokio::test]
async fn an_empty_success_is_a_decode_error() {
    let err = answer(raw(200, "application/json", "")).await.unwrap_err();
    assert!(
        matches!(err, Error::Decode { status: 200, ref snippet, .. } if snippet.is_empty()),
        "{err}"
    );
    let err = answer(raw(201, "application/json", &"x".repeat(5000)))
        .await
        .unwrap_err();
    let Error::Decode { snippet, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(snippet.len(), 256);
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_kept_or_ignored() {
    let body = json!({"backup": {"id": "b", "type": "incremental", "brand_new": {"x": 1}}, "job_id": "j", "extra": [1, 2]});
    let r = answer(Reply::Json { status: 201, body }).await.unwrap();
    let backup = r.body.backup.unwrap();
    assert_eq!(
        backup.r#type.as_ref().map(|t| t.as_str()),
        Some("incremental")
    );
    assert_eq!(r.body.job_id.as_deref(), Some("j"));
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler(OP, |_: Call| async {
        Reply::Default.after(Duration::from_secs(5))
    });
    let client = builder(&emu)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { after } if after == Duration::from_millis(200)),
        "{err}"
    );
    // A timeout may have been processed: not retried by default.
    assert_eq!(emu.calls().len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_only_retried_on_request() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler(OP, |_: Call| async { Reply::DropConnection });
    let err = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err}");
    assert_eq!(emu.calls().len(), 1);

    let client = builder(&emu)
        .retry(
            RetryPolicy::default()
                .retry_unsafe(true)
                .max_attempts(3)
                .backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(emu.calls().len(), 1 + 3);
}

#[tokio::test]
async fn server_errors_are_not_retried_unless_asked() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler(OP, |_: Call| async {
        Reply::error(500, "DBS.200000", "Internal server error.")
    });
    let err = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(emu.calls().len(), 1);
}

#[tokio::test]
async fn throttling_with_retry_after_is_retried_and_re_signed() {
    let emu = Emulator::start().await.unwrap();
    // Refuses twice, then answers: the emulator verifies each attempt's signature.
    emu.set_handler(OP, |call: Call| async move {
        if call.previous_calls < 2 {
            Reply::Raw {
                status: 503,
                content_type: "application/json".into(),
                body: r#"{"error_code":"APIGW.0308","error_msg":"busy"}"#.into(),
                headers: vec![("Retry-After".into(), "1".into())],
            }
        } else {
            Reply::Default
        }
    });
    let started = std::time::Instant::now();
    let r = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(emu.calls().len(), 3);
    // Retry-After: 1 was honoured before each retry, and each attempt was
    // signed anew: three dates, each signature verified by the emulator
    // (which records signatures redacted, so they cannot be compared here).
    assert!(started.elapsed() >= Duration::from_secs(2));
    let header = |call: &hwbackup_emulator::RecordedCall, name: &str| {
        call.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let calls = emu.calls();
    let mut dates: Vec<String> = calls.iter().map(|c| header(c, "x-sdk-date")).collect();
    dates.dedup();
    assert_eq!(dates.len(), 3, "{dates:?}");

    // Without Retry-After a 429 is final.
    emu.set_handler(OP, |_: Call| async {
        Reply::error(429, "APIGW.0308", "throttled")
    });
    let err = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(emu.calls().len(), 4);
}

#[tokio::test]
async fn retries_are_bounded_by_total_time() {
    let emu = Emulator::start().await.unwrap();
    emu.set_handler(OP, |_: Call| async {
        Reply::Raw {
            status: 503,
            content_type: "text/plain".into(),
            body: "busy".into(),
            headers: vec![("Retry-After".into(), "30".into())],
        }
    });
    let client = builder(&emu)
        .retry(
            RetryPolicy::default()
                .max_attempts(5)
                .max_elapsed(Duration::from_secs(2)),
        )
        .build()
        .unwrap();
    let err = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(emu.calls().len(), 1, "a 30 s wait does not fit in 2 s");
}
