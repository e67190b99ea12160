//! Applying a policy to a vault and removing it (`POST
//! .../vaults/{vault_id}/associatepolicy`, `.../dissociatepolicy`): the
//! policy's `associated_vaults` lists the vaults it is applied to, as
//! `ShowPolicy` and `ListPolicies` then show.

use serde_json::{json, Value};

use super::vault_resources::{vault_key, NO_VAULT};
use super::{refuse, ActionCall, Reply, Store};

/// The documented answers (appendix `error_codes.rst`).
const NO_POLICY: (u16, &str, &str) = (404, "BackupService.6000", "The policy does not exist.");
const NOT_APPLIED: (u16, &str, &str) = (
    404,
    "BackupService.6002",
    "The vault is not applied with the policy.",
);

/// The vault and the policy of `call`, or the documented refusal.
fn both<'a>(store: &'a mut Store, call: &ActionCall<'_>) -> Result<&'a mut Value, Reply> {
    let project = call.project();
    let vault_id = call.path_param("vault_id");
    if store.find(&vault_key(call), vault_id).is_none() {
        return Err(refuse(NO_VAULT));
    }
    let policy_id = call
        .body
        .get("policy_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    store
        .find_mut(&format!("/v3/{project}/policies"), policy_id)
        .ok_or_else(|| refuse(NO_POLICY))
}

pub(super) fn associate(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let policy = match both(store, call) {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    let vault_id = call.path_param("vault_id");
    let listed = policy
        .as_object_mut()
        .map(|p| p.entry("associated_vaults").or_insert_with(|| json!([])));
    if let Some(Value::Array(vaults)) = listed {
        if !vaults
            .iter()
            .any(|v| v.get("vault_id").and_then(Value::as_str) == Some(vault_id))
        {
            vaults.push(json!({ "vault_id": vault_id }));
        }
    }
    answered(call, "associate_policy")
}

pub(super) fn dissociate(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let policy = match both(store, call) {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    let vault_id = call.path_param("vault_id");
    let Some(Value::Array(vaults)) = policy.get_mut("associated_vaults") else {
        return refuse(NOT_APPLIED);
    };
    let before = vaults.len();
    vaults.retain(|v| v.get("vault_id").and_then(Value::as_str) != Some(vault_id));
    if vaults.len() == before {
        return refuse(NOT_APPLIED);
    }
    answered(call, "dissociate_policy")
}

/// `{field: {"vault_id", "policy_id"}}`, in the documented answer's shape.
fn answered(call: &ActionCall<'_>, field: &str) -> Reply {
    let mut body = call.default.clone();
    let pair = json!({
        "vault_id": call.path_param("vault_id"),
        "policy_id": call.body.get("policy_id").cloned().unwrap_or(Value::Null),
    });
    match body.as_object_mut() {
        Some(b) => {
            b.insert(field.to_owned(), pair);
        }
        None => body = json!({ field: pair }),
    }
    Reply::Json {
        status: call.status,
        body,
    }
}
