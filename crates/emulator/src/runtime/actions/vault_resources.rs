//! Associating resources with a vault and dissociating them
//! (`POST .../vaults/{vault_id}/addresources`, `.../removeresources`): the
//! vault's `resources`, as `ShowVault` and `ListVault` then show, and what a
//! restore point of the vault backs up.

use serde_json::{json, Value};

use super::{refuse, ActionCall, Reply, Store};

pub(super) const NO_VAULT: (u16, &str, &str) =
    (404, "BackupService.6105", "The vault does not exist.");

pub(super) fn vault_key(call: &ActionCall<'_>) -> String {
    format!("/v3/{}/vaults", call.project())
}

fn vault<'a>(store: &'a mut Store, call: &ActionCall<'_>) -> Result<&'a mut Value, Reply> {
    store
        .find_mut(&vault_key(call), call.path_param("vault_id"))
        .ok_or_else(|| refuse(NO_VAULT))
}

fn resources(vault: &mut Value) -> Option<&mut Vec<Value>> {
    let fields = vault.as_object_mut()?;
    fields
        .entry("resources")
        .or_insert_with(|| json!([]))
        .as_array_mut()
}

pub(super) fn add(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let vault = match vault(store, call) {
        Ok(v) => v,
        Err(refused) => return refused,
    };
    let Some(held) = resources(vault) else {
        return Reply::Default;
    };
    let mut added = Vec::new();
    for r in call
        .body
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(id) = r.get("id").and_then(Value::as_str) else {
            continue;
        };
        if !held
            .iter()
            .any(|h| h.get("id").and_then(Value::as_str) == Some(id))
        {
            held.push(r.clone());
        }
        added.push(Value::from(id));
    }
    Reply::Json {
        status: call.status,
        body: json!({ "add_resource_ids": added }),
    }
}

pub(super) fn remove(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let vault = match vault(store, call) {
        Ok(v) => v,
        Err(refused) => return refused,
    };
    let Some(held) = resources(vault) else {
        return Reply::Default;
    };
    let ids: Vec<&str> = call
        .body
        .get("resource_ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    held.retain(|h| {
        !h.get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| ids.contains(&id))
    });
    Reply::Json {
        status: call.status,
        body: json!({ "remove_resource_ids": ids }),
    }
}

/// Moving resources to another vault (`.../migrateresources`): they leave
/// this vault's `resources` for the destination's, and their backups go
/// with them.
pub(super) fn migrate(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let key = vault_key(call);
    let destination = call
        .body
        .get("destination_vault_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    if store.find(&key, destination).is_none() {
        return refuse(NO_VAULT);
    }
    let source = match vault(store, call) {
        Ok(v) => v,
        Err(refused) => return refused,
    };
    let ids: Vec<String> = call
        .body
        .get("resource_ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let is_moved = |r: &Value| {
        r.get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| ids.iter().any(|m| m == id))
    };
    let mut moved = Vec::new();
    if let Some(held) = resources(source) {
        moved = held.iter().filter(|r| is_moved(r)).cloned().collect();
        held.retain(|r| !is_moved(r));
    }
    if let Some(held) = store.find_mut(&key, destination).and_then(resources) {
        held.extend(moved);
    }
    let backups = super::backups::key(call);
    let source_id = call.path_param("vault_id");
    store.update_all(&backups, |b| {
        let mine = b.get("vault_id").and_then(Value::as_str) == Some(source_id);
        let moved = b
            .get("resource_id")
            .and_then(Value::as_str)
            .is_some_and(|id| ids.iter().any(|m| m == id));
        if mine && moved {
            b["vault_id"] = Value::from(destination);
        }
    });
    Reply::Json {
        status: call.status,
        body: json!({ "migrated_resources": ids }),
    }
}
