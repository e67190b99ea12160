//! The project's tags across its vaults (`GET .../vault/tags`) and the
//! vaults a tag filter selects (`POST .../vault/resource_instances/action`),
//! both read from the tags each vault holds (see `vault_tags.rs`).
//!
//! A filter keeps a vault that has every tag of `tags`, at least one of
//! `tags_any`, not all of `not_tags` and none of `not_tags_any`, each tag
//! matching by key and, when values are given, by one of them;
//! `without_any_tag` keeps the vaults with no tags and ignores the rest, as
//! the page says. `matches` on `resource_name` keeps names containing the
//! value. `action: count` answers the number alone; `filter` the page
//! `offset` and `limit` (strings, as documented) select.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::vault_resources::vault_key;
use super::{ActionCall, Reply, Store};

fn tags_of(vault: &Value) -> &[Value] {
    vault
        .get("tags")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(super) fn project(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, vault) in store.records(&vault_key(call)) {
        for tag in tags_of(vault) {
            let Some(key) = tag.get("key").and_then(Value::as_str) else {
                continue;
            };
            let held = values.entry(key.to_owned()).or_default();
            if let Some(value) = tag.get("value").and_then(Value::as_str) {
                if !held.iter().any(|v| v == value) {
                    held.push(value.to_owned());
                }
            }
        }
    }
    let tags: Vec<Value> = values
        .into_iter()
        .map(|(key, values)| json!({ "key": key, "values": values }))
        .collect();
    Reply::Json {
        status: call.status,
        body: json!({ "tags": tags }),
    }
}

/// Whether `vault` holds a tag matching `wanted` (`{"key", "values"}`).
fn has(vault: &Value, wanted: &Value) -> bool {
    let key = wanted.get("key").and_then(Value::as_str);
    let values: Vec<&str> = wanted
        .get("values")
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    tags_of(vault).iter().any(|tag| {
        tag.get("key").and_then(Value::as_str) == key
            && (values.is_empty()
                || tag
                    .get("value")
                    .and_then(Value::as_str)
                    .is_some_and(|v| values.contains(&v)))
    })
}

fn list<'a>(body: &'a Value, name: &str) -> &'a [Value] {
    body.get(name)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn selected(vault: &Value, body: &Value) -> bool {
    if body.get("without_any_tag").and_then(Value::as_bool) == Some(true) {
        return tags_of(vault).is_empty();
    }
    let all = |name| list(body, name).iter().all(|t| has(vault, t));
    let any = |name| {
        let wanted = list(body, name);
        wanted.is_empty() || wanted.iter().any(|t| has(vault, t))
    };
    let not_all = list(body, "not_tags");
    let not_any = list(body, "not_tags_any");
    let name = vault
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let matches = list(body, "matches").iter().all(|m| {
        m.get("key").and_then(Value::as_str) != Some("resource_name")
            || m.get("value")
                .and_then(Value::as_str)
                .is_some_and(|v| name.contains(v))
    });
    all("tags")
        && any("tags_any")
        && (not_all.is_empty() || !not_all.iter().all(|t| has(vault, t)))
        && !not_any.iter().any(|t| has(vault, t))
        && matches
}

fn number(body: &Value, name: &str) -> Option<usize> {
    match body.get(name)? {
        Value::String(s) => s.parse().ok(),
        v => v.as_u64().and_then(|n| usize::try_from(n).ok()),
    }
}

pub(super) fn instances(store: &mut Store, call: &ActionCall<'_>) -> Reply {
    let body = call.body;
    let vaults: Vec<&Value> = store
        .records(&vault_key(call))
        .iter()
        .map(|(_, v)| v)
        .filter(|v| selected(v, body))
        .collect();
    let total = vaults.len();
    if body.get("action").and_then(Value::as_str) == Some("count") {
        return Reply::Json {
            status: call.status,
            body: json!({ "total_count": total }),
        };
    }
    let offset = number(body, "offset").unwrap_or(0);
    let limit = number(body, "limit").unwrap_or(1000);
    let resources: Vec<Value> = vaults
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|vault| {
            json!({
                "resource_id": vault.get("id").cloned().unwrap_or(Value::Null),
                "resource_name": vault.get("name").cloned().unwrap_or(Value::Null),
                "resource_detail": [vault],
                "tags": tags_of(vault),
            })
        })
        .collect();
    Reply::Json {
        status: call.status,
        body: json!({ "resources": resources, "total_count": total }),
    }
}
