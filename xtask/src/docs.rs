//! `cargo xtask docs DIR`: the doc model of every page under a folder.

use std::path::Path;

use hwbackup_codegen::docs;

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
