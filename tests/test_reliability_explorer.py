"""The reliability chapter's two ipywidgets explorers, driven by setting slider values.

The numbers they show are checked against references that do not go through
the explorers: nnlib.train called directly, the cross-entropy's gradient by
finite differences, and a cross-entropy trainer written out here on Python floats.
"""

import json
import math
import re

import numpy as np
import pytest

import nnlib
from nnlib import reliability_explorer as rx

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
INPUTS, TARGETS = nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS
SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def parse(text):
    """A number as the readouts write it ("3.20 × 10⁻⁵", "1,234", "−8") as a float."""
    text = text.replace("\u2212", "-").replace(",", "")
    if " × 10" in text:
        mantissa, exponent = text.split(" × 10")
        return float(mantissa) * 10.0 ** int(exponent.translate(SUPERSCRIPTS))
    return float(text)


def shown(box):
    """The readout's numbers, in order, as the text shows them."""
    return re.findall(r"<code>(.*?)</code>", box.readout.value)


def squared_error_losses(start, iterations, learning_rate=1.0):
    return nnlib.train(INPUTS, TARGETS, iterations, weights=start, learning_rate=learning_rate).loss


def first_below(loss, level):
    below = np.flatnonzero(np.asarray(loss) < level)
    return int(below[0]) if below.size else None


def cross_entropy(weights):
    """C = Σ softplus(z) − t z, from the weighted sums (the chapter's formula)."""
    z = INPUTS @ np.asarray(weights, dtype=float).reshape(-1)
    return float(np.sum(np.logaddexp(0, z) - TARGETS[:, 0] * z))


def cross_entropy_on_floats(start, iterations, learning_rate=1.0):
    """w ← w + η Xᵀ(t − σ(Xw)), on Python floats with math.exp: the reference for train_cross_entropy."""
    rows, targets = INPUTS.tolist(), TARGETS[:, 0].tolist()
    weights = [float(w) for w in np.asarray(start).reshape(-1)]
    history = [weights]
    for _ in range(iterations):
        deltas = [t - 1 / (1 + math.exp(-sum(x * w for x, w in zip(row, weights)))) for row, t in zip(rows, targets)]
        weights = [w + learning_rate * sum(row[j] * d for row, d in zip(rows, deltas)) for j, w in enumerate(weights)]
        history.append(weights)
    return np.array(history)


# ---- The slider values and the book's data ----------------------------------------


def test_learning_rates_are_eight_a_decade_from_0_01_to_100():
    rates = np.array(rx.LEARNING_RATES)
    assert len(rates) == 33 and rates[0] == 0.01 and rates[-1] == 100.0 and rates[16] == 1.0
    np.testing.assert_allclose(rates[1:] / rates[:-1], 10 ** 0.125, rtol=1e-14)
    assert set(rx.SWEEP_RATES) <= set(rx.LEARNING_RATES) and rx.DEFAULT_LEARNING_RATE in rx.LEARNING_RATES


def test_confidences_run_from_0_to_6_in_halves():
    assert rx.CONFIDENCES == tuple(np.arange(0, 6.5, 0.5)) and rx.DEFAULT_CONFIDENCE == 4.0


def test_learning_rate_data_is_json_and_matches_nnlib():
    data = json.loads(json.dumps(rx.learning_rate_data(), allow_nan=False))
    assert data["learningRates"] == list(rx.LEARNING_RATES)  # the same floats, through JSON
    assert data["defaultLearningRate"] in data["learningRates"]
    assert data["sweepRates"] == [0.01, 0.1, 1.0, 10.0, 100.0]
    assert (data["seed"], data["iterations"], data["readoutSteps"], data["level"]) == (1, 20_000, [1_000, 20_000], 1e-3)
    assert data["initialWeights"] == nnlib.init_weights(1)[:, 0].tolist()
    assert data["initialWeights"] == pytest.approx([-0.16595599, 0.44064899, -0.99977125], abs=5e-9)  # REFERENCE.md
    assert data["inputs"] == INPUTS.tolist() and data["targets"] == TARGETS[:, 0].tolist()


def test_confidence_data_is_json_and_matches_the_chapter():
    data = json.loads(json.dumps(rx.confidence_data(), allow_nan=False))
    assert data["confidences"] == list(rx.CONFIDENCES) and data["defaultConfidence"] in data["confidences"]
    assert data["direction"] == [-2.0, 0.0, 1.0] and data["iterations"] == 5_000 and data["level"] == 0.01
    assert data["inputs"] == INPUTS.tolist() and data["targets"] == TARGETS[:, 0].tolist()


@pytest.mark.parametrize("name, value, function", [
    ("DEFAULT_LEARNING_RATE", 0.5, rx.learning_rate_data),
    ("SWEEP_RATES", (0.01, 0.5), rx.learning_rate_data),
    ("RATE_READOUT_STEPS", (0, 20_000), rx.learning_rate_data),
    ("DEFAULT_CONFIDENCE", 0.25, rx.confidence_data),
    ("WRONG_DIRECTION", (-2.0, 1.0), rx.confidence_data),
])
def test_the_data_refuses_constants_that_do_not_fit_the_sliders(monkeypatch, name, value, function):
    monkeypatch.setattr(rx, name, value)
    with pytest.raises(ValueError, match=name):
        function()


# ---- The learning-rate explorer ------------------------------------------------------


@pytest.fixture(scope="module")
def rate_box():
    return rx.learning_rate_explorer()


def test_the_rate_slider_offers_the_rates_with_their_labels(rate_box):
    (slider,) = rate_box.controls
    assert [value for _, value in slider.options] == list(rx.LEARNING_RATES)
    labels = [label for label, _ in slider.options]
    assert labels[:3] == ["0.01", "0.0133", "0.0178"] and labels[16] == "1" and labels[23] == "7.5"
    assert labels[-1] == "100" and slider.value == 1.0


@pytest.mark.parametrize("rate", [0.01, rx.LEARNING_RATES[1], 1.0, rx.LEARNING_RATES[23], rx.LEARNING_RATES[30], 100.0])
def test_a_rate_move_shows_nnlib_trains_numbers(rate_box, rate):
    (slider,) = rate_box.controls
    before = bytes(rate_box.image.value)
    slider.value = rate
    loss = nnlib.train(INPUTS, TARGETS, 20_000, seed=1, learning_rate=rate).loss
    texts = shown(rate_box)
    assert texts[0] == rx.rate_text(rate)
    assert texts[1:3] == [rx.loss_text(loss[1_000]), rx.loss_text(loss[20_000])]
    assert [parse(t) for t in texts[1:3]] == pytest.approx([loss[1_000], loss[20_000]], rel=5e-3)
    expected_step = first_below(loss, 1e-3)
    assert texts[3] == (f"{expected_step:,}" if expected_step is not None else "not within 20,000")
    image = bytes(rate_box.image.value)
    assert image.startswith(PNG_SIGNATURE) and image != before


def test_the_classic_rate_shows_the_chapters_numbers(rate_box):
    (slider,) = rate_box.controls
    slider.value = 1.0
    # REFERENCE.md: 6.46e-05 after 10,000 steps; the readout's 20,000 steps are lower still.
    loss = rx.loss_at_rate(1.0)
    assert loss[10_000] == pytest.approx(6.46e-05, rel=1e-3) and loss[20_000] < loss[10_000]
    assert shown(rate_box)[2] == "3.20 × 10⁻⁵" and shown(rate_box)[0] == "1"


def test_a_rate_is_trained_once(monkeypatch, rate_box):
    (slider,) = rate_box.controls
    rx._loss_at_rate.cache_clear()
    calls = []
    real_train = rx.train
    monkeypatch.setattr(rx, "train", lambda *a, **k: calls.append(k["learning_rate"]) or real_train(*a, **k))
    for rate in (rx.LEARNING_RATES[3], rx.LEARNING_RATES[30], rx.LEARNING_RATES[3]):
        slider.value = rate
    assert calls == [rx.LEARNING_RATES[3], rx.LEARNING_RATES[30]]
    assert not rx.loss_at_rate(rx.LEARNING_RATES[3]).flags.writeable  # cached: nobody may change it


def test_a_move_redraws_only_the_curve_not_the_axes(monkeypatch):
    figure = rx._RateFigure()
    monkeypatch.setattr(figure.canvas, "draw", lambda: pytest.fail("a move must not draw the whole figure"))
    first, second = figure.show(0.01), figure.show(100.0)
    assert first.startswith(PNG_SIGNATURE) and first != second


# ---- The confidence explorer --------------------------------------------------------------


@pytest.fixture(scope="module")
def confidence_box():
    return rx.confidence_explorer()


@pytest.mark.parametrize("confidence", [0.0, 0.5, 4.0, 4.5, 6.0])
def test_a_confidence_move_shows_both_trainings(confidence_box, confidence):
    (slider,) = confidence_box.controls
    before = bytes(confidence_box.image.value)
    slider.value = confidence
    start = confidence * np.array([[-2.0], [0.0], [1.0]])
    squared = squared_error_losses(start, 5_000)
    cross = nnlib.mean_squared_error(INPUTS, TARGETS, cross_entropy_on_floats(start, 5_000))
    texts = shown(confidence_box)
    assert [parse(t) for t in texts[0].strip("()").split(", ")] == [-2 * confidence, 0, confidence]
    assert "−0" not in texts[0]
    assert texts[1] == rx.loss_text(squared[-1]) and parse(texts[3]) == pytest.approx(cross[-1], rel=5e-3)
    for text, loss in ((texts[2], squared), (texts[4], cross)):
        step = first_below(loss, 0.01)
        assert text == (f"{step:,}" if step is not None else "not within 5,000")
    image = bytes(confidence_box.image.value)
    assert image.startswith(PNG_SIGNATURE) and (image != before or confidence == rx.DEFAULT_CONFIDENCE)


def test_the_chapters_wrong_start_is_the_default(confidence_box):
    (slider,) = confidence_box.controls
    slider.value = 4.0
    texts = shown(confidence_box)
    assert texts[0] == "(−8, 0, 4)" and texts[2] == "2,268"  # ex-06-3 counts 2,268 steps at η = 1 too


def test_confidence_curves_agree_with_independent_trainings():
    for confidence in (0.0, 2.5, 6.0):
        start = confidence * np.array([[-2.0], [0.0], [1.0]])
        squared, cross = rx.losses_from_confidence(confidence)
        np.testing.assert_array_equal(squared, squared_error_losses(start, 5_000))
        reference = nnlib.mean_squared_error(INPUTS, TARGETS, cross_entropy_on_floats(start, 5_000))
        np.testing.assert_allclose(cross, reference, rtol=1e-9)
        assert not squared.flags.writeable and not cross.flags.writeable


# ---- The cross-entropy trainer ------------------------------------------------------------


def test_a_cross_entropy_step_goes_down_the_gradient_of_c():
    start = np.array([0.3, -0.6, 0.2])
    h = 1e-6
    gradient = np.array([(cross_entropy(start + h * e) - cross_entropy(start - h * e)) / (2 * h) for e in np.eye(3)])
    for rate in (0.1, 1.0):
        step = rx.train_cross_entropy(start, 1, rate)[1] - start
        np.testing.assert_allclose(step, -rate * gradient, rtol=1e-6, atol=1e-8)


def test_train_cross_entropy_agrees_with_a_loop_on_floats():
    start = nnlib.init_weights(1)
    history = rx.train_cross_entropy(start, 200, 10.0)
    assert history.shape == (201, 3)
    np.testing.assert_array_equal(history[0], start[:, 0])
    np.testing.assert_allclose(history, cross_entropy_on_floats(start, 200, 10.0), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(rx.train_cross_entropy(start[:, 0], 5), rx.train_cross_entropy(start, 5))


# ---- Formatting -------------------------------------------------------------------------


def test_numbers_are_written_like_a_textbook():
    assert rx.loss_text(3.19898250824503e-05) == "3.20 × 10⁻⁵"
    assert rx.loss_text(0.4999) == "5.00 × 10⁻¹" and rx.loss_text(0.0) == "0"
    assert rx.loss_text(4.990719997955776e-12) == "4.99 × 10⁻¹²"
    assert [rx.rate_text(r) for r in (0.01, 0.1, 1.0, 10 ** 0.875, 100.0)] == ["0.01", "0.1", "1", "7.5", "100"]
    assert rx.confidence_text(4.5) == "4.5" and rx.confidence_text(0.0) == "0"
    assert rx.start_text(0.0) == "(0, 0, 0)" and rx.start_text(1.5) == "(−3, 0, 1.5)"
    assert rx.steps_text(None, 20_000) == "not within 20,000" and rx.steps_text(1234, 20_000) == "1,234"


# ---- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("call, error, name", [
    (lambda: rx.learning_rate_explorer(0.5), ValueError, "learning_rate"),
    (lambda: rx.learning_rate_explorer("1"), TypeError, "learning_rate"),
    (lambda: rx.confidence_explorer(7.0), ValueError, "confidence"),
    (lambda: rx.confidence_explorer(None), TypeError, "confidence"),
    (lambda: rx.loss_at_rate(-1.0), ValueError, "learning_rate"),
    (lambda: rx.loss_at_rate([1.0]), TypeError, "learning_rate"),
    (lambda: rx.losses_from_confidence(float("nan")), ValueError, "confidence"),
    (lambda: rx.wrong_start(True), TypeError, "confidence"),
    (lambda: rx.train_cross_entropy([1.0, 2.0], 3), ValueError, "weights"),
    (lambda: rx.train_cross_entropy(np.zeros(3), -1), ValueError, "iterations"),
    (lambda: rx.train_cross_entropy(np.zeros(3), 2.0), TypeError, "iterations"),
    (lambda: rx.train_cross_entropy(np.zeros(3), 2, 0.0), ValueError, "learning_rate"),
    (lambda: rx.loss_text("0.1"), TypeError, "loss"),
])
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()
