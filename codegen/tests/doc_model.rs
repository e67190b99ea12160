//! Golden tests of the doc model: a small page per construct, read into
//! the model and pinned as JSON (`tests/snapshots/doc_model__*.snap`);
//! and an error, naming file and line, for each malformed construct.

use std::path::Path;

use hwbackup_codegen::docs::read_page;
use hwbackup_codegen::docs::TableRole::{self, *};

fn golden(name: &str) {
    let path = format!("{}/tests/docs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let page = read_page(name, &text).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(name, serde_json::to_string_pretty(&page).unwrap());
}

#[test]
fn grid_tables_nested_objects_and_cell_markup() {
    golden("grid_and_objects.rst");
}

#[test]
fn simple_tables_examples_and_admonitions() {
    golden("simple_and_examples.rst");
}

#[test]
fn tables_inside_list_items() {
    golden("table_in_a_list.rst");
}

/// Each malformed construct: the error names the file, the line and what is wrong.
#[test]
fn malformed_constructs_are_errors_naming_the_line() {
    let page = |body: &str| format!("Title\n=====\n\n{body}\n");
    let cases: [(&str, String, usize, &str); 6] = [
        (
            "unterminated grid table",
            page(".. table:: **Table 1** X\n\n   +---+---+\n   | a | b |\n"),
            7,
            "unterminated grid table",
        ),
        (
            "misaligned column",
            page(".. table:: **Table 1** X\n\n   +---+---+\n   | a  |b |\n   +---+---+\n"),
            7,
            "misaligned column",
        ),
        (
            "ragged grid line",
            page(".. table:: **Table 1** X\n\n   +---+---+\n   | a | bb |\n   +---+---+\n"),
            7,
            "characters wide",
        ),
        (
            "dangling :ref:",
            page(".. table:: **Table 1** X\n\n   +---+--------------------+\n   | P | Type               |\n   +===+====================+\n   | a | :ref:`T <nowhere>` |\n   +---+--------------------+\n"),
            9,
            "dangling :ref: to \"nowhere\"",
        ),
        (
            "unknown directive",
            page(".. image:: thing.png\n"),
            4,
            "unknown directive `.. image::`",
        ),
        (
            "misaligned simple table",
            page("=== ===\nab  c\n=== ===\nlonger c\n=== ===\n"),
            7,
            "misaligned column",
        ),
    ];
    for (what, text, line, message) in cases {
        let err = read_page("page.rst", &text).expect_err(what);
        assert_eq!(
            (err.file.as_str(), err.line),
            ("page.rst", line),
            "{what}: {err}"
        );
        assert!(err.message.contains(message), "{what}: {err}");
    }
}

#[test]
fn pipe_text_with_touching_tables_and_run_together_limits() {
    golden("text/pipe.txt");
}

#[test]
fn one_cell_per_line_with_multi_paragraph_descriptions_and_bullets() {
    golden("text/cell_per_line.txt");
}

#[test]
fn malformed_text_tables_are_errors_naming_the_line() {
    let pipe = "Title\nURI\nGET /x\nParameter | Mandatory | Type | Description |\n---|---|---|---|\na | Yes | String |\n";
    let err = read_page("p.txt", pipe).unwrap_err();
    assert_eq!(err.line, 6, "{err}");
    assert!(
        err.message.contains("3 cells where the header has 4"),
        "{err}"
    );
    let cells = "Title\n\nTable 1 Path Parameters\n\nProject ID is a thing\n";
    let err = read_page("c.txt", cells).unwrap_err();
    assert_eq!(err.line, 5, "{err}");
    assert!(err.message.contains("header cells"), "{err}");
}

/// The real seed pages: each table found, with its role and its objects linked.
#[test]
fn the_seed_pages_read_into_their_tables() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sources");
    let expect: [(&str, &[(TableRole, usize)]); 4] = [
        (
            "000_c1adaf59d7e5cee6.txt",
            &[
                (PathParameters, 2),
                (HeaderParameters, 1),
                (RequestBody, 1),
                (Object, 5),
                (ResponseBody, 1),
                (Object, 8),
                (StatusCodes, 1),
            ],
        ),
        (
            "001_7bd13b0b793fae68.txt",
            &[
                (PathParameters, 1),
                (HeaderParameters, 1),
                (RequestBody, 1),
                (Object, 6),
                (ResponseBody, 1),
                (Object, 8),
                (Object, 2),
                (StatusCodes, 1),
            ],
        ),
        (
            "003_f7717e0f085e289c.txt",
            &[
                (PathParameters, 1),
                (HeaderParameters, 1),
                (RequestBody, 1),
                (Object, 8),
                (ResponseBody, 1),
                (Object, 2),
                (StatusCodes, 1),
            ],
        ),
        (
            "004_3c73be12d856afe6.txt",
            &[
                (PathParameters, 1),
                (HeaderParameters, 2),
                (RequestBody, 3),
                (ResponseBody, 2),
                (Object, 7),
                (ResponseBody, 2),
                (ResponseBody, 2),
            ],
        ),
    ];
    for (file, tables) in expect {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let page = read_page(file, &text).unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<(TableRole, usize)> =
            page.tables.iter().map(|t| (t.role, t.rows.len())).collect();
        assert_eq!(got, tables, "{file}");
        assert!(page.endpoint.is_some(), "{file}");
        assert_eq!(page.examples.len(), 2, "{file}");
        // Every object a Type cell names is a table of the page.
        for t in &page.tables {
            for r in &t.rows {
                for link in r.cells.iter().flat_map(|c| &c.refs) {
                    assert!(
                        page.tables
                            .iter()
                            .any(|o| o.label.as_deref() == Some(&link.label)),
                        "{file}: {}",
                        link.label
                    );
                }
            }
        }
    }
}
