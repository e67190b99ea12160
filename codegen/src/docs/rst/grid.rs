//! Grid tables (`+---+---+` borders, `|` between cells, `+===+` under the
//! header), with multi-line cells. Cells spanning rows or columns do not
//! occur in the sources and are refused, naming the line.

use super::body;
use super::{Parsed, Src};

/// Parses a grid table from `lines` (the table's own lines, dedented).
pub fn parse(lines: &[Src<'_>]) -> Result<Parsed, (usize, String)> {
    let first = lines.first().ok_or((0, "empty grid table".to_owned()))?;
    if !is_border(first.text, '-') {
        return Err((
            first.line,
            "a grid table must start with a +---+ border".into(),
        ));
    }
    let bounds: Vec<usize> = first
        .text
        .char_indices()
        .filter(|(_, c)| *c == '+')
        .map(|(i, _)| i)
        .collect();
    let width = first.text.len();
    let mut header = None;
    let mut rows = Vec::new();
    let mut pending: Vec<Vec<&str>> = vec![Vec::new(); bounds.len() - 1];
    let mut row_line = None;
    for src in &lines[1..] {
        let text = src.text.trim_end();
        if text.len() != width {
            return Err((
                src.line,
                format!(
                    "grid table line is {} characters wide where its border is {width}",
                    text.len()
                ),
            ));
        }
        let head_border = is_border(text, '=');
        if head_border || is_border(text, '-') {
            if bounds.iter().any(|&b| text.as_bytes()[b] != b'+') {
                return Err((
                    src.line,
                    "border's + do not line up with the table's columns".into(),
                ));
            }
            let Some(start) = row_line.take() else {
                return Err((src.line, "two borders with no row between them".into()));
            };
            let cells = pending.iter().map(|l| body::render(l)).collect();
            pending = vec![Vec::new(); bounds.len() - 1];
            if head_border {
                if header.is_some() || !rows.is_empty() {
                    return Err((
                        src.line,
                        "a header of more than one row, or a second +===+ border".into(),
                    ));
                }
                header = Some(cells);
            } else {
                rows.push((start, cells));
            }
            continue;
        }
        if !text.starts_with('|') {
            return Err((
                src.line,
                "expected a | cell line or a + border in a grid table".into(),
            ));
        }
        for (k, &b) in bounds.iter().enumerate() {
            if text.as_bytes()[b] != b'|' {
                return Err((
                    src.line,
                    format!(
                        "no | at column {}: a misaligned column, or a cell spanning columns (not supported)",
                        b + 1
                    ),
                ));
            }
            if k + 1 < bounds.len() {
                pending[k].push(&text[b + 1..bounds[k + 1]]);
            }
        }
        row_line.get_or_insert(src.line);
    }
    if row_line.is_some() || !lines.last().is_some_and(|l| l.text.starts_with('+')) {
        let last = lines.last().map_or(first.line, |l| l.line);
        return Err((
            last,
            "unterminated grid table: it must end with a +---+ border".into(),
        ));
    }
    Ok(Parsed {
        header: header.unwrap_or_default(),
        rows,
    })
}

/// `+---+---+` (with `fill` `-` or `=`).
fn is_border(text: &str, fill: char) -> bool {
    text.starts_with('+')
        && text.ends_with('+')
        && text.chars().all(|c| c == '+' || c == fill)
        && text.contains(fill)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Vec<Src<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Src {
                line: i + 1,
                text: t,
            })
            .collect()
    }

    #[test]
    fn multi_line_cells_and_header() {
        let t = "+------+------------+\n\
                 | Name | Desc       |\n\
                 +======+============+\n\
                 | a    | one        |\n\
                 |      |            |\n\
                 |      | Max: **2** |\n\
                 +------+------------+";
        let parsed = parse(&src(t)).unwrap();
        let header: Vec<&str> = parsed.header.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(header, ["Name", "Desc"]);
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].0, 4);
        assert_eq!(parsed.rows[0].1[1].text, "one\n\nMax: 2");
        assert_eq!(parsed.rows[0].1[1].marked, ["2"]);
    }

    #[test]
    fn malformed_tables_are_named() {
        let unterminated = "+---+---+\n| a | b |";
        assert!(parse(&src(unterminated))
            .unwrap_err()
            .1
            .contains("unterminated"));
        let spanning = "+---+---+\n| a     |\n+---+---+";
        let err = parse(&src(spanning)).unwrap_err();
        assert_eq!(err.0, 2);
        assert!(err.1.contains("spanning"), "{}", err.1);
        let misaligned = "+---+---+\n| a  |b |\n+---+---+";
        let err = parse(&src(misaligned)).unwrap_err();
        assert_eq!(err.0, 2);
        assert!(err.1.contains("no | at column 5"), "{}", err.1);
        let ragged = "+---+---+\n| a | b  |\n+---+---+";
        assert!(parse(&src(ragged)).unwrap_err().1.contains("wide"));
    }
}
