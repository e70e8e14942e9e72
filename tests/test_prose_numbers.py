"""The numbers the prose quotes, and the Colab cell.

The chapters quote computed numbers with ``{eval}`` roles, whose results are
stored in each Markdown cell (``make notebooks``). JupyterLab shows those
stored results when a chapter opens, and so does the book. Here every chapter
is run again, top to bottom as Run All does, and every stored result must be
what the code computes now.
"""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))

_spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(execute_notebooks)


def stored_results(notebook):
    """Return [(cell index, expression, text/plain)] for every stored ``{eval}`` result."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            for entry in cell.metadata.get("user_expressions", []):
                found.append((index, entry["expression"], entry["result"].get("data", {}).get("text/plain")))
    return found


def test_there_are_chapters():
    assert len(CHAPTERS) == 6


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_eval_role_has_a_stored_result(path):
    notebook = nbformat.read(path, as_version=4)
    n_roles = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        expressions = execute_notebooks.eval_expressions(cell.source)
        n_roles += len(expressions)
        stored = {e["expression"]: e["result"] for e in cell.metadata.get("user_expressions", [])}
        assert list(stored) == expressions, f"cell {index}: run make notebooks"
        for expression, result in stored.items():
            assert result["status"] == "ok", f"cell {index}: {expression} failed"
            # a number, as the prose prints it: no quotes left once they are stripped
            assert re.fullmatch(r"'[^']*'|[0-9][0-9,]*", result["data"]["text/plain"]), expression
    assert n_roles > 0, "a chapter that quotes no computed number"
    assert "glue" not in path.read_text(encoding="utf-8"), "glue is gone: quote numbers with {eval}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_stored_numbers_are_what_the_code_computes_now(path, tmp_path):
    # Run a copy from the notebooks folder (for import nnlib), top to bottom
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    fresh = execute_notebooks.run(copy, cwd=path.parent)
    stored = stored_results(nbformat.read(path, as_version=4))
    assert stored, "nothing to compare"
    assert stored_results(fresh) == stored, f"{path.name}: stale numbers in the prose; run make notebooks"


def test_a_stale_number_is_caught():
    # The comparison above must see a changed result: change one and compare
    notebook = nbformat.read(CHAPTERS[3], as_version=4)
    before = stored_results(notebook)
    cell = next(c for c in notebook.cells if c.metadata.get("user_expressions"))
    cell.metadata["user_expressions"][0]["result"]["data"]["text/plain"] = "'0.12345678'"
    assert stored_results(notebook) != before


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_first_cell_is_the_colab_cell_for_the_configured_repository(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.get("id") == execute_notebooks.COLAB_CELL_ID
    url = execute_notebooks.repository_url()
    assert url.startswith("https://github.com/")
    assert first.source == execute_notebooks.colab_cell_source(url), "run make notebooks"
    assert "remove-cell" in first.metadata.get("tags", [])
    assert not first.get("outputs")


def test_the_colab_cell_installs_nnlib_from_a_clone(tmp_path):
    # What Colab does, with the repository at a local address instead of GitHub's:
    # run the cell's pip command where nnlib is not importable, then import it.
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    # the packaging and the library as they are in the work tree, committed in the clone
    shutil.copy(ROOT / "pyproject.toml", clone / "pyproject.toml")
    shutil.rmtree(clone / "notebooks" / "nnlib")
    shutil.copytree(ROOT / "notebooks" / "nnlib", clone / "notebooks" / "nnlib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["git", "-C", str(clone), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet",
         "--allow-empty", "-m", "work tree"],
        check=True,
    )
    source = execute_notebooks.colab_cell_source(clone.as_uri())
    command = re.search(r'%pip install --quiet "(.+)"', source).group(1)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(site), command],
        check=True,
    )
    check = (
        "import nnlib, nnlib.text, numpy as np\n"
        f"assert nnlib.__file__.startswith({str(site)!r}), nnlib.__file__\n"
        "r = nnlib.train(nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS)\n"
        "print(np.array2string(r.predict(nnlib.NEW_INPUT)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", check], cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "[0.99993704]"


def test_the_book_renders_stored_results_and_refuses_missing_ones():
    # _ext/stored_eval.py hands myst-nb the stored result of the current Markdown cell
    spec = importlib.util.spec_from_file_location("stored_eval", ROOT / "_ext" / "stored_eval.py")
    stored_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stored_eval)

    class Client:
        stored_user_expressions = [
            {"expression": "number(x)", "result": {"status": "ok", "data": {"text/plain": "'0.5'"}}},
            {"expression": "broken", "result": {"status": "error", "ename": "NameError"}},
        ]

    outputs = stored_eval._stored_result(Client(), "number(x)")
    assert outputs == [{"output_type": "execute_result", "data": {"text/plain": "'0.5'"}, "metadata": {}}]
    with pytest.raises(ValueError, match="no stored result"):
        stored_eval._stored_result(Client(), "number(y)")
    with pytest.raises(ValueError, match="error"):
        stored_eval._stored_result(Client(), "broken")
