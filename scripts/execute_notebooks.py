"""Re-run chapter notebooks top to bottom and store them the way the book commits them.

Usage: .venv/bin/python scripts/execute_notebooks.py [NOTEBOOK ...]   (default: every chapter)

Each notebook runs in notebooks/ (so ``import nnlib`` works) through
``jupyter execute --inplace``. Then two things are stripped that would only
add noise: per-cell execution timestamps, and the saved ipywidgets state. The
widget cells are removed from the rendered book, where the kernel-free
explorer replaces them, so their saved state would make every page load the
widget scripts for nothing.
"""

import subprocess
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(path):
    """Run ``path`` in place from the notebooks folder, then strip the noise."""
    jupyter = Path(sys.executable).with_name("jupyter")
    subprocess.run([str(jupyter), "execute", "--inplace", path.name], cwd=path.parent, check=True)
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)


def main(arguments):
    paths = [Path(a).resolve() for a in arguments] or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    for path in paths:
        print(f"executing {path.relative_to(NOTEBOOKS.parent)}", flush=True)
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])
