//! CBR's backups, as restore points make them: `ListBackups` (filtered by
//! any of the records' fields, paged by marker or offset), `ShowBackup`,
//! `DeleteBackup`, and `ReplicateBackup` of one that exists. Each backup's
//! status follows its restore point's job.

use serde_json::json;

use super::{refuse, ActionCall, Reply, Store};
use crate::runtime::resources::list_page;

const NO_BACKUP: (u16, &str, &str) = (404, "BackupService.6200", "The backup does not exist.");
/// A backup's status while its job runs, once done, once failed.
pub(super) const STATUSES: [&str; 3] = ["protecting", "available", "error"];

/// Where a project's CBR backups are kept (restore points and syncs make them).
pub(super) fn key(call: &ActionCall<'_>) -> String {
    format!("/v3/{}/backups", call.project())
}

pub(super) fn list(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let key = key(call);
    store.refresh(&key, call.job_outcome, STATUSES);
    Reply::Json {
        status: call.status,
        body: list_page(store.records(&key), call.params, "backups", "count"),
    }
}

pub(super) fn show(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let key = key(call);
    store.refresh(&key, call.job_outcome, STATUSES);
    match store.find(&key, call.path_param("backup_id")) {
        Some(backup) => Reply::Json {
            status: call.status,
            body: json!({ "backup": backup }),
        },
        None => refuse(NO_BACKUP),
    }
}

pub(super) fn delete(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    match store.remove(&key(call), call.path_param("backup_id")) {
        Some(_) => Reply::Default,
        None => refuse(NO_BACKUP),
    }
}

/// Replicating or restoring a backup that exists: the documented answer,
/// and an operation log of `kind` (`replication`, `restore`) that runs
/// until its job is done.
pub(super) fn start_work(store: &mut Store, call: &ActionCall<'_>, kind: &str) -> Reply {
    let Some(backup) = store
        .find(&key(call), call.path_param("backup_id"))
        .cloned()
    else {
        return refuse(NO_BACKUP);
    };
    super::operation_logs::start(store, call, kind, &backup);
    Reply::Default
}
