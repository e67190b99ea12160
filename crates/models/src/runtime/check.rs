//! The one routine that applies documented rules to values.

use super::{pattern, Path, RuleKind, ValidationErrors, Violation};

/// A documented rule on a value, as data.
///
/// Every variant is constant data, so a generated `&[Rule::MinLength(1)]`
/// is promoted to read-only memory by the compiler: no static per field.
#[derive(Debug)]
pub enum Rule {
    /// Length in characters (Unicode scalar values), not bytes.
    MinLength(u64),
    MaxLength(u64),
    Minimum(f64),
    Maximum(f64),
    MinItems(u64),
    MaxItems(u64),
    /// A regular expression the whole value must match, by its source text.
    Pattern(&'static str),
    OneOf(&'static [&'static str]),
    /// Rules on every item of a list of scalars.
    Each(&'static [Rule]),
}

/// What a rule can look at in a value.
pub enum Measure<'a> {
    Text(&'a str),
    Number(f64),
    Items(usize),
    Opaque,
}

/// A value rules can be applied to; models recurse into their fields.
pub trait Checkable {
    fn measure(&self) -> Measure<'_>;

    /// Checks the value's own parts (fields of a model, items of a list).
    fn check_inner(&self, _at: &Path<'_>, _errors: &mut ValidationErrors) {}

    /// Calls `f` with the index and measure of each item, for a list.
    fn for_each_item(&self, _f: &mut dyn FnMut(usize, Measure<'_>)) {}
}

/// A model is checked by validating its fields.
impl<M: super::Validate> Checkable for M {
    fn measure(&self) -> Measure<'_> {
        Measure::Opaque
    }

    fn check_inner(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        self.validate_at(at, errors)
    }
}

impl Checkable for String {
    fn measure(&self) -> Measure<'_> {
        Measure::Text(self)
    }
}

impl Checkable for str {
    fn measure(&self) -> Measure<'_> {
        Measure::Text(self)
    }
}

// Free-form JSON (`serde_json::Value`) is checked as a model with no
// rules: its `Validate` is in `runtime/mod.rs`.

impl Checkable for bool {
    fn measure(&self) -> Measure<'_> {
        Measure::Opaque
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Checkable for $t {
            fn measure(&self) -> Measure<'_> {
                Measure::Number(*self as f64)
            }
        }
    )*};
}
numbers!(i32, i64, f64);

impl<T: Checkable> Checkable for Vec<T> {
    fn measure(&self) -> Measure<'_> {
        Measure::Items(self.len())
    }

    fn check_inner(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        for (i, item) in self.iter().enumerate() {
            let at = at.index(i);
            item.check_inner(&at, errors);
        }
    }

    fn for_each_item(&self, f: &mut dyn FnMut(usize, Measure<'_>)) {
        for (i, item) in self.iter().enumerate() {
            f(i, item.measure());
        }
    }
}

/// A map's rules are on its values, checked under their keys.
impl<T: Checkable> Checkable for std::collections::BTreeMap<String, T> {
    fn measure(&self) -> Measure<'_> {
        Measure::Opaque
    }

    fn check_inner(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        for (key, value) in self {
            let at = at.key(key);
            value.check_inner(&at, errors);
        }
    }
}

/// Applies `rules` to the field `name` of the value at `at`.
///
/// `None` is a missing value: a violation when `required`, otherwise fine.
pub fn check<V: Checkable + ?Sized>(
    errors: &mut ValidationErrors,
    at: &Path<'_>,
    name: &str,
    value: Option<&V>,
    required: bool,
    rules: &[Rule],
) {
    let at = at.key(name);
    let Some(value) = value else {
        if required {
            errors.push(violation(
                &at,
                RuleKind::Required,
                String::new(),
                "nothing".into(),
            ));
        }
        return;
    };
    let measure = value.measure();
    for rule in rules {
        if let Rule::Each(inner) = rule {
            value.for_each_item(&mut |i, item| {
                let at = at.index(i);
                for rule in inner.iter() {
                    if let Some(v) = apply(rule, &item, &at) {
                        errors.push(v);
                    }
                }
            });
        } else if let Some(v) = apply(rule, &measure, &at) {
            errors.push(v);
        }
    }
    value.check_inner(&at, errors);
}

fn violation(at: &Path<'_>, rule: RuleKind, limit: String, found: String) -> Violation {
    Violation {
        path: at.to_string(),
        rule,
        limit,
        found,
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn apply(rule: &Rule, measure: &Measure<'_>, at: &Path<'_>) -> Option<Violation> {
    let fail = |kind, limit: String, found: String| Some(violation(at, kind, limit, found));
    match (rule, measure) {
        (Rule::MinLength(min), Measure::Text(t)) => {
            let n = t.chars().count();
            if (n as u64) < *min {
                fail(RuleKind::MinLength, min.to_string(), plural(n, "character"))
            } else {
                None
            }
        }
        (Rule::MaxLength(max), Measure::Text(t)) => {
            // Counting stops once past the limit: no work on huge inputs.
            let n = t.chars().take(*max as usize + 1).count();
            if (n as u64) > *max {
                fail(
                    RuleKind::MaxLength,
                    max.to_string(),
                    format!("{} characters", t.chars().count()),
                )
            } else {
                None
            }
        }
        (Rule::Minimum(min), Measure::Number(x)) if x < min => {
            fail(RuleKind::Minimum, min.to_string(), x.to_string())
        }
        (Rule::Maximum(max), Measure::Number(x)) if x > max => {
            fail(RuleKind::Maximum, max.to_string(), x.to_string())
        }
        (Rule::MinItems(min), Measure::Items(n)) if (*n as u64) < *min => {
            fail(RuleKind::MinItems, min.to_string(), plural(*n, "item"))
        }
        (Rule::MaxItems(max), Measure::Items(n)) if (*n as u64) > *max => {
            fail(RuleKind::MaxItems, max.to_string(), plural(*n, "item"))
        }
        (Rule::Pattern(p), Measure::Text(t)) => match pattern::is_match(p, t) {
            Some(true) => None,
            Some(false) => fail(
                RuleKind::Pattern,
                (*p).to_owned(),
                format!("a value of {}", plural(t.chars().count(), "character")),
            ),
            None => fail(
                RuleKind::Pattern,
                (*p).to_owned(),
                "a pattern that does not compile".into(),
            ),
        },
        (Rule::OneOf(values), Measure::Text(t)) if !values.contains(t) => {
            let shown: String = t.chars().take(64).collect();
            fail(RuleKind::OneOf, values.join(", "), format!("{shown:?}"))
        }
        _ => None,
    }
}
