//! Tracing: what a call reports, and that no secret is ever in it.

mod support;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use hwbackup_client::{Credentials, Error, RetryPolicy};
use hwbackup_emulator::Emulator;
use support::*;

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _one_at_a_time = SERIAL.lock().await;
    let logs = capture_logs();
    let client = hwbackup_client::Client::builder()
        .credentials(Credentials::token("t"))
        .project_id(PROJECT)
        .endpoint(format!("http://127.0.0.1:{port}"))
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .backoff(Duration::from_millis(1), Duration::from_millis(2)),
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
    assert!(matches!(err, Error::Connect(_)), "{err}");
    let text = logs.text();
    assert_eq!(text.matches("retrying").count(), 2, "{text}");
}

/// Everything traced in this test binary, at every level.
static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
/// One test at a time reads the buffer.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Logs;

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&BUFFER.get().unwrap().lock().unwrap()).into_owned()
    }
}

/// A global subscriber (thread-local ones miss events whose callsites
/// other threads registered first), cleared for each test.
fn capture_logs() -> Logs {
    let buffer = BUFFER.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Writer(writer.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        buf
    });
    buffer.lock().unwrap().clear();
    Logs
}

struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_display_and_traces() {
    let secret = "sk-VERY-SECRET-0042";
    let token = "tok-VERY-SECRET-0043";
    let security = "sec-VERY-SECRET-0044";
    let emu = Emulator::builder()
        .key(hwbackup_emulator::Key::new("AKTEST", secret, PROJECT))
        .token(token, PROJECT)
        .start()
        .await
        .unwrap();
    let _one_at_a_time = SERIAL.lock().await;
    let logs = capture_logs();
    let aksk = builder(&emu)
        .credentials(Credentials::temporary("AKTEST", secret, security))
        .build()
        .unwrap();
    let by_token = builder(&emu)
        .credentials(Credentials::token(token))
        .build()
        .unwrap();
    let ok = by_token
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
    let wrong = builder(&emu)
        .credentials(Credentials::aksk("AKTEST", "x"))
        .build()
        .unwrap();
    let err = wrong
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    let _ = aksk
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await;
    let text = logs.text();
    assert!(
        text.contains("CreateManualBackup")
            && text.contains("request_id")
            && text.contains("status=201"),
        "{text}"
    );
    let shown = format!("{aksk:?} {by_token:?} {err} {err:?} {ok:?} {text}");
    for s in [secret, token, security] {
        assert!(!shown.contains(s), "{s} leaked");
    }
    assert!(format!("{aksk:?}").contains("REDACTED"));
}
