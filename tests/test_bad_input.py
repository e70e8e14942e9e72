"""Every malformed call to nnlib raises ValueError or TypeError naming the argument."""

import numpy as np
import pytest
from hypothesis import given

import nnlib
from malformed import anything, assert_clear_error, assert_refused_or_finite

X, Y = nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS
W = nnlib.init_weights(1)

BAD_CALLS = {
    "1-D inputs": (lambda: nnlib.train(X[0], Y), "inputs"),
    "3-D inputs": (lambda: nnlib.train(X[None], Y), "inputs"),
    "empty inputs": (lambda: nnlib.train(np.empty((0, 3)), np.empty((0, 1))), "inputs"),
    "row counts differ": (lambda: nnlib.train(X, Y[:3]), "targets"),
    "two target columns": (lambda: nnlib.train(X, np.hstack([Y, Y])), "targets"),
    "weights too short": (lambda: nnlib.train(X, Y, weights=[0.1, 0.2]), "weights"),
    "weights as a row": (lambda: nnlib.delta_rule_step(X, Y, W.T), "weights"),
    "predict with wrong weights": (lambda: nnlib.predict(X, np.ones((4, 1))), "weights"),
    "string inputs": (lambda: nnlib.train([["a", "b", "c"]] * 4, Y), "inputs"),
    "object inputs": (lambda: nnlib.predict([[1, None, 0]], W), "inputs"),
    "ragged inputs": (lambda: nnlib.train([[0, 1], [1, 1, 1]], [0, 1]), "inputs"),
    "complex inputs": (lambda: nnlib.predict(X + 1j, W), "inputs"),
    "NaN in inputs": (lambda: nnlib.train(np.where(X == 1, np.nan, X), Y), "inputs"),
    "inf in targets": (lambda: nnlib.train(X, np.where(Y == 1, np.inf, Y)), "targets"),
    "NaN in weights": (lambda: nnlib.predict(X, W * np.nan), "weights"),
    "negative iterations": (lambda: nnlib.train(X, Y, iterations=-1), "iterations"),
    "fractional iterations": (lambda: nnlib.train(X, Y, iterations=10.5), "iterations"),
    "float iterations": (lambda: nnlib.train(X, Y, iterations=10.0), "iterations"),
    "bool iterations": (lambda: nnlib.train(X, Y, iterations=True), "iterations"),
    "str iterations": (lambda: nnlib.train(X, Y, iterations="100"), "iterations"),
    "zero learning rate": (lambda: nnlib.train(X, Y, learning_rate=0), "learning_rate"),
    "negative learning rate": (lambda: nnlib.delta_rule_step(X, Y, W, learning_rate=-0.1), "learning_rate"),
    "infinite learning rate": (lambda: nnlib.train(X, Y, learning_rate=float("inf")), "learning_rate"),
    "NaN learning rate": (lambda: nnlib.train(X, Y, learning_rate=float("nan")), "learning_rate"),
    "str learning rate": (lambda: nnlib.train(X, Y, learning_rate="1"), "learning_rate"),
    "negative seed": (lambda: nnlib.train(X, Y, seed=-1), "seed"),
    "huge seed": (lambda: nnlib.init_weights(2**32), "seed"),
    "float seed": (lambda: nnlib.init_weights(1.0), "seed"),
    "zero n_inputs": (lambda: nnlib.init_weights(1, n_inputs=0), "n_inputs"),
    "negative seed in many": (lambda: nnlib.train_many(X, Y, [1, -2]), "seeds"),
    "no seeds": (lambda: nnlib.train_many(X, Y, []), "seeds"),
    "seeds not a sequence": (lambda: nnlib.train_many(X, Y, 5), "seeds"),
    "NaN into sigmoid": (lambda: nnlib.sigmoid([0.0, np.nan]), "z"),
    "text into sigmoid": (lambda: nnlib.sigmoid("0.5"), "z"),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_call_raises_a_clear_error(case):
    assert_clear_error(*BAD_CALLS[case])


@given(inputs=anything, targets=anything)
def test_train_accepts_or_refuses_any_examples(inputs, targets):
    assert_refused_or_finite(lambda: nnlib.train(inputs, targets, iterations=3), "weights", "loss")


@given(weights=anything, inputs=anything)
def test_predict_accepts_or_refuses_anything(weights, inputs):
    assert_refused_or_finite(lambda: nnlib.predict(inputs, weights))


@given(iterations=anything, learning_rate=anything, seed=anything)
def test_train_settings_accept_or_refuse_anything(iterations, learning_rate, seed):
    assert_refused_or_finite(
        lambda: nnlib.train(X, Y, iterations=iterations, learning_rate=learning_rate, seed=seed), "weights", "loss"
    )


@given(seeds=anything)
def test_train_many_accepts_or_refuses_any_seeds(seeds):
    assert_refused_or_finite(lambda: nnlib.train_many(X, Y, seeds, iterations=3), "weights", "loss")
