"""The book's problem: four examples of three binary inputs, and one new example.

The output of each example equals its first input. The third input is 1 in
every training example, so its weight acts as a bias; the new example is the
only one where it is 0 (chapter "The problem").
"""

import numpy as np

#: The four training examples, one per row; shape (4, 3).
TRAINING_INPUTS = np.array(
    [[0, 0, 1],
     [1, 1, 1],
     [1, 0, 1],
     [0, 1, 1]],
    dtype=np.float64,
)

#: The target output of each training example; shape (4, 1).
TRAINING_OUTPUTS = np.array([[0, 1, 1, 0]], dtype=np.float64).T

#: The example the trained neuron is asked about; shape (3,).
NEW_INPUT = np.array([1, 0, 0], dtype=np.float64)

for _array in (TRAINING_INPUTS, TRAINING_OUTPUTS, NEW_INPUT):
    _array.flags.writeable = False  # a notebook must not change the problem by accident
