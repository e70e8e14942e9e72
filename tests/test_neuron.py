"""nnlib's single neuron against figures that did not come from nnlib.

The reference numbers are the classic figures listed in shared/REFERENCE.md
(numpy's 8-digit print of the classic 9-line program); gradients are checked
against central finite differences of the squared error.
"""

import math
import warnings

import numpy as np
import pytest

import nnlib

X, Y = nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS

# Half a unit in the 8th printed digit: the figures are rounded to 8 significant digits.
PRINTED = dict(rtol=5e-8, atol=5e-9)

REFERENCE_WEIGHTS = {
    0: [-0.16595599, 0.44064899, -0.99977125],
    1: [0.12025406, 0.50456196, -0.85063774],
    10: [1.72057624, 0.23669265, -0.84074522],
    100: [4.62128737, -0.20338466, -2.09325311],
    1_000: [7.26283009, -0.21614618, -3.41703015],
    10_000: [9.67299303, -0.2078435, -4.62963669],
}


@pytest.fixture(scope="module")
def classic_run():
    return nnlib.train(X, Y, iterations=10_000)


def test_problem_arrays():
    assert X.dtype == Y.dtype == nnlib.NEW_INPUT.dtype == np.float64
    assert X.shape == (4, 3) and Y.shape == (4, 1) and nnlib.NEW_INPUT.shape == (3,)
    assert np.array_equal(Y[:, 0], X[:, 0])  # the output equals the first input
    assert np.all(X[:, 2] == 1) and nnlib.NEW_INPUT[2] == 0


def test_initial_weights_match_the_classic_stream():
    state = np.random.get_state()
    weights = nnlib.init_weights(1)
    assert weights.shape == (3, 1)
    np.testing.assert_allclose(weights[:, 0], REFERENCE_WEIGHTS[0], **PRINTED)
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]


def test_initial_weights_equal_the_global_seed_recipe():
    for seed in (0, 1, 7, 2**32 - 1):
        saved = np.random.get_state()
        np.random.seed(seed)
        expected = 2 * np.random.random((5, 1)) - 1
        np.random.set_state(saved)
        assert np.array_equal(nnlib.init_weights(seed, n_inputs=5), expected)


def test_predictions_before_training():
    weights = nnlib.init_weights(1)
    np.testing.assert_allclose(nnlib.predict(nnlib.NEW_INPUT, weights), [0.45860596], **PRINTED)
    outputs = nnlib.predict(X, weights)
    assert outputs.shape == (4, 1)
    np.testing.assert_allclose(outputs[:, 0], [0.2689864, 0.3262757, 0.23762817, 0.36375058], **PRINTED)


def test_first_adjustment_and_first_step():
    weights = nnlib.init_weights(1)
    after = nnlib.delta_rule_step(X, Y, weights)
    np.testing.assert_allclose((after - weights)[:, 0], [0.28621005, 0.06391297, 0.14913351], **PRINTED)
    np.testing.assert_allclose(after[:, 0], REFERENCE_WEIGHTS[1], **PRINTED)
    np.testing.assert_array_equal(weights, nnlib.init_weights(1))  # not changed in place


@pytest.mark.parametrize("steps", sorted(REFERENCE_WEIGHTS))
def test_weights_after_steps(classic_run, steps):
    np.testing.assert_allclose(classic_run.history[steps], REFERENCE_WEIGHTS[steps], **PRINTED)


def test_result_after_10000_steps(classic_run):
    assert classic_run.weights.shape == (3, 1)
    assert classic_run.history.shape == (10_001, 3)
    assert classic_run.loss.shape == (10_001,)
    np.testing.assert_allclose(classic_run.weights[:, 0], REFERENCE_WEIGHTS[10_000], **PRINTED)
    np.testing.assert_allclose(classic_run.predict(nnlib.NEW_INPUT), [0.99993704], **PRINTED)
    assert round(float(classic_run.loss[-1]), 7) == 6.46e-05


def test_loss_is_the_mean_squared_error_of_each_row(classic_run):
    for k in (0, 1, 500, 10_000):
        outputs = 1 / (1 + np.exp(-(X @ classic_run.history[k])))
        assert classic_run.loss[k] == pytest.approx(np.mean((Y[:, 0] - outputs) ** 2), rel=1e-12)
    assert np.all(np.diff(classic_run.loss) < 0)  # gradient descent with this step only goes down


def test_train_history_equals_repeated_delta_rule_steps():
    result = nnlib.train(X, Y, iterations=50, seed=3, learning_rate=0.5)
    weights = nnlib.init_weights(3)
    for k in range(1, 51):
        weights = nnlib.delta_rule_step(X, Y, weights, learning_rate=0.5)
        np.testing.assert_allclose(result.history[k], weights[:, 0], rtol=1e-13, atol=1e-13)


def test_train_from_given_weights_and_zero_iterations():
    start = np.array([0.1, -0.2, 0.3])
    result = nnlib.train(X, Y, iterations=0, weights=start)
    assert result.history.shape == (1, 3) and np.array_equal(result.weights[:, 0], start)


def test_large_problems_take_the_batched_path_with_the_same_answer():
    inputs = np.tile(X, (20, 1))  # 80 x 3 values: above the float loop's size
    targets = np.tile(Y, (20, 1))
    big = nnlib.train(inputs, targets, iterations=200)
    weights = nnlib.init_weights(1)
    for _ in range(200):
        weights = nnlib.delta_rule_step(inputs, targets, weights)
    np.testing.assert_allclose(big.weights, weights, rtol=1e-12, atol=1e-12)


def test_the_float_loop_adds_left_to_right_on_every_python():
    # 1e16 + 1 rounds to 1e16, so adding left to right gives z = 0 for this
    # example; a compensated sum (Python >= 3.12's sum()) would give z = -1.
    # explorer.js adds left to right too, so its numbers match on every Python.
    inputs, targets = np.array([[1.0, 1.0, 1.0]]), np.array([[1.0]])
    start = [-1e16, -1.0, 1e16]
    z = 0.0
    for x, w in zip(inputs[0], start):
        z = z + x * w
    assert z == 0.0
    output = 1.0 / (1.0 + math.exp(-z))
    slope = (1.0 - output) * output * (1.0 - output)
    expected = [w + x * slope for w, x in zip(start, inputs[0])]
    result = nnlib.train(inputs, targets, iterations=1, weights=np.array(start))
    assert result.history[1].tolist() == expected


def squared_error(weights):
    output = 1 / (1 + np.exp(-(X @ weights)))
    return 0.5 * np.sum((Y - output) ** 2)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_delta_rule_step_is_a_negative_gradient_step(seed):
    weights = nnlib.init_weights(seed)
    h = 1e-6
    gradient = np.zeros_like(weights)
    for j in range(3):
        bump = np.zeros_like(weights)
        bump[j] = h
        gradient[j] = (squared_error(weights + bump) - squared_error(weights - bump)) / (2 * h)
    learning_rate = 0.3
    step = nnlib.delta_rule_step(X, Y, weights, learning_rate=learning_rate) - weights
    np.testing.assert_allclose(step, -learning_rate * gradient, rtol=1e-7, atol=1e-10)


def test_sigmoid_derivative_matches_finite_differences():
    z = np.linspace(-8, 8, 41)
    h = 1e-6
    numeric = (nnlib.sigmoid(z + h) - nnlib.sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(nnlib.sigmoid_derivative(z), numeric, rtol=1e-6, atol=1e-9)


def test_sigmoid_matches_the_formula_and_the_limits():
    z = np.linspace(-30, 30, 6001)
    np.testing.assert_allclose(nnlib.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=0, atol=1e-15)
    assert nnlib.sigmoid(0.0) == 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extremes = nnlib.sigmoid([-np.inf, -1e308, -800.0, 800.0, 1e308, np.inf])
    assert list(extremes) == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]


@pytest.mark.parametrize("learning_rate", [0.1, 1.0, 2.5])
def test_train_many_equals_train_seed_by_seed(learning_rate):
    seeds = [0, 1, 2, 5, 42, 1234]
    many = nnlib.train_many(X, Y, seeds, iterations=2_000, learning_rate=learning_rate)
    assert many.weights.shape == (len(seeds), 3, 1) and many.loss.shape == (len(seeds),)
    for i, seed in enumerate(seeds):
        one = nnlib.train(X, Y, iterations=2_000, seed=seed, learning_rate=learning_rate)
        np.testing.assert_allclose(many.weights[i], one.weights, rtol=0, atol=1e-12)
        assert many.loss[i] == pytest.approx(one.loss[-1], rel=1e-9)


def test_train_many_reproduces_the_classic_seed():
    many = nnlib.train_many(X, Y, [1, 2], iterations=10_000)
    np.testing.assert_allclose(many.weights[0, :, 0], REFERENCE_WEIGHTS[10_000], **PRINTED)
    np.testing.assert_allclose(many.predict(nnlib.NEW_INPUT)[0], [0.99993704], **PRINTED)
    assert many.predict(X).shape == (2, 4, 1)


def test_one_dimensional_targets_never_broadcast():
    result = nnlib.train(X, Y[:, 0], iterations=100)
    reference = nnlib.train(X, Y, iterations=100)
    assert result.weights.shape == (3, 1)
    np.testing.assert_array_equal(result.weights, reference.weights)
    assert nnlib.delta_rule_step(X, Y[:, 0], nnlib.init_weights(1)).shape == (3, 1)


def test_sigmoid_derivative_is_accurate_over_the_whole_range():
    # closed form with exp(-|z|), which neither overflows nor cancels
    z = np.linspace(-700, 700, 140_001)
    e = np.exp(-np.abs(z))
    reference = e / (1 + e) ** 2
    slope = nnlib.sigmoid_derivative(z)
    np.testing.assert_allclose(slope, reference, rtol=1e-14, atol=0)
    assert nnlib.sigmoid_derivative(36.74) > 0  # about exp(-36.74), not 0
    assert np.array_equal(slope, nnlib.sigmoid_derivative(-z))


def test_losses_have_one_entry_per_weight_vector_even_with_one_input():
    inputs, targets = X[:, :1], Y  # one input column: (1, 1) arrays are ambiguous
    assert nnlib.train(inputs, targets, iterations=0).loss.shape == (1,)
    assert nnlib.train(inputs, targets, iterations=3).loss.shape == (4,)
    assert nnlib.train_many(inputs, targets, [1], iterations=5).loss.shape == (1,)
