"""Before the kernel runs it, an explorer cell says what to do, not ``VBox(children=...``.

JupyterLab shows a widget output's stored text until the cell runs; every
explorer is returned in a box whose text asks the reader to run the cell,
and the chapters store that text.
"""

import importlib
import json
from pathlib import Path

import pytest

from nnlib._explorer_box import RUN_TO_SHOW

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WIDGET = "application/vnd.jupyter.widget-view+json"
FACTORIES = [
    ("nnlib.weights_explorer", "weights_explorer"),
    ("nnlib.sigmoid_explorer", "sigmoid_explorer"),
    ("nnlib.landscape_explorer", "landscape_explorer"),
    ("nnlib.explorer", "convergence_explorer"),
    ("nnlib.xor_explorer", "xor_explorer"),
    ("nnlib.reliability_explorer", "learning_rate_explorer"),
    ("nnlib.reliability_explorer", "confidence_explorer"),
]


@pytest.mark.parametrize("module, name", FACTORIES)
def test_every_explorer_shows_the_run_hint_as_its_text(module, name):
    box = getattr(importlib.import_module(module), name)()
    bundle = box._repr_mimebundle_()
    assert bundle["text/plain"] == RUN_TO_SHOW
    assert WIDGET in bundle  # and is still a live widget for a running kernel
    assert "run this cell" in RUN_TO_SHOW and len(RUN_TO_SHOW) <= 110  # ipywidgets cuts longer text


def test_the_chapters_store_the_hint_and_no_widget_repr():
    outputs = [output for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
               for cell in json.loads(path.read_text(encoding="utf-8"))["cells"] if cell["cell_type"] == "code"
               for output in cell.get("outputs", []) if WIDGET in output.get("data", {})]
    assert len(outputs) == len(FACTORIES)  # one stored explorer output per factory
    texts = ["".join(output["data"]["text/plain"]) for output in outputs]
    assert texts == [RUN_TO_SHOW] * len(FACTORIES)
