"""The ipywidgets explorer of the training chapter, driven by setting slider values."""

import re

import numpy as np
import pytest

import nnlib
from nnlib import explorer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def shown_numbers(box):
    """Return (weights, prediction) as the readout shows them, parsed back from its text."""
    weights_text, prediction_text = re.findall(r"<code>(.*?)</code>", box.readout.value)
    weights = np.array([float(x) for x in weights_text.strip("[]").split()])
    return weights, float(prediction_text)


@pytest.fixture(scope="module")
def box():
    return nnlib.convergence_explorer()


@pytest.fixture(scope="module")
def sliders(box):
    return {slider.description: slider for slider in box.controls}


def test_sliders_and_their_ranges(sliders):
    assert set(sliders) == {"seed", "iterations", "learning rate"}
    assert (sliders["seed"].min, sliders["seed"].max) == (0, 99)
    assert (sliders["iterations"].min, sliders["iterations"].max, sliders["iterations"].step) == (0, 10_000, 10)
    assert 1.0 in sliders["learning rate"].options


def test_opens_on_the_classic_run(box):
    weights, prediction = shown_numbers(box)
    np.testing.assert_allclose(weights, [9.67299303, -0.2078435, -4.62963669], atol=5e-9)
    assert prediction == pytest.approx(0.99993704, abs=5e-9)
    assert bytes(box.image.value).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("seed, iterations, learning_rate", [(1, 0, 1.0), (1, 10, 1.0), (1, 100, 1.0),
                                                           (7, 2_500, 0.3), (42, 10_000, 10.0), (0, 5_000, 0.1)])
def test_moves_agree_with_train(box, sliders, seed, iterations, learning_rate):
    before = bytes(box.image.value)
    sliders["seed"].value = seed
    sliders["learning rate"].value = learning_rate
    sliders["iterations"].value = iterations
    reference = nnlib.train(nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS, iterations, seed=seed,
                            learning_rate=learning_rate)
    weights, prediction = shown_numbers(box)
    np.testing.assert_allclose(weights, reference.weights[:, 0], atol=5e-9)
    assert prediction == pytest.approx(reference.predict(nnlib.NEW_INPUT)[0], abs=5e-9)
    assert bytes(box.image.value).startswith(PNG_SIGNATURE) and bytes(box.image.value) != before


def test_the_classic_steps_show_the_reference_figures(box, sliders):
    sliders["seed"].value, sliders["learning rate"].value = 1, 1.0
    for iterations, expected in ((0, [-0.16595599, 0.44064899, -0.99977125]),
                                 (10, [1.72057624, 0.23669265, -0.84074522]),
                                 (1_000, [7.26283009, -0.21614618, -3.41703015])):
        sliders["iterations"].value = iterations
        np.testing.assert_allclose(shown_numbers(box)[0], expected, atol=5e-9)


def test_an_iterations_move_does_not_retrain(box, sliders, monkeypatch):
    sliders["seed"].value, sliders["learning rate"].value = 3, 1.0
    calls = []
    monkeypatch.setattr(explorer, "train", lambda *a, **k: calls.append(1))
    for iterations in (0, 50, 9_990):
        sliders["iterations"].value = iterations
    assert calls == []


def test_trajectory_predicts_the_new_example_from_each_steps_weights(monkeypatch):
    calls = []
    real_predict = explorer.predict

    def spy(inputs, weights):
        calls.append((np.asarray(inputs), np.asarray(weights)))
        return real_predict(inputs, weights)

    monkeypatch.setattr(explorer, "predict", spy)
    explorer.trajectory.cache_clear()
    history, _, prediction = explorer.trajectory(7, 0.3)
    for inputs, _ in calls:  # predict's inputs are examples, never the weight history
        assert inputs.shape[-1] == 3 and inputs.shape[0] <= 4, inputs.shape
    for k in (0, 1, 500, len(history) - 1):
        assert prediction[k] == pytest.approx(nnlib.predict(nnlib.NEW_INPUT, history[k])[0], rel=1e-15)
