//! The importer over the vendored reference pages: every CBR operation and
//! every TaurusDB backup and task operation comes out, the spec passes the
//! generator's own checks, the output is deterministic, and every row of
//! every table is accounted for in the report.

use std::collections::HashSet;
use std::path::Path;

use hwbackup_codegen::docs::{read_tree, Page};
use hwbackup_codegen::import::{import, Imported, Options, Outcome};
use hwbackup_codegen::load::{check, SpecFile};

fn pages(tree: &str) -> Vec<Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/sources/otc")
        .join(tree)
        .join("api-ref/source");
    read_tree(&dir).unwrap_or_else(|e| panic!("{e:?}"))
}

fn imported(pages: &[Page]) -> Imported {
    let options = Options {
        title: "test".into(),
        version: "1".into(),
        overlay: None,
    };
    import(pages, &options).unwrap_or_else(|e| panic!("{e:?}"))
}

fn operations(spec: &str) -> Vec<(String, String, String)> {
    let doc: serde_json::Value = serde_json::from_str(spec).unwrap();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            ops.push((
                method.to_uppercase(),
                path.clone(),
                op["operationId"].as_str().unwrap().to_owned(),
            ));
        }
    }
    ops
}

/// Every row of every table has a report line at its own line, or its
/// table has one at the table's line (a whole table left out, and why).
fn accounted(pages: &[Page], imported: &Imported) {
    let lines: HashSet<(&str, usize)> = imported
        .report
        .lines
        .iter()
        .map(|l| (l.file.as_str(), l.line))
        .collect();
    let mut missing = Vec::new();
    for p in pages {
        for t in &p.tables {
            if lines.contains(&(p.file.as_str(), t.line)) {
                continue;
            }
            for r in &t.rows {
                if !lines.contains(&(p.file.as_str(), r.line)) {
                    missing.push(format!("{}:{}", p.file, r.line));
                }
            }
        }
    }
    assert!(missing.is_empty(), "rows not in the report: {missing:?}");
}

#[test]
fn all_cbr_operations_come_out_checked_and_accounted_for() {
    let pages = pages("cloud-backup-recovery");
    let first = imported(&pages);
    let ops = operations(&first.spec);
    assert_eq!(ops.len(), 39, "{ops:?}");
    let count = |m: &str| ops.iter().filter(|(x, _, _)| x == m).count();
    assert_eq!(
        (count("GET"), count("POST"), count("DELETE"), count("PUT")),
        (16, 15, 5, 3)
    );
    assert!(ops
        .iter()
        .any(|(_, p, id)| id == "CopyBackup"
            && p == "/v3/{project_id}/backups/{backup_id}/replicate"));
    check(&SpecFile::new("cbr", &first.spec)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        imported(&pages).spec,
        first.spec,
        "the same pages give the same bytes"
    );
    accounted(&pages, &first);
}

#[test]
fn taurusdb_backups_and_jobs_come_out_and_a_broken_example_is_reported() {
    let pages = pages("taurusdb");
    let out = imported(&pages);
    let ids: Vec<String> = operations(&out.spec)
        .into_iter()
        .map(|(_, _, id)| id)
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    assert!(ids.contains(&"ShowGaussMySqlJobInfo".to_owned()));
    check(&SpecFile::new("taurusdb", &out.spec)).unwrap_or_else(|e| panic!("{e}"));
    accounted(&pages, &out);
    // The manual backup's example response is not JSON (a missing comma): left out, said so.
    assert!(out
        .report
        .lines
        .iter()
        .any(|l| l.file.ends_with("creating_a_manual_backup.rst")
            && matches!(&l.outcome, Outcome::Skipped(why) if why.contains("not JSON"))));
}

#[test]
fn an_overlay_patch_must_give_its_reason_and_still_apply() {
    use hwbackup_codegen::import::overlay::Overlay;
    let no_reason = r#"{"patches": [{"at": "/info/title", "set": "x", "why": " "}]}"#;
    assert!(Overlay::parse("o.json", no_reason)
        .unwrap_err()
        .message
        .contains("no reason"));
    let both = r#"{"patches": [{"at": "/info/title", "set": "x", "remove": true, "why": "w"}]}"#;
    assert!(Overlay::parse("o.json", both)
        .unwrap_err()
        .message
        .contains("either set"));
    let typo = r#"{"patches": [{"at": "/info/title", "sett": "x", "why": "w"}]}"#;
    assert!(
        Overlay::parse("o.json", typo).is_err(),
        "unknown keys are refused"
    );

    // A patch whose place the pages no longer have is an error naming it.
    let pages = pages("taurusdb");
    let stale = r#"{"patches": [{"at": "/components/schemas/NoSuchThing/properties/x/pattern", "set": "^a$", "why": "w"}]}"#;
    let options = Options {
        title: "t".into(),
        version: "1".into(),
        overlay: Some(Overlay::parse("stale.json", stale).unwrap()),
    };
    let errors = import(&pages, &options)
        .err()
        .expect("a stale patch is an error");
    assert_eq!(errors[0].file, "stale.json");
    assert!(
        errors[0].message.contains("no longer applies"),
        "{}",
        errors[0]
    );

    // One that applies is reported as the overlay's decision, with its reason.
    let good =
        r#"{"patches": [{"at": "/info/title", "set": "TaurusDB", "why": "the service's name"}]}"#;
    let options = Options {
        title: "t".into(),
        version: "1".into(),
        overlay: Some(Overlay::parse("good.json", good).unwrap()),
    };
    let out = import(&pages, &options).unwrap();
    assert!(out.spec.contains("\"title\": \"TaurusDB\""));
    assert!(out.report.lines.iter().any(|l| l.file == "good.json"
        && matches!(&l.outcome, Outcome::Decided(at, why) if at == "/info/title" && why.contains("the service's name"))));
}
