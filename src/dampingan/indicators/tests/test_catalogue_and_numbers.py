"""The seeded catalogue matches the code's, and figures are read as Indonesian writing and spreadsheets give them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from dampingan.indicators import numbers
from dampingan.indicators.catalogue import CATALOGUE, ensure_catalogue
from dampingan.indicators.models import Indicator
from dampingan.lib.money import AmountError


@pytest.mark.django_db
def test_the_migrated_catalogue_matches_the_code():
    rows = list(
        Indicator.objects.values_list(
            "code", "name", "unit", "decimals", "direction", "minimum", "maximum", "description"
        )
    )

    with translation.override("en"):
        expected = [
            (s.code, str(s.name), s.unit, s.decimals, s.direction, s.minimum, s.maximum, str(s.description))
            for s in CATALOGUE
        ]

    assert rows == expected


@pytest.mark.parametrize(
    ("text", "decimals", "expected"),
    [
        ("7,59", 2, "7.59"),
        ("7.59", 2, "7.59"),
        ("0.382", 3, "0.382"),
        ("74.125", 3, "74.125"),
        ("20.520", 0, "20520"),
        ("20520", 0, "20520"),
        ("1.234.567,5", 1, "1234567.5"),
        ("Rp 425.026", 0, "425026"),
        ("7,59 %", 2, "7.59"),
        ("-1,87", 2, "-1.87"),
        ("\u22121,87", 2, "-1.87"),
        ("425026.0", 0, "425026.0"),
    ],
)
def test_a_figure_is_read_as_written(text, decimals, expected):
    assert numbers.parse_figure(text, decimals=decimals) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "decimals", "code"),
    [
        ("tujuh", 2, numbers.NOT_A_NUMBER),
        ("7,5,9", 2, numbers.NOT_A_NUMBER),
        ("1.50.000", 0, numbers.NOT_A_NUMBER),
        ("", 2, numbers.NOT_A_NUMBER),
        ("7,591", 2, numbers.TOO_MANY_DECIMALS),
        ("20520,5", 0, numbers.TOO_MANY_DECIMALS),
    ],
)
def test_an_unreadable_figure_is_refused_with_a_code(text, decimals, code):
    with pytest.raises(AmountError) as refused:
        numbers.parse_figure(text, decimals=decimals)
    assert refused.value.code == code


@pytest.mark.django_db
def test_a_flushed_catalogue_is_restored_exactly_as_migrated():
    migrated = list(Indicator.objects.values())
    Indicator.objects.filter(code__in=["P0", "GINI"]).delete()

    added = ensure_catalogue()

    assert added == 2
    assert list(Indicator.objects.values()) == migrated
    assert ensure_catalogue() == 0
