//! Stage 3: IR -> Rust token streams -> formatted files.

mod client;
mod docs;
mod emulator;
mod examples;
mod format;
mod models;
mod operations;
mod printed;
mod tests;

use std::path::PathBuf;

use crate::ir::Service;

pub use format::{format_file, format_fragment, format_units, Header, MacroCall, Unit};

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
    /// Folder that receives the client's `generated/` modules, if a client is wanted.
    pub client_src: Option<PathBuf>,
    /// Folder that receives the emulator's `generated/` modules, if an emulator is wanted.
    pub emulator_src: Option<PathBuf>,
    /// Where to write the emulator's generated tests (`generated/mod.rs` in this folder), if anywhere.
    pub emulator_tests: Option<PathBuf>,
    /// Where to write the client's generated wire tests (`generated/mod.rs` in this folder), if anywhere.
    pub client_tests: Option<PathBuf>,
    /// Crate name of the models, as the client and emulator refer to it.
    pub models_crate: String,
    /// Each service behind a cargo feature of its name, in the models and
    /// the client (the crates' manifests declare them).
    pub service_features: bool,
    /// Where to write the fuzz crate's list of response decoders
    /// (`generated.rs` in this folder), if anywhere.
    pub fuzz_src: Option<PathBuf>,
    /// An example in each client operation's docs, if wanted.
    pub doc_examples: Option<DocExamples>,
}

/// How the client's per-operation doc examples name their crates.
#[derive(Debug, Clone)]
pub struct DocExamples {
    /// The client crate as a doc test names it (`hwbackup_client`).
    pub client_crate: String,
    /// An emulator crate (a dev-dependency) the examples start and call;
    /// without one they are compiled but not run (`no_run`).
    pub emulator_crate: Option<String>,
}

impl Target {
    /// Models only, into `models_src`, calling the runtime at `runtime_path`.
    pub fn models(models_src: impl Into<PathBuf>, runtime_path: &str) -> Self {
        Self {
            models_src: models_src.into(),
            runtime_path: runtime_path.to_owned(),
            tests: None,
            client_src: None,
            emulator_src: None,
            emulator_tests: None,
            client_tests: None,
            models_crate: "hwbackup_models".to_owned(),
            service_features: false,
            fuzz_src: None,
            doc_examples: None,
        }
    }
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
        // The operations module is formatted alongside the models, not after.
        let (models, ops) = std::thread::scope(|scope| {
            let ops = scope.spawn(|| operations::operations_module(service));
            let models = format_units(&header, models::prelude(&rt), &service.models, |m| {
                models::model_items(service, m)
            });
            let ops = ops
                .join()
                .unwrap_or_else(|_| Err("formatting the operations failed".into()));
            (models, ops)
        });
        let mut contents = models?;
        contents.push('\n');
        contents.push_str(&ops?);
        files.push(GeneratedFile {
            path: dir.join(format!("{}.rs", service.module)),
            contents,
        });
    }
    files.push(GeneratedFile {
        path: dir.join("mod.rs"),
        contents: format_file(
            &Header::for_services(services),
            models::root_module(services, target.service_features),
        )?,
    });
    if let Some(src) = &target.client_src {
        let krate = &target.models_crate;
        let dir = src.join("generated");
        for service in services {
            let header = Header::for_services(std::slice::from_ref(service));
            files.push(GeneratedFile {
                path: dir.join(format!("{}.rs", service.module)),
                contents: client::service_file(
                    service,
                    krate,
                    &header,
                    target.doc_examples.as_ref(),
                )?,
            });
        }
        files.push(GeneratedFile {
            path: dir.join("mod.rs"),
            contents: format_file(
                &Header::for_services(services),
                client::root_module(services, target.service_features),
            )?,
        });
    }
    if let Some(src) = &target.emulator_src {
        let krate = &target.models_crate;
        files.extend(crate_files(
            src,
            services,
            |s| emulator::service_file(s, krate),
            emulator::root_module,
        )?);
    }
    if let Some(dir) = &target.emulator_tests {
        files.push(GeneratedFile {
            path: dir.join("generated").join("mod.rs"),
            contents: format_file(
                &Header::for_services(services),
                tests::emulator_test_file(services, &target.models_crate),
            )?,
        });
    }
    if let Some(dir) = &target.client_tests {
        files.push(GeneratedFile {
            path: dir.join("generated").join("mod.rs"),
            contents: format_file(
                &Header::for_services(services),
                tests::client_wire_tests(services, &target.models_crate),
            )?,
        });
    }
    if let Some(dir) = &target.fuzz_src {
        files.push(GeneratedFile {
            path: dir.join("generated.rs"),
            contents: format_file(
                &Header::for_services(services),
                tests::fuzz_responses(services, &target.models_crate),
            )?,
        });
    }
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

/// A crate's `generated/` folder: one file per service and a `mod.rs`.
fn crate_files(
    src: &std::path::Path,
    services: &[Service],
    service_file: impl Fn(&Service) -> proc_macro2::TokenStream,
    root_module: impl Fn(&[Service]) -> proc_macro2::TokenStream,
) -> Result<Vec<GeneratedFile>, String> {
    let dir = src.join("generated");
    let mut files = Vec::new();
    for service in services {
        files.push(GeneratedFile {
            path: dir.join(format!("{}.rs", service.module)),
            contents: format_file(
                &Header::for_services(std::slice::from_ref(service)),
                service_file(service),
            )?,
        });
    }
    files.push(GeneratedFile {
        path: dir.join("mod.rs"),
        contents: format_file(&Header::for_services(services), root_module(services))?,
    });
    Ok(files)
}
