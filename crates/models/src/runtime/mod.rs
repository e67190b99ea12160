//! The hand-written runtime that generated models call.
//!
//! Constraints are data: each generated field carries a static list of
//! [`Rule`]s, and [`check`] is the one routine that applies them.

mod check;
mod errors;
mod macros;
mod operation;
mod path;
mod pattern;

pub use check::{check, nested, nested_list, Checkable, Measure, Rule};
pub use errors::{RuleKind, ValidationErrors, Violation};
pub use macros::{model_impls, open_enum_impls};
pub use operation::{Operation, Param, ParamLocation};
pub use path::{path_of_pointer, Path};
pub use pattern::Pattern;

/// Validation of a value built any way (builder, deserialization, by hand).
pub trait Validate {
    /// Records every violation under `at` into `errors`.
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors);

    /// Checks every documented rule, returning all violations at once.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.validate_at(&Path::Root, &mut errors);
        errors.into_result()
    }
}

/// A builder that can build its value as part of a larger one, reporting
/// problems under the path where the value sits.
pub trait BuildAt: Sized {
    type Output;

    /// Builds the value, or records why it cannot be built and returns `None`.
    fn build_at(self, at: &Path<'_>, errors: &mut ValidationErrors) -> Option<Self::Output>;
}

/// Builds a top-level value from its builder: the body of every generated
/// `build()`, kept here once.
pub fn build<B: BuildAt>(builder: B) -> Result<B::Output, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    match builder.build_at(&Path::Root, &mut errors) {
        Some(value) if errors.is_empty() => Ok(value),
        _ => Err(errors),
    }
}
