"""The hidden-layer chapter's ipywidgets explorer, driven by setting its widgets' values.

The numbers it shows are compared with nnlib.train_network called directly
(and, for a few steps, with the chapter's own six-line loop); book_data() with
what train_network draws.
"""

import json
import re

import numpy as np
import pytest

import nnlib
from nnlib import xor_explorer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MINUS = "\N{MINUS SIGN}"


def shown(box):
    """Return (steps, loss, outputs on the four examples) as the readout shows them, parsed back."""
    text = box.readout.value
    steps = int(re.search(r"After <b>([\d,]+)</b>", text).group(1).replace(",", ""))
    codes = re.findall(r"<code>(.*?)</code>", text)
    loss, outputs = codes[0], codes[1:]
    assert len(outputs) == 4, text
    return steps, loss, outputs


def expected_texts(hidden, seed, learning_rate, steps):
    """Return the loss and outputs after ``steps`` steps as the readout should print them, from train_network."""
    result = nnlib.train_network(xor_explorer.INPUTS, xor_explorer.TARGETS, hidden, steps, seed=seed,
                                 learning_rate=learning_rate)
    mantissa, exponent = f"{result.loss[-1]:.2e}".split("e")  # as the page writes it: 2.48 × 10⁻¹
    loss = f"{mantissa} × 10" + str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    outputs = [f"{o:.8f}".replace("-", MINUS) for o in result.predict(xor_explorer.INPUTS)[:, 0]]
    return result, loss, outputs


@pytest.fixture()
def box():
    return xor_explorer.xor_explorer()


def controls(box):
    play, hidden, seed, rate = box.controls
    return play, hidden, seed, rate


def test_the_controls_offer_the_module_values(box):
    play, hidden, seed, rate = controls(box)
    assert (play.min, play.max, play.step, play.interval) == (
        0, xor_explorer.MAX_STEPS // xor_explorer.STEPS_PER_TICK, 1, xor_explorer.TICK_INTERVAL)
    assert (hidden.description, hidden.min, hidden.max) == ("hidden neurons", 1, 8)
    assert (seed.description, seed.min, seed.max) == ("seed", 0, 19)
    assert (rate.description, tuple(rate.options)) == ("learning rate", xor_explorer.LEARNING_RATES)
    assert box.play is play


def test_it_opens_on_the_chapters_network_before_training(box):
    play, hidden, seed, rate = controls(box)
    # the chapter's network: 4 hidden neurons, seed 1, learning rate 1
    assert (play.value, hidden.value, seed.value, rate.value) == (0, 4, 1, 1.0)
    _, loss, outputs = expected_texts(4, 1, 1.0, 0)
    assert shown(box) == (0, loss, outputs)
    assert bytes(box.image.value).startswith(PNG_SIGNATURE)


def test_ticks_train_on_and_agree_with_train_network(box):
    play = box.play
    before = bytes(box.image.value)
    for ticks in (1, 2, 10, 11, 40):
        play.value = ticks
        steps = ticks * xor_explorer.STEPS_PER_TICK
        _, loss, outputs = expected_texts(4, 1, 1.0, steps)
        assert shown(box) == (steps, loss, outputs)
        image = bytes(box.image.value)
        assert image.startswith(PNG_SIGNATURE) and image != before
        before = image


def test_the_weights_are_train_networks_bit_for_bit_at_the_extremes():
    for hidden, seed, rate in ((1, 0, 0.1), (8, 19, 10.0), (8, 8, 10.0), (2, 3, 3.0)):
        run = xor_explorer.Trajectory(hidden, seed, rate)
        for steps in (0, xor_explorer.STEPS_PER_TICK, xor_explorer.MAX_STEPS):
            hidden_weights, output_weights = run.weights(steps)
            reference = nnlib.train_network(xor_explorer.INPUTS, xor_explorer.TARGETS, hidden, steps, seed=seed,
                                            learning_rate=rate)
            assert np.array_equal(hidden_weights, reference.hidden_weights), (hidden, seed, rate, steps)
            assert np.array_equal(output_weights, reference.output_weights), (hidden, seed, rate, steps)
            assert np.array_equal(run.loss[: steps + 1], reference.loss), (hidden, seed, rate, steps)


def test_the_steps_are_the_chapters_loop():
    """An independent reference: the chapter's loop, in plain numpy with nnlib.sigmoid."""
    hidden_weights, output_weights = xor_explorer.starting_weights(7, 3)
    inputs, targets, rate = xor_explorer.INPUTS, xor_explorer.TARGETS, 3.0
    for _ in range(200):
        hidden_output = nnlib.sigmoid(inputs @ hidden_weights)
        output = nnlib.sigmoid(hidden_output @ output_weights)
        output_delta = (targets - output) * output * (1 - output)
        hidden_delta = (output_delta @ output_weights.T) * hidden_output * (1 - hidden_output)
        output_weights = output_weights + rate * hidden_output.T @ output_delta
        hidden_weights = hidden_weights + rate * inputs.T @ hidden_delta
    shown_hidden, shown_output = xor_explorer.Trajectory(3, 7, rate).weights(200)
    np.testing.assert_allclose(shown_hidden, hidden_weights, rtol=1e-10)
    np.testing.assert_allclose(shown_output, output_weights, rtol=1e-10)


def test_a_tick_trains_only_its_own_steps(box, monkeypatch):
    calls = []
    real = xor_explorer._backpropagate

    def counting(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(xor_explorer, "_backpropagate", counting)
    box.controls[2].value = 5  # a new setting, so that nothing is cached yet
    xor_explorer.trajectory.cache_clear()
    box.play.value = 3
    calls.clear()
    box.play.value = 4
    # STEPS_PER_TICK steps, one pass each, and one for the loss after the last: never from step 0 again
    assert len(calls) == xor_explorer.STEPS_PER_TICK + 1
    calls.clear()
    box.play.value = 2  # back: the weights are kept
    assert calls == []
    _, loss, outputs = expected_texts(4, 5, 1.0, 2 * xor_explorer.STEPS_PER_TICK)
    assert shown(box) == (2 * xor_explorer.STEPS_PER_TICK, loss, outputs)


def test_a_tick_blits_instead_of_drawing_the_figure_again(box, monkeypatch):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    box.play.value = 1  # the figure of this number of hidden neurons exists now
    draws = []
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda self, *a, **k: draws.append(1))
    for ticks in (2, 3, 4):
        box.play.value = ticks
    assert draws == []


@pytest.mark.parametrize("slider, value", [(1, 8), (1, 1), (2, 19), (2, 0), (3, 10.0), (3, 0.1)])
def test_a_slider_move_starts_again_from_step_0(box, slider, value):
    play = box.play
    play.value = 6
    before = bytes(box.image.value)
    box.controls[slider].value = value
    assert play.value == 0
    setting = [box.controls[k].value for k in (1, 2, 3)]
    _, loss, outputs = expected_texts(*setting, 0)
    assert shown(box) == (0, loss, outputs)
    assert bytes(box.image.value) != before
    play.value = 3
    _, loss, outputs = expected_texts(*setting, 3 * xor_explorer.STEPS_PER_TICK)
    assert shown(box) == (3 * xor_explorer.STEPS_PER_TICK, loss, outputs)


def test_the_readout_names_the_setting(box):
    box.controls[1].value, box.controls[2].value, box.controls[3].value = 1, 3, 0.3
    box.play.value = box.play.max
    text = box.readout.value
    assert "After <b>20,000</b> of 20,000 steps (1 hidden neuron, seed 3, learning rate 0.3)" in text
    assert "(1, 1): <code>" in text


def test_the_lowest_loss_stays_on_the_loss_axis():
    # the lowest mean squared error of any setting the sliders offer (found by training them all)
    lowest = nnlib.train_network(xor_explorer.INPUTS, xor_explorer.TARGETS, 8, xor_explorer.MAX_STEPS, seed=8,
                                 learning_rate=10.0).loss.min()
    assert xor_explorer.LOSS_FLOOR < lowest < 10 * xor_explorer.LOSS_FLOOR


# ---- book_data ---------------------------------------------------------------


def test_book_data_offers_the_sliders_values_and_the_defaults():
    data = xor_explorer.book_data()
    json.dumps(data, allow_nan=False)
    assert data["hiddenSizes"] == list(range(1, 9))
    assert data["seeds"] == list(range(20))
    assert data["learningRates"] == list(xor_explorer.LEARNING_RATES)
    assert data["defaults"] == {"hidden": 4, "seed": 1, "learningRate": 1.0}
    assert data["defaults"]["hidden"] in data["hiddenSizes"] and data["defaults"]["seed"] in data["seeds"]
    assert data["defaults"]["learningRate"] in data["learningRates"]
    assert data["maxSteps"] == xor_explorer.MAX_STEPS
    assert data["stepsPerFrame"] == xor_explorer.STEPS_PER_FRAME
    assert data["inputs"] == [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
    assert data["targets"] == [0, 1, 1, 0]


def test_book_data_holds_the_starting_weights_train_network_draws():
    data = xor_explorer.book_data()
    for h, hidden in enumerate(data["hiddenSizes"]):
        for s, seed in enumerate(data["seeds"]):
            start = nnlib.train_network(xor_explorer.INPUTS, xor_explorer.TARGETS, hidden, 0, seed=seed)
            weights = data["startingWeights"][h][s]
            # exactly: JSON carries Python's shortest repr, which reads back as the same float64
            assert np.array_equal(np.array(json.loads(json.dumps(weights["hidden"]))), start.hidden_weights)
            assert np.array_equal(np.array(json.loads(json.dumps(weights["output"]))), start.output_weights[:, 0])


@pytest.mark.parametrize("name, value", [("DEFAULT_HIDDEN", 9), ("DEFAULT_SEED", 20), ("DEFAULT_LEARNING_RATE", 2.0)])
def test_a_default_the_sliders_do_not_offer_is_refused(monkeypatch, name, value):
    monkeypatch.setattr(xor_explorer, name, value)
    with pytest.raises(ValueError, match=name):
        xor_explorer.book_data()
    with pytest.raises(ValueError, match=name):
        xor_explorer.xor_explorer()


# ---- bad input -----------------------------------------------------------------


@pytest.mark.parametrize("arguments, error, name", [
    ({"hidden": 9}, ValueError, "hidden"),
    ({"hidden": 0}, ValueError, "hidden"),
    ({"hidden": 2.0}, TypeError, "hidden"),
    ({"seed": 20}, ValueError, "seed"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": "1"}, TypeError, "seed"),
    ({"learning_rate": 2.0}, ValueError, "learning_rate"),
    ({"learning_rate": 0}, ValueError, "learning_rate"),
    ({"learning_rate": "1"}, TypeError, "learning_rate"),
    ({"learning_rate": True}, TypeError, "learning_rate"),
])
def test_bad_arguments_are_named(arguments, error, name):
    with pytest.raises(error, match=name):
        xor_explorer.xor_explorer(**arguments)
    with pytest.raises(error, match=name):
        setting = {"hidden": 4, "seed": 1, "learning_rate": 1.0} | arguments
        xor_explorer.Trajectory(**setting)


def test_bad_steps_and_starting_weights_are_named():
    with pytest.raises(ValueError, match="steps"):
        xor_explorer.trajectory(4, 1, 1.0).weights(7)
    with pytest.raises(ValueError, match="steps"):
        xor_explorer.trajectory(4, 1, 1.0).weights(xor_explorer.MAX_STEPS + xor_explorer.STEPS_PER_TICK)
    with pytest.raises(TypeError, match="seed"):
        xor_explorer.starting_weights(1.5, 4)
    with pytest.raises(ValueError, match="hidden"):
        xor_explorer.starting_weights(1, 0)
