//! Times each generator stage on one spec file, one after the other
//! (`load_service` runs the first two side by side):
//! `cargo run --release -p hwbackup-codegen --example stages -- FILE`.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("spec file");
    let text = std::fs::read_to_string(&path).expect("readable");
    let t = Instant::now();
    let spec = hwbackup_codegen::load::parse_spec("spec.json", &text).expect("valid spec");
    let load = t.elapsed();
    let t = Instant::now();
    let service = hwbackup_codegen::ir::build_service(&spec).expect("IR");
    let ir = t.elapsed();
    drop(spec);
    let t = Instant::now();
    // Models and client, as `generate --client` and the bench write them.
    let mut target = hwbackup_codegen::Target::models("src/models", "hwbackup_models::runtime");
    target.client_src = Some("src".into());
    target.models_crate = "crate::models".into();
    let files = hwbackup_codegen::emit::generate(&[service], &target).expect("emit");
    let emit = t.elapsed();
    println!(
        "load+check {load:?}, IR {ir:?}, emit+format {emit:?}, {} bytes",
        files.iter().map(|f| f.contents.len()).sum::<usize>()
    );
}
