//! Where in a request a value sits, built on the stack and only turned into
//! text when a violation is reported.

use std::fmt;

/// A path such as `replicate.destination_region` or `sync[0].backup_id`.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of a field of the value at `self`.
    pub fn key(&'a self, name: &'a str) -> Path<'a> {
        Path::Key(self, name)
    }

    /// The path of an element of the array at `self`.
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, name) => f.write_str(name),
            Path::Key(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// The path of a value given as a JSON pointer, in the style violations
/// use: `/sync/0/bucket_name` -> `sync[0].bucket_name`.
pub fn path_of_pointer(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.trim_start_matches('/').split('/') {
        if token.parse::<usize>().is_ok() {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(token);
        }
    }
    out
}
