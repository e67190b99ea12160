//! One row of a table into a schema: its Type cell into a JSON Schema
//! type (or a `$ref` to the object its `:ref:` names), its limits into
//! keywords that mean the same thing for that type.

use serde_json::Value;

use super::ordered::{Node, Obj};
use crate::docs::{Cell, Limits, Page, Row, Table};

/// What a Type cell names.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    String,
    Integer,
    /// `Long`: a 64-bit integer.
    Long,
    Boolean,
    Number,
    /// `Object` without a table: any JSON object.
    FreeObject,
    /// `X object`: the table with that label.
    Object(String),
    /// `Array of X objects`.
    ObjectArray(String),
    /// `Array of strings` (and of integers, ...).
    Array(Box<Kind>),
}

/// Reads a Type cell; the error says what it holds.
pub fn kind(cell: &Cell) -> Result<Kind, String> {
    let text = cell.text.trim();
    let label = || cell.refs.first().map(|r| r.label.clone());
    let scalar = |word: &str| match word.to_ascii_lowercase().trim_end_matches('s') {
        "string" => Some(Kind::String),
        "integer" | "int" => Some(Kind::Integer),
        "long" => Some(Kind::Long),
        "boolean" => Some(Kind::Boolean),
        "number" | "float" | "double" => Some(Kind::Number),
        "object" => Some(Kind::FreeObject),
        _ => None,
    };
    if let Some(rest) = text.strip_prefix("Array of ") {
        if rest.ends_with("objects") || rest.ends_with("object") {
            if let Some(l) = label() {
                return Ok(Kind::ObjectArray(l));
            }
        }
        if let Some(k) = scalar(rest) {
            return Ok(Kind::Array(Box::new(k)));
        }
    } else if text.ends_with(" object") {
        if let Some(l) = label() {
            return Ok(Kind::Object(l));
        }
    } else if let Some(k) = scalar(text) {
        return Ok(k);
    }
    Err(format!("the type {text:?} is not one the importer reads (String, Integer, Long, Boolean, Number, Object, X object, Array of X)"))
}

/// The schema of `kind`, with `refs` mapping an object table's label to
/// its component name.
pub fn type_schema(kind: &Kind, component: &dyn Fn(&str) -> String) -> Obj {
    let reference =
        |label: &str| Obj::new().with("$ref", format!("#/components/schemas/{}", component(label)));
    match kind {
        Kind::String => Obj::new().with("type", "string"),
        Kind::Integer => Obj::new().with("type", "integer").with("format", "int32"),
        Kind::Long => Obj::new().with("type", "integer").with("format", "int64"),
        Kind::Boolean => Obj::new().with("type", "boolean"),
        Kind::Number => Obj::new().with("type", "number"),
        Kind::FreeObject => Obj::new()
            .with("type", "object")
            .with("additionalProperties", true),
        Kind::Object(label) => reference(label),
        Kind::ObjectArray(label) => Obj::new()
            .with("type", "array")
            .with("items", reference(label)),
        Kind::Array(item) => Obj::new()
            .with("type", "array")
            .with("items", type_schema(item, component)),
    }
}

/// The keywords `limits` give a value of `kind`. A String's Minimum and
/// Maximum are its length (as the pages use them); a number's are its
/// range; an array's Array Length is its item count. A limit that cannot
/// apply to the type is returned as a reason, for the report.
pub fn apply_limits(schema: &mut Obj, kind: &Kind, limits: &Limits) -> Vec<String> {
    let mut ignored = Vec::new();
    let number = |f: f64| -> Node {
        if f.fract() == 0.0 {
            Value::from(f as i64).into()
        } else {
            serde_json::Number::from_f64(f)
                .map_or(Node::Leaf(Value::Null), |n| Value::Number(n).into())
        }
    };
    let count = |n: u64| -> Node { Value::from(n).into() };
    match kind {
        Kind::String => {
            if let Some(m) = limits.minimum.or(limits.min_length.map(|n| n as f64)) {
                schema.set("minLength", count(m.max(0.0) as u64));
            }
            if let Some(m) = limits.maximum.or(limits.max_length.map(|n| n as f64)) {
                schema.set("maxLength", count(m.max(0.0) as u64));
            }
        }
        Kind::Integer | Kind::Long | Kind::Number => {
            if let Some(m) = limits.minimum {
                schema.set("minimum", number(m));
            }
            if let Some(m) = limits.maximum {
                schema.set("maximum", number(m));
            }
            if limits.min_length.is_some() || limits.max_length.is_some() {
                ignored.push("a length in characters, on a number".into());
            }
        }
        Kind::Array(_) | Kind::ObjectArray(_) => {
            if let Some(n) = limits.min_items {
                schema.set("minItems", count(n));
            }
            if let Some(n) = limits.max_items {
                schema.set("maxItems", count(n));
            }
            if limits.minimum.is_some() || limits.maximum.is_some() {
                ignored.push("Minimum/Maximum on an array".into());
            }
        }
        _ => {
            if limits.minimum.is_some() || limits.maximum.is_some() || limits.min_items.is_some() {
                ignored.push(format!("limits on a {kind:?}"));
            }
        }
    }
    if !limits.values.is_empty() {
        match kind {
            Kind::String => schema.set(
                "enum",
                limits
                    .values
                    .iter()
                    .map(|v| Node::from(v.as_str()))
                    .collect::<Vec<_>>(),
            ),
            Kind::Integer | Kind::Long => match limits
                .values
                .iter()
                .map(|v| v.parse::<i64>())
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(ns) => schema.set(
                    "enum",
                    ns.into_iter()
                        .map(|n| Node::from(Value::from(n)))
                        .collect::<Vec<_>>(),
                ),
                Err(_) => ignored.push(format!("values {:?} that are not integers", limits.values)),
            },
            Kind::Array(item) if **item == Kind::String => {
                if let Some(Node::Object(items)) = schema.get_mut("items") {
                    items.set(
                        "enum",
                        limits
                            .values
                            .iter()
                            .map(|v| Node::from(v.as_str()))
                            .collect::<Vec<_>>(),
                    );
                }
            }
            _ => ignored.push(format!("a list of values on a {kind:?}")),
        }
    }
    if let Some(d) = &limits.default {
        match typed_default(kind, d) {
            Some(v) if !within(&v, limits) => ignored.push(format!(
                "the default {d:?}, which breaks the page's own range or list of values"
            )),
            Some(v) => schema.set("default", v),
            None => ignored.push(format!("the default {d:?}, which is not a {kind:?}")),
        }
    }
    ignored
}

/// Whether a default lies within the stated range and list of values (a
/// page that says "-1 or 1-99999" with Minimum 1 and Default -1 cannot be
/// carried whole without the overlay).
fn within(value: &Value, limits: &Limits) -> bool {
    let in_range = value.as_f64().map_or(true, |n| {
        limits.minimum.map_or(true, |m| n >= m) && limits.maximum.map_or(true, |m| n <= m)
    });
    let listed = limits.values.is_empty()
        || value.as_str().map_or_else(
            || limits.values.contains(&value.to_string()),
            |s| limits.values.iter().any(|v| v == s),
        );
    in_range && listed
}

fn typed_default(kind: &Kind, text: &str) -> Option<Value> {
    match kind {
        Kind::String => Some(Value::String(text.to_owned())),
        Kind::Integer | Kind::Long => text.parse::<i64>().ok().map(Value::from),
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        Kind::Boolean => text.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    }
}

/// The description without the paragraphs its limits were read from.
pub fn description(cell: &Cell, limits: &Limits) -> String {
    cell.text
        .split("\n\n")
        .filter(|p| !limits.read_from.iter().any(|r| r == p.trim()))
        .collect::<Vec<_>>()
        .join("\n\n")
        .trim()
        .to_owned()
}

/// `file#caption`: where an item was read.
pub fn source(page: &Page, table: &Table) -> String {
    format!(
        "{}#{}",
        page.file,
        table.caption.as_deref().unwrap_or("table")
    )
}

/// The cells of `row` by header name.
pub fn cell<'a>(table: &Table, row: &'a Row, name: &str) -> Option<&'a Cell> {
    let i = table.header.iter().position(|h| h == name)?;
    row.cells.get(i)
}

/// A schema as text without what does not change its meaning (provenance,
/// descriptions, examples, notes): two schemas of the same shape are the
/// same component.
pub fn shape(node: &Node) -> String {
    fn go(node: &Node) -> Node {
        match node {
            Node::Object(o) => {
                let mut out = Obj::new();
                for k in o.keys() {
                    if !matches!(
                        k,
                        "x-source" | "description" | "example" | "examples" | "x-note"
                    ) {
                        out.set(k, go(o.get(k).expect("a key just listed")));
                    }
                }
                Node::Object(out)
            }
            Node::Array(items) => Node::Array(items.iter().map(go).collect()),
            leaf => leaf.clone(),
        }
    }
    serde_json::to_string(&go(node)).unwrap_or_default()
}
