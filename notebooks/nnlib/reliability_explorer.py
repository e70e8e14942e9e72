"""The reliability chapter's two explorers: the learning rate, and a confidently wrong start.

``learning_rate_explorer()`` returns an ipywidgets box with a slider over
learning rates from 0.01 to 100, eight a decade, and a figure of seed 1's mean
squared error over 20,000 steps at that rate (log-log), drawn over the
chapter's sweep of five rates in grey.

``confidence_explorer()`` returns a box with a slider for c, from 0 to 6 in
steps of 0.5, and a figure of the mean squared error over 5,000 steps from
the wrong start w = c · (−2, 0, 1), once trained on the squared error
(``nnlib.train``) and once on the cross-entropy (``train_cross_entropy``).

Each training is done once and cached. The figures are PNGs in ``Image``
widgets, redrawn by blitting: the axes (and the grey sweep) are drawn once
and kept as a bitmap, and a move draws only the curves, legend and title
that change over it.

The slider values and defaults below are shared with the rendered book's
kernel-free explorers (``book/_static/explorer-learning-rate.js`` and
``explorer-confidence.js``, fed by ``learning_rate_data()`` and
``confidence_data()`` through ``_ext/explorer_data.py``), so both offer the
same values; the pages train with nnlib's arithmetic from the numbers given.
"""

import io
from functools import lru_cache

import numpy as np

from . import _checks
from ._explorer_box import explorer_box
from .neuron import init_weights, mean_squared_error, sigmoid, train
from .problem import TRAINING_INPUTS, TRAINING_OUTPUTS
from .text import MINUS, number, scientific

#: The learning-rate slider: 10**(k/8) for k = −16, ..., 16, that is 0.01 to
#: 100 with eight rates a decade. The values are made here, once, and sent to
#: the page as they are, so both sliders offer the very same floats.
LEARNING_RATES = tuple(10 ** (k / 8) for k in range(-16, 17))
#: What the learning-rate explorer shows first: the classic rate.
DEFAULT_LEARNING_RATE = 1.0
#: The chapter's sweep of five rates, drawn in grey behind the chosen one.
SWEEP_RATES = (0.01, 0.1, 1.0, 10.0, 100.0)
#: Every learning-rate run starts from this seed's weights and takes this many steps.
RATE_SEED = 1
RATE_ITERATIONS = 20_000
#: The readout gives the mean squared error after these steps ...
RATE_READOUT_STEPS = (1_000, RATE_ITERATIONS)
#: ... and the first step at which it is below this level (the chapter's table).
RATE_LEVEL = 1e-3

#: The confidence slider: c from 0 to 6 in steps of 0.5 (exact in binary).
CONFIDENCES = tuple(k / 2 for k in range(13))
#: What the confidence explorer shows first: the chapter's wrong start (−8, 0, 4).
DEFAULT_CONFIDENCE = 4.0
#: The wrong start is c times this direction.
WRONG_DIRECTION = (-2.0, 0.0, 1.0)
#: Both trainings from a wrong start take this many steps, with learning rate 1.
CONFIDENCE_ITERATIONS = 5_000
#: The readout gives the first step at which each mean squared error is below this level.
CONFIDENCE_LEVEL = 0.01

# Okabe-Ito colours, safe for colour-blind readers; grey for the sweep behind.
RATE_COLOUR = "#0072B2"  # blue
SWEEP_COLOUR = "#8A8A8A"  # grey: at least 3:1 against a white and a near-black page
SQUARED_COLOUR = "#D55E00"  # vermillion
CROSS_COLOUR = "#0072B2"  # blue, dashed

# The widgets' figures in the book's text sizes (notebooks/matplotlibrc), wherever the kernel runs.
_STYLE = {"font.size": 12, "axes.titlesize": 12, "axes.labelsize": 12, "xtick.labelsize": 12,
          "ytick.labelsize": 12, "legend.fontsize": 12}
# A curve of thousands of steps on a log axis a few hundred pixels wide: this many steps, spaced evenly on the
# log axis (and without repeats), draw the same picture much faster.
_CURVE_POINTS = 800


# ---- Training ----------------------------------------------------------------


def train_cross_entropy(weights, iterations, learning_rate=1.0):
    """Return the weights of every step of gradient descent on the cross-entropy, shape (iterations + 1, 3).

    The step is w ← w + η Xᵀ(t − o) (chapter "How reliable is training?"):
    the cross-entropy's slope with respect to each weighted sum z is
    o − t, with o = σ(z) computed from z by ``nnlib.sigmoid``, so the step
    never meets the ln 0 that the cross-entropy written with the outputs can.
    Row 0 is ``weights`` (shape (3, 1) or (3,)), row k the weights after k
    steps, on the book's four examples. The arithmetic is the chapter's loop, numpy's.
    """
    inputs, targets = TRAINING_INPUTS, TRAINING_OUTPUTS
    weights = _checks.weight_column(weights, inputs.shape[1])
    iterations = _checks.integer(iterations, "iterations", 0)
    learning_rate = _checks.positive_real(learning_rate, "learning_rate")
    history = np.empty((iterations + 1, inputs.shape[1]))
    history[0] = weights[:, 0]
    for step in range(iterations):
        output = sigmoid(inputs @ weights)
        weights = weights + learning_rate * inputs.T @ (targets - output)
        history[step + 1] = weights[:, 0]
    return history


def loss_at_rate(learning_rate):
    """Return the mean squared error of seed 1's run at ``learning_rate`` after each step 0..20,000.

    The run is ``nnlib.train`` from ``RATE_SEED`` for ``RATE_ITERATIONS``
    steps; it is trained once per rate and cached, so the array is read-only.
    """
    return _loss_at_rate(_checks.positive_real(learning_rate, "learning_rate"))


@lru_cache(maxsize=64)
def _loss_at_rate(learning_rate):
    loss = train(TRAINING_INPUTS, TRAINING_OUTPUTS, RATE_ITERATIONS, seed=RATE_SEED,
                 learning_rate=learning_rate).loss
    loss.flags.writeable = False  # shared by every caller of the cache
    return loss


def wrong_start(confidence):
    """Return the wrong start c · (−2, 0, 1) for ``confidence`` c, as a column, shape (3, 1)."""
    return _real(confidence, "confidence") * np.array(WRONG_DIRECTION)[:, np.newaxis]


def losses_from_confidence(confidence):
    """Return the mean squared errors after each step 0..5,000 from ``wrong_start(confidence)``.

    The first array is training on the squared error (``nnlib.train``), the
    second on the cross-entropy (``train_cross_entropy``), both with learning
    rate 1; each start is trained once and cached, so the arrays are read-only.
    """
    return _losses_from_confidence(_real(confidence, "confidence"))


@lru_cache(maxsize=32)
def _losses_from_confidence(confidence):
    start = wrong_start(confidence)
    squared = train(TRAINING_INPUTS, TRAINING_OUTPUTS, CONFIDENCE_ITERATIONS, weights=start).loss
    cross = mean_squared_error(TRAINING_INPUTS, TRAINING_OUTPUTS,
                               train_cross_entropy(start, CONFIDENCE_ITERATIONS))
    for loss in (squared, cross):
        loss.flags.writeable = False
    return squared, cross


def _first_step_below(loss, level):
    """Return the first step at which ``loss`` is below ``level``; None if there is none."""
    below = np.flatnonzero(_checks.real_array(loss, "loss") < _real(level, "level"))
    return int(below[0]) if below.size else None


# ---- How the explorers write numbers (the pages write them alike) -------------

def rate_text(learning_rate):
    """Return a learning rate as the slider shows it, to 3 significant digits: 0.0133, 1, 7.5, 100."""
    return number(_real(learning_rate, "learning_rate"), ".3g")


def confidence_text(confidence):
    """Return a confidence as the slider shows it: 0, 0.5, 4."""
    return number(_real(confidence, "confidence") + 0.0, "g")  # + 0.0: −0 is 0


def loss_text(loss):
    """Return a mean squared error to 3 significant digits, as the readouts show it: 3.20 × 10⁻⁵, and 0."""
    return scientific(_real(loss, "loss"))


def steps_text(step, iterations):
    """Return a step count as the readouts show it: 1,234, or "not within 20,000" for None."""
    if step is None:
        return f"not within {iterations:,}"
    return f"{step:,}"


def start_text(confidence):
    """Return the wrong start as the readout shows it: (−8, 0, 4)."""
    return "(" + ", ".join(number(w + 0.0, "g") for w in wrong_start(confidence)[:, 0]) + ")"


_real = _checks.real


# ---- Figures, redrawn by blitting --------------------------------------------


def _log_grid(iterations):
    """Return steps 1..iterations, about _CURVE_POINTS of them spaced evenly on a log axis."""
    return np.unique(np.geomspace(1, iterations, _CURVE_POINTS).round().astype(int))


class _BlitFigure:
    """A figure whose still parts are drawn once; ``png`` draws the animated artists over them."""

    def __init__(self, figsize):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure  # no pyplot: no global state, no inline display

        self.figure = Figure(figsize=figsize, dpi=80)
        self.canvas = FigureCanvasAgg(self.figure)
        self.animated = []

    def freeze(self):
        """Draw everything that is not animated, once, and keep it as the background."""
        for artist in self.animated:
            artist.set_animated(True)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png(self):
        """Paste the background, draw the animated artists in order, and return the PNG bytes."""
        from PIL import Image

        self.canvas.restore_region(self.background)
        for artist in self.animated:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        # Fast zlib level: the PNG is made again on every slider move.
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1
        )
        return buffer.getvalue()


class _RateFigure(_BlitFigure):
    """Seed 1's learning curve at one rate, over the sweep's five curves in grey."""

    def __init__(self):
        import matplotlib
        from matplotlib.lines import Line2D

        super().__init__((6.2, 3.8))
        self.steps = _log_grid(RATE_ITERATIONS)
        with matplotlib.rc_context(_STYLE):
            self.figure.subplots_adjust(left=0.15, right=0.9, bottom=0.15, top=0.97)
            axes = self.figure.subplots()
            for rate in SWEEP_RATES:
                loss = loss_at_rate(rate)
                axes.plot(self.steps, loss[self.steps], color=SWEEP_COLOUR, linewidth=1.2)
                # Each grey curve named at its end, in the margin on the right.
                axes.annotate(rate_text(rate), (RATE_ITERATIONS, loss[-1]), xytext=(4, 0),
                              textcoords="offset points", va="center", annotation_clip=False)
            self.line = axes.plot([], [], color=RATE_COLOUR, linewidth=2.5)[0]
            axes.set(xscale="log", yscale="log", xlim=(1, RATE_ITERATIONS), ylim=(1e-12, 1),
                     xlabel="training step (log scale)", ylabel="mean squared error (log scale)")
            axes.grid(alpha=0.3)
            grey = Line2D([], [], color=SWEEP_COLOUR, linewidth=1.2, label="the table's five rates (η at the right)")
            self.legend = axes.legend(handles=[self.line, grey], loc="lower left")
            self.animated = [self.line, self.legend]
            self.freeze()

    def show(self, learning_rate):
        """Draw the curve of ``learning_rate``; return the PNG bytes."""
        self.line.set_data(self.steps, loss_at_rate(learning_rate)[self.steps])
        self.legend.get_texts()[0].set_text(f"η = {rate_text(learning_rate)}")
        return self.png()


class _ConfidenceFigure(_BlitFigure):
    """The two learning curves from one wrong start: squared error and cross-entropy."""

    def __init__(self):
        import matplotlib

        super().__init__((6.2, 3.8))
        self.steps = _log_grid(CONFIDENCE_ITERATIONS)
        with matplotlib.rc_context(_STYLE):
            self.figure.subplots_adjust(left=0.15, right=0.97, bottom=0.15, top=0.9)
            axes = self.figure.subplots()
            self.squared = axes.plot([], [], color=SQUARED_COLOUR, linewidth=2, label="trained on squared error")[0]
            self.cross = axes.plot([], [], color=CROSS_COLOUR, linewidth=2, linestyle="--",
                                   label="trained on cross-entropy")[0]
            axes.set(xscale="log", yscale="log", xlim=(1, CONFIDENCE_ITERATIONS), ylim=(1e-9, 1.5),
                     xlabel="training step (log scale)", ylabel="mean squared error (log scale)")
            axes.grid(alpha=0.3)
            self.title = axes.set_title("wrong start")
            self.legend = axes.legend(loc="lower left")
            # The legend after the curves, so that no curve crosses it.
            self.animated = [self.squared, self.cross, self.title, self.legend]
            self.freeze()

    def show(self, confidence):
        """Draw the two curves from ``wrong_start(confidence)``; return the PNG bytes."""
        squared, cross = losses_from_confidence(confidence)
        self.squared.set_data(self.steps, squared[self.steps])
        self.cross.set_data(self.steps, cross[self.steps])
        self.title.set_text(f"Start w = {confidence_text(confidence)} · ({MINUS}2, 0, 1) "
                            f"= {start_text(confidence)}")
        return self.png()


# ---- The explorers -------------------------------------------------------------


def learning_rate_readout(learning_rate):
    """Return the learning-rate explorer's readout as HTML: the rate, the losses it quotes, the first step below 0.001."""
    loss = loss_at_rate(learning_rate)
    parts = [f"learning rate η = <code>{rate_text(learning_rate)}</code>"]
    parts += [f"mean squared error after {step:,} steps: <code>{loss_text(loss[step])}</code>"
              for step in RATE_READOUT_STEPS]
    below = steps_text(_first_step_below(loss, RATE_LEVEL), RATE_ITERATIONS)
    parts.append(f"first step below {number(RATE_LEVEL, 'g')}: <code>{below}</code>")
    return "; ".join(parts)


def learning_rate_explorer(learning_rate=DEFAULT_LEARNING_RATE):
    """Return an ipywidgets box with a learning-rate slider, seed 1's learning curve at that rate and a readout.

    The box has ``.controls`` (the slider), ``.image`` (the figure, an
    ``Image`` widget) and ``.readout`` (an ``HTML`` widget), so that tests
    can move the slider and read the result.
    """
    import ipywidgets as widgets

    learning_rate = _checks.offered_argument(learning_rate, "learning_rate", LEARNING_RATES)
    slider = widgets.SelectionSlider(options=[(rate_text(rate), rate) for rate in LEARNING_RATES],
                                     value=learning_rate, description="learning rate",
                                     style={"description_width": "initial"}, continuous_update=False)
    figure = _RateFigure()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    readout = widgets.HTML()

    def redraw(_change=None):
        image.value = figure.show(slider.value)
        readout.value = learning_rate_readout(slider.value)

    slider.observe(redraw, names="value")
    redraw()
    box = explorer_box([slider, image, readout])
    box.controls = (slider,)
    box.image = image
    box.readout = readout
    return box


def confidence_readout(confidence):
    """Return the confidence explorer's readout as HTML: the start, each final loss, each first step below 0.01."""
    squared, cross = losses_from_confidence(confidence)
    level = number(CONFIDENCE_LEVEL, "g")
    parts = [f"start w = <code>{start_text(confidence)}</code>"]
    for name, loss in (("squared error", squared), ("cross-entropy", cross)):
        below = steps_text(_first_step_below(loss, CONFIDENCE_LEVEL), CONFIDENCE_ITERATIONS)
        parts.append(f"trained on {name}: mean squared error after {CONFIDENCE_ITERATIONS:,} steps "
                     f"<code>{loss_text(loss[-1])}</code>, first step below {level} <code>{below}</code>")
    return "; ".join(parts)


def confidence_explorer(confidence=DEFAULT_CONFIDENCE):
    """Return an ipywidgets box with a slider for c, the two learning curves from c · (−2, 0, 1) and a readout.

    The box has ``.controls`` (the slider), ``.image`` (the figure, an
    ``Image`` widget) and ``.readout`` (an ``HTML`` widget).
    """
    import ipywidgets as widgets

    confidence = _checks.offered_argument(confidence, "confidence", CONFIDENCES)
    slider = widgets.SelectionSlider(options=[(confidence_text(c), c) for c in CONFIDENCES], value=confidence,
                                     description="confidence c", style={"description_width": "initial"},
                                     continuous_update=False)
    figure = _ConfidenceFigure()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    readout = widgets.HTML()

    def redraw(_change=None):
        image.value = figure.show(slider.value)
        readout.value = confidence_readout(slider.value)

    slider.observe(redraw, names="value")
    redraw()
    box = explorer_box([slider, image, readout])
    box.controls = (slider,)
    box.image = image
    box.readout = readout
    return box


# ---- What the rendered book's explorers need -----------------------------------


def _offered(name, value, values):
    return _checks.offered_default(__name__, name, value, values)


def _problem():
    return {"inputs": TRAINING_INPUTS.tolist(), "targets": TRAINING_OUTPUTS[:, 0].tolist()}


def learning_rate_data():
    """Return what the page's learning-rate explorer needs: the slider's rates, the sweep, seed 1's start.

    ``_ext/explorer_data.py`` writes it into the page at build time; the page
    trains from ``initialWeights`` (drawn by ``init_weights``) with
    ``nnlib.train``'s arithmetic, so it never re-implements numpy's random generator.
    """
    rates = [float(rate) for rate in LEARNING_RATES]
    if not rates:
        raise ValueError("nnlib.reliability_explorer.LEARNING_RATES must offer at least one value")
    if not all(0 < step <= RATE_ITERATIONS for step in RATE_READOUT_STEPS):
        raise ValueError("nnlib.reliability_explorer.RATE_READOUT_STEPS must lie in 1..RATE_ITERATIONS")
    return {
        "learningRates": rates,
        "defaultLearningRate": float(_offered("DEFAULT_LEARNING_RATE", DEFAULT_LEARNING_RATE, rates)),
        "sweepRates": [float(_offered("SWEEP_RATES", rate, rates)) for rate in SWEEP_RATES],
        "seed": int(RATE_SEED),
        "iterations": int(RATE_ITERATIONS),
        "readoutSteps": [int(step) for step in RATE_READOUT_STEPS],
        "level": float(RATE_LEVEL),
        "initialWeights": init_weights(RATE_SEED, TRAINING_INPUTS.shape[1])[:, 0].tolist(),
        "colours": {"rate": RATE_COLOUR, "sweep": SWEEP_COLOUR},
        **_problem(),
    }


def confidence_data():
    """Return what the page's confidence explorer needs: the slider's values, the direction of the wrong starts.

    The page makes each start as c times ``direction`` and trains it twice,
    with ``nnlib.train``'s arithmetic and with ``train_cross_entropy``'s.
    """
    confidences = [float(c) for c in CONFIDENCES]
    if not confidences:
        raise ValueError("nnlib.reliability_explorer.CONFIDENCES must offer at least one value")
    if len(WRONG_DIRECTION) != TRAINING_INPUTS.shape[1]:
        raise ValueError(f"nnlib.reliability_explorer.WRONG_DIRECTION must hold {TRAINING_INPUTS.shape[1]} numbers")
    return {
        "confidences": confidences,
        "defaultConfidence": float(_offered("DEFAULT_CONFIDENCE", DEFAULT_CONFIDENCE, confidences)),
        "direction": [float(w) for w in WRONG_DIRECTION],
        "iterations": int(CONFIDENCE_ITERATIONS),
        "level": float(CONFIDENCE_LEVEL),
        "colours": {"squared": SQUARED_COLOUR, "cross": CROSS_COLOUR},
        **_problem(),
    }
