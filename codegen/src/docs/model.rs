//! The doc model: what an API reference page says, as data, before any
//! OpenAPI is made of it. One [`Page`] per file, whatever its layout.

use serde::Serialize;

pub use super::limits::Limits;

/// One page: an operation's reference, or any other page of the tree
/// (an index, an appendix), which then has no endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// The file, as the caller names it (relative to the sources folder).
    pub file: String,
    pub layout: Layout,
    /// The page's title (its first section heading).
    pub title: String,
    /// `:original_name:` without `.html` (`CopyBackup`), where the page has one.
    pub original_name: Option<String>,
    /// `METHOD /path` from the URI section, where the page documents an operation.
    pub endpoint: Option<Endpoint>,
    pub tables: Vec<Table>,
    pub examples: Vec<Example>,
}

/// How the page is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// reStructuredText: grid and simple tables, `.. table::` captions.
    Rst,
    /// Text with `name | Yes | String | description |` rows.
    PipeText,
    /// Text with each cell on a line of its own.
    CellPerLine,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Upper case: `GET`, `POST`, `PUT`, `DELETE`.
    pub method: String,
    /// The path template, `/v3/{project_id}/vaults`.
    pub path: String,
    pub line: usize,
}

/// One table, with where it stands and what it is for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Line of the table's first line (its caption's, when it has one).
    pub line: usize,
    /// The caption as text, `Table 4 CheckpointReplicateParam`.
    pub caption: Option<String>,
    /// The `.. _label:` target just before it, which `:ref:` links name.
    pub label: Option<String>,
    /// The section it stands in (`URI`, `Request Parameters`, ...).
    pub section: String,
    /// The status code of the `**Status code: N**` line before it, if any in its section.
    pub status: Option<u16>,
    pub role: TableRole,
    /// The header row's cells, as text.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// What a table describes, from its caption and section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableRole {
    PathParameters,
    QueryParameters,
    HeaderParameters,
    RequestBody,
    /// The body of the answer with [`Table::status`].
    ResponseBody,
    /// Headers of an answer.
    ResponseHeaders,
    /// A nested object, reached from a parent row's type by `:ref:` to its label.
    Object,
    /// Status codes and their meaning.
    StatusCodes,
    /// Error codes (appendices).
    ErrorCodes,
    /// Anything else (a page of prose may hold tables of any kind).
    Other,
}

/// One row; its cells in the order of the header's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
    /// What the row's Description cell states as limits, if the table has one.
    #[serde(skip_serializing_if = "Limits::is_empty")]
    pub limits: Limits,
}

/// One cell: its text with inline markup resolved, and what that markup
/// said (links to other tables, bold and literal words).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Paragraphs joined by a blank line; list items start with `- `.
    pub text: String,
    /// `:ref:` links, in order.
    pub refs: Vec<Ref>,
    /// Words in `**bold**` or ``` ``literal`` ```, in order: the pages
    /// mark values (`Default: **false**`, `**BUILDING**`) this way.
    pub marked: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub text: String,
    pub label: String,
}

/// An example request or response (a `.. code-block::`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub line: usize,
    pub kind: ExampleKind,
    /// For responses: the `**Status code: N**` before it.
    pub status: Option<u16>,
    /// The paragraphs between the heading (or status line) and the block:
    /// for requests, often `POST https://{endpoint}/v3/...` and a description.
    pub intro: Vec<String>,
    /// The block's text, its indentation removed.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleKind {
    Request,
    Response,
    /// A code block outside the example sections.
    Other,
}

/// A construct the reader does not understand, or a malformed one: where
/// it is and what is wrong. Never a silently dropped row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DocError {}
