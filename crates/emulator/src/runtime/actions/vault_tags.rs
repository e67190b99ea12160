//! A vault's tags (`.../vault/{vault_id}/tags`): added one at a time or in
//! a batch, shown, deleted by key, kept in the vault's own `tags` (which
//! `ShowVault` shows). A key added again takes the new value; a resource
//! holds at most 20 tags, as the pages say (BackupService.6600 beyond).

use serde_json::{json, Value};

use super::vault_resources::{vault_key, NO_VAULT};
use super::{refuse, ActionCall, Reply, Store};

const MAX_TAGS: usize = 20;
const TOO_MANY: (u16, &str, &str) = (
    400,
    "BackupService.6600",
    "The maximum number of tags has been reached for the resource.",
);

fn tags<'a>(store: &'a mut Store, call: &ActionCall<'_>) -> Result<&'a mut Vec<Value>, Reply> {
    let vault = store
        .find_mut(&vault_key(call), call.path_param("vault_id"))
        .ok_or_else(|| refuse(NO_VAULT))?;
    let fields = vault.as_object_mut().ok_or(Reply::Default)?;
    let held = fields.entry("tags").or_insert_with(|| json!([]));
    if !held.is_array() {
        *held = json!([]);
    }
    held.as_array_mut().ok_or(Reply::Default)
}

fn key_of(tag: &Value) -> Option<&str> {
    tag.get("key").and_then(Value::as_str)
}

/// Adds `new` (replacing a tag of the same key); refuses a 21st.
fn put(held: &mut Vec<Value>, new: &[Value]) -> Result<(), Reply> {
    for tag in new {
        if let Some(old) = held.iter_mut().find(|t| key_of(t) == key_of(tag)) {
            *old = tag.clone();
        } else if held.len() >= MAX_TAGS {
            return Err(refuse(TOO_MANY));
        } else {
            held.push(tag.clone());
        }
    }
    Ok(())
}

pub(super) fn create(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let tag = call.body.get("tag").cloned().unwrap_or(Value::Null);
    match tags(store, call).and_then(|held| put(held, &[tag])) {
        Ok(()) => Reply::Default,
        Err(refused) => refused,
    }
}

pub(super) fn batch(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let given: Vec<Value> = call
        .body
        .get("tags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let deleting = call.body.get("action").and_then(Value::as_str) == Some("delete");
    let held = match tags(store, call) {
        Ok(h) => h,
        Err(refused) => return refused,
    };
    if deleting {
        held.retain(|t| !given.iter().any(|g| key_of(g) == key_of(t)));
        return Reply::Default;
    }
    match put(held, &given) {
        Ok(()) => Reply::Default,
        Err(refused) => refused,
    }
}

pub(super) fn show(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    match tags(store, call) {
        Ok(held) => Reply::Json {
            status: call.status,
            body: json!({ "tags": held }),
        },
        Err(refused) => refused,
    }
}

pub(super) fn delete(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let key = call.path_param("key").to_owned();
    match tags(store, call) {
        Ok(held) => {
            held.retain(|t| key_of(t) != Some(key.as_str()));
            Reply::Default
        }
        Err(refused) => refused,
    }
}
