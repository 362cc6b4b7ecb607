"""Checks of one figure - indicator, region, year, value - with the messages the form, the import and the
API all show. Each ``check_*`` returns the clean value or raises ``ValidationError`` with one sentence
that names the offending value; callers add where it is (field, or row and column).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.lib import deployment
from dampingan.lib.money import AmountError, format_number
from dampingan.regions.models import Region, RegionLevel

from . import numbers
from .catalogue import Unit
from .models import MAX_YEAR, MIN_YEAR, Indicator, Kind

# A dotted code that Excel read as a number loses its trailing zero: 33.10 becomes 33.1.
_EXCEL_MANGLED_CODE = re.compile(r"^\d{2}\.\d$")
_YEAR = re.compile(r"^\d{4}(\.0+)?$")


def shown(value: Decimal, indicator: Indicator) -> str:
    """``value`` as the pages write it for ``indicator``: Indonesian separators, the indicator's decimals."""
    return format_number(value, decimals=indicator.decimals)


def check_value(indicator: Indicator, raw: str | int | Decimal | None) -> Decimal:
    """The value of ``raw`` for ``indicator``: a number (Indonesian decimal comma accepted) with no more
    decimals than the indicator keeps, within its bounds (a percentage within 0-100)."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        raise ValidationError(_("the value is empty."))
    try:
        value = numbers.parse_figure(raw if isinstance(raw, int | Decimal) else text, decimals=indicator.decimals)
    except AmountError as exc:
        if exc.code == numbers.TOO_MANY_DECIMALS:
            raise ValidationError(
                _("%(indicator)s is recorded with at most %(n)s decimal places; “%(text)s” has more.")
                % {"indicator": indicator.label, "n": indicator.decimals, "text": text}
            ) from exc
        raise ValidationError(
            _("“%(text)s” is not a number; write it like 7,59 (a comma before the decimals).") % {"text": text}
        ) from exc
    if indicator.unit == Unit.PERCENT and value > 100:
        raise ValidationError(
            _("%(indicator)s is a percentage and cannot be above 100; the value is %(value)s.")
            % {"indicator": indicator.label, "value": shown(value, indicator)}
        )
    if indicator.unit == Unit.PERCENT and value < 0:
        raise ValidationError(
            _("%(indicator)s is a percentage and cannot be below 0; the value is %(value)s.")
            % {"indicator": indicator.label, "value": shown(value, indicator)}
        )
    low, high = indicator.minimum, indicator.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(
            _("%(indicator)s must lie between %(low)s and %(high)s; %(value)s is outside.")
            % {
                "indicator": indicator.label,
                "low": format_number(low) if low is not None else "-",
                "high": format_number(high) if high is not None else "-",
                "value": shown(value, indicator),
            }
        )
    return value


def check_year(raw: str | int | None, kind: str) -> int:
    """The year of ``raw``: four digits between 1990 and 2100, and for a realised value not after this year
    (a target may lie ahead)."""
    text = "" if raw is None else str(raw).strip()
    if not _YEAR.match(text):
        raise ValidationError(_("“%(text)s” is not a year; write it with four digits, like 2021.") % {"text": text})
    year = int(text.split(".")[0])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("The year %(year)s lies outside %(min)s-%(max)s.") % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    current = timezone.localdate().year
    if kind == Kind.VALUE and year > current:
        raise ValidationError(
            _("%(year)s is in the future: a realised value cannot exist yet. If it is a plan, record it as a target.")
            % {"year": year}
        )
    return year


def check_kind(raw: str | None) -> str:
    """``realisasi`` (the default when empty) or ``target``."""
    text = (raw or "").strip().casefold()
    if text in {"", Kind.VALUE, "realization", "realisation", "value", "nilai", "capaian"}:
        return Kind.VALUE
    if text in {Kind.TARGET, "sasaran"}:
        return Kind.TARGET
    raise ValidationError(_("“%(text)s” is not a kind of figure; write “realisasi” or “target”.") % {"text": raw or ""})


def indicator_lookup(indicators: Iterable[Indicator]) -> dict[str, Indicator]:
    """Indicators by code, English name and translated name, all case-insensitive."""
    lookup: dict[str, Indicator] = {}
    for indicator in indicators:
        for key in (indicator.code, indicator.name, indicator.label):
            lookup[key.strip().casefold()] = indicator
    return lookup


def check_indicator(raw: str | None, lookup: dict[str, Indicator]) -> Indicator:
    text = (raw or "").strip()
    found = lookup.get(text.casefold())
    if found is None:
        codes = list(dict.fromkeys(i.code for i in lookup.values()))
        raise ValidationError(
            _("“%(text)s” is not an indicator code; use one of %(codes)s.") % {"text": text, "codes": ", ".join(codes)}
        )
    return found


def deployment_regions() -> dict[str, Region]:
    """The regions a figure may be recorded for: the deployment's kab/kota, its kecamatan and villages."""
    code = deployment.code()
    regions = Region.objects.filter(code=code) | Region.objects.in_deployment().filter(
        level__in=[RegionLevel.KECAMATAN, RegionLevel.DESA_KELURAHAN]
    )
    return {r.code: r for r in regions.order_by("code")}


def check_region(raw: str | None, regions: dict[str, Region]) -> Region:
    """The region of the Kemendagri code ``raw``; a code Excel turned into a number is named as such."""
    text = (raw or "").strip()
    if text in regions:
        return regions[text]
    if _EXCEL_MANGLED_CODE.match(text):
        raise ValidationError(
            _(
                "“%(text)s” looks like a region code that Excel turned into a number and cut short (33.10 "
                "becomes 33.1). Format the column as text and write the code again."
            )
            % {"text": text}
        )
    if not text:
        raise ValidationError(_("the region code is empty."))
    raise ValidationError(
        _(
            "“%(text)s” is not the code of %(city)s or of a kecamatan or kelurahan in it; write the Kemendagri "
            "code, e.g. %(example)s."
        )
        % {
            "text": text,
            "city": regions[deployment.code()].name if deployment.code() in regions else "",
            "example": deployment.code(),
        }
    )
