"""nnlib's two-layer network against references that did not come from nnlib.

Gradients are checked against central finite differences of the squared
error, computed here with a forward pass written out in this file; training
is checked against a plain numpy loop of the classic multi-layer program and
against the XOR behaviour the chapter "When one neuron is not enough" shows.
"""

import numpy as np
import pytest
from hypothesis import given, strategies as st

import nnlib
from nnlib.network import network_gradients, train_network
from malformed import anything, assert_clear_error, assert_refused_or_finite

NETWORK_FIELDS = ("hidden_weights", "output_weights", "loss")

XOR_INPUTS = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
XOR_TARGETS = np.array([[0], [1], [1], [0]], dtype=float)


def half_squared_error(inputs, targets, hidden_weights, output_weights):
    """Return 1/2 * sum((targets - output)**2), straight from the formula."""
    hidden_output = 1.0 / (1.0 + np.exp(-(inputs @ hidden_weights)))
    output = 1.0 / (1.0 + np.exp(-(hidden_output @ output_weights)))
    return 0.5 * np.sum((targets - output) ** 2)


def central_differences(inputs, targets, hidden_weights, output_weights, h=1e-6):
    """Return the finite-difference gradients of ``half_squared_error`` for both weight arrays."""
    weights = [hidden_weights.copy(), output_weights.copy()]
    gradients = [np.empty_like(w) for w in weights]
    for w, gradient in zip(weights, gradients):
        for index in np.ndindex(w.shape):
            saved = w[index]
            w[index] = saved + h
            above = half_squared_error(inputs, targets, *weights)
            w[index] = saved - h
            below = half_squared_error(inputs, targets, *weights)
            w[index] = saved
            gradient[index] = (above - below) / (2 * h)
    return gradients


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("hidden", [1, 3, 4])
def test_gradients_match_finite_differences(seed, hidden):
    rng = np.random.default_rng(seed)
    inputs = rng.uniform(-2, 2, size=(5, 3))
    targets = rng.uniform(0, 1, size=(5, 1))
    hidden_weights = rng.uniform(-2, 2, size=(3, hidden))
    output_weights = rng.uniform(-2, 2, size=(hidden, 1))
    hidden_gradient, output_gradient = network_gradients(inputs, targets, hidden_weights, output_weights)
    expected_hidden, expected_output = central_differences(inputs, targets, hidden_weights, output_weights)
    assert hidden_gradient.shape == (3, hidden) and output_gradient.shape == (hidden, 1)
    np.testing.assert_allclose(hidden_gradient, expected_hidden, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(output_gradient, expected_output, rtol=1e-6, atol=1e-9)


def test_gradients_leave_their_arguments_alone():
    hidden_weights, output_weights = np.full((3, 2), 0.5), np.full((2, 1), -0.5)
    network_gradients(XOR_INPUTS, XOR_TARGETS, hidden_weights, output_weights)
    assert np.all(hidden_weights == 0.5) and np.all(output_weights == -0.5)


def classic_multilayer_loop(inputs, targets, hidden, iterations, seed, learning_rate=1.0):
    """The classic two-layer program, global seed and all, as a reference."""
    saved = np.random.get_state()
    np.random.seed(seed)
    hidden_weights = 2 * np.random.random((inputs.shape[1], hidden)) - 1
    output_weights = 2 * np.random.random((hidden, 1)) - 1
    np.random.set_state(saved)
    start = hidden_weights.copy(), output_weights.copy()
    for _ in range(iterations):
        hidden_output = 1 / (1 + np.exp(-(inputs @ hidden_weights)))
        output = 1 / (1 + np.exp(-(hidden_output @ output_weights)))
        output_delta = (targets - output) * output * (1 - output)
        hidden_delta = output_delta @ output_weights.T * hidden_output * (1 - hidden_output)
        output_weights = output_weights + learning_rate * hidden_output.T @ output_delta
        hidden_weights = hidden_weights + learning_rate * inputs.T @ hidden_delta
    return start, hidden_weights, output_weights


@pytest.mark.parametrize("seed, hidden, learning_rate", [(1, 4, 1.0), (0, 2, 0.5), (7, 5, 3.0)])
def test_training_equals_the_classic_loop(seed, hidden, learning_rate):
    start, hidden_weights, output_weights = classic_multilayer_loop(
        XOR_INPUTS, XOR_TARGETS, hidden, 200, seed, learning_rate
    )
    result = train_network(XOR_INPUTS, XOR_TARGETS, hidden, 200, seed=seed, learning_rate=learning_rate)
    np.testing.assert_allclose(result.hidden_weights, hidden_weights, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(result.output_weights, output_weights, rtol=1e-10, atol=1e-12)
    # no steps: the starting weights, bit for bit
    untrained = train_network(XOR_INPUTS, XOR_TARGETS, hidden, 0, seed=seed)
    np.testing.assert_array_equal(untrained.hidden_weights, start[0])
    np.testing.assert_array_equal(untrained.output_weights, start[1])


def test_training_leaves_the_global_random_state_alone():
    saved = np.random.get_state()
    train_network(XOR_INPUTS, XOR_TARGETS, iterations=2)
    after = np.random.get_state()
    assert saved[0] == after[0] and np.array_equal(saved[1], after[1]) and saved[2:] == after[2:]


def test_loss_is_the_mean_squared_error_of_each_step():
    for iterations in (0, 1, 5):
        result = train_network(XOR_INPUTS, XOR_TARGETS, 3, iterations, seed=2)
        expected = 2 * half_squared_error(XOR_INPUTS, XOR_TARGETS, result.hidden_weights, result.output_weights) / 4
        assert result.loss.shape == (iterations + 1,)
        assert result.loss[-1] == pytest.approx(expected, rel=1e-12)
    start = train_network(XOR_INPUTS, XOR_TARGETS, 3, 0, seed=2)
    assert result.loss[0] == start.loss[0]


@pytest.fixture(scope="module")
def xor_network():
    return train_network(XOR_INPUTS, XOR_TARGETS)


def test_a_hidden_layer_solves_xor_where_one_neuron_cannot(xor_network):
    assert xor_network.loss.shape == (60_001,)
    assert xor_network.loss[-1] < 0.01
    outputs = xor_network.predict(XOR_INPUTS)
    assert np.all((outputs > 0.5) == (XOR_TARGETS == 1))
    single = nnlib.train(XOR_INPUTS, XOR_TARGETS, iterations=10_000)
    assert single.loss[-1] >= 0.2


def test_predict_shapes(xor_network):
    assert xor_network.predict(XOR_INPUTS).shape == (4, 1)
    assert xor_network.predict(XOR_INPUTS[1]).shape == (1,)
    assert xor_network.predict(XOR_INPUTS[1])[0] == xor_network.predict(XOR_INPUTS)[1, 0]
    assert xor_network.hidden_weights.shape == (3, 4) and xor_network.output_weights.shape == (4, 1)


def test_saturated_training_stays_finite_and_quiet():
    # Huge steps saturate every sigmoid; exp overflows inside, but no warning and no NaN get out.
    result = train_network(XOR_INPUTS, XOR_TARGETS, iterations=20, learning_rate=1e6)
    assert np.all(np.isfinite(result.loss)) and np.all(np.isfinite(result.hidden_weights))


X, Y = XOR_INPUTS, XOR_TARGETS
W1, W2 = np.ones((3, 4)), np.ones((4, 1))

BAD_CALLS = {
    "1-D inputs": (lambda: train_network(X[0], Y), "inputs"),
    "string inputs": (lambda: train_network([["a", "b", "c"]] * 4, Y), "inputs"),
    "NaN in inputs": (lambda: train_network(np.where(X == 1, np.nan, X), Y), "inputs"),
    "no targets": (lambda: train_network(X[:2], None), "targets"),
    "no targets for the gradients": (lambda: network_gradients(X[:2], None, W1, W2), "targets"),
    "row counts differ": (lambda: train_network(X, Y[:3]), "targets"),
    "two target columns": (lambda: train_network(X, np.hstack([Y, Y])), "targets"),
    "inf in targets": (lambda: train_network(X, np.where(Y == 1, np.inf, Y)), "targets"),
    "targets so large the error overflows": (lambda: train_network(X, Y * 1e200, iterations=2), "targets"),
    "zero hidden": (lambda: train_network(X, Y, hidden=0), "hidden"),
    "negative hidden": (lambda: train_network(X, Y, hidden=-1), "hidden"),
    "fractional hidden": (lambda: train_network(X, Y, hidden=2.5), "hidden"),
    "bool hidden": (lambda: train_network(X, Y, hidden=True), "hidden"),
    "str hidden": (lambda: train_network(X, Y, hidden="4"), "hidden"),
    "negative iterations": (lambda: train_network(X, Y, iterations=-1), "iterations"),
    "float iterations": (lambda: train_network(X, Y, iterations=10.0), "iterations"),
    "bool iterations": (lambda: train_network(X, Y, iterations=True), "iterations"),
    "str iterations": (lambda: train_network(X, Y, iterations="100"), "iterations"),
    "zero learning rate": (lambda: train_network(X, Y, learning_rate=0), "learning_rate"),
    "negative learning rate": (lambda: train_network(X, Y, learning_rate=-1.0), "learning_rate"),
    "infinite learning rate": (lambda: train_network(X, Y, learning_rate=float("inf")), "learning_rate"),
    "NaN learning rate": (lambda: train_network(X, Y, learning_rate=float("nan")), "learning_rate"),
    "str learning rate": (lambda: train_network(X, Y, learning_rate="1"), "learning_rate"),
    "bool learning rate": (lambda: train_network(X, Y, learning_rate=True), "learning_rate"),
    "negative seed": (lambda: train_network(X, Y, seed=-1), "seed"),
    "huge seed": (lambda: train_network(X, Y, seed=2**32), "seed"),
    "float seed": (lambda: train_network(X, Y, seed=1.0), "seed"),
    "str seed": (lambda: train_network(X, Y, seed="1"), "seed"),
    "predict with the wrong width": (lambda: train_network(X, Y, iterations=0).predict([1, 0]), "inputs"),
    "predict on text": (lambda: train_network(X, Y, iterations=0).predict("101"), "inputs"),
    "gradients with a 1-D hidden layer": (lambda: network_gradients(X, Y, W1[:, 0], W2), "hidden_weights"),
    "gradients with mismatched layers": (lambda: network_gradients(X, Y, W1, W2[:3]), "output_weights"),
    "gradients with NaN weights": (lambda: network_gradients(X, Y, W1 * np.nan, W2), "hidden_weights"),
    "gradients that overflow": (lambda: network_gradients(X * 1e300, Y, 0 * W1, [[1e300], [-1e300]] * 2), "inputs"),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_call_raises_a_clear_error(case):
    assert_clear_error(*BAD_CALLS[case])


@given(inputs=anything, targets=anything, hidden=anything)
def test_training_accepts_or_refuses_any_examples(inputs, targets, hidden):
    assert_refused_or_finite(lambda: train_network(inputs, targets, hidden, iterations=3), *NETWORK_FIELDS)


@given(hidden=anything, iterations=anything, learning_rate=anything, seed=anything)
def test_training_settings_accept_or_refuse_anything(hidden, iterations, learning_rate, seed):
    assert_refused_or_finite(
        lambda: train_network(X, Y, hidden, iterations, seed=seed, learning_rate=learning_rate), *NETWORK_FIELDS
    )


@given(
    inputs=st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=3, max_size=3),
    scale=st.floats(min_value=1e-3, max_value=1e300),
)
def test_prediction_is_refused_or_a_probability(inputs, scale):
    network = train_network(X, Y, iterations=3)
    with np.errstate(over="ignore"):
        inputs = np.array(inputs) * scale
    try:
        output = network.predict(inputs)
    except (ValueError, TypeError):
        return
    assert output.shape == (1,) and 0.0 <= output[0] <= 1.0
