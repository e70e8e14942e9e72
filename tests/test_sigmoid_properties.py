"""Properties of nnlib.sigmoid over the whole float64 range (hypothesis)."""

import warnings

import numpy as np
from hypothesis import given, strategies as st

import nnlib

every_float = st.floats(allow_nan=False, allow_infinity=True)


@given(every_float)
def test_bounded_and_warning_free(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        output = float(nnlib.sigmoid(z))
    assert 0.0 <= output <= 1.0


@given(every_float, every_float)
def test_monotone(a, b):
    low, high = min(a, b), max(a, b)
    assert nnlib.sigmoid(low) <= nnlib.sigmoid(high)


@given(every_float)
def test_symmetric(z):
    # sigma(-z) = 1 - sigma(z), up to the roundings of the two sigmoids and the subtraction
    assert abs(nnlib.sigmoid(-z) - (1.0 - nnlib.sigmoid(z))) <= 2**-51


@given(st.floats(-30, 30))
def test_matches_the_formula(z):
    assert abs(nnlib.sigmoid(z) - 1 / (1 + np.exp(-z))) <= 1e-15


@given(every_float)
def test_derivative_is_sigma_times_one_minus_sigma(z):
    # Equal as real numbers; in float64 the two differ by at most the rounding
    # of sigma(z) and 1 - sigma(z), which the library avoids (it uses sigma(-z)).
    output = nnlib.sigmoid(z)
    slope = nnlib.sigmoid_derivative(z)
    assert abs(slope - output * (1 - output)) <= 2**-51
    assert 0.0 <= slope <= 0.25
    assert slope == nnlib.sigmoid_derivative(-z)
