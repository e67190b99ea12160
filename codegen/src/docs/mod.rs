//! Stage 0: API reference pages -> the doc model ([`Page`]).
//!
//! Reads what a page says, as data, with no OpenAPI in sight: its title,
//! operation name, endpoint, tables (caption, label, role, rows of cells)
//! and examples. Anything it does not understand is a [`DocError`] naming
//! the file and line, never a row quietly lost. The importer makes the
//! spec from these pages and the overlay.

mod common;
mod inline;
pub mod limits;
pub mod model;
mod rst;
mod text;

use std::path::Path;

pub use model::{
    Cell, DocError, Endpoint, Example, ExampleKind, Layout, Limits, Page, Ref, Row, Table,
    TableRole,
};

/// Reads one page; `file` names it in errors and in the model.
pub fn read_page(file: &str, text: &str) -> Result<Page, DocError> {
    match layout(file, text) {
        Layout::Rst => rst::read(file, text),
        other => text::read(file, text, other),
    }
}

/// Which layout a page is written in: `.rst` files are reStructuredText;
/// the seed pages are all `.txt`, one of them reStructuredText too.
pub fn layout(file: &str, text: &str) -> Layout {
    if file.ends_with(".rst") || text.contains(".. table::") || text.starts_with(":original_name:")
    {
        Layout::Rst
    } else if text.lines().any(|l| l.matches(" | ").count() >= 2) {
        Layout::PipeText
    } else {
        Layout::CellPerLine
    }
}

/// Every page under `dir` (`.rst`, and `.txt` in the seed layouts), in path order, named relative to `dir`;
/// all the errors at once.
pub fn read_tree(dir: &Path) -> Result<Vec<Page>, Vec<DocError>> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let result = std::fs::read_to_string(&path)
            .map_err(|e| DocError {
                file: name.clone(),
                line: 0,
                message: format!("cannot read: {e}"),
            })
            .and_then(|text| read_page(&name, &text));
        match result {
            Ok(p) => pages.push(p),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rst" || x == "txt") {
            out.push(p);
        }
    }
}
