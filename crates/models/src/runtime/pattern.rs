//! Regular expressions from the spec, compiled once per process on first use.

use std::sync::OnceLock;

use regex::Regex;

/// A spec pattern. `const`-constructible so it can sit in a `static` rule
/// list; compiled lazily, once, the first time a value is checked.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the spec.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// Whether `text` matches. `None` if the pattern does not compile, which
    /// the generator's spec checks rule out; it is reported, never a panic.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| Regex::new(self.source).ok())
            .as_ref()
            .map(|re| re.is_match(text))
    }
}
