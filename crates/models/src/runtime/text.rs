//! What a peer sent, made safe to keep or print: cut to a bound, and
//! shown on one line. The client bounds error bodies and headers with it,
//! the emulator its answers about what it was sent.

use std::fmt;

/// The first `max` bytes of `text`, cut at a character boundary, with `…`
/// appended when something was cut.
pub fn bounded(text: &str, max: usize) -> String {
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
pub struct OneLine<'a>(pub &'a str);

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
}
