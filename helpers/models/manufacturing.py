"""Cell manufacturing: how a cell population grows in culture.

The model is unrestricted exponential growth, ``N(t) = N0 * 2 ** (t / Td)``. That is a teaching
simplification: real cultures start with a lag after activation and slow down as cells exhaust
nutrients, crowd, or differentiate, so manufacturing protocols re-feed, split and expand cells in
stages. Within the growth phase, exponential growth is the standard description of a dividing
population; the doubling times a learner can choose in the course are a teaching range, not measurements.

Units: cells (counts), hours for doubling times, days for culture time.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers.checks import check_array, check_number

HOURS_PER_DAY = 24.0

#: Largest count the functions return; larger values would only mean "off any real scale".
MAX_CELLS = 1e300
_MAX_LOG2 = math.log2(MAX_CELLS)


def fold_expansion(doubling_time_h: float, days: ArrayLike) -> NDArray[np.float64]:
    """Fold expansion ``N(t)/N0 = 2 ** (24 * days / doubling_time_h)`` after ``days`` in culture.

    Parameters
    ----------
    doubling_time_h : float
        Population doubling time in hours, > 0.
    days : array_like
        Time in culture in days, >= 0.

    Returns
    -------
    numpy.ndarray
        Fold expansion (dimensionless), the same shape as ``days``; capped at :data:`MAX_CELLS`.
    """
    td = check_number("doubling_time_h", doubling_time_h, 0.0, math.inf, low_open=True)
    t = check_array("days", days, 0.0)
    doublings = HOURS_PER_DAY * t / td
    return np.exp2(np.minimum(doublings, _MAX_LOG2))


def cells_after(start_cells: float, doubling_time_h: float, days: ArrayLike) -> NDArray[np.float64]:
    """Cells in culture after ``days``: ``start_cells * 2 ** (24 * days / doubling_time_h)``.

    Parameters
    ----------
    start_cells : float
        Cells put into culture, > 0.
    doubling_time_h : float
        Population doubling time in hours, > 0.
    days : array_like
        Time in culture in days, >= 0.

    Returns
    -------
    numpy.ndarray
        Cell count, the same shape as ``days``; capped at :data:`MAX_CELLS`.
    """
    n0 = check_number("start_cells", start_cells, 0.0, MAX_CELLS, low_open=True)
    log2_fold = np.log2(fold_expansion(doubling_time_h, days))
    return np.exp2(np.minimum(math.log2(n0) + log2_fold, _MAX_LOG2))


def days_to_reach(start_cells: float, doubling_time_h: float, target_cells: float) -> float:
    """Days of exponential growth needed to reach ``target_cells``; 0 if already reached.

    ``t = doubling_time_h / 24 * log2(target_cells / start_cells)``.
    """
    n0 = check_number("start_cells", start_cells, 0.0, MAX_CELLS, low_open=True)
    td = check_number("doubling_time_h", doubling_time_h, 0.0, math.inf, low_open=True)
    target = check_number("target_cells", target_cells, 0.0, MAX_CELLS, low_open=True)
    if target <= n0:
        return 0.0
    return td / HOURS_PER_DAY * math.log2(target / n0)


def doubling_time_from_fold(fold: float, days: float) -> float:
    """Doubling time in hours implied by a fold expansion over ``days``: ``24 * days / log2(fold)``.

    Use it to turn a published "N-fold in D days" into a doubling time; ``fold`` must be > 1.
    """
    f = check_number("fold", fold, 1.0, math.inf, low_open=True)
    d = check_number("days", days, 0.0, math.inf, low_open=True)
    return HOURS_PER_DAY * d / math.log2(f)
