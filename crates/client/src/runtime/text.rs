//! Text that came from a server, made safe to keep and print; header
//! values checked before they are sent.
//!
//! A server decides what its error messages, request ids and bodies
//! contain. Anything kept from them is cut to a known size, and anything
//! printed is one line: control characters (CR, LF, ESC, ...) are written
//! as escapes, so an answer cannot add lines to a caller's log or move
//! their terminal's cursor.

use std::fmt;

/// At most this many bytes of an error code are kept.
pub(crate) const CODE_LIMIT: usize = 128;
/// At most this many bytes of an error message are kept.
pub(crate) const MESSAGE_LIMIT: usize = 1024;
/// At most this many bytes of a request id are kept.
pub(crate) const REQUEST_ID_LIMIT: usize = 128;
/// At most this many bytes of a reason (a decoder's message) are kept.
pub(crate) const REASON_LIMIT: usize = 256;

/// The first `max` bytes of `text`, cut at a character boundary, with `…`
/// appended when something was cut.
pub(crate) fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end + 3);
    out.push_str(&text[..end]);
    out.push('…');
    out
}

/// Displays text on one line: control characters become `\n`, `\r`,
/// `\t` or `\u{1b}` escapes; everything else is written as is.
pub(crate) struct OneLine<'a>(pub(crate) &'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

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
    fn bounded_cuts_at_a_character_boundary_and_says_so() {
        assert_eq!(bounded("short", 10), "short");
        assert_eq!(bounded("ééé", 3), "é…");
        assert!(bounded(&"x".repeat(1 << 20), 256).len() <= 256 + '…'.len_utf8());
    }

    #[test]
    fn one_line_escapes_controls_only() {
        let shown = OneLine("a\r\nb\x1b[2Jc\u{7f}é").to_string();
        assert_eq!(shown, "a\\r\\nb\\u{1b}[2Jc\\u{7f}é");
        assert!(!shown.contains(['\r', '\n', '\x1b']));
    }

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
