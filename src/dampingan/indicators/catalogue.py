"""The macro indicators the TKPK follows, as BPS publishes them for a kab/kota.

This list is the reference: migration 0002 seeds the ``Indicator`` table with a frozen copy of it, and a
test checks that the two agree. Names are English source strings, translated at display (``Indicator.label``).

Bounds are sanity limits for validation, not expectations: a percentage lies in 0-100, an index where
its definition puts it (Gini 0-1, IPM 0-100), a count or a Rupiah amount below a ceiling no kab/kota
reaches. Growth may be negative (2020).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PERCENT = "percent", _("percent")
    PERSONS = "persons", _("persons")
    RUPIAH_PER_CAPITA_MONTH = "rupiah_capita_month", _("Rupiah per capita per month")
    INDEX = "index", _("index")
    PERCENT_GROWTH = "percent_growth", _("percent growth")


class Direction(models.TextChoices):
    LOWER_IS_BETTER = "lower", _("lower is better")
    HIGHER_IS_BETTER = "higher", _("higher is better")
    NEUTRAL = "neutral", _("neither higher nor lower is better")


# Short unit labels for axes and table headers.
UNIT_SYMBOLS: dict[str, str | Promise] = {
    Unit.PERCENT: "%",
    Unit.PERSONS: _("persons"),
    Unit.RUPIAH_PER_CAPITA_MONTH: _("Rp/capita/month"),
    Unit.INDEX: _("index"),
    Unit.PERCENT_GROWTH: "%",
}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: Promise
    unit: str
    decimals: int
    direction: str
    minimum: Decimal | None
    maximum: Decimal | None
    description: Promise


CATALOGUE: list[IndicatorSpec] = [
    IndicatorSpec(
        "P0",
        _("Poverty rate (P0)"),
        Unit.PERCENT,
        2,
        Direction.LOWER_IS_BETTER,
        Decimal(0),
        Decimal(100),
        _("Share of the population living below the poverty line (BPS, Susenas March)."),
    ),
    IndicatorSpec(
        "JML_MISKIN",
        _("Number of poor people"),
        Unit.PERSONS,
        0,
        Direction.LOWER_IS_BETTER,
        Decimal(0),
        Decimal(10_000_000),
        _("People living below the poverty line; BPS publishes it in thousands."),
    ),
    IndicatorSpec(
        "P1",
        _("Poverty depth index (P1)"),
        Unit.INDEX,
        2,
        Direction.LOWER_IS_BETTER,
        Decimal(0),
        Decimal(100),
        _("Average gap between the spending of the poor and the poverty line."),
    ),
    IndicatorSpec(
        "P2",
        _("Poverty severity index (P2)"),
        Unit.INDEX,
        2,
        Direction.LOWER_IS_BETTER,
        Decimal(0),
        Decimal(100),
        _("Inequality of spending among the poor."),
    ),
    IndicatorSpec(
        "GK",
        _("Poverty line"),
        Unit.RUPIAH_PER_CAPITA_MONTH,
        0,
        Direction.NEUTRAL,
        Decimal(1),
        Decimal(10_000_000),
        _("Spending per capita per month below which a person counts as poor (food and non-food lines)."),
    ),
    IndicatorSpec(
        "TPT",
        _("Open unemployment rate (TPT)"),
        Unit.PERCENT,
        2,
        Direction.LOWER_IS_BETTER,
        Decimal(0),
        Decimal(100),
        _("Share of the labour force without work and looking for it (BPS, Sakernas August)."),
    ),
    IndicatorSpec(
        "PE",
        _("Economic growth"),
        Unit.PERCENT_GROWTH,
        2,
        Direction.HIGHER_IS_BETTER,
        Decimal(-100),
        Decimal(100),
        _("Growth of the gross regional domestic product at constant prices."),
    ),
    IndicatorSpec(
        "GINI",
        _("Gini ratio"),
        Unit.INDEX,
        3,
        Direction.LOWER_IS_BETTER,
        Decimal(0),
        Decimal(1),
        _("Inequality of spending across the whole population, from 0 (equal) to 1."),
    ),
    IndicatorSpec(
        "IPM",
        _("Human development index (IPM)"),
        Unit.INDEX,
        2,
        Direction.HIGHER_IS_BETTER,
        Decimal(0),
        Decimal(100),
        _("Health, education and purchasing power combined (BPS method since 2010)."),
    ),
    IndicatorSpec(
        "PENDUDUK",
        _("Population"),
        Unit.PERSONS,
        0,
        Direction.NEUTRAL,
        Decimal(0),
        Decimal(100_000_000),
        _("Residents (BPS projection, or the census in census years)."),
    ),
]

CATALOGUE_BY_CODE = {spec.code: spec for spec in CATALOGUE}


def ensure_catalogue() -> int:
    """Add the indicators of ``CATALOGUE`` the table lacks (a database flushed after its migrations ran, as
    transactional tests do); existing rows are left as they are. Returns how many were added."""
    from .models import Indicator

    present = set(Indicator.objects.values_list("code", flat=True))
    missing = [spec for spec in CATALOGUE if spec.code not in present]
    with translation.override("en"):
        Indicator.objects.bulk_create(
            Indicator(
                code=spec.code,
                name=str(spec.name),
                unit=spec.unit,
                decimals=spec.decimals,
                direction=spec.direction,
                minimum=spec.minimum,
                maximum=spec.maximum,
                description=str(spec.description),
                position=CATALOGUE.index(spec) + 1,
            )
            for spec in missing
        )
    return len(missing)
