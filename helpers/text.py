"""Number formatting for figures and sentences, with Unicode superscripts (no mathtext: it is slow to draw)."""

from __future__ import annotations

import math

#: Translation table from digits and minus sign to Unicode superscripts.
SUPERSCRIPT_DIGITS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _mantissa_exponent(x: float, digits: int) -> tuple[str, int]:
    exponent = int(math.floor(math.log10(abs(x))))
    mantissa = round(x / 10**exponent, digits - 1)
    if abs(mantissa) >= 10:  # rounding carried over, e.g. 9.99 -> 10.0
        mantissa /= 10
        exponent += 1
    return f"{mantissa:.{digits - 1}f}", exponent


def sci(x: float, digits: int = 2) -> str:
    """Scientific notation with Unicode superscripts for sentences, e.g. ``sci(1.4e8) == '1.4×10⁸'``.

    Numbers between 0.01 and 10 000 are written plainly (``'350'``).
    """
    if not math.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "NaN")
    if x == 0:
        return "0"
    if 1e-2 <= abs(x) < 1e4:
        return f"{x:,.{max(digits - 1 - int(math.floor(math.log10(abs(x)))), 0)}f}"
    mantissa, exponent = _mantissa_exponent(x, digits)
    return f"{mantissa}×10{str(exponent).translate(SUPERSCRIPT_DIGITS)}"
