//! How a builder holds a field until the value is built, by kind: a value
//! ([`One`]), a list of values ([`Many`]), a nested model's builder
//! ([`Nested`]) or a list of them ([`NestedList`]). Each kind is a
//! [`Kind`]: what the builder holds, what the model gets, how one becomes
//! the other (`step`, checked) and back (`reopen`).

use super::{check, Builder, Checkable, Measure, Path, Rule, ValidationErrors};

/// One kind of field, for items of type `T` (a value, or a nested builder).
pub trait Kind<T> {
    /// What a builder holds for the field (inside its `Option`).
    type Held;
    /// What the built model holds (inside its `Option` when optional).
    type Built;

    /// One step of a generated `finish`: applies the field's rules to what
    /// the builder holds, and builds nested values under the field's path.
    fn step(
        errors: &mut ValidationErrors,
        at: &Path<'_>,
        name: &str,
        held: Option<Self::Held>,
        required: bool,
        rules: &[Rule],
    ) -> Option<Self::Built>;

    /// What a builder holds for a built value (for `From<Model> for Builder`).
    fn reopen(built: Self::Built) -> Self::Held;
}

/// A value held as is: a string, number, flag, enum or free-form JSON.
pub struct One;
/// A list of such values.
pub struct Many;
/// A nested model, held as its builder until the parent is built.
pub struct Nested;
/// A list of nested models, held as their builders.
pub struct NestedList;

impl<T: Checkable> Kind<T> for One {
    type Held = T;
    type Built = T;

    fn step(
        errors: &mut ValidationErrors,
        at: &Path<'_>,
        name: &str,
        held: Option<T>,
        required: bool,
        rules: &[Rule],
    ) -> Option<T> {
        check(errors, at, name, held.as_ref(), required, rules);
        held
    }

    fn reopen(built: T) -> T {
        built
    }
}

impl<T: Checkable> Kind<T> for Many {
    type Held = Vec<T>;
    type Built = Vec<T>;

    fn step(
        errors: &mut ValidationErrors,
        at: &Path<'_>,
        name: &str,
        held: Option<Vec<T>>,
        required: bool,
        rules: &[Rule],
    ) -> Option<Vec<T>> {
        check(errors, at, name, held.as_ref(), required, rules);
        held
    }

    fn reopen(built: Vec<T>) -> Vec<T> {
        built
    }
}

/// What a nested builder looks like to the rules of its field: there.
struct Present;

impl Checkable for Present {
    fn measure(&self) -> Measure<'_> {
        Measure::Opaque
    }
}

/// What a list of nested builders looks like to the rules of its field:
/// how many there are.
struct Count(usize);

impl Checkable for Count {
    fn measure(&self) -> Measure<'_> {
        Measure::Items(self.0)
    }
}

impl<B: Builder + From<B::Value>> Kind<B> for Nested {
    type Held = B;
    type Built = B::Value;

    fn step(
        errors: &mut ValidationErrors,
        at: &Path<'_>,
        name: &str,
        held: Option<B>,
        required: bool,
        rules: &[Rule],
    ) -> Option<B::Value> {
        let present = held.as_ref().map(|_| Present);
        check(errors, at, name, present.as_ref(), required, rules);
        held?.finish(&at.key(name), errors)
    }

    fn reopen(built: B::Value) -> B {
        B::from(built)
    }
}

impl<B: Builder + From<B::Value>> Kind<B> for NestedList {
    type Held = Vec<B>;
    type Built = Vec<B::Value>;

    fn step(
        errors: &mut ValidationErrors,
        at: &Path<'_>,
        name: &str,
        held: Option<Vec<B>>,
        required: bool,
        rules: &[Rule],
    ) -> Option<Vec<B::Value>> {
        let count = held.as_ref().map(|items| Count(items.len()));
        check(errors, at, name, count.as_ref(), required, rules);
        let at = at.key(name);
        let before = errors.len();
        let built: Vec<_> = held?
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| item.finish(&at.index(i), errors))
            .collect();
        (errors.len() == before).then_some(built)
    }

    fn reopen(built: Vec<B::Value>) -> Vec<B> {
        built.into_iter().map(B::from).collect()
    }
}
