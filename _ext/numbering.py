"""Equation and exercise numbers that JupyterLab shows as the book does.

The book numbers a chapter's equations and exercises with the chapter in
front: (4.3), Exercise 4.5. jupyterlab-myst numbers each notebook on its own,
(3) and Exercise 5, unless a directive gives its number in an
``:enumerator:`` option. ``make notebooks`` (scripts/execute_notebooks.py)
writes that option into every labelled ``{math}`` and every ``{exercise}``
directive; this extension lets Sphinx accept it and checks it: when a
number Sphinx gives differs from the one written, or a numbered equation or
exercise has none, the build warns (and ``-W`` fails it), with the fix.
"""

from docutils.parsers.rst import directives
from sphinx.directives.patches import MathDirective
from sphinx.util import logging

logger = logging.getLogger(__name__)

FIX = "run `make notebooks`, which writes the numbers"


class NumberedMath(MathDirective):
    """Sphinx's ``math`` directive, which also takes jupyterlab-myst's ``:enumerator:``."""

    option_spec = {**MathDirective.option_spec, "enumerator": directives.unchanged}

    def run(self):
        nodes = super().run()
        label = self.options.get("label")
        if label:
            written(self.env)[(self.env.docname, f"equation-{label}")] = self.options.get("enumerator")
        return nodes


def exercise_directives():
    from sphinx_exercise.directive import ExerciseDirective

    class NumberedExercise(ExerciseDirective):
        """sphinx-exercise's ``exercise`` directive, which also takes ``:enumerator:``."""

        option_spec = {**ExerciseDirective.option_spec, "enumerator": directives.unchanged}

        def run(self):
            nodes = super().run()
            if "nonumber" not in self.options:
                label = self.options.get("label")
                written(self.env)[(self.env.docname, label)] = self.options.get("enumerator")
            return nodes

    return NumberedExercise


def written(env):
    """Return the numbers the sources give, ``{(docname, node id): enumerator or None}``."""
    if not hasattr(env, "one_neuron_enumerators"):
        env.one_neuron_enumerators = {}
    return env.one_neuron_enumerators


def purge(app, env, docname):
    for key in [k for k in written(env) if k[0] == docname]:
        del written(env)[key]


def check(app, env):
    """Warn for each equation or exercise whose written number is not the book's."""
    for (docname, node_id), enumerator in sorted(written(env).items(), key=lambda item: item[0]):
        numbers = env.toc_fignumbers.get(docname, {})
        number = numbers.get("displaymath", {}).get(node_id) or numbers.get("exercise", {}).get(node_id)
        if not number:
            continue  # not numbered in the book (an unnumbered part): nothing to match
        book = ".".join(map(str, number))
        if enumerator is None:
            logger.warning(f"{node_id} is {book} in the book and has no :enumerator: for JupyterLab; {FIX}",
                           location=docname, type="one_neuron", subtype="numbering")
        elif enumerator != book:
            logger.warning(f"{node_id} is {book} in the book but its :enumerator: says {enumerator}; {FIX}",
                           location=docname, type="one_neuron", subtype="numbering")


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_directive("math", NumberedMath, override=True)
    app.add_directive("exercise", exercise_directives(), override=True)
    app.connect("env-purge-doc", purge)
    app.connect("env-check-consistency", check)
    return {"parallel_read_safe": False, "parallel_write_safe": True, "env_version": 1}
