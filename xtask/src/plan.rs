//! What is generated from what, and where it goes.

use std::path::{Path, PathBuf};

use hwbackup_codegen::{emit, ir, load, GeneratedFile, Target};

/// One generated crate: the specs it is made from and where its code goes.
struct Unit {
    specs: &'static str,
    src: &'static str,
    runtime_path: &'static str,
    tests: Option<(&'static str, &'static str)>,
    client: Option<&'static str>,
    emulator: Option<&'static str>,
    /// Where the client's and the emulator's generated wire tests go
    /// (each `generated/mod.rs` in its folder), if anywhere.
    wire_tests: Option<(&'static str, &'static str)>,
    /// The crate the client and emulator take the models from.
    models_crate: &'static str,
    fuzz: Option<&'static str>,
    /// Each service a cargo feature, declared in the manifests of
    /// [`crate::features::MANIFESTS`].
    service_features: bool,
    /// The client's doc examples run against the emulator crate.
    doc_examples: bool,
}

const UNITS: [Unit; 2] = [
    Unit {
        specs: "spec",
        src: "crates/models/src",
        runtime_path: "crate::runtime",
        tests: Some(("crates/models/tests", "hwbackup_models")),
        client: Some("crates/client/src"),
        emulator: Some("crates/emulator/src"),
        wire_tests: Some(("crates/client/tests", "crates/emulator/tests")),
        models_crate: "hwbackup_models",
        fuzz: Some("fuzz/src"),
        service_features: true,
        doc_examples: true,
    },
    // The fixtures through all three emitters: models in their own crate,
    // the client and the emulator compiled into those crates' unit tests
    // (each over its crate's runtime, the models from hwbackup-fixtures),
    // where tests serve and call them.
    Unit {
        specs: "codegen/tests/fixtures",
        src: "crates/fixtures/src",
        runtime_path: "hwbackup_models::runtime",
        tests: None,
        client: Some("crates/client/src/fixtures"),
        emulator: Some("crates/emulator/src/fixtures"),
        wire_tests: None,
        models_crate: "hwbackup_fixtures",
        fuzz: None,
        service_features: false,
        doc_examples: false,
    },
];

/// One spec written by `cargo xtask import`.
struct Import {
    /// The pages, relative to the workspace root, in this order; a folder
    /// stands for every `.rst` page under it, in path order.
    pages: &'static [&'static str],
    /// Pages under those folders that are not read, each with its reason.
    twins: &'static [(&'static str, &'static str)],
    spec: &'static str,
    overlay: Option<&'static str>,
}

const CBR_PAGES: &str = "spec/sources/otc/cloud-backup-recovery/api-ref/source/cbr_apis";
const TAURUSDB_PAGES: &str = "spec/sources/otc/taurusdb/api-ref/source/apis_recommended";

/// What `cargo xtask import` writes. Pages are named in the spec by their
/// path under `spec/sources/`. The fixture page is a service the importer
/// had never seen (its generated models are compiled and tested in
/// crates/fixtures).
const IMPORTS: [Import; 3] = [
    Import {
        pages: &[
            "spec/sources/000_c1adaf59d7e5cee6.txt",
            "spec/sources/002_2a395d310b496990.txt",
            "spec/sources/003_f7717e0f085e289c.txt",
            CBR_PAGES,
        ],
        twins: &[
            (
                "cbr_apis/backups/replicating_a_backup.rst",
                "page 000 documents the same operation (it reads as this page rendered); the seed page stands, with its overlay, so the retired hand spec's decisions keep their sources",
            ),
            (
                "cbr_apis/restore_points/replicating_a_restore_point.rst",
                "page 002 is an earlier revision of this page; it stands, merged with 001 by the overlay",
            ),
        ],
        spec: "spec/cbr.json",
        overlay: Some("spec/overlay/cbr.json"),
    },
    Import {
        pages: &["spec/sources/004_3c73be12d856afe6.txt", TAURUSDB_PAGES],
        twins: &[(
            "backup_management/creating_a_manual_backup.rst",
            "page 004 documents the same operation; it stands, and the overlay adds what its text layout lost (the status values this page lists)",
        )],
        spec: "spec/gaussdb-mysql.json",
        overlay: Some("spec/overlay/gaussdb-mysql.json"),
    },
    Import {
        pages: &["codegen/tests/docs/new_service/creating_a_widget.rst"],
        twins: &[],
        spec: "codegen/tests/fixtures/imported_page.json",
        overlay: None,
    },
];

/// Every `.rst` file under `dir`, sorted.
fn rst_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            rst_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rst") {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

/// The page files of an import, in order, twins left out.
fn page_files(root: &Path, i: &Import) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for entry in i.pages {
        let path = root.join(entry);
        if path.is_dir() {
            let mut found = Vec::new();
            rst_files(&path, &mut found)?;
            files.extend(found);
        } else {
            files.push(path);
        }
    }
    for (twin, _) in i.twins {
        let before = files.len();
        files.retain(|f| !f.ends_with(twin));
        if files.len() == before {
            return Err(format!(
                "{}: the twin {twin} is not among its pages",
                i.spec
            ));
        }
    }
    Ok(files)
}

/// Each configured import, freshly made: (spec path, its text).
pub fn imports(root: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    use hwbackup_codegen::{docs, import};
    let mut out = Vec::new();
    let sources = root.join("spec/sources");
    for i in &IMPORTS {
        let mut pages = Vec::new();
        for path in page_files(root, i)? {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            // Named by the path under spec/sources/ (or the file name).
            let name = match path.strip_prefix(&sources) {
                Ok(rel) => rel.display().to_string(),
                Err(_) => path.file_name().map_or(path.display().to_string(), |n| {
                    n.to_string_lossy().into_owned()
                }),
            };
            pages.push(docs::read_page(&name, &text).map_err(|e| e.to_string())?);
        }
        let overlay = match i.overlay {
            Some(file) => {
                let text = std::fs::read_to_string(root.join(file))
                    .map_err(|e| format!("cannot read {file}: {e}"))?;
                Some(import::overlay::Overlay::parse(file, &text).map_err(|e| e.to_string())?)
            }
            None => None,
        };
        let options = import::Options {
            title: if i.overlay.is_some() {
                "imported".to_owned()
            } else {
                "Widgets".to_owned()
            },
            version: "imported".to_owned(),
            overlay,
        };
        let imported = import::import(&pages, &options).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!("{}: {}", i.spec, lines.join("\n"))
        })?;
        out.push((PathBuf::from(i.spec), imported.spec));
    }
    Ok(out)
}

/// `cargo xtask import`: writes every configured import.
pub fn import(root: &Path) -> Result<(), String> {
    for (spec, text) in imports(root)? {
        let path = root.join(&spec);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            println!("{}: unchanged", spec.display());
            continue;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("{}: written", spec.display());
    }
    Ok(())
}

#[derive(Default)]
struct Counts {
    services: usize,
    operations: usize,
    models: usize,
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

fn load_services(
    root: &Path,
    specs: &[PathBuf],
    counts: &mut Counts,
) -> Result<Vec<ir::Service>, String> {
    let mut services = Vec::new();
    for path in specs {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = load::read(path, &shown).map_err(|e| e.to_string())?;
        let service = hwbackup_codegen::load_service(&shown, &text).map_err(|e| e.to_string())?;
        counts.services += 1;
        counts.operations += service.operations.len();
        counts.models += service.models.len();
        services.push(service);
    }
    Ok(services)
}

fn all_files(root: &Path) -> Result<(Vec<GeneratedFile>, Counts), String> {
    let mut counts = Counts::default();
    let mut files = Vec::new();
    for unit in &UNITS {
        let specs = spec_files(&root.join(unit.specs))?;
        let services = load_services(root, &specs, &mut counts)?;
        let target = Target {
            models_src: PathBuf::from(unit.src),
            runtime_path: unit.runtime_path.to_owned(),
            tests: unit
                .tests
                .map(|(dir, krate)| (PathBuf::from(dir), krate.to_owned())),
            client_src: unit.client.map(PathBuf::from),
            emulator_src: unit.emulator.map(PathBuf::from),
            emulator_tests: unit.wire_tests.map(|(_, e)| PathBuf::from(e)),
            client_tests: unit.wire_tests.map(|(c, _)| PathBuf::from(c)),
            models_crate: unit.models_crate.to_owned(),
            service_features: unit.service_features,
            fuzz_src: unit.fuzz.map(PathBuf::from),
            // The client's doc examples run against the emulator (its dev-dependency).
            doc_examples: unit.doc_examples.then(|| emit::DocExamples {
                client_crate: "hwbackup_client".to_owned(),
                emulator_crate: Some("hwbackup_emulator".to_owned()),
            }),
        };
        files.extend(emit::generate(&services, &target)?);
        if unit.service_features {
            for (manifest, block) in &crate::features::MANIFESTS {
                let text = std::fs::read_to_string(root.join(manifest))
                    .map_err(|e| format!("cannot read {manifest}: {e}"))?;
                files.push(GeneratedFile {
                    path: PathBuf::from(manifest),
                    contents: crate::features::rewrite(manifest, &text, block, &services)?,
                });
            }
        }
    }
    Ok((files, counts))
}

/// Generated files on disk that no longer come out of the generator.
fn stale(root: &Path, files: &[GeneratedFile]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let dirs = UNITS
        .iter()
        .flat_map(|u| [Some(u.src), u.client, u.emulator])
        .flatten()
        .map(|src| Path::new(src).join("generated"));
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let rel = dir.join(e.file_name());
            if !files.iter().any(|f| f.path == rel) {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// Writes files under `root`, skipping those already up to date.
pub fn write(root: &Path, files: &[GeneratedFile]) -> Result<String, String> {
    let (mut written, mut unchanged) = (0, 0);
    for f in files {
        let path = root.join(&f.path);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == f.contents) {
            unchanged += 1;
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &f.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written += 1;
    }
    Ok(format!("files: {written} written, {unchanged} unchanged"))
}

/// Every generated file of the project, made but not written (for benchmarks).
pub fn generate_all(root: &Path) -> Result<usize, String> {
    all_files(root).map(|(files, _)| files.len())
}

pub fn regenerate(root: &Path) -> Result<(), String> {
    let (files, c) = all_files(root)?;
    let summary = write(root, &files)?;
    let removed = stale(root, &files);
    for path in &removed {
        std::fs::remove_file(root.join(path))
            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    println!(
        "services: {}, operations: {}, models: {}; {summary}, {} removed",
        c.services,
        c.operations,
        c.models,
        removed.len()
    );
    // From the files just written: the compiler expands what is on disk.
    let expanded: Vec<GeneratedFile> = crate::expand::golden(root)?
        .into_iter()
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect();
    println!("{}: {}", crate::expand::DIR, write(root, &expanded)?);
    Ok(())
}

pub fn check(root: &Path) -> Result<(), String> {
    let mut drift: Vec<String> = imports(root)?
        .into_iter()
        .filter(|(spec, text)| {
            std::fs::read_to_string(root.join(spec)).ok().as_deref() != Some(text.as_str())
        })
        .map(|(spec, _)| {
            format!(
                "  {} differs from a fresh import of its pages (cargo xtask import)",
                spec.display()
            )
        })
        .collect();
    let (files, _) = all_files(root)?;
    drift.extend(
        files
            .iter()
            .filter(|f| {
                std::fs::read_to_string(root.join(&f.path)).ok().as_deref()
                    != Some(f.contents.as_str())
            })
            .map(|f| format!("  {} differs from a fresh generation", f.path.display())),
    );
    drift.extend(
        stale(root, &files)
            .iter()
            .map(|p| format!("  {} is no longer generated", p.display())),
    );
    for (golden, expanded) in crate::expand::golden(root)? {
        if std::fs::read_to_string(root.join(&golden)).ok() != Some(expanded) {
            drift.push(format!(
                "  {} differs from the compiler's expansion of the fixture",
                golden.display()
            ));
        }
    }
    if drift.is_empty() {
        println!("generated code is up to date ({} files)", files.len());
        Ok(())
    } else {
        Err(format!(
            "generated code is out of date; run `cargo xtask regenerate` and commit the result:\n{}",
            drift.join("\n")
        ))
    }
}

/// Models for any single spec, into `out` (used for benchmarks and new
/// services); with `client`, also an async client: models under
/// `out/models/`, the client's modules in `out/generated/`, over
/// hwbackup-client-runtime (see [`crate::scaffold`]).
pub fn generate_one(spec: &Path, out: &Path, client: bool) -> Result<Vec<GeneratedFile>, String> {
    let mut counts = Counts::default();
    let services = load_services(Path::new(""), &[spec.to_path_buf()], &mut counts)?;
    if !client {
        return emit::generate(&services, &Target::models(out, "hwbackup_models::runtime"));
    }
    let mut target = Target::models(out.join("models"), "hwbackup_models::runtime");
    target.client_src = Some(out.to_path_buf());
    target.models_crate = "crate::models".to_owned();
    // No emulator beside a generated client: its examples compile, unrun.
    target.doc_examples = Some(emit::DocExamples {
        client_crate: crate::scaffold::lib_name(out, spec),
        emulator_crate: None,
    });
    emit::generate(&services, &target)
}
