//! The harness behind the generated `spec_cases.rs`: round-trips doc
//! examples and runs boundary probes, reporting every failing case at once.

use hwbackup_models::runtime::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A doc example request decodes, re-encodes to equal JSON, and passes validation.
pub fn request_example<T: DeserializeOwned + Serialize + Validate>(json: &str) {
    let value = round_trip::<T>(json);
    if let Err(e) = value.validate() {
        panic!("doc example request is refused: {e}\n{json}");
    }
}

/// A doc example response decodes and re-encodes to equal JSON.
pub fn response_example<T: DeserializeOwned + Serialize>(json: &str) {
    round_trip::<T>(json);
}

fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> T {
    let original: Value = serde_json::from_str(json).expect("example is JSON");
    let value: T = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("example does not decode: {e}\n{json}"));
    let again = serde_json::to_value(&value).expect("model encodes");
    assert_eq!(again, original, "example changes on a round trip");
    value
}

/// Each case puts a value at a JSON pointer of the example and checks that
/// the named rule is broken there exactly when `refused` says so.
pub fn boundaries<T: DeserializeOwned + Validate>(
    example: &str,
    cases: &[(&str, &str, &str, bool)],
) {
    let base: Value = serde_json::from_str(example).expect("example is JSON");
    let mut failures = Vec::new();
    for &(pointer, value, rule, refused) in cases {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').expect("pointer has a parent");
        let new: Value = serde_json::from_str(value).expect("case value is JSON");
        // An existing slot (a field, or an item of a list) is replaced; a
        // field the example leaves out is added.
        if let Some(slot) = doc.pointer_mut(pointer) {
            *slot = new;
        } else if let Some(Value::Object(obj)) = doc.pointer_mut(parent) {
            obj.insert(key.to_owned(), new);
        } else {
            failures.push(format!("{pointer}: no object at {parent} in the example"));
            continue;
        }
        let decoded: T = match serde_json::from_value(doc) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{pointer} = {value}: does not decode: {e}"));
                continue;
            }
        };
        let path = hwbackup_models::runtime::path_of_pointer(pointer);
        let errors = decoded.validate().err().unwrap_or_default();
        let broken = errors
            .iter()
            .any(|v| v.path == path && v.rule.as_str() == rule);
        if broken != refused {
            let want = if refused { "refused" } else { "accepted" };
            failures.push(format!(
                "{pointer} = {value}: expected {rule} to be {want}; got: {errors}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} boundary cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Any JSON value: scalars of every kind (any string, any finite number),
/// arrays and objects up to four levels deep.
fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer of `v` (the root included), in document order.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(obj) => {
            for (k, child) in obj {
                pointers(
                    child,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Decoding `T` is total: from the example with any one part replaced by
/// any JSON, from any JSON at all, and from any cut or damaged text of
/// the example, it returns a value or an error and never panics; a value
/// that decodes encodes again and prints.
pub fn decoding_is_total<T: DeserializeOwned + Serialize + std::fmt::Debug>(example: &str) {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let base: Value = serde_json::from_str(example).expect("example is JSON");
    let mut all = Vec::new();
    pointers(&base, String::new(), &mut all);
    let text = example.as_bytes().to_vec();
    let replaced = (proptest::sample::select(all), any_json()).prop_map(move |(at, new)| {
        let mut doc = base.clone();
        match doc.pointer_mut(&at) {
            Some(slot) => *slot = new,
            None => doc = new,
        }
        serde_json::to_vec(&doc).expect("JSON encodes")
    });
    let anything = any_json().prop_map(|v| serde_json::to_vec(&v).expect("JSON encodes"));
    let damaged = (0..=text.len(), any::<u8>(), any::<bool>()).prop_map(move |(at, byte, cut)| {
        let mut t = text.clone();
        if cut {
            t.truncate(at);
        } else {
            t.insert(at, byte);
        }
        t
    });
    let inputs = prop_oneof![4 => replaced, 2 => anything, 1 => damaged];
    let config = Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    };
    let result = TestRunner::new(config).run(&inputs, |bytes| {
        if let Ok(value) = serde_json::from_slice::<T>(&bytes) {
            serde_json::to_vec(&value).expect("a decoded value encodes");
            let _ = format!("{value:?}");
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("decoding {} is not total: {e}", std::any::type_name::<T>());
    }
}
