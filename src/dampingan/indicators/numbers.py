"""Indicator figures as people and spreadsheets write them: "7,59", "7.59", "20.520", "425.026", "-1,87".

The rules follow ``lib/money.py`` (Indonesian "," for decimals and "." for thousands), with two
differences that indicator figures need:

- a value may be negative (economic growth in 2020);
- for an indicator kept with decimals (percentages, indices: all below 1,000 by their bounds) a single
  dot is always a decimal point, so "0.382" (a Gini ratio) and "74.125" (an IPM as an .xlsx cell
  reads) are not taken for thousands; for a count or a Rupiah amount (no decimals) "20.520" groups
  thousands as in money.

Codes, not sentences, come out of here; ``validation.py`` turns them into messages.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from dampingan.lib.money import AmountError

NOT_A_NUMBER = "not_a_number"
TOO_MANY_DECIMALS = "too_many_decimals"

_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_DECIMAL_POINT = re.compile(r"^\d+\.\d+$")
_MACHINE = re.compile(r"^\d+\.\d{1,2}$")
_STRIP = re.compile(r"^\s*(rp\.?|idr)\s*|\s*%\s*$", re.IGNORECASE)


def parse_figure(text: str | int | Decimal, *, decimals: int) -> Decimal:
    """The value written in ``text`` for an indicator kept with ``decimals`` decimal places.

    Raises ``lib.money.AmountError`` with ``NOT_A_NUMBER`` or ``TOO_MANY_DECIMALS``.
    """
    if isinstance(text, bool):
        raise AmountError(NOT_A_NUMBER)
    if isinstance(text, int | Decimal):
        value = Decimal(text)
        if not value.is_finite():
            raise AmountError(NOT_A_NUMBER)
        return _checked(value, decimals)
    cleaned = str(text).replace("\u00a0", " ").strip()
    cleaned = _STRIP.sub("", cleaned).replace(" ", "")
    negative = cleaned.startswith(("-", "\u2212"))
    if negative:
        cleaned = cleaned[1:]
    if not cleaned:
        raise AmountError(NOT_A_NUMBER)
    whole, fraction = _split(cleaned, decimals)
    try:
        value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation as exc:  # pragma: no cover - the patterns only let digits through
        raise AmountError(NOT_A_NUMBER) from exc
    return _checked(-value if negative else value, decimals)


def _split(cleaned: str, decimals: int) -> tuple[str, str]:
    if "," in cleaned:
        whole, _sep, fraction = cleaned.partition(",")
        if not (_PLAIN.match(whole) or _GROUPED.match(whole)) or not _PLAIN.match(fraction):
            raise AmountError(NOT_A_NUMBER)
        return whole.replace(".", ""), fraction
    if _PLAIN.match(cleaned):
        return cleaned, ""
    if decimals > 0 and _DECIMAL_POINT.match(cleaned):
        whole, _sep, fraction = cleaned.partition(".")
        return whole, fraction
    if _GROUPED.match(cleaned):
        return cleaned.replace(".", ""), ""
    if _MACHINE.match(cleaned):
        whole, _sep, fraction = cleaned.partition(".")
        return whole, fraction
    raise AmountError(NOT_A_NUMBER)


def _checked(value: Decimal, decimals: int) -> Decimal:
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        raise AmountError(TOO_MANY_DECIMALS)
    return value
