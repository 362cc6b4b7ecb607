"""A beneficiary's status moves proposed → active → graduated or suspended (and back to active), each
change dated and explained; receipts record a date and an amount written the Indonesian way, an item,
or both. Refusals name what is wrong and save nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dampingan.interventions import beneficiaries
from dampingan.interventions.models import BeneficiaryStatus, BeneficiaryStatusChange, Receipt

from .beneficiary_helpers import KURIPAN_KERTOHARJO, households, tempe_intervention


@pytest.fixture
def linked(registry, persona):
    tempe = tempe_intervention(persona("tkpk"))
    poor = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    return beneficiaries.add_households(persona("tkpk"), tempe, [h.pk for h in poor[:2]], on=dt.date(2025, 2, 1))


def detail_url(b) -> str:
    return reverse("interventions:beneficiary_detail", args=[b.intervention_id, b.pk])


def test_the_status_history_records_every_change_with_date_and_reason(client_as, linked):
    b = linked[0]
    client = client_as("mentor_dindagkop")
    steps = [
        ("aktif", "2025-02-10", "Modal diserahkan"),
        ("ditangguhkan", "2025-04-01", "Pindah sementara"),
        ("aktif", "2025-05-01", "Kembali berusaha"),
        ("lulus", "2025-08-01", "Usaha mandiri"),
    ]
    for status, on, reason in steps:
        response = client.post(detail_url(b), {"action": "status", "status": status, "on": on, "reason": reason})
        assert response.status_code == 302, response.context and response.context["status_form"].errors
    b.refresh_from_db()
    assert b.status == BeneficiaryStatus.GRADUATED
    history = [(c.status, str(c.on), c.reason) for c in BeneficiaryStatusChange.objects.filter(beneficiary=b)]
    assert history == [("diusulkan", "2025-02-01", "Ditambahkan dari daftar rumah tangga"), *steps]
    page = client.get(detail_url(b)).content.decode()
    assert "Usaha mandiri" in page and "Pindah sementara" in page


@pytest.mark.parametrize(
    ("before", "to"),
    [("diusulkan", "lulus"), ("diusulkan", "ditangguhkan"), ("lulus", "aktif"), ("ditangguhkan", "lulus")],
)
def test_moves_outside_the_lifecycle_are_refused(persona, linked, before, to):
    b = linked[0]
    b.status = before
    b.save()
    with pytest.raises(ValidationError) as refused:
        beneficiaries.change_status(persona("tkpk"), [b], to, dt.date(2025, 3, 1), "coba")
    assert str(b) in " ".join(refused.value.messages)
    b.refresh_from_db()
    assert b.status == before
    assert b.status_changes.count() == 1


def test_a_change_needs_a_reason_a_past_date_and_no_earlier_than_the_last(persona, linked):
    tkpk, b = persona("tkpk"), linked[0]
    with pytest.raises(ValidationError) as no_reason:
        beneficiaries.change_status(tkpk, [b], "aktif", dt.date(2025, 3, 1), "  ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as future:
        beneficiaries.change_status(tkpk, [b], "aktif", timezone.localdate() + dt.timedelta(days=1), "x")
    assert "on" in future.value.message_dict
    with pytest.raises(ValidationError) as earlier:
        beneficiaries.change_status(tkpk, [b], "aktif", dt.date(2025, 1, 15), "x")
    assert "01-02-2025" in " ".join(earlier.value.messages)
    assert b.status_changes.count() == 1


def test_a_bulk_change_is_all_or_nothing(client_as, persona, linked):
    first, second = linked
    beneficiaries.change_status(persona("tkpk"), [second], "aktif", dt.date(2025, 3, 1), "mulai")
    url = reverse("interventions:beneficiary_list", args=[first.intervention_id])
    # the second is already active: "active" again is not a move, so nobody changes
    client = client_as("mentor_dindagkop")
    client.post(url, {"beneficiary": [first.pk, second.pk], "status": "aktif", "on": "2025-03-02", "reason": "x"})
    first.refresh_from_db()
    assert first.status == "diusulkan"
    # both proposed → active at once
    second.status = "diusulkan"
    second.save()
    client.post(url, {"beneficiary": [first.pk, second.pk], "status": "aktif", "on": "2025-03-02", "reason": "modal"})
    assert {b.status for b in type(first).objects.filter(pk__in=[first.pk, second.pk])} == {"aktif"}


def test_a_refused_change_tells_every_field_problem_at_once_then_each_beneficiary_in_turn(persona, linked):
    tkpk, (first, second) = persona("tkpk"), linked
    beneficiaries.change_status(tkpk, [second], "aktif", dt.date(2025, 3, 1), "mulai")

    with pytest.raises(ValidationError) as fields:
        beneficiaries.change_status(tkpk, [first, second], "entah", None, " ")
    with pytest.raises(ValidationError) as refused:
        beneficiaries.change_status(tkpk, [second, first], "lulus", dt.date(2025, 2, 15), "x")

    assert list(fields.value.message_dict) == ["status", "on", "reason"]
    moves = refused.value.message_dict["status"]
    assert len(moves) == 2
    assert moves[0].startswith(str(first)) and "Lulus" in moves[0]
    assert moves[1].startswith(str(second)) and "15-02-2025" in moves[1] and "01-03-2025" in moves[1]
    assert first.status_changes.count() == 1 and second.status_changes.count() == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.500.000", "1500000"), ("1.500.000,50", "1500000.50"), ("Rp 2.000", "2000"), ("750000", "750000")],
)
def test_receipt_amounts_are_read_the_indonesian_way(client_as, linked, typed, stored):
    b = linked[0]
    response = client_as("mentor_dindagkop").post(
        detail_url(b), {"action": "receipt", "on": "2025-03-01", "amount": typed, "item": ""}
    )
    assert response.status_code == 302
    assert Receipt.objects.get(beneficiary=b).amount == Decimal(stored)


def test_a_receipt_may_be_an_item_without_amount(persona, linked):
    receipt = beneficiaries.record_receipt(
        persona("tkpk"), linked[0], {"on": dt.date(2025, 3, 1), "item": "Alat cetak tempe"}
    )
    assert (receipt.amount, receipt.item) == (None, "Alat cetak tempe")


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"on": "2025-03-01", "amount": "-5.000"}, "amount", "negatif"),
        ({"on": "2025-03-01", "amount": "lima ribu"}, "amount", "1.500.000"),
        ({"on": "2025-03-01", "amount": "", "item": ""}, "amount", "barang"),
        ({"on": "2024-12-31", "amount": "5.000"}, "on", "01-01-2025"),
    ],
)
def test_bad_receipts_are_refused_naming_the_field(client_as, linked, data, field, words):
    b = linked[0]
    response = client_as("mentor_dindagkop").post(detail_url(b), {"action": "receipt", **data})
    assert response.status_code == 422
    errors = response.context["receipt_form"].errors
    assert words in " ".join(errors.get(field, [])), errors
    assert not Receipt.objects.filter(beneficiary=b).exists()


def test_the_receipts_total_shows_on_the_list(client_as, persona, linked):
    b = linked[0]
    for amount in ("1.000.000", "500.000,25"):
        beneficiaries.record_receipt(persona("tkpk"), b, {"on": dt.date(2025, 3, 1), "amount": amount})
    page = client_as("mentor_dindagkop").get(reverse("interventions:beneficiary_list", args=[b.intervention_id]))
    assert "Rp 1.500.000,25" in page.content.decode()
