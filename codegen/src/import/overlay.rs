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
            if p.set.is_some() == p.remove {
                return Err(err(format!(
                    "patch {i} ({}) must either set a value or remove one",
                    p.at
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
        let outcome = match parent(doc, parents) {
            None => Err(format!("nothing at {}", parents.join("/"))),
            Some(Node::Object(o)) => match (&p.set, p.remove) {
                (Some(v), _) => {
                    o.set(last, node_of(v.clone()));
                    Ok(())
                }
                (None, _) if o.get(last).is_some() => {
                    o.remove(last);
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

/// The node the segments lead to.
fn parent<'a>(doc: &'a mut Obj, segments: &[String]) -> Option<&'a mut Node> {
    let (first, rest) = segments.split_first()?;
    let mut node = doc.get_mut(first)?;
    for s in rest {
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
