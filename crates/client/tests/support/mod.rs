//! Shared test setup: an emulator, clients pointed at it, example bodies.

#![allow(dead_code)]

use std::time::Duration;

use hwbackup_client::models::cbr::{BackupReplicateReq, BackupReplicateReqBody};
use hwbackup_client::models::gaussdb_mysql::MysqlCreateBackupRequest;
use hwbackup_client::{Client, ClientBuilder, Credentials, RetryPolicy};
use hwbackup_emulator::{
    Emulator, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, DEFAULT_TOKEN,
};

pub const PROJECT: &str = DEFAULT_PROJECT_ID;

pub fn builder(emu: &Emulator) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::aksk(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY))
        .project_id(PROJECT)
        // CBR and TaurusDB share some paths: each is told apart by its prefix.
        .endpoint_per_service(emu.url())
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

pub fn aksk_client(emu: &Emulator) -> Client {
    builder(emu).build().unwrap()
}

pub fn token_client(emu: &Emulator) -> Client {
    builder(emu)
        .credentials(Credentials::token(DEFAULT_TOKEN))
        .build()
        .unwrap()
}

pub fn replicate_body() -> BackupReplicateReq {
    BackupReplicateReq::builder()
        .replicate(
            BackupReplicateReqBody::builder()
                .destination_project_id("68589cac08274b82b4e254268a3862d8")
                .destination_region("region2")
                .destination_vault_id("0ca3eb86-8800-46da-9c37-9d657a825274")
                .name("backup_name"),
        )
        .build()
        .unwrap()
}

pub fn mysql_body() -> MysqlCreateBackupRequest {
    MysqlCreateBackupRequest::builder()
        .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
        .name("backup-1")
        .description("Manual backup")
        .build()
        .unwrap()
}
