//! What a broken rule looks like to the caller.

use std::fmt;

/// Which documented rule was broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleKind {
    Required,
    MinLength,
    MaxLength,
    Minimum,
    Maximum,
    MinItems,
    MaxItems,
    Pattern,
    OneOf,
    /// A path parameter that would change the path: empty, `.` or `..`.
    PathSegment,
    /// A parameter whose wire text is not of its type (`limit=ten`).
    Type,
}

impl RuleKind {
    /// The spec keyword of the rule (`maxLength`, `pattern`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Required => "required",
            RuleKind::MinLength => "minLength",
            RuleKind::MaxLength => "maxLength",
            RuleKind::Minimum => "minimum",
            RuleKind::Maximum => "maximum",
            RuleKind::MinItems => "minItems",
            RuleKind::MaxItems => "maxItems",
            RuleKind::Pattern => "pattern",
            RuleKind::OneOf => "enum",
            RuleKind::PathSegment => "pathSegment",
            RuleKind::Type => "type",
        }
    }
}

/// One broken rule: where, which rule, its limit, and what was found.
///
/// `found` describes the value without repeating it where it could be
/// secret: lengths and counts, never the text itself (except for enum
/// values, which are a closed vocabulary).
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// JSON path of the value, such as `replicate.destination_region`.
    pub path: String,
    pub rule: RuleKind,
    /// The documented limit, such as `255` or the pattern.
    pub limit: String,
    /// What the value had instead, such as `300 characters`.
    pub found: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, limit, found) = (&self.path, &self.limit, &self.found);
        match self.rule {
            RuleKind::Required => write!(f, "{path}: is required but was not set"),
            RuleKind::MinLength => write!(
                f,
                "{path}: must be at least {limit} characters long, found {found}"
            ),
            RuleKind::MaxLength => write!(
                f,
                "{path}: must be at most {limit} characters long, found {found}"
            ),
            RuleKind::Minimum => write!(f, "{path}: must be at least {limit}, found {found}"),
            RuleKind::Maximum => write!(f, "{path}: must be at most {limit}, found {found}"),
            RuleKind::MinItems => {
                write!(f, "{path}: must have at least {limit} items, found {found}")
            }
            RuleKind::MaxItems => {
                write!(f, "{path}: must have at most {limit} items, found {found}")
            }
            RuleKind::Pattern => write!(
                f,
                "{path}: must match the pattern {limit}, found {found} that does not"
            ),
            RuleKind::OneOf => write!(f, "{path}: must be one of {limit}, found {found}"),
            RuleKind::PathSegment => write!(
                f,
                "{path}: must be {limit} (it goes into the URL path), found {found}"
            ),
            RuleKind::Type => write!(f, "{path}: must be {limit}, found {found}"),
        }
    }
}

/// Every broken rule of a value, in the order of its fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidationErrors(Vec<Violation>);

impl ValidationErrors {
    pub fn push(&mut self, violation: Violation) {
        self.0.push(violation);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// The violation at `path` of the given kind, if any.
    pub fn find(&self, path: &str, rule: RuleKind) -> Option<&Violation> {
        self.0.iter().find(|v| v.path == path && v.rule == rule)
    }

    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> Result<(), Self> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl IntoIterator for ValidationErrors {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("no rule is broken"),
            [one] => write!(f, "invalid request: {one}"),
            many => {
                write!(f, "invalid request: {} rules are broken", many.len())?;
                for v in many {
                    write!(f, "; {v}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}
