"""The ipywidgets explorer of the sigmoid chapter, driven by setting slider values.

The numbers it shows are checked against references that do not come from
nnlib.sigmoid: the textbook formula 1 / (1 + e^(-z)), the slope in the form
e^(-z) / (1 + e^(-z))^2 (no subtraction), central differences, and numpy's
dot product for the weighted sum.
"""

import importlib
import json
import math
import re

import numpy as np
import pytest

import nnlib
from nnlib.sigmoid_explorer import sigmoid_explorer
from nnlib.text import number

# The module itself (nnlib may export the function under the module's name).
module = importlib.import_module("nnlib.sigmoid_explorer")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MINUS = "\N{MINUS SIGN}"


def textbook_sigmoid(z):
    return 1 / (1 + math.exp(-z))


def textbook_slope(z):
    return math.exp(-z) / (1 + math.exp(-z)) ** 2


def shown(box):
    """Return the readout's texts: z, σ(z), slope, weighted sum; and its full text."""
    texts = re.findall(r"<code>(.*?)</code>", box.readout.value)
    assert len(texts) == 4, box.readout.value
    return dict(zip(("z", "sigmoid", "slope", "weighted_sum"), texts)), box.readout.value


def as_float(text):
    return float(text.replace(MINUS, "-"))


@pytest.fixture(scope="module")
def box():
    return sigmoid_explorer()


@pytest.fixture(scope="module")
def sliders(box):
    return {slider.description: slider for slider in box.controls}


@pytest.fixture
def reset(sliders):
    """Put every slider back at its default before a test."""
    sliders["example"].value = module.DEFAULT_EXAMPLE
    for j, w in enumerate(module.DEFAULT_WEIGHTS):
        sliders[f"w{'₁₂₃'[j]}"].value = w
    sliders["z"].value = module.DEFAULT_Z
    return sliders


def test_the_sliders_offer_exact_decimals(sliders):
    assert set(sliders) == {"z", "example", "w₁", "w₂", "w₃"}
    # k / 10 is correctly rounded: the float nearest to the decimal, which round(k * 0.1, 10) must give.
    assert [value for _, value in sliders["z"].options] == [k / 10 for k in range(-100, 101)]
    assert [value for _, value in sliders["w₁"].options] == [k / 10 for k in range(-30, 31)]
    assert 0.3 in module.Z_VALUES and 3 * 0.1 not in module.Z_VALUES
    labels = [label for label, _ in sliders["z"].options]
    assert labels[0] == MINUS + "10" and labels[100] == "0" and labels[103] == "0.3" and labels[-1] == "10"
    assert [label for label, _ in sliders["example"].options] == [
        "1: [0, 0, 1]", "2: [1, 1, 1]", "3: [1, 0, 1]", "4: [0, 1, 1]", "new: [1, 0, 0]"]


def test_opens_at_the_steepest_point(box):
    fresh = sigmoid_explorer()
    numbers, text = shown(fresh)
    assert numbers == {"z": "0.00000000", "sigmoid": "0.50000000", "slope": "0.25000000", "weighted_sum": "0"}
    assert "the z shown" in text
    assert bytes(fresh.image.value).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("z", [-10.0, -9.9, -5.0, -2.3, -0.1, 0.1, 0.3, 1.5, 5.0, 9.9, 10.0])
def test_a_z_move_shows_the_sigmoid_and_its_slope(box, reset, z):
    before = bytes(box.image.value)
    reset["z"].value = z
    numbers, _ = shown(box)
    assert as_float(numbers["z"]) == z
    # Within the 8 decimals shown, and exactly nnlib's value as the prose formats it.
    assert as_float(numbers["sigmoid"]) == pytest.approx(textbook_sigmoid(z), abs=5e-9)
    assert as_float(numbers["slope"]) == pytest.approx(textbook_slope(z), abs=5e-9)
    assert numbers["sigmoid"] == number(float(nnlib.sigmoid(z)), ".8f")
    assert numbers["slope"] == number(float(nnlib.sigmoid_derivative(z)), ".8f")
    assert (MINUS in numbers["z"]) == (z < 0) and "-" not in box.readout.value
    image = bytes(box.image.value)
    assert image.startswith(PNG_SIGNATURE) and image != before


@pytest.mark.parametrize("z", [-10.0, -3.7, 0.0, 0.2, 4.4, 10.0])
def test_the_tangent_touches_the_curve_at_its_slope(z):
    slope, intercept = module.tangent(z)
    h = 1e-5
    assert slope == pytest.approx((textbook_sigmoid(z + h) - textbook_sigmoid(z - h)) / (2 * h), abs=1e-10)
    assert slope * z + intercept == pytest.approx(textbook_sigmoid(z), rel=1e-14)
    assert slope == pytest.approx(textbook_slope(z), rel=1e-12)


def tangent_pixels(box):
    """Return how many pixels of the tangent's colour the figure has in its left quarter, below the legend."""
    import io

    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(bytes(box.image.value))).convert("RGB")).astype(int)
    height, width, _ = pixels.shape
    region = pixels[height // 4:, : width // 4]
    colour = np.array([int(module.TANGENT_COLOUR[k:k + 2], 16) for k in (1, 3, 5)])
    return int(np.sum(np.abs(region - colour).sum(axis=2) < 60))


def test_the_figure_draws_the_tangent_across_the_plot(box, reset):
    # At z = 4 the tangent is nearly flat and crosses the whole plot; at z = 0 it is steep and
    # leaves the plot near the middle, so the left quarter has none of its colour.
    reset["z"].value = 4.0
    assert tangent_pixels(box) > 20
    reset["z"].value = 0.0
    assert tangent_pixels(box) == 0


def test_the_weights_and_an_example_set_z(box, reset):
    reset["example"].value = "2"  # [1, 1, 1]
    for name, w in (("w₁", 0.1), ("w₂", 0.2), ("w₃", 0.3)):
        reset[name].value = w
    assert reset["z"].value == 0.6  # 0.1 + 0.2 + 0.3 is 0.6000000000000001 in floats
    numbers, text = shown(box)
    prediction = float(nnlib.predict([1.0, 1.0, 1.0], [0.1, 0.2, 0.3])[0])
    assert numbers["sigmoid"] == number(prediction, ".8f")
    assert numbers["weighted_sum"] == "0.6" and "the z shown" in text
    reset["example"].value = "new"  # [1, 0, 0]: z is w₁
    assert reset["z"].value == 0.1
    reset["w₁"].value = -2.5
    assert reset["z"].value == -2.5 and shown(box)[0]["z"] == MINUS + "2.50000000"


def test_moving_z_away_from_the_weighted_sum_says_so(box, reset):
    reset["example"].value = "3"  # [1, 0, 1]
    reset["w₃"].value = -1.2
    assert reset["z"].value == -1.2
    reset["z"].value = 4.0
    numbers, text = shown(box)
    assert numbers["z"] == "4.00000000" and numbers["weighted_sum"] == MINUS + "1.2"
    assert "moved away" in text
    reset["w₂"].value = 2.0  # input 2 of example 3 is 0: the sum stays, and z goes back to it
    assert reset["z"].value == -1.2 and "the z shown" in shown(box)[1]


def test_the_extreme_weights_stay_within_the_z_slider(box, reset):
    reset["example"].value = "2"
    for value, expected in ((3.0, 9.0), (-3.0, -9.0)):
        for name in ("w₁", "w₂", "w₃"):
            reset[name].value = value
        assert reset["z"].value == expected
        assert shown(box)[0]["slope"] == number(float(nnlib.sigmoid_derivative(expected)), ".8f")


def test_weighted_sum_agrees_with_numpy_for_every_example():
    rng = np.random.default_rng(2)
    for example, inputs in zip(module.EXAMPLE_NAMES, module.EXAMPLES):
        for _ in range(200):
            weights = [module.WEIGHT_VALUES[k] for k in rng.integers(0, len(module.WEIGHT_VALUES), 3)]
            total = module.weighted_sum(example, weights)
            assert total in module.Z_VALUES
            assert total == pytest.approx(float(np.dot(inputs, weights)), abs=1e-12)


def test_a_move_redraws_by_blitting(box, reset, monkeypatch):
    """A move only pastes the background back and draws the tangent and markers: no full draw."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    calls = []
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda self: calls.append(1))
    for z in (-4.0, 2.0, 7.5):
        reset["z"].value = z
    reset["w₃"].value = 1.0
    assert calls == []


def test_book_data_is_consistent_with_the_module():
    data = module.book_data()
    json.dumps(data, allow_nan=False)
    assert data["zValues"] == list(module.Z_VALUES) and data["weightValues"] == list(module.WEIGHT_VALUES)
    assert data["defaults"]["z"] in data["zValues"]
    assert all(w in data["weightValues"] for w in data["defaults"]["weights"])
    assert data["defaults"]["example"] in [e["name"] for e in data["examples"]]
    assert [e["inputs"] for e in data["examples"]] == nnlib.TRAINING_INPUTS.tolist() + [nnlib.NEW_INPUT.tolist()]
    assert set(data["colours"]) == {"sigmoid", "slope", "tangent"}


@pytest.mark.parametrize("name, value, message", [
    ("DEFAULT_Z", 0.05, "DEFAULT_Z"),
    ("DEFAULT_EXAMPLE", "5", "DEFAULT_EXAMPLE"),
    ("DEFAULT_WEIGHTS", (0.0, 0.0, 0.05), "DEFAULT_WEIGHTS"),
    ("DEFAULT_WEIGHTS", (0.0, 0.0), "DEFAULT_WEIGHTS"),
    ("WEIGHT_VALUES", tuple(k / 10 for k in range(-40, 41)), "WEIGHT_VALUES"),
])
def test_book_data_refuses_defaults_the_sliders_do_not_offer(monkeypatch, name, value, message):
    monkeypatch.setattr(module, name, value)
    with pytest.raises(ValueError, match=message):
        module.book_data()


@pytest.mark.parametrize("arguments, error, name", [
    ({"z": 0.05}, ValueError, "z"),
    ({"z": 10.1}, ValueError, "z"),
    ({"z": "1"}, TypeError, "z"),
    ({"z": True}, TypeError, "z"),
    ({"example": "5"}, ValueError, "example"),
    ({"example": 1}, TypeError, "example"),
    ({"weights": (1.0, 2.0)}, ValueError, "weights"),
    ({"weights": (0.05, 0.0, 0.0)}, ValueError, "weights"),
    ({"weights": (0.0, 0.0, 3.1)}, ValueError, "weights"),
    ({"weights": "abc"}, TypeError, "weights"),
    ({"weights": (0.0, float("nan"), 0.0)}, ValueError, "weights"),
])
def test_bad_arguments_are_named(arguments, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        sigmoid_explorer(**arguments)


def test_bad_arguments_to_the_helpers_are_named():
    with pytest.raises(ValueError, match="example"):
        module.weighted_sum("0", (0.0, 0.0, 0.0))
    with pytest.raises(ValueError, match="weights"):
        module.weighted_sum("1", (0.0, 0.0, 0.0, 0.0))
    with pytest.raises(ValueError, match=r"\bz\b"):
        module.tangent(np.zeros(2))
    with pytest.raises(ValueError, match=r"\bz\b"):
        module.tangent(float("nan"))
    with pytest.raises(TypeError, match=r"\bz\b"):
        module.tangent("0")
