"""The sigmoid chapter's explorer: pick z, or weights and an example, and see the slope there.

``sigmoid_explorer()`` returns an ipywidgets box: a slider for the weighted
sum z; sliders for one of the problem's examples and the three weights, which
set z to that example's weighted sum w₁x₁ + w₂x₂ + w₃x₃; a figure of the
sigmoid, its slope σ(z)(1 − σ(z)) and the tangent line at z; and a readout of
z, σ(z) and the slope to 8 decimals. The two curves never change, so they are
drawn once with the axes; a move redraws only the tangent, a guide line and
two markers.

The slider values below are shared with the rendered book's kernel-free
explorer (``book/_static/explorer-sigmoid.js``, fed by ``book_data()``
through ``_ext/explorer_data.py``), so both offer the same values.
"""

import io
from functools import reduce
from operator import add

import numpy as np

from . import _checks
from ._explorer_box import explorer_box
from .neuron import sigmoid, sigmoid_derivative
from .problem import NEW_INPUT, TRAINING_INPUTS
from .text import number

#: The z slider: −10 to 10 in steps of 0.1. Each value is the float nearest
#: to its decimal (0.3, not 3 * 0.1 = 0.30000000000000004).
Z_VALUES = tuple(round(k * 0.1, 10) for k in range(-100, 101))
#: The weight sliders: −3 to 3 in steps of 0.1. With inputs of 0 and 1, the
#: weighted sum then stays within the z slider's range.
WEIGHT_VALUES = tuple(round(k * 0.1, 10) for k in range(-30, 31))
#: The examples the example slider offers: the four training examples, then the new one.
EXAMPLE_NAMES = ("1", "2", "3", "4", "new")
EXAMPLES = np.vstack([TRAINING_INPUTS, NEW_INPUT])
EXAMPLES.flags.writeable = False
#: What the explorer shows first: z = 0, the steepest point, which the weights 0 give for every example.
DEFAULT_Z = 0.0
DEFAULT_EXAMPLE = "1"
DEFAULT_WEIGHTS = (0.0, 0.0, 0.0)

# Okabe-Ito colours, safe for colour-blind readers.
SIGMOID_COLOUR = "#0072B2"  # blue
SLOPE_COLOUR = "#E69F00"  # orange
TANGENT_COLOUR = "#D55E00"  # vermillion

# The widget's figure in the book's text sizes (notebooks/matplotlibrc), wherever the kernel runs.
_STYLE = {"font.size": 12, "axes.labelsize": 12, "xtick.labelsize": 12, "ytick.labelsize": 12,
          "legend.fontsize": 12}


def slider_text(value):
    """Return a slider value as the sliders show it: 0.3, −1.5, 0, with a true minus sign."""
    return number(value, "g")


def example_text(name):
    """Return the example slider's text for the example ``name``: "1: [0, 0, 1]"."""
    inputs = EXAMPLES[_example_index(name)]
    return f"{name}: [" + ", ".join(number(x, "g") for x in inputs) + "]"


def _example_index(name):
    if not isinstance(name, str):
        raise TypeError(f"example must be one of {', '.join(map(repr, EXAMPLE_NAMES))}, got {type(name).__name__}")
    if name not in EXAMPLE_NAMES:
        raise ValueError(f"example must be one of {', '.join(map(repr, EXAMPLE_NAMES))}, got {name!r}")
    return EXAMPLE_NAMES.index(name)


def _z_value(z, name="z"):
    if isinstance(z, (bool, np.bool_)) or not isinstance(z, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(z).__name__}")
    if float(z) not in Z_VALUES:
        raise ValueError(f"{name} must be one of the z slider's values, −10 to 10 in steps of 0.1, got {z!r}")
    return Z_VALUES[Z_VALUES.index(float(z))]


def _weights(weights):
    array = _checks.real_array(weights, "weights")
    if array.shape != (EXAMPLES.shape[1],):
        raise ValueError(f"weights must hold {EXAMPLES.shape[1]} numbers, got shape {array.shape}")
    for w in array:
        if float(w) not in WEIGHT_VALUES:
            raise ValueError(f"weights must be values the weight sliders offer, −3 to 3 in steps of 0.1, got {w!r}")
    return tuple(float(w) for w in array)


def weighted_sum(example, weights):
    """Return the weighted sum w₁x₁ + w₂x₂ + w₃x₃ of the example ``example``, as the z slider offers it.

    The products are summed left to right, as the page's explorer does. The
    weights are multiples of 0.1 and the inputs 0 or 1, so the sum is a
    multiple of 0.1 up to rounding error; the value returned is that multiple,
    the z slider's value nearest to the sum.
    """
    inputs = EXAMPLES[_example_index(example)]
    weights = _weights(weights)
    total = reduce(add, (float(x) * w for x, w in zip(inputs, weights)), 0.0)
    return _nearest_z(total)


def _nearest_z(total):
    position = int(np.floor(total * 10 + 0.5)) - int(round(Z_VALUES[0] * 10))
    if not 0 <= position < len(Z_VALUES) or abs(Z_VALUES[position] - total) > 1e-9:
        raise ValueError(f"the weighted sum {total!r} is not a value the z slider offers")
    return Z_VALUES[position]


def tangent(z):
    """Return the tangent line of the sigmoid at ``z`` as (slope, intercept): y = slope * t + intercept."""
    z = _checks.real_array(z, "z")
    if z.ndim != 0:
        raise ValueError(f"z must be a single number, got shape {z.shape}")
    z = float(z)
    slope = float(sigmoid_derivative(z))
    return slope, float(sigmoid(z)) - slope * z


class _Figure:
    """The sigmoid and its slope, drawn once; ``show`` redraws only the tangent and the markers.

    The axes, the two curves and the legend are rendered once and kept as a
    bitmap (matplotlib's "blitting"); a move pastes that bitmap back and draws
    the tangent line and two markers over it.
    """

    def __init__(self):
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure  # no pyplot: no global state, no inline display

        self.low, self.high = Z_VALUES[0], Z_VALUES[-1]
        with matplotlib.rc_context(_STYLE):
            self.figure = Figure(figsize=(6.2, 3.7), dpi=80, layout="constrained")
            self.canvas = FigureCanvasAgg(self.figure)
            axes = self.figure.subplots()
            grid = np.linspace(self.low, self.high, 801)
            axes.plot(grid, sigmoid(grid), color=SIGMOID_COLOUR, linewidth=2.5, label=r"$\sigma(z)$")
            axes.plot(grid, sigmoid_derivative(grid), color=SLOPE_COLOUR, linewidth=2.5, linestyle="--",
                      label=r"slope $\sigma(z)\,(1 - \sigma(z))$")
            self.tangent = axes.plot([], [], color=TANGENT_COLOUR, linewidth=1.5, label="tangent at $z$",
                                     animated=True)[0]
            # A dotted line from the slope's marker up to the curve's: the two numbers at the same z.
            self.guide = axes.plot([], [], color="0.4", linewidth=1, linestyle=":", animated=True)[0]
            # Markers are not clipped, so that they stay whole at the ends of the range.
            self.point = axes.plot([], [], "o", color=TANGENT_COLOUR, markersize=8, clip_on=False,
                                   label=r"$(z, \sigma(z))$", animated=True)[0]
            self.slope_point = axes.plot([], [], "o", color=SLOPE_COLOUR, markersize=7, clip_on=False,
                                         label="slope at $z$", animated=True)[0]
            axes.set(xlim=(self.low, self.high), ylim=(-0.05, 1.05), xlabel="weighted sum $z$",
                     ylabel="output, and slope")
            axes.set_xticks([-10, -5, 0, 5, 10])
            axes.set_yticks([0, 0.25, 0.5, 0.75, 1])
            axes.yaxis.set_major_formatter("{x:g}")  # 0 and 1, not 0.0 and 1.0
            axes.xaxis.set_major_formatter(lambda v, _: number(v, "g"))  # a true minus sign
            axes.grid(alpha=0.3)
            self.figure.legend(loc="outside upper center", ncols=3)
            self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def show(self, z):
        """Draw the tangent and the markers at ``z``; return the PNG bytes."""
        from PIL import Image

        slope, intercept = tangent(z)
        self.tangent.set_data([self.low, self.high], [slope * self.low + intercept, slope * self.high + intercept])
        output = float(sigmoid(z))
        self.guide.set_data([z, z], [slope, output])
        self.point.set_data([z], [output])
        self.slope_point.set_data([z], [slope])
        self.canvas.restore_region(self.background)
        for artist in (self.tangent, self.guide, self.point, self.slope_point):
            artist.axes.draw_artist(artist)
        buffer = io.BytesIO()
        # Fast zlib level: the PNG is made again on every move.
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1
        )
        return buffer.getvalue()


def readout_html(z, example, weights):
    """Return the readout's HTML: z, σ(z) and the slope to 8 decimals, and the weighted sum of the example."""
    z = _z_value(z)
    total = weighted_sum(example, weights)
    weights_text = "[" + ", ".join(slider_text(w) for w in weights) + "]"
    link = ", the z shown." if total == z else "; z has been moved away from it."
    return (
        f"z = <code>{number(z, '.8f')}</code>; "
        f"σ(z) = <code>{number(float(sigmoid(z)), '.8f')}</code>; "
        f"slope σ(z)(1 − σ(z)) = <code>{number(float(sigmoid_derivative(z)), '.8f')}</code><br>"
        f"Example {example_text(example)} with w = {weights_text} gives the weighted sum "
        f"<code>{slider_text(total)}</code>{link}"
    )


def sigmoid_explorer(z=DEFAULT_Z, example=DEFAULT_EXAMPLE, weights=DEFAULT_WEIGHTS):
    """Return an ipywidgets box with a z slider, example and weight sliders, a live figure and a readout.

    Moving the z slider sets z; moving the example or a weight sets z to the
    example's weighted sum. The box has ``.controls`` (the z, example, w₁, w₂, w₃ sliders),
    ``.image`` (the figure as an ``Image`` widget) and ``.readout`` (an
    ``HTML`` widget), so that tests can move the sliders and read the result.
    """
    import ipywidgets as widgets

    z = _z_value(z)
    _example_index(example)
    weights = _weights(weights)
    z_slider = widgets.SelectionSlider(options=[(slider_text(v), v) for v in Z_VALUES], value=z,
                                       description="z", continuous_update=True)
    example_slider = widgets.SelectionSlider(options=[(example_text(name), name) for name in EXAMPLE_NAMES],
                                             value=example, description="example", continuous_update=True)
    weight_sliders = [
        widgets.SelectionSlider(options=[(slider_text(v), v) for v in WEIGHT_VALUES], value=w,
                                description=f"w{'₁₂₃'[j]}", continuous_update=True)
        for j, w in enumerate(weights)
    ]
    figure = _Figure()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    readout = widgets.HTML()

    def redraw(_change=None):
        current = [slider.value for slider in weight_sliders]
        image.value = figure.show(z_slider.value)
        readout.value = readout_html(z_slider.value, example_slider.value, current)

    def from_weights(_change=None):
        total = weighted_sum(example_slider.value, [slider.value for slider in weight_sliders])
        if z_slider.value != total:
            z_slider.value = total  # its observer redraws
        else:
            redraw()

    z_slider.observe(redraw, names="value")
    for slider in (example_slider, *weight_sliders):
        slider.observe(from_weights, names="value")
    redraw()
    box = explorer_box([
        z_slider,
        widgets.HTML("Or set z to w₁x₁ + w₂x₂ + w₃x₃:"),
        widgets.HBox([example_slider, *weight_sliders], layout=widgets.Layout(flex_flow="row wrap")),
        image,
        readout,
    ])
    box.controls = (z_slider, example_slider, *weight_sliders)
    box.image = image
    box.readout = readout
    return box


def _offered(name, value, values):
    return _checks.offered_default(__name__, name, value, values)


def book_data():
    """Return what the rendered book's explorer needs: the sliders' values and defaults, the examples, colours.

    ``_ext/explorer_data.py`` writes it into the page at build time. The page
    computes σ(z) and the slope from these values with nnlib's formulas.
    """
    z_values = [float(v) for v in Z_VALUES]
    weight_values = [float(v) for v in WEIGHT_VALUES]
    if not z_values or not weight_values or not EXAMPLE_NAMES:
        raise ValueError("an explorer slider must offer at least one value")
    if len(DEFAULT_WEIGHTS) != EXAMPLES.shape[1]:
        raise ValueError(f"nnlib.sigmoid_explorer.DEFAULT_WEIGHTS must hold {EXAMPLES.shape[1]} weights")
    largest = float(np.max(np.abs(EXAMPLES).sum(axis=1))) * max(abs(w) for w in weight_values)
    if largest > max(abs(z) for z in z_values):
        raise ValueError("nnlib.sigmoid_explorer.WEIGHT_VALUES can give a weighted sum beyond Z_VALUES")
    return {
        "zValues": z_values,
        "weightValues": weight_values,
        "examples": [{"name": name, "inputs": inputs.tolist()} for name, inputs in zip(EXAMPLE_NAMES, EXAMPLES)],
        "defaults": {
            "z": float(_offered("DEFAULT_Z", DEFAULT_Z, z_values)),
            "example": _offered("DEFAULT_EXAMPLE", DEFAULT_EXAMPLE, EXAMPLE_NAMES),
            "weights": [float(_offered("DEFAULT_WEIGHTS", w, weight_values)) for w in DEFAULT_WEIGHTS],
        },
        "colours": {"sigmoid": SIGMOID_COLOUR, "slope": SLOPE_COLOUR, "tangent": TANGENT_COLOUR},
    }
