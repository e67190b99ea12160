//! Properties of the generator's output: deterministic, and a one-limit
//! change in the spec changes exactly the lines it should. The output
//! itself is pinned once, where it is compiled: the real specs' in the
//! crates, the fixture specs' in crates/fixtures (models) and in the unit
//! tests of the client and the emulator (`src/fixtures/`), each checked
//! against a fresh generation by `cargo xtask check`.

use std::path::{Path, PathBuf};

use hwbackup_codegen::{emit, ir, load, Target};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate(spec: &str) -> Vec<hwbackup_codegen::GeneratedFile> {
    let loaded = load::load_spec(&root().join(spec), spec).unwrap_or_else(|e| panic!("{e}"));
    let service = ir::build_service(&loaded).unwrap_or_else(|e| panic!("{e}"));
    let target = Target::models("src", "hwbackup_models::runtime");
    emit::generate(&[service], &target).unwrap()
}

fn module_of(spec: &str) -> String {
    let files = generate(spec);
    files
        .into_iter()
        .find(|f| !f.path.ends_with("mod.rs"))
        .expect("a service module")
        .contents
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate("spec/cbr.json"), generate("spec/cbr.json"));
}

/// Changing one limit changes exactly the rule, the doc line stating it,
/// and the spec hash in the header, and nothing else.
#[test]
fn one_limit_changes_exactly_the_expected_lines() {
    let spec_path = root().join("spec/cbr.json");
    let text = std::fs::read_to_string(&spec_path).unwrap();
    // Edited as text: re-serializing the JSON would reorder its keys.
    assert_eq!(
        text.matches("\"maxLength\": 127").count(),
        1,
        "the edit must hit one place"
    );
    let edited = text.replace("\"maxLength\": 127", "\"maxLength\": 126");
    let tmp = std::env::temp_dir().join(format!("hwbackup-limit-{}.json", std::process::id()));
    std::fs::write(&tmp, edited).unwrap();
    let before = module_of("spec/cbr.json");
    let loaded = load::load_spec(&tmp, "spec/cbr.json").unwrap();
    let service = ir::build_service(&loaded).unwrap();
    let target = Target::models("src", "hwbackup_models::runtime");
    let after = emit::generate(&[service], &target)
        .unwrap()
        .remove(0)
        .contents;
    std::fs::remove_file(&tmp).ok();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 3, "{changed:#?}");
    assert!(changed[0].0.starts_with("// Source: spec/cbr.json (sha256"));
    // The doc line stating the limit, then the rule itself.
    let (doc_before, doc_after) = changed[1];
    assert!(doc_before.trim_start().starts_with("///"), "{doc_before}");
    assert_eq!(
        doc_before.replace("127 characters", "126 characters"),
        doc_after
    );
    let (rule_before, rule_after) = changed[2];
    assert!(
        rule_before.contains("rt::Rule::MaxLength(127)"),
        "{rule_before}"
    );
    assert_eq!(
        rule_before.replace("MaxLength(127)", "MaxLength(126)"),
        rule_after
    );
}
