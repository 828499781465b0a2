"""Input validation shared by models and helpers.

Every public function in :mod:`helpers` rejects bad input with a :class:`ValueError` that names the
parameter and its valid range, so a learner who calls a model by hand gets a message they can act on.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _range_text(low: float, high: float, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or math.isinf(low) else "["
    right = ")" if high_open or math.isinf(high) else "]"
    return f"{left}{low:g}, {high:g}{right}"


def check_number(
    name: str,
    value: object,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float if it is a finite real number in the given range.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : object
        The value to check. Booleans are rejected (``True`` is not a cell count).
    low, high : float
        Range limits; ``low_open``/``high_open`` make a limit exclusive.

    Raises
    ------
    ValueError
        If ``value`` is not a finite real number inside the range. The message names ``name`` and
        the valid range.
    """
    valid = _range_text(low, high, low_open, high_open)
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"{name} must be a finite number in {valid}; got {value!r}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number in {valid}; got {x}")
    below = x <= low if low_open else x < low
    above = x >= high if high_open else x > high
    if below or above:
        raise ValueError(f"{name} must be in {valid}; got {x:g}")
    return x


def check_array(
    name: str,
    values: ArrayLike,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> NDArray[np.float64]:
    """Return ``values`` as a float array if every element is finite and in range.

    Scalars are accepted and returned as 0-d arrays. Raises :class:`ValueError` naming ``name`` and
    the valid range otherwise.
    """
    valid = _range_text(low, high, low_open, high_open)
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers in {valid}; got {values!r}") from None
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers in {valid}; got a NaN or infinite value")
    if arr.size:
        lo, hi = float(arr.min()), float(arr.max())
        if (lo <= low if low_open else lo < low) or (hi >= high if high_open else hi > high):
            raise ValueError(f"{name} must be in {valid}; got values from {lo:g} to {hi:g}")
    return arr


def check_choice(name: str, value: object, choices: tuple[object, ...] | list[object]) -> object:
    """Return ``value`` if it is one of ``choices``; otherwise raise a ValueError listing them."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value
