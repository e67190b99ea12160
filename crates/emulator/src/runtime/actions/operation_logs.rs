//! The operation logs restore points start: `ListOpLogs` lists them
//! (filtered by vault, type and status, paged by offset), `ShowOpLog`
//! shows one with its job's status. Logs of other work (a backup sync's)
//! are shown from their job alone, as before.

use serde_json::json;

use super::{ActionCall, Reply, Store};
use crate::runtime::resources::list_page;

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
