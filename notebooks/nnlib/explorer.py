"""The training chapter's explorer: sliders for seed, iterations and learning rate.

``convergence_explorer()`` returns an ipywidgets box: three sliders and a
figure of the weight trajectories, the loss and the prediction for the new
example up to the chosen step. The figure is a PNG in an ``Image`` widget,
redrawn by moving existing lines, never by retraining: a seed or learning
rate move trains once (about 30 ms) and caches the history; an iterations
move only indexes it.

The slider ranges below are shared with the rendered book's kernel-free
explorer (``_ext/explorer_data.py`` reads them), so both offer the same values.
"""

import io
from functools import lru_cache

import numpy as np

from . import _checks
from ._explorer_box import explorer_box
from .neuron import predict, sigmoid, train
from .problem import NEW_INPUT, TRAINING_INPUTS, TRAINING_OUTPUTS

#: Seeds the seed slider offers.
SEEDS = range(0, 100)
#: The iterations slider runs from 0 to MAX_ITERATIONS in steps of ITERATION_STEP.
MAX_ITERATIONS = 10_000
ITERATION_STEP = 10
#: Learning rates the learning-rate slider offers; 1.0 is the classic one.
LEARNING_RATES = (0.1, 0.3, 1.0, 3.0, 10.0)
#: What the explorer shows first: the classic run.
DEFAULT_SEED, DEFAULT_ITERATIONS, DEFAULT_LEARNING_RATE = 1, MAX_ITERATIONS, 1.0

# Okabe-Ito colours, safe for colour-blind readers: one per weight.
WEIGHT_COLOURS = ("#0072B2", "#E69F00", "#009E73")


@lru_cache(maxsize=32)
def trajectory(seed, learning_rate):
    """Return the training history of one seed: (weights (MAX_ITERATIONS + 1, 3), loss, prediction)."""
    result = train(TRAINING_INPUTS, TRAINING_OUTPUTS, MAX_ITERATIONS, seed=seed, learning_rate=learning_rate)
    # The prediction for [1, 0, 0] after every step: sigmoid of the new
    # example's weighted sum with each row of the history (one weight vector per step).
    prediction = sigmoid(result.history @ NEW_INPUT)
    return result.history, result.loss, prediction


class _Figure:
    """A matplotlib figure whose axes are drawn once; ``show`` redraws only the lines.

    The axes, ticks and labels are rendered once and kept as a bitmap
    (matplotlib's "blitting"); a slider move pastes that bitmap back and
    draws the lines and legends over it, which is what makes a move cheap.
    """

    # The lines are drawn through at most this many steps (plus the chosen one):
    # a few hundred pixels wide cannot show more, and fewer points draw faster.
    POINTS = 500

    def __init__(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure  # no pyplot: no global state, no inline display

        self.figure = Figure(figsize=(8.4, 3.0), dpi=80)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.08, right=0.97, bottom=0.16, top=0.95, wspace=0.25)
        weights_axes, loss_axes = self.figure.subplots(1, 2)
        self.grid = np.linspace(0, MAX_ITERATIONS, self.POINTS + 1).round().astype(int)
        self.weight_lines = [
            weights_axes.plot([], [], color=colour, label=f"$w_{j + 1}$", animated=True)[0]
            for j, colour in enumerate(WEIGHT_COLOURS)
        ]
        weights_axes.set(xlim=(0, MAX_ITERATIONS), ylim=(-14, 14), xlabel="step", ylabel="weight")
        weights_axes.axhline(0, color="0.8", linewidth=0.8)
        self.loss_line = loss_axes.plot([], [], color="#D55E00", label="mean squared error", animated=True)[0]
        self.prediction_line = loss_axes.plot([], [], color="#CC79A7", label="prediction for [1, 0, 0]",
                                              animated=True)[0]
        loss_axes.set(xlim=(0, MAX_ITERATIONS), ylim=(1e-6, 2), yscale="log", xlabel="step",
                      ylabel="value (log scale)")
        self.legends = [
            weights_axes.legend(loc="upper left", ncols=3, fontsize="small"),
            loss_axes.legend(loc="lower left", fontsize="small"),
        ]
        for legend in self.legends:
            legend.set_animated(True)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def show(self, history, loss, prediction, iterations):
        """Draw the first ``iterations`` steps; return the PNG bytes."""
        from PIL import Image

        steps = np.append(self.grid[self.grid < iterations], iterations)
        for j, line in enumerate(self.weight_lines):
            line.set_data(steps, history[steps, j])
        self.loss_line.set_data(steps, loss[steps])
        self.prediction_line.set_data(steps, prediction[steps])
        self.canvas.restore_region(self.background)
        for artist in (*self.weight_lines, self.loss_line, self.prediction_line, *self.legends):
            artist.axes.draw_artist(artist)
        buffer = io.BytesIO()
        # Fast zlib level: the PNG is made again on every slider move.
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1
        )
        return buffer.getvalue()


def convergence_explorer(seed=DEFAULT_SEED, iterations=DEFAULT_ITERATIONS, learning_rate=DEFAULT_LEARNING_RATE):
    """Return an ipywidgets box with ``seed``, ``iterations`` and ``learning rate`` sliders and a live figure.

    The box has ``.controls`` (the three sliders) and ``.image`` (the figure as
    an ``Image`` widget), so that tests can move the sliders and read the result.
    """
    import ipywidgets as widgets

    seed_slider = widgets.IntSlider(value=seed, min=SEEDS.start, max=SEEDS.stop - 1, description="seed",
                                    continuous_update=True)
    iterations_slider = widgets.IntSlider(value=iterations, min=0, max=MAX_ITERATIONS, step=ITERATION_STEP,
                                          description="iterations", continuous_update=True)
    rate_slider = widgets.SelectionSlider(options=LEARNING_RATES, value=learning_rate, description="learning rate",
                                          continuous_update=True, style={"description_width": "initial"})
    figure = _Figure()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    readout = widgets.HTML()

    def redraw(_change=None):
        history, loss, prediction = trajectory(seed_slider.value, rate_slider.value)
        step = iterations_slider.value
        image.value = figure.show(history, loss, prediction, step)
        readout.value = (
            f"weights after {step:,} steps: <code>{np.array2string(history[step], precision=8)}</code>; "
            f"prediction for [1, 0, 0]: <code>{prediction[step]:.8f}</code>"
        )

    for slider in (seed_slider, iterations_slider, rate_slider):
        slider.observe(redraw, names="value")
    redraw()
    box = explorer_box([widgets.HBox([seed_slider, iterations_slider, rate_slider]), image, readout])
    box.controls = (seed_slider, iterations_slider, rate_slider)
    box.image = image
    box.readout = readout
    return box


def _offered(name, value, values):
    return _checks.offered_default(__name__, name, value, values)


def book_data():
    """Return what the rendered book's explorer needs: slider values, defaults, the problem, starting weights.

    ``_ext/explorer_data.py`` writes it into the page at build time; the
    JavaScript trains from these starting weights (drawn by ``init_weights``)
    with nnlib's arithmetic, so it never re-implements numpy's random generator.
    """
    from .neuron import init_weights

    seeds = [int(seed) for seed in SEEDS]
    iterations = range(0, MAX_ITERATIONS + 1, ITERATION_STEP)
    learning_rates = [float(rate) for rate in LEARNING_RATES]
    if not seeds or not learning_rates:
        raise ValueError("an explorer slider must offer at least one value")
    return {
        "seeds": seeds,
        "maxIterations": int(MAX_ITERATIONS),
        "iterationStep": int(ITERATION_STEP),
        "learningRates": learning_rates,
        "defaults": {
            "seed": int(_offered("DEFAULT_SEED", DEFAULT_SEED, seeds)),
            "iterations": int(_offered("DEFAULT_ITERATIONS", DEFAULT_ITERATIONS, iterations)),
            "learningRate": float(_offered("DEFAULT_LEARNING_RATE", DEFAULT_LEARNING_RATE, learning_rates)),
        },
        "weightColours": list(WEIGHT_COLOURS),
        "inputs": TRAINING_INPUTS.tolist(),
        "targets": TRAINING_OUTPUTS[:, 0].tolist(),
        "newInput": NEW_INPUT.tolist(),
        "initialWeights": [init_weights(seed, TRAINING_INPUTS.shape[1])[:, 0].tolist() for seed in seeds],
    }
