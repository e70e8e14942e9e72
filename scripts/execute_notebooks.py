"""Re-run chapter notebooks top to bottom and store them the way the book commits them.

Usage: .venv/bin/python scripts/execute_notebooks.py [NOTEBOOK ...]   (default: every chapter)

Each notebook runs in notebooks/ (so ``import nnlib`` works) in one kernel,
cell by cell, as JupyterLab's Run All does:

- a code cell runs and keeps its outputs;
- a Markdown cell has its ``{eval}`expression``` roles evaluated in the kernel
  at that point, and the results stored in the cell's metadata under
  ``user_expressions``, in the form jupyterlab-myst writes when a reader runs
  the cell. JupyterLab shows the stored results when a chapter is opened, and
  the book (``_ext/stored_eval.py``) renders the same results.

Then what would only add noise to a diff is removed: per-cell execution
timestamps and the saved ipywidgets state. A widget cell keeps its output,
with the widget's random model id replaced by one made from the cell's id:
without saved state JupyterLab shows the output's text (the widget's repr)
until the cell runs, nbval compares that text (it skips the model id), and
the rendered book removes the output and has a kernel-free explorer instead.

Before running, every labelled ``{math}`` directive and every ``{exercise}``
is given the number the book gives it, in an ``:enumerator:`` option
(``write_enumerators``): jupyterlab-myst then shows (4.3) and Exercise 4.5
as the book does, not (3) and Exercise 5. The book's build checks these
numbers (_ext/numbering.py).

And the first cell of each chapter is made the "Colab" cell
(``colab_cell_source``): Colab opens a notebook on its own, without the
notebooks folder, so that cell installs nnlib from the book's repository when,
and only when, ``import nnlib`` would fail. The address comes from
``_config.yml``, the one place it is set.
"""

import re
import sys
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.util import ensure_async

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

# {eval}`expression`: the expression runs to the next backtick.
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
COLAB_CELL_ID = "colab-install-nnlib"


def eval_expressions(source):
    """Return the expressions of the ``{eval}`` roles in Markdown ``source``, in order, once each."""
    return list(dict.fromkeys(EVAL_ROLE.findall(source)))


def repository_url(config_path=ROOT / "_config.yml"):
    """Return the repository address that ``_config.yml`` sets."""
    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


def colab_cell_source(url):
    """Return the source of the first cell of every chapter, for the repository at ``url``."""
    return (
        "# Colab opens this chapter on its own, without the book's folder: there,\n"
        "# install the book's library, nnlib, from its repository. Anywhere else\n"
        "# nnlib sits beside the notebooks and this cell does nothing.\n"
        "import importlib.util\n"
        "\n"
        'if importlib.util.find_spec("nnlib") is None:\n'
        f'    %pip install --quiet "one-neuron @ git+{url}"\n'
        "    importlib.invalidate_caches()  # so that the new package is found at once"
    )


# The opening line of a directive (``` or :::, any length) and its option lines
DIRECTIVE = re.compile(r"^(\s*)(`{3,}|:{3,})\{([a-z-]+)\}")
OPTION = re.compile(r"^\s*:([a-z-]+):")


def chapter_numbers(toc_path=ROOT / "_toc.yml"):
    """Return ``{notebook stem: chapter number}`` for the numbered chapters of ``_toc.yml``, in book order."""
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    files = [chapter["file"] for part in toc["parts"] if part.get("numbered") for chapter in part["chapters"]]
    return {Path(file).name: k for k, file in enumerate(files, start=1)}


def write_enumerators(notebook, chapter):
    """Give each labelled ``{math}`` and each numbered ``{exercise}`` of ``notebook`` its book number.

    The book numbers them in document order within chapter ``chapter``:
    equations (chapter.1), (chapter.2), ...; exercises likewise.
    """
    counts = {"math": 0, "exercise": 0}
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        k = 0
        while k < len(lines):
            opened = DIRECTIVE.match(lines[k])
            if not opened or opened.group(3) not in counts:
                k += 1
                continue
            kind, indent = opened.group(3), opened.group(1)
            end = k + 1
            while end < len(lines) and OPTION.match(lines[end]):
                end += 1
            options = {OPTION.match(line).group(1): line for line in lines[k + 1 : end]}
            numbered = "label" in options if kind == "math" else "nonumber" not in options
            kept = [line for name, line in options.items() if name != "enumerator"]
            if numbered:
                counts[kind] += 1
                kept.append(f"{indent}:enumerator: {chapter}.{counts[kind]}")
            lines[k + 1 : end] = kept
            k += 1 + len(kept)
        cell.source = "\n".join(lines)


def ensure_colab_cell(notebook, url):
    """Make the first cell of ``notebook`` the Colab cell for ``url``."""
    source = colab_cell_source(url)
    first = notebook.cells[0] if notebook.cells else None
    if first is None or first.get("id") != COLAB_CELL_ID:
        first = nbformat.v4.new_code_cell(source)
        first.id = COLAB_CELL_ID
        notebook.cells.insert(0, first)
    first.source = source
    first.metadata = {"tags": ["remove-cell"]}


class ProseClient(NotebookClient):
    """An nbclient client that also evaluates the ``{eval}`` roles of Markdown cells.

    An expression that fails is listed in ``prose_errors``; ``run`` raises them all at once.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prose_errors = []

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type == "markdown":
            await self._evaluate_prose(cell, cell_index)
            return cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    async def _evaluate_prose(self, cell, cell_index):
        expressions = eval_expressions(cell.source)
        if not expressions:
            cell.metadata.pop("user_expressions", None)
            return
        request = {str(k): expression for k, expression in enumerate(expressions)}
        msg_id = await ensure_async(
            self.kc.execute("", silent=False, store_history=False, user_expressions=request)
        )
        reply = await self.async_wait_for_reply(msg_id, cell)
        if reply is None or reply["content"]["status"] != "ok":
            raise RuntimeError(f"cell {cell_index}: the kernel did not evaluate the prose's expressions")
        results = reply["content"]["user_expressions"]
        stored = []
        for key, expression in request.items():
            result = results[key]
            if result["status"] != "ok":
                self.prose_errors.append(
                    f"cell {cell_index}: {{eval}}`{expression}` raised "
                    f"{result.get('ename')}: {result.get('evalue')}"
                )
            stored.append({"expression": expression, "result": dict(result)})
        cell.metadata["user_expressions"] = stored


class ProseError(Exception):
    """An ``{eval}`` expression in a chapter's prose raised an error."""


def run(path, cwd=None):
    """Return the notebook at ``path`` run top to bottom, its prose evaluated, noise removed.

    The kernel runs in ``cwd``, by default the notebook's folder.
    """
    notebook = nbformat.read(path, as_version=4)
    client = ProseClient(
        notebook,
        timeout=1200,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd or Path(path).parent)}},
    )
    client.execute()
    if client.prose_errors:
        raise ProseError(f"{path}: " + "\n".join(client.prose_errors))
    return strip_noise(notebook)


def strip_noise(notebook):
    """Remove timestamps and saved widget state from ``notebook``; give widget outputs stable ids."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        for k, output in enumerate(cell.outputs):
            view = output.get("data", {}).get(WIDGET_MIME)
            if view is not None:
                view["model_id"] = f"{cell.get('id', 'cell')}-output-{k}"
    return notebook


def execute(path, url=None):
    """Give ``path`` its Colab cell, run it in place from its folder, and store it."""
    notebook = nbformat.read(path, as_version=4)
    ensure_colab_cell(notebook, url or repository_url())
    chapter = chapter_numbers().get(Path(path).stem)
    if chapter is not None:
        write_enumerators(notebook, chapter)
    nbformat.write(notebook, path)
    nbformat.write(run(path), path)


def main(arguments):
    paths = [Path(a).resolve() for a in arguments] or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    url = repository_url()
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        execute(path, url)


if __name__ == "__main__":
    main(sys.argv[1:])
