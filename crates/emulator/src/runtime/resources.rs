//! Resources with state: what an operation creates, a later call can show,
//! list, update and delete, per emulator and per project.
//!
//! Which operation does what comes from the API's shape (a collection path
//! with POST creates, GET lists; its item path `/{id}` with GET, PUT and
//! DELETE shows, updates and deletes), worked out by the generator into a
//! [`Resource`] per operation. Records are the JSON the operations answer
//! with, kept in creation order under their collection's filled path
//! (`/v3/{project}/vaults`, `/v3/{project}/backups/{backup}/members`).

use std::collections::HashMap;

use hwbackup_models::runtime::{template, Value as Param};
use serde_json::{Map, Value};

use super::handler::Reply;

/// What an operation does to its resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    Create,
    List,
    Show,
    Update,
    Delete,
}

/// An operation's part in a resource, as the generator derived it.
#[derive(Debug)]
pub struct Resource {
    pub kind: ResourceKind,
    /// The collection's path template (`/v3/{project_id}/vaults`).
    pub collection: &'static str,
    /// The item's path parameter (`vault_id`); empty for collection operations.
    pub id_param: &'static str,
    /// Create, show, update: the answer's field holding the record
    /// (`vault`); list: the field holding the records (`vaults`).
    pub field: &'static str,
    /// List: the answer's field for the total, if it has one (`count`).
    pub total: &'static str,
    /// The documented error for an id that does not exist: status, code, message.
    pub not_found: (u16, &'static str, &'static str),
}

/// Every resource's records, by collection key.
#[derive(Debug, Default)]
pub(crate) struct Store {
    collections: HashMap<String, Vec<(String, Value)>>,
    /// The job a record's creation started, by record id (not saved: jobs
    /// live on the emulator's clock, which a restart resets).
    jobs: HashMap<String, String>,
}

/// A saved state: `{"format", "collections": {key: [{"id", "record"}]}}`,
/// collections sorted by key, records in creation order.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    format: String,
    collections: std::collections::BTreeMap<String, Vec<SavedRecord>>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SavedRecord {
    id: String,
    record: Value,
}

/// The version of the saved state's layout.
const STATE_FORMAT: &str = "hwbackup-emulator-state/1";

/// Query parameters that page a list rather than filter it.
const PAGING: [&str; 4] = ["offset", "limit", "marker", "sort"];
/// Query parameters that bound the records' times rather than match a field.
const TIMES: [&str; 3] = ["start_time", "begin_time", "end_time"];

impl Store {
    /// The answer of `resource`'s operation for this call, and the change
    /// to the store. `default` is the documented answer with the request
    /// echoed; `body` the request body.
    pub(crate) fn answer(
        &mut self,
        resource: &Resource,
        status: u16,
        path: &[(String, String)],
        params: &[(&'static str, Param)],
        body: &Value,
        default: Option<Value>,
    ) -> Reply {
        let key = template::fill(resource.collection, |name| {
            path.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        });
        let id = path
            .iter()
            .find(|(k, _)| k == resource.id_param)
            .map(|(_, v)| v.clone());
        // Only a create makes a collection; reading one that was never
        // created leaves the store as it was.
        let mut none = Vec::new();
        let records = match resource.kind {
            ResourceKind::Create => self.collections.entry(key.clone()).or_default(),
            _ => self.collections.get_mut(&key).unwrap_or(&mut none),
        };
        let not_found = || {
            let (status, code, message) = resource.not_found;
            Reply::error(status, code, message)
        };
        let wrap = |record: Value| {
            let mut answer = Map::new();
            answer.insert(resource.field.to_owned(), record);
            Reply::Json {
                status,
                body: Value::Object(answer),
            }
        };
        match resource.kind {
            ResourceKind::Create => {
                let Some(default) = default else {
                    return Reply::Default;
                };
                let record = default.get(resource.field).cloned().unwrap_or(Value::Null);
                let Some(id) = record.get("id").and_then(Value::as_str).map(str::to_owned) else {
                    // Nothing to find it by later: answered, not kept.
                    return Reply::Json {
                        status,
                        body: default,
                    };
                };
                records.push((id, record));
                Reply::Json {
                    status,
                    body: default,
                }
            }
            ResourceKind::Show => match id.and_then(|id| records.iter().find(|(k, _)| *k == id)) {
                Some((_, record)) => wrap(record.clone()),
                None => not_found(),
            },
            ResourceKind::Update => {
                let Some(slot) = id.and_then(|id| records.iter_mut().find(|(k, _)| *k == id))
                else {
                    return not_found();
                };
                // The body holds the changes under the same field (`{"vault": {...}}`).
                if let Some(changes) = body.get(resource.field) {
                    merge(&mut slot.1, changes);
                }
                wrap(slot.1.clone())
            }
            ResourceKind::Delete => {
                let Some(at) = id
                    .as_ref()
                    .and_then(|id| records.iter().position(|(k, _)| k == id))
                else {
                    return not_found();
                };
                records.remove(at);
                if let Some(id) = id {
                    self.cascade(&key, resource.id_param, &id);
                }
                Reply::Default
            }
            ResourceKind::List => Reply::Json {
                status,
                body: list_page(records, params, resource.field, resource.total),
            },
        }
    }

    /// The records of one collection, in creation order.
    pub(crate) fn records(&self, key: &str) -> &[(String, Value)] {
        self.collections.get(key).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn find(&self, key: &str, id: &str) -> Option<&Value> {
        self.records(key)
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, r)| r)
    }

    pub(crate) fn find_mut(&mut self, key: &str, id: &str) -> Option<&mut Value> {
        let records = self.collections.get_mut(key)?;
        records.iter_mut().find(|(k, _)| k == id).map(|(_, r)| r)
    }

    pub(crate) fn insert(&mut self, key: &str, id: &str, record: Value) {
        let records = self.collections.entry(key.to_owned()).or_default();
        records.push((id.to_owned(), record));
    }

    pub(crate) fn remove(&mut self, key: &str, id: &str) -> Option<Value> {
        let records = self.collections.get_mut(key)?;
        let at = records.iter().position(|(k, _)| k == id)?;
        self.jobs.remove(id);
        Some(records.remove(at).1)
    }

    /// Sets each record's `status` from where its job has got to:
    /// `names` are the statuses for running, done and failed.
    pub(crate) fn refresh(
        &mut self,
        key: &str,
        outcome: &dyn Fn(&str) -> Option<super::jobs::Outcome>,
        names: [&str; 3],
    ) {
        use super::jobs::Outcome;
        let Some(records) = self.collections.get_mut(key) else {
            return;
        };
        for (id, record) in records.iter_mut() {
            let state = match self.jobs.get(id.as_str()).and_then(|job| outcome(job)) {
                Some(Outcome::Running) => names[0],
                Some(Outcome::Succeeded) => names[1],
                Some(Outcome::Failed) => names[2],
                None => continue,
            };
            if let Some(fields) = record.as_object_mut() {
                fields.insert("status".to_owned(), Value::from(state));
            }
        }
    }

    /// Applies `change` to every record of a collection.
    pub(crate) fn update_all(&mut self, key: &str, mut change: impl FnMut(&mut Value)) {
        for (_, record) in self.collections.get_mut(key).into_iter().flatten() {
            change(record);
        }
    }

    pub(crate) fn link_job(&mut self, record: &str, job: &str) {
        self.jobs.insert(record.to_owned(), job.to_owned());
    }

    /// What deleting record `id` (its path parameter `id_param`, in the
    /// collection `key`) takes with it: the collections under its path
    /// (`.../vaults/{id}/...`), records of the same project that name it
    /// (`"vault_id": id`), and its place in other records' lists of
    /// associations (a policy's `associated_vaults`).
    fn cascade(&mut self, key: &str, id_param: &str, id: &str) {
        let item = format!("{key}/{id}/");
        self.collections.retain(|k, _| !k.starts_with(&item));
        let project = key.split('/').take(3).collect::<Vec<_>>().join("/") + "/";
        let names_it = |v: &Value| v.get(id_param).and_then(Value::as_str) == Some(id);
        for (k, records) in self.collections.iter_mut() {
            if !k.starts_with(&project) {
                continue;
            }
            records.retain(|(_, r)| !names_it(r));
            for (_, r) in records.iter_mut() {
                let Some(fields) = r.as_object_mut() else {
                    continue;
                };
                for list in fields.values_mut() {
                    if let Value::Array(items) = list {
                        items.retain(|item| !(item.is_object() && names_it(item)));
                    }
                }
            }
        }
    }

    /// The records as JSON, to be saved (see [`Saved`]).
    pub(crate) fn to_json(&self) -> Value {
        let collections = self
            .collections
            .iter()
            .map(|(key, records)| {
                let records = records
                    .iter()
                    .map(|(id, record)| SavedRecord {
                        id: id.clone(),
                        record: record.clone(),
                    })
                    .collect();
                (key.clone(), records)
            })
            .collect();
        let saved = Saved {
            format: STATE_FORMAT.to_owned(),
            collections,
        };
        serde_json::to_value(saved).unwrap_or(Value::Null)
    }

    /// Records saved by [`Store::to_json`]; anything else is an error saying what.
    pub(crate) fn from_json(v: &Value) -> Result<Self, String> {
        if v.get("format").and_then(Value::as_str) != Some(STATE_FORMAT) {
            return Err(format!(
                "not an emulator state file (no \"format\": \"{STATE_FORMAT}\")"
            ));
        }
        let saved: Saved = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
        let collections = saved
            .collections
            .into_iter()
            .map(|(key, records)| {
                let records = records.into_iter().map(|r| (r.id, r.record)).collect();
                (key, records)
            })
            .collect();
        Ok(Store {
            collections,
            jobs: HashMap::new(),
        })
    }

    /// Every record, by collection key, for a test's assertions.
    pub(crate) fn snapshot(&self) -> Vec<(String, Vec<Value>)> {
        let mut out: Vec<(String, Vec<Value>)> = self
            .collections
            .iter()
            .filter(|(_, records)| !records.is_empty())
            .map(|(k, records)| (k.clone(), records.iter().map(|(_, r)| r.clone()).collect()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// One page of `records` as a list operation answers it: equality filters
/// on the records' own fields (the query's other parameters), then
/// `marker` (the id after which to start) or `offset`, then `limit`;
/// `{field: [...], total: n}` (no total where `total` is empty).
pub(crate) fn list_page(
    records: &[(String, Value)],
    params: &[(&'static str, Param)],
    field: &str,
    total_field: &str,
) -> Value {
    let text = |name: &str| param_text(params, name);
    let number = |name: &str| param_number(params, name);
    let filters: Vec<(&str, String)> = params
        .iter()
        .filter(|(n, _)| !PAGING.contains(n) && !TIMES.contains(n))
        .map(|(n, v)| (*n, v.wire_text()))
        .collect();
    let mut matching: Vec<&(String, Value)> = records
        .iter()
        .filter(|(_, r)| within_times(r, params))
        .filter(|(_, r)| {
            filters.iter().all(|(name, want)| match r.get(*name) {
                Some(Value::String(s)) => s == want,
                Some(Value::Null) | None => true,
                // Numbers and flags as the query writes them.
                Some(other) => *want == other.to_string().as_str(),
            })
        })
        .collect();
    if let Some(sort) = text("sort") {
        sort_by(&mut matching, &sort);
    }
    let total = matching.len();
    let after = match text("marker") {
        Some(m) => matching
            .iter()
            .position(|(k, _)| *k == m)
            .map_or(0, |i| i + 1),
        None => number("offset").unwrap_or(0),
    };
    let limit = number("limit").unwrap_or(usize::MAX);
    let page: Vec<Value> = matching
        .into_iter()
        .skip(after)
        .take(limit)
        .map(|(_, r)| r.clone())
        .collect();
    let mut answer = Map::new();
    answer.insert(field.to_owned(), Value::Array(page));
    if !total_field.is_empty() {
        answer.insert(total_field.to_owned(), Value::from(total));
    }
    Value::Object(answer)
}

/// A parameter of the call as its wire text, if it was given.
pub(crate) fn param_text(params: &[(&'static str, Param)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.wire_text())
}

/// An integer parameter of the call, if it was given and is not negative.
pub(crate) fn param_number(params: &[(&'static str, Param)], name: &str) -> Option<usize> {
    match params.iter().find(|(n, _)| *n == name) {
        Some((_, Param::Integer(n))) => usize::try_from(*n).ok(),
        _ => None,
    }
}

/// Whether `record`'s time (its `created_at`, `begin_time` or
/// `started_at`) is within the query's `start_time` (or `begin_time`) and
/// `end_time`, both inclusive. A bound that is not a time, or a record
/// without one, does not filter.
pub(crate) fn within_times(record: &Value, params: &[(&'static str, Param)]) -> bool {
    let bound = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| param_text(params, n))
            .and_then(|t| instant(&t))
    };
    let at = ["created_at", "begin_time", "started_at"]
        .iter()
        .find_map(|f| record.get(*f).and_then(Value::as_str))
        .and_then(instant);
    let Some(at) = at else {
        return true;
    };
    let after_start = bound(&["start_time", "begin_time"]).map_or(true, |start| start <= at);
    let before_end = bound(&["end_time"]).map_or(true, |end| at <= end);
    after_start && before_end
}

/// Seconds since the epoch of `2026-12-02T06:00:00` with an optional
/// fraction and an optional zone (`Z`, `+08:00`, `+0800`); UTC without one.
fn instant(text: &str) -> Option<i64> {
    let at = hwbackup_signer::parse_timestamp(text)?;
    let secs = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// Sorts by `sort` as CBR's lists take it: `key1[:asc|desc],key2...`, each
/// key a field of the records, `desc` unless said; records keep their
/// order where the keys tie (a stable sort), so paging stays consistent.
fn sort_by(records: &mut [&(String, Value)], sort: &str) {
    let keys: Vec<(&str, bool)> = sort
        .split(',')
        .filter_map(|part| {
            let (key, direction) = part.trim().split_once(':').unwrap_or((part.trim(), "desc"));
            (!key.is_empty()).then_some((key, !direction.trim().eq_ignore_ascii_case("asc")))
        })
        .collect();
    records.sort_by(|(_, a), (_, b)| {
        for (key, descending) in &keys {
            let order = compare(a.get(*key), b.get(*key));
            let order = if *descending { order.reverse() } else { order };
            if order != std::cmp::Ordering::Equal {
                return order;
            }
        }
        std::cmp::Ordering::Equal
    });
}

/// Numbers as numbers, anything else as its text; a missing value first.
fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

/// Applies `changes` to `record`: objects field by field, anything else replaced.
fn merge(record: &mut Value, changes: &Value) {
    match (record, changes) {
        (Value::Object(r), Value::Object(c)) => {
            for (k, v) in c {
                merge(r.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_every_zone_the_pages_write() {
        let utc = instant("2020-07-06T10:41:14Z").unwrap();
        assert_eq!(instant("2020-07-06T10:41:14"), Some(utc));
        assert_eq!(instant("2020-07-06T10:41:14.065+00:00"), Some(utc));
        assert_eq!(instant("2020-07-06T18:41:14+0800"), Some(utc));
        assert_eq!(instant("2020-07-06T02:41:14-08:00"), Some(utc));
        assert_eq!(instant("2020-07-06"), None);
        assert_eq!(instant("2020-07-06T10:41:14+8"), None);
    }

    #[test]
    fn records_are_bounded_by_start_and_end_inclusive() {
        let record = serde_json::json!({"created_at": "2020-07-06T10:41:14.000+00:00"});
        let at = |name: &'static str, t: &str| vec![(name, Param::Text(t.to_owned()))];
        assert!(within_times(
            &record,
            &at("start_time", "2020-07-06T10:41:14Z")
        ));
        assert!(!within_times(
            &record,
            &at("start_time", "2020-07-06T10:41:15Z")
        ));
        assert!(within_times(
            &record,
            &at("end_time", "2020-07-06T10:41:14Z")
        ));
        assert!(!within_times(
            &record,
            &at("end_time", "2020-07-06T10:41:13Z")
        ));
        assert!(within_times(
            &record,
            &at("begin_time", "2020-07-06T18:00:00+0800")
        ));
        // A bound that is not a time filters nothing.
        assert!(within_times(&record, &at("end_time", "yesterday")));
    }
}
