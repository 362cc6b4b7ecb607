"""The beneficiaries API: list per intervention (masked, logged), add by household id or NIK, import with a
preview and an all-or-nothing confirm, status changes and receipts, with the pages' scopes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dampingan.interventions.models import Beneficiary

from .beneficiary_helpers import (
    JENGGOT,
    KURIPAN_KERTOHARJO,
    OUTSIDER_NIK,
    head_of,
    households,
    tempe_intervention,
    xlsx,
)


@pytest.fixture
def tempe(registry, persona):
    return tempe_intervention(persona("tkpk"))


def base(intervention) -> str:
    return f"/api/interventions/{intervention.pk}/beneficiaries"


def test_add_by_household_id_then_list_masked(api_as, registry, tempe):
    poor = households(registry, KURIPAN_KERTOHARJO, (1, 2))
    client = api_as("mentor_dindagkop")
    added = client.post(
        base(tempe), {"household_ids": [poor[0].pk], "status": "aktif"}, content_type="application/json"
    )
    assert added.status_code == 201, added.json()
    [row] = client.get(base(tempe)).json()
    nik = head_of(poor[0]).nik
    assert row["household_id"] == poor[0].pk and row["status"] == "aktif"
    assert row["nik"] == f"{nik[:6]}********{nik[-2:]}"
    again = client.post(base(tempe), {"household_ids": [poor[0].pk]}, content_type="application/json")
    assert again.status_code == 422
    assert poor[0].registry_id in str(again.json()["detail"])


def test_add_by_nik_flags_people_outside_the_registry(api_as, registry, tempe):
    nik = head_of(households(registry, KURIPAN_KERTOHARJO, (1,))[0]).nik
    response = api_as("tkpk").post(base(tempe), {"niks": [nik, OUTSIDER_NIK]}, content_type="application/json")
    assert response.status_code == 201
    flags = {row["nik"]: row["flags"] for row in response.json()}
    assert flags == {nik: [], OUTSIDER_NIK: ["not_in_registry"]}
    bad = api_as("tkpk").post(base(tempe), {"niks": ["12345"]}, content_type="application/json")
    assert bad.status_code == 422


def test_import_previews_then_confirms(api_as, registry, tempe):
    nik = head_of(households(registry, KURIPAN_KERTOHARJO, (1,))[0]).nik
    jenggot = head_of(households(registry, JENGGOT, (1, 2))[0]).nik
    content = xlsx([(nik, "Siti"), (OUTSIDER_NIK, "Warsini"), (jenggot, "Bu Jenggot")])
    client = api_as("mentor_dindagkop")
    preview = client.post(base(tempe) + "/import", {"file": SimpleUploadedFile("p.xlsx", content)})
    assert preview.status_code == 200
    # The Jenggot head lies outside the mentor's work area: found no more than a stranger.
    assert preview.json()["counts"] == {"matched": 1, "not_in_registry": 2}
    assert preview.json()["flag_counts"] == {"not_in_registry": 2}
    assert not Beneficiary.objects.filter(intervention=tempe).exists()
    confirmed = client.post(base(tempe) + "/import", {"file": SimpleUploadedFile("p.xlsx", content), "confirm": "true"})
    assert confirmed.status_code == 201 and confirmed.json()["imported"] == 3
    assert tempe.beneficiaries.count() == 3


def test_import_with_an_invalid_nik_answers_422_with_row_and_column(api_as, tempe):
    content = xlsx([(OUTSIDER_NIK, "Warsini"), ("3.37504E+15", "Rusak")])
    response = api_as("mentor_dindagkop").post(
        base(tempe) + "/import", {"file": SimpleUploadedFile("p.xlsx", content), "confirm": "true"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["row"] == 3 and response.json()["errors"][0]["column"] == "NIK"
    assert not tempe.beneficiaries.exists()


def test_status_and_receipts_over_the_api(api_as, registry, tempe):
    household = households(registry, KURIPAN_KERTOHARJO, (1,))[0]
    client = api_as("mentor_dindagkop")
    added = client.post(
        base(tempe), {"household_ids": [household.pk], "on": "2025-02-01"}, content_type="application/json"
    )
    [row] = added.json()
    url = f"{base(tempe)}/{row['id']}"
    changed = client.post(
        url + "/status", {"status": "aktif", "on": "2025-03-01", "reason": "modal"}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert [c["status"] for c in changed.json()["status_changes"]] == ["diusulkan", "aktif"]
    wrong = client.post(
        url + "/status", {"status": "diusulkan", "on": "2025-03-02", "reason": "x"}, content_type="application/json"
    )
    assert wrong.status_code == 422
    receipt = client.post(
        url + "/receipts", {"on": "2025-03-02", "amount": "1.500.000,50"}, content_type="application/json"
    )
    assert receipt.status_code == 201 and receipt.json()["amount"] == "1500000.50"
    negative = client.post(url + "/receipts", {"on": "2025-03-02", "amount": "-1"}, content_type="application/json")
    assert negative.status_code == 422
    assert client.get(url).json()["received"] == "1500000.50"


def test_the_api_keeps_the_scopes(api_as, registry, tempe):
    household = households(registry, KURIPAN_KERTOHARJO, (1,))[0]
    assert api_as("mentor_dlh").get(base(tempe)).status_code == 404
    refused = api_as("camat_selatan").post(
        base(tempe), {"household_ids": [household.pk]}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert not tempe.beneficiaries.exists()
