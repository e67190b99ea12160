//! Synchronizing (importing) on-premises backups (`POST .../backups/sync`):
//! each item becomes a backup record, `ListBackups` and `ShowBackup` find
//! it, and its status follows the operation log its import started
//! (`protecting`, then `available`).

use serde_json::{json, Value};

use super::backups::STATUSES;
use super::{now, ActionCall, Reply, Store};

pub(super) fn sync(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let project = call.project().to_owned();
    let items = call
        .body
        .get("sync")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let answered = call
        .default
        .get("sync")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let key = super::backups::key(call);
    let at = now();
    for (item, answer) in items.iter().zip(&answered) {
        let Some(id) = item.get("backup_id").and_then(Value::as_str) else {
            continue;
        };
        let pick = |name: &str| item.get(name).cloned().unwrap_or(Value::Null);
        let backup = json!({
            "id": id,
            "name": pick("backup_name"),
            "project_id": project,
            "resource_id": pick("resource_id"),
            "resource_name": pick("resource_name"),
            "resource_type": pick("resource_type"),
            "image_type": "backup",
            "status": STATUSES[0],
            "created_at": at,
            "updated_at": at,
            "children": [],
        });
        // Synced again, it is replaced.
        store.remove(&key, id);
        store.insert(&key, id, backup);
        if let Some(log) = answer.get("operation_log_id").and_then(Value::as_str) {
            store.link_job(id, log);
        }
    }
    // The documented answer: its operation log ids start their jobs.
    Reply::Json {
        status: call.status,
        body: call.default.clone(),
    }
}
