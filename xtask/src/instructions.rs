//! Instructions, not seconds: how many instructions rustc executes for one
//! rebuild of a bench crate (or for its whole compilation), counted by
//! valgrind (cachegrind without cache simulation). The count is the same
//! on every run whatever else the machine is doing, so two crates compare
//! to a fraction of a percent where wall-clock rebuilds on a shared
//! machine drift by a third.
//!
//! Cargo runs `xtask` itself as the `RUSTC_WRAPPER`; the wrapper runs only
//! the bench crate's compilation under valgrind, every other crate as is.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};

/// Names the crate whose compilation the wrapper counts.
const CRATE_VAR: &str = "XTASK_COUNT_CRATE";
/// Where the wrapper's valgrind writes its counts.
const OUT_VAR: &str = "XTASK_COUNT_OUT";

/// Whether `valgrind` can be run here.
pub fn available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// When cargo runs this process as its rustc wrapper (the variables above
/// are set): runs rustc, under valgrind for the counted crate, and returns
/// its exit code. `None` otherwise.
pub fn as_wrapper() -> Option<ExitCode> {
    let counted = std::env::var(CRATE_VAR).ok()?;
    let out = std::env::var_os(OUT_VAR)?;
    let mut args = std::env::args_os().skip(1);
    let rustc = args.next()?;
    let args: Vec<OsString> = args.collect();
    let is_counted = args
        .windows(2)
        .any(|w| w[0] == "--crate-name" && w[1] == counted.as_str());
    let mut command = if is_counted {
        let mut c = Command::new("valgrind");
        // valgrind's own notes go to a file beside the counts; rustc's
        // diagnostics still reach cargo.
        let mut log = out.clone();
        log.push(".log");
        c.args(["--tool=cachegrind", "--cache-sim=no"])
            .arg(concat_os("--cachegrind-out-file=", &out))
            .arg(concat_os("--log-file=", &log))
            .arg(rustc);
        c
    } else {
        Command::new(rustc)
    };
    let code = match command.args(args).status() {
        Ok(status) => status.code().unwrap_or(1),
        Err(e) => {
            eprintln!("xtask as rustc wrapper: {e}");
            1
        }
    };
    Some(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

fn concat_os(prefix: &str, value: &OsString) -> OsString {
    let mut s = OsString::from(prefix);
    s.push(value);
    s
}

/// Builds the crate at `manifest` (whose library is `crate_name`) with
/// `me` as rustc wrapper, and returns the instructions its compilation
/// took. The caller has just changed its `lib.rs`.
pub fn count(me: &Path, manifest: &Path, target: &Path, crate_name: &str) -> Result<u64, String> {
    count_with(me, manifest, target, crate_name, true)
}

/// [`count`] of the crate's whole compilation, as a consumer's first build
/// does it: its own artifacts removed, no incremental state (its
/// dependencies are built, and not counted).
pub fn count_from_scratch(
    me: &Path,
    manifest: &Path,
    target: &Path,
    package: &str,
    crate_name: &str,
) -> Result<u64, String> {
    let status = Command::new("cargo")
        .args(["clean", "--quiet", "--package", package, "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cargo clean -p {package} failed"));
    }
    count_with(me, manifest, target, crate_name, false)
}

fn count_with(
    me: &Path,
    manifest: &Path,
    target: &Path,
    crate_name: &str,
    incremental: bool,
) -> Result<u64, String> {
    let out = target.join(format!("{crate_name}.cachegrind"));
    let mut cargo = Command::new("cargo");
    // A rebuild runs as the timed ones did, under the manifest's profiles
    // (the generated crate incremental, the runtime crates it depends on
    // not): `CARGO_INCREMENTAL=1` would override those profiles, rebuild
    // the runtime crates and count a rebuild of everything after them.
    if incremental {
        cargo.env_remove("CARGO_INCREMENTAL");
    } else {
        cargo.env("CARGO_INCREMENTAL", "0");
    }
    let status = cargo
        .args(["build", "--quiet", "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTC_WRAPPER", me)
        .env(CRATE_VAR, crate_name)
        .env(OUT_VAR, &out)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("{crate_name} does not build under valgrind"));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    summary(&text).ok_or_else(|| format!("{}: no `summary:` line", out.display()))
}

/// The total of a cachegrind output file: its `summary: N` line.
fn summary(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| line.strip_prefix("summary:"))
        .and_then(|n| n.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn reads_the_total_of_a_cachegrind_file() {
        let text = "desc: I1 cache: ...\ncmd: rustc\nevents: Ir\nfl=x\n1 2\nsummary: 5964768360\n";
        assert_eq!(summary(text), Some(5_964_768_360));
        assert_eq!(summary("events: Ir\n"), None);
        assert_eq!(summary("summary: lots\n"), None);
    }
}
