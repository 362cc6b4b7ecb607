"""Action items over the API: the same scopes, owners and messages as the pages. The camat creates an item
under a decision of its Catur Pilar, the DLH mentor lists its overdue item and closes it, gets 403 on the
BPBD item it can see and 404 on an item it cannot; bad input is a 422 naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dampingan.coordination.models import ActionItem
from dampingan.coordination.tests.action_helpers import (
    BANYURIP,
    JENGGOT,
    MEDONO,
    barat_meeting,
    catur_pilar,
    item_for,
    opd,
)


@pytest.fixture
def setting(persona):
    today = timezone.localdate()
    decision = catur_pilar(persona, day=today - dt.timedelta(days=30))
    camat = persona("camat_selatan")
    return {
        "decision": decision,
        "dlh": item_for(camat, decision, owner=opd("DLH"), due=today - dt.timedelta(days=3), kelurahan=JENGGOT),
        "bpbd": item_for(camat, decision, owner=opd("BPBD"), due=today + dt.timedelta(days=5), kelurahan=BANYURIP),
        "barat": item_for(
            persona("tkpk"),
            barat_meeting(persona, day=today - dt.timedelta(days=30)),
            owner=opd("BPBD"),
            due=today - dt.timedelta(days=1),
            kelurahan=MEDONO,
        ),
    }


def test_the_camat_creates_an_item_under_its_decision(api_as, setting):
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    body = {
        "decision_id": setting["decision"].pk,
        "title": "Pendataan rumah tidak layak huni",
        "owner_opd_id": opd("DLH").pk,
        "kelurahan_code": JENGGOT,
        "due_date": due,
    }
    response = api_as("camat_selatan").post("/api/action-items/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["owner"] == {"kind": "opd", "id": opd("DLH").pk, "label": "DLH"}
    assert out["status"] == "terbuka" and out["updates"] == [] and out["kelurahan_code"] == JENGGOT


def test_bad_input_is_a_422_naming_the_field(api_as, setting):
    client = api_as("camat_selatan")
    body = {"decision_id": setting["decision"].pk, "title": "Dua penanggung jawab", "owner_opd_id": opd("DLH").pk}
    two = client.post("/api/action-items/", {**body, "owner_username": "mentor.dlh"}, content_type="application/json")
    outside = client.post(
        "/api/action-items/",
        {**body, "kelurahan_code": MEDONO, "due_date": "2030-01-01"},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/action-items/",
        {**body, "owner_opd_id": 999999, "due_date": "2030-01-01"},
        content_type="application/json",
    )
    assert two.status_code == 422 and set(two.json()["detail"]) == {"owner", "due_date"}
    assert "Anda memilih OPD DLH dan pengguna Pendamping DLH" in two.json()["detail"]["owner"][0]
    assert (
        outside.status_code == 422
        and "Medono tidak termasuk Pekalongan Selatan" in outside.json()["detail"]["kelurahan"][0]
    )
    assert unknown.status_code == 422 and "owner_opd_id" in unknown.json()["detail"]
    assert not ActionItem.objects.filter(title="Dua penanggung jawab").exists()


def test_a_mentor_may_not_create_and_the_other_kecamatan_is_404(api_as, setting):
    body = {"title": "x", "owner_opd_id": opd("DLH").pk, "due_date": "2030-01-01"}
    mentor = api_as("mentor_dlh").post(
        "/api/action-items/", {**body, "decision_id": setting["decision"].pk}, content_type="application/json"
    )
    camat = api_as("camat_selatan").post(
        "/api/action-items/", {**body, "decision_id": setting["barat"].decision_id}, content_type="application/json"
    )
    assert mentor.status_code == 403 and camat.status_code == 404


def test_the_dlh_mentor_lists_its_overdue_item_and_closes_it(api_as, setting):
    client = api_as("mentor_dlh")
    overdue = client.get("/api/action-items/", {"overdue": "true"}).json()
    assert [i["id"] for i in overdue] == [setting["dlh"].pk] and overdue[0]["days_overdue"] == 3

    closed = client.post(
        f"/api/action-items/{setting['dlh'].pk}/updates",
        {"note": "Sepuluh rumah diverifikasi.", "status": "selesai"},
        content_type="application/json",
    )
    assert closed.status_code == 201
    out = closed.json()
    assert out["status"] == "selesai" and out["completed_on"] == timezone.localdate().isoformat()
    assert [(u["status_before"], u["status_after"]) for u in out["updates"]] == [("terbuka", "selesai")]
    assert client.get("/api/action-items/", {"overdue": "true"}).json() == []


def test_the_bpbd_item_is_403_and_the_hidden_one_404(api_as, setting):
    client = api_as("mentor_dlh")
    note = {"note": "Selesai.", "status": "selesai"}
    assert client.get(f"/api/action-items/{setting['bpbd'].pk}").status_code == 200
    bpbd = client.post(f"/api/action-items/{setting['bpbd'].pk}/updates", note, content_type="application/json")
    hidden = client.post(f"/api/action-items/{setting['barat'].pk}/updates", note, content_type="application/json")
    assert bpbd.status_code == 403 and hidden.status_code == 404
    assert client.get(f"/api/action-items/{setting['barat'].pk}").status_code == 404


def test_closing_without_a_note_is_a_422(api_as, setting):
    response = api_as("mentor_dlh").post(
        f"/api/action-items/{setting['dlh'].pk}/updates",
        {"note": "", "status": "selesai"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "sebelum menutup" in response.json()["detail"]["note"][0]


def test_the_camat_changes_the_owner_and_the_viewer_may_not(api_as, setting):
    url = f"/api/action-items/{setting['bpbd'].pk}"
    patched = api_as("camat_selatan").patch(url, {"owner_username": "lurah.banyurip"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["owner"]["kind"] == "user"
    assert patched.json()["kelurahan_code"] == BANYURIP  # fields left out keep their value
    assert api_as("viewer").patch(url, {"title": "x"}, content_type="application/json").status_code == 403
    assert api_as("viewer").get("/api/action-items/").status_code == 200
