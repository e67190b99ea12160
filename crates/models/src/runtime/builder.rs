//! The generic half of every generated builder: how a field is held while
//! a value is being built, how it is finished (checked, and nested builders
//! built), and how a built value is opened again for changes.
//!
//! Generated code names a field's presence ([`Req`] or [`Opt`]) and its
//! kind (one of [`kind`]); everything else is here once, so a generated
//! type needs no impls of its own beyond its builder's `finish`.

use super::{check, Checkable, Measure, Path, Rule, ValidationErrors};

/// A request builder: checks what it holds and builds the value.
pub trait Builder: Sized {
    type Value;

    /// Records every broken rule under `at` into `errors`, and returns the
    /// value if every required field is there. The value is good only if
    /// nothing was recorded: [`build`] checks that once, at the top.
    fn finish(self, at: &Path<'_>, errors: &mut ValidationErrors) -> Option<Self::Value>;
}

/// Free-form JSON is its own builder: there are no rules to check in it.
impl Builder for serde_json::Value {
    type Value = serde_json::Value;

    #[inline]
    fn finish(self, _: &Path<'_>, _: &mut ValidationErrors) -> Option<Self::Value> {
        Some(self)
    }
}

/// Builds a top-level value from its builder: the body of every generated
/// `build()`, kept here once.
pub fn build<B: Builder>(builder: B) -> Result<B::Value, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    match builder.finish(&Path::Root, &mut errors) {
        Some(value) if errors.is_empty() => Ok(value),
        _ => Err(errors),
    }
}

/// A required field: the model holds `T`, a builder `Option<T>`.
pub struct Req;

/// An optional field: the model holds `Option<T>`, as does a builder.
pub struct Opt;

impl Req {
    pub const REQUIRED: bool = true;
}

impl Opt {
    pub const REQUIRED: bool = false;
}

/// How a field is held and finished, by kind: a value ([`One`](kind::One)),
/// a list of values ([`Many`](kind::Many)), a nested model's builder
/// ([`Nested`](kind::Nested)) or a list of them
/// ([`NestedList`](kind::NestedList)).
pub mod kind {
    use super::*;

    /// A value held as is: a string, number, flag, enum or free-form JSON.
    pub struct One;
    /// A list of such values.
    pub struct Many;
    /// A nested model, held as its builder until the parent is built.
    pub struct Nested;
    /// A list of nested models, held as their builders.
    pub struct NestedList;

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

    impl One {
        /// One step of a generated `finish`: applies the field's rules to
        /// what the builder holds.
        pub fn step<T: Checkable>(
            errors: &mut ValidationErrors,
            at: &Path<'_>,
            name: &str,
            slot: Option<T>,
            required: bool,
            rules: &[Rule],
        ) -> Option<T> {
            check(errors, at, name, slot.as_ref(), required, rules);
            slot
        }
    }

    impl Many {
        pub fn step<T: Checkable>(
            errors: &mut ValidationErrors,
            at: &Path<'_>,
            name: &str,
            slot: Option<Vec<T>>,
            required: bool,
            rules: &[Rule],
        ) -> Option<Vec<T>> {
            One::step(errors, at, name, slot, required, rules)
        }
    }

    impl Nested {
        /// Applies the field's rules, then builds the nested value,
        /// reporting its problems under the field's path.
        pub fn step<B: Builder>(
            errors: &mut ValidationErrors,
            at: &Path<'_>,
            name: &str,
            slot: Option<B>,
            required: bool,
            rules: &[Rule],
        ) -> Option<B::Value> {
            let present = slot.as_ref().map(|_| Present);
            check(errors, at, name, present.as_ref(), required, rules);
            slot?.finish(&at.key(name), errors)
        }
    }

    impl NestedList {
        /// Applies the field's rules to the list, then builds each item.
        pub fn step<B: Builder>(
            errors: &mut ValidationErrors,
            at: &Path<'_>,
            name: &str,
            slot: Option<Vec<B>>,
            required: bool,
            rules: &[Rule],
        ) -> Option<Vec<B::Value>> {
            let count = slot.as_ref().map(|items| Count(items.len()));
            check(errors, at, name, count.as_ref(), required, rules);
            let at = at.key(name);
            let before = errors.len();
            let built: Vec<_> = slot?
                .into_iter()
                .enumerate()
                .filter_map(|(i, item)| item.finish(&at.index(i), errors))
                .collect();
            (errors.len() == before).then_some(built)
        }
    }
}

/// What a builder holds for a built field, by kind then presence: the
/// body of a generated `From<Model> for Builder`, one plain call per field
/// (`draft::Nested::Opt(value.field)`). Named after the macro's tokens,
/// hence the capitals.
#[allow(non_snake_case)]
pub mod draft {
    /// A value, held as is.
    pub mod One {
        pub fn Req<T>(value: T) -> Option<T> {
            Some(value)
        }

        pub fn Opt<T>(value: Option<T>) -> Option<T> {
            value
        }
    }

    /// A list of values, held as is.
    pub mod Many {
        pub fn Req<T>(value: Vec<T>) -> Option<Vec<T>> {
            Some(value)
        }

        pub fn Opt<T>(value: Option<Vec<T>>) -> Option<Vec<T>> {
            value
        }
    }

    /// A nested model, opened into its builder.
    pub mod Nested {
        pub fn Req<M, B: From<M>>(value: M) -> Option<B> {
            Some(B::from(value))
        }

        pub fn Opt<M, B: From<M>>(value: Option<M>) -> Option<B> {
            value.map(B::from)
        }
    }

    /// A list of nested models, each opened into its builder.
    pub mod NestedList {
        pub fn Req<M, B: From<M>>(values: Vec<M>) -> Option<Vec<B>> {
            Some(values.into_iter().map(B::from).collect())
        }

        pub fn Opt<M, B: From<M>>(values: Option<Vec<M>>) -> Option<Vec<B>> {
            values.map(|values| values.into_iter().map(B::from).collect())
        }
    }
}

/// A list setter's items, converted: what `.tags([...])` comes to.
#[inline]
pub fn list<T>(items: impl IntoIterator<Item = impl Into<T>>) -> Vec<T> {
    items.into_iter().map(Into::into).collect()
}

/// What a builder holds for a field, by kind.
pub mod slot {
    /// One value.
    pub type One<T> = T;

    /// A list.
    pub type Many<T> = Vec<T>;

    /// A nested model's builder.
    pub type Nested<B> = B;

    /// A list of nested models' builders.
    pub type NestedList<B> = Vec<B>;
}
