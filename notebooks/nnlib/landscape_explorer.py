"""The delta-rule chapter's explorer: step by step down the loss landscape over w1 and w3.

The landscape is the chapter's map (figure "fig-03-loss-landscape"): the loss
E = 1/2 * sum((targets - output)**2) over the weight of input 1, w1, and the
bias weight, w3, with w2 held at its seed-1 value. A step is
``nnlib.delta_rule_step`` followed by putting w2 back, so every step is
gradient descent on exactly this plane.

``landscape_explorer()`` returns an ipywidgets box: sliders for the starting
w1 and w3 and the learning rate, buttons that take one or ten steps or go
back to the start, the map with the path so far, and a table of what each
example adds to the next step. The map is drawn once; a step redraws only
the path (matplotlib blitting).

The constants below are the one place where the map's ranges, the sliders'
values and the defaults are set: the chapter's static figure, this explorer
and the rendered book's kernel-free explorer (``book_data``, read by
``_ext/explorer_data.py``) all use them.
"""

import io
import numbers
from functools import lru_cache

import numpy as np

from . import _checks
from ._explorer_box import explorer_box
from .neuron import delta_rule_step, init_weights, mean_squared_error, predict
from .problem import TRAINING_INPUTS, TRAINING_OUTPUTS
from .text import MINUS, number

#: w2 is held at its value in the starting weights of this seed (the chapter's start).
SEED = 1
#: The map's extent and its grid: W1_POINTS values of w1 by W3_POINTS values of w3, ends included.
W1_RANGE = (-1.5, 7.0)
W3_RANGE = (-4.5, 1.5)
W1_POINTS, W3_POINTS = 241, 181
#: The map's colours change every LEVEL_STEP of the loss; a contour line every CONTOUR_EVERY levels.
LEVEL_STEP = 0.1
CONTOUR_EVERY = 2
#: The start sliders offer the multiples of START_STEP across the map, and the seed-1 start.
START_STEP = 0.25
#: Learning rates the rate slider offers; 1 is the chapter's.
LEARNING_RATES = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)
#: The buttons take this many steps at a press.
STEP_COUNTS = (1, 10)

_SEED_WEIGHTS = init_weights(SEED)[:, 0]
#: The value w2 is held at.
FROZEN_W2 = float(_SEED_WEIGHTS[1])


def _grid_of_starts(low, high, seed_value):
    count = round((high - low) / START_STEP)
    # round(..., 10) gives the exact decimals (-1.25, not -1.2500000000000002)
    values = {round(low + i * START_STEP, 10) for i in range(count + 1)}
    return tuple(sorted(values | {seed_value}))


#: Values of the start sliders: the seed-1 start is among them, so the explorer can open on the chapter's path.
START_W1 = _grid_of_starts(*W1_RANGE, float(_SEED_WEIGHTS[0]))
START_W3 = _grid_of_starts(*W3_RANGE, float(_SEED_WEIGHTS[2]))
#: What the explorer shows first: the chapter's start and rate.
DEFAULT_START_W1, DEFAULT_START_W3 = float(_SEED_WEIGHTS[0]), float(_SEED_WEIGHTS[2])
DEFAULT_LEARNING_RATE = 1.0

# Okabe-Ito colours, safe for colour-blind readers; the current point is white with a black ring.
START_COLOUR, STEP_COLOUR, NEXT_COLOUR = "#D55E00", "#E69F00", "#56B4E9"

_N_EXAMPLES = len(TRAINING_INPUTS)


def loss(weights):
    """Return the chapter's loss E = 1/2 * sum((targets - output)**2) for weights (3, 1), or for rows (k, 3)."""
    # E is n/2 times the mean squared error that nnlib reports
    return _N_EXAMPLES / 2 * mean_squared_error(TRAINING_INPUTS, TRAINING_OUTPUTS, weights)


@lru_cache(maxsize=1)
def loss_landscape():
    """Return the map: the w1 values (W1_POINTS,), the w3 values (W3_POINTS,) and E on the grid (W3_POINTS, W1_POINTS).

    Row j, column i of the loss is E at (w1[i], FROZEN_W2, w3[j]). The arrays are read-only (they are cached).
    """
    w1_values = np.linspace(*W1_RANGE, W1_POINTS)
    w3_values = np.linspace(*W3_RANGE, W3_POINTS)
    w1_grid, w3_grid = np.meshgrid(w1_values, w3_values)
    stack = np.column_stack([w1_grid.ravel(), np.full(w1_grid.size, FROZEN_W2), w3_grid.ravel()])  # a row per point
    landscape = loss(stack).reshape(w1_grid.shape)
    for array in (w1_values, w3_values, landscape):
        array.setflags(write=False)
    return w1_values, w3_values, landscape


def loss_levels():
    """Return the loss at the map's colour boundaries: 0, LEVEL_STEP, ... up past the map's highest loss."""
    return np.arange(0, loss_landscape()[2].max() + LEVEL_STEP, LEVEL_STEP)


def frozen_step(weights, learning_rate):
    """Return the weights (3, 1) after one step of the delta rule with w2 put back to FROZEN_W2."""
    stepped = delta_rule_step(TRAINING_INPUTS, TRAINING_OUTPUTS, weights, learning_rate)
    stepped[1, 0] = FROZEN_W2  # stay on the plane of the map
    return stepped


@lru_cache(maxsize=64)
def _growing_path(start_w1, start_w3, learning_rate):
    # one list per start and rate, extended as more steps are asked for
    return [np.array([[start_w1], [FROZEN_W2], [start_w3]])]


def path(start_w1, start_w3, learning_rate, steps):
    """Return the weights after 0, 1, ..., ``steps`` steps from (start_w1, FROZEN_W2, start_w3): shape (steps + 1, 3)."""
    start_w1 = _real(start_w1, "start_w1")
    start_w3 = _real(start_w3, "start_w3")
    learning_rate = _real(learning_rate, "learning_rate")
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be greater than 0, got {learning_rate}")
    if isinstance(steps, (bool, np.bool_)) or not isinstance(steps, numbers.Integral):
        raise TypeError(f"steps must be an integer, got {type(steps).__name__}")
    if steps < 0:
        raise ValueError(f"steps must be at least 0, got {steps}")
    weights = _growing_path(start_w1, start_w3, learning_rate)
    while len(weights) <= steps:
        weights.append(frozen_step(weights[-1], learning_rate))
    return np.hstack(weights[: steps + 1]).T


def contributions(weights):
    """Return each example's delta (n,) and its contributions x_ki * delta_k to the three weights (n, 3).

    As in the chapter's table: delta_k = (t_k - o_k) * o_k * (1 - o_k); the
    sums of the columns, times the learning rate, are the next step.
    """
    output = predict(TRAINING_INPUTS, weights)
    delta = (TRAINING_OUTPUTS - output) * output * (1 - output)
    return delta[:, 0], TRAINING_INPUTS * delta


def number_text(value):
    """Return a number as the explorers print it: 8 decimals, a true minus, 0 for zero, never −0.00000000."""
    if value == 0:
        return "0"
    text = number(float(value), ".8f")
    return text.removeprefix(MINUS) if text == MINUS + "0.00000000" else text


def value_text(value):
    """Return a slider value as its label shows it: 0.25 as 0.25, 1.0 as 1, 0.0 as 0."""
    return number(float(value), "g")


def start_text(value, seed_value):
    """Return a start slider's label: the value, or the seed-1 value to 8 decimals and "(seed 1)"."""
    return f"{number(value, '.8f')} (seed {SEED})" if value == seed_value else value_text(value)


def _start_value(value, seed_value):
    return number_text(value) if value == seed_value else value_text(value)


_real = _checks.real
_offered_argument = _checks.offered_argument


# ---- The figure ----------------------------------------------------------------------------


class _Figure:
    """The map drawn once; ``show`` pastes it back and draws the path over it (blitting)."""

    def __init__(self):
        from matplotlib import rc_context
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure  # no pyplot: no global state, no inline display
        from matplotlib.lines import Line2D

        w1_values, w3_values, landscape = loss_landscape()
        levels = loss_levels()
        # The book's text size (notebooks/matplotlibrc), wherever the kernel runs.
        with rc_context({"font.size": 12, "axes.labelsize": 12, "xtick.labelsize": 12, "ytick.labelsize": 12,
                         "legend.fontsize": 12}):
            self.figure = Figure(figsize=(6.2, 4.4), dpi=80)
            self.canvas = FigureCanvasAgg(self.figure)
            self.figure.subplots_adjust(left=0.11, right=0.89, bottom=0.12, top=0.9)
            axes = self.figure.add_subplot()
            filled = axes.contourf(w1_values, w3_values, landscape, levels=levels, cmap="viridis")
            axes.contour(w1_values, w3_values, landscape, levels=levels[::CONTOUR_EVERY], colors="white",
                         linewidths=0.8, alpha=0.8)
            axes.set_aspect("equal")
            axes.set(xlim=W1_RANGE, ylim=W3_RANGE, xlabel="$w_1$, the weight of input 1",
                     ylabel="$w_3$, the bias weight")
            axes.xaxis.set_major_formatter("{x:g}")
            axes.yaxis.set_major_formatter("{x:g}")
            colorbar = self.figure.colorbar(filled, ax=axes, ticks=levels[::2 * CONTOUR_EVERY], fraction=0.04,
                                            pad=0.02)
            colorbar.set_label("loss $E$")
            colorbar.ax.yaxis.set_major_formatter("{x:g}")
            self.casing = axes.plot([], [], color="black", linewidth=3, animated=True)[0]
            self.line = axes.plot([], [], color="white", linewidth=1.2, animated=True)[0]
            self.steps = axes.plot([], [], "o", color=STEP_COLOUR, markersize=4, markeredgecolor="black",
                                   markeredgewidth=0.5, animated=True)[0]
            self.next_casing = axes.plot([], [], color="black", linewidth=3.5, animated=True)[0]
            self.next = axes.plot([], [], color=NEXT_COLOUR, linewidth=1.8, linestyle=(0, (3, 2)), animated=True)[0]
            self.start = axes.plot([], [], "o", color=START_COLOUR, markersize=10, markeredgecolor="white",
                                   markeredgewidth=1.5, animated=True)[0]
            self.current = axes.plot([], [], "o", color="white", markersize=10, markeredgecolor="black",
                                     markeredgewidth=2, animated=True)[0]
            # The legend is drawn with the map, from stand-ins of the animated markers.
            handles = [Line2D([], [], marker="o", linestyle="none", color=START_COLOUR, markersize=10,
                              markeredgecolor="white", markeredgewidth=1.5, label="start"),
                       Line2D([], [], marker="o", color="white", markersize=4, markerfacecolor=STEP_COLOUR,
                              markeredgecolor="black", markeredgewidth=0.5, linewidth=1.2, label="steps"),
                       Line2D([], [], marker="o", linestyle="none", color="white", markersize=10,
                              markeredgecolor="black", markeredgewidth=2, label="now"),
                       Line2D([], [], color=NEXT_COLOUR, linewidth=1.8, linestyle=(0, (3, 2)), label="next step")]
            legend = self.figure.legend(handles=handles, loc="upper center", ncols=4, frameon=False,
                                        handlelength=1.6, columnspacing=1.2)
            legend.get_frame().set_facecolor("none")
            self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def show(self, weights, next_step):
        """Draw the path ``weights`` (rows (w1, w2, w3), the start first) and the next step (w1, w3) over the map.

        Return the PNG bytes.
        """
        from PIL import Image

        w1, w3 = weights[:, 0], weights[:, 2]
        for artist in (self.casing, self.line, self.steps):
            artist.set_data(w1, w3)
        self.start.set_data(w1[:1], w3[:1])
        self.current.set_data(w1[-1:], w3[-1:])
        for artist in (self.next_casing, self.next):
            artist.set_data([w1[-1], w1[-1] + next_step[0]], [w3[-1], w3[-1] + next_step[1]])
        self.canvas.restore_region(self.background)
        for artist in (self.casing, self.line, self.steps, self.next_casing, self.next, self.start, self.current):
            artist.axes.draw_artist(artist)
        buffer = io.BytesIO()
        # Fast zlib level: the PNG is made again on every press.
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1
        )
        return buffer.getvalue()


# ---- The readout ----------------------------------------------------------------------------

_CELL = 'style="padding: 0.1em 0.6em; text-align: right; font-family: monospace"'
_HEAD = 'style="padding: 0.1em 0.6em; text-align: right"'


def _quantity(key, value, bold=False):
    text = number_text(value)
    if bold:
        text = f"<b>{text}</b>"
    return f'<td {_CELL} data-quantity="{key}">{text}</td>'


def readout_html(start_w1, start_w3, learning_rate, weights):
    """Return the readout for the path ``weights`` (rows, the start first): the numbers and the step table."""
    steps = len(weights) - 1
    current = weights[-1][:, np.newaxis]
    delta, products = contributions(current)
    sums = products.sum(axis=0)
    on_map = W1_RANGE[0] <= current[0, 0] <= W1_RANGE[1] and W3_RANGE[0] <= current[2, 0] <= W3_RANGE[1]
    status = (
        f"After {steps:,} {'step' if steps == 1 else 'steps'} from (w<sub>1</sub>, w<sub>3</sub>) = "
        f"({_start_value(start_w1, DEFAULT_START_W1)}, {_start_value(start_w3, DEFAULT_START_W3)}) "
        f"with learning rate η = {value_text(learning_rate)}; w<sub>2</sub> is held at {number_text(FROZEN_W2)}"
        + ("" if on_map else ". The weights are off the map.")
    )
    numbers_row = (
        f'steps: <code data-quantity="steps">{steps:,}</code>, '
        f'w<sub>1</sub> = <code data-quantity="w1">{number_text(current[0, 0])}</code>, '
        f'w<sub>3</sub> = <code data-quantity="w3">{number_text(current[2, 0])}</code>, '
        f'loss E = <code data-quantity="loss">{number_text(loss(current))}</code>'
    )
    head = "".join(f"<th {_HEAD}>{name}</th>" for name in (
        "<i>k</i>", "<b>x</b><sub><i>k</i></sub>", "δ<sub><i>k</i></sub>",
        "<i>x</i><sub><i>k</i>1</sub>δ<sub><i>k</i></sub>", "<i>x</i><sub><i>k</i>3</sub>δ<sub><i>k</i></sub>"))
    rows = []
    for k in range(_N_EXAMPLES):
        inputs = ", ".join(str(int(x)) for x in TRAINING_INPUTS[k])
        rows.append(f"<tr><th {_HEAD}>{k + 1}</th><td {_HEAD}>[{inputs}]</td>"
                    + _quantity(f"delta-{k + 1}", delta[k])
                    + _quantity(f"contribution-{k + 1}-w1", products[k, 0])
                    + _quantity(f"contribution-{k + 1}-w3", products[k, 2]) + "</tr>")
    rows.append(f'<tr><th {_HEAD}>sum</th><td></td><td></td>' + _quantity("sum-w1", sums[0], True)
                + _quantity("sum-w3", sums[2], True) + "</tr>")
    rows.append(f'<tr><th {_HEAD} colspan="3">next step: η × sum</th>'
                + _quantity("step-w1", learning_rate * sums[0], True)
                + _quantity("step-w3", learning_rate * sums[2], True) + "</tr>")
    return (f"<p>{status}.</p><p>{numbers_row}</p>"
            "<p>What each example adds to the next step of w<sub>1</sub> and w<sub>3</sub> "
            "(w<sub>2</sub> is held, so its column is left out):</p>"
            f'<table style="border-collapse: collapse"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


# ---- The ipywidgets explorer ----------------------------------------------------------------


def landscape_explorer(start_w1=None, start_w3=None, learning_rate=None):
    """Return an ipywidgets box: start sliders for w1 and w3, a learning-rate slider, step buttons and the map.

    "Step" takes one step of the delta rule (w2 held), "10 steps" ten, and
    "Reset" goes back to the start; moving a slider also starts again. The box
    has ``.controls`` (the three sliders and three buttons), ``.image`` (the
    map as an ``Image`` widget) and ``.readout`` (an ``HTML`` widget with the
    numbers and the table of each example's contribution to the next step).
    Defaults: DEFAULT_START_W1, DEFAULT_START_W3, DEFAULT_LEARNING_RATE.
    """
    import ipywidgets as widgets

    start_w1 = _offered_argument(DEFAULT_START_W1 if start_w1 is None else start_w1, "start_w1", START_W1)
    start_w3 = _offered_argument(DEFAULT_START_W3 if start_w3 is None else start_w3, "start_w3", START_W3)
    learning_rate = _offered_argument(DEFAULT_LEARNING_RATE if learning_rate is None else learning_rate,
                                      "learning_rate", LEARNING_RATES)
    wide = {"description_width": "initial"}
    w1_slider = widgets.SelectionSlider(options=[(start_text(v, DEFAULT_START_W1), v) for v in START_W1],
                                        value=start_w1, description="start w₁", style=wide)
    w3_slider = widgets.SelectionSlider(options=[(start_text(v, DEFAULT_START_W3), v) for v in START_W3],
                                        value=start_w3, description="start w₃", style=wide)
    rate_slider = widgets.SelectionSlider(options=[(value_text(v), v) for v in LEARNING_RATES],
                                          value=learning_rate, description="learning rate", style=wide)
    buttons = [widgets.Button(description="Step" if count == 1 else f"{count} steps") for count in STEP_COUNTS]
    reset = widgets.Button(description="Reset")
    figure = _Figure()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    readout = widgets.HTML()
    state = {"steps": 0}

    def redraw():
        weights = path(w1_slider.value, w3_slider.value, rate_slider.value, state["steps"])
        sums = contributions(weights[-1][:, np.newaxis])[1].sum(axis=0)
        image.value = figure.show(weights, rate_slider.value * sums[[0, 2]])
        readout.value = readout_html(w1_slider.value, w3_slider.value, rate_slider.value, weights)

    def start_again(_change=None):
        state["steps"] = 0
        redraw()

    def stepper(count):
        def take_steps(_button):
            state["steps"] += count
            redraw()
        return take_steps

    for slider in (w1_slider, w3_slider, rate_slider):
        slider.observe(start_again, names="value")
    for button, count in zip(buttons, STEP_COUNTS):
        button.on_click(stepper(count))
    reset.on_click(start_again)
    redraw()
    box = explorer_box([widgets.HBox([w1_slider, w3_slider, rate_slider], layout=widgets.Layout(flex_flow="row wrap")),
                        widgets.HBox([*buttons, reset]), image, readout])
    box.controls = (w1_slider, w3_slider, rate_slider, *buttons, reset)
    box.image = image
    box.readout = readout
    return box


# ---- The rendered book's explorer -----------------------------------------------------------


def _offered(name, value, values):
    return _checks.offered_default(__name__, name, value, values)


def book_data():
    """Return what the rendered book's explorer needs: the map, the sliders' values and defaults, the problem.

    ``_ext/explorer_data.py`` writes it into the page at build time. The
    JavaScript computes the map's losses and the steps itself, with nnlib's
    arithmetic, from these numbers; the colour levels come from here, so the
    map has the chapter's bands.
    """
    start_w1 = [float(v) for v in START_W1]
    start_w3 = [float(v) for v in START_W3]
    rates = [float(v) for v in LEARNING_RATES]
    if not start_w1 or not start_w3 or not rates:
        raise ValueError("an explorer slider must offer at least one value")
    if min(start_w1) < W1_RANGE[0] or max(start_w1) > W1_RANGE[1]:
        raise ValueError("nnlib.landscape_explorer.START_W1 must lie within W1_RANGE")
    if min(start_w3) < W3_RANGE[0] or max(start_w3) > W3_RANGE[1]:
        raise ValueError("nnlib.landscape_explorer.START_W3 must lie within W3_RANGE")
    if sorted(STEP_COUNTS) != list(STEP_COUNTS) or STEP_COUNTS[0] != 1:
        raise ValueError("nnlib.landscape_explorer.STEP_COUNTS must start with 1 and rise")
    return {
        "inputs": TRAINING_INPUTS.tolist(),
        "targets": TRAINING_OUTPUTS[:, 0].tolist(),
        "seed": int(SEED),
        "frozenW2": FROZEN_W2,
        "w1Range": [float(v) for v in W1_RANGE],
        "w3Range": [float(v) for v in W3_RANGE],
        "gridPoints": [int(W1_POINTS), int(W3_POINTS)],
        "levels": [float(v) for v in loss_levels()],
        "contourEvery": int(CONTOUR_EVERY),
        "startW1": start_w1,
        "startW3": start_w3,
        "learningRates": rates,
        "stepCounts": [int(c) for c in STEP_COUNTS],
        "seedStart": [DEFAULT_START_W1, DEFAULT_START_W3],
        "defaults": {
            "startW1": float(_offered("DEFAULT_START_W1", DEFAULT_START_W1, start_w1)),
            "startW3": float(_offered("DEFAULT_START_W3", DEFAULT_START_W3, start_w3)),
            "learningRate": float(_offered("DEFAULT_LEARNING_RATE", DEFAULT_LEARNING_RATE, rates)),
        },
        "colours": {"start": START_COLOUR, "step": STEP_COLOUR, "next": NEXT_COLOUR},
    }
