//! Stage 3: IR -> Rust token streams -> formatted files.

mod docs;
mod format;
mod models;
mod operations;
mod tests;

use std::path::PathBuf;

use crate::ir::Service;

pub use format::{format_file, format_fragment, format_units, Header};

/// One file the generator writes, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Where generated code goes and how it reaches its runtime.
#[derive(Debug, Clone)]
pub struct Target {
    /// Folder that receives the models' `generated/` modules (a crate's `src/`).
    pub models_src: PathBuf,
    /// Rust path of the models runtime from inside that crate
    /// (`crate::runtime`, or `hwbackup_models::runtime` from another crate).
    pub runtime_path: String,
    /// Where to write the generated tests (`generated/mod.rs` in this folder), if anywhere,
    /// and the name of the models crate it tests.
    pub tests: Option<(PathBuf, String)>,
}

/// Generates every file for `services`. Output is deterministic: the same
/// IR gives the same bytes.
pub fn generate(services: &[Service], target: &Target) -> Result<Vec<GeneratedFile>, String> {
    let rt: syn::Path = syn::parse_str(&target.runtime_path).map_err(|e| {
        format!(
            "runtime path {:?} is not a Rust path: {e}",
            target.runtime_path
        )
    })?;
    let dir = target.models_src.join("generated");
    let mut files = Vec::new();
    for service in services {
        let header = Header::for_services(std::slice::from_ref(service));
        let mut contents = format_units(&header, models::prelude(&rt), &service.models, |m| {
            models::model_items(service, m)
        })?;
        contents.push('\n');
        contents.push_str(&format_fragment(operations::operations_module(service))?);
        files.push(GeneratedFile {
            path: dir.join(format!("{}.rs", service.module)),
            contents,
        });
    }
    files.push(GeneratedFile {
        path: dir.join("mod.rs"),
        contents: format_file(
            &Header::for_services(services),
            models::root_module(services),
        )?,
    });
    if let Some((dir, krate)) = &target.tests {
        files.push(GeneratedFile {
            path: dir.join("generated").join("mod.rs"),
            contents: format_file(
                &Header::for_services(services),
                tests::test_file(services, krate),
            )?,
        });
    }
    Ok(files)
}
