"""Every claim a notebook makes about what a model or explorer shows is asserted here (DESIGN.md §1).

One test per claim, named after the notebook and cell (``test_<notebook>_<cell id>_...``): the test first checks
that the cell still says it (:func:`claims.says`), then runs the same model at the same settings with the
tolerance the sentence implies ("about 9.6" → ±0.05; "about half" → 40–60 %). Stochastic claims hold across
seeds or are stated as ranges. When a model change makes a sentence false, its test fails.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from claims import says

from helpers.data import culture_expansions, dose_targets
from helpers.models.manufacturing import cells_after, days_to_reach, doubling_time_from_fold

# --------------------------------------------------------------------------------------------------
# 00 · Start here
NB00 = "00_start_here.ipynb"
TIL_DOSE = next(t for t in dose_targets() if t.key.startswith("lifileucel")).low_cells


def test_00_growth_published_doubling_times_span_21_to_106_hours():
    says(NB00, "growth", "doubling times from about 21 hours", "to about 106 hours")
    times = [r.doubling_time_h for r in culture_expansions()]
    assert min(times) == pytest.approx(21, abs=0.5) and max(times) == pytest.approx(106, abs=0.5)


def test_00_key_expansion_first_dose_on_day_9_6():
    says(NB00, "key-expansion", "750-fold increase", "log₂ 750 ≈ 9.6 doublings", "about **9.6 days**")
    assert TIL_DOSE / 1e7 == pytest.approx(750)
    assert days_to_reach(1e7, 24.0, TIL_DOSE) == pytest.approx(9.6, abs=0.05)


def test_00_key_expansion_half_the_speed_twice_the_days():
    says(NB00, "key-expansion", "**About twice as many days** (about 19)")
    slow, fast = days_to_reach(1e7, 48.0, TIL_DOSE), days_to_reach(1e7, 24.0, TIL_DOSE)
    assert slow / fast == pytest.approx(2.0) and slow == pytest.approx(19, abs=0.5)


def test_00_key_expansion_ten_times_more_cells_saves_3_3_days():
    says(NB00, "key-expansion", "about **3.3 days**", "log₂ 10 ≈ 3.3 doublings")
    saved = days_to_reach(1e7, 24.0, TIL_DOSE) - days_to_reach(1e8, 24.0, TIL_DOSE)
    assert saved == pytest.approx(3.3, abs=0.05)


def test_00_solution_186_fold_in_21_days():
    says(NB00, "solution", "# about 66.9", "log₂ 186 ≈ 7.5 doublings", "**67 hours**", "1.86 × 10⁹ cells on day 21",
         "about **26.6 days**")
    td = doubling_time_from_fold(186, 21)
    assert td == pytest.approx(66.9, abs=0.05)
    assert math.log2(186) == pytest.approx(7.5, abs=0.05)
    day21 = float(cells_after(1e7, td, 21))
    assert day21 == pytest.approx(1.86e9, rel=0.01) and day21 < TIL_DOSE
    assert days_to_reach(1e7, td, TIL_DOSE) == pytest.approx(26.6, abs=0.05)


def test_00_takeaways_days_scale_with_doubling_time_and_log_of_start():
    says(NB00, "takeaways", "the days needed scale with the doubling time", "only with the *logarithm* of the "
         "starting number")
    base = days_to_reach(1e6, 30.0, 1e10)
    assert days_to_reach(1e6, 60.0, 1e10) == pytest.approx(2 * base)
    assert base - days_to_reach(1e7, 30.0, 1e10) == pytest.approx(30 / 24 * math.log2(10))
