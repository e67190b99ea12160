//! Checks a spec must pass before anything is generated from it.
//!
//! Each check walks the raw JSON so that it can name the exact JSON pointer
//! of what is wrong. The checks: `required` names exist among the
//! properties; each min is at most its max; each pattern compiles with
//! `regex-lite` (the models' engine), is anchored, avoids classes whose meaning differs between
//! ECMA-262 and Rust, and agrees with its own examples; every example
//! validates against its schema (with the `jsonschema` crate); every
//! operation, parameter and property names its source (`x-source`) in a
//! spec that names its own (`info.x-source`, as this project's do); every
//! `$ref` resolves; path templates and path parameters agree.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::Pointer;

type Problems = Vec<(String, String)>;

/// Problems found so far, and what is worth compiling only once: specs
/// repeat the same patterns and the same small schemas many times.
#[derive(Default)]
struct Lint {
    problems: Problems,
    /// The spec names its source, so every item must (`info.x-source`).
    provenance: bool,
    regexes: HashMap<String, Result<regex_lite::Regex, String>>,
    validators: HashMap<String, Result<jsonschema::Validator, String>>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Returns every problem found, as (JSON pointer, message) pairs.
pub(super) fn check(doc: &Value) -> Problems {
    let out = &mut Lint {
        provenance: doc.pointer("/info/x-source").is_some(),
        ..Lint::default()
    };
    check_refs(doc, doc, &Crumb::Root, out);
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        let at = Pointer::root().join("components").join("schemas");
        for (name, schema) in schemas {
            check_schema(doc, schema, &at.join(name), out);
        }
    }
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (template, item) in paths {
            let at = Pointer::root().join("paths").join(template);
            // The path item's own parameters apply to each of its operations.
            let shared = item.get("parameters").and_then(Value::as_array);
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    check_operation(doc, template, op, shared, &at.join(method), out);
                }
            }
        }
    }
    std::mem::take(&mut out.problems)
}

fn push(out: &mut Lint, at: &Pointer, message: impl Into<String>) {
    out.problems.push((at.to_string(), message.into()));
}

/// Where the `$ref` walk is: kept on the stack and turned into a pointer
/// only when a `$ref` does not resolve.
enum Crumb<'a> {
    Root,
    Key(&'a Crumb<'a>, &'a str),
    Index(&'a Crumb<'a>, usize),
}

impl Crumb<'_> {
    fn pointer(&self) -> Pointer {
        match self {
            Crumb::Root => Pointer::root(),
            Crumb::Key(parent, key) => parent.pointer().join(key),
            Crumb::Index(parent, i) => parent.pointer().join(i),
        }
    }
}

fn check_refs(doc: &Value, node: &Value, at: &Crumb<'_>, out: &mut Lint) {
    match node {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                let resolved = target
                    .strip_prefix('#')
                    .and_then(|p| doc.pointer(p))
                    .is_some();
                if !resolved {
                    push(
                        out,
                        &at.pointer().join("$ref"),
                        format!("$ref {target:?} does not resolve in this file"),
                    );
                }
            }
            for (k, v) in map {
                check_refs(doc, v, &Crumb::Key(at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_refs(doc, v, &Crumb::Index(at, i), out);
            }
        }
        _ => {}
    }
}

fn check_operation(
    doc: &Value,
    template: &str,
    op: &Value,
    shared: Option<&Vec<Value>>,
    at: &Pointer,
    out: &mut Lint,
) {
    if out.provenance && op.get("x-source").is_none() {
        push(
            out,
            at,
            "operation has no x-source naming the doc page it came from",
        );
    }
    if op.get("operationId").and_then(Value::as_str).is_none() {
        push(out, at, "operation has no operationId");
    }
    let mut declared = Vec::new();
    let own = op.get("parameters").and_then(Value::as_array);
    let item_at = at.parent().join("parameters");
    let params = own
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| (at.join("parameters").join(i), p))
        .chain(
            shared
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, p)| (item_at.join(i), p)),
        );
    for (p_at, param) in params {
        let param = resolve(doc, param);
        if out.provenance && param.get("x-source").is_none() {
            push(out, &p_at, "parameter has no x-source");
        }
        if param.get("in").and_then(Value::as_str) == Some("path") {
            let name = param.get("name").and_then(Value::as_str).unwrap_or("");
            declared.push(name.to_owned());
            if !template.contains(&format!("{{{name}}}")) {
                push(
                    out,
                    &p_at,
                    format!("path parameter {name:?} is not in the path template {template:?}"),
                );
            }
        }
        if let Some(schema) = param.get("schema") {
            check_schema(doc, schema, &p_at.join("schema"), out);
            if let Some(example) = param.get("example") {
                check_example(doc, schema, example, &p_at.join("example"), out);
            }
        }
    }
    for segment in template.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if !declared.iter().any(|d| d == name) {
                push(
                    out,
                    at,
                    format!("path template names {{{name}}} but no path parameter declares it"),
                );
            }
        }
    }
    if let Some(content) = op.pointer("/requestBody/content") {
        check_content(doc, content, &at.join("requestBody").join("content"), out);
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        for (status, response) in responses {
            if let Some(content) = resolve(doc, response).get("content") {
                check_content(
                    doc,
                    content,
                    &at.join("responses").join(status).join("content"),
                    out,
                );
            }
        }
    }
}

fn check_content(doc: &Value, content: &Value, at: &Pointer, out: &mut Lint) {
    let Some(media) = content.as_object() else {
        return;
    };
    for (mime, media_type) in media {
        let m_at = at.join(mime);
        let Some(schema) = media_type.get("schema") else {
            continue;
        };
        check_schema(doc, schema, &m_at.join("schema"), out);
        if let Some(examples) = media_type.get("examples").and_then(Value::as_object) {
            for (name, example) in examples {
                if let Some(value) = example.get("value") {
                    check_example(
                        doc,
                        schema,
                        value,
                        &m_at.join("examples").join(name).join("value"),
                        out,
                    );
                }
            }
        }
        if let Some(example) = media_type.get("example") {
            check_example(doc, schema, example, &m_at.join("example"), out);
        }
    }
}

fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| doc.pointer(p))
        .unwrap_or(node)
}

/// Checks one schema and, recursively, every schema inside it.
fn check_schema(doc: &Value, schema: &Value, at: &Pointer, out: &mut Lint) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("$ref") {
        return; // the target is checked where it is defined
    }
    check_bounds(map, at, out);
    check_pattern(map, at, out);
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        if values.is_empty() {
            push(out, &at.join("enum"), "enum lists no values");
        }
        for (i, v) in values.iter().enumerate() {
            if values[..i].contains(v) {
                push(
                    out,
                    &at.join("enum").join(i),
                    format!("enum value {v} is listed twice"),
                );
            }
        }
    }
    if let Some(example) = map.get("example") {
        check_example(doc, schema, example, &at.join("example"), out);
    }
    let properties = map.get("properties").and_then(Value::as_object);
    if let Some(required) = map.get("required").and_then(Value::as_array) {
        for (i, name) in required.iter().enumerate() {
            let name = name.as_str().unwrap_or_default();
            if !properties.is_some_and(|p| p.contains_key(name)) {
                push(
                    out,
                    &at.join("required").join(i),
                    format!("required property {name:?} is not among the properties"),
                );
            }
        }
    }
    for (name, prop) in properties.into_iter().flatten() {
        let p_at = at.join("properties").join(name);
        if out.provenance && prop.get("x-source").is_none() {
            push(
                out,
                &p_at,
                format!("property {name:?} has no x-source naming the doc table it came from"),
            );
        }
        check_schema(doc, prop, &p_at, out);
    }
    if let Some(items) = map.get("items") {
        check_schema(doc, items, &at.join("items"), out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for (i, sub) in map
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            check_schema(doc, sub, &at.join(key).join(i), out);
        }
    }
}

fn check_bounds(map: &Map<String, Value>, at: &Pointer, out: &mut Lint) {
    for (lo, hi) in [
        ("minLength", "maxLength"),
        ("minimum", "maximum"),
        ("minItems", "maxItems"),
    ] {
        let (Some(min), Some(max)) = (
            map.get(lo).and_then(Value::as_f64),
            map.get(hi).and_then(Value::as_f64),
        ) else {
            continue;
        };
        if min > max {
            push(
                out,
                &at.join(lo),
                format!("{lo} {min} is greater than {hi} {max}"),
            );
        }
    }
}

/// Classes that match ASCII only in ECMA-262 but Unicode in Rust's `regex`.
const UNPORTABLE: [&str; 8] = ["\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B"];

fn check_pattern(map: &Map<String, Value>, at: &Pointer, out: &mut Lint) {
    let Some(pattern) = map.get("pattern").and_then(Value::as_str) else {
        if map.contains_key("x-pattern-rejects") {
            push(
                out,
                &at.join("x-pattern-rejects"),
                "x-pattern-rejects without a pattern",
            );
        }
        return;
    };
    let p_at = at.join("pattern");
    if !pattern.starts_with('^') || !pattern.ends_with('$') || pattern.ends_with("\\$") {
        push(
            out,
            &p_at,
            format!("pattern {pattern:?} is not anchored: it must start with ^ and end with $"),
        );
    }
    if let Some(class) = UNPORTABLE.iter().find(|c| pattern.contains(*c)) {
        push(
            out,
            &p_at,
            format!("pattern {pattern:?} uses {class}, which means different things in ECMA-262 and Rust; spell the class out"),
        );
    }
    if !out.regexes.contains_key(pattern) {
        let compiled = regex_lite::Regex::new(pattern).map_err(|e| e.to_string());
        out.regexes.insert(pattern.to_owned(), compiled);
    }
    let re = match out.regexes[pattern].clone() {
        Ok(re) => re,
        Err(e) => {
            push(
                out,
                &p_at,
                format!("pattern {pattern:?} does not compile with regex-lite (the models' engine): {e}"),
            );
            return;
        }
    };
    if let Some(example) = map.get("example").and_then(Value::as_str) {
        if !re.is_match(example) {
            push(
                out,
                &at.join("example"),
                format!("example {example:?} does not match pattern {pattern:?}"),
            );
        }
    }
    let rejects = map.get("x-pattern-rejects").and_then(Value::as_array);
    for (i, reject) in rejects.into_iter().flatten().enumerate() {
        let text = reject.as_str().unwrap_or_default();
        if re.is_match(text) {
            push(
                out,
                &at.join("x-pattern-rejects").join(i),
                format!("{text:?} is listed as refused but matches pattern {pattern:?}"),
            );
        }
    }
}

/// Validates an example against its schema with a JSON-Schema validator.
///
/// OpenAPI 3.0 schema objects are a dialect of JSON Schema draft 4; the
/// `x-` extensions and `example` are unknown keywords, which draft 4 ignores.
/// The component schemas it references go along so that `$ref`s resolve.
fn check_example(doc: &Value, schema: &Value, example: &Value, at: &Pointer, out: &mut Lint) {
    let components = referenced_schemas(doc, schema);
    let standalone = components.is_empty();
    let compile = || {
        let wrapped = json!({
            "components": { "schemas": components },
            "allOf": [schema],
        });
        jsonschema::draft4::new(&wrapped).map_err(|e| e.to_string())
    };
    // A schema that references nothing (a property's) is often repeated
    // word for word: compile it once. Others are compiled and dropped.
    let owned;
    let validator = if standalone {
        out.validators
            .entry(schema.to_string())
            .or_insert_with(compile)
    } else {
        owned = compile();
        &owned
    };
    let problems: Vec<String> = match validator {
        Ok(v) => v
            .iter_errors(example)
            .map(|error| {
                let inner = error.instance_path().to_string();
                format!("example does not match its schema at {inner:?}: {error}")
            })
            .collect(),
        Err(e) => vec![format!(
            "the schema of this example cannot be compiled for validation: {e}"
        )],
    };
    for problem in problems {
        push(out, at, problem);
    }
}

/// The component schemas `schema` reaches through `$ref`s, so that each
/// example's validator holds only what it needs (linear, not quadratic, in
/// the size of a large spec).
fn referenced_schemas(doc: &Value, schema: &Value) -> Map<String, Value> {
    const PREFIX: &str = "#/components/schemas/";
    let mut found = Map::new();
    let mut stack = vec![schema];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix(PREFIX))
                {
                    if !found.contains_key(name) {
                        if let Some(target) = doc.pointer(&format!("/components/schemas/{name}")) {
                            found.insert(name.to_owned(), target.clone());
                            stack.push(target);
                        }
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}
