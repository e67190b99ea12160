//! What every request builder is: a [`Builder`] of a value, built by the
//! one [`build`] routine. How each field is held and finished is its kind
//! (`kind.rs`); whether it must be there is its presence (`presence.rs`).

use super::{Path, ValidationErrors};

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

/// A list setter's items, converted: what `.tags([...])` comes to.
#[inline]
pub fn list<T>(items: impl IntoIterator<Item = impl Into<T>>) -> Vec<T> {
    items.into_iter().map(Into::into).collect()
}

/// The body of every request model's `Validate`: the value opened again as
/// its builder (a clone: validation is for values decoded or changed by
/// hand, not a hot path) and finished, so `build()` and `validate()` run
/// the same checks from the same code. A model's own copy of each field's
/// rules in a second impl cost 3.5% of a generated crate's compile.
#[inline]
pub fn revalidate<B>(value: &B::Value, at: &Path<'_>, errors: &mut ValidationErrors)
where
    B: Builder + From<B::Value>,
    B::Value: Clone,
{
    let _ = B::from(value.clone()).finish(at, errors);
}
