//! The harness behind the generated `rules_over_http` tests: a raw HTTP/1.1
//! client (no validation, no SDK) against an emulator on 127.0.0.1.

#![allow(dead_code)]

use hwbackup_emulator::{Emulator, DEFAULT_PROJECT_ID, DEFAULT_TOKEN};
use hwbackup_models::runtime::Operation;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends `body` raw to `op` with token auth; returns the status and body.
pub async fn send_raw(emu: &Emulator, op: &Operation, body: &str) -> (u16, Value) {
    let path = op
        .path
        .replace("{project_id}", DEFAULT_PROJECT_ID)
        .split('/')
        .map(|seg| {
            if seg.starts_with('{') {
                "0123-any-id"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let mut stream = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    let request = format!(
        "{} {path} HTTP/1.1\r\nHost: {}\r\nX-Auth-Token: {DEFAULT_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        op.method,
        emu.addr(),
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer[9..12].parse().unwrap();
    let json = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(json).unwrap_or(Value::Null))
}

fn wording(rule: &str) -> &'static str {
    match rule {
        "minLength" | "minimum" => "must be at least",
        "maxLength" | "maximum" => "must be at most",
        "minItems" => "must have at least",
        "maxItems" => "must have at most",
        "pattern" => "must match",
        "enum" => "must be one of",
        "required" => "is required",
        other => panic!("no wording for rule {other}"),
    }
}

/// Each case puts a value at a JSON pointer of the doc example and sends
/// it: a case the rule refuses must get a 400 in the cloud's error shape
/// naming the field; any other must be served.
pub async fn rules_over_http(op: &Operation, example: &str, cases: &[(&str, &str, &str, bool)]) {
    // The rules, not a workflow: every operation answers its doc example.
    let emu = Emulator::builder().stateless(true).start().await.unwrap();
    let (status, _) = send_raw(&emu, op, example).await;
    assert_eq!(
        status, op.success_status,
        "{}: the doc example is refused",
        op.id
    );
    let base: Value = serde_json::from_str(example).unwrap();
    let mut failures = Vec::new();
    for &(pointer, value, rule, refused) in cases {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let new: Value = serde_json::from_str(value).unwrap();
        if let Some(slot) = doc.pointer_mut(pointer) {
            *slot = new;
        } else if let Some(Value::Object(obj)) = doc.pointer_mut(parent) {
            obj.insert(key.to_owned(), new);
        } else {
            failures.push(format!("{pointer}: no object at {parent}"));
            continue;
        }
        let (status, answer) = send_raw(&emu, op, &doc.to_string()).await;
        let message = answer["error_msg"].as_str().unwrap_or("");
        // The field and the rule, as the models' violations word them.
        let named = message.contains(&format!(
            "{}: {}",
            hwbackup_models::runtime::path_of_pointer(pointer),
            wording(rule)
        ));
        let ok = if refused {
            status == 400 && answer["error_code"].is_string() && named
        } else {
            // Served, or refused for another rule only (a length probe may break a pattern).
            status == op.success_status || (status == 400 && !named)
        };
        if !ok {
            failures.push(format!(
                "{pointer} ({rule}) = {value}: HTTP {status} {answer}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}: {} cases failed:\n{}",
        op.id,
        failures.len(),
        failures.join("\n")
    );
}
