//! Text that came from a server, made safe to keep and print; header
//! values checked before they are sent.
//!
//! A server decides what its error messages, request ids and bodies
//! contain. Anything kept from them is cut to a known size, and anything
//! printed is one line: control characters (CR, LF, ESC, ...) are written
//! as escapes, so an answer cannot add lines to a caller's log or move
//! their terminal's cursor.

/// At most this many bytes of an error code are kept.
pub(crate) const CODE_LIMIT: usize = 128;
/// At most this many bytes of an error message are kept.
pub(crate) const MESSAGE_LIMIT: usize = 1024;
/// At most this many bytes of a request id are kept.
pub(crate) const REQUEST_ID_LIMIT: usize = 128;
/// At most this many bytes of a reason (a decoder's message) are kept.
pub(crate) const REASON_LIMIT: usize = 256;

// Bounding and one-line display of what a server sends live once, in the
// models runtime, for the client and the emulator alike.
pub(crate) use hwbackup_models::runtime::text::{bounded, OneLine};

/// Why `value` cannot travel in an HTTP header, if it cannot: the first
/// control character other than a tab (what `http` refuses), named.
pub(crate) fn header_problem(value: &str) -> Option<String> {
    let c = value.chars().find(|c| c.is_ascii_control() && *c != '\t')?;
    let name = match c {
        '\r' => "CR",
        '\n' => "LF",
        '\0' => "NUL",
        '\x7f' => "DEL",
        _ => "a control character",
    };
    Some(format!("U+{:04X} ({name})", c as u32))
}

/// A body for a trace log: as sent, except that the value of every field
/// named in `secrets` (anywhere in the JSON) is `[REDACTED]`. A body that
/// holds secrets but is not JSON is withheld whole.
pub(crate) fn loggable_body(bytes: &[u8], secrets: &[&str]) -> String {
    if secrets.is_empty() {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    fn redact(v: &mut serde_json::Value, secrets: &[&str]) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if secrets.contains(&k.as_str()) {
                        *v = serde_json::Value::from("[REDACTED]");
                    } else {
                        redact(v, secrets);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| redact(v, secrets)),
            _ => {}
        }
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(mut v) => {
            redact(&mut v, secrets);
            v.to_string()
        }
        Err(_) if bytes.is_empty() => String::new(),
        Err(_) => format!(
            "[{} bytes withheld: not JSON, may hold secrets]",
            bytes.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_left_out_of_logged_bodies() {
        let body = br#"{"user":{"name":"a","password":"hunter2"},"list":[{"password":"x"}]}"#;
        let logged = loggable_body(body, &["password"]);
        assert!(
            !logged.contains("hunter2") && !logged.contains("\"x\""),
            "{logged}"
        );
        assert!(
            logged.contains("[REDACTED]") && logged.contains("\"name\":\"a\""),
            "{logged}"
        );
        assert_eq!(loggable_body(b"{\"a\":1}", &[]), "{\"a\":1}");
        assert!(loggable_body(b"password=hunter2", &["password"]).contains("withheld"));
    }

    #[test]
    fn header_problems_are_named() {
        assert_eq!(header_problem("en-us\tok"), None);
        assert_eq!(header_problem("é"), None);
        assert_eq!(header_problem("a\rb").as_deref(), Some("U+000D (CR)"));
        assert_eq!(header_problem("a\0b").as_deref(), Some("U+0000 (NUL)"));
        assert_eq!(header_problem("a\x7fb").as_deref(), Some("U+007F (DEL)"));
        assert_eq!(
            header_problem("a\x01b").as_deref(),
            Some("U+0001 (a control character)")
        );
    }
}
