//! progenitor, when `cargo-progenitor` is installed: the yardstick the
//! issue sets the generator's targets against (7 s for 1000 operations, 6 s
//! to rebuild its 100-operation crate). Run in turns with ours in the same
//! bench, it turns those targets into ratios that hold on a shared machine
//! whose speed drifts.

use std::path::Path;
use std::process::{Command, Stdio};

/// Whether `cargo progenitor` can run here.
pub fn installed() -> bool {
    Command::new("cargo")
        .args(["progenitor", "--help"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Generates progenitor's client crate of `spec` into `out`.
pub fn generate(spec: &Path, out: &Path, name: &str) -> Result<(), String> {
    let status = Command::new("cargo")
        .args(["progenitor", "--name", name, "--version", "0.0.0"])
        .arg("--input")
        .arg(spec)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo progenitor failed on {}", spec.display()))
    }
}
