//! TaurusDB's manual backups as records: `CreateManualBackup` keeps the
//! backup it answers with, `ListBackups` lists the project's (filtered by
//! instance, backup id and type, paged by offset and limit), and
//! `DeleteBackup` removes one. A backup is `BUILDING` while the job its
//! creation started runs, then `COMPLETED` (or `FAILED`).

use serde_json::{json, Value};

use super::{refuse, ActionCall, Reply, Store};
use crate::runtime::resources::within_times;

/// The documented answer to a backup id that does not exist
/// (TaurusDB's appendix `error_codes.rst`).
const NO_BACKUP: (u16, &str, &str) = (404, "DBS.201010", "The backup information does not exist.");
/// The documented page size: at most 100, 100 unless given.
const MAX_LIMIT: usize = 100;

fn key(call: &ActionCall<'_>) -> String {
    // Under the service's name: CBR lists backups at the same path.
    format!("gaussdb_mysql:/v3/{}/backups", call.project())
}

pub(super) fn create(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let answer = call.default.clone();
    let backup = answer.get("backup").cloned().unwrap_or(Value::Null);
    if let Some(id) = backup.get("id").and_then(Value::as_str) {
        if let Some(job) = answer.get("job_id").and_then(Value::as_str) {
            store.link_job(id, job);
        }
        store.insert(&key(call), id, backup.clone());
    }
    Reply::Json {
        status: call.status,
        body: answer,
    }
}

pub(super) fn list(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    store.refresh(
        &key(call),
        call.job_outcome,
        ["BUILDING", "COMPLETED", "FAILED"],
    );
    let want = |name: &str| call.query_text(name);
    let (instance, backup, kind) = (want("instance_id"), want("backup_id"), want("backup_type"));
    let field_is = |r: &Value, f: &str, v: &Option<String>| {
        v.as_ref().map_or(true, |v| {
            r.get(f).and_then(Value::as_str) == Some(v.as_str())
        })
    };
    let matching: Vec<Value> = store
        .records(&key(call))
        .iter()
        .filter(|(_, r)| field_is(r, "instance_id", &instance))
        .filter(|(_, r)| field_is(r, "id", &backup))
        .filter(|(_, r)| field_is(r, "type", &kind))
        .filter(|(_, r)| within_times(r, call.params))
        .map(|(_, r)| r.clone())
        .collect();
    let offset = call.query_number("offset").unwrap_or(0);
    let limit = call
        .query_number("limit")
        .unwrap_or(MAX_LIMIT)
        .min(MAX_LIMIT);
    let total = matching.len();
    let page: Vec<Value> = matching.into_iter().skip(offset).take(limit).collect();
    Reply::Json {
        status: call.status,
        body: json!({ "backups": page, "total_count": total }),
    }
}

pub(super) fn delete(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let id = call.path_param("backup_id");
    match store.remove(&key(call), id) {
        Some(record) => Reply::Json {
            status: call.status,
            body: json!({
                "backup_id": id,
                "backup_name": record.get("name").cloned().unwrap_or(Value::Null),
            }),
        },
        None => refuse(NO_BACKUP),
    }
}
