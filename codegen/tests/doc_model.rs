//! Golden tests of the doc model: a small page per construct, read into
//! the model and pinned as JSON (`tests/snapshots/doc_model__*.snap`);
//! and an error, naming file and line, for each malformed construct.

use hwbackup_codegen::docs::read_page;

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
