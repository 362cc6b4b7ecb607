"""Amounts typed the Indonesian way ("1.500.000,50") are read exactly, never as floats, and shown back as
Rupiah with Indonesian separators; anything ambiguous or negative is refused, not guessed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dampingan.interventions.models import BudgetLine
from dampingan.lib.money import (
    NEGATIVE,
    NOT_A_NUMBER,
    TOO_MANY_DECIMALS,
    AmountError,
    format_number,
    format_rupiah,
    parse_amount,
)

from .intervention_helpers import company, plan


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.500.000", Decimal("1500000")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("Rp 2.000", Decimal("2000")),
        ("Rp. 25.000.000", Decimal("25000000")),
        ("1500000", Decimal("1500000")),
        ("1500000.5", Decimal("1500000.5")),  # as the API and machines write it
        ("37,5", Decimal("37.5")),
        ("0", Decimal("0")),
    ],
)
def test_indonesian_amounts_are_read_exactly(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("-5", NEGATIVE),
        ("Rp -1.000", NEGATIVE),
        ("lima juta", NOT_A_NUMBER),
        ("", NOT_A_NUMBER),
        ("1.50.000", NOT_A_NUMBER),  # misplaced thousands dot: refused rather than guessed
        ("15.0000", NOT_A_NUMBER),
        ("1,234", TOO_MANY_DECIMALS),  # an English thousands comma would be read as 1,234 Rupiah otherwise
    ],
)
def test_ambiguous_negative_or_non_numeric_amounts_are_refused(typed, code):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)

    assert refused.value.code == code


def test_rupiah_are_shown_with_indonesian_separators():
    assert format_rupiah(Decimal("1500000")) == "Rp 1.500.000"
    assert format_rupiah(Decimal("1500000.00")) == "Rp 1.500.000"
    assert format_rupiah(Decimal("1500000.5")) == "Rp 1.500.000,50"
    assert format_number(Decimal("37.50")) == "37,5"
    assert format_number(Decimal("1234567.891")) == "1.234.567,89"


def test_the_budget_form_takes_an_amount_with_dots_and_comma_and_shows_it_as_rupiah(persona, client_as):
    mentor = persona("mentor_dindagkop")
    intervention = plan(mentor)
    partner = company(mentor)
    client = client_as("mentor_dindagkop")
    url = reverse("interventions:intervention_budget", args=[intervention.pk])

    response = client.post(
        url,
        {
            "source": "csr",
            "partner": partner.pk,
            "year": intervention.start_date.year,
            "planned": "25.000.000",
            "realised": "12.500.000,50",
        },
        follow=True,
    )

    line = BudgetLine.objects.get()
    assert (line.planned, line.realised) == (Decimal("25000000"), Decimal("12500000.50"))
    page = response.content.decode()
    assert "Rp 25.000.000" in page and "Rp 12.500.000,50" in page
