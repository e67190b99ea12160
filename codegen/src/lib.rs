//! The generator: OpenAPI 3.0 spec files in, Rust source files out.
//!
//! The data moves through three stages, one module each:
//! [`load`] reads and checks the spec, [`ir`] turns it into a small typed
//! model, and [`emit`] turns that model into formatted Rust files.

pub mod emit;
pub mod ir;
pub mod load;

pub use emit::{generate, GeneratedFile, Target};
pub use load::{load_spec, SpecError, SpecFile};
