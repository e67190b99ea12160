//! The overlay: what the pages do not say, as reviewed patches on the
//! imported spec, each with its reason.
//!
//! ```json
//! { "patches": [
//!     { "at": "/components/schemas/BackupSync/properties/created_at/format",
//!       "set": "int64",
//!       "why": "seconds since 1970 exceed 32 bits in 2038; the official SDK uses a long" } ] }
//! ```
//!
//! `at` is a JSON pointer into the imported document, where a segment
//! after `parameters` may name a parameter instead of giving its index
//! (`/paths/~1v3~1{project_id}~1vaults/get/parameters/limit/schema`).
//! `set` puts a value there (its parent must exist); `"remove": true`
//! takes one away (it must exist). A patch that no longer finds its place
//! is an error: the pages changed, and the overlay must be reviewed.

use serde::Deserialize;
use serde_json::Value;

use super::ordered::{Node, Obj};
use super::schema::shape;
use crate::docs::DocError;

/// One overlay file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// What the overlay is for (free text, for its reader).
    #[serde(default)]
    pub about: String,
    pub patches: Vec<Patch>,
    /// The file, for errors and the report (not in the JSON).
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    pub at: String,
    #[serde(default)]
    pub set: Option<Value>,
    #[serde(default)]
    pub remove: bool,
    /// For `/components/schemas/<name>`: the schema's new name; every
    /// `$ref` to it follows. Renaming onto an existing schema of the same
    /// shape merges the two.
    #[serde(default)]
    pub rename: Option<String>,
    pub why: String,
}

impl Overlay {
    /// Reads an overlay; every patch must say why, and do one thing.
    pub fn parse(file: &str, text: &str) -> Result<Self, DocError> {
        let err = |message: String| DocError {
            file: file.to_owned(),
            line: 0,
            message,
        };
        let mut overlay: Overlay =
            serde_json::from_str(text).map_err(|e| err(format!("not an overlay: {e}")))?;
        overlay.file = file.to_owned();
        for (i, p) in overlay.patches.iter().enumerate() {
            if p.why.trim().is_empty() {
                return Err(err(format!("patch {i} ({}) gives no reason", p.at)));
            }
            let actions = usize::from(p.set.is_some())
                + usize::from(p.remove)
                + usize::from(p.rename.is_some());
            if actions != 1 {
                return Err(err(format!(
                    "patch {i} ({}) must either set a value, remove one, or rename a schema",
                    p.at
                )));
            }
            if p.rename.is_some() && !p.at.starts_with("/components/schemas/") {
                return Err(err(format!(
                    "patch {i}: only /components/schemas/<name> can be renamed"
                )));
            }
            if !p.at.starts_with('/') {
                return Err(err(format!("patch {i}: {:?} is not a JSON pointer", p.at)));
            }
        }
        Ok(overlay)
    }
}

/// Applies every patch to `doc`, in order; what each did, or why it could not.
pub(super) fn apply(
    doc: &mut Obj,
    overlay: &Overlay,
) -> Result<Vec<(String, String)>, Vec<DocError>> {
    let mut done = Vec::new();
    let mut errors = Vec::new();
    for (i, p) in overlay.patches.iter().enumerate() {
        let segments: Vec<String> =
            p.at.split('/')
                .skip(1)
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect();
        let Some((last, parents)) = segments.split_last() else {
            continue;
        };
        if let Some(to) = &p.rename {
            match rename(doc, last, to) {
                Ok(()) => done.push((p.at.clone(), p.why.clone())),
                Err(why) => errors.push(DocError {
                    file: overlay.file.clone(),
                    line: 0,
                    message: format!("patch {i} at {} no longer applies: {why}", p.at),
                }),
            }
            continue;
        }
        // A key of the document itself.
        if parents.is_empty() {
            let outcome = match (&p.set, doc.get(last).is_some()) {
                (Some(v), _) => {
                    doc.set(last, node_of(v.clone()));
                    Ok(())
                }
                (None, true) => {
                    doc.remove(last);
                    Ok(())
                }
                (None, false) => Err(format!("no {last:?} to remove")),
            };
            match outcome {
                Ok(()) => done.push((p.at.clone(), p.why.clone())),
                Err(why) => errors.push(DocError {
                    file: overlay.file.clone(),
                    line: 0,
                    message: format!("patch {i} at {} no longer applies: {why}", p.at),
                }),
            }
            continue;
        }
        let outcome = match parent(doc, parents) {
            None => Err(format!("nothing at {}", parents.join("/"))),
            Some(Node::Object(o)) => match (&p.set, p.remove) {
                (Some(v), _) => {
                    o.set(last, node_of(v.clone()));
                    note(o, last, &p.why);
                    Ok(())
                }
                (None, _) if o.get(last).is_some() => {
                    o.remove(last);
                    note(o, last, &p.why);
                    Ok(())
                }
                (None, _) => Err(format!("no {last:?} to remove")),
            },
            Some(Node::Array(items)) => {
                let index = index_of(items, last);
                match (index, &p.set) {
                    (Some(k), Some(v)) => {
                        items[k] = node_of(v.clone());
                        Ok(())
                    }
                    (Some(k), None) => {
                        items.remove(k);
                        Ok(())
                    }
                    (None, _) => Err(format!("no item {last:?}")),
                }
            }
            Some(Node::Leaf(_)) => Err(format!("{} is not an object or a list", parents.join("/"))),
        };
        match outcome {
            Ok(()) => done.push((p.at.clone(), p.why.clone())),
            Err(why) => errors.push(DocError {
                file: overlay.file.clone(),
                line: 0,
                message: format!("patch {i} at {} no longer applies: {why}", p.at),
            }),
        }
    }
    if errors.is_empty() {
        Ok(done)
    } else {
        Err(errors)
    }
}

/// Keywords whose change is a decision about a value's rules: the reason
/// goes into the spec as the schema's `x-note`, which the generated docs show.
const RULE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "enum",
    "default",
];

/// Records `why` as an `x-note` where a patch decided a rule (`key` in
/// schema `o`), or on a whole field a patch added (`o.properties[key]`).
fn note(o: &mut Obj, key: &str, why: &str) {
    let add = |target: &mut Obj| {
        let text = match target.get("x-note") {
            Some(Node::Leaf(Value::String(old))) if !old.contains(why) => format!("{old} {why}"),
            Some(Node::Leaf(Value::String(old))) => old.clone(),
            _ => why.to_owned(),
        };
        target.set("x-note", text);
    };
    if RULE_KEYWORDS.contains(&key) {
        add(o);
    } else if let Some(Node::Object(field)) = o.get_mut(key) {
        // A field set whole (one the pages lack) carries its reason itself.
        if field.get("type").is_some() && field.get("x-note").is_none() {
            add(field);
        }
    }
}

/// Renames component schema `from` to `to` and every `$ref` to it.
fn rename(doc: &mut Obj, from: &str, to: &str) -> Result<(), String> {
    let Some(Node::Object(components)) = doc.get_mut("components") else {
        return Err("no components".into());
    };
    let Some(Node::Object(schemas)) = components.get_mut("schemas") else {
        return Err("no schemas".into());
    };
    let schema = schemas
        .get(from)
        .cloned()
        .ok_or_else(|| format!("no schema {from}"))?;
    if let Some(existing) = schemas.get(to) {
        if shape(existing) != shape(&schema) {
            return Err(format!("{to} exists and differs from {from}"));
        }
    } else {
        schemas.set(to, schema);
    }
    schemas.remove(from);
    let (old, new) = (
        format!("#/components/schemas/{from}"),
        format!("#/components/schemas/{to}"),
    );
    for k in doc.keys().map(str::to_owned).collect::<Vec<_>>() {
        if let Some(child) = doc.get_mut(&k) {
            follow_refs(child, &old, &new);
        }
    }
    Ok(())
}

fn follow_refs(node: &mut Node, old: &str, new: &str) {
    match node {
        Node::Object(o) => {
            if matches!(o.get("$ref"), Some(Node::Leaf(Value::String(r))) if r == old) {
                o.set("$ref", new);
            }
            for k in o.keys().map(str::to_owned).collect::<Vec<_>>() {
                if let Some(child) = o.get_mut(&k) {
                    follow_refs(child, old, new);
                }
            }
        }
        Node::Array(items) => items.iter_mut().for_each(|i| follow_refs(i, old, new)),
        Node::Leaf(_) => {}
    }
}

/// The node the segments lead to. A JSON value on the way (an example
/// body) is opened into nodes, so a patch can reach inside it.
fn parent<'a>(doc: &'a mut Obj, segments: &[String]) -> Option<&'a mut Node> {
    let (first, rest) = segments.split_first()?;
    let mut node = doc.get_mut(first)?;
    for s in rest {
        if let Node::Leaf(v @ (Value::Object(_) | Value::Array(_))) = node {
            *node = node_of(v.take());
        }
        node = match node {
            Node::Object(o) => o.get_mut(s)?,
            Node::Array(items) => {
                let k = index_of(items, s)?;
                &mut items[k]
            }
            Node::Leaf(_) => return None,
        };
    }
    Some(node)
}

/// An index (`3`), or the item whose `name` is `s` (a parameter's).
fn index_of(items: &[Node], s: &str) -> Option<usize> {
    if let Ok(k) = s.parse::<usize>() {
        return (k < items.len()).then_some(k);
    }
    items.iter().position(|n| match n {
        Node::Object(o) => {
            matches!(o.get("name"), Some(Node::Leaf(Value::String(name))) if name == s)
        }
        _ => false,
    })
}

/// A JSON value as a node whose objects can be patched in turn.
fn node_of(v: Value) -> Node {
    match v {
        Value::Object(map) => {
            let mut o = Obj::new();
            for (k, v) in map {
                o.set(&k, node_of(v));
            }
            Node::Object(o)
        }
        Value::Array(items) => Node::Array(items.into_iter().map(node_of).collect()),
        leaf => Node::Leaf(leaf),
    }
}
