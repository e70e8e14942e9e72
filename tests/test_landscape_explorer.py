"""The delta-rule chapter's explorer (nnlib.landscape_explorer), driven by setting sliders and pressing buttons.

The references are independent of the module: REFERENCE.md's figures for the
first step, a loop of nnlib.delta_rule_step with w2 put back (as the chapter's
cell does it), the loss from nnlib.mean_squared_error, the deltas from the
closed form with math.exp, and central differences of the loss for the sums.
"""

import json
import math
import re

import numpy as np
import pytest

import nnlib
from nnlib import landscape_explorer as explorer
from nnlib.text import MINUS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
INPUTS, TARGETS = nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS
SEED_WEIGHTS = nnlib.init_weights(1)[:, 0]
W2 = SEED_WEIGHTS[1]


def reference_path(start_w1, start_w3, learning_rate, steps):
    """The chapter's loop: nnlib.delta_rule_step, then w2 back to its seed-1 value; rows (steps + 1, 3)."""
    weights = np.array([[start_w1], [W2], [start_w3]])
    rows = [weights[:, 0]]
    for _ in range(steps):
        weights = nnlib.delta_rule_step(INPUTS, TARGETS, weights, learning_rate)
        weights[1, 0] = W2
        rows.append(weights[:, 0])
    return np.array(rows)


def reference_loss(weights):
    return len(INPUTS) / 2 * nnlib.mean_squared_error(INPUTS, TARGETS, np.asarray(weights, dtype=float)[:, None])


def reference_table(weights, learning_rate):
    """Deltas, contributions to w1 and w3, sums and step, from the closed form on Python floats."""
    deltas = []
    for x, t in zip(INPUTS.tolist(), TARGETS[:, 0].tolist()):
        z = x[0] * weights[0] + x[1] * weights[1] + x[2] * weights[2]
        o = 1 / (1 + math.exp(-z))
        deltas.append((t - o) * o * (1 - o))
    contributions = [(x[0] * d, x[2] * d) for x, d in zip(INPUTS.tolist(), deltas)]
    sums = [sum(c[0] for c in contributions), sum(c[1] for c in contributions)]
    return deltas, contributions, sums, [learning_rate * s for s in sums]


def printed(value):
    """How the explorers print a number: 8 decimals, a true minus, 0 for zero, no minus on a rounded zero."""
    if value == 0:
        return "0"
    text = f"{value:.8f}"
    return "0.00000000" if text == "-0.00000000" else text.replace("-", MINUS)


def shown(box):
    """Return the readout's quantities by name, as printed."""
    found = dict(re.findall(r'data-quantity="([\w-]+)">(?:<b>)?([^<]*)', box.readout.value))
    assert {"steps", "w1", "w3", "loss", "delta-1", "sum-w1", "step-w3"} <= set(found), found
    return found


def as_number(text):
    return float(text.replace(MINUS, "-").replace(",", ""))


@pytest.fixture()
def box():
    return explorer.landscape_explorer()


def controls(box):
    named = {control.description: control for control in box.controls}
    assert len(named) == len(box.controls) == 6
    return named


# ---- The controls and the data for the page ----------------------------------------------


def test_controls_and_their_values(box):
    named = controls(box)
    assert set(named) == {"start w₁", "start w₃", "learning rate", "Step", "10 steps", "Reset"}
    w1_values = [value for _, value in named["start w₁"].options]
    w3_values = [value for _, value in named["start w₃"].options]
    assert w1_values == sorted(w1_values) and (w1_values[0], w1_values[-1]) == (-1.5, 7.0)
    assert w3_values == sorted(w3_values) and (w3_values[0], w3_values[-1]) == (-4.5, 1.5)
    # every multiple of 0.25 across the map, and the seed-1 start
    assert set(w1_values) == {-1.5 + 0.25 * i for i in range(35)} | {SEED_WEIGHTS[0]}
    assert set(w3_values) == {-4.5 + 0.25 * i for i in range(25)} | {SEED_WEIGHTS[2]}
    assert 1.0 in [value for _, value in named["learning rate"].options]
    # the explorer opens on the chapter's start and rate
    assert (named["start w₁"].value, named["start w₃"].value, named["learning rate"].value) == (
        SEED_WEIGHTS[0], SEED_WEIGHTS[2], 1.0)
    labels = [label for label, _ in named["start w₁"].options]
    assert "−0.16595599 (seed 1)" in labels and "−1.25" in labels and "0" in labels and "7" in labels


def test_book_data_is_json_and_matches_nnlib():
    data = explorer.book_data()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["inputs"] == INPUTS.tolist() and data["targets"] == TARGETS[:, 0].tolist()
    assert data["frozenW2"] == W2
    assert data["seedStart"] == [SEED_WEIGHTS[0], SEED_WEIGHTS[2]]
    defaults = data["defaults"]
    assert defaults["startW1"] in data["startW1"] and defaults["startW3"] in data["startW3"]
    assert defaults["learningRate"] in data["learningRates"]
    assert data["w1Range"] == [-1.5, 7.0] and data["w3Range"] == [-4.5, 1.5]
    assert data["gridPoints"] == [241, 181] and data["stepCounts"][0] == 1
    # the chapter's colour levels: 0 to past the map's highest loss, in steps of 0.1
    levels = np.array(data["levels"])
    assert levels[0] == 0 and np.allclose(np.diff(levels), 0.1)
    assert levels[-2] <= explorer.loss_landscape()[2].max() < levels[-1]


@pytest.mark.parametrize("name, value", [("DEFAULT_LEARNING_RATE", 3.0), ("DEFAULT_START_W1", 0.3),
                                         ("DEFAULT_START_W3", 9.0)])
def test_book_data_refuses_a_default_no_slider_offers(monkeypatch, name, value):
    monkeypatch.setattr(explorer, name, value)
    with pytest.raises(ValueError, match=name):
        explorer.book_data()


def test_the_map_is_the_loss_at_each_grid_point():
    w1_values, w3_values, landscape = explorer.loss_landscape()
    assert w1_values.shape == (241,) and w3_values.shape == (181,) and landscape.shape == (181, 241)
    assert (w1_values[0], w1_values[-1], w3_values[0], w3_values[-1]) == (-1.5, 7.0, -4.5, 1.5)
    for i, j in [(0, 0), (240, 180), (17, 120), (200, 3)]:
        weights = [w1_values[i], W2, w3_values[j]]
        deltas = reference_table(weights, 1.0)[0]  # only to be sure the closed form runs here too
        assert len(deltas) == 4
        outputs = [1 / (1 + math.exp(-(x[0] * weights[0] + x[1] * weights[1] + x[2] * weights[2])))
                   for x in INPUTS.tolist()]
        expected = 0.5 * sum((t - o) ** 2 for t, o in zip(TARGETS[:, 0].tolist(), outputs))
        assert landscape[j, i] == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError):
        landscape[0, 0] = 1.0  # the cached map is read-only


# ---- Stepping ---------------------------------------------------------------------------------


def test_opens_on_the_chapter_start_and_first_step(box):
    numbers = shown(box)
    assert numbers["steps"] == "0"
    assert (numbers["w1"], numbers["w3"]) == ("−0.16595599", "−0.99977125")
    # REFERENCE.md's first adjustment is [0.28621005, 0.06391297, 0.14913351]; with eta = 1 it is the step
    assert (numbers["sum-w1"], numbers["sum-w3"]) == ("0.28621005", "0.14913351")
    assert (numbers["step-w1"], numbers["step-w3"]) == ("0.28621005", "0.14913351")
    # example 1 has input 1 = 0: it cannot move w1 (the chapter's table prints that 0 as 0)
    assert numbers["contribution-1-w1"] == "0" and numbers["contribution-4-w1"] == "0"
    assert bytes(box.image.value).startswith(PNG_SIGNATURE)


def test_one_step_gives_the_reference_weights(box):
    controls(box)["Step"].click()
    numbers = shown(box)
    # REFERENCE.md: weights after 1 step [0.12025406, 0.50456196, -0.85063774]; w2 is held here, w1 and w3 agree
    assert (numbers["steps"], numbers["w1"], numbers["w3"]) == ("1", "0.12025406", "−0.85063774")


SETTINGS = [  # start w1, start w3, learning rate; the sliders' extremes included
    (SEED_WEIGHTS[0], SEED_WEIGHTS[2], 1.0),
    (-1.5, -4.5, 0.1),
    (7.0, 1.5, 20.0),
    (-1.5, 1.5, 10.0),
    (7.0, -4.5, 0.5),
    (0.0, 0.0, 2.0),
    (3.25, -2.75, 5.0),
]


@pytest.mark.parametrize("start_w1, start_w3, learning_rate", SETTINGS)
def test_steps_agree_with_the_delta_rule(box, start_w1, start_w3, learning_rate):
    named = controls(box)
    named["start w₁"].value = start_w1
    named["start w₃"].value = start_w3
    named["learning rate"].value = learning_rate
    reference = reference_path(start_w1, start_w3, learning_rate, 51)
    taken = 0
    at_start = bytes(box.image.value)
    for target in (0, 1, 10, 11, 50, 51):
        while taken < target:
            if target - taken >= 10:
                named["10 steps"].click()
                taken += 10
            else:
                named["Step"].click()
                taken += 1
        weights = reference[taken]
        numbers = shown(box)
        assert numbers["steps"] == f"{taken:,}"
        assert (numbers["w1"], numbers["w3"]) == (printed(weights[0]), printed(weights[2]))
        assert numbers["loss"] == printed(reference_loss(weights))
        deltas, contributions, sums, step = reference_table(weights, learning_rate)
        for k in range(4):
            assert as_number(numbers[f"delta-{k + 1}"]) == pytest.approx(deltas[k], rel=1e-10, abs=5e-9)
            assert as_number(numbers[f"contribution-{k + 1}-w1"]) == pytest.approx(contributions[k][0], abs=5e-9)
            assert as_number(numbers[f"contribution-{k + 1}-w3"]) == pytest.approx(contributions[k][1], abs=5e-9)
        assert as_number(numbers["sum-w1"]) == pytest.approx(sums[0], abs=5e-9)
        assert as_number(numbers["step-w3"]) == pytest.approx(step[1], abs=5e-9)
    # (a step can be shorter than a pixel, or leave the map: the picture changes over the steps, not at each)
    assert bytes(box.image.value) != at_start
    # in full precision: the module's path is the chapter's loop, bit for bit
    np.testing.assert_array_equal(explorer.path(start_w1, start_w3, learning_rate, 51), reference)


def test_the_table_sums_are_minus_the_slopes_of_the_loss():
    """Central differences of E along w1 and w3 (values of E only) against the table's sums."""
    h = 1e-5
    for w1, w3 in [(SEED_WEIGHTS[0], SEED_WEIGHTS[2]), (2.5, -1.0), (-1.0, 1.0)]:
        weights = np.array([[w1], [W2], [w3]])
        _, products = explorer.contributions(weights)
        sums = products.sum(axis=0)
        for i in (0, 2):
            nudge = np.zeros((3, 1))
            nudge[i] = h
            slope = (reference_loss((weights + nudge)[:, 0]) - reference_loss((weights - nudge)[:, 0])) / (2 * h)
            assert sums[i] == pytest.approx(-slope, rel=1e-7)


def test_reset_and_slider_moves_go_back_to_the_start(box):
    named = controls(box)
    named["10 steps"].click()
    named["Step"].click()
    assert shown(box)["steps"] == "11"
    at_start = None
    named["Reset"].click()
    at_start = shown(box)
    assert at_start["steps"] == "0" and at_start["w1"] == "−0.16595599"
    named["Step"].click()
    named["learning rate"].value = 2.0
    assert shown(box)["steps"] == "0"
    named["Step"].click()
    named["start w₃"].value = 0.5
    numbers = shown(box)
    assert numbers["steps"] == "0" and numbers["w3"] == "0.50000000"
    named["Step"].click()
    named["start w₁"].value = 0.0
    numbers = shown(box)
    assert numbers["steps"] == "0" and numbers["w1"] == "0"


def test_a_step_does_not_redraw_the_map(box, monkeypatch):
    """Blitting: the map is drawn once, when the explorer is made; a step draws only the path."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    calls = []
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda self: calls.append(self))
    named = controls(box)
    before = bytes(box.image.value)
    named["Step"].click()
    named["learning rate"].value = 5.0
    named["10 steps"].click()
    assert calls == []
    assert bytes(box.image.value) != before


def test_the_readout_says_when_the_weights_leave_the_map():
    box = explorer.landscape_explorer(learning_rate=20.0)
    assert "off the map" not in box.readout.value
    controls(box)["Step"].click()
    assert "off the map" in box.readout.value


def test_number_text():
    assert explorer.number_text(0.0) == "0" and explorer.number_text(-0.0) == "0"
    assert explorer.number_text(-1e-10) == "0.00000000"
    assert explorer.number_text(-0.5) == "−0.50000000"
    assert explorer.value_text(1.0) == "1" and explorer.value_text(-1.25) == "−1.25"


# ---- Bad arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize("arguments, error, name", [
    ({"start_w1": 0.3}, ValueError, "start_w1"),
    ({"start_w3": 2.0}, ValueError, "start_w3"),
    ({"learning_rate": 3.0}, ValueError, "learning_rate"),
    ({"start_w1": "1"}, TypeError, "start_w1"),
    ({"start_w3": True}, TypeError, "start_w3"),
    ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
])
def test_bad_arguments_are_named(arguments, error, name):
    with pytest.raises(error, match=name):
        explorer.landscape_explorer(**arguments)


@pytest.mark.parametrize("arguments, error, name", [
    ((0.0, 0.0, 1.0, -1), ValueError, "steps"),
    ((0.0, 0.0, 1.0, 1.5), TypeError, "steps"),
    ((0.0, 0.0, 0.0, 1), ValueError, "learning_rate"),
    ((None, 0.0, 1.0, 1), TypeError, "start_w1"),
    ((0.0, float("inf"), 1.0, 1), ValueError, "start_w3"),
])
def test_path_refuses_bad_arguments(arguments, error, name):
    with pytest.raises(error, match=name):
        explorer.path(*arguments)
