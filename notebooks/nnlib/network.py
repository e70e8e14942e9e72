"""Two layers of sigmoid neurons trained by backpropagation.

A hidden layer of ``hidden`` sigmoid neurons reads the inputs; one sigmoid
output neuron reads the hidden layer (chapter "When one neuron is not enough"):

    hidden_output = sigmoid(inputs @ hidden_weights)          # (n, hidden)
    output = sigmoid(hidden_output @ output_weights)           # (n, 1)

Training is full-batch gradient descent on the squared error
E = 1/2 * sum((targets - output)**2). Backpropagation is the delta rule
applied layer by layer, output layer first:

    output_delta = (targets - output) * output * (1 - output)
    hidden_delta = (output_delta @ output_weights.T) * hidden_output * (1 - hidden_output)
    output_weights += learning_rate * hidden_output.T @ output_delta
    hidden_weights += learning_rate * inputs.T @ hidden_delta

This module leaves out everything the book's small problems do not need: no
separate bias terms (a constant input column plays bias, as in the book), one
hidden layer and one output only, no mini-batches, no momentum, no
regularisation, no loss other than the squared error.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import _checks
from .neuron import _weighted_sum, sigmoid


@dataclass(frozen=True)
class NetworkResult:
    """What ``train_network`` returns.

    ``hidden_weights``: shape (m, hidden). ``output_weights``: shape
    (hidden, 1). ``loss``: shape (iterations + 1,), the mean squared error on
    the training examples before training (entry 0) and after each step.
    """

    hidden_weights: np.ndarray
    output_weights: np.ndarray
    loss: np.ndarray

    def predict(self, inputs):
        """Return the network's output: shape (1,) for inputs (m,), shape (n, 1) for inputs (n, m)."""
        inputs = _checks.real_array(inputs, "inputs")
        n_inputs = self.hidden_weights.shape[0]
        if inputs.ndim not in (1, 2) or inputs.shape[-1] != n_inputs:
            raise ValueError(f"inputs must have shape ({n_inputs},) or (n_examples, {n_inputs}), got {inputs.shape}")
        hidden_output = sigmoid(_weighted_sum(inputs, self.hidden_weights))
        return sigmoid(_weighted_sum(hidden_output, self.output_weights))


def network_gradients(inputs, targets, hidden_weights, output_weights):
    """Return the gradients of E = 1/2 * sum((targets - output)**2) for both layers.

    The pair is (dE/dhidden_weights, dE/doutput_weights), shapes (m, hidden)
    and (hidden, 1): minus the steps that backpropagation adds to the weights
    when the learning rate is 1.
    """
    inputs, targets = _checks.examples(inputs, targets)
    hidden_weights = _checks.real_array(hidden_weights, "hidden_weights")
    if hidden_weights.ndim != 2 or hidden_weights.shape[0] != inputs.shape[1] or hidden_weights.shape[1] == 0:
        raise ValueError(
            f"hidden_weights must have shape ({inputs.shape[1]}, hidden) to match the inputs, "
            f"got {hidden_weights.shape}"
        )
    output_weights = _checks.weight_column(output_weights, hidden_weights.shape[1], "output_weights")
    work = _Workspace.make(inputs, targets, hidden_weights.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        _backpropagate(work, hidden_weights, output_weights)
    if not (np.all(np.isfinite(work.hidden_step)) and np.all(np.isfinite(work.output_step))):
        raise ValueError("inputs and weights are too large: the gradients overflow float64")
    return -work.hidden_step, -work.output_step


def train_network(inputs, targets, hidden=4, iterations=60_000, *, seed=1, learning_rate=1.0):
    """Train a network with ``hidden`` hidden neurons by full-batch backpropagation.

    The starting weights come from a private ``numpy.random.RandomState(seed)``,
    hidden layer first: equal to ``numpy.random.seed(seed)``, then
    ``2 * numpy.random.random((m, hidden)) - 1`` and ``2 * numpy.random.random((hidden, 1)) - 1``,
    so uniform on [-1, 1), with numpy's global random state untouched.
    Return a ``NetworkResult``.
    """
    inputs, targets = _checks.examples(inputs, targets)
    hidden = _checks.integer(hidden, "hidden", 1)
    iterations = _checks.integer(iterations, "iterations", 0)
    seed = _checks.seed(seed)
    learning_rate = _checks.positive_real(learning_rate, "learning_rate")
    random_state = np.random.RandomState(seed)
    hidden_weights = 2 * random_state.random_sample((inputs.shape[1], hidden)) - 1
    output_weights = 2 * random_state.random_sample((hidden, 1)) - 1

    work = _Workspace.make(inputs, targets, hidden)
    hidden_step, output_step = work.hidden_step, work.output_step
    loss = np.empty(iterations + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(iterations):
            loss[k] = _backpropagate(work, hidden_weights, output_weights)
            if learning_rate != 1.0:
                hidden_step *= learning_rate
                output_step *= learning_rate
            hidden_weights += hidden_step
            output_weights += output_step
        loss[iterations] = _backpropagate(work, hidden_weights, output_weights)
    if not (np.all(np.isfinite(loss)) and np.all(np.isfinite(hidden_weights)) and np.all(np.isfinite(output_weights))):
        raise ValueError(
            f"training diverged: the weights or the error overflowed float64 (learning_rate {learning_rate}, "
            "or the inputs or targets, are too large)"
        )
    return NetworkResult(hidden_weights=hidden_weights, output_weights=output_weights, loss=loss)


class _Workspace(NamedTuple):
    """The examples and every array a step writes into, made once per call."""

    inputs: np.ndarray  # (n, m)
    inputs_t: np.ndarray  # (m, n), contiguous
    targets: np.ndarray  # (n, 1)
    hidden_output: np.ndarray  # (n, hidden)
    hidden_slope: np.ndarray  # (n, hidden)
    hidden_delta: np.ndarray  # (n, hidden)
    output: np.ndarray  # (n, 1)
    error: np.ndarray  # (n, 1)
    output_delta: np.ndarray  # (n, 1)
    hidden_step: np.ndarray  # (m, hidden)
    output_step: np.ndarray  # (hidden, 1)

    @classmethod
    def make(cls, inputs, targets, hidden):
        n, m = inputs.shape
        return cls(
            inputs, np.ascontiguousarray(inputs.T), targets,
            *(np.empty((n, hidden)) for _ in range(3)),
            *(np.empty((n, 1)) for _ in range(3)),
            np.empty((m, hidden)), np.empty((hidden, 1)),
        )


def _backpropagate(work, hidden_weights, output_weights):
    """Run one forward and one backward pass into ``work``; return the mean squared error.

    Afterwards ``work.hidden_step`` = inputs.T @ hidden_delta and
    ``work.output_step`` = hidden_output.T @ output_delta: minus the gradients
    of E. Call it under ``np.errstate(over="ignore", invalid="ignore")``: exp
    of more than about 709 is inf, and 1 / (1 + inf) = 0 is the sigmoid's
    right limit there; a NaN from overflowing weights is caught by the callers.
    """
    (inputs, inputs_t, targets, hidden_output, hidden_slope, hidden_delta,
     output, error, output_delta, hidden_step, output_step) = work
    np.dot(inputs, hidden_weights, out=hidden_output)
    _sigmoid_in_place(hidden_output)
    np.dot(hidden_output, output_weights, out=output)
    _sigmoid_in_place(output)
    np.subtract(targets, output, out=error)
    mean_squared_error = float(np.vdot(error, error)) / error.shape[0]
    # the delta rule on the output neuron
    np.subtract(1.0, output, out=output_delta)
    output_delta *= output
    output_delta *= error
    # the hidden neurons' error: the output delta sent back through output_weights
    np.dot(output_delta, output_weights.T, out=hidden_delta)
    np.subtract(1.0, hidden_output, out=hidden_slope)
    hidden_slope *= hidden_output
    hidden_delta *= hidden_slope
    np.dot(hidden_output.T, output_delta, out=output_step)
    np.dot(inputs_t, hidden_delta, out=hidden_step)
    return mean_squared_error


def _sigmoid_in_place(z):
    """Overwrite ``z`` with 1 / (1 + exp(-z)) (see ``_backpropagate`` for the overflow).

    For z >= 0 this is ``sigmoid``'s own formula; for z < 0 ``sigmoid`` uses
    exp(z) / (1 + exp(z)), equal up to rounding. One formula keeps the step to
    four in-place calls.
    """
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    np.divide(1.0, z, out=z)
