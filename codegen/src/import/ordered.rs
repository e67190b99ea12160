//! JSON that keeps the order things were written in: a spec's fields in
//! the order the pages list them, so the imported file reads like the page
//! (serde_json's own map sorts keys, unless a feature changes it for the
//! whole build).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A JSON value whose objects keep insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Leaf(Value),
    Object(Obj),
    Array(Vec<Node>),
}

/// An object whose keys keep insertion order; setting a key again replaces its value in place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Obj(Vec<(String, Node)>);

impl Obj {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` (in place if present, else at the end); returns self for chaining.
    pub fn with(mut self, key: &str, value: impl Into<Node>) -> Self {
        self.set(key, value);
        self
    }

    pub fn set(&mut self, key: &str, value: impl Into<Node>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The object under `key`, made empty first if absent.
    pub fn object(&mut self, key: &str) -> &mut Obj {
        if !matches!(self.get(key), Some(Node::Object(_))) {
            self.set(key, Obj::new());
        }
        match self.get_mut(key) {
            Some(Node::Object(o)) => o,
            _ => unreachable!("just set to an object"),
        }
    }

    /// Removes `key`, if present.
    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    /// Removes what the JSON pointer (RFC 6901) `pointer` names; whether it was there.
    pub fn remove_pointer(&mut self, pointer: &str) -> bool {
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let Some((last, parents)) = segments.split_last() else {
            return false;
        };
        let mut node = self;
        for s in parents {
            match node.get_mut(s) {
                Some(Node::Object(o)) => node = o,
                _ => return false,
            }
        }
        let before = node.0.len();
        node.0.retain(|(k, _)| k != last);
        node.0.len() != before
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

impl From<Obj> for Node {
    fn from(o: Obj) -> Self {
        Node::Object(o)
    }
}

impl From<Value> for Node {
    /// A parsed example keeps serde_json's (sorted, so deterministic) key order.
    fn from(v: Value) -> Self {
        Node::Leaf(v)
    }
}

impl From<&str> for Node {
    fn from(s: &str) -> Self {
        Node::Leaf(Value::String(s.to_owned()))
    }
}

impl From<String> for Node {
    fn from(s: String) -> Self {
        Node::Leaf(Value::String(s))
    }
}

impl From<bool> for Node {
    fn from(b: bool) -> Self {
        Node::Leaf(Value::Bool(b))
    }
}

impl From<Vec<Node>> for Node {
    fn from(v: Vec<Node>) -> Self {
        Node::Array(v)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Leaf(v) => v.serialize(s),
            Node::Object(o) => o.serialize(s),
            Node::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
        }
    }
}

impl Serialize for Obj {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
