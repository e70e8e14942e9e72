"""Argument checks shared by nnlib's functions.

Each check returns the argument in the form the caller computes with, or
raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind,
wrong shape or range) with a message that names the argument.
"""

import numbers

import numpy as np


def real_array(value, name, allow_infinity=False):
    """Return ``value`` as a float64 array, refusing non-numeric values, NaN and (unless allowed) infinities."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise ValueError(f"{name} must be a rectangular array of numbers ({exc})") from None
    if array.dtype == object:
        raise TypeError(f"{name} must be a rectangular array of numbers, got {type(value).__name__}")
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must be numeric, got an array of dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got complex values")
    array = array.astype(np.float64)
    if allow_infinity:
        if np.any(np.isnan(array)):
            raise ValueError(f"{name} must not contain NaN")
    elif not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got NaN or infinity")
    return array


def examples(inputs, targets):
    """Return ``inputs`` as (n, m) and ``targets`` as (n, 1) float64 arrays.

    ``targets`` of shape (n,) is read as one column. Broadcasting an (n,)
    array against (n, 1) outputs silently gives an (n, n) error matrix, the
    classic bug; reshaping here rules it out.
    """
    inputs = real_array(inputs, "inputs")
    if inputs.ndim != 2 or inputs.shape[0] == 0 or inputs.shape[1] == 0:
        raise ValueError(
            f"inputs must have shape (n_examples, n_inputs) with both at least 1, got {inputs.shape}"
        )
    if targets is None:
        raise TypeError("targets must be an array of numbers, got None")
    targets = real_array(targets, "targets")
    if targets.ndim == 1:
        targets = targets[:, np.newaxis]
    if targets.ndim != 2 or targets.shape[1] != 1:
        raise ValueError(f"targets must have shape (n_examples, 1) or (n_examples,), got {targets.shape}")
    if targets.shape[0] != inputs.shape[0]:
        raise ValueError(
            f"targets must have one row per example: inputs has {inputs.shape[0]} rows, "
            f"targets has {targets.shape[0]}"
        )
    return inputs, targets


def weight_column(weights, n_inputs, name="weights"):
    """Return ``weights`` as an (n_inputs, 1) float64 array; shape (n_inputs,) is accepted."""
    weights = real_array(weights, name)
    if weights.ndim == 1:
        weights = weights[:, np.newaxis]
    if weights.shape != (n_inputs, 1):
        raise ValueError(f"{name} must have shape ({n_inputs}, 1) to match the inputs, got {weights.shape}")
    return weights


def integer(value, name, minimum):
    """Return ``value`` as an int at least ``minimum``; bools and floats are refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        shown = f"{value!r} ({type(value).__name__})" if isinstance(value, numbers.Real) else type(value).__name__
        raise TypeError(f"{name} must be an integer, got {shown}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def seed(value, name="seed"):
    """Return ``value`` as a seed numpy accepts: an integer in [0, 2**32)."""
    value = integer(value, name, 0)
    if value >= 2**32:
        raise ValueError(f"{name} must be below 2**32, got {value}")
    return value


def real(value, name):
    """Return ``value`` as a finite float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def offered_argument(value, name, values):
    """Return ``value`` as a float if an explorer's slider offers it; else a ValueError naming ``name``."""
    value = real(value, name)
    if value not in values:
        raise ValueError(f"{name} = {value!r} is not a value its slider offers ({values[0]} to {values[-1]})")
    return value


def positive_real(value, name):
    """Return ``value`` as a finite float greater than 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number greater than 0, got {value}")
    return value



def offered_default(module, name, value, values):
    """Return ``value`` if a control of an explorer offers it; else a ValueError naming ``module.name``.

    The explorers' defaults are module constants; the rendered book's
    explorers read them too (``book_data``), so a default no slider offers
    is caught when the book is built, not when a reader moves a slider.
    """
    if value not in values:
        raise ValueError(f"{module}.{name} = {value!r} is not a value its slider offers")
    return value
