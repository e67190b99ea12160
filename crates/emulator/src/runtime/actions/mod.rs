//! What some operations do beyond a plain resource: hand-written, one
//! small file each, over the records the derived resources keep. An
//! operation with no action here answers its documented example.

mod manual_backup;
mod policy_association;

use hwbackup_models::runtime::Value as Param;
use serde_json::Value;

use super::handler::Reply;
use super::jobs::Outcome;
use super::resources::Store;

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
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.wire_text())
    }

    pub(crate) fn query_number(&self, name: &str) -> Option<usize> {
        match self.params.iter().find(|(n, _)| *n == name) {
            Some((_, Param::Integer(n))) => usize::try_from(*n).ok(),
            _ => None,
        }
    }
}

/// The action's answer, if the operation has one.
pub(crate) fn answer(store: &mut Store, call: &ActionCall<'_>) -> Option<Reply> {
    match (call.service, call.operation) {
        ("cbr", "AssociateVaultPolicy") => Some(policy_association::associate(store, call)),
        ("cbr", "DisassociateVaultPolicy") => Some(policy_association::dissociate(store, call)),
        ("gaussdb_mysql", "CreateManualBackup") => Some(manual_backup::create(store, call)),
        ("gaussdb_mysql", "ListBackups") => Some(manual_backup::list(store, call)),
        ("gaussdb_mysql", "DeleteBackup") => Some(manual_backup::delete(store, call)),
        _ => None,
    }
}
