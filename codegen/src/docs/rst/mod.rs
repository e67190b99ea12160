//! reStructuredText pages: a walk over the page's blocks (sections,
//! `.. _label:` targets, `.. table::` captions, bare tables, code
//! blocks, `**Status code: N**` lines, the `METHOD /path` line), with
//! the tables themselves read by [`grid`] and [`simple`].
//!
//! Directives other than `table`, `code-block`, `note` (and the other
//! admonitions, whose prose carries no rows) and `toctree` are errors.

mod body;
mod grid;
mod simple;

use super::common::{caption_role, endpoint, read_limits};
use super::inline::render_into;
use super::model::{Cell, DocError, Example, ExampleKind, Layout, Page, Row, Table, TableRole};

/// One source line and its number (from 1).
#[derive(Clone, Copy, Debug)]
pub struct Src<'a> {
    pub line: usize,
    pub text: &'a str,
}

/// A table's cells, before it is placed on the page.
#[derive(Debug)]
pub struct Parsed {
    pub header: Vec<Cell>,
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Directives whose content is prose, not data: skipped, as a reader would.
const PROSE_DIRECTIVES: &[&str] = &[
    "note",
    "important",
    "caution",
    "warning",
    "notice",
    "attention",
    "danger",
    "tip",
    "hint",
    "toctree",
];

/// Reads one page.
pub fn read(file: &str, text: &str) -> Result<Page, DocError> {
    let lines: Vec<Src<'_>> = text
        .lines()
        .enumerate()
        .map(|(i, t)| Src {
            line: i + 1,
            text: t,
        })
        .collect();
    let err = |line: usize, message: String| DocError {
        file: file.to_owned(),
        line,
        message,
    };
    let mut page = Page {
        file: file.to_owned(),
        layout: Layout::Rst,
        title: String::new(),
        original_name: None,
        endpoint: None,
        tables: Vec::new(),
        examples: Vec::new(),
    };
    let mut styles: Vec<(char, bool)> = Vec::new();
    let mut section = String::new();
    let mut status: Option<u16> = None;
    let mut label: Option<String> = None;
    let mut intro: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Src { line, text } = lines[i];
        let trimmed = text.trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        // Field list at the top: `:original_name: CopyBackup.html`.
        if let Some(name) = trimmed.strip_prefix(":original_name:") {
            let name = name.trim();
            page.original_name = Some(name.strip_suffix(".html").unwrap_or(name).to_owned());
            i += 1;
            continue;
        }
        // Section heading: a line underlined, or over- and underlined, by
        // punctuation; each style (character, overlined or not) is a level
        // in the order first seen, as docutils reads them.
        let heading = match (lines.get(i + 1), lines.get(i + 2)) {
            (Some(title), Some(under))
                if is_underline(text, title.text.trim())
                    && under.text.trim_end() == text.trim_end() =>
            {
                Some((
                    title.text.trim(),
                    (text.trim().chars().next().unwrap_or('='), true),
                    3,
                ))
            }
            (Some(under), _) if !text.starts_with(' ') && is_underline(under.text, trimmed) => {
                Some((
                    trimmed,
                    (under.text.trim().chars().next().unwrap_or('='), false),
                    2,
                ))
            }
            _ => None,
        };
        if let Some((title, style, consumed)) = heading {
            let level = styles.iter().position(|s| *s == style).unwrap_or_else(|| {
                styles.push(style);
                styles.len() - 1
            });
            if level == 0 && page.title.is_empty() {
                page.title = title.to_owned();
            } else if level <= 1 {
                section = title.to_owned();
                status = None;
                intro.clear();
            }
            i += consumed;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(".. ") {
            if let Some(name) = rest.strip_prefix('_').and_then(|r| r.strip_suffix(':')) {
                label = Some(name.to_owned());
                i += 1;
                continue;
            }
            let Some((directive, argument)) = rest.split_once("::") else {
                // A comment: it and its indented block are skipped.
                i = block_end(&lines, i + 1, indent_of(text));
                continue;
            };
            let directive = directive.trim();
            let block_end = block_end(&lines, i + 1, indent_of(text));
            let content = &lines[i + 1..block_end];
            match directive {
                "table" => {
                    let caption = caption(argument.trim());
                    let table_lines = dedented(content);
                    if table_lines.is_empty() {
                        return Err(err(line, "a .. table:: directive with no table".into()));
                    }
                    let parsed = parse_table(&table_lines).map_err(|(l, m)| err(l, m))?;
                    page.tables.push(place(
                        parsed,
                        line,
                        Some(caption),
                        label.take(),
                        &section,
                        status,
                    ));
                }
                "code-block" => {
                    let body: Vec<&str> = dedented(content).iter().map(|s| s.text).collect();
                    let kind = example_kind(&section);
                    page.examples.push(Example {
                        line,
                        kind,
                        status: if kind == ExampleKind::Response {
                            status
                        } else {
                            None
                        },
                        intro: std::mem::take(&mut intro),
                        text: trim_blank_lines(&body).join("\n"),
                    });
                }
                d if PROSE_DIRECTIVES.contains(&d) => {}
                other => {
                    return Err(err(line, format!("unknown directive `.. {other}::`: the importer reads table, code-block, toctree and admonitions")));
                }
            }
            i = block_end;
            continue;
        }
        // A bare table (not inside a directive), at any indentation: the
        // status-code tables, and tables inside list items.
        if is_table_start(trimmed) {
            let end = (i..lines.len())
                .find(|&j| lines[j].text.trim().is_empty())
                .unwrap_or(lines.len());
            let parsed = parse_table(&dedented(&lines[i..end])).map_err(|(l, m)| err(l, m))?;
            page.tables
                .push(place(parsed, line, None, label.take(), &section, status));
            i = end;
            continue;
        }
        if let Some(code) = status_line(trimmed) {
            status = Some(code);
            intro.clear();
            i += 1;
            continue;
        }
        // A paragraph: up to a blank line (or a table, which needs none before it).
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].text.trim().is_empty() || is_table_start(lines[j].text.trim()))
            .unwrap_or(lines.len());
        let mut cell = Cell::default();
        let joined: Vec<&str> = lines[i..end].iter().map(|s| s.text.trim()).collect();
        render_into(&joined.join(" "), &mut cell);
        if page.endpoint.is_none() && section == "URI" {
            if let Some(endpoint) = endpoint(&cell.text, line) {
                page.endpoint = Some(endpoint);
            }
        }
        intro.push(cell.text);
        i = end;
    }
    if page.title.is_empty() {
        return Err(err(1, "the page has no title".into()));
    }
    check_type_refs(&page).map_err(|(l, m)| err(l, m))?;
    Ok(page)
}

/// A `Type` cell that links to an object (`:ref:`Vault <listvault__response_vault>``)
/// must find that object's table on the same page. (Description cells may
/// link anywhere: other pages, other trees.)
fn check_type_refs(page: &Page) -> Result<(), (usize, String)> {
    for table in &page.tables {
        let Some(col) = table.header.iter().position(|h| h == "Type") else {
            continue;
        };
        for row in &table.rows {
            for r in row.cells.get(col).map_or(&[][..], |c| &c.refs[..]) {
                if !page
                    .tables
                    .iter()
                    .any(|t| t.label.as_deref() == Some(&r.label))
                {
                    return Err((
                        row.line,
                        format!(
                            "dangling :ref: to {:?}: no table on this page has that label",
                            r.label
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// Where the block indented deeper than `indent` and starting at `from` ends.
fn block_end(lines: &[Src<'_>], from: usize, indent: usize) -> usize {
    let mut end = from;
    let mut j = from;
    while j < lines.len() {
        let t = lines[j].text;
        if t.trim().is_empty() {
            j += 1;
            continue;
        }
        if indent_of(t) <= indent {
            break;
        }
        j += 1;
        end = j;
    }
    end
}

/// A directive's content without its options (`:widths:`) and common indentation.
fn dedented<'a>(content: &[Src<'a>]) -> Vec<Src<'a>> {
    let body: Vec<Src<'a>> = content
        .iter()
        .copied()
        .skip_while(|s| s.text.trim().is_empty() || s.text.trim_start().starts_with(':'))
        .collect();
    let indent = body
        .iter()
        .filter(|s| !s.text.trim().is_empty())
        .map(|s| indent_of(s.text))
        .min()
        .unwrap_or(0);
    let mut out: Vec<Src<'a>> = body
        .into_iter()
        .map(|s| Src {
            line: s.line,
            text: s.text.get(indent..).unwrap_or("").trim_end(),
        })
        .collect();
    while out.last().is_some_and(|s| s.text.is_empty()) {
        out.pop();
    }
    out
}

fn trim_blank_lines<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end].to_vec()
}

/// The first line of a grid table (`+---+`) or a simple table (`=== ===`).
fn is_table_start(trimmed: &str) -> bool {
    let grid = trimmed.starts_with("+-") && trimmed.ends_with('+');
    let simple = trimmed.starts_with('=') && trimmed.chars().all(|c| c == '=' || c == ' ');
    grid || simple
}

fn is_underline(line: &str, title: &str) -> bool {
    let t = line.trim_end();
    let Some(c) = t.chars().next() else {
        return false;
    };
    !title.is_empty()
        && "=-~^\"'`#*+_.:".contains(c)
        && t.chars().all(|x| x == c)
        && t.chars().count() >= title.chars().count()
        && t.len() >= 3
}

fn parse_table(lines: &[Src<'_>]) -> Result<Parsed, (usize, String)> {
    match lines.first().map(|l| l.text.trim_start()) {
        Some(t) if t.starts_with('+') => grid::parse(lines),
        Some(t) if t.starts_with('=') => simple::parse(lines),
        _ => Err((
            lines.first().map_or(0, |l| l.line),
            "expected a grid (+---+) or simple (=== ===) table".into(),
        )),
    }
}

/// `**Table 4** CheckpointReplicateParam` as text.
fn caption(argument: &str) -> String {
    let mut cell = Cell::default();
    render_into(argument, &mut cell);
    cell.text
}

fn place(
    parsed: Parsed,
    line: usize,
    caption: Option<String>,
    label: Option<String>,
    section: &str,
    status: Option<u16>,
) -> Table {
    let header: Vec<String> = parsed.header.into_iter().map(|c| c.text).collect();
    let role = role(caption.as_deref(), label.as_deref(), &header, section);
    let mut rows: Vec<Row> = parsed
        .rows
        .into_iter()
        .map(|(line, cells)| Row {
            line,
            cells,
            limits: Default::default(),
        })
        .collect();
    read_limits(&header, &mut rows);
    Table {
        line,
        caption,
        label,
        section: section.to_owned(),
        status,
        role,
        header,
        rows,
    }
}

/// What a table is for: by its caption's words first, then by its label
/// (nested objects), then by its header (status-code tables have none).
fn role(caption: Option<&str>, label: Option<&str>, header: &[String], section: &str) -> TableRole {
    if let Some(role) = caption_role(caption) {
        return role;
    }
    let error_caption = caption.is_some_and(|c| c.to_ascii_lowercase().contains("error code"));
    if label.is_some() && caption.is_some() {
        TableRole::Object
    } else if header
        .first()
        .is_some_and(|h| h.eq_ignore_ascii_case("status code"))
        || section == "Status Codes"
    {
        TableRole::StatusCodes
    } else if error_caption || header.iter().any(|h| h.eq_ignore_ascii_case("error code")) {
        TableRole::ErrorCodes
    } else {
        TableRole::Other
    }
}

fn example_kind(section: &str) -> ExampleKind {
    match section {
        "Example Request" | "Example Requests" => ExampleKind::Request,
        "Example Response" | "Example Responses" => ExampleKind::Response,
        _ => ExampleKind::Other,
    }
}

/// `**Status code: 200**` (after rendering: `Status code: 200`).
fn status_line(trimmed: &str) -> Option<u16> {
    let inner = trimmed.strip_prefix("**")?.strip_suffix("**")?;
    inner.strip_prefix("Status code:")?.trim().parse().ok()
}
