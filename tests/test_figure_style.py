"""The chapters' figures follow the book-wide style of notebooks/matplotlibrc.

The style's 12 pt text is at least 9 CSS px on a 390 px phone for a figure at
most 6.2 in wide (the browser suite measures the shown figures). A figure
that asks for smaller text, or is drawn wider, would undo that: this test
reads every chapter's code and stored figures.
"""

import base64
import re
import struct
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHAPTERS = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
SMALL_FONT = re.compile(r"fontsize\s*=\s*(?:[\"'](?:xx?-small|small|smaller)[\"']|(\d+(?:\.\d+)?))")
MAX_WIDTH_PX = 620  # 6.2 in at the style's 100 dpi


def test_the_style_is_in_the_notebooks_folder():
    style = (NOTEBOOKS / "matplotlibrc").read_text(encoding="utf-8")
    sizes = [float(v) for v in re.findall(r"^\w[\w.]*size:\s*(\d+(?:\.\d+)?)", style, re.M)]
    assert sizes and min(sizes) >= 12
    assert re.search(r"^figure\.dpi:\s*100\b", style, re.M)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_figure_asks_for_small_text(path):
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for match in SMALL_FONT.finditer(cell.source):
            size = match.group(1)
            assert size is not None and float(size) >= 12, f"cell {index}: {match.group(0)}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_stored_figures_are_at_most_6_2_inches_wide(path):
    notebook = nbformat.read(path, as_version=4)
    widths = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                widths.append(struct.unpack(">I", base64.b64decode(png)[16:20])[0])
    assert widths, "no figures found"
    assert max(widths) <= MAX_WIDTH_PX, f"figures {widths} px wide"
