"""nnlib: the library of the book "One Neuron".

One sigmoid neuron, trained by the delta rule, exactly as the chapters derive
it. Every notebook imports it (``import nnlib``); nothing is installed.
"""

from .problem import NEW_INPUT, TRAINING_INPUTS, TRAINING_OUTPUTS
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
    "TrainingResult",
    "delta_rule_step",
    "init_weights",
    "mean_squared_error",
    "predict",
    "sigmoid",
    "sigmoid_derivative",
    "train",
    "train_many",
]
