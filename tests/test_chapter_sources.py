"""What a chapter's source must be for JupyterLab and the rendered page to show it whole."""

import re
from pathlib import Path

import nbformat
import pytest

CHAPTERS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9]*.ipynb"))
LONGEST_LINE = 79  # PEP 8's limit; the page fits it at desktop widths (theme_fixes.css)


def test_there_are_chapters():
    assert len(CHAPTERS) == 6


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_headings_have_no_markup(path):
    # JupyterLab's table of contents shows a heading's source: no math, code or roles
    headings = [line for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown"
                for line in cell.source.split("\n") if re.match(r"#{1,6}\s", line)]
    assert len(headings) >= 5
    marked = [h for h in headings if re.search(r"[$`*_\\]|\{[a-z]+\}", h)]
    assert marked == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_code_lines_fit_the_page(path):
    # Removed cells (the Colab cell, bookkeeping) are not on the page
    lines = [line for cell in nbformat.read(path, as_version=4).cells
             if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", [])
             for line in cell.source.split("\n")]
    assert len(lines) > 20
    long = [line for line in lines if len(line) > LONGEST_LINE]
    assert long == [], f"code lines longer than {LONGEST_LINE} characters"
