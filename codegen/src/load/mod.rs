//! Stage 1: read a spec file and check it; the outline the IR reads it by.
//!
//! Every problem is reported as a [`SpecError`] naming the file and the JSON
//! pointer of the offending place, so a maintainer can jump straight to it.

mod lint;
mod outline;
mod pointer;

use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use outline::{piece, Components, Outline};
pub use pointer::Pointer;

/// A spec file's text, and what generated headers say of it.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// Path as shown in messages and generated headers (for example `spec/cbr.json`).
    pub path: String,
    /// Hex SHA-256 of the file's bytes, written into generated headers.
    pub sha256: String,
    /// The file's text; the IR is built from it piece by piece (see [`Outline`]).
    pub text: String,
}

impl SpecFile {
    /// The spec `text`, named `display` in messages; not checked yet.
    pub fn new(display: &str, text: &str) -> Self {
        let sha256 = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            path: display.to_owned(),
            sha256,
            text: text.to_owned(),
        }
    }
}

/// One problem found in a spec: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub file: String,
    /// JSON pointer (RFC 6901) into the file; empty for the whole document.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
    }
}

impl std::error::Error for SpecError {}

/// Several spec problems, reported together.
#[derive(Debug, Clone)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the spec:", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

/// Reads the spec at `path` and checks it; `display` is the name used in messages.
pub fn load_spec(path: &Path, display: &str) -> Result<SpecFile, SpecErrors> {
    parse_spec(display, &read(path, display)?)
}

/// The text of the spec at `path`, or an error naming `display`.
pub fn read(path: &Path, display: &str) -> Result<String, SpecErrors> {
    std::fs::read_to_string(path).map_err(|e| {
        SpecErrors(vec![SpecError {
            file: display.to_owned(),
            pointer: String::new(),
            message: format!("cannot read the file: {e}"),
        }])
    })
}

/// Checks spec text (see [`check`]) and keeps it for the IR.
pub fn parse_spec(display: &str, text: &str) -> Result<SpecFile, SpecErrors> {
    let spec = SpecFile::new(display, text);
    check(&spec)?;
    Ok(spec)
}

/// Checks a spec before anything is generated from it: valid JSON,
/// OpenAPI 3.0.x, and every check of the `lint` module. All problems
/// found are returned at once. The JSON tree the checks walk is dropped
/// before this returns.
pub fn check(spec: &SpecFile) -> Result<(), SpecErrors> {
    let err = |pointer: String, message: String| {
        SpecErrors(vec![SpecError {
            file: spec.path.clone(),
            pointer,
            message,
        }])
    };
    let raw: serde_json::Value = serde_json::from_str(&spec.text)
        .map_err(|e| err(String::new(), format!("not valid JSON: {e}")))?;
    let version = raw.get("openapi").and_then(|v| v.as_str()).unwrap_or("");
    if !version.starts_with("3.0.") {
        return Err(err(
            "/openapi".into(),
            format!("expected an OpenAPI 3.0.x document, found version {version:?}"),
        ));
    }
    let problems = lint::check(&raw);
    if problems.is_empty() {
        return Ok(());
    }
    Err(SpecErrors(
        problems
            .into_iter()
            .map(|(pointer, message)| SpecError {
                file: spec.path.clone(),
                pointer,
                message,
            })
            .collect(),
    ))
}
