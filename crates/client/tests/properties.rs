//! Properties of what the client reads from a server, over generated
//! inputs (proptest; a cargo-fuzz target covers the same entry point at
//! depth, see fuzz/README.md).

use hwbackup_client::{ServiceError, ERROR_BODY_LIMIT};
use proptest::prelude::*;
use serde_json::json;

/// Text a hostile server would send: controls, escapes, long runs, any Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}a-z]{0,64}",
        (any::<String>(), 0usize..5000).prop_map(|(s, n)| s.repeat(n.min(5000 / (s.len() + 1)))),
    ]
}

fn check(status: u16, id: Option<String>, body: &[u8]) -> Result<(), TestCaseError> {
    let e = ServiceError::parse(status, id, body);
    let shown = e.to_string();
    prop_assert!(!shown.chars().any(char::is_control), "{shown:?}");
    prop_assert!(shown.len() <= 4 * 1024 + 512, "{} bytes", shown.len());
    prop_assert!(e.body.len() <= ERROR_BODY_LIMIT);
    prop_assert!(e.code.as_ref().map_or(true, |c| c.len() <= 128 + 3));
    prop_assert!(e.message.as_ref().map_or(true, |m| m.len() <= 1024 + 3));
    prop_assert!(e.request_id.as_ref().map_or(true, |r| r.len() <= 128 + 3));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_parse_into_a_bounded_one_line_error(
        status in 100u16..600,
        body in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        check(status, None, &body)?;
    }

    #[test]
    fn any_code_and_message_in_any_shape_print_on_one_line(
        code in hostile_text(),
        message in hostile_text(),
        id in proptest::option::of(hostile_text()),
        shape in 0usize..4,
    ) {
        let body = match shape {
            0 => json!({"error_code": code, "error_msg": message}),
            1 => json!({"errorCode": code, "errorMsg": message}),
            2 => json!({"error": {"code": code, "message": message}}),
            _ => json!({"code": code}),
        };
        let bytes = serde_json::to_vec(&body).unwrap();
        check(500, id, &bytes)?;
        let e = ServiceError::parse(500, None, &bytes);
        if bytes.len() <= ERROR_BODY_LIMIT {
            // What was readable was read: the code, cut to its bound.
            prop_assert!(e.code.is_some());
        }
    }
}
