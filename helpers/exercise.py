"""Exercises that run as given.

An exercise cell leaves the values a learner must supply as ``...``. Every model in :mod:`helpers` checks
its inputs, and a ``...`` raises :class:`helpers.checks.Placeholder` naming the parameter. Inside
``with exercise():`` that becomes a friendly note instead of a traceback, so the cell runs as given (and
"Run All" does not stop at it)::

    with exercise():
        print(doubling_time_from_fold(fold=..., days=...), "hours")

prints ``✎ Fill in fold: replace its ... with a value, then run the cell again.`` Any other error is
raised as usual: a wrong value should give the model's own message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from helpers.checks import Placeholder


def placeholder_message(name: str) -> str:
    """What a learner reads when ``name`` is still ``...``."""
    return f"✎ Fill in {name}: replace its ... with a value, then run the cell again."


@contextmanager
def exercise() -> Iterator[None]:
    """Run an exercise's code; a value still left as ``...`` prints a note naming it, not a traceback."""
    try:
        yield
    except Placeholder as missing:
        print(placeholder_message(missing.name))
