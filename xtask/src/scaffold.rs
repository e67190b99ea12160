//! `generate --out DIR/src` into a folder with no crate around it: the
//! Cargo.toml and lib.rs that make the generated code a crate that builds.
//! An existing crate's files are never touched.

use std::path::{Path, PathBuf};

/// Writes `DIR/Cargo.toml` and `DIR/src/lib.rs` when `src` (the folder
/// given to `--out`) is `DIR/src` and `DIR` has no Cargo.toml yet.
/// Returns the files written.
pub fn crate_around(src: &Path, spec: &Path) -> Result<Vec<PathBuf>, String> {
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
    let models = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/models")
        .canonicalize()
        .map_err(|e| format!("cannot find the models runtime: {e}"))?;
    let toml = format!(
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
         hwbackup-models = {{ path = {models:?} }}\n\
         serde = \"1\"\n\
         serde_json = \"1\"\n\n\
         # Its own workspace, so that it builds wherever it is written.\n\
         [workspace]\n",
        spec = spec.display(),
        models = models.display().to_string(),
    );
    let lib = "//! Models generated from the spec by `cargo xtask generate`.\n\n#[rustfmt::skip]\nmod generated;\n\npub use generated::*;\n";
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
