"""Sphinx extension: render ``{eval}`` roles from the results stored in each Markdown cell.

The chapters quote computed numbers with MyST's ``{eval}`expression``` role.
``make notebooks`` (scripts/execute_notebooks.py) evaluates every expression
in the kernel, in order, and stores the results in the Markdown cell's
``user_expressions`` metadata, as jupyterlab-myst does when a reader runs the
cell. JupyterLab shows those stored results on opening; this extension makes
the book show the same ones, so that one mechanism serves both.

myst-nb evaluates ``{eval}`` only in its inline execution mode, which re-runs
every notebook during the build. The book is built from the committed,
nbval-checked outputs instead (``execute_notebooks: "off"``), so this extension
gives myst-nb's notebook client the stored results: myst-nb's own role still
renders them, quotes stripped from strings. An expression with no stored result
is a build warning, which the ``-W`` build turns into an error.
tests/test_prose_numbers.py re-runs every chapter and fails when a stored
result is stale.
"""

from myst_nb.core.execute.base import NotebookClientBase
from myst_nb.core.render import MditRenderMixin

_render_markdown_cell = MditRenderMixin.render_nb_cell_markdown


def _render_markdown_cell_with_results(self, token):
    """Let the notebook client know which Markdown cell's results are in use."""
    self.nb_client.stored_user_expressions = token.meta["metadata"].get("user_expressions", [])
    try:
        _render_markdown_cell(self, token)
    finally:
        self.nb_client.stored_user_expressions = []


def _stored_result(self, expression):
    """Return the stored result of ``expression`` in the current cell, as code-cell outputs."""
    for entry in getattr(self, "stored_user_expressions", []):
        if entry.get("expression") == expression:
            result = entry.get("result", {})
            if result.get("status") != "ok":
                raise ValueError(f"the stored result of {expression!r} is an error: run make notebooks")
            return [{"output_type": "execute_result", "data": result["data"], "metadata": {}}]
    raise ValueError(f"no stored result for {expression!r} in this cell: run make notebooks")


def setup(app):
    MditRenderMixin.render_nb_cell_markdown = _render_markdown_cell_with_results
    # Only the "off" client falls back to the base class; inline execution keeps its own.
    NotebookClientBase.eval_variable = _stored_result
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
