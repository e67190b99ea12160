"""Checks the importer's reading of every table against docutils, the
reference implementation of reStructuredText.

    cargo run -q -p xtask -- docs spec/sources/otc --json > model.json
    python3 codegen/tests/docutils/check_tables.py spec/sources/otc model.json

For each page: the same tables in the same order; for each table, the
same header and the same rows; for each cell, the same text. Cell text is
compared as docutils renders it (inline markup resolved, paragraphs, list
items as "- item"), with runs of white space folded to one space. Every
difference is printed; the exit status is 1 if there is any.
"""

import json
import pathlib
import sys

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles


def ref_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    # Sphinx's :ref:`text <label>`: its text, as the importer keeps it.
    shown = text.rsplit(" <", 1)[0] if text.endswith(">") and " <" in text else text
    return [nodes.inline(rawtext, shown)], []


class Skipped(Directive):
    """Sphinx directives with no tables: content ignored."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"maxdepth": directives.unchanged, "hidden": directives.flag}

    def run(self):
        return []


class CodeBlock(Skipped):
    def run(self):
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text)]


roles.register_local_role("ref", ref_role)
directives.register_directive("code-block", CodeBlock)
directives.register_directive("toctree", Skipped)


def render(node):
    """A cell's text: paragraphs by blank lines, list items as "- item"."""
    parts = []
    for child in node.children:
        if isinstance(child, nodes.bullet_list):
            parts.append("\n".join("- " + render(item) for item in child.children))
        elif isinstance(child, nodes.system_message):
            continue
        elif isinstance(child, (nodes.paragraph, nodes.Text, nodes.inline)):
            parts.append(child.astext())
        elif isinstance(child, nodes.Element) and child.children:
            parts.append(render(child))
        else:
            parts.append(child.astext())
    return "\n\n".join(parts)


def fold(text):
    return " ".join(text.split())


def tables_of(path):
    doc = publish_doctree(
        path.read_text(encoding="utf-8"),
        source_path=str(path),
        settings_overrides={"report_level": 5, "halt_level": 5},
    )
    out = []
    for table in doc.findall(nodes.table):
        header, body = [], []
        for part, rows in ((nodes.thead, header), (nodes.tbody, body)):
            for group in table.findall(part):
                for row in group.findall(nodes.row):
                    rows.append([fold(render(entry)) for entry in row.findall(nodes.entry)])
        out.append((header, body))
    return out


def main():
    root = pathlib.Path(sys.argv[1])
    model = {page["file"]: page for page in json.loads(pathlib.Path(sys.argv[2]).read_text())}
    problems = []
    counts = {"pages": 0, "tables": 0, "rows": 0, "cells": 0}
    for path in sorted(root.rglob("*.rst")):
        name = str(path.relative_to(root))
        counts["pages"] += 1
        page = model.get(name)
        if page is None:
            problems.append(f"{name}: not in the importer's model")
            continue
        theirs = tables_of(path)
        ours = page["tables"]
        if len(theirs) != len(ours):
            problems.append(f"{name}: docutils reads {len(theirs)} tables, the importer {len(ours)}")
            continue
        for (their_header, their_rows), table in zip(theirs, ours):
            at = f"{name}:{table['line']}"
            counts["tables"] += 1
            our_header = [fold(h) for h in table["header"]]
            their_header = their_header[0] if their_header else []
            if our_header != their_header:
                problems.append(f"{at}: header {our_header!r} where docutils has {their_header!r}")
            if len(their_rows) != len(table["rows"]):
                problems.append(f"{at}: {len(table['rows'])} rows where docutils has {len(their_rows)}")
                continue
            for their_cells, row in zip(their_rows, table["rows"]):
                counts["rows"] += 1
                our_cells = [fold(c["text"]) for c in row["cells"]]
                if len(our_cells) != len(their_cells):
                    problems.append(f"{name}:{row['line']}: {len(our_cells)} cells where docutils has {len(their_cells)}")
                    continue
                for k, (ours_text, theirs_text) in enumerate(zip(our_cells, their_cells)):
                    counts["cells"] += 1
                    if ours_text != theirs_text:
                        problems.append(
                            f"{name}:{row['line']}: cell {k + 1}:\n  importer: {ours_text!r}\n  docutils: {theirs_text!r}"
                        )
    for p in problems:
        print(p)
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    if problems:
        print(f"{len(problems)} differences from docutils ({summary} compared)")
        sys.exit(1)
    print(f"every table cell reads as docutils reads it ({summary})")


if __name__ == "__main__":
    main()
