"""Input validation shared by models and helpers.

Every public function in :mod:`helpers` rejects bad input with a :class:`ValueError` (or a
:class:`TypeError` for an object of the wrong kind) that names the parameter and its valid range, so a
learner who calls a model by hand gets a message they can act on.

A value left as ``...`` (Python's Ellipsis, the placeholder in the course's exercises) raises
:class:`Placeholder`, a ``ValueError`` that says which value still has to be filled in;
:func:`helpers.exercise.exercise` turns it into a friendly message instead of a traceback.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
from numpy.typing import ArrayLike, NDArray


class Placeholder(ValueError):
    """A parameter was left as ``...``: the learner still has to fill it in."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is still `...`: replace the ... with a value, then run the cell again")
        self.name = name


def _range_text(low: float, high: float, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or math.isinf(low) else "["
    right = ")" if high_open or math.isinf(high) else "]"
    return f"{left}{low:g}, {high:g}{right}"


def _short(value: object) -> str:
    """``repr`` of a value, shortened for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
        The value to check. Booleans are rejected (``True`` is not a cell count), and so are strings.
    low, high : float
        Range limits; ``low_open``/``high_open`` make a limit exclusive.

    Raises
    ------
    Placeholder
        If ``value`` is ``...``.
    ValueError
        If ``value`` is not a finite real number inside the range. The message names ``name`` and
        the valid range.
    """
    if value is Ellipsis:
        raise Placeholder(name)
    valid = _range_text(low, high, low_open, high_open)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"{name} must be a finite number in {valid}; got {_short(value)}")
    try:
        x = float(value)
    except (OverflowError, TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number in {valid}; got {_short(value)}") from None
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number in {valid}; got {x}")
    below = x <= low if low_open else x < low
    above = x >= high if high_open else x > high
    if below or above:
        raise ValueError(f"{name} must be in {valid}; got {x:g}")
    return x


def check_int(name: str, value: object, low: int, high: int) -> int:
    """Return ``value`` as an int if it is a whole number in ``[low, high]`` (``10.0`` is accepted, ``10.5`` not)."""
    x = check_number(name, value, low, high)
    if x != int(x):
        raise ValueError(f"{name} must be a whole number in [{low}, {high}]; got {_short(value)}")
    return int(x)


def check_array(
    name: str,
    values: ArrayLike,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> NDArray[np.float64]:
    """Return ``values`` as a float array if every element is a finite number in range.

    Scalars are accepted and returned as 0-d arrays. Booleans, strings (even numeric ones such as ``"1"``)
    and other objects are rejected, as :func:`check_number` rejects them. Raises :class:`ValueError` naming
    ``name`` and the valid range otherwise.
    """
    if values is Ellipsis:
        raise Placeholder(name)
    valid = _range_text(low, high, low_open, high_open)
    if values is None or isinstance(values, (str, bytes)):
        raise ValueError(f"{name} must be numbers in {valid}; got {_short(values)}")
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be numbers in {valid}; got {_short(values)}") from None
    if raw.dtype.kind not in "iuf":
        kind = {"b": "booleans", "U": "text", "S": "text", "O": "objects"}.get(raw.dtype.kind, str(raw.dtype))
        raise ValueError(f"{name} must be numbers in {valid}; got {kind}: {_short(values)}")
    arr = raw.astype(float)
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers in {valid}; got a NaN or infinite value")
    if arr.size:
        lo, hi = float(arr.min()), float(arr.max())
        if (lo <= low if low_open else lo < low) or (hi >= high if high_open else hi > high):
            raise ValueError(f"{name} must be in {valid}; got values from {lo:g} to {hi:g}")
    return arr


def check_choice(name: str, value: object, choices: tuple[object, ...] | list[object]) -> object:
    """Return ``value`` if it is one of ``choices``; otherwise raise a ValueError listing them."""
    if value is Ellipsis:
        raise Placeholder(name)
    try:
        ok = value in choices
    except (TypeError, ValueError):  # unhashable or incomparable values (e.g. an array)
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_short(value)}")
    return value


def check_flag(name: str, value: object) -> bool:
    """Return ``value`` if it is True or False; otherwise raise a ValueError naming ``name``."""
    if value is Ellipsis:
        raise Placeholder(name)
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {_short(value)}")
    return bool(value)


def check_instance(name: str, value: object, kind: type) -> object:
    """Return ``value`` if it is a ``kind``; otherwise raise a TypeError naming ``name``."""
    if value is Ellipsis:
        raise Placeholder(name)
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}; got {type(value).__name__} {_short(value)}")
    return value
