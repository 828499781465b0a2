"""Validation helpers and number formatting."""

import math

import numpy as np
import pytest

from helpers.checks import check_array, check_choice, check_number
from helpers.text import sci


def test_check_number_accepts_in_range_and_numpy_scalars():
    assert check_number("x", 3, 0, 5) == 3.0
    assert check_number("x", np.float32(2.5), 0, 5) == 2.5


@pytest.mark.parametrize("value", [math.nan, math.inf, -1, 6, True, None, "3"])
def test_check_number_rejects(value):
    with pytest.raises(ValueError, match=r"^x must .*\[0, 5\]"):
        check_number("x", value, 0, 5)


def test_open_bounds_are_exclusive():
    with pytest.raises(ValueError, match=r"\(0, inf\)"):
        check_number("rate", 0.0, 0.0, math.inf, low_open=True)


def test_check_array_reports_the_offending_span():
    with pytest.raises(ValueError, match="days must be in"):
        check_array("days", [0, 3, -2], 0)
    assert check_array("days", 2.0, 0).shape == ()


def test_check_choice_lists_options():
    with pytest.raises(ValueError, match="'a', 'b'"):
        check_choice("kind", "c", ("a", "b"))


@pytest.mark.parametrize(
    "x, text",
    [(1.4e8, "1.4×10⁸"), (9.99e9, "1.0×10¹⁰"), (350, "350"), (2.5e-5, "2.5×10⁻⁵"), (0, "0"),
     (float("inf"), "∞")],
)
def test_scientific_formatting(x, text):
    assert sci(x) == text
