//! The default answer: the documented example, with what was asked echoed
//! back and fresh ids for what the call creates.

use std::collections::HashSet;

use serde_json::{Map, Value};

/// Builds the default answer from the doc example `example`.
///
/// A field whose name matches a path parameter or a request field takes
/// that value; any other `id` or `*_id` string gets a fresh UUID; the rest
/// keeps the example's value, except fields of the documented request
/// example that this request left out: those are left out too. A list of
/// objects answering a list in the request gets one item per requested
/// item, each echoing its own request.
pub fn default_response(
    example: &Value,
    request_example: &Value,
    path_params: &[(String, String)],
    request: &Value,
) -> Value {
    let mut inputs = Map::new();
    for (k, v) in path_params {
        inputs.insert(k.clone(), Value::String(v.clone()));
    }
    collect_scalars(request, &mut inputs);
    let mut documented = Map::new();
    collect_scalars(request_example, &mut documented);
    let omitted: HashSet<&String> = documented
        .keys()
        .filter(|k| !inputs.contains_key(*k))
        .collect();
    let mut out = fill(example, &Scopes::new(&inputs), request);
    strip(&mut out, &omitted);
    out
}

/// Removes the scalar fields called `names`, at any depth.
fn strip(v: &mut Value, names: &HashSet<&String>) {
    match v {
        Value::Object(obj) => {
            obj.retain(|k, v| v.is_object() || v.is_array() || !names.contains(k));
            obj.values_mut().for_each(|v| strip(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| strip(v, names)),
        _ => {}
    }
}

/// Every scalar field of `v` by name, the first occurrence winning.
fn collect_scalars(v: &Value, out: &mut Map<String, Value>) {
    if let Value::Object(obj) = v {
        for (k, v) in obj {
            match v {
                Value::Object(_) => collect_scalars(v, out),
                Value::Array(_) => {}
                _ => {
                    out.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    }
}

/// The request list called `key`, anywhere in `request`.
fn find_list<'a>(request: &'a Value, key: &str) -> Option<&'a Vec<Value>> {
    let obj = request.as_object()?;
    if let Some(Value::Array(items)) = obj.get(key) {
        return Some(items);
    }
    obj.values().find_map(|v| find_list(v, key))
}

/// The values a field can echo: a requested item's own fields first, then
/// those of the items around it, then the whole request's. Looked up
/// through, never copied, so each item of a requested list costs only its
/// own size, however many other fields the request has.
struct Scopes<'a> {
    own: &'a Map<String, Value>,
    outer: Option<&'a Scopes<'a>>,
}

impl<'a> Scopes<'a> {
    fn new(own: &'a Map<String, Value>) -> Self {
        Self { own, outer: None }
    }

    fn within(&'a self, own: &'a Map<String, Value>) -> Scopes<'a> {
        Scopes {
            own,
            outer: Some(self),
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.own
            .get(key)
            .or_else(|| self.outer.and_then(|o| o.get(key)))
    }
}

fn fill(example: &Value, inputs: &Scopes<'_>, request: &Value) -> Value {
    let Value::Object(obj) = example else {
        return example.clone();
    };
    let empty = Map::new();
    let mut out = Map::new();
    for (key, value) in obj {
        let new = match value {
            Value::Object(_) => fill(value, inputs, request),
            Value::Array(items) => match (find_list(request, key), items.first()) {
                (Some(asked), Some(template @ Value::Object(_))) => asked
                    .iter()
                    .map(|item| {
                        let fields = item.as_object().unwrap_or(&empty);
                        fill(template, &inputs.within(fields), item)
                    })
                    .collect(),
                _ => Value::Array(items.iter().map(|i| fill(i, inputs, request)).collect()),
            },
            _ => match inputs.get(key) {
                Some(v) if same_kind(v, value) => v.clone(),
                _ if is_id(key) && value.is_string() => Value::String(new_id()),
                _ => value.clone(),
            },
        };
        out.insert(key.clone(), new);
    }
    Value::Object(out)
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn is_id(key: &str) -> bool {
    key == "id" || key.ends_with("_id")
}

/// A fresh record id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn echoes_inputs_and_mints_ids() {
        let documented = json!({"name": "n", "instance_id": "i", "description": "d"});
        let example = json!({"backup": {"id": "x", "name": "n", "status": "BUILDING", "description": "d"}, "job_id": "j"});
        let out = default_response(
            &example,
            &documented,
            &[],
            &json!({"name": "mine", "instance_id": "i"}),
        );
        assert!(out["backup"].get("description").is_none());
        assert_eq!(out["backup"]["name"], "mine");
        assert_eq!(out["backup"]["status"], "BUILDING");
        assert_ne!(out["backup"]["id"], "x");
        assert_ne!(out["job_id"], "j");
        assert_ne!(out["backup"]["id"], out["job_id"]);
    }

    #[test]
    fn answers_each_requested_item() {
        let example = json!({"sync": [{"backup_id": "b", "operation_log_id": "o"}]});
        let request = json!({"sync": [{"backup_id": "one"}, {"backup_id": "two"}]});
        let out = default_response(
            &example,
            &request,
            &[("project_id".into(), "p".into())],
            &request,
        );
        let items = out["sync"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["backup_id"], "one");
        assert_eq!(items[1]["backup_id"], "two");
        assert_ne!(items[0]["operation_log_id"], "o");
    }
}
