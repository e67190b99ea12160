//! The generic half of every generated builder: how a field is held while
//! a value is being built, how it is finished (checked, and nested builders
//! built), and how a built value is opened again for changes.
//!
//! Generated code names a field's presence ([`Req`] or [`Opt`]) and its
//! setter kind ([`set::One`] or [`set::Many`]); everything else is here once.

use super::{check, Checkable, Path, Rule, ValidationErrors};

/// What a builder holds for a field, and how it becomes the field's value.
///
/// Plain values finish as themselves; a nested model's builder finishes by
/// building (reporting its problems under its own path); a list finishes
/// item by item.
pub trait Slot: Checkable + Sized {
    type Value;

    /// The finished value, or `None` after recording why there is none.
    fn finish(self, at: &Path<'_>, errors: &mut ValidationErrors) -> Option<Self::Value>;
}

/// The inverse of [`Slot`]: a built value, opened again as builder content.
pub trait Draft {
    type Slot;

    fn draft(self) -> Self::Slot;
}

macro_rules! plain_values {
    ($($t:ty),*) => {$(
        impl Slot for $t {
            type Value = $t;
            fn finish(self, _: &Path<'_>, _: &mut ValidationErrors) -> Option<$t> {
                Some(self)
            }
        }

        impl Draft for $t {
            type Slot = $t;
            fn draft(self) -> $t {
                self
            }
        }
    )*};
}
plain_values!(String, bool, i32, i64, f64, serde_json::Value);

impl<T: Slot> Slot for Vec<T> {
    type Value = Vec<T::Value>;

    fn finish(self, at: &Path<'_>, errors: &mut ValidationErrors) -> Option<Self::Value> {
        let before = errors.len();
        let built: Vec<_> = self
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| item.finish(&at.index(i), errors))
            .collect();
        (errors.len() == before).then_some(built)
    }
}

impl<T: Draft> Draft for Vec<T> {
    type Slot = Vec<T::Slot>;

    fn draft(self) -> Self::Slot {
        self.into_iter().map(Draft::draft).collect()
    }
}

/// One step of a generated `finish`: applies the field's rules to what the
/// builder holds, then finishes it under the field's path.
pub fn step<S: Slot>(
    errors: &mut ValidationErrors,
    at: &Path<'_>,
    name: &str,
    slot: Option<S>,
    required: bool,
    rules: &[Rule],
) -> Option<S::Value> {
    check(errors, at, name, slot.as_ref(), required, rules);
    slot?.finish(&at.key(name), errors)
}

/// Builds a top-level value from its builder: the body of every generated
/// `build()`, kept here once.
pub fn build<B: Slot>(builder: B) -> Result<B::Value, ValidationErrors> {
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

    pub fn get<T>(value: &T) -> Option<&T> {
        Some(value)
    }

    pub fn take<T>(slot: Option<T>) -> Option<T> {
        slot
    }

    pub fn draft<T: Draft>(value: T) -> Option<T::Slot> {
        Some(value.draft())
    }
}

impl Opt {
    pub const REQUIRED: bool = false;

    pub fn get<T>(value: &Option<T>) -> Option<&T> {
        value.as_ref()
    }

    pub fn take<T>(slot: Option<T>) -> Option<Option<T>> {
        Some(slot)
    }

    pub fn draft<T: Draft>(value: Option<T>) -> Option<T::Slot> {
        value.map(Draft::draft)
    }
}

/// What a setter accepts, by kind.
pub mod set {
    /// One value: anything that converts into it.
    pub use core::convert::Into as One;

    /// A list: anything iterable (an array, a `Vec`, an iterator) whose
    /// items convert into the list's item type.
    pub trait Many<T> {
        fn into(self) -> Vec<T>;
    }

    impl<T, I> Many<T> for I
    where
        I: IntoIterator,
        I::Item: Into<T>,
    {
        fn into(self) -> Vec<T> {
            self.into_iter().map(Into::into).collect()
        }
    }
}

/// What a builder holds for a field, by setter kind.
pub mod slot {
    /// One value.
    pub type One<T> = T;

    /// A list.
    pub type Many<T> = Vec<T>;
}
