"""``{{ value|figure:indicator }}``: a figure with Indonesian separators and its indicator's decimals."""

from __future__ import annotations

from decimal import Decimal

from django import template

from dampingan.lib.money import format_number

from ..models import Indicator

register = template.Library()


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    if value is None:
        return ""
    return format_number(value, decimals=indicator.decimals)
