"""nnlib: the library of the book "One Neuron".

One sigmoid neuron, trained by the delta rule, exactly as the chapters derive
it. Every notebook imports it (``import nnlib``); nothing is installed.
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
