"""Shared pieces of the bad-input tests: arbitrary values, and what a malformed call may do."""

import numpy as np
import pytest
from hypothesis import strategies as st

#: Values of every kind an argument could wrongly receive.
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=5),
    st.lists(st.lists(st.one_of(st.integers(-2, 2), st.floats(-3, 3), st.none()), max_size=4), max_size=5),
)


def assert_clear_error(call, argument):
    """``call`` must raise ValueError or TypeError whose message names ``argument``."""
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert argument in str(info.value)


def assert_refused_or_finite(call, *fields):
    """``call`` must raise ValueError/TypeError or return finite numbers.

    ``fields`` names the attributes of the result to check; none means the
    result itself is the array.
    """
    try:
        result = call()
    except (ValueError, TypeError):
        return
    for values in [getattr(result, field) for field in fields] or [result]:
        assert np.all(np.isfinite(values)), "a malformed call returned NaN or infinity"
