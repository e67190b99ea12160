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
