"""Template filters for amounts: ``{{ amount|rupiah }}`` → "Rp 1.500.000", ``{{ n|number }}`` → "12,5"."""

from __future__ import annotations

from decimal import Decimal

from django import template

from dampingan.lib.money import format_number, format_rupiah

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    return format_rupiah(value) if value is not None and value != "" else ""


@register.filter
def number(value: Decimal | int | None) -> str:
    return format_number(value) if value is not None and value != "" else ""
