"""One sigmoid neuron trained by the delta rule.

The neuron computes ``output = sigmoid(inputs @ weights)``: ``inputs`` has one
example per row, shape (n, m); ``weights`` is a column, shape (m, 1); the
output is a column, shape (n, 1). Training is full-batch gradient descent on
the squared error 1/2 * sum((targets - output)**2), step by step:

    weights += learning_rate * inputs.T @ ((targets - output) * output * (1 - output))

This module leaves out everything a single neuron does not need: no hidden
layers (see ``network.py``), no mini-batches, no regularisation.
"""

import math
from dataclasses import dataclass
from functools import reduce
from operator import add, mul

import numpy as np

from . import _checks


def sigmoid(z):
    """Return the logistic function 1 / (1 + exp(-z)), elementwise, as float64.

    The formula as written overflows in ``exp`` for z below about -709. Here
    ``exp`` only ever sees -|z|, so it cannot overflow, and the two branches
    are algebraically the same function. NaN in ``z`` is refused.
    """
    z = _checks.real_array(z, "z", allow_infinity=True)
    exp_neg_abs = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))


def sigmoid_derivative(z):
    """Return the slope of the sigmoid at ``z``: sigmoid(z) * (1 - sigmoid(z)).

    Computed as sigmoid(z) * sigmoid(-z), the same number since
    1 - sigmoid(z) = sigmoid(-z): for large z, 1 - sigmoid(z) would subtract
    two numbers close to 1 and lose the digits (it is exactly 0 from z = 36.74),
    while sigmoid(-z) keeps them. The product is also exactly symmetric in z.
    """
    z = _checks.real_array(z, "z", allow_infinity=True)
    return sigmoid(z) * sigmoid(-z)


def init_weights(seed=1, n_inputs=3):
    """Return the classic starting weights, shape (n_inputs, 1), uniform on [-1, 1).

    Equal to ``numpy.random.seed(seed); 2 * numpy.random.random((n_inputs, 1)) - 1``
    but drawn from a private generator, so numpy's global random state is untouched.
    """
    seed = _checks.seed(seed)
    n_inputs = _checks.integer(n_inputs, "n_inputs", 1)
    return 2 * np.random.RandomState(seed).random_sample((n_inputs, 1)) - 1


def predict(inputs, weights):
    """Return the neuron's output for ``inputs``.

    ``inputs`` of shape (m,) is one example and gives shape (1,); shape (n, m)
    gives one output per row, shape (n, 1).
    """
    inputs = _checks.real_array(inputs, "inputs")
    if inputs.ndim not in (1, 2) or inputs.shape[-1] == 0:
        raise ValueError(f"inputs must have shape (n_inputs,) or (n_examples, n_inputs), got {inputs.shape}")
    weights = _checks.weight_column(weights, inputs.shape[-1])
    return sigmoid(_weighted_sum(inputs, weights))


def delta_rule_step(inputs, targets, weights, learning_rate=1.0):
    """Return the weights after one step of the delta rule (chapter "The delta rule").

    The step is gradient descent on the squared error E = 1/2 * sum((targets - output)**2):
    dE/dweights = -inputs.T @ ((targets - output) * output * (1 - output)),
    because the sigmoid's slope is output * (1 - output). The argument
    ``weights`` is not changed.
    """
    inputs, targets = _checks.examples(inputs, targets)
    weights = _checks.weight_column(weights, inputs.shape[1])
    learning_rate = _checks.positive_real(learning_rate, "learning_rate")
    output = sigmoid(_weighted_sum(inputs, weights))
    error = targets - output
    adjustment = inputs.T @ (error * output * (1 - output))
    return weights + learning_rate * adjustment


@dataclass(frozen=True)
class TrainingResult:
    """What ``train`` returns.

    ``weights``: the final weights, shape (m, 1). ``history``: shape
    (iterations + 1, m), row 0 the starting weights and row k the weights
    after k steps. ``loss``: shape (iterations + 1,), the mean squared error
    of each row of ``history`` on the training examples.
    """

    weights: np.ndarray
    history: np.ndarray
    loss: np.ndarray
    learning_rate: float

    def predict(self, inputs):
        """Return the trained neuron's output for ``inputs`` (see ``predict``)."""
        return predict(inputs, self.weights)


def train(inputs, targets, iterations=10_000, *, seed=1, weights=None, learning_rate=1.0):
    """Train one neuron for ``iterations`` full-batch steps of the delta rule.

    Start from ``weights`` if given, else from ``init_weights(seed)``. Return a
    ``TrainingResult`` with the final weights, every step's weights and the
    mean squared error after every step (chapter "The training loop").
    """
    inputs, targets = _checks.examples(inputs, targets)
    iterations = _checks.integer(iterations, "iterations", 0)
    learning_rate = _checks.positive_real(learning_rate, "learning_rate")
    n_inputs = inputs.shape[1]
    if weights is None:
        start = init_weights(_checks.seed(seed), n_inputs)
    else:
        start = _checks.weight_column(weights, n_inputs)
    if inputs.size <= _SCALAR_LOOP_MAX_SIZE:
        history = _steps_on_floats(inputs, targets[:, 0], start[:, 0], iterations, learning_rate)
    else:
        history = _steps_batched(inputs, targets[:, 0], start.T, iterations, learning_rate, True)[:, 0, :]
    _check_finite(history[-1], learning_rate)
    return TrainingResult(
        weights=history[-1][:, np.newaxis].copy(),
        history=history,
        loss=_losses(inputs, targets, history),
        learning_rate=learning_rate,
    )


@dataclass(frozen=True)
class ManyResult:
    """What ``train_many`` returns: one trained neuron per seed.

    ``seeds``: shape (s,). ``weights``: the final weights, shape (s, m, 1).
    ``loss``: the final mean squared error of each, shape (s,).
    """

    seeds: np.ndarray
    weights: np.ndarray
    loss: np.ndarray
    learning_rate: float

    def predict(self, inputs):
        """Return every neuron's output for ``inputs``: shape (s, 1) for one example, (s, n, 1) for n."""
        inputs = _checks.real_array(inputs, "inputs")
        if inputs.ndim not in (1, 2) or inputs.shape[-1] != self.weights.shape[1]:
            raise ValueError(
                f"inputs must have shape ({self.weights.shape[1]},) or (n_examples, {self.weights.shape[1]}), "
                f"got {inputs.shape}"
            )
        return sigmoid(_weighted_sum(inputs, self.weights))


def train_many(inputs, targets, seeds, iterations=10_000, learning_rate=1.0):
    """Train one neuron per seed, all at once; each equals ``train`` with that seed.

    The seeds are stacked into one batch so that every step is a few numpy
    calls on an (s, n) array instead of a Python loop over seeds.
    """
    inputs, targets = _checks.examples(inputs, targets)
    iterations = _checks.integer(iterations, "iterations", 0)
    learning_rate = _checks.positive_real(learning_rate, "learning_rate")
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a sequence of integers, got {type(seeds).__name__}")
    seeds = [_checks.seed(s, "seeds") for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    n_inputs = inputs.shape[1]
    start = np.stack([init_weights(s, n_inputs)[:, 0] for s in seeds])
    final = _steps_batched(inputs, targets[:, 0], start, iterations, learning_rate, False)
    _check_finite(final, learning_rate)
    weights = final[:, :, np.newaxis]
    return ManyResult(
        seeds=np.array(seeds),
        weights=weights,
        loss=_losses(inputs, targets, final),
        learning_rate=learning_rate,
    )


def mean_squared_error(inputs, targets, weights):
    """Return the mean over examples of (target - output)**2.

    ``weights`` may be one column (m, 1), giving a float, or a stack of
    weight vectors as rows (k, m), giving shape (k,). With one input (m = 1)
    a (1, 1) array is read as a column; ``train`` and ``train_many`` never
    have to guess, their losses always have one entry per weight vector.
    """
    inputs, targets = _checks.examples(inputs, targets)
    weights = _checks.real_array(weights, "weights")
    if weights.ndim == 2 and weights.shape[1] == 1 and weights.shape[0] == inputs.shape[1]:
        return float(np.mean((targets - sigmoid(_weighted_sum(inputs, weights))) ** 2))
    if weights.ndim != 2 or weights.shape[1] != inputs.shape[1]:
        raise ValueError(f"weights must have shape ({inputs.shape[1]}, 1) or (k, {inputs.shape[1]}), got {weights.shape}")
    return _losses(inputs, targets, weights)


def _losses(inputs, targets, stack):
    """Return the mean squared error of each row of ``stack`` (k, m), shape (k,)."""
    outputs = sigmoid(_weighted_sum(stack, inputs.T))  # (k, n): one row per weight vector
    return np.mean((targets[:, 0] - outputs) ** 2, axis=1)


# Below this many input values, ``train`` steps on Python floats: for the
# book's 4 x 3 problem numpy's cost per call, not arithmetic, is most of the
# time, and plain floats run the same arithmetic about twice as fast.
_SCALAR_LOOP_MAX_SIZE = 64


def _steps_on_floats(inputs, targets, weights, iterations, learning_rate):
    """Return the (iterations + 1, m) weight history of the delta rule, on Python floats."""
    negated_rows = [tuple(-x for x in row) for row in inputs.tolist()]
    examples = list(zip(negated_rows, targets.tolist()))
    scaled_columns = [tuple(learning_rate * x for x in column) for column in inputs.T.tolist()]
    weights = weights.tolist()
    history = [weights]
    exp = math.exp
    # Sums go left to right with reduce(add, ...), not sum(): from Python 3.12
    # sum() of floats is compensated (Neumaier), which would make the last bits
    # depend on the Python version, and the page's explorer.js adds left to right.
    for _ in range(iterations):
        slopes = []
        for negated_inputs, target in examples:
            try:
                output = 1.0 / (1.0 + exp(reduce(add, map(mul, negated_inputs, weights))))
            except OverflowError:  # exp of more than about 709: the output rounds to 0
                output = 0.0
            slopes.append((target - output) * output * (1.0 - output))
        weights = [w + reduce(add, map(mul, column, slopes)) for w, column in zip(weights, scaled_columns)]
        history.append(weights)
    return np.array(history, dtype=np.float64)


def _steps_batched(inputs, targets, weights, iterations, learning_rate, keep_history):
    """Run the delta rule on s weight vectors at once; ``weights`` has shape (s, m).

    Return the final weights, shape (s, m), or with ``keep_history`` the
    history, shape (iterations + 1, s, m). Every call writes into arrays made
    once, before the loop.
    """
    weights = weights.copy()
    negated_inputs_t = np.ascontiguousarray(-inputs.T)  # (m, n)
    scaled_inputs = inputs * learning_rate  # (n, m)
    shape = (weights.shape[0], inputs.shape[0])
    work, output, slope = np.empty(shape), np.empty(shape), np.empty(shape)
    step = np.empty_like(weights)
    history = np.empty((iterations + 1,) + weights.shape) if keep_history else None
    if keep_history:
        history[0] = weights
    # exp(large) = inf gives output 0, the right limit; a NaN from inf - inf
    # is caught after the loop by _check_finite.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(iterations):
            np.dot(weights, negated_inputs_t, out=work)
            np.exp(work, out=work)
            work += 1.0
            np.divide(1.0, work, out=output)
            np.subtract(1.0, output, out=work)
            work *= output
            np.subtract(targets, output, out=slope)
            slope *= work
            np.dot(slope, scaled_inputs, out=step)
            weights += step
            if keep_history:
                history[k + 1] = weights
    return history if keep_history else weights


def _weighted_sum(left, right):
    """Return ``left @ right``, refusing a product that overflows into NaN."""
    with np.errstate(over="ignore", invalid="ignore"):
        product = left @ right
    if np.any(np.isnan(product)):
        raise ValueError("inputs and weights are too large: their weighted sum overflows float64")
    return product


def _check_finite(weights, learning_rate):
    if not np.all(np.isfinite(weights)):
        raise ValueError(
            f"training diverged: the weights overflowed float64 (learning_rate {learning_rate}, "
            "or the inputs, are too large)"
        )
