//! The two text layouts of the seed pages, read into the same doc model
//! as reStructuredText:
//!
//! - pipe text (`000`): a table is `a | b | c |` lines under a
//!   `---|---|` rule; headings end with `¶`; no captions, so object tables
//!   take the names their parents' Type cells give (`X object`), in the
//!   order those are first named;
//! - one cell per line (`001`, `003`, `004`): `Table N Caption`, the header
//!   cells, then each row's cells, each on a line (blank lines between);
//!   a row starts at a name followed by `Yes`/`No` (where the table has a
//!   Mandatory column) and a type, so a Description of several
//!   paragraphs stays one cell.
//!
//! Nested objects have no `:ref:` here: a Type cell `X object` (or `Array
//! of X objects`) links to the table labelled `X`.

use super::common::{caption_role, endpoint, read_limits, METHODS};
use super::model::{
    Cell, DocError, Example, ExampleKind, Layout, Page, Ref, Row, Table, TableRole,
};

const SECTIONS: &[&str] = &[
    "Function",
    "Debugging",
    "URI",
    "Constraints",
    "Request Parameters",
    "Response Parameters",
    "Example Request",
    "Example Requests",
    "Example Response",
    "Example Responses",
    "Status Codes",
    "Error Codes",
];

const HEADER_WORDS: &[&str] = &[
    "Parameter",
    "Mandatory",
    "Type",
    "Description",
    "Status Code",
    "Error Code",
    "Error Message",
];

#[derive(Clone, Copy)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

/// Reads a page in either text layout.
pub fn read(file: &str, text: &str, layout: Layout) -> Result<Page, DocError> {
    let lines: Vec<Line<'_>> = text
        .lines()
        .enumerate()
        .map(|(i, t)| {
            let t = t.trim().trim_end_matches('¶').trim();
            // One cell per line may end each cell with ` |` (004).
            let t = match layout {
                Layout::CellPerLine if !is_pipe_rule(t) => {
                    t.strip_suffix('|').map_or(t, str::trim_end)
                }
                _ => t,
            };
            Line { no: i + 1, text: t }
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    let err = |line: usize, message: String| DocError {
        file: file.to_owned(),
        line,
        message,
    };
    let mut page = Page {
        file: file.to_owned(),
        layout,
        title: String::new(),
        original_name: None,
        endpoint: None,
        tables: Vec::new(),
        examples: Vec::new(),
    };
    let mut section = String::new();
    let mut status: Option<u16> = None;
    let mut intro: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Line { no, text } = lines[i];
        if page.title.is_empty() {
            if !text.starts_with("Updated on ") {
                page.title = text.to_owned();
            }
            i += 1;
            continue;
        }
        if SECTIONS.contains(&text) {
            section = text.to_owned();
            status = None;
            intro.clear();
            i += 1;
            continue;
        }
        if let Some(code) = text
            .strip_prefix("Status code: ")
            .and_then(|c| c.trim().parse().ok())
        {
            status = Some(code);
            intro.clear();
            i += 1;
            continue;
        }
        if section == "URI" && page.endpoint.is_none() {
            if let Some(e) = endpoint(text, no) {
                page.endpoint = Some(e);
                i += 1;
                continue;
            }
        }
        // A table: pipe rows, or a caption (or a bare header in Status Codes) and cells.
        let caption = text
            .strip_prefix("Table ")
            .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        if layout == Layout::PipeText && is_pipe_row(text) {
            // Two tables may touch: a new one starts at a row followed by a rule.
            let is_rule = |j: usize| lines.get(j).is_some_and(|l| is_pipe_rule(l.text));
            let end = (i + 2..lines.len())
                .find(|&j| !is_pipe_row(lines[j].text) || is_rule(j + 1))
                .unwrap_or(lines.len());
            let table = pipe_table(&lines[i..end], &section, status).map_err(|(l, m)| err(l, m))?;
            page.tables.push(table);
            i = end;
            continue;
        }
        if layout == Layout::CellPerLine
            && (caption.is_some()
                || (HEADER_WORDS.contains(&text)
                    && lines
                        .get(i + 1)
                        .is_some_and(|l| HEADER_WORDS.contains(&l.text))))
        {
            let start = if caption.is_some() { i + 1 } else { i };
            // Up to the next caption, heading or status line, or the next
            // table's header (tables without captions may touch).
            let header_at = |j: usize| {
                HEADER_WORDS.contains(&lines[j].text)
                    && lines
                        .get(j + 1)
                        .is_some_and(|l| HEADER_WORDS.contains(&l.text))
            };
            let width = (start..lines.len())
                .take_while(|&j| HEADER_WORDS.contains(&lines[j].text))
                .count();
            let end = (start..lines.len())
                .find(|&j| j > start + width && (is_table_end(lines[j].text) || header_at(j)))
                .unwrap_or(lines.len());
            let cap = caption.map(|_| text.to_owned());
            let table = cell_table(&lines[start..end], cap, no, &section, status)
                .map_err(|(l, m)| err(l, m))?;
            page.tables.push(table);
            i = end;
            continue;
        }
        // `POST https://... { ... }` on one line (004): the URL, then the body.
        let method_first = text
            .split_whitespace()
            .next()
            .is_some_and(|w| METHODS.contains(&w));
        if section.starts_with("Example") && method_first {
            if let Some(at) = text.find(" {") {
                intro.push(text[..at].to_owned());
                page.examples.push(Example {
                    line: no,
                    kind: ExampleKind::Request,
                    status: None,
                    intro: std::mem::take(&mut intro),
                    text: text[at + 1..].to_owned(),
                });
                i += 1;
                continue;
            }
        }
        // An example: JSON from a `{` or `[` line until its brackets balance.
        if (text.starts_with('{') || text.starts_with('[')) && section.starts_with("Example") {
            let mut depth = 0i32;
            let mut end = i;
            for (j, l) in lines.iter().enumerate().skip(i) {
                depth += l.text.matches(['{', '[']).count() as i32
                    - l.text.matches(['}', ']']).count() as i32;
                end = j + 1;
                if depth <= 0 {
                    break;
                }
            }
            let body: Vec<&str> = lines[i..end].iter().map(|l| l.text).collect();
            let kind = if section.starts_with("Example Request") {
                ExampleKind::Request
            } else {
                ExampleKind::Response
            };
            page.examples.push(Example {
                line: no,
                kind,
                status: if kind == ExampleKind::Response {
                    status
                } else {
                    None
                },
                intro: std::mem::take(&mut intro),
                text: body.join("\n"),
            });
            i = end;
            continue;
        }
        intro.push(text.to_owned());
        i += 1;
    }
    if page.title.is_empty() {
        return Err(err(1, "the page has no title".into()));
    }
    link_objects(&mut page);
    Ok(page)
}

fn is_pipe_rule(text: &str) -> bool {
    text.contains("---") && text.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

fn is_pipe_row(text: &str) -> bool {
    text.ends_with('|') && text.contains('|')
}

/// Where a cell-per-line table ends: the next caption, heading or status line.
fn is_table_end(text: &str) -> bool {
    SECTIONS.contains(&text)
        || text.starts_with("Status code: ")
        || text
            .strip_prefix("Table ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// A Type cell's words: a scalar, `X object`, `Array of X objects`, `Array of strings`.
fn is_type(text: &str) -> bool {
    let t = text.trim();
    matches!(
        t,
        "String" | "Integer" | "Long" | "Boolean" | "Number" | "Float" | "Double" | "Object"
    ) || (t.ends_with(" object") && !t.contains("  "))
        || t.starts_with("Array of ")
}

/// A cell from text lines: list bullets (`•`) become `- ` items; limit
/// keywords that a layout ran together on one line become paragraphs of
/// their own, as the reStructuredText pages write them.
fn cell_of(paragraphs: &[&str]) -> Cell {
    let mut text = String::new();
    let mut previous_item = false;
    for p in paragraphs {
        let (item, body) = match p.strip_prefix('•') {
            Some(rest) => (true, rest.trim()),
            None => (false, *p),
        };
        if !text.is_empty() {
            text.push_str(if item && previous_item { "\n" } else { "\n\n" });
        }
        if item {
            text.push_str("- ");
        }
        text.push_str(&split_limits(body));
        previous_item = item;
    }
    Cell {
        text,
        refs: Vec::new(),
        marked: Vec::new(),
    }
}

fn split_limits(text: &str) -> String {
    let mut out = text.to_owned();
    for keyword in [
        "Minimum: ",
        "Maximum: ",
        "Default: ",
        "Enumeration values:",
        "Array Length: ",
        // TaurusDB's newer pages: Definition, Constraints, Range, Default Value.
        "Constraints ",
        "Range ",
        "Default Value ",
    ] {
        out = out.replace(&format!(" {keyword}"), &format!("\n\n{keyword}"));
    }
    out
}

fn place(
    header: Vec<String>,
    rows: Vec<Row>,
    line: usize,
    caption: Option<String>,
    section: &str,
    status: Option<u16>,
) -> Table {
    let role = role(caption.as_deref(), &header);
    let mut rows = rows;
    read_limits(&header, &mut rows);
    let label = match role {
        TableRole::Object => caption.as_deref().and_then(caption_name),
        _ => None,
    };
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

/// `Table 4 CheckpointReplicateParam` -> `CheckpointReplicateParam`.
fn caption_name(caption: &str) -> Option<String> {
    let mut words = caption.split_whitespace().skip(2);
    let name = words.next()?;
    words.next().is_none().then(|| name.to_owned())
}

fn role(caption: Option<&str>, header: &[String]) -> TableRole {
    if let Some(role) = caption_role(caption) {
        role
    } else if header.first().is_some_and(|h| h == "Status Code") {
        TableRole::StatusCodes
    } else if caption.and_then(caption_name).is_some() {
        TableRole::Object
    } else {
        TableRole::Other
    }
}

fn pipe_table(
    lines: &[Line<'_>],
    section: &str,
    status: Option<u16>,
) -> Result<Table, (usize, String)> {
    let cells = |l: &Line<'_>| -> Vec<String> {
        let t = l.text.strip_suffix('|').unwrap_or(l.text);
        t.split(" | ")
            .map(|c| c.trim().trim_end_matches('|').trim().to_owned())
            .collect()
    };
    let header = cells(&lines[0]);
    if !lines.get(1).is_some_and(|l| is_pipe_rule(l.text)) {
        return Err((
            lines[0].no,
            "a pipe table's header must be followed by a ---|--- rule".into(),
        ));
    }
    let mut rows = Vec::new();
    for l in &lines[2..] {
        let c = cells(l);
        if c.len() != header.len() {
            return Err((
                l.no,
                format!("{} cells where the header has {}", c.len(), header.len()),
            ));
        }
        rows.push(Row {
            line: l.no,
            cells: c.iter().map(|t| cell_of(&[t.as_str()])).collect(),
            limits: Default::default(),
        });
    }
    Ok(place(header, rows, lines[0].no, None, section, status))
}

fn cell_table(
    lines: &[Line<'_>],
    caption: Option<String>,
    caption_line: usize,
    section: &str,
    status: Option<u16>,
) -> Result<Table, (usize, String)> {
    let width = lines
        .iter()
        .take_while(|l| HEADER_WORDS.contains(&l.text))
        .count();
    if width == 0 {
        let at = lines.first().map_or(caption_line, |l| l.no);
        return Err((
            at,
            "a table's caption must be followed by its header cells".into(),
        ));
    }
    let header: Vec<String> = lines[..width].iter().map(|l| l.text.to_owned()).collect();
    let skip = usize::from(lines.get(width).is_some_and(|l| is_pipe_rule(l.text)));
    let body = &lines[width + skip..];
    let mandatory = header.iter().position(|h| h == "Mandatory");
    let typed = header.iter().position(|h| h == "Type");
    let starts_row = |j: usize| -> bool {
        let at = |k: usize| body.get(j + k).map(|l| l.text);
        match (mandatory, typed) {
            (Some(1), Some(2)) => {
                matches!(at(1), Some("Yes" | "No"))
                    && at(2).is_some_and(is_type)
                    && at(0).is_some_and(|t| !t.contains(' '))
            }
            (None, Some(1)) => {
                at(1).is_some_and(is_type) && at(0).is_some_and(|t| !t.contains(' '))
            }
            _ => true,
        }
    };
    let mut rows = Vec::new();
    let mut j = 0;
    while j < body.len() {
        if !starts_row(j) {
            return Err((
                body[j].no,
                format!(
                    "expected a row of {} ({} cells) here",
                    header.join(", "),
                    width
                ),
            ));
        }
        // All cells but the last are one line; the last runs to the next row.
        let fixed = width - 1;
        if j + fixed >= body.len() {
            return Err((body[j].no, "a row with fewer cells than the header".into()));
        }
        let mut end = j + fixed + 1;
        let last_is_free = typed.is_some();
        while last_is_free && end < body.len() && !starts_row(end) {
            end += 1;
        }
        let mut cells: Vec<Cell> = body[j..j + fixed]
            .iter()
            .map(|l| cell_of(&[l.text]))
            .collect();
        let last: Vec<&str> = body[j + fixed..end].iter().map(|l| l.text).collect();
        cells.push(cell_of(&last));
        rows.push(Row {
            line: body[j].no,
            cells,
            limits: Default::default(),
        });
        j = end;
    }
    Ok(place(header, rows, caption_line, caption, section, status))
}

/// Type cells `X object` / `Array of X objects` get a ref to the table
/// labelled `X`. Where tables have no captions (pipe text), each object
/// table without a role takes the next name first given by a Type cell.
fn link_objects(page: &mut Page) {
    let named = |text: &str| -> Option<String> {
        let t = text.trim();
        let inner = t.strip_prefix("Array of ").unwrap_or(t);
        let name = inner
            .strip_suffix(" objects")
            .or_else(|| inner.strip_suffix(" object"))?;
        (!name.contains(' ') && !matches!(name, "String" | "Integer")).then(|| name.to_owned())
    };
    let mut queue: Vec<String> = Vec::new();
    for t in 0..page.tables.len() {
        if page.tables[t].caption.is_none() && page.tables[t].role == TableRole::Other {
            if let Some(name) = (!queue.is_empty()).then(|| queue.remove(0)) {
                page.tables[t].label = Some(name.clone());
                page.tables[t].caption = Some(name);
                page.tables[t].role = TableRole::Object;
            }
        }
        let Some(col) = page.tables[t].header.iter().position(|h| h == "Type") else {
            continue;
        };
        for r in 0..page.tables[t].rows.len() {
            let cell = &mut page.tables[t].rows[r].cells[col];
            if let Some(name) = named(&cell.text) {
                cell.refs.push(Ref {
                    text: name.clone(),
                    label: name.clone(),
                });
                if !queue.contains(&name) {
                    queue.push(name);
                }
            }
        }
    }
    // Tables without captions: the first of each section play its parameter roles.
    caption_less_roles(page);
}

/// Tables without captions (pipe text, 004): the URI table is the path parameters; in
/// Request Parameters the one holding `X-Auth-Token` is the headers and
/// the next the body; in Response Parameters the first under each status
/// line is that status's body.
fn caption_less_roles(page: &mut Page) {
    let mut body_seen = false;
    let mut response_seen: Vec<Option<u16>> = Vec::new();
    for t in &mut page.tables {
        if t.role != TableRole::Other || t.caption.is_some() {
            continue;
        }
        let first = t.rows.first().map(|r| r.cells[0].text.as_str());
        let role = match t.section.as_str() {
            "URI" => Some(TableRole::PathParameters),
            "Request Parameters" if first == Some("X-Auth-Token") => {
                Some(TableRole::HeaderParameters)
            }
            "Request Parameters" if !body_seen && t.role == TableRole::Other => {
                body_seen = true;
                Some(TableRole::RequestBody)
            }
            "Response Parameters" if !response_seen.contains(&t.status) => {
                response_seen.push(t.status);
                Some(TableRole::ResponseBody)
            }
            _ => None,
        };
        if let Some(r) = role {
            t.role = r;
            t.caption.get_or_insert_with(|| format!("{r:?}"));
        }
    }
}
