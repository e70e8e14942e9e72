"""Equation and exercise numbers in JupyterLab.

``make notebooks`` writes the book's number of every labelled equation and
every exercise into its directive (``:enumerator:``), so that jupyterlab-myst
shows (4.3) and Exercise 4.5 as the book does. Here: the writer numbers as
Sphinx does (in document order, the chapter first), and every chapter carries
the numbers. The book's build checks them against its own (_ext/numbering.py);
tests/browser/test_jupyterlab.py reads them in JupyterLab.
"""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
_spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(execute_notebooks)

DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{(math|exercise)\}.*\n((?:\s*:[a-z-]+:.*\n?)*)", re.M)


def numbered_directives(notebook):
    """Return [(kind, {option: value})] for every math and exercise directive, in order."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for match in DIRECTIVE.finditer(cell.source):
                options = dict(re.findall(r":([a-z-]+):\s*(.*)", match.group(2)))
                found.append((match.group(1), options))
    return found


def test_the_writer_numbers_in_document_order_with_the_chapter_first():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("```{math}\n:label: eq-a\na\n```\n\n```{math}\nb\n```"),
        nbformat.v4.new_code_cell("```{math}\n:label: not-markdown\n```"),
        nbformat.v4.new_markdown_cell(
            "````{exercise} One\n:label: ex-a\n:enumerator: 9.9\n\n```{math}\n:label: eq-b\nc\n```\n````\n\n"
            "```{exercise} Two\n:label: ex-b\n:nonumber:\n```\n\n```{exercise}\n:label: ex-c\n```"
        ),
    ]
    execute_notebooks.write_enumerators(notebook, 4)
    assert numbered_directives(notebook) == [
        ("math", {"label": "eq-a", "enumerator": "4.1"}),
        ("math", {}),  # no label: not numbered, in the book or in JupyterLab
        ("exercise", {"label": "ex-a", "enumerator": "4.1"}),  # a stale number is replaced
        ("math", {"label": "eq-b", "enumerator": "4.2"}),
        ("exercise", {"label": "ex-b", "nonumber": ""}),
        ("exercise", {"label": "ex-c", "enumerator": "4.2"}),
    ]
    assert notebook.cells[1].source == "```{math}\n:label: not-markdown\n```"


def test_chapters_are_numbered_in_the_order_of_the_table_of_contents():
    assert execute_notebooks.chapter_numbers() == {path.stem: k for k, path in enumerate(CHAPTERS, start=1)}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_numbered_equation_and_exercise_carries_its_number(path):
    notebook = nbformat.read(path, as_version=4)
    directives = numbered_directives(notebook)
    chapter = execute_notebooks.chapter_numbers()[path.stem]
    exercises = [o for kind, o in directives if kind == "exercise" and "nonumber" not in o]
    equations = [o for kind, o in directives if kind == "math" and "label" in o]
    assert exercises, "no exercise found"
    for numbered in (exercises, equations):
        assert [o.get("enumerator") for o in numbered] == [f"{chapter}.{k}" for k in range(1, len(numbered) + 1)], \
            "run make notebooks"
