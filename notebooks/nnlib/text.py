"""Numbers as the chapters' prose prints them.

The prose quotes computed numbers with MyST's ``{eval}`` role, for example
``{eval}`number(prediction, ".8f")```. JupyterLab (with jupyterlab-myst)
evaluates the expression in the kernel and shows the result; the book shows
the result stored in the Markdown cell by ``make notebooks``. Both strip the
quotes from a string, so ``number`` returns one: the value formatted with a
Python format ``spec``, and with a true minus sign (−) instead of a hyphen.
"""

import numbers

import numpy as np

MINUS = "\N{MINUS SIGN}"


def number(value, spec=""):
    """Return ``value`` formatted with ``spec``, as the prose prints it.

    Integers (Python or NumPy) print as integers unless ``spec`` asks for
    something else; a 0-d or one-element array prints as its one value.
    """
    value = _scalar(value)
    if isinstance(value, bool):
        raise TypeError("value must be a number, not a bool")
    if not isinstance(spec, str):
        raise TypeError(f"spec must be a format string like '.8f', not {type(spec).__name__}")
    try:
        text = format(value, spec)
    except ValueError as error:
        raise ValueError(f"spec {spec!r} does not format {value!r}: {error}") from None
    return text.replace("-", MINUS)


def numbers_list(values, spec=None):
    """Return ``values`` as the prose prints a vector: "[a, b, c]".

    Without ``spec``, each number prints as NumPy prints an array of weights:
    at most 8 decimals, trailing zeros dropped.
    """
    array = np.asarray(values)
    if array.ndim == 2 and 1 in array.shape:
        array = array.reshape(-1)
    if array.ndim != 1:
        raise ValueError(f"values must be one-dimensional (or a row or column), not of shape {array.shape}")
    if spec is None:
        texts = [_numpy_style(v) for v in array]
    else:
        texts = [number(v, spec) for v in array]
    return "[" + ", ".join(texts) + "]"


def _numpy_style(value):
    value = float(_scalar(value))
    return np.format_float_positional(value, precision=8, unique=True, trim="-").replace("-", MINUS)


def _scalar(value):
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise ValueError(f"value must be one number, not an array of shape {value.shape}")
        value = value.reshape(-1)[0]
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, not {type(value).__name__}")
    return value
