//! The generator: OpenAPI 3.0 spec files in, Rust source files out.
//!
//! The data moves through three stages, one module each:
//! [`load`] reads and checks the spec, [`ir`] turns it into a small typed
//! model, and [`emit`] turns that model into formatted Rust files.

pub mod docs;
pub mod emit;
pub mod import;
pub mod ir;
pub mod load;

pub use emit::{generate, GeneratedFile, Target};
pub use load::{load_spec, SpecError, SpecErrors, SpecFile};

/// Checks a spec and builds its IR: [`load::check`] and
/// [`ir::build_service`] side by side, since neither needs the other.
/// The spec's problems, if it has any, come first.
pub fn load_service(display: &str, text: &str) -> Result<ir::Service, SpecErrors> {
    let spec = SpecFile::new(display, text);
    let (checked, built) = std::thread::scope(|scope| {
        let checks = scope.spawn(|| load::check(&spec));
        let built = ir::build_service(&spec);
        let checked = checks.join().unwrap_or_else(|_| {
            Err(SpecErrors(vec![SpecError {
                file: spec.path.clone(),
                pointer: String::new(),
                message: "the spec checks failed".into(),
            }]))
        });
        (checked, built)
    });
    checked?;
    built
}
