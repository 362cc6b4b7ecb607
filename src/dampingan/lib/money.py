"""Rupiah amounts as people in Indonesia write them, and back: "1.500.000", "1.500.000,50", "Rp 2.000".

Indonesian writing uses "." to group thousands and "," for decimals, the reverse of English. An amount
typed by hand is parsed here into a ``Decimal`` (never a float); an amount shown is formatted here.
Codes, not sentences, come out of here (as in ``nik.py``); forms turn them into messages.

Parsing rules, chosen so that no typed amount is silently read a thousand times too big or too small:
- with a comma: the comma is the decimal separator and dots group thousands ("1.500.000,50");
- without a comma: dots group thousands when every group after the first has exactly three digits
  ("1.500.000", "2.000"); a single dot followed by one or two digits is a decimal point, as machines and
  the API write it ("1500000.5"); anything else ("1.50.000", "15.0000") is refused as ambiguous.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NOT_A_NUMBER = "not_a_number"
NEGATIVE = "negative"
TOO_MANY_DECIMALS = "too_many_decimals"

_PREFIX = re.compile(r"^\s*(rp\.?|idr)\s*", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_MACHINE = re.compile(r"^\d+\.\d{1,2}$")
_FRACTION = re.compile(r"^\d+$")


class AmountError(ValueError):
    """An amount that cannot be read; ``code`` is one of the module's constants."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_amount(text: str | int | Decimal, *, decimals: int = 2) -> Decimal:
    """The non-negative amount written in ``text``, with at most ``decimals`` decimal places.

    Raises ``AmountError`` with ``NOT_A_NUMBER``, ``NEGATIVE`` or ``TOO_MANY_DECIMALS``.
    """
    if isinstance(text, int | Decimal):
        value = Decimal(text)
        if not value.is_finite():
            raise AmountError(NOT_A_NUMBER)
        return _checked(value, decimals)
    cleaned = _PREFIX.sub("", str(text)).replace(" ", "").replace("\u00a0", "")
    negative = cleaned.startswith(("-", "\u2212"))
    if negative:
        cleaned = cleaned[1:]
        cleaned = _PREFIX.sub("", cleaned)
    if not cleaned:
        raise AmountError(NOT_A_NUMBER)
    whole, fraction = _split(cleaned)
    try:
        value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above only let digits through
        raise AmountError(NOT_A_NUMBER) from exc
    if negative and value != 0:
        raise AmountError(NEGATIVE)
    return _checked(value, decimals)


def _split(cleaned: str) -> tuple[str, str]:
    """Whole digits and fraction digits of an amount without sign or currency."""
    if "," in cleaned:
        whole, _, fraction = cleaned.partition(",")
        if not (_PLAIN.match(whole) or _GROUPED.match(whole)) or not _FRACTION.match(fraction):
            raise AmountError(NOT_A_NUMBER)
        return whole.replace(".", ""), fraction
    if _PLAIN.match(cleaned) or _GROUPED.match(cleaned):
        return cleaned.replace(".", ""), ""
    if _MACHINE.match(cleaned):
        whole, _, fraction = cleaned.partition(".")
        return whole, fraction
    raise AmountError(NOT_A_NUMBER)


def _checked(value: Decimal, decimals: int) -> Decimal:
    if value < 0:
        raise AmountError(NEGATIVE)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        raise AmountError(TOO_MANY_DECIMALS)
    return value


def format_number(value: Decimal | int | None, *, decimals: int | None = None) -> str:
    """``value`` with Indonesian separators: "1.500.000", "12,5".

    ``decimals`` fixes the number of decimal places; by default a value is rounded to two places and
    shows only the decimals it needs ("30", "12,5", "0,25").
    """
    if value is None:
        return ""
    amount = Decimal(value)
    places = 2 if decimals is None else decimals
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_rupiah(value: Decimal | int | None) -> str:
    """``value`` as Rupiah the way Indonesian documents write it: "Rp 1.500.000", "Rp 1.500.000,50".

    Sen show only when there are some, and then always two digits.
    """
    if value is None:
        return ""
    amount = Decimal(value)
    whole = amount == amount.to_integral_value()
    return f"Rp {format_number(amount, decimals=0 if whole else 2)}"
