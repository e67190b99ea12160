//! What some operations do beyond a plain resource: hand-written, one
//! small file each, over the records the derived resources keep. An
//! operation with no action here answers its documented example.

mod backup_policy;
mod backup_sync;
mod backups;
mod manual_backup;
mod operation_logs;
mod policy_association;
mod project_tags;
mod restore_points;
mod vault_resources;
mod vault_tags;

use hwbackup_models::runtime::Value as Param;
use serde_json::Value;

use super::handler::Reply;
use super::jobs::Outcome;
use super::resources::{param_number, param_text, Store};

/// One call, as an action sees it.
pub(crate) struct ActionCall<'a> {
    pub(crate) service: &'static str,
    pub(crate) operation: &'static str,
    /// Path parameters, `project_id` among them.
    pub(crate) path: &'a [(String, String)],
    /// Query and header parameters, read as their documented types.
    pub(crate) params: &'a [(&'static str, Param)],
    pub(crate) body: &'a Value,
    /// The documented answer, with the request echoed into it.
    pub(crate) default: &'a Value,
    pub(crate) status: u16,
    /// Where the work a job id names has got to (the emulator's clock).
    pub(crate) job_outcome: &'a dyn Fn(&str) -> Option<Outcome>,
    /// Starts a job of this id on the emulator's clock.
    pub(crate) start_job: &'a dyn Fn(&str),
}

impl ActionCall<'_> {
    pub(crate) fn path_param(&self, name: &str) -> &str {
        self.path
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub(crate) fn project(&self) -> &str {
        self.path_param("project_id")
    }

    pub(crate) fn query_text(&self, name: &str) -> Option<String> {
        param_text(self.params, name)
    }

    pub(crate) fn query_number(&self, name: &str) -> Option<usize> {
        param_number(self.params, name)
    }
}

/// The cloud's error answer for a documented `(status, code, message)`.
pub(crate) fn refuse((status, code, message): (u16, &str, &str)) -> Reply {
    Reply::error(status, code, message)
}

/// The action's answer, if the operation has one.
pub(crate) fn answer(store: &mut Store, call: &ActionCall<'_>) -> Option<Reply> {
    match (call.service, call.operation) {
        ("cbr", "AddVaultResource") => Some(vault_resources::add(store, call)),
        ("cbr", "RemoveVaultResource") => Some(vault_resources::remove(store, call)),
        ("cbr", "CreateCheckpoint") => Some(restore_points::create(store, call)),
        ("cbr", "SyncBackups") => Some(backup_sync::sync(store, call)),
        ("cbr", "ListBackups") => Some(backups::list(store, call)),
        ("cbr", "ShowBackup") => Some(backups::show(store, call)),
        ("cbr", "DeleteBackup") => Some(backups::delete(store, call)),
        ("cbr", "ReplicateBackup") => Some(backups::start_work(store, call, "replication")),
        ("cbr", "RestoreBackup") => Some(backups::start_work(store, call, "restore")),
        ("cbr", "MigrateVaultResource") => Some(vault_resources::migrate(store, call)),
        ("cbr", "ListOpLogs") => Some(operation_logs::list(store, call)),
        ("cbr", "ShowOpLog") => operation_logs::show(store, call),
        ("cbr", "CreateVaultTags") => Some(vault_tags::create(store, call)),
        ("cbr", "BatchCreateAndDeleteVaultTags") => Some(vault_tags::batch(store, call)),
        ("cbr", "ShowVaultTag") => Some(vault_tags::show(store, call)),
        ("cbr", "DeleteVaultTag") => Some(vault_tags::delete(store, call)),
        ("cbr", "ShowVaultProjectTag") => Some(project_tags::project(store, call)),
        ("cbr", "ShowVaultResourceInstances") => Some(project_tags::instances(store, call)),
        ("cbr", "AssociateVaultPolicy") => Some(policy_association::associate(store, call)),
        ("cbr", "DisassociateVaultPolicy") => Some(policy_association::dissociate(store, call)),
        ("gaussdb_mysql", "CreateManualBackup") => Some(manual_backup::create(store, call)),
        ("gaussdb_mysql", "UpdateBackupPolicy") => Some(backup_policy::update(store, call)),
        ("gaussdb_mysql", "ShowBackupPolicy") => backup_policy::show(store, call),
        ("gaussdb_mysql", "ListBackups") => Some(manual_backup::list(store, call)),
        ("gaussdb_mysql", "DeleteBackup") => Some(manual_backup::delete(store, call)),
        _ => None,
    }
}

/// Now, as the API writes times (`2026-12-02T06:00:00.000+00:00`).
pub(crate) fn now() -> String {
    let c = hwbackup_signer::format_date(std::time::SystemTime::now()); // 20261202T060000Z
    format!(
        "{}-{}-{}T{}:{}:{}.000+00:00",
        &c[0..4],
        &c[4..6],
        &c[6..8],
        &c[9..11],
        &c[11..13],
        &c[13..15]
    )
}
