"""The ipywidgets explorer of chapter 1 (the weights tuned by hand), driven by setting slider values.

The numbers it shows are checked against references that do not come from
nnlib.predict or nnlib.mean_squared_error: the textbook sigmoid
1 / (1 + e^(-z)) of a weighted sum written out term by term, the mean of the
four squared errors added by hand, and the figures of REFERENCE.md at the
trained weights.
"""

import importlib
import itertools
import json
import math
import re

import numpy as np
import pytest

import nnlib
from nnlib.text import number

module = importlib.import_module("nnlib.weights_explorer")
weights_explorer = module.weights_explorer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MINUS = "\N{MINUS SIGN}"
# The problem, typed from the table of chapter 1 (not read from nnlib).
TABLE = [((0, 0, 1), 0), ((1, 1, 1), 1), ((1, 0, 1), 1), ((0, 1, 1), 0)]
NEW = (1, 0, 0)


def textbook_output(x, w):
    z = x[0] * w[0] + x[1] * w[1] + x[2] * w[2]
    return 1 / (1 + math.exp(-z))


def textbook_error(w):
    return sum((t - textbook_output(x, w)) ** 2 for x, t in TABLE) / len(TABLE)


def shown(box):
    """Return the readout's numbers: five outputs and the error, as floats; and its full text."""
    texts = re.findall(r"<code>(.*?)</code>", box.readout.value)
    assert len(texts) == 6, box.readout.value
    return [float(t.replace(MINUS, "-")) for t in texts], box.readout.value


@pytest.fixture(scope="module")
def box():
    return weights_explorer()


@pytest.fixture
def sliders(box):
    sliders = {slider.description: slider for slider in box.controls}
    for name, w in zip(("w₁", "w₂", "w₃"), module.DEFAULT_WEIGHTS):
        sliders[name].value = w
    return sliders


def test_the_sliders_offer_exact_halves(box):
    assert [s.description for s in box.controls] == ["w₁", "w₂", "w₃"]
    for slider in box.controls:
        assert [value for _, value in slider.options] == [k / 2 for k in range(-20, 21)]
        labels = [label for label, _ in slider.options]
        assert labels[0] == MINUS + "10" and labels[20] == "0" and labels[21] == "0.5" and labels[-1] == "10"


def test_it_opens_with_every_output_one_half():
    fresh = weights_explorer()
    assert repr(fresh).startswith("Explorer: run this cell")
    numbers, text = shown(fresh)
    # σ(0) = ½ for every example; each squared error is ¼.
    assert numbers == [0.5] * 5 + [0.25]
    assert "not yet below 0.01" in text
    assert bytes(fresh.image.value).startswith(PNG_SIGNATURE)


SETTINGS = [(0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (-2.5, 1.5, 0.5), (6.0, 0.0, -3.0), (10.0, -10.0, -5.0),
            (-10.0, 10.0, 10.0), (4.0, -0.5, -2.0), (9.5, 0.0, -5.0)]


@pytest.mark.parametrize("weights", SETTINGS)
def test_a_move_shows_the_textbook_outputs_and_error(box, sliders, weights):
    before = bytes(box.image.value)
    for name, w in zip(("w₁", "w₂", "w₃"), weights):
        sliders[name].value = w
    numbers, text = shown(box)
    expected = [textbook_output(x, weights) for x, _ in TABLE] + [textbook_output(NEW, weights)]
    for got, want in zip(numbers[:5], expected):
        assert got == pytest.approx(want, abs=5e-5)  # 4 decimals shown
    assert numbers[5] == pytest.approx(textbook_error(weights), abs=5e-7)  # 6 decimals shown
    # Full precision, through the module's functions.
    assert module.outputs(weights) == pytest.approx(expected, rel=1e-13)
    assert module.error(weights) == pytest.approx(textbook_error(weights), rel=1e-12)
    reached = textbook_error(weights) < module.TARGET_ERROR
    assert ("goal reached" in text) == reached and ("not yet below" in text) == (not reached)
    assert "-" not in text
    if weights != module.DEFAULT_WEIGHTS:
        assert bytes(box.image.value) != before


def test_the_new_example_depends_on_w1_alone():
    for w1 in (-3.0, 0.5, 7.0):
        news = {float(module.outputs((w1, w2, w3))[4]) for w2 in (-10.0, 0.0, 10.0) for w3 in (-5.0, 5.0)}
        assert len(news) == 1 and news.pop() == pytest.approx(1 / (1 + math.exp(-w1)), rel=1e-15)


def test_the_goal_is_reachable_with_the_sliders_and_not_from_the_start():
    errors = [textbook_error(w) for w in itertools.product(module.WEIGHT_VALUES[::2], repeat=3)]
    assert min(errors) < module.TARGET_ERROR
    assert textbook_error(module.DEFAULT_WEIGHTS) > module.TARGET_ERROR


def test_the_trained_weights_give_the_reference_figures():
    # REFERENCE.md: the weights after 10,000 steps, 0.99993704 for [1, 0, 0], mean squared error 6.46e-05.
    trained = [9.67299303, -0.2078435, -4.62963669]
    assert textbook_output(NEW, trained) == pytest.approx(0.99993704, abs=5e-9)
    assert textbook_error(trained) == pytest.approx(6.46e-05, abs=5e-8)
    column = np.array(trained)[:, np.newaxis]
    assert nnlib.mean_squared_error(nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS, column) == pytest.approx(
        textbook_error(trained), rel=1e-12)


def test_book_data_is_consistent_with_the_module():
    data = module.book_data()
    json.dumps(data, allow_nan=False)
    assert data["weightValues"] == list(module.WEIGHT_VALUES)
    assert data["defaults"]["weights"] == list(module.DEFAULT_WEIGHTS)
    assert data["inputs"] == [list(x) for x, _ in TABLE] and data["targets"] == [t for _, t in TABLE]
    assert data["newInput"] == list(NEW)
    assert data["targetError"] == module.TARGET_ERROR
    assert set(data["colours"]) == {"output", "new", "error"}


@pytest.mark.parametrize("name, value", [
    ("DEFAULT_WEIGHTS", (0.0, 0.0, 0.25)),
    ("DEFAULT_WEIGHTS", (0.0, 0.0)),
    ("TARGET_ERROR", 0.0),
])
def test_book_data_refuses_bad_constants(monkeypatch, name, value):
    monkeypatch.setattr(module, name, value)
    with pytest.raises(ValueError, match=name):
        module.book_data()


@pytest.mark.parametrize("arguments, error", [
    ({"weights": (1.0, 2.0)}, ValueError),
    ({"weights": (0.25, 0.0, 0.0)}, ValueError),
    ({"weights": (0.0, 0.0, 10.5)}, ValueError),
    ({"weights": "abc"}, TypeError),
    ({"weights": None}, TypeError),
    ({"weights": (0.0, float("nan"), 0.0)}, ValueError),
])
def test_bad_arguments_are_named(arguments, error):
    with pytest.raises(error, match=r"\bweights\b"):
        weights_explorer(**arguments)


def test_bad_arguments_to_the_helpers_are_named():
    with pytest.raises(ValueError, match=r"\bweights\b"):
        module.outputs((0.0, 0.0, 0.0, 0.0))
    with pytest.raises(ValueError, match=r"\bweights\b"):
        module.error((0.3, 0.0, 0.0))
    with pytest.raises(TypeError, match=r"\bweights\b"):
        module.status_text("w")


def test_the_prose_number_format_is_the_readouts():
    assert number(module.error((0.0, 0.0, 0.0)), ".6f") == "0.250000"
