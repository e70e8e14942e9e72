"""nnlib: the library of the book "One Neuron".

One sigmoid neuron, trained by the delta rule, exactly as the chapters derive
it. Every notebook imports it (``import nnlib``); nothing is installed.

Each chapter's explorer lives in a module of its own, imported by name
(``from nnlib import xor_explorer``): ``sigmoid_explorer`` (chapter 2),
``landscape_explorer`` (3), ``explorer`` (4, exported below as
``convergence_explorer``), ``xor_explorer`` (5) and ``reliability_explorer``
(6). Each holds its controls' values and defaults, an ipywidgets explorer
for Jupyter, and the data the rendered book's explorer is built from.
"""

from .explorer import convergence_explorer
from .problem import NEW_INPUT, TRAINING_INPUTS, TRAINING_OUTPUTS
from .network import NetworkResult, network_gradients, train_network
from .neuron import (
    ManyResult,
    TrainingResult,
    delta_rule_step,
    init_weights,
    mean_squared_error,
    predict,
    sigmoid,
    sigmoid_derivative,
    train,
    train_many,
)

__all__ = [
    "NEW_INPUT",
    "TRAINING_INPUTS",
    "TRAINING_OUTPUTS",
    "ManyResult",
    "NetworkResult",
    "TrainingResult",
    "convergence_explorer",
    "delta_rule_step",
    "init_weights",
    "mean_squared_error",
    "network_gradients",
    "predict",
    "sigmoid",
    "sigmoid_derivative",
    "train",
    "train_many",
    "train_network",
]
