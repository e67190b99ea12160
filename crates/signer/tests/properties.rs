//! Properties of the verifier over generated inputs (proptest; a
//! cargo-fuzz target covers the same entry point at depth, see
//! fuzz/README.md): it never panics, and it accepts exactly the
//! signature the signer makes for the request, nothing near it.

use std::time::Duration;

use hwbackup_signer::{authorization, parse_date, verify, SignableRequest};
use proptest::prelude::*;
use secrecy::SecretString;

const DATE: &str = "20261122T101530Z";

fn headers(extra: &[(String, String)]) -> Vec<(String, String)> {
    let mut h = vec![
        ("Host".to_owned(), "cbr.example".to_owned()),
        ("X-Sdk-Date".to_owned(), DATE.to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
    ];
    h.extend(extra.iter().cloned());
    h
}

fn check(auth: &str, request: &SignableRequest<'_>) -> bool {
    let secret = SecretString::from("secret");
    let now = parse_date(DATE).unwrap();
    verify(
        auth,
        request,
        |ak| (ak == "AK").then_some(&secret),
        now,
        Duration::from_secs(900),
    )
    .is_ok()
}

fn header_pair() -> impl Strategy<Value = (String, String)> {
    ("[A-Za-z-]{1,12}", any::<String>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the Authorization value and the request, an answer, never
    /// a panic; and `Ok` only for the signature the signer itself makes.
    #[test]
    fn only_the_real_signature_verifies(
        auth in prop_oneof![any::<String>(), "SDK-HMAC-SHA256 Access=AK, SignedHeaders=[a-z;-]{0,40}, Signature=[0-9a-fA-F+]{0,70}"],
        path in "(/[a-z0-9.%]{0,8}){0,4}",
        extra in proptest::collection::vec(header_pair(), 0..4),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let h = headers(&extra);
        let request = SignableRequest { method: "POST", path: &path, query: &[], headers: &h, body: &body };
        if check(&auth, &request) {
            let real = authorization("AK", &SecretString::from("secret"), &request).unwrap();
            prop_assert_eq!(auth, real);
        }
    }

    /// A real Authorization value with one character replaced, upper-cased
    /// (hex digits parse the same either way elsewhere) or inserted: refused.
    #[test]
    fn a_changed_authorization_is_refused(
        at in any::<prop::sample::Index>(),
        c in prop_oneof![any::<char>(), Just('+'), Just(','), Just(' ')],
        kind in 0..3u8,
    ) {
        let h = headers(&[("X-Language".to_owned(), "en-us".to_owned())]);
        let request = SignableRequest { method: "POST", path: "/v3/p/backups/sync", query: &[], headers: &h, body: b"{}" };
        let real = authorization("AK", &SecretString::from("secret"), &request).unwrap();
        prop_assert!(check(&real, &request));
        let mut chars: Vec<char> = real.chars().collect();
        let i = at.index(chars.len());
        match kind {
            0 => chars[i] = c,
            1 => chars[i] = chars[i].to_ascii_uppercase(),
            _ => chars.insert(i, c),
        }
        let changed: String = chars.into_iter().collect();
        prop_assume!(changed != real);
        prop_assert!(!check(&changed, &request), "{}", changed);
    }

    /// The request changed after signing (body, path, a signed header): refused.
    #[test]
    fn a_changed_request_is_refused(
        body in proptest::collection::vec(any::<u8>(), 0..64),
        path in "/v3/[a-z]{1,8}",
        language in "[a-z-]{1,8}",
    ) {
        let h = headers(&[("X-Language".to_owned(), "en-us".to_owned())]);
        let signed = SignableRequest { method: "POST", path: "/v3/p", query: &[], headers: &h, body: b"{}" };
        let auth = authorization("AK", &SecretString::from("secret"), &signed).unwrap();
        let other_headers = headers(&[("X-Language".to_owned(), language.clone())]);
        let variants = [
            SignableRequest { body: &body, ..signed },
            SignableRequest { path: &path, ..signed },
            SignableRequest { headers: &other_headers, ..signed },
        ];
        let unchanged = [body == b"{}", path == "/v3/p", language == "en-us"];
        for (variant, same) in variants.iter().zip(unchanged) {
            prop_assert_eq!(check(&auth, variant), same);
        }
    }
}
