//! The limits a Description cell states, in both of the pages' ways:
//! CBR's lines (`Minimum: **0**`, `Maximum: **255**`, `Default: **x**`,
//! `Enumeration values:` and a list, `Array Length: **1 - 10**`) and
//! TaurusDB's prose (`Value: 1 to 732`, `The default value is 100.`,
//! `The minimum value is 1 and the maximum value is 100.`, `4 to 64
//! characters in length`, `a maximum of 256 characters`, `Valid value:`
//! and a list).
//!
//! What a limit means (a String's "Minimum" is a length) is the
//! importer's to decide; this only reads what is stated, and keeps the
//! paragraphs it read so a report can show where each limit came from.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// What one Description states. Empty when it states nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Limits {
    /// `Minimum: N`, `Minimum value: N`, `The minimum value is N`, `Value: N to M`.
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// `N to M characters`, `a maximum of M characters`.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// `Array Length: N - M`.
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// `Default: X`, `The default value is X`, `The value is X by default`,
    /// `the value defaults to X`.
    pub default: Option<String>,
    /// The list after `Enumeration values:` or `Valid value:`.
    pub values: Vec<String>,
    /// The paragraphs (and list items) the limits above were read from.
    pub read_from: Vec<String>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

static NUMBER: &str = r"(-?[0-9]+(?:\.[0-9]+)?)";

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(Minimum|Maximum|Minimum value|Maximum value): {NUMBER}\.?$"
    ))
    .expect("a valid pattern")
});
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|\. )(?:Value:|[Tt]he value ranges from|[Vv]alue range:) {NUMBER} to {NUMBER}\.?(?:$| |,)"
    ))
    .expect("a valid pattern")
});
static PROSE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[Tt]he minimum value is {NUMBER} and the maximum value is {NUMBER}"
    ))
    .expect("a valid pattern")
});
static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:must be|contains?|consists? of) ([0-9]+) to ([0-9]+) characters")
        .expect("a valid pattern")
});
static MAX_LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:a maximum of|at most|up to) ([0-9]+) (?:Unicode )?characters")
        .expect("a valid pattern")
});
static ARRAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Array Length: ([0-9]+) - ([0-9]+)$").expect("a valid pattern"));
static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^Default: (.+?)$|(?:[Tt]he|[Ii]ts) default value is ([^ .,]+)|[Tt]he value is ([^ .,]+) by default|[Tt]he value defaults to ([^ .,]+)|^Default Value ([^ ]+)$",
    )
    .expect("a valid pattern")
});

/// Whether `p` is only its limits' statements (`spans`), give or take
/// spaces, punctuation and markup: such a paragraph is the limit, which the
/// schema now says; any other text stays in the description.
fn says_nothing_else(p: &str, spans: &[std::ops::Range<usize>]) -> bool {
    let mut covered = vec![false; p.len()];
    for span in spans {
        covered[span.clone()].iter_mut().for_each(|c| *c = true);
    }
    p.char_indices()
        .filter(|(i, _)| !covered[*i])
        .all(|(_, c)| c.is_whitespace() || ".,;:*()".contains(c))
}

/// Reads the limits stated in `description` (a cell's text, paragraphs
/// split by blank lines, list items by `- `).
pub fn read(description: &str) -> Limits {
    let mut limits = Limits::default();
    let paragraphs: Vec<&str> = description.split("\n\n").collect();
    let mut i = 0;
    while i < paragraphs.len() {
        let p = paragraphs[i].trim();
        let mut used = false;
        // What the limits' statements cover of the paragraph: only a
        // paragraph that says nothing else leaves the description.
        let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
        for re in [
            &*KEYWORD,
            &*RANGE,
            &*PROSE_RANGE,
            &*LENGTH,
            &*MAX_LENGTH,
            &*ARRAY,
            &*DEFAULT,
        ] {
            spans.extend(re.find_iter(p).map(|m| m.range()));
        }
        if let Some(c) = KEYWORD.captures(p) {
            let n = c[2].parse().ok();
            if c[1].starts_with("Minimum") {
                limits.minimum = n;
            } else {
                limits.maximum = n;
            }
            used = true;
        }
        for re in [&*RANGE, &*PROSE_RANGE] {
            if let Some(c) = re.captures(p) {
                limits.minimum = c[1].parse().ok();
                limits.maximum = c[2].parse().ok();
                used = true;
            }
        }
        if let Some(c) = LENGTH.captures(p) {
            limits.min_length = c[1].parse().ok();
            limits.max_length = c[2].parse().ok();
            used = true;
        } else if let Some(c) = MAX_LENGTH.captures(p) {
            limits.max_length = c[1].parse().ok();
            used = true;
        }
        if let Some(c) = ARRAY.captures(p) {
            limits.min_items = c[1].parse().ok();
            limits.max_items = c[2].parse().ok();
            used = true;
        }
        if let Some(c) = DEFAULT.captures(p) {
            let value = (1..=5)
                .find_map(|g| c.get(g))
                .map(|m| m.as_str().trim())
                .filter(|v| *v != "N/A");
            limits.default = value.map(str::to_owned);
            used = true;
        }
        if matches!(p, "Enumeration values:" | "Valid value:" | "Valid values:") {
            if let Some(list) = paragraphs.get(i + 1) {
                let items: Vec<String> = list
                    .lines()
                    .filter_map(|l| l.strip_prefix("- "))
                    .map(|v| v.trim().to_owned())
                    .collect();
                if !items.is_empty() {
                    limits.values = items;
                    limits.read_from.push(p.to_owned());
                    limits.read_from.push(list.to_string());
                    i += 2;
                    continue;
                }
            }
        }
        if used && says_nothing_else(p, &spans) {
            limits.read_from.push(p.to_owned());
        }
        i += 1;
    }
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_that_says_more_than_its_limit_stays_in_the_description() {
        // CBR's `sort`: the limit is one sentence of the format's explanation.
        let l = read("The value is in the format of <key1>[:<direction>]. The value of sort can contain a maximum of 255 characters.");
        assert_eq!(l.max_length, Some(255));
        assert!(l.read_from.is_empty(), "{:?}", l.read_from);
        // A line that is only the limit is the limit, and goes.
        let l = read("Backup name\n\nMaximum: 64");
        assert_eq!(l.maximum, Some(64.0));
        assert_eq!(l.read_from, ["Maximum: 64"]);
    }

    #[test]
    fn cbr_lines() {
        let l = read("Vault name\n\nMinimum: 1\n\nMaximum: 64\n\nDefault: false");
        assert_eq!((l.minimum, l.maximum), (Some(1.0), Some(64.0)));
        assert_eq!(l.default.as_deref(), Some("false"));
        assert_eq!(l.read_from.len(), 3);
        let l = read("Status\n\nEnumeration values:\n\n- available\n- lock");
        assert_eq!(l.values, ["available", "lock"]);
        let l = read("Members\n\nArray Length: 1 - 10");
        assert_eq!((l.min_items, l.max_items), (Some(1), Some(10)));
        assert!(read("Vault ID").is_empty());
    }

    #[test]
    fn taurusdb_prose() {
        let l = read("Filter by capacity. The value ranges from 1 to 100. For example, 80.");
        assert_eq!((l.minimum, l.maximum), (Some(1.0), Some(100.0)));
        let l = read("Query count. If action is set to filter, the value defaults to 1000.");
        assert_eq!(l.default.as_deref(), Some("1000"));
        let l = read("Backup retention days.\n\nValue: 1 to 732");
        assert_eq!((l.minimum, l.maximum), (Some(1.0), Some(732.0)));
        let l = read("Number of records to be queried. The default value is 100. The value must be a positive integer. The minimum value is 1 and the maximum value is 100.");
        assert_eq!(
            (l.minimum, l.maximum, l.default.as_deref()),
            (Some(1.0), Some(100.0), Some("100"))
        );
        let l = read(
            "Backup name. The value must be 4 to 64 characters in length and start with a letter.",
        );
        assert_eq!((l.min_length, l.max_length), (Some(4), Some(64)));
        let l = read("Backup description. It contains a maximum of 256 characters and cannot contain (>!<\"&'=)");
        assert_eq!(l.max_length, Some(256));
        let l = read("Index offset. The value is 0 by default, indicating that the query starts from the first piece of data.");
        assert_eq!(l.default.as_deref(), Some("0"));
        let l = read("Task execution status.\n\nValue:\n\n- Running: The task is being executed.\n\nValid value:\n\n- Running\n- Completed\n- Failed");
        assert_eq!(l.values, ["Running", "Completed", "Failed"]);
    }
}
