"""Matching beneficiaries by NIK or No KK is no lookup of the whole registry: a mentor's file or API
call finds only the households of its own work area. A person of another kelurahan comes back exactly as one
the registry does not hold — no name, kelurahan or desil, not even the fact that the registry has them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .beneficiary_helpers import (
    JENGGOT,
    KURIPAN_KERTOHARJO,
    OUTSIDER_NIK,
    head_of,
    households,
    tempe_intervention,
    xlsx,
)
from .test_beneficiaries_import_reports_every_row import upload


@pytest.fixture
def tempe(registry, persona):
    return tempe_intervention(persona("tkpk"))


@pytest.fixture
def elsewhere(registry):
    """The head of a Jenggot household: outside the Dindagkop-UKM mentor's kelurahan (Kuripan Kertoharjo)."""
    return head_of(households(registry, JENGGOT, (1, 2, 3, 4))[0])


def _preview(client, intervention, content):
    url = reverse("interventions:beneficiary_import", args=[intervention.pk])
    return client.post(url, {"file": upload(content), "status": "diusulkan", "action": "preview"})


def test_a_mentors_file_finds_a_person_of_another_kelurahan_no_more_than_a_stranger(client_as, tempe, elsewhere):
    content = xlsx([(elsewhere.nik, ""), (OUTSIDER_NIK, "")])

    response = _preview(client_as("mentor_dindagkop"), tempe, content)

    assert response.status_code == 200
    # In the file's order; the mentor sees both NIKs masked.
    known, stranger = response.context["report"].rows
    assert known.nik == elsewhere.nik[:6] + "*" * 8 + elsewhere.nik[-2:]
    assert stranger.nik == OUTSIDER_NIK[:6] + "*" * 8 + OUTSIDER_NIK[-2:]
    assert (known.result, known.flags, known.kelurahan_code, known.desil) == (
        stranger.result,
        stranger.flags,
        KURIPAN_KERTOHARJO,
        None,
    )
    assert known.household_id is None and known.name == ""
    page = response.content.decode()
    assert elsewhere.name not in page and "Jenggot" not in page


def test_a_mentors_no_kk_of_another_kelurahan_is_not_found(client_as, tempe, elsewhere):
    content = xlsx([("", "", elsewhere.family.no_kk)], header=("NIK", "Nama", "No. KK"))

    report = _preview(client_as("mentor_dindagkop"), tempe, content).context["report"]

    (row,) = report.rows
    assert row.household_id is None and row.result == "not_in_registry"


def test_the_api_add_by_nik_answers_a_mentor_like_for_a_stranger(api_as, tempe, elsewhere):
    url = f"/api/interventions/{tempe.pk}/beneficiaries"
    response = api_as("mentor_dindagkop").post(url, {"niks": [elsewhere.nik]}, content_type="application/json")

    assert response.status_code in (200, 201), response.content
    body = response.content.decode()
    assert elsewhere.name not in body and JENGGOT not in body
    assert tempe.beneficiaries.get().household_id is None


def test_the_tkpk_still_matches_across_the_city(client_as, tempe, elsewhere):
    report = _preview(client_as("tkpk"), tempe, xlsx([(elsewhere.nik, "")])).context["report"]

    (row,) = report.rows
    assert row.household_id == elsewhere.household_id and "other_kelurahan" in row.flags
