"""Who sees which beneficiaries: names only with personal-data rights (a viewer gets 403 but the counts),
NIK and No KK masked without identifier rights, each list and export logged; another kelurahan's mentor
gets 404; a lurah sees only the beneficiaries living in its kelurahan."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from dampingan.interventions import beneficiaries
from dampingan.interventions.models import Beneficiary

from .beneficiary_helpers import BANYURIP, KURIPAN_KERTOHARJO, head_of, households, tempe_intervention


@pytest.fixture
def tempe(registry, persona):
    intervention = tempe_intervention(persona("tkpk"))
    poor = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    beneficiaries.add_households(persona("tkpk"), intervention, [poor[0].pk])
    return intervention


def list_url(intervention) -> str:
    return reverse("interventions:beneficiary_list", args=[intervention.pk])


def test_the_viewer_gets_403_on_the_list_and_may_read_the_counts(client_as, api_as, tempe):
    assert client_as("viewer").get(list_url(tempe)).status_code == 403
    assert api_as("viewer").get(f"/api/interventions/{tempe.pk}/beneficiaries").status_code == 403
    counts = api_as("viewer").get(f"/api/interventions/{tempe.pk}/beneficiaries/counts")
    assert counts.status_code == 200 and counts.json()["diusulkan"] == 1


def test_the_mentor_of_another_kelurahan_gets_404(client_as, tempe):
    b = tempe.beneficiaries.get()
    client = client_as("mentor_dlh")
    assert client.get(list_url(tempe)).status_code == 404
    assert client.get(reverse("interventions:beneficiary_detail", args=[tempe.pk, b.pk])).status_code == 404
    assert client.get(reverse("interventions:beneficiary_import", args=[tempe.pk])).status_code == 404


def test_the_mentor_sees_names_with_masked_nik_and_the_view_is_logged(client_as, persona, tempe):
    b = tempe.beneficiaries.get()
    response = client_as("mentor_dindagkop").get(list_url(tempe))
    html = response.content.decode()
    assert b.name in html
    assert b.nik not in html
    assert f"{b.nik[:6]}********{b.nik[-2:]}" in html
    entry = LogEntry.objects.filter(actor=persona("mentor_dindagkop"), action=LogEntry.Action.ACCESS).get()
    assert entry.additional_data == {"purpose": "view", "detail": "beneficiary list", "count": 1}


def test_the_tkpk_sees_the_full_nik_and_the_export_is_logged(client_as, persona, tempe):
    b = tempe.beneficiaries.get()
    client = client_as("tkpk")
    assert b.nik in client.get(list_url(tempe)).content.decode()
    export = client.get(list_url(tempe) + "?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    purposes = [
        e.additional_data["purpose"]
        for e in LogEntry.objects.filter(actor=persona("tkpk"), action=LogEntry.Action.ACCESS)
    ]
    assert sorted(purposes) == ["export", "view"]


def test_a_lurah_sees_only_the_beneficiaries_living_in_its_kelurahan(client_as, persona, registry):
    # A city-wide programme of the TKPK with a household in Banyurip and one in Kuripan Kertoharjo
    citywide = tempe_intervention(persona("tkpk"), code=None, title="Program kota")
    banyurip = households(registry, BANYURIP, (1, 2, 3, 4))[0]
    kuripan = households(registry, KURIPAN_KERTOHARJO, (1, 2))[0]
    beneficiaries.add_households(persona("tkpk"), citywide, [banyurip.pk, kuripan.pk])
    response = client_as("lurah_banyurip").get(list_url(citywide))
    assert response.status_code == 200
    shown = {b.household_id for b in response.context["rows"]}
    assert shown == {banyurip.pk}
    # and the lurah's identifiers are full (it may see them)
    assert head_of(banyurip).nik in response.content.decode()
    # another kelurahan's beneficiary page is out of its scope
    other = Beneficiary.objects.get(intervention=citywide, household=kuripan)
    detail = reverse("interventions:beneficiary_detail", args=[citywide.pk, other.pk])
    assert client_as("lurah_banyurip").get(detail).status_code == 404


def test_a_reader_who_does_not_manage_sees_no_forms_and_may_not_post(client_as, tempe):
    b = tempe.beneficiaries.get()
    client = client_as("camat_selatan")
    detail = reverse("interventions:beneficiary_detail", args=[tempe.pk, b.pk])
    page = client.get(detail)
    assert page.status_code == 200 and page.context["status_form"] is None and page.context["receipt_form"] is None
    refused = client.post(detail, {"action": "receipt", "on": "2025-03-01", "amount": "1.000"})
    assert refused.status_code == 403
    assert client.get(reverse("interventions:beneficiary_import", args=[tempe.pk])).status_code == 403
    assert not b.receipts.exists()
