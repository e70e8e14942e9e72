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
