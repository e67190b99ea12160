//! Regular expressions from the spec, compiled once per process on first use,
//! with `regex-lite` (Unicode-aware matching, ASCII `\d`/`\w`/`\s` as in
//! ECMA-262, no Unicode classes); the spec checks compile every pattern
//! with the same engine.
//!
//! A rule names its pattern by its source text, so rule lists are plain
//! constant data that the compiler places in read-only memory; no generated
//! code declares a static of its own. The compiled expressions live here,
//! one per distinct pattern, for the life of the process.

use std::collections::HashMap;
use std::sync::{LazyLock, PoisonError, RwLock};

use regex_lite::Regex;

/// Each pattern seen so far, compiled (or `None` if it does not compile).
/// Entries are never removed: a spec has a fixed, small set of patterns.
type Compiled = HashMap<&'static str, Option<&'static Regex>>;

static COMPILED: LazyLock<RwLock<Compiled>> = LazyLock::new(Default::default);

/// Whether `text` matches the pattern `source`. `None` if the pattern does
/// not compile, which the generator's spec checks rule out; it is reported,
/// never a panic.
pub fn is_match(source: &'static str, text: &str) -> Option<bool> {
    compiled(source).map(|re| re.is_match(text))
}

fn compiled(source: &'static str) -> Option<&'static Regex> {
    // A poisoned lock still holds a consistent map: entries are inserted
    // whole, so a panic elsewhere never leaves one half-written.
    let known = COMPILED
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(source)
        .copied();
    match known {
        Some(re) => re,
        None => *COMPILED
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(source)
            .or_insert_with(|| Regex::new(source).ok().map(|re| &*Box::leak(Box::new(re)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_is_compiled_once_and_reused() {
        assert_eq!(is_match("^a+$", "aaa"), Some(true));
        let first = compiled("^a+$").map(|re| re as *const Regex);
        assert_eq!(is_match("^a+$", "ab"), Some(false));
        assert_eq!(compiled("^a+$").map(|re| re as *const Regex), first);
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_none_not_a_panic() {
        assert_eq!(is_match("(", "x"), None);
        assert_eq!(is_match("(", "y"), None);
    }
}
