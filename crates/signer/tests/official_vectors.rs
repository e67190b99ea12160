//! The signer against signatures made by Huawei's official Python SDK
//! (`crates/client/tests/vectors/make_signer_vectors.py` wrote the file).

use std::time::Duration;

use hwbackup_signer::{
    authorization, canonical_request, parse_date, signed_header_names, verify, SignableRequest,
    VerifyError,
};
use secrecy::SecretString;
use serde_json::Value;

struct Case {
    name: String,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    canonical: String,
    authorization: String,
}

fn vectors() -> (String, SecretString, Vec<Case>) {
    let text = include_str!("../../client/tests/vectors/signer_vectors.json");
    let v: Value = serde_json::from_str(text).unwrap();
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    let date = s(&v["date"]);
    let cases = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut headers: Vec<(String, String)> = c["headers"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), s(v)))
                .collect();
            headers.push(("X-Sdk-Date".into(), date.clone()));
            headers.push(("Host".into(), s(&c["host"])));
            Case {
                name: s(&c["name"]),
                method: s(&c["method"]),
                path: s(&c["path"]),
                query: c["query"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (s(&p[0]), s(&p[1])))
                    .collect(),
                headers,
                body: s(&c["body"]).into_bytes(),
                canonical: s(&c["expected"]["canonical_request"]),
                authorization: s(&c["expected"]["authorization"]),
            }
        })
        .collect();
    (
        s(&v["access_key"]),
        SecretString::from(s(&v["secret_key"])),
        cases,
    )
}

fn request(c: &Case) -> SignableRequest<'_> {
    SignableRequest {
        method: &c.method,
        path: &c.path,
        query: &c.query,
        headers: &c.headers,
        body: &c.body,
    }
}

#[test]
fn canonical_requests_match_the_official_sdk() {
    let (_, _, cases) = vectors();
    assert!(cases.len() >= 6);
    for c in &cases {
        let signed = signed_header_names(&c.headers);
        assert_eq!(
            canonical_request(&request(c), &signed),
            c.canonical,
            "{}",
            c.name
        );
    }
}

#[test]
fn signatures_match_the_official_sdk() {
    let (ak, sk, cases) = vectors();
    for c in &cases {
        assert_eq!(
            authorization(&ak, &sk, &request(c)).unwrap(),
            c.authorization,
            "{}",
            c.name
        );
    }
}

#[test]
fn official_signatures_verify_and_a_wrong_key_does_not() {
    let (ak, sk, cases) = vectors();
    let wrong = SecretString::from("not-the-secret");
    for c in &cases {
        let date = c.headers.iter().find(|(k, _)| k == "X-Sdk-Date").unwrap();
        let now = parse_date(&date.1).unwrap();
        let skew = Duration::from_secs(900);
        let ok = verify(
            &c.authorization,
            &request(c),
            |k| (k == ak).then_some(&sk),
            now,
            skew,
        );
        assert_eq!(ok, Ok(ak.clone()), "{}", c.name);
        let bad = verify(&c.authorization, &request(c), |_| Some(&wrong), now, skew);
        assert_eq!(bad, Err(VerifyError::Mismatch), "{}", c.name);
        let late = verify(
            &c.authorization,
            &request(c),
            |_| Some(&sk),
            now + Duration::from_secs(3600),
            skew,
        );
        assert!(matches!(late, Err(VerifyError::BadDate(_))), "{}", c.name);
    }
}

#[test]
fn an_altered_body_or_path_fails_verification() {
    let (ak, sk, cases) = vectors();
    let c = &cases[0];
    let now = parse_date("20261122T101530Z").unwrap();
    let skew = Duration::from_secs(900);
    let mut body = c.body.clone();
    body.push(b' ');
    let altered = SignableRequest {
        body: &body,
        ..request(c)
    };
    assert_eq!(
        verify(&c.authorization, &altered, |_| Some(&sk), now, skew),
        Err(VerifyError::Mismatch)
    );
    let moved = SignableRequest {
        path: "/v3/other/backups/sync",
        ..request(c)
    };
    assert_eq!(
        verify(&c.authorization, &moved, |_| Some(&sk), now, skew),
        Err(VerifyError::Mismatch)
    );
    let unknown = verify(&c.authorization, &request(c), |_| None, now, skew);
    assert_eq!(unknown, Err(VerifyError::UnknownAccessKey(ak)));
}

/// The forms an adversarial review got past the verifier: each is refused.
#[test]
fn only_the_exact_official_form_verifies() {
    let (_, sk, cases) = vectors();
    let c = &cases[0];
    let date = c.headers.iter().find(|(k, _)| k == "X-Sdk-Date").unwrap();
    let now = parse_date(&date.1).unwrap();
    let skew = Duration::from_secs(900);
    let check = |auth: &str, req: &SignableRequest<'_>| verify(auth, req, |_| Some(&sk), now, skew);
    assert!(check(&c.authorization, &request(c)).is_ok());

    let (head, signature) = c.authorization.split_once("Signature=").unwrap();
    let malformed = |r: Result<String, VerifyError>| matches!(r, Err(VerifyError::Malformed(_)));
    // Upper-case and sign-prefixed hex parse as the same bytes elsewhere.
    let upper = format!("{head}Signature={}", signature.to_uppercase());
    assert!(malformed(check(&upper, &request(c))), "{upper}");
    let plus = format!("{head}Signature=+{}", &signature[1..]);
    assert!(malformed(check(&plus, &request(c))), "{plus}");
    let trailing = format!("{}, Signature={signature}", c.authorization);
    assert!(malformed(check(&trailing, &request(c))));
    // A second Access part.
    let twice = c
        .authorization
        .replacen("Access=", "Access=nobody, Access=", 1);
    assert!(malformed(check(&twice, &request(c))), "{twice}");

    // Two copies of a signed header: the signer hashed one, a server may read the other.
    let mut headers = c.headers.clone();
    let signed_name = headers
        .iter()
        .find(|(k, _)| !k.eq_ignore_ascii_case("host") && !k.contains('_'))
        .unwrap()
        .0
        .clone();
    headers.insert(0, (signed_name.clone(), "injected".into()));
    let doubled = SignableRequest {
        headers: &headers,
        ..request(c)
    };
    assert!(
        malformed(check(&c.authorization, &doubled)),
        "{signed_name}"
    );

    // host must be signed: a signature over x-sdk-date alone is good for
    // any server. (Refused before the MAC is even computed.)
    let mut with_host: Vec<(String, String)> = c
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("x-sdk-date"))
        .cloned()
        .collect();
    with_host.push(("Host".into(), "anything.example".into()));
    let forged = format!(
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature={}",
        "0".repeat(64)
    );
    let req = SignableRequest {
        headers: &with_host,
        ..request(c)
    };
    assert_eq!(
        check(&forged, &req),
        Err(VerifyError::Malformed("SignedHeaders must include host"))
    );
}
