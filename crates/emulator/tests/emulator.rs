//! The emulator's own behaviour, over raw HTTP.

mod support;

use hwbackup_emulator::{Call, Emulator, Reply};
use hwbackup_models::cbr::operations::SYNC_BACKUPS;
use hwbackup_models::gaussdb_mysql::operations::CREATE_MANUAL_BACKUP;
use support::send_raw;

const MYSQL: &str = r#"{"instance_id":"07033b125fd94a8a96896f8bcfee6ddain07","name":"backup-1"}"#;

#[tokio::test]
async fn missing_or_malformed_bodies_are_refused_naming_the_field() {
    let emu = Emulator::start().await.unwrap();
    let (status, answer) = send_raw(&emu, &CREATE_MANUAL_BACKUP, r#"{"name":"backup-1"}"#).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error_code"], "DBS.200001");
    assert!(
        answer["error_msg"]
            .as_str()
            .unwrap()
            .contains("instance_id"),
        "{answer}"
    );
    let (status, answer) = send_raw(&emu, &SYNC_BACKUPS, "not json").await;
    assert_eq!(status, 400, "{answer}");
    let (status, _) = send_raw(&emu, &CREATE_MANUAL_BACKUP, "").await;
    assert_eq!(status, 400);
    assert!(emu.calls().is_empty());
}

#[tokio::test]
async fn accepted_calls_are_recorded_and_answered_as_documented() {
    let emu = Emulator::start().await.unwrap();
    let (status, answer) = send_raw(&emu, &CREATE_MANUAL_BACKUP, MYSQL).await;
    assert_eq!(status, 201);
    assert_eq!(
        answer["backup"]["instance_id"],
        "07033b125fd94a8a96896f8bcfee6ddain07"
    );
    assert_eq!(answer["backup"]["name"], "backup-1");
    assert!(
        answer["backup"].get("description").is_none(),
        "not asked, not answered"
    );
    assert_eq!(answer["job_id"].as_str().map(str::len), Some(36));
    let calls = emu.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0].service, calls[0].operation),
        ("gaussdb_mysql", "CreateManualBackup")
    );
}

#[tokio::test]
async fn handlers_replace_the_default_answer() {
    let emu = Emulator::builder()
        .handler("CreateManualBackup", |call: Call| async move {
            Reply::error(
                409,
                "DBS.280011",
                format!("busy after {} calls", call.previous_calls),
            )
        })
        .start()
        .await
        .unwrap();
    let (status, answer) = send_raw(&emu, &CREATE_MANUAL_BACKUP, MYSQL).await;
    assert_eq!(
        (status, answer["error_msg"].as_str()),
        (409, Some("busy after 0 calls"))
    );
    emu.clear_handler("CreateManualBackup");
    assert_eq!(send_raw(&emu, &CREATE_MANUAL_BACKUP, MYSQL).await.0, 201);
}

#[tokio::test]
async fn unknown_tokens_and_routes_get_the_cloud_error_shape() {
    let emu = Emulator::builder()
        .token("another-token", "p")
        .start()
        .await
        .unwrap();
    // The default token is not accepted once tokens are configured.
    let (status, answer) = send_raw(&emu, &CREATE_MANUAL_BACKUP, MYSQL).await;
    assert_eq!(
        (status, answer["error_code"].as_str()),
        (401, Some("APIGW.0301"))
    );
    let mut stream = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /v9/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).await.unwrap();
    assert!(
        text.starts_with("HTTP/1.1 404") && text.contains("APIGW.0101"),
        "{text}"
    );
}
