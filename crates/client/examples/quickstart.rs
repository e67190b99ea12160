//! Offline quickstart: starts the emulator in-process, points an AK/SK
//! client at it, calls all four operations, and shows one validation
//! error and one service error.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! Against the real cloud, replace `.endpoint(emu.url())` with
//! `.region("cn-north-4")` and use your own keys and project id.

use hwbackup_client::models::cbr::{
    BackupReplicateReq, BackupReplicateReqBody, BackupSync, BackupSyncReq, BackupSyncResourceType,
    CheckpointReplicateParam, CheckpointReplicateReq,
};
use hwbackup_client::models::gaussdb_mysql::MysqlCreateBackupRequest;
use hwbackup_client::{Client, Credentials, Error};
use hwbackup_emulator::{Emulator, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Stateless: every call answers its documented example, so the ids
    // below (the API reference's) need no records made first.
    let emu = Emulator::builder().stateless(true).start().await?;
    println!("emulator listening on {}\n", emu.url());

    let client = Client::builder()
        .credentials(Credentials::aksk(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY))
        .project_id(DEFAULT_PROJECT_ID)
        .endpoint(emu.url())
        .user_agent_suffix("quickstart")
        .build()?;

    // 1. CBR: replicate one backup to another region.
    let request = BackupReplicateReq::builder()
        .replicate(
            BackupReplicateReqBody::builder()
                .destination_project_id("68589cac08274b82b4e254268a3862d8")
                .destination_region("eu-west-101")
                .destination_vault_id("0ca3eb86-8800-46da-9c37-9d657a825274")
                .name("nightly_copy"),
        )
        .build()?;
    let r = client
        .cbr()
        .replicate_backup()
        .backup_id("6df2b54c-dd62-4059-a07c-1b8f24f2725d")
        .body(request.clone())
        .send()
        .await?;
    let rep = r.body.replication.unwrap_or_default();
    println!(
        "ReplicateBackup       HTTP {}  replication record {}  ({} -> {})",
        r.status,
        rep.replication_record_id.unwrap_or_default(),
        rep.source_region.unwrap_or_default(),
        rep.destination_region.unwrap_or_default(),
    );

    // 2. CBR: replicate a vault's restore point.
    let request = CheckpointReplicateReq::builder()
        .replicate(
            CheckpointReplicateParam::builder()
                .vault_id("3b5816b5-f29c-4172-9d9a-76c719a659ce")
                .destination_project_id("68589cac08274b82b4e254268a3862d8")
                .destination_region("eu-west-101")
                .destination_vault_id("0ca3eb86-8800-46da-9c37-9d657a825274"),
        )
        .build()?;
    let r = client
        .cbr()
        .replicate_restore_point()
        .body(request.clone())
        .send()
        .await?;
    let rep = r.body.replication.unwrap_or_default();
    println!(
        "ReplicateRestorePoint HTTP {}  {} backups queued from vault {}",
        r.status,
        rep.backups.map_or(0, |b| b.len()),
        rep.vault_id.unwrap_or_default(),
    );

    // 3. CBR: import an on-premises backup.
    let request = BackupSyncReq::builder()
        .sync(vec![BackupSync::builder()
            .backup_id("1f9e6b47-7655-4a19-b563-21b4ef023025")
            .backup_name("vmware_backup")
            .bucket_name("1555230361623e4ce4700dab84b7d8169a5eaec05227d")
            .image_path("6abec15e-7baf-4d79-b5a9-6b98a2da7020/cfe0295c")
            .resource_id("96f7512d-239d-3f31-80cf-d1ce041df9a6")
            .resource_name("vm-01")
            .resource_type(BackupSyncResourceType::OsNovaServer)
            .created_at(1553587260)])
        .build()?;
    let r = client
        .cbr()
        .sync_backups()
        .body(request.clone())
        .send()
        .await?;
    for item in r.body.sync.unwrap_or_default() {
        println!(
            "SyncBackups           HTTP {}  backup {}  operation log {}",
            r.status,
            item.backup_id.unwrap_or_default(),
            item.operation_log_id.unwrap_or_default(),
        );
    }

    // 4. GaussDB for MySQL: a manual backup.
    let request = MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("before-upgrade")
        .description("taken by the quickstart")
        .build()?;
    let r = client
        .gaussdb_mysql()
        .create_manual_backup()
        .body(request.clone())
        .send()
        .await?;
    let backup = r.body.backup.unwrap_or_default();
    println!(
        "CreateManualBackup    HTTP {}  backup {} ({}, {})  job {}  request id {}",
        r.status,
        backup.id.unwrap_or_default(),
        backup.name.unwrap_or_default(),
        backup.status.as_ref().map_or("?", |s| s.as_str()),
        r.body.job_id.unwrap_or_default(),
        r.request_id.unwrap_or_default(),
    );

    // A validation error: refused before anything is sent.
    let refused = MysqlCreateBackupRequest::builder()
        .instance_id("not-an-instance")
        .name("1st backup")
        .build();
    if let Err(e) = refused {
        println!("\nvalidation error (nothing sent):\n  {e}");
    }

    // A service error: the emulator refuses a wrong secret key with 401.
    let wrong = Client::builder()
        .credentials(Credentials::aksk(DEFAULT_ACCESS_KEY, "not-the-secret"))
        .project_id(DEFAULT_PROJECT_ID)
        .endpoint(emu.url())
        .build()?;
    match wrong
        .gaussdb_mysql()
        .create_manual_backup()
        .body(request.clone())
        .send()
        .await
    {
        Err(e @ Error::Service(_)) => println!("\nservice error:\n  {e}"),
        other => println!("\nunexpected: {other:?}"),
    }

    println!("\nthe emulator recorded {} calls", emu.calls().len());
    Ok(())
}
