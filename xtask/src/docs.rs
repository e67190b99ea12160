//! `cargo xtask docs DIR`: the doc model of every page under a folder.

use std::path::Path;

use hwbackup_codegen::{docs, import};

pub fn run(dir: &Path, json: bool) -> Result<(), String> {
    let pages = docs::read_tree(dir).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!(
            "{} pages could not be read:\n{}",
            errors.len(),
            lines.join("\n")
        )
    })?;
    if json {
        let text = serde_json::to_string_pretty(&pages).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let (mut tables, mut rows) = (0, 0);
    for p in &pages {
        let endpoint = p
            .endpoint
            .as_ref()
            .map_or(String::from("-"), |e| format!("{} {}", e.method, e.path));
        let name = p.original_name.as_deref().unwrap_or("-");
        let row_count: usize = p.tables.iter().map(|t| t.rows.len()).sum();
        println!(
            "{}: {name} {endpoint} ({} tables, {row_count} rows, {} examples)",
            p.file,
            p.tables.len(),
            p.examples.len()
        );
        tables += p.tables.len();
        rows += row_count;
    }
    println!("{} pages, {tables} tables, {rows} rows", pages.len());
    Ok(())
}

/// `import --docs DIR --out FILE [--report]`.
pub fn import(args: &[String]) -> Result<(), String> {
    let dir = crate::flag(args, "--docs")?;
    let out = crate::flag(args, "--out")?;
    let pages = docs::read_tree(&dir).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!(
            "{} pages could not be read:\n{}",
            errors.len(),
            lines.join("\n")
        )
    })?;
    let title = dir
        .components()
        .rev()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .find(|c| !matches!(c.as_str(), "source" | "api-ref" | "."))
        .unwrap_or_else(|| "API".into());
    let overlay = match args.iter().position(|a| a == "--overlay") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--overlay needs a file")?;
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Some(import::overlay::Overlay::parse(path, &text).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    let options = import::Options {
        title,
        version: "imported".into(),
        overlay,
    };
    let imported = import::import(&pages, &options).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!(
            "{} problems in the pages:\n{}",
            errors.len(),
            lines.join("\n")
        )
    })?;
    std::fs::write(&out, &imported.spec)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let lines = &imported.report.lines;
    if args.iter().any(|a| a == "--report") {
        for line in lines {
            println!("{line}");
        }
    }
    let skipped = lines
        .iter()
        .filter(|l| matches!(l.outcome, import::Outcome::Skipped(_)))
        .count();
    let decided = lines
        .iter()
        .filter(|l| matches!(l.outcome, import::Outcome::Decided(..)))
        .count();
    eprintln!(
        "{}: {} pages, {} report lines ({} imported, {decided} of them with a decision; {skipped} skipped)",
        out.display(),
        pages.len(),
        lines.len(),
        lines.len() - skipped,
    );
    Ok(())
}

/// `bench-import`: the median of 11 runs of reading and importing each
/// vendored tree, and of generating every crate of the project (what
/// `cargo xtask import` and `regenerate` do, without writing files).
pub fn bench(root: &Path) -> Result<(), String> {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let time = |f: &mut dyn FnMut() -> Result<(), String>| -> Result<f64, String> {
        let mut runs = Vec::new();
        for _ in 0..11 {
            let t = std::time::Instant::now();
            f()?;
            runs.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(median(runs))
    };
    println!("| step | median of 11 |");
    println!("|---|---:|");
    for tree in ["cloud-backup-recovery", "taurusdb"] {
        let dir = root
            .join("spec/sources/otc")
            .join(tree)
            .join("api-ref/source");
        let mut pages = 0;
        let ms = time(&mut || {
            let read = docs::read_tree(&dir).map_err(|e| format!("{} errors", e.len()))?;
            pages = read.len();
            let options = import::Options {
                title: tree.into(),
                version: "bench".into(),
                overlay: None,
            };
            import::import(&read, &options).map_err(|e| format!("{} errors", e.len()))?;
            Ok(())
        })?;
        println!("| read and import {tree} ({pages} pages) | {ms:.1} ms |");
    }
    let ms = time(&mut || crate::plan::imports(root).map(|_| ()))?;
    println!(
        "| `cargo xtask import`: every configured spec from its pages and overlay | {ms:.1} ms |"
    );
    let ms = time(&mut || crate::plan::generate_all(root).map(|_| ()))?;
    println!(
        "| generate every crate of the project (spec checks, IR, emit, format) | {ms:.1} ms |"
    );
    Ok(())
}
