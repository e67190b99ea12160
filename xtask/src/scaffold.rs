//! `generate --out DIR/src` into a folder with no crate around it: the
//! Cargo.toml and lib.rs that make the generated code a crate that builds.
//! An existing crate's files are never touched.
//!
//! With `--client`, the crate also holds an async client over
//! hwbackup-client-runtime (a dependency, as hwbackup-client has it): the
//! generated crate holds what differs per operation, and a rebuild of it
//! does not compile the runtime again.

use std::path::{Path, PathBuf};

/// The library name (`my_service`) of the crate whose `src` is `src`: the
/// name its Cargo.toml gives, or the one [`crate_around`] will give it.
pub fn lib_name(src: &Path, spec: &Path) -> String {
    let dir = src
        .parent()
        .filter(|_| src.file_name().is_some_and(|n| n == "src"))
        .unwrap_or(src);
    let declared = std::fs::read_to_string(dir.join("Cargo.toml"))
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                let (key, value) = l.split_once('=')?;
                (key.trim() == "name").then(|| value.trim().trim_matches('"').to_owned())
            })
        });
    declared
        .unwrap_or_else(|| crate_name(dir, spec))
        .replace('-', "_")
}

/// Writes `DIR/Cargo.toml` and `DIR/src/lib.rs` when `src` (the folder
/// given to `--out`) is `DIR/src` and `DIR` has no Cargo.toml yet.
/// Returns the files written.
pub fn crate_around(src: &Path, spec: &Path, client: bool) -> Result<Vec<PathBuf>, String> {
    let Some(dir) = src
        .parent()
        .filter(|_| src.file_name().is_some_and(|n| n == "src"))
    else {
        return Ok(Vec::new());
    };
    let manifest = dir.join("Cargo.toml");
    if manifest.exists() {
        return Ok(Vec::new());
    }
    let name = crate_name(dir, spec);
    let crates = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates")
        .canonicalize()
        .map_err(|e| format!("cannot find the runtimes: {e}"))?;
    let models = crates.join("models");
    let (toml, lib) = if client {
        (client_manifest(&name, spec, &crates)?, CLIENT_LIB)
    } else {
        (models_manifest(&name, spec, &models), MODELS_LIB)
    };
    std::fs::create_dir_all(src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let lib_path = src.join("lib.rs");
    std::fs::write(&manifest, toml)
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    let mut written = vec![manifest];
    if !lib_path.exists() {
        std::fs::write(&lib_path, lib)
            .map_err(|e| format!("cannot write {}: {e}", lib_path.display()))?;
        written.push(lib_path);
    }
    Ok(written)
}

const MODELS_LIB: &str = "//! Models generated from the spec by `cargo xtask generate`.\n\n#[rustfmt::skip]\nmod generated;\n\npub use generated::*;\n";

const CLIENT_LIB: &str =
    "//! Models and an async client generated from the spec by `cargo xtask generate --client`.\n\
\n\
/// The request and response models.\n\
pub mod models {\n\
    #[rustfmt::skip]\n\
    mod generated;\n\
    pub use generated::*;\n\
}\n\
\n\
#[rustfmt::skip]\n\
mod generated;\n\
\n\
pub use generated::*;\n\
pub use hwbackup_client_runtime::{\n\
    CallFuture, Credentials, Error, Items, Pages, Response, RetryPolicy, Service, ServiceError,\n\
    WaitError, Waiter,\n\
};\n";

fn client_manifest(name: &str, spec: &Path, crates: &Path) -> Result<String, String> {
    Ok(format!(
        "# Written by `cargo xtask generate --client` around the generated models and client of {spec}.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\n\
         [features]\n\
         {defaults}\n\
         rustls = [\"hwbackup-client-runtime/rustls\"]\n\
         native-tls = [\"hwbackup-client-runtime/native-tls\"]\n\
         # url's IDNA through unicode-rs, not ICU4X: a lighter cold build (see hwbackup-client-runtime).\n\
         unicode-rs-idna = [\"hwbackup-client-runtime/unicode-rs-idna\"]\n\
         full-serde = [\"hwbackup-models/full-serde\"]\n\n\
         [dependencies]\n\
         # The models' runtime only, not this project's own services.\n\
         hwbackup-models = {{ path = {models:?}, default-features = false }}\n\
         hwbackup-client-runtime = {{ path = {runtime_crate:?}, default-features = false }}\n\
         # What the generated code names besides: hwbackup-client's own dependencies.\n\
         {runtime}\n\
         # Its own workspace, so that it builds wherever it is written.\n\
         [workspace]\n\
         {profiles}",
        spec = spec.display(),
        profiles = compiled_as_published(&["hwbackup-models", "hwbackup-signer", "hwbackup-client-runtime"]),
        defaults = crate::features::default_line(crate::features::CLIENT_DEFAULTS.iter().copied()),
        models = crates.join("models").display().to_string(),
        runtime_crate = crates.join("client-runtime").display().to_string(),
        runtime = runtime_dependencies()?,
    ))
}

/// The manifests the copied runtime's dependencies are read from, as
/// this xtask was built with them.
const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");
const CLIENT_MANIFEST: &str = include_str!("../../crates/client/Cargo.toml");

/// hwbackup-client's `[dependencies]` other than this project's crates,
/// each resolved against the workspace's `[workspace.dependencies]`: the
/// generated code builds with exactly what the client's builds with.
fn runtime_dependencies() -> Result<String, String> {
    let mut out = String::new();
    for line in section(CLIENT_MANIFEST, "[dependencies]") {
        let Some((name, value)) = line.split_once('=') else {
            return Err(format!("crates/client/Cargo.toml: cannot read {line:?}"));
        };
        let name = name.trim().trim_end_matches(".workspace").trim();
        if name.starts_with("hwbackup-") {
            continue;
        }
        let value = value.trim();
        let features = if value == "true" {
            None
        } else if let Some(rest) = value.strip_prefix("{ workspace = true, features = ") {
            Some(rest.trim_end_matches('}').trim())
        } else {
            return Err(format!(
                "crates/client/Cargo.toml: {name} is not taken from the workspace ({value})"
            ));
        };
        let shared = section(WORKSPACE_MANIFEST, "[workspace.dependencies]")
            .find_map(|l| {
                let (n, v) = l.split_once('=')?;
                (n.trim() == name).then(|| v.trim().to_owned())
            })
            .ok_or_else(|| format!("Cargo.toml: no workspace dependency {name}"))?;
        let has_features = shared
            .split([',', '{'])
            .any(|part| part.trim_start().starts_with("features"));
        let spec = match (features, shared.strip_suffix('}')) {
            (None, _) => shared,
            (Some(f), Some(open)) if !has_features => {
                format!("{}, features = {f} }}", open.trim_end())
            }
            (Some(f), None) => format!("{{ version = {shared}, features = {f} }}"),
            (Some(_), Some(_)) => {
                return Err(format!(
                    "Cargo.toml: {name} has features in both manifests; merge them by hand"
                ))
            }
        };
        out.push_str(&format!("{name} = {spec}\n"));
    }
    Ok(out)
}

/// The lines of a manifest's `[header]` section that are not comments.
fn section<'a>(manifest: &'a str, header: &'static str) -> impl Iterator<Item = &'a str> {
    manifest
        .lines()
        .skip_while(move |l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn models_manifest(name: &str, spec: &Path, models: &Path) -> String {
    format!(
        "# Written by `cargo xtask generate` around the generated models of {spec}.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\n\
         [features]\n\
         # Both serde directions for every model (off: requests serialize, responses deserialize).\n\
         full-serde = [\"hwbackup-models/full-serde\"]\n\n\
         [dependencies]\n\
         # The models' runtime only, not this project's own services.\n\
         hwbackup-models = {{ path = {models:?}, default-features = false }}\n\
         serde = \"1\"\n\
         serde_json = \"1\"\n\n\
         # Its own workspace, so that it builds wherever it is written.\n\
         [workspace]\n\
         {profiles}",
        spec = spec.display(),
        profiles = compiled_as_published(&["hwbackup-models"]),
        models = models.display().to_string(),
    )
}

/// Profile entries that compile this project's runtime crates without
/// incremental state, as cargo compiles a dependency from a registry or
/// git. They are path dependencies only while unpublished; nobody edits
/// them from the generated crate, so an incremental cache of them is
/// pure cost: it made a cold build of the 100-operation bench crate 3%
/// slower (BENCHMARKS.md, session 12). The generated crate itself, the
/// one that changes, keeps its incremental rebuilds.
fn compiled_as_published(packages: &[&str]) -> String {
    let mut out = String::from(
        "\n# This project's runtime crates, compiled as a published dependency would be:\n\
         # not edited here, so without an incremental cache.\n",
    );
    for package in packages {
        out.push_str(&format!(
            "[profile.dev.package.{package}]\nincremental = false\n"
        ));
    }
    out
}

/// The folder's name as a crate name, else the spec file's.
fn crate_name(dir: &Path, spec: &Path) -> String {
    let raw = dir
        .file_name()
        .or_else(|| spec.file_stem())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".into());
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}
