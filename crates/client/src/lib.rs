//! Async client for Huawei Cloud's backup APIs: Cloud Backup and Recovery
//! (CBR) and GaussDB for MySQL.
//!
//! The operation methods (under [`cbr`] and [`gaussdb_mysql`]) are generated
//! from `spec/` by `cargo xtask regenerate`; [`runtime`](crate) types
//! (client, configuration, errors, retries) are hand-written.
//!
//! ```no_run
//! use hwbackup_client::{Client, Credentials};
//! use hwbackup_client::models::gaussdb_mysql::MysqlCreateBackupRequest;
//!
//! # async fn run() -> Result<(), hwbackup_client::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::aksk("AK", "SK"))
//!     .project_id("0123456789abcdef0123456789abcdef")
//!     .region("cn-north-4")
//!     .build()?;
//! let request = MysqlCreateBackupRequest::builder()
//!     .instance_id("07033b125fd94a8a96896f8bcfee6ddain07")
//!     .name("backup-1")
//!     .build()?;
//! let created = client.gaussdb_mysql().create_manual_backup().body(request.clone()).send().await?;
//! println!("{:?} (request id {:?})", created.body.job_id, created.request_id);
//! # Ok(())
//! # }
//! ```
//!
//! A request that breaks a documented rule is refused before it leaves
//! the machine; secrets never appear in `Debug`, `Display` or logs.

#![forbid(unsafe_code)]

#[rustfmt::skip]
mod generated;
#[cfg(test)]
mod fixtures;

pub use generated::*;
/// The runtime every call goes through (re-exported
/// `hwbackup-client-runtime`): [`Client`] derefs to its `Client`.
pub use hwbackup_client_runtime as runtime;
pub use hwbackup_client_runtime::{
    CallFuture, Credentials, Error, Items, Pages, Response, RetryPolicy, Service, ServiceError,
    WaitError, Waiter, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_METADATA_ENDPOINT, ERROR_BODY_LIMIT,
};

/// The request and response models (re-exported `hwbackup-models`).
pub use hwbackup_models as models;
/// AK/SK request signing (re-exported `hwbackup-signer`).
pub use hwbackup_signer as signer;
