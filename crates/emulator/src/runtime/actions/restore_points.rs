//! Creating a restore point of a vault (`POST .../checkpoints`): the
//! restore point (found again by `ShowCheckpoint`), one backup for each of
//! the vault's resources (or those the request names), and a `backup`
//! operation log, all moving with one job on the emulator's clock: the log
//! `running` then `success`, the backups `protecting` then `available`
//! (or `failed` and `error` when a test made the job fail).

use serde_json::{json, Value};

use super::vault_resources::{vault_key, NO_VAULT};
use super::{now, refuse, ActionCall, Reply, Store};
use crate::runtime::respond::new_id;

pub(super) fn create(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let project = call.project().to_owned();
    let checkpoint = call.body.get("checkpoint").cloned().unwrap_or(Value::Null);
    let vault_id = checkpoint
        .get("vault_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let Some(vault) = store.find(&vault_key(call), vault_id).cloned() else {
        return refuse(NO_VAULT);
    };
    let parameters = checkpoint.get("parameters").cloned().unwrap_or(Value::Null);
    let named: Option<Vec<&str>> = parameters
        .get("resources")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_str).collect());
    let resources: Vec<Value> = vault
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| {
            let id = r.get("id").and_then(Value::as_str).unwrap_or("");
            named.as_ref().map_or(true, |n| n.contains(&id))
        })
        .cloned()
        .collect();
    let at = now();
    let checkpoint_id = new_id();
    let mut backup_ids = Vec::new();
    let name = parameters.get("name").and_then(Value::as_str).map_or_else(
        || format!("manualbk_{}", &checkpoint_id[..4]),
        str::to_owned,
    );
    let description = parameters.get("description").cloned().unwrap_or(json!(""));
    for r in &resources {
        let backup_id = new_id();
        let backup = json!({
            "id": backup_id,
            "checkpoint_id": checkpoint_id,
            "vault_id": vault_id,
            "project_id": project,
            "name": name,
            "description": description,
            "resource_id": r.get("id").cloned().unwrap_or(Value::Null),
            "resource_name": r.get("name").cloned().unwrap_or(Value::Null),
            "resource_type": r.get("type").cloned().unwrap_or(Value::Null),
            "image_type": "backup",
            "status": "protecting",
            "created_at": at,
            "updated_at": at,
            "children": [],
        });
        store.insert(&super::backups::key(call), &backup_id, backup);
        backup_ids.push(backup_id);
    }
    let subject = json!({
        "checkpoint_id": checkpoint_id,
        "vault_id": vault_id,
        "vault_name": vault.get("name").cloned().unwrap_or(Value::Null),
    });
    let log_id = super::operation_logs::start(store, call, "backup", &subject);
    for id in &backup_ids {
        store.link_job(id, &log_id);
    }
    let record = json!({
        "id": checkpoint_id,
        "project_id": project,
        "status": "protecting",
        "created_at": at,
        "vault": {
            "id": vault_id,
            "name": vault.get("name").cloned().unwrap_or(Value::Null),
            "resources": resources,
            "skipped_resources": [],
        },
    });
    store.insert(
        &format!("/v3/{project}/checkpoints"),
        &checkpoint_id,
        record.clone(),
    );
    Reply::Json {
        status: call.status,
        body: json!({ "checkpoint": record }),
    }
}
