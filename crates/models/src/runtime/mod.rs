//! The hand-written runtime that generated models call.
//!
//! Constraints are data: each generated field carries a constant list of
//! [`Rule`]s, and [`check`] is the one routine that applies them. The
//! builders, validators and serde impls of generated types come from the
//! [`model!`] and [`open_enum!`] macros, fed by the generator with each
//! type's fields as data.

mod builder;
mod check;
mod errors;
pub mod kind;
mod macros;
mod operation;
mod params;
mod path;
mod pattern;
mod presence;
pub mod template;
pub mod text;
mod wire;

pub use builder::{build, list, revalidate, Builder};
pub use check::{check, Checkable, Measure, Rule};
pub use errors::{RuleKind, ValidationErrors, Violation};
pub use kind::Kind;
pub use macros::{model, open_enum};
pub use operation::{Operation, Param, ParamLocation};
pub use params::{ListStyle, Scalar, Shape, Value, WireParams};
pub use path::{path_of_pointer, Path};
pub use presence::{Opt, Req};
pub use wire::{debug_struct, read_enum, read_model, FieldKey, FromMap, Reader, Writer};

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

/// A model held in a `Box` (a recursive schema) validates as the model.
impl<M: Validate + ?Sized> Validate for Box<M> {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(at, errors)
    }
}

/// A free-form JSON body (an object the spec gives no properties) has no
/// documented rules: any JSON value passes.
impl Validate for serde_json::Value {
    fn validate_at(&self, _: &Path<'_>, _: &mut ValidationErrors) {}
}
