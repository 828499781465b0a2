"""Number formatting for figures and sentences, with Unicode superscripts (no mathtext: it is slow to draw)."""

from __future__ import annotations

import math
import re

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


# --------------------------------------------------------------------------------------------------
# Reading numbers the way people type them (quizzes and explorer predictions share this)
_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
                 "⁹": "9", "⁻": "-", "⁺": "+"}
_SUPERSCRIPT_RUN = re.compile("[" + "".join(_SUPERSCRIPTS) + "]+")
_MINUSES = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\uFE63": "-", "\uFF0D": "-"})
_TIMES = re.compile(r"[×xX*·⋅]")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_POWER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))×10\^([+-]?\d{1,4})$")
_BARE_POWER = re.compile(r"^([+-]?)10\^([+-]?\d{1,4})$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
#: Longest answer read as a number; anything longer is not a number someone meant to type.
MAX_ANSWER_CHARS = 40


class NumberFormatError(ValueError):
    """A typed answer could not be read as a number; the message tells the learner what to type."""


def parse_number(text: object) -> tuple[float, bool]:
    """Read a number as people type it; returns ``(value, typed_as_percent)``.

    Accepted: ``5e9``, ``5E9``, ``5 × 10^9``, ``5x10^9``, ``5*10**9``, ``5×10⁹``, ``10¹⁰``, ``10^10``,
    ``1,024,000`` and ``1 024 000`` (normal, thin or no-break spaces), a Unicode minus (``−3``), and a
    trailing ``%`` (``75%`` gives ``(75.0, True)``).

    Raises
    ------
    NumberFormatError
        With a message for the learner: a decimal comma (``2,5``: "use a point"), ``nan``/``inf``, a number
        too large to be finite, text longer than :data:`MAX_ANSWER_CHARS`, or anything else that is not a number.
    """
    if not isinstance(text, str):
        raise NumberFormatError("Type a number, for example 5e9 or 5 × 10^9.")
    s = text.strip()
    if not s:
        raise NumberFormatError("Type a number first.")
    if len(s) > MAX_ANSWER_CHARS:
        raise NumberFormatError(f"That answer is too long ({len(s)} characters): type just the number.")
    s = s.translate(_MINUSES)
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    s = _SUPERSCRIPT_RUN.sub(lambda m: "^" + "".join(_SUPERSCRIPTS[c] for c in m.group()), s)
    s = re.sub(r"\s+", "", s)  # every kind of space: "1 024 000", "5 × 10^9"
    s = _TIMES.sub("×", s.replace("**", "^"))  # "5*10**9" -> "5×10^9"
    if s.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise NumberFormatError("Type a finite number: NaN and infinity cannot be checked.")
    try:
        if _PLAIN.match(s):
            value = float(s)
        elif m := _POWER.match(s):
            value = float(m.group(1)) * 10.0 ** int(m.group(2))
        elif m := _BARE_POWER.match(s):
            value = (-1.0 if m.group(1) == "-" else 1.0) * 10.0 ** int(m.group(2))
        elif _THOUSANDS.match(s):
            value = float(s.replace(",", ""))
        elif _DECIMAL_COMMA.match(s):
            raise NumberFormatError(f"Use a point for decimals: type {s.replace(',', '.')}, not {s}.")
        else:
            raise NumberFormatError("Type a number, for example 5e9, 5 × 10^9 or 1,024,000.")
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise NumberFormatError("That number is too large to check: type a finite number.")
    return value, percent
