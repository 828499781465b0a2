"""Culture-growth model: analytic cases, published expansions and bad input."""

import math

import numpy as np
import pytest

from helpers.models.manufacturing import (
    cells_after,
    days_to_reach,
    doubling_time_from_fold,
    fold_expansion,
)


def test_one_doubling_time_doubles_the_culture():
    assert float(cells_after(1e6, 24.0, 1.0)) == pytest.approx(2e6)
    assert float(cells_after(1e6, 36.0, 1.5)) == pytest.approx(2e6)


def test_no_time_no_growth():
    assert float(cells_after(3.3e7, 17.0, 0.0)) == pytest.approx(3.3e7)


def test_ten_doublings_is_1024_fold():
    assert float(fold_expansion(24.0, 10.0)) == pytest.approx(1024.0)


def test_growth_is_exponential_log_linear_in_time():
    days = np.linspace(0, 20, 41)
    log_cells = np.log2(cells_after(1e6, 30.0, days))
    slopes = np.diff(log_cells) / np.diff(days)
    assert np.allclose(slopes, 24.0 / 30.0)


def test_days_to_reach_inverts_cells_after():
    for n0, td, target in [(1e6, 24, 1e9), (5e7, 33.5, 7.5e9), (1e5, 12, 1.4e8)]:
        t = days_to_reach(n0, td, target)
        assert float(cells_after(n0, td, t)) == pytest.approx(target, rel=1e-9)


def test_days_to_reach_is_zero_when_already_there():
    assert days_to_reach(1e9, 24, 1e8) == 0.0


def test_doubling_time_from_fold_round_trip():
    td = doubling_time_from_fold(1000.0, 14.0)
    assert td == pytest.approx(24 * 14 / math.log2(1000))
    assert float(fold_expansion(td, 14.0)) == pytest.approx(1000.0)


def test_huge_values_are_capped_not_inf():
    out = cells_after(1e9, 1e-3, 365.0)
    assert np.isfinite(out)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: cells_after(-1, 24, 1), "start_cells"),
        (lambda: cells_after(0, 24, 1), "start_cells"),
        (lambda: cells_after(float("nan"), 24, 1), "start_cells"),
        (lambda: cells_after(1e6, 0, 1), "doubling_time_h"),
        (lambda: cells_after(1e6, -5, 1), "doubling_time_h"),
        (lambda: cells_after(1e6, float("inf"), 1), "doubling_time_h"),
        (lambda: cells_after(1e6, 24, -1), "days"),
        (lambda: cells_after(1e6, 24, [1, float("nan")]), "days"),
        (lambda: cells_after(True, 24, 1), "start_cells"),
        (lambda: cells_after("many", 24, 1), "start_cells"),
        (lambda: days_to_reach(1e6, 24, 0), "target_cells"),
        (lambda: doubling_time_from_fold(1.0, 14), "fold"),
        (lambda: doubling_time_from_fold(100, 0), "days"),
    ],
)
def test_bad_input_names_the_parameter_and_range(call, name):
    with pytest.raises(ValueError, match=name) as info:
        call()
    assert "[" in str(info.value) or "(" in str(info.value)  # the valid range is stated
