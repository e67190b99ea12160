//! Stage 1: read a spec file, parse it as OpenAPI 3.0, and check it.
//!
//! Every problem is reported as a [`SpecError`] naming the file and the JSON
//! pointer of the offending place, so a maintainer can jump straight to it.

mod lint;
mod pointer;

use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use pointer::Pointer;

/// A parsed and checked spec file.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// Path as shown in messages and generated headers (for example `spec/cbr.json`).
    pub path: String,
    /// Hex SHA-256 of the file's bytes, written into generated headers.
    pub sha256: String,
    /// The document as plain JSON, for `x-` extensions and JSON pointers.
    pub raw: serde_json::Value,
    /// The document as parsed by the `openapiv3` crate.
    pub api: openapiv3::OpenAPI,
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

/// Reads, parses and checks the spec at `path`; `display` is the name used in messages.
pub fn load_spec(path: &Path, display: &str) -> Result<SpecFile, SpecErrors> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        SpecErrors(vec![SpecError {
            file: display.to_owned(),
            pointer: String::new(),
            message: format!("cannot read the file: {e}"),
        }])
    })?;
    parse_spec(display, &text)
}

/// Parses and checks spec text. All problems found are returned at once.
pub fn parse_spec(display: &str, text: &str) -> Result<SpecFile, SpecErrors> {
    let err = |pointer: String, message: String| {
        SpecErrors(vec![SpecError {
            file: display.to_owned(),
            pointer,
            message,
        }])
    };
    let raw: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| err(String::new(), format!("not valid JSON: {e}")))?;
    let version = raw.get("openapi").and_then(|v| v.as_str()).unwrap_or("");
    if !version.starts_with("3.0.") {
        return Err(err(
            "/openapi".into(),
            format!("expected an OpenAPI 3.0.x document, found version {version:?}"),
        ));
    }
    // The checks and the typed parse are independent: run them side by side.
    // The typed parse reads the text, not `raw`, so that maps keep the spec's order.
    let (api, problems) = std::thread::scope(|scope| {
        let checks = scope.spawn(|| lint::check(&raw));
        let mut de = serde_json::Deserializer::from_str(text);
        let api: Result<openapiv3::OpenAPI, _> = serde_path_to_error::deserialize(&mut de);
        let problems = checks
            .join()
            .unwrap_or_else(|_| vec![(String::new(), "the spec checks failed".into())]);
        (api, problems)
    });
    let api = api.map_err(|e| {
        let pointer = Pointer::from_serde_path(e.path());
        err(
            pointer.to_string(),
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        )
    })?;
    if !problems.is_empty() {
        return Err(SpecErrors(
            problems
                .into_iter()
                .map(|(pointer, message)| SpecError {
                    file: display.to_owned(),
                    pointer,
                    message,
                })
                .collect(),
        ));
    }
    let sha256 = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(SpecFile {
        path: display.to_owned(),
        sha256,
        raw,
        api,
    })
}
