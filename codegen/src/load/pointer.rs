//! JSON pointers (RFC 6901), built while walking a document.

use std::fmt;

/// A JSON pointer such as `/components/schemas/Backup/properties/name`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Self(String::new())
    }

    /// The pointer one level deeper, escaping `~` and `/` in the token.
    pub fn join(&self, token: impl fmt::Display) -> Self {
        use fmt::Write;
        let mut out = String::with_capacity(self.0.len() + 16);
        out.push_str(&self.0);
        out.push('/');
        let start = out.len();
        let _ = write!(out, "{token}");
        if out[start..].contains(['~', '/']) {
            let escaped = out[start..].replace('~', "~0").replace('/', "~1");
            out.truncate(start);
            out.push_str(&escaped);
        }
        Self(out)
    }

    pub(crate) fn from_serde_path(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        path.iter().fold(Self::root(), |p, seg| match seg {
            Segment::Seq { index } => p.join(index),
            Segment::Map { key } => p.join(key),
            Segment::Enum { variant } => p.join(variant),
            Segment::Unknown => p.join("?"),
        })
    }

    /// The pointer one level up (the root's parent is the root).
    pub fn parent(&self) -> Self {
        match self.0.rfind('/') {
            Some(i) => Self(self.0[..i].to_owned()),
            None => Self::root(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
