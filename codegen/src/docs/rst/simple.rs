//! Simple tables (`=====  =====` rules): one line per row, columns by the
//! rules' runs of `=`; text may run past the last column's rule.

use super::body;
use super::{Parsed, Src};

/// Parses a simple table from `lines` (the table's own lines, dedented).
pub fn parse(lines: &[Src<'_>]) -> Result<Parsed, (usize, String)> {
    let first = lines.first().ok_or((0, "empty simple table".to_owned()))?;
    let columns = rule_columns(first.text).ok_or((
        first.line,
        "a simple table must start with a === rule".to_owned(),
    ))?;
    let rules: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| rule_columns(l.text).is_some())
        .map(|(i, _)| i)
        .collect();
    let last = lines.last().map_or(first.line, |l| l.line);
    if *rules.last().unwrap_or(&0) != lines.len() - 1 || rules.len() < 2 {
        return Err((
            last,
            "unterminated simple table: it must end with a === rule".into(),
        ));
    }
    for &r in &rules {
        if rule_columns(lines[r].text).as_deref() != Some(&columns[..]) {
            return Err((
                lines[r].line,
                "this rule's columns differ from the first rule's".into(),
            ));
        }
    }
    let (header_lines, body_start) = match rules.len() {
        2 => (&lines[0..0], 1),
        3 => (&lines[1..rules[1]], rules[1] + 1),
        _ => {
            return Err((
                lines[rules[3]].line,
                "a simple table with more than three rules".into(),
            ))
        }
    };
    let header = match header_lines {
        [] => Vec::new(),
        [one] => split(one, &columns)?
            .into_iter()
            .map(|t| body::render(&[t]))
            .collect(),
        [_, extra, ..] => return Err((extra.line, "a header of more than one line".into())),
    };
    let mut rows: Vec<(usize, Vec<Vec<&str>>)> = Vec::new();
    for src in &lines[body_start..lines.len() - 1] {
        if src.text.trim().is_empty() {
            continue;
        }
        let cells = split(src, &columns)?;
        // A blank first column continues the row above.
        match rows.last_mut() {
            Some((_, prev)) if cells[0].trim().is_empty() => {
                for (k, c) in cells.into_iter().enumerate() {
                    prev[k].push(c);
                }
            }
            _ => rows.push((src.line, cells.into_iter().map(|c| vec![c]).collect())),
        }
    }
    Ok(Parsed {
        header,
        rows: rows
            .into_iter()
            .map(|(line, cells)| (line, cells.iter().map(|c| body::render(c)).collect()))
            .collect(),
    })
}

/// The (start, end) of each run of `=` in a rule line, if it is one.
fn rule_columns(text: &str) -> Option<Vec<(usize, usize)>> {
    let t = text.trim_end();
    if t.is_empty() || !t.chars().all(|c| c == '=' || c == ' ') {
        return None;
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        match (c, start) {
            ('=', None) => start = Some(i),
            (' ', Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, t.len()));
    }
    Some(out)
}

/// A row line cut into its columns; text in the gap between two columns
/// is a misaligned column.
fn split<'a>(src: &Src<'a>, columns: &[(usize, usize)]) -> Result<Vec<&'a str>, (usize, String)> {
    let text = src.text.trim_end();
    let at = |i: usize| text.get(i..i + 1).unwrap_or(" ");
    let mut cells = Vec::new();
    for (k, &(start, end)) in columns.iter().enumerate() {
        let last = k + 1 == columns.len();
        if start > 0 && at(start - 1) != " " && !text.get(..start).unwrap_or("").trim().is_empty() {
            return Err((
                src.line,
                format!(
                    "misaligned column: text runs into column {} at {}",
                    k + 1,
                    start
                ),
            ));
        }
        let stop = if last {
            text.len()
        } else {
            end.min(text.len())
        };
        let cell = text
            .get(start.min(text.len())..stop.max(start.min(text.len())))
            .unwrap_or("");
        if !last && (end..columns[k + 1].0).any(|i| at(i) != " ") {
            return Err((
                src.line,
                format!(
                    "misaligned column: text past column {}'s rule at {}",
                    k + 1,
                    end + 1
                ),
            ));
        }
        cells.push(cell);
    }
    Ok(cells)
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
    fn header_rows_and_a_long_last_column() {
        let t = "=========== ===========\n\
                 Status Code Description\n\
                 =========== ===========\n\
                 200         OK, and more text than the rule\n\
                 400         Bad\n\
                 =========== ===========";
        let p = parse(&src(t)).unwrap();
        assert_eq!(p.header[1].text, "Description");
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].1[1].text, "OK, and more text than the rule");
        assert_eq!(p.rows[1].0, 5);
    }

    #[test]
    fn malformed_tables_are_named() {
        let t = "=== ===\na   b\n=== ===\nlonger b\n=== ===";
        let err = parse(&src(t)).unwrap_err();
        assert_eq!(err.0, 4);
        assert!(err.1.contains("misaligned"), "{}", err.1);
        assert!(parse(&src("=== ===\na   b"))
            .unwrap_err()
            .1
            .contains("unterminated"));
    }
}
