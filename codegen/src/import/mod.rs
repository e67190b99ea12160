//! Stage 1: doc model -> OpenAPI 3.0.3, written in page order.
//!
//! Each operation page becomes an operation: its parameter tables become
//! parameters, its request body table the request body, its object
//! tables component schemas (named by their captions; one that differs
//! from a same-named object of another page is qualified by its
//! operation), its status codes and response tables the responses, its
//! examples the examples. `X-Auth-Token` becomes the `token` security
//! scheme. Every row of every table is in the [`Report`]: imported (and
//! where), or skipped (and why).
//!
//! This is the general mode: no overlay, names from the pages. The
//! project's own spec adds the overlay on top.

mod ordered;
pub mod overlay;
mod schema;

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::docs::{DocError, ExampleKind, Page, Table, TableRole};
use ordered::{Node, Obj};
use schema::{apply_limits, cell, description, kind, shape, source, type_schema, Kind};

/// The imported spec and what became of every row.
pub struct Imported {
    /// The OpenAPI document, pretty-printed JSON with a final newline.
    pub spec: String,
    pub report: Report,
}

/// One line of the report per row (or per table, where a whole table is
/// left out), in page order.
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<ReportLine>,
}

#[derive(Debug)]
pub struct ReportLine {
    pub file: String,
    pub line: usize,
    /// What the line is about: a table's caption and a row's name.
    pub item: String,
    pub outcome: Outcome,
}

#[derive(Debug)]
pub enum Outcome {
    /// Where in the spec it went (a JSON pointer).
    Imported(String),
    /// Imported, with a decision recorded.
    Decided(String, String),
    /// Left out, and why.
    Skipped(String),
}

impl std::fmt::Display for ReportLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, detail) = match &self.outcome {
            Outcome::Imported(at) => ("imported", at.clone()),
            Outcome::Decided(at, why) => ("imported", format!("{at} ({why})")),
            Outcome::Skipped(why) => ("skipped", why.clone()),
        };
        write!(
            f,
            "{}:{}: {}: {what}: {detail}",
            self.file, self.line, self.item
        )
    }
}

/// The document's `info`, and the overlay to apply, if any.
pub struct Options {
    pub title: String,
    pub version: String,
    pub overlay: Option<overlay::Overlay>,
}

struct State {
    report: Report,
    errors: Vec<DocError>,
    components: Obj,
    /// Component name -> the schema it holds, without provenance, to tell
    /// a same-named object with the same fields from one with others.
    shapes: HashMap<String, String>,
    operation_ids: HashMap<String, String>,
}

/// Imports every operation page of `pages`.
pub fn import(pages: &[Page], options: &Options) -> Result<Imported, Vec<DocError>> {
    let mut st = State {
        report: Report::default(),
        errors: Vec::new(),
        components: Obj::new(),
        shapes: HashMap::new(),
        operation_ids: HashMap::new(),
    };
    let mut paths = Obj::new();
    let mut token = false;
    for page in pages {
        let Some(endpoint) = &page.endpoint else {
            for t in &page.tables {
                st.skip(
                    page,
                    t.line,
                    &caption(t),
                    format!(
                        "{} rows, on a page that documents no operation",
                        t.rows.len()
                    ),
                );
            }
            continue;
        };
        let (operation, uses_token) = st.operation(page);
        token |= uses_token;
        let item = paths.object(&endpoint.path);
        let method = endpoint.method.to_ascii_lowercase();
        if item.get(&method).is_some() {
            st.error(
                page,
                endpoint.line,
                format!(
                    "{} {} is documented by two pages",
                    endpoint.method, endpoint.path
                ),
            );
            continue;
        }
        item.set(&method, operation);
    }
    if !st.errors.is_empty() {
        return Err(st.errors);
    }
    let mut components = Obj::new().with("schemas", std::mem::take(&mut st.components));
    let mut doc = Obj::new()
        .with("openapi", "3.0.3")
        .with(
            "info",
            Obj::new()
                .with("title", options.title.as_str())
                .with("version", options.version.as_str()),
        )
        .with("paths", paths);
    if token {
        components.set(
            "securitySchemes",
            Obj::new().with(
                "token",
                Obj::new()
                    .with("type", "apiKey")
                    .with("in", "header")
                    .with("name", "X-Auth-Token")
                    .with(
                        "description",
                        "The user token the pages list as the X-Auth-Token header.",
                    ),
            ),
        );
        doc.set(
            "security",
            vec![Node::from(Obj::new().with("token", Vec::<Node>::new()))],
        );
    }
    doc.set("components", components);
    if let Some(o) = &options.overlay {
        for (at, why) in overlay::apply(&mut doc, o)? {
            st.report.lines.push(ReportLine {
                file: o.file.clone(),
                line: 0,
                item: at.clone(),
                outcome: Outcome::Decided(at, format!("overlay: {why}")),
            });
        }
    }
    let spec = st.checked(&mut doc)?;
    Ok(Imported {
        spec,
        report: st.report,
    })
}

fn caption(t: &Table) -> String {
    t.caption
        .clone()
        .unwrap_or_else(|| format!("{:?} table", t.role))
}

/// The name a caption gives an object: `Table 5 Vault` -> `Vault`.
fn caption_name(t: &Table) -> String {
    let c = t.caption.as_deref().unwrap_or("");
    let words: Vec<&str> = c.split_whitespace().collect();
    let name = match words.as_slice() {
        ["Table", _, rest @ ..] if !rest.is_empty() => rest.join(" "),
        _ => c.to_owned(),
    };
    identifier(&name)
}

/// Upper camel case of the letters and digits of `text`.
fn identifier(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, 'T');
    }
    out
}

/// The page's operation name: `:original_name:` where it is one
/// (`CopyBackup`), else its title in camel case (TaurusDB's pages carry
/// topic ids such as `gaussdb_06_0004` there).
fn operation_id(page: &Page) -> String {
    match &page.original_name {
        Some(n)
            if n.chars().all(|c| c.is_ascii_alphanumeric())
                && n.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            n.clone()
        }
        _ => identifier(&page.title),
    }
}

impl State {
    /// The spec's text, after the generator's own spec checks: an example
    /// that does not match its schema (the pages' examples sometimes
    /// contradict their tables) is left out and reported; any other
    /// problem is an error.
    fn checked(&mut self, doc: &mut Obj) -> Result<String, Vec<DocError>> {
        let write = |doc: &Obj| -> Result<String, Vec<DocError>> {
            let mut text = serde_json::to_string_pretty(doc).map_err(|e| {
                vec![DocError {
                    file: String::new(),
                    line: 0,
                    message: format!("cannot write the spec: {e}"),
                }]
            })?;
            text.push('\n');
            Ok(text)
        };
        let text = write(doc)?;
        let Err(problems) = crate::load::check(&crate::load::SpecFile::new("imported spec", &text))
        else {
            return Ok(text);
        };
        let mut errors = Vec::new();
        let mut removed = HashSet::new();
        for p in problems.0 {
            // `.../examples/<name>/value` (or a field's `example`): the whole example goes.
            let target = match p.pointer.rsplit_once("/value") {
                Some((head, "")) if head.contains("/examples/") => head.to_owned(),
                _ => p.pointer.clone(),
            };
            let p = crate::load::SpecError {
                pointer: target,
                ..p
            };
            if (p.pointer.ends_with("/example") || p.pointer.contains("/examples/"))
                && (removed.contains(&p.pointer) || doc.remove_pointer(&p.pointer))
            {
                if !removed.insert(p.pointer.clone()) {
                    continue;
                }
                let file = operation_file(doc, &p.pointer).unwrap_or_default();
                self.report.lines.push(ReportLine {
                    file,
                    line: 0,
                    item: p.pointer.clone(),
                    outcome: Outcome::Skipped(format!(
                        "an example that contradicts its table: {}",
                        p.message
                    )),
                });
            } else {
                errors.push(DocError {
                    file: "imported spec".into(),
                    line: 0,
                    message: format!("{}: {}", p.pointer, p.message),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        write(doc)
    }

    fn skip(&mut self, page: &Page, line: usize, item: &str, why: String) {
        self.report.lines.push(ReportLine {
            file: page.file.clone(),
            line,
            item: item.to_owned(),
            outcome: Outcome::Skipped(why),
        });
    }

    fn imported(
        &mut self,
        page: &Page,
        line: usize,
        item: String,
        at: String,
        decisions: Vec<String>,
    ) {
        let outcome = if decisions.is_empty() {
            Outcome::Imported(at)
        } else {
            Outcome::Decided(at, decisions.join("; "))
        };
        self.report.lines.push(ReportLine {
            file: page.file.clone(),
            line,
            item,
            outcome,
        });
    }

    fn error(&mut self, page: &Page, line: usize, message: String) {
        self.errors.push(DocError {
            file: page.file.clone(),
            line,
            message,
        });
    }

    /// One operation page: the operation, and whether it takes the token.
    fn operation(&mut self, page: &Page) -> (Obj, bool) {
        let endpoint = page.endpoint.as_ref().expect("an operation page");
        let op_id = operation_id(page);
        if let Some(other) = self.operation_ids.insert(op_id.clone(), page.file.clone()) {
            self.error(
                page,
                endpoint.line,
                format!("operation {op_id} is also the name of {other}"),
            );
        }
        // Object tables, each after the tables it refers to, so that its
        // references are named when its schema is made.
        let mut names: HashMap<String, String> = HashMap::new();
        let (order, cyclic) = dependency_order(page);
        // A recursive object is named first (qualified, so it cannot clash),
        // and its references to itself use that name.
        for t in &order {
            if let Some(label) = t.label.as_ref().filter(|l| cyclic.contains(*l)) {
                names.insert(label.clone(), format!("{op_id}{}", caption_name(t)));
            }
        }
        for t in order {
            let fixed = t
                .label
                .as_ref()
                .filter(|l| cyclic.contains(*l))
                .and_then(|l| names.get(l))
                .cloned();
            let schema = self.object_schema(page, t, &names, &op_id);
            let name = match fixed {
                Some(name) => {
                    self.shapes
                        .insert(name.clone(), shape(&Node::Object(schema.clone())));
                    self.components.set(&name, schema);
                    let line = t.line;
                    self.imported(
                        page,
                        line,
                        caption(t),
                        format!("#/components/schemas/{name}"),
                        vec!["a recursive object, named by its operation".into()],
                    );
                    name
                }
                None => {
                    let name = caption_name(t);
                    self.add_component(&name, schema, &op_id)
                }
            };
            if let Some(label) = &t.label {
                names.insert(label.clone(), name);
            }
        }
        let mut op = Obj::new()
            .with("operationId", op_id.as_str())
            .with("summary", page.title.as_str())
            .with("x-source", format!("{}#URI", page.file));
        if page.original_name.as_deref().is_some_and(|n| n != op_id) {
            op.set(
                "x-original-name",
                page.original_name.clone().unwrap_or_default(),
            );
        }
        let mut params = Vec::new();
        let mut uses_token = false;
        let mut success: Vec<(u16, String)> = Vec::new();
        let mut request_component: Option<String> = None;
        let mut statuses: Vec<(u16, String)> = Vec::new();
        for t in &page.tables {
            match t.role {
                TableRole::PathParameters
                | TableRole::QueryParameters
                | TableRole::HeaderParameters => {
                    let at = match t.role {
                        TableRole::PathParameters => "path",
                        TableRole::QueryParameters => "query",
                        _ => "header",
                    };
                    for row in &t.rows {
                        let name =
                            cell(t, row, "Parameter").map_or(String::new(), |c| c.text.clone());
                        if at == "header" && name.eq_ignore_ascii_case("X-Auth-Token") {
                            uses_token = true;
                            self.imported(
                                page,
                                row.line,
                                format!("{} {name}", caption(t)),
                                "#/components/securitySchemes/token".into(),
                                vec!["modelled as the token security scheme".into()],
                            );
                            continue;
                        }
                        if let Some(p) = self.parameter(page, t, row, at, &names) {
                            let pointer = format!("{} parameter {name}", endpoint.path);
                            params.push((p, row.line, format!("{} {name}", caption(t)), pointer));
                        }
                    }
                }
                TableRole::RequestBody => {
                    let name = format!("{op_id}Request");
                    let schema = self.object_schema(page, t, &names, &op_id);
                    let at = self.add_component(&name, schema, &op_id);
                    request_component = Some(at.clone());
                    op.set(
                        "requestBody",
                        Obj::new().with("required", true).with(
                            "content",
                            Obj::new().with(
                                "application/json",
                                Obj::new().with(
                                    "schema",
                                    Obj::new().with("$ref", format!("#/components/schemas/{at}")),
                                ),
                            ),
                        ),
                    );
                }
                TableRole::ResponseBody => {
                    let status = t.status.unwrap_or(200);
                    let suffix = if success.iter().any(|(s, _)| *s != status) || status >= 300 {
                        format!("{status}")
                    } else {
                        String::new()
                    };
                    let name = format!("{op_id}Response{suffix}");
                    let schema = self.object_schema(page, t, &names, &op_id);
                    let at = self.add_component(&name, schema, &op_id);
                    success.push((status, at));
                }
                TableRole::Object => {}
                TableRole::StatusCodes => {
                    for row in &t.rows {
                        let code = row.cells.first().map_or("", |c| c.text.trim());
                        let meaning = row.cells.get(1).map_or(String::new(), |c| c.text.clone());
                        match code
                            .split_whitespace()
                            .next()
                            .and_then(|c| c.parse::<u16>().ok())
                        {
                            Some(n) => {
                                statuses.push((n, meaning));
                                self.imported(
                                    page,
                                    row.line,
                                    format!("Status Codes {code}"),
                                    format!("{} {} responses/{n}", endpoint.method, endpoint.path),
                                    vec![],
                                );
                            }
                            None => self.skip(
                                page,
                                row.line,
                                "Status Codes",
                                format!("{code:?} is not a status code"),
                            ),
                        }
                    }
                }
                TableRole::ResponseHeaders | TableRole::ErrorCodes | TableRole::Other => {
                    self.skip(
                        page,
                        t.line,
                        &caption(t),
                        format!(
                            "{} rows: a {:?} table on an operation page is not imported",
                            t.rows.len(),
                            t.role
                        ),
                    );
                }
            }
        }
        if !params.is_empty() {
            let mut list = Vec::new();
            for (p, line, item, pointer) in params {
                self.imported(page, line, item, pointer, vec![]);
                list.push(Node::from(p));
            }
            op.set("parameters", list);
        }
        if let Some(example) = self.request_example(page) {
            if let (Some(at), Node::Leaf(value)) = (&request_component, &example) {
                field_examples(&mut self.components, at, value, 0);
            }
            if let Some(Node::Object(body)) = op.get_mut("requestBody") {
                if let Some(Node::Object(content)) = body.get_mut("content") {
                    if let Some(Node::Object(json)) = content.get_mut("application/json") {
                        json.set("examples", named_example("request", &page.title, example));
                    }
                }
            }
        }
        let mut responses = Obj::new();
        // A response body under a status the Status Codes table does not list.
        for (status, _) in &success {
            if !statuses.iter().any(|(s, _)| s == status) {
                statuses.push((*status, "OK".into()));
            }
        }
        if statuses.is_empty() {
            statuses.push((200, "OK".into()));
        }
        statuses.sort_by_key(|(s, _)| *s);
        for (status, meaning) in &statuses {
            let mut r = Obj::new().with(
                "description",
                if meaning.is_empty() {
                    "See the page."
                } else {
                    meaning.as_str()
                },
            );
            if let Some((_, at)) = success.iter().find(|(s, _)| s == status) {
                let mut media = Obj::new().with(
                    "schema",
                    Obj::new().with("$ref", format!("#/components/schemas/{at}")),
                );
                if let Some(example) = self.response_example(page, *status) {
                    if let Node::Leaf(value) = &example {
                        field_examples(&mut self.components, at, value, 0);
                    }
                    let name = format!("status-{status}");
                    media.set("examples", named_example(&name, meaning, example));
                }
                r.set("content", Obj::new().with("application/json", media));
            }
            responses.set(&status.to_string(), r);
        }
        op.set("responses", responses);
        (op, uses_token)
    }

    fn parameter(
        &mut self,
        page: &Page,
        t: &Table,
        row: &crate::docs::Row,
        at: &str,
        names: &HashMap<String, String>,
    ) -> Option<Obj> {
        let name = cell(t, row, "Parameter")?.text.clone();
        let type_cell = cell(t, row, "Type")?;
        let k = match kind(type_cell) {
            Ok(k) => k,
            Err(e) => {
                self.error(page, row.line, e);
                return None;
            }
        };
        let component = |label: &str| {
            names
                .get(label)
                .cloned()
                .unwrap_or_else(|| label.to_owned())
        };
        let mut s = type_schema(&k, &component);
        let ignored = apply_limits(&mut s, &k, &row.limits);
        for why in ignored {
            self.skip(
                page,
                row.line,
                &format!("{} {name}", caption(t)),
                format!("a limit the type cannot carry: {why}"),
            );
        }
        let mandatory = cell(t, row, "Mandatory").is_some_and(|c| c.text.trim() == "Yes");
        let desc = cell(t, row, "Description")
            .map(|c| description(c, &row.limits))
            .unwrap_or_default();
        let mut p = Obj::new().with("name", name.as_str()).with("in", at);
        if !desc.is_empty() {
            p.set("description", desc);
        }
        p.set("required", mandatory || at == "path");
        p.set("schema", s);
        p.set("x-source", source(page, t));
        Some(p)
    }

    /// An object table's schema: its rows as properties, `Mandatory: Yes` as required.
    fn object_schema(
        &mut self,
        page: &Page,
        t: &Table,
        names: &HashMap<String, String>,
        op_id: &str,
    ) -> Obj {
        let component = |label: &str| {
            names
                .get(label)
                .cloned()
                .unwrap_or_else(|| format!("{op_id}{}", identifier(label)))
        };
        let mut properties = Obj::new();
        let mut required = Vec::new();
        for row in &t.rows {
            let Some(name) = cell(t, row, "Parameter").map(|c| c.text.clone()) else {
                self.error(page, row.line, "a row with no Parameter cell".into());
                continue;
            };
            let Some(type_cell) = cell(t, row, "Type") else {
                self.error(page, row.line, format!("{name}: no Type cell"));
                continue;
            };
            let k = match kind(type_cell) {
                Ok(k) => k,
                Err(e) => {
                    self.error(page, row.line, format!("{name}: {e}"));
                    continue;
                }
            };
            let mut s = type_schema(&k, &component);
            let mut decisions = Vec::new();
            if matches!(k, Kind::Object(_)) {
                // A $ref cannot have siblings in OpenAPI 3.0: wrap it to keep the description.
                s = Obj::new().with("allOf", vec![Node::from(s)]);
            }
            for why in apply_limits(&mut s, &k, &row.limits) {
                decisions.push(format!("not carried: {why}"));
            }
            let desc = cell(t, row, "Description")
                .map(|c| description(c, &row.limits))
                .unwrap_or_default();
            if !desc.is_empty() {
                s.set("description", desc);
            }
            s.set("x-source", source(page, t));
            if cell(t, row, "Mandatory").is_some_and(|c| c.text.trim() == "Yes") {
                required.push(Node::from(name.as_str()));
            }
            if properties.get(&name).is_some() {
                self.error(
                    page,
                    row.line,
                    format!("{name} is listed twice in {}", caption(t)),
                );
                continue;
            }
            properties.set(&name, s);
            self.imported(
                page,
                row.line,
                format!("{} {name}", caption(t)),
                format!("{} properties/{name}", caption_name(t)),
                decisions,
            );
        }
        let mut schema = Obj::new().with("type", "object");
        if !required.is_empty() {
            schema.set("required", required);
        }
        schema.set("properties", properties);
        schema.set("x-source", source(page, t));
        schema
    }

    /// Adds `schema` as `name`, or reuses a same-named identical one, or
    /// qualifies the name by the operation. Returns the name used.
    fn add_component(&mut self, name: &str, schema: Obj, op_id: &str) -> String {
        let shape = shape(&Node::Object(schema.clone()));
        let mut candidate = name.to_owned();
        for attempt in 0.. {
            match self.shapes.get(&candidate) {
                Some(existing) if *existing == shape => return candidate,
                Some(_) => {
                    candidate = if attempt == 0 {
                        format!("{op_id}{name}")
                    } else {
                        format!("{op_id}{name}{attempt}")
                    };
                }
                None => break,
            }
        }
        self.shapes.insert(candidate.clone(), shape);
        self.components.set(&candidate, schema);
        candidate
    }

    fn request_example(&mut self, page: &Page) -> Option<Node> {
        let ex = page
            .examples
            .iter()
            .find(|e| e.kind == ExampleKind::Request)?;
        let body: Vec<&str> = ex
            .text
            .lines()
            .skip_while(|l| {
                l.split_whitespace()
                    .next()
                    .is_some_and(|w| ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&w))
                    || l.trim().is_empty()
            })
            .collect();
        if body.is_empty() {
            return None;
        }
        match serde_json::from_str::<Value>(&body.join("\n")) {
            Ok(v) => Some(Node::from(v)),
            Err(e) => {
                self.skip(page, ex.line, "Example Requests", format!("not JSON: {e}"));
                None
            }
        }
    }

    fn response_example(&mut self, page: &Page, status: u16) -> Option<Node> {
        let ex = page
            .examples
            .iter()
            .find(|e| e.kind == ExampleKind::Response && e.status == Some(status))?;
        match serde_json::from_str::<Value>(&ex.text) {
            Ok(v) => Some(Node::from(v)),
            Err(e) => {
                self.skip(
                    page,
                    ex.line,
                    &format!("Example Responses {status}"),
                    format!("not JSON: {e}"),
                );
                None
            }
        }
    }
}

/// Gives each scalar field of component `name` that has no `example` the
/// value the page's example body holds there, following objects and the
/// first item of lists into their components (a field's example shows in
/// the generated docs). Values the field's rules refuse are taken out
/// again, and reported, by the spec checks.
fn field_examples(components: &mut Obj, name: &str, value: &Value, depth: usize) {
    let Value::Object(fields) = value else {
        return;
    };
    if depth > 16 {
        return;
    }
    let mut nested: Vec<(String, Value)> = Vec::new();
    if let Some(Node::Object(schema)) = components.get_mut(name) {
        let Some(Node::Object(properties)) = schema.get_mut("properties") else {
            return;
        };
        for (field, v) in fields {
            let Some(Node::Object(p)) = properties.get_mut(field) else {
                continue;
            };
            let target = component_of(p);
            match (v, target) {
                (Value::Object(_), Some(t)) => nested.push((t, v.clone())),
                (Value::Array(items), Some(t)) => {
                    if let Some(first) = items.first() {
                        nested.push((t, first.clone()));
                    }
                }
                (Value::String(_) | Value::Number(_) | Value::Bool(_), None)
                    if p.get("example").is_none() =>
                {
                    p.set("example", Node::Leaf(v.clone()));
                }
                _ => {}
            }
        }
    }
    for (t, v) in nested {
        field_examples(components, &t, &v, depth + 1);
    }
}

/// The component a property refers to: `$ref`, a one-item `allOf`, or a list's items.
fn component_of(p: &Obj) -> Option<String> {
    let name = |n: &Node| match n {
        Node::Object(o) => match o.get("$ref") {
            Some(Node::Leaf(Value::String(r))) => r.rsplit('/').next().map(str::to_owned),
            _ => None,
        },
        _ => None,
    };
    if let Some(n) = name(&Node::Object(p.clone())) {
        return Some(n);
    }
    if let Some(Node::Array(items)) = p.get("allOf") {
        return items.first().and_then(name);
    }
    p.get("items").and_then(name)
}

/// `{name: {summary, value}}`: OpenAPI's named examples, which the
/// generator reads (it ignores the singular `example` of a media type).
fn named_example(name: &str, summary: &str, value: Node) -> Obj {
    Obj::new().with(
        name,
        Obj::new().with("summary", summary).with("value", value),
    )
}

/// The page an item under `/paths/<path>/<method>` came from, by its operation's `x-source`.
fn operation_file(doc: &Obj, pointer: &str) -> Option<String> {
    let mut parts = pointer.split('/').skip(1);
    let (Some("paths"), Some(path), Some(method)) = (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let path = path.replace("~1", "/").replace("~0", "~");
    let Some(Node::Object(paths)) = doc.get("paths") else {
        return None;
    };
    let Some(Node::Object(item)) = paths.get(&path) else {
        return None;
    };
    let Some(Node::Object(op)) = item.get(method) else {
        return None;
    };
    match op.get("x-source") {
        Some(Node::Leaf(Value::String(s))) => s.split('#').next().map(str::to_owned),
        _ => None,
    }
}

/// The page's object tables, each after every table its Type cells refer
/// to (depth first, in page order), and the labels of those referred to
/// from inside a cycle (a recursive schema), which must be named before
/// their schema is made.
fn dependency_order(page: &Page) -> (Vec<&Table>, HashSet<String>) {
    struct Walk<'a> {
        objects: Vec<&'a Table>,
        state: Vec<u8>, // 0 new, 1 on the path, 2 done
        order: Vec<&'a Table>,
        cyclic: HashSet<String>,
    }
    fn visit(w: &mut Walk<'_>, i: usize) {
        if w.state[i] != 0 {
            return;
        }
        w.state[i] = 1;
        let t = w.objects[i];
        if let Some(col) = t.header.iter().position(|h| h == "Type") {
            for row in &t.rows {
                for r in row.cells.get(col).map_or(&[][..], |c| &c.refs[..]) {
                    let Some(j) = w
                        .objects
                        .iter()
                        .position(|o| o.label.as_deref() == Some(&r.label))
                    else {
                        continue;
                    };
                    if w.state[j] == 1 {
                        w.cyclic.insert(r.label.clone());
                    }
                    visit(w, j);
                }
            }
        }
        w.state[i] = 2;
        w.order.push(t);
    }
    let objects: Vec<&Table> = page
        .tables
        .iter()
        .filter(|t| t.role == TableRole::Object)
        .collect();
    let mut w = Walk {
        state: vec![0; objects.len()],
        objects,
        order: Vec::new(),
        cyclic: HashSet::new(),
    };
    for i in 0..w.objects.len() {
        visit(&mut w, i);
    }
    (w.order, w.cyclic)
}
