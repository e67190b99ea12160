//! `cargo xtask <command>`: the maintainer's entry point to the generator.

mod bench;
mod docs;
mod expand;
mod features;
mod instructions;
mod plan;
mod progenitor;
mod rebuild;
mod scaffold;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  regenerate                      write the generated crates from spec/, and the compiler's expansion of one
                                  fixture's models (crates/fixtures/expanded/, for reading)
  check                           fail if the committed generated code or an imported spec differs from a
                                  fresh generation or import
  generate --spec FILE --out DIR [--client]
                                  generate models for any OpenAPI 3.0 spec into DIR (runtime: hwbackup_models::runtime);
                                  --client: also an async client (models in DIR/models, over the crate
                                  hwbackup-client-runtime); when DIR is CRATE/src and CRATE has no Cargo.toml, also write the
                                  crate around it
  import                          write the specs imported from pages (spec/*.json from spec/sources and
                                  spec/overlay, and the fixture page's; `check` fails when one differs from a fresh import)
  import --docs DIR --out FILE [--overlay FILE] [--report]
                                  import every operation page under DIR into one OpenAPI 3.0.3 spec (names
                                  from the pages, no overlay); --report prints what became of every row
  docs DIR [--json]               read every page under DIR into the doc model: a line per page, or the
                                  model as JSON (what codegen/tests/docutils/check_tables.py compares)
  bench-import                    time reading and importing the vendored pages, and generating every crate
  synth N                         print a synthetic spec with N operations
  bench                           generator time and peak memory for N = 10, 100, 1000; rebuild time for N = 100;
                                  beside progenitor's when `cargo-progenitor` is installed; the rebuild is
                                  also counted in instructions when `valgrind` is installed
";

/// Tunes the allocator: freed memory goes back to the system after 1 ms,
/// not after mimalloc's default delay (1 s in the version built here).
/// Generation runs on several threads whose freed memory the others cannot
/// reuse, so with the default, peak memory was about 1.6 times the live
/// data (`cargo xtask bench`).
fn allocator() {
    // `mi_option_purge_delay` in mimalloc's option enum (v2 and v3); the
    // bindings do not name it. Set only if it holds one of that option's
    // documented defaults (10 ms in v2, 1000 ms in v3).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: reading and setting a mimalloc option has no preconditions.
    unsafe {
        if matches!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 10 | 1000) {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 1);
        }
    }
}

fn main() -> ExitCode {
    // Cargo runs this binary as rustc's wrapper when `bench` counts the
    // instructions of a rebuild.
    if let Some(code) = instructions::as_wrapper() {
        return code;
    }
    allocator();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regenerate") => plan::regenerate(&root()),
        Some("check") => plan::check(&root()),
        Some("generate") => generate(&args[1..]),
        Some("import") if args.len() == 1 => plan::import(&root()),
        Some("import") => docs::import(&args[1..]),
        Some("docs") => first_path(&args[1..])
            .and_then(|dir| docs::run(&dir, args.iter().any(|a| a == "--json"))),
        Some("synth") => size(&args[1..]).map(|n| println!("{:#}", synth::spec(n))),
        Some("bench") => bench::run(&root()),
        Some("bench-import") => docs::bench(&root()),
        Some("bench-one") => first_path(&args[1..]).and_then(|spec| bench::one(&spec)),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, whatever folder the command was started from.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

fn flag(args: &[String], name: &str) -> Result<PathBuf, String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .ok_or_else(|| format!("missing {name}\n\n{USAGE}"))
}

fn generate(args: &[String]) -> Result<(), String> {
    let spec = flag(args, "--spec")?;
    let out = flag(args, "--out")?;
    let client = args.iter().any(|a| a == "--client");
    let files = plan::generate_one(&spec, &out, client)?;
    let summary = plan::write(&PathBuf::new(), &files)?;
    println!("{summary}");
    for path in scaffold::crate_around(&out, &spec, client)? {
        println!(
            "wrote {} (a crate around the generated code)",
            path.display()
        );
    }
    Ok(())
}

/// The first argument as a path.
fn first_path(args: &[String]) -> Result<PathBuf, String> {
    args.first()
        .map(PathBuf::from)
        .ok_or_else(|| format!("expected a spec file\n\n{USAGE}"))
}

fn size(args: &[String]) -> Result<usize, String> {
    args.first()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("expected a number of operations\n\n{USAGE}"))
}
