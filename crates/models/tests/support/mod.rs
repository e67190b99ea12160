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
