//! One call of each operation, with a value for every parameter that
//! keeps its rules and the doc example as the body: what the client's wire
//! tests send and what each operation's doc example shows, so the example
//! a user reads is the call a test proved.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::ir::{ArrayStyle, Constraint, ModelKind, Operation, ParamLocation, Service, TypeRef};

/// A call of one operation and what it puts on the wire.
pub struct ExampleCall {
    /// `(setter, value)` for each parameter set, in the operation's order.
    pub setters: Vec<(String, Value)>,
    /// The body: the model's name (`None` for free-form JSON) and the doc
    /// example's JSON text.
    pub body: Option<(Option<String>, String)>,
    /// The path with the values in it; `{project_id}` as `__PROJECT__`.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Header parameters, names in lower case.
    pub headers: Vec<(String, String)>,
}

/// Who reads the call.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A wire test: every parameter set, to see each on the wire.
    Test,
    /// A doc example: the required parameters, and the optional ones the
    /// API reference gives an example value for.
    Docs,
}

/// The call of `op`, or `None` where a required value cannot be made
/// (a pattern without an example, a required body without one).
pub fn example_call(service: &Service, op: &Operation, reader: Reader) -> Option<ExampleCall> {
    let mut call = ExampleCall {
        setters: Vec::new(),
        body: None,
        path: op.path.clone(),
        query: Vec::new(),
        headers: Vec::new(),
    };
    for p in &op.params {
        if p.location == ParamLocation::Path && p.wire_name == super::client::PROJECT_PARAM {
            call.path = call.path.replace("{project_id}", "__PROJECT__");
            continue;
        }
        if reader == Reader::Docs && !p.required && p.example.is_none() {
            continue;
        }
        let value = match param_value(service, p) {
            Some(v) => v,
            None if p.required => return None,
            None => continue,
        };
        let text = wire_text(&value);
        match p.location {
            ParamLocation::Path => {
                call.path = call.path.replace(&format!("{{{}}}", p.wire_name), &text);
            }
            ParamLocation::Header => call.headers.push((p.wire_name.to_ascii_lowercase(), text)),
            ParamLocation::Query => match (&value, p.style) {
                (Value::Array(items), ArrayStyle::Repeated) => {
                    for item in items {
                        call.query.push((p.wire_name.clone(), wire_text(item)));
                    }
                }
                _ => call.query.push((p.wire_name.clone(), text)),
            },
        }
        call.setters.push((super::client::setter_name(p), value));
    }
    call.body = match (&op.body, op.request_examples.first()) {
        (Some(TypeRef::Model(m)), Some((_, example))) => Some((Some(m.clone()), example.clone())),
        (Some(TypeRef::Any), Some((_, example))) => Some((None, example.clone())),
        (Some(_), None) if op.body_required => return None,
        _ => None,
    };
    Some(call)
}

impl ExampleCall {
    /// The setters as tokens (`.limit(10)`), the body given as `body`.
    pub fn setter_tokens(&self, body: TokenStream) -> TokenStream {
        let setters = self.setters.iter().map(|(name, value)| {
            let name = super::models::ident(name);
            let arg = match value {
                Value::Array(items) => {
                    let items = items.iter().map(value_tokens);
                    quote!([#(#items),*])
                }
                v => value_tokens(v),
            };
            quote!(.#name(#arg))
        });
        let body = self.body.as_ref().map(|_| quote!(.body(#body)));
        quote!(#(#setters)* #body)
    }

    /// The doc example's lines: the body read from the page's example,
    /// then the call, one setter a line, as rustfmt would write it.
    pub fn doc_lines(&self, models_path: &str, handle: &str, method: &str) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some((model, json)) = &self.body {
            let pretty = serde_json::from_str::<Value>(json)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or_else(|| json.clone());
            let hashes = "#".repeat(raw_hashes(&pretty));
            let ty = match model {
                Some(m) => format!("{models_path}::{m}"),
                None => "serde_json::Value".to_owned(),
            };
            lines.push("// The body of the API reference's example.".to_owned());
            lines.push(format!("let body: {ty} = serde_json::from_str("));
            let mut text = pretty.lines();
            if let Some(first) = text.next() {
                lines.push(format!("    r{hashes}\"{first}"));
            }
            lines.extend(text.map(|l| format!("    {l}")));
            if let Some(last) = lines.last_mut() {
                last.push_str(&format!("\"{hashes},"));
            }
            lines.push(")?;".to_owned());
        }
        lines.push("let answer = client".to_owned());
        lines.push(format!("    .{handle}()"));
        lines.push(format!("    .{method}()"));
        for (name, value) in &self.setters {
            lines.push(format!("    .{name}({})", value_text(value)));
        }
        if self.body.is_some() {
            lines.push("    .body(body)".to_owned());
        }
        lines.push("    .send()".to_owned());
        lines.push("    .await?;".to_owned());
        lines
    }
}

/// How many `#` a raw string around `text` needs.
fn raw_hashes(text: &str) -> usize {
    (1..)
        .find(|n| !text.contains(&format!("\"{}", "#".repeat(*n))))
        .unwrap_or(1)
}

/// A value as Rust source (`"text"`, `10`, `true`, `["a", "b"]`).
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(value_text).collect::<Vec<_>>().join(", ")
        ),
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            if x.fract() == 0.0 {
                format!("{x:.1}")
            } else {
                x.to_string()
            }
        }
        other => other.to_string(),
    }
}

/// A value for a parameter that keeps its rules: its example, its
/// default, or one made from its rules (the first enum value, the
/// minimum, a string of the shortest allowed length). `None` for a value
/// no rule-free guess can make (a pattern without an example).
fn param_value(service: &Service, p: &crate::ir::Param) -> Option<Value> {
    let given = p.example.as_ref().or(p.default.as_ref());
    let scalar = |ty: &TypeRef, constraints: &[Constraint]| -> Option<Value> {
        let min = constraints.iter().find_map(|c| match c {
            Constraint::Minimum(x) => Some(*x),
            _ => None,
        });
        let max = constraints.iter().find_map(|c| match c {
            Constraint::Maximum(x) => Some(*x),
            _ => None,
        });
        match ty {
            TypeRef::Integer { .. } => {
                let n = given
                    .and_then(|g| g.parse::<i64>().ok())
                    .unwrap_or_else(|| min.map_or(1, |m| m as i64).max(1));
                Some(Value::from(max.map_or(n, |m| n.min(m as i64))))
            }
            TypeRef::Number => Some(Value::from(min.unwrap_or(1.0))),
            TypeRef::Boolean => Some(Value::from(given.map_or(true, |g| g == "true"))),
            TypeRef::Model(m) => match service.model(m).map(|m| &m.kind) {
                Some(ModelKind::Enum(values)) => given
                    .filter(|g| values.contains(g))
                    .or(values.first())
                    .map(|v| Value::from(v.as_str())),
                _ => None,
            },
            TypeRef::String => {
                if let Some(g) = given {
                    return Some(Value::from(g.as_str()));
                }
                if constraints
                    .iter()
                    .any(|c| matches!(c, Constraint::Pattern { .. }))
                {
                    return None;
                }
                let len = constraints
                    .iter()
                    .find_map(|c| match c {
                        Constraint::MinLength(n) => Some(*n),
                        _ => None,
                    })
                    .unwrap_or(1)
                    .max(1);
                let text: String = "0123456789abcdef"
                    .chars()
                    .cycle()
                    .take(len as usize)
                    .collect();
                Some(Value::from(text))
            }
            _ => None,
        }
    };
    match &p.ty {
        TypeRef::Array(item) => {
            let inner: Vec<Constraint> = p
                .constraints
                .iter()
                .filter_map(|c| match c {
                    Constraint::Each(rules) => Some(rules.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            scalar(item, &inner).map(|v| Value::Array(vec![v]))
        }
        ty => scalar(ty, &p.constraints),
    }
}

/// The wire text of a parameter value, as the client writes it.
fn wire_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(wire_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// A JSON scalar as a Rust literal for a setter.
fn value_tokens(v: &Value) -> TokenStream {
    match v {
        Value::String(s) => quote!(#s),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) if n.is_i64() => {
            let n = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or(0));
            quote!(#n)
        }
        Value::Number(n) => {
            let x = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or(0.0));
            quote!(#x)
        }
        _ => quote!(()),
    }
}
