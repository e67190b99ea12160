//! The operation logs restore points start: `ListOpLogs` lists them
//! (filtered by vault, type and status, paged by offset), `ShowOpLog`
//! shows one with its job's status. Logs of other work (a backup sync's)
//! are shown from their job alone, as before.

use serde_json::{json, Value};

use super::{now, ActionCall, Reply, Store};
use crate::runtime::resources::list_page;
use crate::runtime::respond::new_id;

const STATUSES: [&str; 3] = ["running", "success", "failed"];

fn key(call: &ActionCall<'_>) -> String {
    format!("/v3/{}/operation-logs", call.project())
}

pub(super) fn list(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let key = key(call);
    store.refresh(&key, call.job_outcome, STATUSES);
    Reply::Json {
        status: call.status,
        body: list_page(store.records(&key), call.params, "operation_logs", "count"),
    }
}

/// `None` for a log this file does not keep: the job alone answers it.
pub(super) fn show(store: &mut Store, call: &ActionCall<'_>) -> Option<Reply> {
    let key = key(call);
    store.refresh(&key, call.job_outcome, STATUSES);
    let log = store.find(&key, call.path_param("operation_log_id"))?;
    Some(Reply::Json {
        status: call.status,
        body: json!({ "operation_log": log }),
    })
}

/// Starts an operation log of `kind` about `subject` (a backup or a
/// restore point's record: its `vault_id` and `checkpoint_id` are the
/// log's), with a job of the log's id. Returns the id.
pub(super) fn start(
    store: &mut Store,
    call: &ActionCall<'_>,
    kind: &str,
    subject: &Value,
) -> String {
    let id = new_id();
    let at = now();
    let pick = |name: &str| subject.get(name).cloned().unwrap_or(Value::Null);
    let log = json!({
        "id": id,
        "operation_type": kind,
        "checkpoint_id": pick("checkpoint_id"),
        "vault_id": pick("vault_id"),
        "vault_name": pick("vault_name"),
        "project_id": call.project(),
        "status": STATUSES[0],
        "created_at": at,
        "started_at": at,
        "updated_at": at,
    });
    store.insert(&key(call), &id, log);
    store.link_job(&id, &id);
    (call.start_job)(&id);
    id
}
