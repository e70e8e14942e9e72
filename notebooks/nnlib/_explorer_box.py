"""The box every explorer is returned in, with a text a reader understands.

JupyterLab shows a widget output's stored text until the kernel runs the
cell; for an ipywidgets box that text is its repr, ``VBox(children=(HBox(...``,
which looks like a fault. The explorers' box says what to do instead.
"""

from functools import lru_cache

RUN_TO_SHOW = "Explorer: run this cell (or Run ▸ Run All Cells) to show its controls and figure."


@lru_cache(maxsize=None)
def _box_class():
    import ipywidgets as widgets  # only the explorers need ipywidgets

    class ExplorerBox(widgets.VBox):
        """An ipywidgets ``VBox`` whose text form asks the reader to run the cell."""

        def __repr__(self):
            return RUN_TO_SHOW

    return ExplorerBox


def explorer_box(children, **kwargs):
    """Return a vertical ipywidgets box of ``children`` that shows as ``RUN_TO_SHOW`` before it runs."""
    return _box_class()(children, **kwargs)
