"""The hidden-layer chapter's explorer: train a network on XOR and watch it learn.

``xor_explorer()`` returns an ipywidgets box: a ``Play`` widget that trains
the network of ``nnlib.train_network`` on the chapter's XOR examples while it
runs, and sliders for the number of hidden neurons, the seed of the starting
weights and the learning rate. The figure shows the network's output over the
square of the first two inputs (the third is the constant 1), each hidden
neuron's output, and the mean squared error so far. A slider move starts again
from step 0.

Every tick of the ``Play`` widget trains on from where the last one stopped:
``Trajectory`` keeps the weights after every ``STEPS_PER_TICK`` steps, so a
tick costs at most ``STEPS_PER_TICK`` steps, and going back (or coming back to
a setting) costs none. The steps are those of ``train_network``, computed by
the same function (``network._backpropagate``) in the same order, so the
numbers equal ``train_network(..., iterations=k)`` bit for bit.

The values below are shared with the rendered book's kernel-free explorer
(``book_data()``, which ``_ext/explorer_data.py`` writes into the page, and
``book/_static/explorer-xor.js``), so both offer the same settings.
"""

import io
from functools import lru_cache

import numpy as np

from . import _checks
from ._explorer_box import explorer_box
from .network import _backpropagate, _Workspace
from .text import number, scientific

#: The chapter's XOR examples: inputs 1 and 2, and input 3 always 1 (the bias).
INPUTS = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
TARGETS = np.array([[0], [1], [1], [0]], dtype=float)

#: What the sliders offer: hidden neurons, seeds and learning rates.
HIDDEN_SIZES = range(1, 9)
SEEDS = range(0, 20)
LEARNING_RATES = (0.1, 0.3, 1.0, 3.0, 10.0)
#: What the explorer shows first: the chapter's network (4 hidden neurons, seed 1, learning rate 1).
DEFAULT_HIDDEN, DEFAULT_SEED, DEFAULT_LEARNING_RATE = 4, 1, 1.0
#: Training stops after this many steps.
MAX_STEPS = 20_000
#: The book's page trains this many steps per animation frame (about 600 a second), and its
#: step button trains this many at a time. The interesting part of a run at learning rate 1 takes a
#: few hundred steps: at this pace it lasts about a second, and the 20,000 steps half a minute.
STEPS_PER_FRAME = 10
#: The ipywidgets explorer trains this many steps per tick of its Play widget, one tick every
#: TICK_INTERVAL milliseconds: about 500 steps a second, near the page's pace.
STEPS_PER_TICK = 50
TICK_INTERVAL = 100
#: The figure shows inputs 1 and 2 over [EXTENT[0], EXTENT[1]] (a margin around the unit square, so that
#: the corner markers show whole), as RESOLUTION × RESOLUTION cells.
EXTENT = (-0.15, 1.15)
RESOLUTION = 48
#: The loss axis of the figures (log scale): mean squared errors from LOSS_FLOOR to 1. Every setting
#: the sliders offer stays above it in MAX_STEPS steps (the lowest, about 2.5e-06, is 8 hidden neurons,
#: seed 8, learning rate 10); and a mean squared error of outputs between 0 and 1 is below 1.
LOSS_FLOOR = 1e-6

# The output map in the colours of the chapter's Fig. 5.4 and of the rendered book's explorer:
# cividis, dark blue (0) to yellow (1), readable with every kind of colour vision.
OUTPUT_COLOURS, LOSS_COLOUR = "cividis", "#000000"


def _offered(name, value, values):
    return _checks.offered_default(__name__, name, value, values)


def _defaults():
    """Return the defaults, checked against what the sliders offer."""
    return (_offered("DEFAULT_HIDDEN", DEFAULT_HIDDEN, HIDDEN_SIZES),
            _offered("DEFAULT_SEED", DEFAULT_SEED, SEEDS),
            _offered("DEFAULT_LEARNING_RATE", DEFAULT_LEARNING_RATE, LEARNING_RATES))


def _setting(hidden, seed, learning_rate):
    """Return the arguments checked: of the right type, and offered by the sliders."""
    hidden = _checks.integer(hidden, "hidden", 1)
    seed = _checks.seed(seed)
    learning_rate = _checks.positive_real(learning_rate, "learning_rate")
    for name, value, values in (("hidden", hidden, HIDDEN_SIZES), ("seed", seed, SEEDS),
                                ("learning_rate", learning_rate, LEARNING_RATES)):
        if value not in values:
            offered = ", ".join(str(v) for v in values)
            raise ValueError(f"{name} must be one of the values the slider offers ({offered}), got {value}")
    return hidden, seed, learning_rate


def starting_weights(seed, hidden):
    """Return the starting weights ``train_network`` draws: (hidden (3, hidden), output (hidden, 1)).

    ``numpy.random.RandomState(seed)``, the hidden layer first, each weight
    ``2 * random_sample - 1``: uniform on [-1, 1).
    """
    seed = _checks.seed(seed)
    hidden = _checks.integer(hidden, "hidden", 1)
    random_state = np.random.RandomState(seed)
    hidden_weights = 2 * random_state.random_sample((INPUTS.shape[1], hidden)) - 1
    output_weights = 2 * random_state.random_sample((hidden, 1)) - 1
    return hidden_weights, output_weights


class Trajectory:
    """One training run of ``train_network``, computed as far as it has been asked for.

    ``weights(k)`` returns the weights after ``k`` steps (``k`` a multiple of
    STEPS_PER_TICK) and ``loss`` the mean squared error before training and
    after each step computed so far, as ``train_network(..., iterations=k).loss``.
    """

    def __init__(self, hidden, seed, learning_rate):
        self.hidden, self.seed, self.learning_rate = _setting(hidden, seed, learning_rate)
        hidden_weights, output_weights = starting_weights(self.seed, self.hidden)
        self._hidden_weights, self._output_weights = hidden_weights, output_weights
        self._work = _Workspace.make(INPUTS, TARGETS, hidden)
        self._checkpoints = [(hidden_weights.copy(), output_weights.copy())]
        self._loss = np.empty(MAX_STEPS + 1)
        with np.errstate(over="ignore", invalid="ignore"):
            self._loss[0] = _backpropagate(self._work, hidden_weights, output_weights)
        self.steps = 0  # steps computed so far

    @property
    def loss(self):
        """The mean squared error before training and after each step computed so far."""
        return self._loss[: self.steps + 1]

    def weights(self, steps):
        """Return (hidden_weights, output_weights) after ``steps`` steps, training on as far as needed."""
        if steps % STEPS_PER_TICK or not 0 <= steps <= MAX_STEPS:
            raise ValueError(f"steps must be a multiple of {STEPS_PER_TICK} from 0 to {MAX_STEPS}, got {steps}")
        self._train_to(steps)
        return self._checkpoints[steps // STEPS_PER_TICK]

    def _train_to(self, steps):
        if steps <= self.steps:
            return
        work, rate = self._work, self.learning_rate
        hidden_weights, output_weights = self._hidden_weights, self._output_weights
        # train_network's loop, in its order: the loss and the steps of the weights before the step,
        # the steps scaled by the learning rate only when it is not 1, then both layers moved.
        with np.errstate(over="ignore", invalid="ignore"):
            while self.steps < steps:
                self._loss[self.steps] = _backpropagate(work, hidden_weights, output_weights)
                if rate != 1.0:
                    work.hidden_step[...] *= rate
                    work.output_step[...] *= rate
                hidden_weights += work.hidden_step
                output_weights += work.output_step
                self.steps += 1
                if self.steps % STEPS_PER_TICK == 0:
                    self._checkpoints.append((hidden_weights.copy(), output_weights.copy()))
            self._loss[self.steps] = _backpropagate(work, hidden_weights, output_weights)
        if not np.all(np.isfinite(self._loss[: self.steps + 1])):
            raise ValueError(f"training diverged at learning rate {rate}")


@lru_cache(maxsize=32)
def trajectory(hidden, seed, learning_rate):
    """Return the (cached) ``Trajectory`` of one setting."""
    return Trajectory(hidden, seed, learning_rate)


def grid():
    """Return the inputs of the figure's cells: (RESOLUTION**2, 3), row by row from the bottom, input 3 = 1."""
    centres = EXTENT[0] + (np.arange(RESOLUTION) + 0.5) * (EXTENT[1] - EXTENT[0]) / RESOLUTION
    x1, x2 = np.meshgrid(centres, centres)
    return np.column_stack([x1.ravel(), x2.ravel(), np.ones(x1.size)])


def maps(hidden_weights, output_weights, inputs):
    """Return the hidden neurons' outputs (n, hidden) and the network's output (n,) at ``inputs`` (n, 3)."""
    from .neuron import sigmoid

    hidden_output = sigmoid(inputs @ hidden_weights)
    return hidden_output, sigmoid(hidden_output @ output_weights)[:, 0]


class _Figure:
    """The explorer's figure for one number of hidden neurons; ``show`` redraws only what training changes.

    The axes, labels and legend are drawn once and kept as a bitmap
    (matplotlib's "blitting"); a tick pastes the bitmap back and draws the
    heat maps, the curves of output one half and the loss curve over it.
    """

    COLUMNS = 4  # hidden neurons per row of small maps

    def __init__(self, hidden):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import LineCollection
        from matplotlib.figure import Figure  # no pyplot: no global state, no inline display

        rows = -(-hidden // self.COLUMNS)
        top, row_height = 3.7, 1.55  # inches
        height = top + rows * row_height
        self.figure = Figure(figsize=(6.2, height), dpi=80)
        self.canvas = FigureCanvasAgg(self.figure)
        self.grid = grid()
        extent = (EXTENT[0], EXTENT[1], EXTENT[0], EXTENT[1])
        self.spines = []

        def place(left, bottom, width, panel_height):  # inches from the bottom left corner
            return self.figure.add_axes((left / 6.2, bottom / height, width / 6.2, panel_height / height))

        def image(ax):
            picture = ax.imshow(np.zeros((RESOLUTION, RESOLUTION)), origin="lower", extent=extent, cmap=OUTPUT_COLOURS,
                                vmin=0, vmax=1, interpolation="bilinear", animated=True)
            line = LineCollection([], colors="black", linewidths=1.5, animated=True)
            ax.add_collection(line)
            # the frame too, over the map: a map that is pale at its edge would hide it
            for spine in ax.spines.values():
                spine.set_animated(True)
                self.spines.append(spine)
            return picture, line

        # The network's output, with the four examples.
        output_axes = place(0.75, rows * row_height + 0.65, 2.3, 2.3)
        self.output_image, self.output_line = image(output_axes)
        self.markers = list(self._examples(output_axes, 90))
        output_axes.set(xlim=EXTENT[:2], ylim=EXTENT[:2], xlabel="input 1, $x_1$", ylabel="input 2, $x_2$",
                        title="network output")
        output_axes.set_xticks([0, 0.5, 1], ["0", "0.5", "1"])
        output_axes.set_yticks([0, 0.5, 1], ["0", "0.5", "1"])
        self.figure.legend(handles=output_axes.get_legend_handles_labels()[0]
                           + [self.output_line.__class__([], colors="black", linewidths=1.5)],
                           labels=["target 0", "target 1", "output = 0.5"],
                           loc="upper left", bbox_to_anchor=(0.0, 1.0), ncols=3, frameon=False,
                           handletextpad=0.3, columnspacing=1.0)
        colour_axes = place(3.15, rows * row_height + 0.65, 0.12, 2.3)
        bar = self.figure.colorbar(output_axes.images[0], cax=colour_axes, ticks=[0, 0.5, 1])
        bar.ax.set_yticklabels(["0", "0.5", "1"])

        # The loss so far, on log scales (step 0 cannot sit on a log axis).
        loss_axes = place(4.35, rows * row_height + 0.65, 1.75, 2.3)
        self.loss_line = loss_axes.plot([], [], color=LOSS_COLOUR, linewidth=1.8, animated=True)[0]
        loss_axes.set(xscale="log", yscale="log", xlim=(1, MAX_STEPS), ylim=(LOSS_FLOOR, 1),
                      xlabel="step (log scale)", title="mean squared error")
        loss_axes.set_xticks([1, 100, 10_000], ["1", "10²", "10⁴"])
        loss_axes.set_yticks([1e-6, 1e-4, 1e-2, 1], ["10⁻⁶", "10⁻⁴", "10⁻²", "1"])
        loss_axes.minorticks_off()
        loss_axes.grid(alpha=0.3)

        # One small map per hidden neuron, COLUMNS to a row.
        self.hidden_images, self.hidden_lines = [], []
        side = 1.1
        for j in range(hidden):
            row, column = divmod(j, self.COLUMNS)
            ax = place(0.3 + column * 1.5, (rows - 1 - row) * row_height + 0.1, side, side)
            picture, line = image(ax)
            self.hidden_images.append(picture)
            self.hidden_lines.append(line)
            self.markers += self._examples(ax, 30)
            ax.set(xlim=EXTENT[:2], ylim=EXTENT[:2], xticks=[], yticks=[])
            ax.set_title(f"hidden {j + 1}", pad=3)
        self.animated = [self.output_image, self.output_line, self.loss_line,
                         *self.hidden_images, *self.hidden_lines, *self.spines, *self.markers]
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    @staticmethod
    def _examples(ax, size):
        # as in the chapter's figures: white circles for target 0, black squares for target 1;
        # animated, so that they are drawn over the maps
        markers = []
        for target, marker, face in ((0, "o", "white"), (1, "s", "black")):
            rows = TARGETS[:, 0] == target
            markers.append(ax.scatter(INPUTS[rows, 0], INPUTS[rows, 1], s=size, marker=marker, facecolor=face,
                                      edgecolor="black", linewidth=1.2, clip_on=False, label=f"target {target}",
                                      animated=True))
        return markers

    @staticmethod
    def _half_curve(line, values):
        import contourpy

        centres = EXTENT[0] + (np.arange(RESOLUTION) + 0.5) * (EXTENT[1] - EXTENT[0]) / RESOLUTION
        line.set_segments(contourpy.contour_generator(centres, centres, values).lines(0.5))

    def show(self, hidden_weights, output_weights, loss):
        """Draw the maps of these weights and the loss curve ``loss`` (steps 0..k); return the PNG bytes."""
        from PIL import Image

        hidden_output, output = maps(hidden_weights, output_weights, self.grid)
        shape = (RESOLUTION, RESOLUTION)
        self.output_image.set_data(output.reshape(shape))
        self._half_curve(self.output_line, output.reshape(shape))
        for j, (picture, line) in enumerate(zip(self.hidden_images, self.hidden_lines)):
            picture.set_data(hidden_output[:, j].reshape(shape))
            self._half_curve(line, hidden_output[:, j].reshape(shape))
        self.loss_line.set_data(np.arange(1, len(loss)), loss[1:])
        self.canvas.restore_region(self.background)
        for artist in self.animated:
            artist.axes.draw_artist(artist)
        buffer = io.BytesIO()
        # Fast zlib level: the PNG is made again on every tick.
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1
        )
        return buffer.getvalue()


@lru_cache(maxsize=None)
def _figure(hidden):
    """Return the figure for ``hidden`` hidden neurons, made when first needed (about 0.3 s) and kept."""
    return _Figure(hidden)


def readout_html(steps, hidden, seed, learning_rate, outputs, loss):
    """Return the readout: the steps taken, the outputs on the four examples (8 decimals) and the loss."""
    cells = "".join(
        f"<td>({int(x[0])}, {int(x[1])}): <code>{number(o, '.8f')}</code></td>" for x, o in zip(INPUTS, outputs))
    neurons = "neuron" if hidden == 1 else "neurons"
    return (
        f"<p>After <b>{steps:,}</b> of {MAX_STEPS:,} steps ({hidden} hidden {neurons}, seed {seed}, "
        f"learning rate {learning_rate:g}): mean squared error <code>{scientific(loss)}</code>; "
        f"outputs for inputs (x₁, x₂):</p><table><tr>{cells}</tr></table>"
    )


def xor_explorer(hidden=None, seed=None, learning_rate=None):
    """Return an ipywidgets box that trains the XOR network live: a Play widget and three sliders.

    Without arguments it starts from the chapter's network. The box has
    ``.controls`` (the Play widget and the sliders for hidden neurons, seed and
    learning rate), ``.play``, ``.image`` (the figure) and ``.readout``.
    """
    import ipywidgets as widgets

    defaults = _defaults()
    hidden, seed, learning_rate = _setting(*(d if v is None else v for v, d in
                                             zip((hidden, seed, learning_rate), defaults)))
    play = widgets.Play(value=0, min=0, max=MAX_STEPS // STEPS_PER_TICK, step=1, interval=TICK_INTERVAL,
                        description="train", show_repeat=False)
    hidden_slider = widgets.IntSlider(value=hidden, min=HIDDEN_SIZES.start, max=HIDDEN_SIZES.stop - 1,
                                      description="hidden neurons", style={"description_width": "initial"})
    seed_slider = widgets.IntSlider(value=seed, min=SEEDS.start, max=SEEDS.stop - 1, description="seed")
    rate_slider = widgets.SelectionSlider(options=LEARNING_RATES, value=learning_rate, description="learning rate",
                                          style={"description_width": "initial"})
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    readout = widgets.HTML()
    def redraw(_change=None):
        run = trajectory(hidden_slider.value, seed_slider.value, rate_slider.value)
        steps = play.value * STEPS_PER_TICK
        hidden_weights, output_weights = run.weights(steps)
        image.value = _figure(run.hidden).show(hidden_weights, output_weights, run.loss[: steps + 1])
        _, outputs = maps(hidden_weights, output_weights, INPUTS)
        readout.value = readout_html(steps, run.hidden, run.seed, run.learning_rate, outputs, run.loss[steps])

    def restart(_change):
        # a new setting starts again from step 0 (and keeps playing if it was)
        if play.value == 0:
            redraw()
        else:
            play.value = 0  # redraws

    play.observe(redraw, names="value")
    for slider in (hidden_slider, seed_slider, rate_slider):
        slider.observe(restart, names="value")
    redraw()
    box = explorer_box([widgets.HBox([play, hidden_slider]), widgets.HBox([seed_slider, rate_slider]),
                        readout, image])
    box.controls = (play, hidden_slider, seed_slider, rate_slider)
    box.play = play
    box.image = image
    box.readout = readout
    return box


def book_data():
    """Return what the rendered book's explorer needs: the sliders' values, the examples, every starting weight.

    ``_ext/explorer_data.py`` writes it into the page at build time. The
    JavaScript trains from these starting weights (drawn here exactly as
    ``train_network`` draws them) with ``train_network``'s arithmetic, so it
    never re-implements numpy's random generator.
    """
    default_hidden, default_seed, default_rate = _defaults()
    hidden_sizes, seeds = [int(h) for h in HIDDEN_SIZES], [int(s) for s in SEEDS]
    starts = []
    for hidden in hidden_sizes:
        row = []
        for seed in seeds:
            hidden_weights, output_weights = starting_weights(seed, hidden)
            row.append({"hidden": hidden_weights.tolist(), "output": output_weights[:, 0].tolist()})
        starts.append(row)
    return {
        "hiddenSizes": hidden_sizes,
        "seeds": seeds,
        "learningRates": [float(rate) for rate in LEARNING_RATES],
        "defaults": {"hidden": int(default_hidden), "seed": int(default_seed), "learningRate": float(default_rate)},
        "maxSteps": int(MAX_STEPS),
        "stepsPerFrame": int(STEPS_PER_FRAME),
        "extent": [float(EXTENT[0]), float(EXTENT[1])],
        "resolution": int(RESOLUTION),
        "lossFloor": float(LOSS_FLOOR),
        "inputs": INPUTS.tolist(),
        "targets": TARGETS[:, 0].tolist(),
        # startingWeights[h][s]: hidden size hiddenSizes[h], seed seeds[s]; "hidden" is (3, hidden), row by row
        "startingWeights": starts,
    }
