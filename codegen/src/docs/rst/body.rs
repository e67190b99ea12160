//! A cell's (or an item's) lines as reStructuredText body elements:
//! paragraphs and bullet lists, rendered into one [`Cell`].

use super::super::inline::render_into;
use super::super::model::Cell;

/// Renders `lines` (a cell's content, any common indentation) into a cell:
/// paragraphs are joined by a blank line, list items start with `- `.
pub fn render(lines: &[&str]) -> Cell {
    let mut cell = Cell::default();
    render_blocks(&dedent(lines), &mut cell);
    cell
}

fn dedent<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .map(str::trim_end)
        .collect()
}

/// The width of a bullet marker and the space after it (`-  x` is 3), if
/// `line` starts a bullet list item.
fn bullet(line: &str) -> Option<usize> {
    let mut chars = line.chars();
    let marker = chars.next()?;
    if !matches!(marker, '-' | '*' | '+' | '•') {
        return None;
    }
    let spaces = chars.take_while(|c| *c == ' ').count();
    (spaces > 0 && line.len() > marker.len_utf8() + spaces).then_some(marker.len_utf8() + spaces)
}

fn render_blocks(lines: &[&str], cell: &mut Cell) {
    let mut i = 0;
    let mut previous: Option<bool> = None; // was the last block a list item?
    while i < lines.len() {
        if lines[i].is_empty() {
            i += 1;
            continue;
        }
        if let Some(width) = bullet(lines[i]) {
            // The item: its first line after the marker, then every line
            // indented at least to the item's text (or blank between them).
            let mut item = vec![&lines[i][width..]];
            let mut j = i + 1;
            while j < lines.len() {
                let l = lines[j];
                let indent = l.len() - l.trim_start().len();
                if l.is_empty() {
                    let continues = lines[j + 1..]
                        .iter()
                        .find(|l| !l.is_empty())
                        .is_some_and(|l| l.len() - l.trim_start().len() >= width);
                    if !continues {
                        break;
                    }
                    item.push("");
                } else if indent >= width {
                    item.push(&l[width..]);
                } else {
                    break;
                }
                j += 1;
            }
            separate(cell, previous, true);
            cell.text.push_str("- ");
            let mut inner = Cell::default();
            render_blocks(&dedent(&item), &mut inner);
            cell.text.push_str(&inner.text);
            cell.refs.extend(inner.refs);
            cell.marked.extend(inner.marked);
            previous = Some(true);
            i = j;
            continue;
        }
        // A paragraph: lines up to a blank line or a bullet.
        let mut j = i;
        let mut text = String::new();
        while j < lines.len() && !lines[j].is_empty() && (j == i || bullet(lines[j]).is_none()) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(lines[j].trim());
            j += 1;
        }
        separate(cell, previous, false);
        render_into(&text, cell);
        previous = Some(false);
        i = j;
    }
}

/// What stands between two blocks: a line break between list items, a
/// blank line otherwise.
fn separate(cell: &mut Cell, previous: Option<bool>, item: bool) {
    match previous {
        None => {}
        Some(true) if item => cell.text.push('\n'),
        Some(_) => cell.text.push_str("\n\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lists() {
        let c = render(&[
            "Backup status. Value:",
            "",
            "-  **BUILDING**: Backup in progress",
            "-  **COMPLETED**: Backup",
            "   completed",
            "",
            "Minimum: **0**",
        ]);
        assert_eq!(
            c.text,
            "Backup status. Value:\n\n- BUILDING: Backup in progress\n- COMPLETED: Backup completed\n\nMinimum: 0"
        );
        assert_eq!(c.marked, vec!["BUILDING", "COMPLETED", "0"]);
    }
}
