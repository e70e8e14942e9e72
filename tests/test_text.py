"""nnlib.text: numbers as the prose prints them, checked against hand-written strings."""

import numpy as np
import pytest

from nnlib.text import MINUS, number, numbers_list


def test_minus_is_the_true_minus_sign():
    assert MINUS == "\u2212"
    assert number(-0.16595599, ".8f") == "\u22120.16595599"
    assert number(6.46e-05, ".2e") == "6.46e\u221205"


@pytest.mark.parametrize(
    "value, spec, text",
    [
        (4, "", "4"),
        (np.int64(4), "", "4"),
        (10_000, ",", "10,000"),
        (np.float64(0.45860596), ".8f", "0.45860596"),
        (np.array([[0.99993704]]), ".8f", "0.99993704"),
        (0.5, "", "0.5"),
        (1595.6, ",.0f", "1,596"),
    ],
)
def test_number(value, spec, text):
    assert number(value, spec) == text


def test_numbers_list_prints_like_numpy():
    weights = np.array([[-0.16595599], [0.44064899], [-0.99977125]])
    assert numbers_list(weights) == "[\u22120.16595599, 0.44064899, \u22120.99977125]"
    # numpy drops trailing zeros: the classic print of the first outputs
    assert numbers_list([0.2689864, 0.3262757]) == "[0.2689864, 0.3262757]"
    assert numbers_list([1, 2], "d") == "[1, 2]"


@pytest.mark.parametrize("value", ["0.5", None, True, np.array([1.0, 2.0]), 1 + 2j])
def test_number_refuses_what_is_not_one_real_number(value):
    with pytest.raises((TypeError, ValueError), match="value"):
        number(value)


def test_bad_spec_is_named():
    with pytest.raises(TypeError, match="spec"):
        number(1.0, 8)
    with pytest.raises(ValueError, match="spec"):
        number(1.0, ".8q")


def test_numbers_list_refuses_a_matrix():
    with pytest.raises(ValueError, match="values"):
        numbers_list(np.ones((2, 2)))


@pytest.mark.parametrize(
    "value, spec, rounding, text",
    [
        # the bounds an expert found rounded the wrong way (issue 9)
        (0.98668, ".3f", "down", "0.986"),
        (3.5499e-4, ".1e", "up", "3.6e\u221204"),
        (1595.6, ",.0f", "down", "1,595"),
        (1.2375e-8, ".1e", "up", "1.3e\u221208"),
        (-0.98668, ".3f", "down", "\u22120.987"),
        (-0.98668, ".3f", "up", "\u22120.986"),
        (9.99e-5, ".1e", "up", "1.0e\u221204"),
        (0.25, ".2f", "down", "0.25"),  # exact: no change
        (0.1, ".1f", "up", "0.2"),  # the float 0.1 is 0.1000000000000000055...: above 1/10
    ],
)
def test_bounds_round_outward(value, spec, rounding, text):
    assert number(value, spec, rounding=rounding) == text


def test_rounding_needs_a_precision_and_a_direction():
    with pytest.raises(ValueError, match="spec"):
        number(0.5, "g", rounding="down")
    with pytest.raises(ValueError, match="rounding"):
        number(0.5, ".2f", rounding="sideways")


def test_scientific_writes_powers_of_ten_with_a_true_minus():
    from nnlib.text import scientific

    assert scientific(6.4606e-05) == "6.46 \u00d7 10\u207b\u2075"
    assert scientific(-0.248) == "\u22122.48 \u00d7 10\u207b\u00b9"
    assert scientific(123456.0, 1) == "1.2 \u00d7 10\u2075"
    assert scientific(3.0) == "3.00"
    assert scientific(0.0) == "0"
    with pytest.raises(TypeError, match="value"):
        scientific("0.1")
