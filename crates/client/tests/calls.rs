//! Normal traffic: every operation against the emulator, with AK/SK and
//! token auth, and the rules that stop a request before it leaves. The
//! wire, not records: each emulator here is stateless, so made-up ids are
//! found (`workflow.rs` tests what state keeps).

mod support;

use hwbackup_client::models::cbr::{BackupSyncReq, CheckpointReplicateReq};
use hwbackup_client::models::gaussdb_mysql::BackupType;
use hwbackup_client::{Client, Credentials, Error};
use hwbackup_emulator::Emulator;
use serde_json::json;
use support::*;

const RESTORE_POINT: &str = r#"{"replicate": {"auto_trigger": false, "destination_project_id": "68589cac08274b82b4e254268a3862d8", "destination_region": "region2", "destination_vault_id": "0ca3eb86-8800-46da-9c37-9d657a825274", "vault_id": "3b5816b5-f29c-4172-9d9a-76c719a659ce"}}"#;
const SYNC: &str = r#"{"sync": [{"backup_id": "1f9e6b47-7655-4a19-b563-21b4ef023025", "resource_id": "96f7512d-239d-3f31-80cf-d1ce041df9a6", "resource_name": "resource_name", "resource_type": "OS::Nova::Server", "bucket_name": "1555230361623e4ce4700dab84b7d8169a5eaec05227d", "image_path": "6abec15e-7baf-4d79-b5a9-6b98a2da7020/cfe0295c-5939-4b31-96cd-161b4725e7ad/cfe0295c-5939-4b31-96cd-161b4725e7ad", "created_at": 1553587260, "backup_name": "backup_name"}]}"#;

async fn call_all(client: &Client) {
    let backup = "6df2b54c-dd62-4059-a07c-1b8f24f2725d";
    let r = client
        .cbr()
        .replicate_backup()
        .backup_id(backup)
        .body(replicate_body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert!(r.request_id.as_deref().is_some_and(|id| id.len() == 32));
    let rep = r.body.replication.unwrap();
    assert_eq!(rep.backup_id.as_deref(), Some(backup));
    assert_eq!(rep.project_id.as_deref(), Some(PROJECT));
    assert_eq!(rep.destination_region.as_deref(), Some("region2"));

    let body: CheckpointReplicateReq = serde_json::from_str(RESTORE_POINT).unwrap();
    let r = client
        .cbr()
        .replicate_restore_point()
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let rep = r.body.replication.unwrap();
    assert_eq!(
        rep.vault_id.as_deref(),
        Some("3b5816b5-f29c-4172-9d9a-76c719a659ce")
    );
    assert!(!rep.backups.unwrap_or_default().is_empty());

    let body: BackupSyncReq = serde_json::from_str(SYNC).unwrap();
    let r = client
        .cbr()
        .sync_backups()
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let items = r.body.sync.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].backup_id.as_deref(),
        Some("1f9e6b47-7655-4a19-b563-21b4ef023025")
    );

    let r = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status, 201);
    let backup = r.body.backup.unwrap();
    assert_eq!(backup.name.as_deref(), Some("backup-1"));
    assert_eq!(backup.r#type, Some(BackupType::Manual));
    assert!(r.body.job_id.is_some());
}

#[tokio::test]
async fn all_four_operations_with_aksk_signing() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    call_all(&aksk_client(&emu)).await;
    let calls = emu.calls();
    let ops: Vec<_> = calls.iter().map(|c| c.operation).collect();
    assert_eq!(
        ops,
        [
            "ReplicateBackup",
            "ReplicateRestorePoint",
            "SyncBackups",
            "CreateManualBackup"
        ]
    );
    // The exact body sent: optional fields that were not set are absent.
    assert_eq!(
        calls[0].body,
        json!({"replicate": {"destination_project_id": "68589cac08274b82b4e254268a3862d8", "destination_region": "region2", "destination_vault_id": "0ca3eb86-8800-46da-9c37-9d657a825274", "name": "backup_name"}})
    );
    assert_eq!(
        calls[0].path_params[1],
        (
            "backup_id".into(),
            "6df2b54c-dd62-4059-a07c-1b8f24f2725d".into()
        )
    );
    assert_eq!(calls[3].body, serde_json::to_value(mysql_body()).unwrap());

    // The exact method, path and headers of each.
    let paths = [
        format!("/cbr/v3/{PROJECT}/backups/6df2b54c-dd62-4059-a07c-1b8f24f2725d/replicate"),
        format!("/cbr/v3/{PROJECT}/checkpoints/replicate"),
        format!("/cbr/v3/{PROJECT}/backups/sync"),
        format!("/gaussdb_mysql/v3/{PROJECT}/backups/create"),
    ];
    for (call, path) in calls.iter().zip(&paths) {
        assert_eq!((call.method.as_str(), &call.path), ("POST", path));
        let header = |name: &str| {
            call.headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("{name} missing"))
        };
        assert_eq!(header("host"), emu.addr().to_string());
        assert_eq!(header("content-type"), "application/json;charset=UTF-8");
        assert_eq!(header("x-project-id"), PROJECT);
        assert_eq!(header("x-sdk-date").len(), 16);
        assert!(header("user-agent").starts_with("hwbackup-rust/"));
        let auth = header("authorization");
        assert!(
            auth.starts_with(&format!(
                "SDK-HMAC-SHA256 Access={}, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=",
                hwbackup_emulator::DEFAULT_ACCESS_KEY
            )),
            "{auth}"
        );
        assert!(!call.headers.iter().any(|(k, _)| k == "x-auth-token"));
    }
}

#[tokio::test]
async fn all_four_operations_with_a_token() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    call_all(&token_client(&emu)).await;
    let calls = emu.calls();
    assert_eq!(calls.len(), 4);
    for call in &calls {
        let auth: Vec<_> = call
            .headers
            .iter()
            .filter(|(k, _)| k == "x-auth-token" || k == "authorization")
            .collect();
        assert_eq!(
            auth,
            [&("x-auth-token".to_owned(), "[REDACTED]".to_owned())]
        );
    }
}

#[tokio::test]
async fn temporary_keys_send_their_security_token() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let client = builder(&emu)
        .credentials(Credentials::temporary(
            hwbackup_emulator::DEFAULT_ACCESS_KEY,
            hwbackup_emulator::DEFAULT_SECRET_KEY,
            "temporary-security-token",
        ))
        .build()
        .unwrap();
    client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_wrong_secret_key_is_refused_with_401() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let client = builder(&emu)
        .credentials(Credentials::aksk(
            hwbackup_emulator::DEFAULT_ACCESS_KEY,
            "wrong-secret",
        ))
        .build()
        .unwrap();
    let err = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.status, 401);
    assert_eq!(service.code.as_deref(), Some("APIGW.0301"));
    assert!(emu.calls().is_empty());
    assert!(!err.to_string().contains("wrong-secret"));
}

#[tokio::test]
async fn another_project_in_the_path_is_refused() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let client = builder(&emu)
        .credentials(Credentials::token(hwbackup_emulator::DEFAULT_TOKEN))
        .project_id("ffffffffffffffffffffffffffffffff")
        .build()
        .unwrap();
    let err = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
}

#[tokio::test]
async fn path_parameters_cannot_change_the_path_or_query() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let client = aksk_client(&emu);
    let sneaky = "../x?y#z é";
    client
        .cbr()
        .replicate_backup()
        .backup_id(sneaky)
        .body(replicate_body())
        .send()
        .await
        .unwrap();
    let calls = emu.calls();
    assert_eq!(calls[0].operation, "ReplicateBackup");
    assert_eq!(calls[0].path_params[1].1, sneaky);
}

#[tokio::test]
async fn broken_rules_never_leave_the_machine() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    // Deserialized, so no builder checked it: the client checks before sending.
    let body: hwbackup_client::models::gaussdb_mysql::MysqlCreateBackupRequest =
        serde_json::from_value(json!({"instance_id": "short", "name": "1-starts-with-a-digit"}))
            .unwrap();
    let err = aksk_client(&emu)
        .gaussdb_mysql()
        .create_manual_backup()
        .body(body.clone())
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err}")
    };
    assert_eq!(v.len(), 3, "{v}");
    let text = err.to_string();
    assert!(
        text.contains("instance_id") && text.contains("name"),
        "{text}"
    );

    // A project id that breaks its documented rule (32 characters).
    let err = builder(&emu)
        .project_id("not-a-project")
        .build()
        .unwrap()
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("project_id"), "{err}");

    // CR or LF in a header value.
    let err = builder(&emu)
        .language("en-us\r\nX-Evil: 1")
        .build()
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidHeader { ref name, ref found } if name == "X-Language" && found == "U+000D (CR)"),
        "{err}"
    );
    assert!(emu.calls().is_empty());
}

#[tokio::test]
async fn the_configured_language_is_sent() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    emu.set_handler(
        "CreateManualBackup",
        |call: hwbackup_emulator::Call| async move {
            hwbackup_emulator::Reply::Json {
                status: 201,
                body: json!({"job_id": call.project_id}),
            }
        },
    );
    let client = builder(&emu).language("en-us").build().unwrap();
    let r = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.body.job_id.as_deref(), Some(PROJECT));
}

#[test]
fn regions_resolve_to_the_official_endpoints_and_unknown_ones_are_listed() {
    let client = Client::builder()
        .credentials(Credentials::token("t"))
        .project_id(PROJECT)
        .region("ap-southeast-1")
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint_url("cbr"),
        Some("https://cbr.ap-southeast-1.myhuaweicloud.com/")
    );
    assert_eq!(
        client.endpoint_url("gaussdb_mysql"),
        Some("https://gaussdbformysql.ap-southeast-1.myhuaweicloud.com/")
    );
    let err = Client::builder()
        .credentials(Credentials::token("t"))
        .project_id(PROJECT)
        .region("mars-north-1")
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::UnknownRegion { .. }));
    assert!(
        text.contains("mars-north-1") && text.contains("cn-north-4"),
        "{text}"
    );

    // An explicit endpoint (another cloud) wins over the region table.
    let client = Client::builder()
        .credentials(Credentials::token("t"))
        .project_id(PROJECT)
        .region("eu-de")
        .service_endpoint("cbr", "https://cbr.eu-de.otc.t-systems.com")
        .service_endpoint(
            "gaussdb_mysql",
            "https://gaussdb-mysql.eu-de.otc.t-systems.com",
        )
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint_url("cbr"),
        Some("https://cbr.eu-de.otc.t-systems.com/")
    );
    let err = Client::builder()
        .credentials(Credentials::token("t"))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("project id"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_on_one_client() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let client = aksk_client(&emu);
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .gaussdb_mysql()
                    .create_manual_backup()
                    .body(mysql_body())
                    .send()
                    .await
                    .map(|r| r.status)
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 201);
    }
    assert_eq!(emu.calls().len(), 1000);
}

#[tokio::test]
async fn a_path_two_services_share_is_told_apart_by_prefix_or_root_service() {
    // At the root, TaurusDB's and CBR's DELETE .../backups/{id} are the same path.
    // Routing, not records: every id is found.
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let at_root = Client::builder()
        .credentials(Credentials::aksk(
            hwbackup_emulator::DEFAULT_ACCESS_KEY,
            hwbackup_emulator::DEFAULT_SECRET_KEY,
        ))
        .project_id(PROJECT)
        .endpoint(emu.url())
        .build()
        .unwrap();
    let err = at_root
        .gaussdb_mysql()
        .delete_backup()
        .backup_id("b1")
        .send()
        .await
        .unwrap_err();
    let e = err.service_error().expect("a service error");
    assert_eq!(e.status, 404);
    assert!(
        e.message
            .as_deref()
            .unwrap_or("")
            .contains("/cbr or /gaussdb_mysql"),
        "{e}"
    );
    // Under each service's prefix, each reaches its own.
    let prefixed = aksk_client(&emu);
    prefixed
        .gaussdb_mysql()
        .delete_backup()
        .backup_id("b1")
        .send()
        .await
        .unwrap();
    prefixed
        .cbr()
        .delete_backup()
        .backup_id("b2")
        .send()
        .await
        .unwrap();
    let services: Vec<&str> = emu.calls().iter().map(|c| c.service).collect();
    assert_eq!(services, ["gaussdb_mysql", "cbr"]);

    // An emulator whose root is TaurusDB's, for clients that cannot add a prefix.
    let emu = Emulator::builder()
        .root_service("gaussdb_mysql")
        .stateless(true)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .credentials(Credentials::aksk(
            hwbackup_emulator::DEFAULT_ACCESS_KEY,
            hwbackup_emulator::DEFAULT_SECRET_KEY,
        ))
        .project_id(PROJECT)
        .endpoint(emu.url())
        .build()
        .unwrap();
    client
        .gaussdb_mysql()
        .delete_backup()
        .backup_id("b3")
        .send()
        .await
        .unwrap();
    assert_eq!(emu.calls()[0].service, "gaussdb_mysql");
    assert_eq!(emu.calls()[0].path, format!("/v3/{PROJECT}/backups/b3"));
}

#[tokio::test]
async fn loopback_is_never_proxied_unless_asked() {
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    // A proxy that is not there (the discard port on loopback).
    let dead = "http://127.0.0.1:9";
    let client = builder(&emu).proxy(dead).build().unwrap();
    let r = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(mysql_body())
        .send()
        .await;
    assert!(r.is_ok(), "{:?}", r.err());
    let client = builder(&emu)
        .proxy(dead)
        .proxy_loopback(true)
        .retry(hwbackup_client::RetryPolicy::none())
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
    assert_eq!(
        emu.calls().len(),
        1,
        "the second call never reached the emulator"
    );
    let err = builder(&emu).proxy("no scheme here").build().unwrap_err();
    assert!(err.to_string().contains("proxy"), "{err}");
}
