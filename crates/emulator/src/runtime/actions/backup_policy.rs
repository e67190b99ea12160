//! A TaurusDB instance's automated backup policy: what
//! `UpdateBackupPolicy` sets, `ShowBackupPolicy` shows (the documented
//! example until the instance's policy is first set).

use serde_json::{json, Value};

use super::{ActionCall, Reply, Store};

fn key(call: &ActionCall<'_>) -> String {
    format!("gaussdb_mysql:/v3/{}/backup-policies", call.project())
}

pub(super) fn update(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let instance = call.path_param("instance_id");
    let policy = call
        .body
        .get("backup_policy")
        .cloned()
        .unwrap_or(Value::Null);
    let key = key(call);
    match store.find_mut(&key, instance) {
        Some(held) => *held = policy,
        None => store.insert(&key, instance, policy),
    }
    let mut answer = call.default.clone();
    if let Some(fields) = answer.as_object_mut() {
        fields.insert("instance_id".to_owned(), Value::from(instance));
        fields.insert("status".to_owned(), Value::from("COMPLETED"));
    }
    Reply::Json {
        status: call.status,
        body: answer,
    }
}

/// `None` until the instance's policy is set: the example answers.
pub(super) fn show(store: &mut Store, call: &ActionCall<'_>) -> Option<Reply> {
    let policy = store.find(&key(call), call.path_param("instance_id"))?;
    Some(Reply::Json {
        status: call.status,
        body: json!({ "backup_policy": policy }),
    })
}
