//! The rebuild half of `cargo xtask bench`: how long the crate generated
//! from the 100-operation spec takes to rebuild after a change (what a
//! maintainer waits for after a regenerate).
//!
//! When `cargo-progenitor` is installed, progenitor's crate of the same spec
//! is rebuilt in turns with ours, in the same run. The target (2 s
//! where progenitor takes 6 s) is then also checked as a ratio, which holds
//! on a shared machine whose speed drifts from one minute to the next.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::bench::median;

const ROUNDS: usize = 5;
/// Cold builds per crate, in turns: each is half a minute or more, and one
/// timing swings by a tenth or more on a shared 2-core machine.
const COLD_ROUNDS: usize = 5;

/// A crate whose rebuild is timed: its directory, its package's name, and
/// its `src/lib.rs`.
struct BenchCrate {
    name: &'static str,
    package: &'static str,
    dir: PathBuf,
    lib: String,
}

impl BenchCrate {
    /// The library's name, as rustc's `--crate-name` gives it.
    fn crate_name(&self) -> String {
        self.package.replace('-', "_")
    }

    fn build(&self) -> Result<(), String> {
        // Under the manifest's profiles, as the instruction count builds
        // (`instructions::count`): never a `CARGO_INCREMENTAL` of the caller.
        let status = Command::new("cargo")
            .args(["build", "--quiet", "--manifest-path"])
            .arg(self.dir.join("Cargo.toml"))
            .env_remove("CARGO_INCREMENTAL")
            .env("CARGO_TARGET_DIR", self.dir.join("target"))
            .status()
            .map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{} does not build", self.name))
        }
    }

    /// Changes `src/lib.rs` (a comment that names `round`).
    fn touch(&self, round: &str) -> Result<(), String> {
        let text = format!("{}\n// rebuild {round}\n", self.lib);
        std::fs::write(self.dir.join("src/lib.rs"), text).map_err(|e| e.to_string())
    }

    /// Changes `src/lib.rs`, then times the build.
    fn rebuild(&self, round: usize) -> Result<f64, String> {
        self.touch(&round.to_string())?;
        let start = Instant::now();
        self.build()?;
        Ok(start.elapsed().as_secs_f64())
    }

    /// Changes `src/lib.rs`, then counts the instructions of the rebuild.
    fn count(&self, me: &Path) -> Result<u64, String> {
        self.touch("counted")?;
        crate::instructions::count(
            me,
            &self.dir.join("Cargo.toml"),
            &self.dir.join("target"),
            &self.crate_name(),
        )
    }
}

/// Times rebuilds of our crate of `spec`, and of progenitor's when
/// `with_progenitor` (it is installed).
pub fn run(root: &Path, me: &Path, spec: &Path, with_progenitor: bool) -> Result<(), String> {
    let mut crates = vec![ours(root, me, spec)?];
    if with_progenitor {
        crates.push(progenitor(root, spec)?);
    } else {
        println!(
            "(progenitor's crate of the same spec is timed too once `cargo install cargo-progenitor` has run)"
        );
    }
    // A consumer's first build: the crate and everything it depends on,
    // from an empty target folder, in turns (one timing swings by a fifth
    // on this machine).
    let mut cold = vec![Vec::new(); crates.len()];
    for _ in 0..COLD_ROUNDS {
        for (c, t) in crates.iter().zip(&mut cold) {
            let target = c.dir.join("target");
            if target.exists() {
                std::fs::remove_dir_all(&target).map_err(|e| e.to_string())?;
            }
            let start = Instant::now();
            c.build()?;
            t.push(start.elapsed().as_secs_f64());
        }
    }
    // Each round's two builds run back to back, so their ratio cancels a
    // drift of the machine's speed that the two medians do not.
    let paired: Vec<f64> = match &cold[..] {
        [ours, theirs] => ours.iter().zip(theirs).map(|(o, t)| o / t).collect(),
        _ => Vec::new(),
    };
    let cold: Vec<f64> = cold.into_iter().map(median).collect();
    for (c, seconds) in crates.iter().zip(&cold) {
        println!(
            "cold build of {} (dev profile, with its dependencies, median of {COLD_ROUNDS}): {seconds:.1} s",
            c.name
        );
    }
    if let [ours, theirs] = cold[..] {
        let rounds: Vec<String> = paired.iter().map(|r| format!("{r:.3}")).collect();
        println!(
            "cold build, ours / progenitor's = {:.3} (of the medians); per round {} (median {:.3}); target at most 0.5",
            ours / theirs,
            rounds.join(", "),
            median(paired),
        );
    }
    let mut times = vec![Vec::new(); crates.len()];
    for round in 0..ROUNDS {
        for (c, t) in crates.iter().zip(&mut times) {
            t.push(c.rebuild(round)?);
        }
    }
    let medians: Vec<f64> = times.into_iter().map(median).collect();
    for (c, m) in crates.iter().zip(&medians) {
        println!(
            "rebuild of {} (dev profile, median of {ROUNDS}): {m:.2} s",
            c.name
        );
    }
    if let [ours, theirs] = medians[..] {
        println!(
            "rebuild, ours / progenitor's = {:.2} (target at most 0.33; counted in instructions below)",
            ours / theirs
        );
    }
    count_instructions(me, &crates)
}

/// The same rebuilds counted in instructions, which do not drift with the
/// machine's load (see `instructions`), then our crate's whole compile.
fn count_instructions(me: &Path, crates: &[BenchCrate]) -> Result<(), String> {
    if !crate::instructions::available() {
        println!("(with valgrind installed, each rebuild is also counted in instructions)");
        return Ok(());
    }
    let mut counts = Vec::new();
    for c in crates {
        let n = c.count(me)?;
        println!("instructions of one rebuild of {} (valgrind): {n}", c.name);
        counts.push(n);
    }
    if let [ours, theirs] = counts[..] {
        println!(
            "ours / progenitor's, in instructions = {:.3} (target 0.33)",
            ours as f64 / theirs as f64
        );
    }
    // The generated crate's own share of a cold build, which does not drift
    // with the machine as wall-clock time does: what a change to the
    // generator's output costs every consumer's first build. (progenitor's
    // would take ten minutes under valgrind, so it is not counted.)
    let ours = &crates[0];
    let n = crate::instructions::count_from_scratch(
        me,
        &ours.dir.join("Cargo.toml"),
        &ours.dir.join("target"),
        ours.package,
        &ours.crate_name(),
    )?;
    println!(
        "instructions of compiling {} from scratch (no incremental state, dependencies built; valgrind): {n}",
        ours.name
    );
    Ok(())
}

/// The crate `generate --client` writes from `spec` (models and client),
/// as a consumer would depend on it.
fn ours(root: &Path, me: &Path, spec: &Path) -> Result<BenchCrate, String> {
    let dir = root.join("target/bench-crate");
    let src = dir.join("src");
    // A fresh crate around the generated code each time (the scaffold
    // writes its Cargo.toml and lib.rs only where there are none).
    for stale in [dir.join("Cargo.toml"), src.join("lib.rs")] {
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| e.to_string())?;
        }
    }
    let status = Command::new(me)
        .args(["generate", "--client", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(&src)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("generation of the bench crate failed".into());
    }
    // Built without a TLS back end, as progenitor's crate is, so that the
    // two cold builds compile the same HTTP stack; the other defaults stay.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    let all = crate::features::CLIENT_DEFAULTS.iter().copied();
    let defaults = crate::features::default_line(all.clone());
    if !text.contains(&defaults) {
        return Err(format!(
            "{}: no `{defaults}` to take rustls out of",
            manifest.display()
        ));
    }
    let without_tls = crate::features::default_line(all.filter(|f| *f != "rustls"));
    let text = text.replacen(&defaults, &without_tls, 1);
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    // The scaffold names the crate after its folder: bench-crate.
    let lib = std::fs::read_to_string(src.join("lib.rs")).map_err(|e| e.to_string())?;
    Ok(BenchCrate {
        name: "the generated 100-operation crate (models and client)",
        package: "bench-crate",
        dir,
        lib,
    })
}

/// progenitor's client crate of `spec`.
fn progenitor(root: &Path, spec: &Path) -> Result<BenchCrate, String> {
    let dir = root.join("target/bench-progenitor");
    crate::progenitor::generate(spec, &dir, "bench-progenitor")?;
    // Its own workspace, not a member of ours.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).map_err(|e| e.to_string())?;
    Ok(BenchCrate {
        name: "progenitor's crate of the same spec",
        package: "bench-progenitor",
        dir,
        lib,
    })
}
