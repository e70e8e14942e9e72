"""Chapter 1's explorer: tune the three weights by hand and watch the error.

``weights_explorer()`` returns an ipywidgets box: a slider for each weight
w₁, w₂, w₃; a figure of the four training outputs beside their targets and
of the output for the new example [1, 0, 0]; and a readout of those five
outputs and of the mean squared error, the mean over the four training
examples of (target − output)², as ``nnlib.mean_squared_error`` computes it.
The readout says whether the error is below ``TARGET_ERROR``, the goal the
chapter sets the reader.

The slider values, the default and the goal below are shared with the
rendered book's kernel-free explorer (``book/_static/explorer-weights.js``,
fed by ``book_data()`` through ``_ext/explorer_data.py``), so both offer the
same values.
"""

import io

import numpy as np

from . import _checks
from ._explorer_box import explorer_box
from .neuron import mean_squared_error, predict
from .problem import NEW_INPUT, TRAINING_INPUTS, TRAINING_OUTPUTS
from .text import number

#: Each weight slider: −10 to 10 in steps of 0.5 (every value exact in float64).
WEIGHT_VALUES = tuple(k / 2 for k in range(-20, 21))
#: What the explorer shows first: every weight 0, so every output is ½.
DEFAULT_WEIGHTS = (0.0, 0.0, 0.0)
#: The goal the chapter sets: a mean squared error below this.
TARGET_ERROR = 0.01
#: Decimals of the outputs and of the mean squared error in the readouts.
OUTPUT_DECIMALS = 4
ERROR_DECIMALS = 6

# Okabe-Ito colours, safe for colour-blind readers; targets in the text's colour.
OUTPUT_COLOUR = "#0072B2"  # blue
NEW_COLOUR = "#D55E00"  # vermillion, as the new example's star in Fig. 1.1
ERROR_COLOUR = "#E69F00"  # orange

# The widget's figure in the book's text sizes (notebooks/matplotlibrc), wherever the kernel runs.
_STYLE = {"font.size": 12, "axes.labelsize": 12, "xtick.labelsize": 12, "ytick.labelsize": 12,
          "legend.fontsize": 12}
_NAMES = ("1", "2", "3", "4", "new")


def slider_text(value):
    """Return a slider value as the sliders show it: 0.5, −1.5, 0, with a true minus sign."""
    return number(value, "g")


def _weights(weights):
    array = _checks.real_array(weights, "weights")
    if array.shape != (TRAINING_INPUTS.shape[1],):
        raise ValueError(f"weights must hold {TRAINING_INPUTS.shape[1]} numbers, got shape {array.shape}")
    for w in array:
        if float(w) not in WEIGHT_VALUES:
            raise ValueError(f"weights must be values the weight sliders offer, −10 to 10 in steps of 0.5, "
                             f"got {w!r}")
    return tuple(float(w) for w in array)


def outputs(weights):
    """Return the neuron's outputs for the four training examples and the new one, shape (5,)."""
    column = np.array(_weights(weights))[:, np.newaxis]
    return np.concatenate([predict(TRAINING_INPUTS, column)[:, 0], predict(NEW_INPUT, column)])


def error(weights):
    """Return the mean squared error of ``weights`` on the four training examples."""
    column = np.array(_weights(weights))[:, np.newaxis]
    return mean_squared_error(TRAINING_INPUTS, TRAINING_OUTPUTS, column)


def status_text(weights, code=False):
    """Return the sentence under the sliders: the error, and whether it beats the goal.

    With ``code`` the error is wrapped in ``<code>`` for the readout's HTML.
    """
    value = error(weights)
    shown = number(value, f".{ERROR_DECIMALS}f")
    if code:
        shown = f"<code>{shown}</code>"
    goal = number(TARGET_ERROR, "g")
    if value < TARGET_ERROR:
        return f"Mean squared error {shown}: below {goal}, goal reached."
    return f"Mean squared error {shown}: not yet below {goal}."


def readout_html(weights):
    """Return the readout's HTML: each example's output beside its target, and the mean squared error."""
    values = outputs(weights)
    cells = [
        f"example {name}, t = {number(int(t))}: <code>{number(o, f'.{OUTPUT_DECIMALS}f')}</code>"
        for name, t, o in zip(_NAMES, TRAINING_OUTPUTS[:, 0], values)
    ]
    cells.append(f"new [1, 0, 0]: <code>{number(values[-1], f'.{OUTPUT_DECIMALS}f')}</code>")
    return "; ".join(cells) + "<br>" + status_text(weights, code=True)


class _Figure:
    """The five outputs beside the four targets; drawn again on every move (a handful of artists)."""

    def __init__(self):
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure  # no pyplot: no global state, no inline display

        with matplotlib.rc_context(_STYLE):
            self.figure = Figure(figsize=(6.2, 3.6), dpi=80, layout="constrained")
            self.canvas = FigureCanvasAgg(self.figure)
            axes = self.figure.subplots()
            positions = np.arange(1, 6)
            axes.axhline(0.5, color="0.5", linewidth=1, linestyle=":")
            self.errors = [axes.plot([], [], color=ERROR_COLOUR, linewidth=3,
                                     label="error: target − output" if k == 0 else None)[0] for k in range(4)]
            axes.plot(positions[:4], TRAINING_OUTPUTS[:, 0], "s", markersize=11, markerfacecolor="none",
                      markeredgecolor="black", markeredgewidth=1.8, label="target")
            self.points = axes.plot([], [], "o", color=OUTPUT_COLOUR, markersize=9, label="output")[0]
            self.new_point = axes.plot([], [], "o", color=NEW_COLOUR, markersize=9,
                                       label="output for [1, 0, 0]")[0]
            axes.set(xlim=(0.5, 5.5), ylim=(-0.05, 1.05), xlabel="example", ylabel="output")
            axes.set_xticks(positions, list(_NAMES))
            axes.set_yticks([0, 0.5, 1], ["0", "½", "1"])
            axes.grid(alpha=0.3, axis="y")
            self.figure.legend(loc="outside upper center", ncols=2)

    def show(self, weights):
        """Draw the outputs for ``weights``; return the PNG bytes."""
        values = outputs(weights)
        for k, line in enumerate(self.errors):
            line.set_data([k + 1, k + 1], [TRAINING_OUTPUTS[k, 0], values[k]])
        self.points.set_data(np.arange(1, 5), values[:4])
        self.new_point.set_data([5], [values[4]])
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        return buffer.getvalue()


def weights_explorer(weights=DEFAULT_WEIGHTS):
    """Return an ipywidgets box with a slider per weight, a live figure of the outputs and a readout.

    The box has ``.controls`` (the w₁, w₂, w₃ sliders), ``.image`` (the
    figure as an ``Image`` widget) and ``.readout`` (an ``HTML`` widget), so
    that tests can move the sliders and read the result.
    """
    import ipywidgets as widgets

    weights = _weights(weights)
    sliders = [
        widgets.SelectionSlider(options=[(slider_text(v), v) for v in WEIGHT_VALUES], value=w,
                                description=f"w{'₁₂₃'[j]}", continuous_update=True)
        for j, w in enumerate(weights)
    ]
    figure = _Figure()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    readout = widgets.HTML()

    def redraw(_change=None):
        current = [slider.value for slider in sliders]
        image.value = figure.show(current)
        readout.value = readout_html(current)

    for slider in sliders:
        slider.observe(redraw, names="value")
    redraw()
    box = explorer_box([
        widgets.HBox(sliders, layout=widgets.Layout(flex_flow="row wrap")),
        image,
        readout,
    ])
    box.controls = tuple(sliders)
    box.image = image
    box.readout = readout
    return box


def _offered(name, value, values):
    return _checks.offered_default(__name__, name, value, values)


def book_data():
    """Return what the rendered book's explorer needs: the sliders' values and default, the examples, the goal.

    ``_ext/explorer_data.py`` writes it into the page at build time. The page
    computes the outputs and the mean squared error from these values with
    nnlib's formulas.
    """
    weight_values = [float(v) for v in WEIGHT_VALUES]
    if not weight_values:
        raise ValueError("an explorer slider must offer at least one value")
    if len(DEFAULT_WEIGHTS) != TRAINING_INPUTS.shape[1]:
        raise ValueError(f"nnlib.weights_explorer.DEFAULT_WEIGHTS must hold {TRAINING_INPUTS.shape[1]} weights")
    target = _checks.positive_real(TARGET_ERROR, "nnlib.weights_explorer.TARGET_ERROR")
    return {
        "weightValues": weight_values,
        "defaults": {"weights": [float(_offered("DEFAULT_WEIGHTS", w, weight_values)) for w in DEFAULT_WEIGHTS]},
        "inputs": TRAINING_INPUTS.tolist(),
        "targets": TRAINING_OUTPUTS[:, 0].tolist(),
        "newInput": NEW_INPUT.tolist(),
        "targetError": target,
        "outputDecimals": OUTPUT_DECIMALS,
        "errorDecimals": ERROR_DECIMALS,
        "colours": {"output": OUTPUT_COLOUR, "new": NEW_COLOUR, "error": ERROR_COLOUR},
    }
