//! What each fuzz target checks, as plain functions of the input bytes:
//! the `fuzz_targets/` binaries call them under libFuzzer, and the test
//! below replays the committed corpora through them on stable.
//!
//! Each one panics only when a property breaks: a panic in the code
//! under test, or an answer that is unbounded, multi-line, or wrong.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use arbitrary::{Arbitrary, Unstructured};
use axum::body::Body;
use axum::http::Request;
use hwbackup_client::ServiceError;
use hwbackup_emulator::{Emulator, DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY};
use hwbackup_signer::{authorization, format_date, parse_date, verify, SignableRequest};
use secrecy::SecretString;
use serde_json::Value;

#[rustfmt::skip]
mod generated;

/// What every target is: a check of one input.
pub type Target = fn(&[u8]);

/// Decodes `data` as one response model; a value that decodes must encode again.
fn decode<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        serde_json::to_vec(&value).expect("a decoded response encodes");
        let _ = format!("{value:?}");
    }
}

/// Every response model of the spec reads `data` without panicking.
pub fn decode_responses(data: &[u8]) {
    for (_, decode) in generated::RESPONSES {
        decode(data);
    }
}

/// An error answer: the first two bytes are the status, the rest the body.
/// Parsing never panics, and what it prints is one bounded line.
pub fn error_body(data: &[u8]) {
    let (status, body) = match data {
        [a, b, rest @ ..] => (100 + u16::from_be_bytes([*a, *b]) % 500, rest),
        _ => (500, data),
    };
    let e = ServiceError::parse(
        status,
        Some(String::from_utf8_lossy(body).into_owned()),
        body,
    );
    let shown = e.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.len() <= 4096, "{} bytes", shown.len());
    assert!(e.body.len() <= hwbackup_client::ERROR_BODY_LIMIT);
}

const DATE: &str = "20261122T101530Z";

/// A request and an `Authorization` value built from the input: either any
/// text, or the real signature with one byte changed. The verifier never
/// panics, and accepts only the signature the signer makes.
pub fn verify_signature(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(input) = VerifyInput::arbitrary(&mut u) else {
        return;
    };
    let mut headers = vec![
        ("Host".to_owned(), "cbr.example".to_owned()),
        ("X-Sdk-Date".to_owned(), DATE.to_owned()),
    ];
    headers.extend(input.headers);
    let request = SignableRequest {
        method: "POST",
        path: &input.path,
        query: &input.query,
        headers: &headers,
        body: &input.body,
    };
    let secret = SecretString::from("secret");
    let real = authorization("AK", &secret, &request).ok();
    let auth = match (input.change, &real) {
        (Some((at, byte)), Some(real)) => {
            let mut bytes = real.clone().into_bytes();
            let i = at as usize % bytes.len();
            bytes[i] = byte;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => input.authorization,
    };
    let now = parse_date(DATE).expect("a valid date");
    let ok = verify(
        &auth,
        &request,
        |ak| (ak == "AK").then_some(&secret),
        now,
        Duration::from_secs(900),
    )
    .is_ok();
    if ok {
        assert_eq!(
            Some(&auth),
            real.as_ref(),
            "accepted a signature the signer did not make"
        );
    }
}

#[derive(Arbitrary, Debug)]
struct VerifyInput {
    authorization: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Change one byte of the real signature instead: (where, to what).
    change: Option<(u16, u8)>,
}

/// One running emulator and a runtime to drive it, for every input.
fn emulator() -> &'static (tokio::runtime::Runtime, Emulator) {
    static EMU: OnceLock<(tokio::runtime::Runtime, Emulator)> = OnceLock::new();
    EMU.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let emu = rt
            .block_on(Emulator::builder().record_calls(0).start())
            .expect("an emulator on 127.0.0.1");
        (rt, emu)
    })
}

#[derive(Arbitrary, Debug)]
struct EmulatorInput {
    method: u8,
    /// Which route (or none: any path), and what fills its parameters.
    route: Option<u8>,
    segments: Vec<String>,
    raw_path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Sign the request validly over exactly what it carries.
    signed: bool,
}

/// A request built from the input, validly signed when asked, served
/// in-process: the answer is JSON, and a refusal is in the cloud's shape
/// with a bounded one-line message.
pub fn emulator_request(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(input) = EmulatorInput::arbitrary(&mut u) else {
        return;
    };
    let (rt, emu) = emulator();
    let method = ["POST", "GET", "PUT", "DELETE", "PATCH"][input.method as usize % 5];
    let templates: Vec<&str> = hwbackup_models::cbr::operations::ALL
        .iter()
        .chain(hwbackup_models::gaussdb_mysql::operations::ALL)
        .map(|op| op.path)
        .collect();
    let path = match input.route {
        Some(i) => {
            let mut values = input.segments.iter();
            templates[i as usize % templates.len()]
                .split('/')
                .map(|seg| match (seg.starts_with('{'), values.next()) {
                    (false, _) => seg.to_owned(),
                    (true, Some(v)) => v.clone(),
                    (true, None) => DEFAULT_PROJECT_ID.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/")
        }
        None => input.raw_path,
    };
    let mut headers = vec![
        ("Host".to_owned(), emu.addr().to_string()),
        ("X-Sdk-Date".to_owned(), format_date(SystemTime::now())),
    ];
    headers.extend(input.headers);
    if input.signed {
        let signable = SignableRequest {
            method,
            path: &path,
            query: &[],
            headers: &headers,
            body: &input.body,
        };
        let secret = SecretString::from(DEFAULT_SECRET_KEY);
        if let Ok(auth) = authorization(DEFAULT_ACCESS_KEY, &secret, &signable) {
            headers.push(("Authorization".into(), auth));
        }
    }
    let mut builder = Request::builder().method(method).uri(path.as_str());
    for (k, v) in &headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let Ok(request) = builder.body(Body::from(input.body)) else {
        return;
    };
    let (status, body) = rt.block_on(async {
        let response = emu.handle(request).await;
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 22).await;
        (status, body.expect("an answer within 4 MiB"))
    });
    let answer: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("HTTP {status} answer is not JSON: {e}"));
    if status >= 400 {
        let message = answer["error_msg"].as_str().expect("error_msg");
        assert!(answer["error_code"].is_string(), "{answer}");
        assert!(!message.chars().any(char::is_control), "{message:?}");
        assert!(message.len() <= 2048, "{} bytes", message.len());
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every committed corpus file, through its target, on stable.
    #[test]
    fn corpora_replay_clean() {
        let targets: [(&str, super::Target); 4] = [
            ("decode_responses", super::decode_responses),
            ("error_body", super::error_body),
            ("verify_signature", super::verify_signature),
            ("emulator_request", super::emulator_request),
        ];
        for (name, target) in targets {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .join(name);
            let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
            let mut count = 0;
            for entry in entries {
                let path = entry.unwrap().path();
                target(&std::fs::read(&path).unwrap());
                count += 1;
            }
            assert!(count > 0, "{name}: empty corpus");
            println!("{name}: {count} inputs replayed");
        }
    }
}
