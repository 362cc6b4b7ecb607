"""``{{ ratio|percent }}`` → "76,0" (a 0-1 ratio as a percentage, one decimal) and ``{{ m0|index }}`` →
"0,123" (three decimals), with Indonesian separators; empty for no value."""

from __future__ import annotations

from decimal import Decimal

from django import template

from dampingan.lib.money import format_number

register = template.Library()


@register.filter
def percent(ratio: float | None) -> str:
    if ratio is None or ratio == "":
        return ""
    return format_number(Decimal(str(ratio)) * 100, decimals=1)


@register.filter
def index(value: float | None) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(str(value)), decimals=3)
