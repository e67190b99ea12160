//! reStructuredText inline markup to plain text: `**strong**`, `*emphasis*`,
//! ``` ``literal`` ```, `:role:`text <target>``, `` `text <url>`__ ``,
//! `` `interpreted` `` and backslash escapes, recognised by docutils'
//! rules (what may stand before a start-string and after an end-string),
//! so that `=*<>` stays text where docutils keeps it text.

use super::model::{Cell, Ref};

/// Renders one paragraph's text into `cell` (appending), collecting its
/// `:ref:` links and marked (bold or literal) words.
pub fn render_into(text: &str, cell: &mut Cell) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            // An escaped character stands for itself; an escaped space for nothing.
            if let Some(&next) = chars.get(i + 1) {
                if !next.is_whitespace() {
                    cell.text.push(next);
                }
                i += 2;
            } else {
                i += 1;
            }
            continue;
        }
        if can_start(&chars, i) {
            if let Some(next) = markup_at(&chars, i, cell) {
                i = next;
                continue;
            }
        }
        cell.text.push(c);
        i += 1;
    }
}

/// If inline markup starts at `i`, renders it and returns where it ends.
fn markup_at(chars: &[char], i: usize, cell: &mut Cell) -> Option<usize> {
    let rest = &chars[i..];
    if starts(rest, "``") {
        let (inner, end) = closed(chars, i + 2, "``", false)?;
        let text: String = inner.iter().collect();
        cell.text.push_str(&text);
        cell.marked.push(text);
        return Some(end);
    }
    if starts(rest, "**") {
        let (inner, end) = closed(chars, i + 2, "**", true)?;
        let mut inner_cell = Cell::default();
        render_plain(inner, &mut inner_cell);
        cell.text.push_str(&inner_cell.text);
        cell.marked.push(inner_cell.text);
        return Some(end);
    }
    if rest[0] == '*' {
        let (inner, end) = closed(chars, i + 1, "*", true)?;
        render_plain(inner, cell);
        return Some(end);
    }
    if rest[0] == ':' {
        // :role:`text <target>`
        let name_len = rest[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .count();
        if name_len > 0
            && rest.get(1 + name_len) == Some(&':')
            && rest.get(2 + name_len) == Some(&'`')
        {
            let role: String = rest[1..1 + name_len].iter().collect();
            let start = i + name_len + 3;
            let (inner, end) = closed(chars, start, "`", true)?;
            let (text, target) = text_and_target(inner);
            cell.text.push_str(&text);
            if role == "ref" {
                cell.refs.push(Ref {
                    text,
                    label: target,
                });
            }
            return Some(end);
        }
        return None;
    }
    if rest[0] == '`' {
        let (inner, mut end) = closed(chars, i + 1, "`", true)?;
        // `text <url>`_ and `text <url>`__ are links; `text` alone is interpreted text.
        while chars.get(end) == Some(&'_') {
            end += 1;
        }
        if end < chars.len() && !can_end_before(chars, end) {
            return None;
        }
        let (text, _) = text_and_target(inner);
        cell.text.push_str(&text);
        return Some(end);
    }
    None
}

/// Renders text that may only hold escapes (the inside of `*...*`).
fn render_plain(inner: &[char], cell: &mut Cell) {
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == '\\' && i + 1 < inner.len() {
            if !inner[i + 1].is_whitespace() {
                cell.text.push(inner[i + 1]);
            }
            i += 2;
        } else {
            cell.text.push(inner[i]);
            i += 1;
        }
    }
}

/// `text <target>` into its two parts; `target` alone is both.
fn text_and_target(inner: &[char]) -> (String, String) {
    let s: String = inner.iter().collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(open) = s.rfind(" <") {
        if s.ends_with('>') {
            let text = s[..open].trim().to_owned();
            let target = s[open + 2..s.len() - 1].to_owned();
            return (text, target);
        }
    }
    (s.clone(), s)
}

fn starts(chars: &[char], s: &str) -> bool {
    let mut it = chars.iter();
    s.chars().all(|c| it.next() == Some(&c))
}

/// docutils: a start-string follows the start of text, white space, or
/// one of `- : / ' " < ( [ {` (or other opening or dash punctuation),
/// and is followed by a character that is not white space.
fn can_start(chars: &[char], i: usize) -> bool {
    if !matches!(chars[i], '*' | '`' | ':') {
        return false;
    }
    let before_ok = i == 0 || {
        let b = chars[i - 1];
        b.is_whitespace()
            || matches!(
                b,
                '-' | ':' | '/' | '\'' | '"' | '<' | '(' | '[' | '{' | '‘' | '“' | '«'
            )
    };
    let mut j = i;
    while j < chars.len() && chars[j] == chars[i] && chars[i] != ':' {
        j += 1;
    }
    let after_ok = chars.get(j).is_some_and(|c| !c.is_whitespace());
    before_ok && after_ok
}

/// docutils: an end-string is followed by the end of text, white space,
/// or one of `- . , : ; ! ? \ / ' " ) ] } >` (or closing punctuation).
fn can_end_before(chars: &[char], at: usize) -> bool {
    match chars.get(at) {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '-' | '.'
                        | ','
                        | ':'
                        | ';'
                        | '!'
                        | '?'
                        | '\\'
                        | '/'
                        | '\''
                        | '"'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '’'
                        | '”'
                        | '»'
                )
        }
    }
}

/// The text up to the end-string `end`, and the index after it. The end
/// string must follow a character that is not white space (and, where
/// `escapes`, not a backslash), and be followed by what may end markup.
fn closed<'a>(
    chars: &'a [char],
    from: usize,
    end: &str,
    escapes: bool,
) -> Option<(&'a [char], usize)> {
    let end_chars: Vec<char> = end.chars().collect();
    let mut j = from;
    while j + end_chars.len() <= chars.len() {
        if escapes && chars[j] == '\\' {
            j += 2;
            continue;
        }
        if chars[j..].starts_with(&end_chars)
            && j > from
            && !chars[j - 1].is_whitespace()
            && (end_chars[0] == '`' || can_end_before(chars, j + end_chars.len()))
        {
            return Some((&chars[from..j], j + end_chars.len()));
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Cell {
        let mut c = Cell::default();
        render_into(text, &mut c);
        c
    }

    #[test]
    fn strong_literal_and_refs() {
        let c = cell(
            "Default: **false**, see :ref:`Billing <listvault__response_billing>` and ``a*b``",
        );
        assert_eq!(c.text, "Default: false, see Billing and a*b");
        assert_eq!(c.marked, vec!["false", "a*b"]);
        assert_eq!(
            c.refs,
            vec![Ref {
                text: "Billing".into(),
                label: "listvault__response_billing".into()
            }]
        );
    }

    #[test]
    fn characters_that_cannot_start_markup_stay_text() {
        assert_eq!(cell("characters: =*<>,|/").text, "characters: =*<>,|/");
        assert_eq!(cell("a * b and 2*3").text, "a * b and 2*3");
        assert_eq!(cell("an *unclosed start").text, "an *unclosed start");
    }

    #[test]
    fn escapes_links_and_emphasis() {
        assert_eq!(cell(r"a\,b\ c").text, "a,bc");
        assert_eq!(
            cell("see `create a Restore Point <https://x/y.html>`__.").text,
            "see create a Restore Point."
        );
        assert_eq!(cell("if *N* is set").text, "if N is set");
    }
}
