//! Properties of the emulator's request handling over generated requests
//! (proptest; a cargo-fuzz target covers the same entry point at depth,
//! see fuzz/README.md). Half of them carry a valid signature over their
//! own random contents, so they reach decoding and validation.
//!
//! Whatever comes in, the answer is JSON; a refusal is in the cloud's
//! shape `{error_code, error_msg}` with a bounded, one-line message; and
//! the emulator keeps serving valid calls afterwards.

use std::time::SystemTime;

use axum::body::Body;
use axum::http::Request;
use hwbackup_emulator::{Emulator, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY};
use hwbackup_signer::{authorization, format_date, SignableRequest};
use proptest::prelude::*;
use secrecy::SecretString;
use serde_json::Value;

const MYSQL: &str = r#"{"instance_id":"07033b125fd94a8a96896f8bcfee6ddain07","name":"backup-1"}"#;
const REPLICATE: &str = r#"{"replicate":{"destination_project_id":"68589cac08274b82b4e254268a3862d8","destination_region":"region2","destination_vault_id":"0ca3eb86-8800-46da-9c37-9d657a825274","vault_id":"3b5816b5-f29c-4172-9d9a-76c719a659ce"}}"#;

#[derive(Debug, Clone)]
struct Input {
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    auth: Auth,
}

#[derive(Debug, Clone, Copy)]
enum Auth {
    None,
    Token,
    Signed,
}

/// A path: a route of the spec with its parameters filled with anything
/// (percent-encoded bytes included), or any path at all.
fn path() -> impl Strategy<Value = String> {
    let templates: Vec<&'static str> = hwbackup_models::cbr::operations::ALL
        .iter()
        .chain(hwbackup_models::gaussdb_mysql::operations::ALL)
        .map(|op| op.path)
        .collect();
    let value = prop_oneof![
        Just(DEFAULT_PROJECT_ID.to_owned()),
        "[a-z0-9.]{0,12}",
        proptest::collection::vec(any::<u8>(), 0..8)
            .prop_map(|b| b.iter().map(|x| format!("%{x:02X}")).collect()),
    ];
    let filled = (proptest::sample::select(templates), value.clone(), value).prop_map(
        |(template, first, second)| {
            let mut n = 0;
            template
                .split('/')
                .map(|seg| {
                    if !seg.starts_with('{') {
                        return seg.to_owned();
                    }
                    n += 1;
                    if n == 1 {
                        first.clone()
                    } else {
                        second.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        },
    );
    prop_oneof![4 => filled, 1 => "(/[a-zA-Z0-9%._-]{0,10}){0,6}"]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let seeds = proptest::sample::select(vec![MYSQL, REPLICATE, "{}", "null", "[]", ""]);
    prop_oneof![
        seeds.clone().prop_map(|s| s.as_bytes().to_vec()),
        (seeds.clone(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(s, at, b)| {
            let mut v = s.as_bytes().to_vec();
            let i = if v.is_empty() { 0 } else { at.index(v.len()) };
            v.insert(i, b);
            v
        }),
        (
            seeds,
            "[a-z_]{1,16}",
            prop_oneof![
                Just("1"),
                Just("\"x\""),
                Just("[]"),
                Just("{}"),
                Just("null")
            ]
        )
            .prop_map(|(s, key, value)| {
                let mut doc: Value = serde_json::from_str(s).unwrap_or(Value::Null);
                if let Some(obj) = doc.as_object_mut() {
                    obj.insert(key, serde_json::from_str(value).unwrap());
                }
                doc.to_string().into_bytes()
            }),
        proptest::collection::vec(any::<u8>(), 0..256),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    let method = proptest::sample::select(vec!["POST", "POST", "GET", "PUT", "DELETE", "PATCH"]);
    let header = prop_oneof![
        ("X-Language", "[a-z-\\x00-\\x1f]{0,8}"),
        ("X-Project-Id", "[0-9a-f]{0,32}"),
        ("Content-Type", "[a-z/;=-]{0,20}"),
        ("X-Auth-Token", ".{0,12}"),
    ]
    .prop_map(|(k, v)| (k.to_owned(), v));
    let auth = prop_oneof![1 => Just(Auth::None), 1 => Just(Auth::Token), 3 => Just(Auth::Signed)];
    let anything = (
        method,
        path(),
        proptest::collection::vec(header, 0..3),
        body(),
        auth,
    )
        .prop_map(|(method, path, headers, body, auth)| Input {
            method,
            path,
            headers,
            body,
            auth,
        });
    // A quarter are valid calls (only an optional header varies), so that
    // accepted requests are always among the inputs, not by luck.
    let language = "[a-z]{2}-[a-z]{2}".prop_map(|v| ("X-Language".to_owned(), v));
    let valid = proptest::collection::vec(language, 0..2).prop_map(|headers| Input {
        method: "POST",
        path: format!("/v3/{DEFAULT_PROJECT_ID}/backups/create"),
        headers,
        body: MYSQL.as_bytes().to_vec(),
        auth: Auth::Signed,
    });
    prop_oneof![3 => anything, 1 => valid]
}

/// The HTTP request for `input`, signed over exactly what it carries when
/// asked; `None` when `http` itself refuses a header.
fn request(emu: &Emulator, input: &Input) -> Option<Request<Body>> {
    let mut headers = vec![
        ("Host".to_owned(), emu.addr().to_string()),
        ("X-Sdk-Date".to_owned(), format_date(SystemTime::now())),
    ];
    headers.extend(input.headers.iter().cloned());
    match input.auth {
        Auth::None => {}
        Auth::Token => headers.push((
            "X-Auth-Token".into(),
            hwbackup_emulator::DEFAULT_TOKEN.into(),
        )),
        Auth::Signed => {
            let signable = SignableRequest {
                method: input.method,
                path: &input.path,
                query: &[],
                headers: &headers,
                body: &input.body,
            };
            let secret = SecretString::from(DEFAULT_SECRET_KEY);
            let auth = authorization(DEFAULT_ACCESS_KEY, &secret, &signable).ok()?;
            headers.push(("Authorization".into(), auth));
        }
    }
    let mut builder = Request::builder().method(input.method).uri(&input.path);
    for (k, v) in &headers {
        builder = builder.header(k, v);
    }
    builder.body(Body::from(input.body.clone())).ok()
}

#[test]
fn every_request_gets_an_answer_in_the_cloud_shape() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let emu = runtime.block_on(Emulator::start()).unwrap();
    let config = ProptestConfig {
        cases: 384,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let accepted = std::cell::Cell::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&input(), |input| {
            let Some(request) = request(&emu, &input) else {
                return Ok(());
            };
            let (status, body) = runtime.block_on(async {
                let response = emu.handle(request).await;
                let status = response.status().as_u16();
                let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                    .await
                    .unwrap();
                (status, bytes)
            });
            // Operations documented to answer without a body (a DELETE's
            // 204) answer with none; every other answer is JSON.
            if status < 400 && body.is_empty() {
                accepted.set(accepted.get() + 1);
                return Ok(());
            }
            let answer: Value = serde_json::from_slice(&body)
                .map_err(|e| TestCaseError::fail(format!("HTTP {status}: not JSON ({e})")))?;
            if status >= 400 {
                let code = answer["error_code"].as_str();
                let message = answer["error_msg"].as_str().unwrap_or("\n");
                prop_assert!(code.is_some(), "HTTP {} {}", status, answer);
                prop_assert!(!message.chars().any(char::is_control), "{:?}", message);
                prop_assert!(message.len() <= 2048, "{} bytes", message.len());
            } else {
                accepted.set(accepted.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    // Still serving, and some generated requests got through every check.
    let last = Input {
        method: "POST",
        path: format!("/v3/{DEFAULT_PROJECT_ID}/backups/create"),
        headers: vec![],
        body: MYSQL.as_bytes().to_vec(),
        auth: Auth::Signed,
    };
    let response = runtime.block_on(emu.handle(request(&emu, &last).unwrap()));
    assert_eq!(response.status(), 201);
    assert!(accepted.get() > 0, "no generated request was accepted");
}
