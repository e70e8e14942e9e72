"""Numbers as the chapters' prose prints them.

The prose quotes computed numbers with MyST's ``{eval}`` role, for example
``{eval}`number(prediction, ".8f")```. JupyterLab (with jupyterlab-myst)
evaluates the expression in the kernel and shows the result; the book shows
the result stored in the Markdown cell by ``make notebooks``. Both strip the
quotes from a string, so ``number`` returns one: the value formatted with a
Python format ``spec``, and with a true minus sign (−) instead of a hyphen.
"""

import decimal
import numbers
import re

import numpy as np

MINUS = "\N{MINUS SIGN}"


_SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def scientific(value, digits=2):
    """Return ``value`` as the explorers show small numbers: ``3.20 × 10⁻⁵`` (``digits`` after the point), and 0.

    The rendered book's explorers write them alike (``plots.format.exponential``).
    """
    value = _scalar(value)
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    mantissa = mantissa.replace("-", MINUS)
    if int(exponent) == 0:
        return mantissa
    return f"{mantissa} \u00d7 10" + str(int(exponent)).translate(_SUPERSCRIPTS)


def number(value, spec="", rounding=None):
    """Return ``value`` formatted with ``spec``, as the prose prints it.

    Integers (Python or NumPy) print as integers unless ``spec`` asks for
    something else; a 0-d or one-element array prints as its one value.
    ``rounding="down"`` or ``"up"`` rounds the last printed digit towards
    minus or plus infinity, for bounds: "at least" a number rounded down is
    still true, and "at most" one rounded up (``spec`` must then end in f or e).
    """
    value = _scalar(value)
    if isinstance(value, bool):
        raise TypeError("value must be a number, not a bool")
    if not isinstance(spec, str):
        raise TypeError(f"spec must be a format string like '.8f', not {type(spec).__name__}")
    if rounding is not None:
        value = _rounded(value, spec, rounding)
    try:
        text = format(value, spec)
    except ValueError as error:
        raise ValueError(f"spec {spec!r} does not format {value!r}: {error}") from None
    return text.replace("-", MINUS)


def _rounded(value, spec, rounding):
    """Return ``value`` rounded, as ``spec`` will print it, in the direction ``rounding``."""
    modes = {"down": decimal.ROUND_FLOOR, "up": decimal.ROUND_CEILING}
    if rounding not in modes:
        raise ValueError(f"rounding must be 'down', 'up' or None, not {rounding!r}")
    match = re.fullmatch(r"[^.]*\.(\d+)([fe])", spec)
    if match is None:
        raise ValueError(f"spec {spec!r} must end in a precision and f or e (like '.3f') to round a bound")
    digits, kind = int(match.group(1)), match.group(2)
    exact = decimal.Decimal(float(value))  # the float's exact value, no rounding yet
    if exact == 0 or not exact.is_finite():
        return value
    # the place of the last printed digit: 10**-digits, or relative to the leading digit
    place = -digits if kind == "f" else exact.adjusted() - digits
    with decimal.localcontext() as context:
        context.prec = 60
        bound = exact.quantize(decimal.Decimal(1).scaleb(place), rounding=modes[rounding])
    return float(bound)


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
