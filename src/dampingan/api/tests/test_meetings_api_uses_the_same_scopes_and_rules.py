"""Meetings and decisions over the API follow the pages: the same lists, 404 out of scope, 403 without the
right to run the region, 422 with the service's messages, nothing half-saved."""

import json

import pytest

from dampingan.coordination.models import Meeting
from dampingan.mentoring.models import Opd

pytestmark = pytest.mark.django_db

SIX_OPDS = ["DLH", "BPBD", "Dinarpus", "Dinperpa", "Dindagkop-UKM", "DPMPPA"]


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def catur_pilar_body(**changes):
    body = {
        "kind": "catur_pilar",
        "region_code": "33.75.04",
        "title": "Catur Pilar Kecamatan Pekalongan Selatan 2022",
        "starts_at": "2022-07-07T09:00:00",
        "ends_at": "2022-07-07T12:00:00+07:00",
        "venue": "Aula Kecamatan Pekalongan Selatan",
        "chair": "Camat Pekalongan Selatan",
        "agenda": "1. Pembukaan",
        "status": "terlaksana",
        "participants": [
            *({"opd_id": Opd.objects.get(abbreviation=a).pk} for a in SIX_OPDS),
            {"body": "lurah", "body_region_code": "33.75.04.1002"},
            {"name": "Indah Budiarti", "position": "Bappeda", "role": "narasumber", "topic": "Strategi"},
        ],
    }
    body.update(changes)
    return body


def test_the_camat_creates_the_catur_pilar_and_reads_it_back_with_its_participants(api_as):
    camat = api_as("camat_selatan")

    created = post(camat, "/api/meetings/", catur_pilar_body())

    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["starts_at"].startswith("2022-07-07T02:00:00") or data["starts_at"].startswith("2022-07-07T09:00:00+07")
    assert data["participant_count"] == 8 and data["level"] == 3
    assert {p["label"] for p in data["participants"]} >= {"DLH", "Lurah Banyurip", "Indah Budiarti"}
    speaker = next(p for p in data["participants"] if p["role"] == "narasumber")
    assert speaker["topic"] == "Strategi"
    again = camat.get(f"/api/meetings/{data['id']}")
    assert again.status_code == 200 and again.json()["title"] == data["title"]


def test_creating_for_a_region_one_may_not_run_or_without_the_right_is_refused(api_as):
    barat = post(api_as("camat_selatan"), "/api/meetings/", catur_pilar_body(region_code="33.75.01"))
    mentor = post(api_as("mentor_dlh"), "/api/meetings/", catur_pilar_body())
    viewer = post(api_as("viewer"), "/api/meetings/", catur_pilar_body())

    assert barat.status_code == 422
    assert barat.json()["detail"]["region_code"] == ["Anda tidak dapat mengadakan rapat untuk Pekalongan Barat."]
    assert mentor.status_code == 403 and viewer.status_code == 403
    assert not Meeting.objects.exists()


def test_bad_input_answers_422_with_every_message_and_saves_nothing(api_as):
    response = post(
        api_as("camat_selatan"),
        "/api/meetings/",
        catur_pilar_body(
            ends_at="2022-07-07T08:00:00+07:00",
            participants=[{"position": "tanpa nama"}, {"body": "lurah", "body_region_code": "33.99.01.1001"}],
        ),
    )

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["ends_at"][0].startswith("Rapat harus selesai setelah dimulai")
    assert detail["participants"][0].startswith("Peserta 1: tidak ada yang disebut")
    assert detail["participants"][1] == "Peserta 2: tidak ada wilayah dengan kode 33.99.01.1001."
    assert not Meeting.objects.exists()


def test_an_unknown_region_is_refused_under_the_field_the_caller_sent(api_as):
    # The service says "region"; the request has "region_code" (the API fuzzer found the mismatch).
    response = post(api_as("tkpk"), "/api/meetings/", catur_pilar_body(region_code="33.99"))

    assert response.status_code == 422
    assert list(response.json()["detail"]) == ["region_code"]
    assert not Meeting.objects.exists()


def test_reading_follows_the_scopes(demo_coordination, api_as):
    rakor = Meeting.objects.get(kind="rakor_tkpk")
    catur = Meeting.objects.get(kind="catur_pilar")

    assert {m["kind"] for m in api_as("mentor_dlh").get("/api/meetings/").json()} == {"catur_pilar", "rakor_tkpk"}
    assert [m["id"] for m in api_as("tkpk").get("/api/meetings/?kind=rakor_tkpk").json()] == [rakor.pk]
    assert [m["id"] for m in api_as("tkpk").get("/api/meetings/?year=2022&level=3").json()] == [catur.pk]
    assert api_as("viewer").get(f"/api/meetings/{rakor.pk}").status_code == 200


def test_a_meeting_out_of_scope_is_not_found(persona, api_as):
    from dampingan.coordination.tests.meeting_helpers import musyawarah

    banyurip = musyawarah(persona("lurah_banyurip"))

    assert api_as("mentor_dlh").get(f"/api/meetings/{banyurip.pk}").status_code == 404
    assert patch(api_as("mentor_dlh"), f"/api/meetings/{banyurip.pk}", {"title": "x"}).status_code == 404
    assert api_as("mentor_dlh").get(f"/api/meetings/{banyurip.pk}/decisions").status_code == 404
    assert api_as("lurah_banyurip").get(f"/api/meetings/{banyurip.pk}").status_code == 200


def test_the_detail_carries_decisions_with_their_action_item_summaries(demo_coordination, api_as):
    catur = Meeting.objects.get(kind="catur_pilar")

    data = api_as("mentor_dlh").get(f"/api/meetings/{catur.pk}").json()
    decisions = api_as("mentor_dlh").get(f"/api/meetings/{catur.pk}/decisions").json()

    assert [d["number"] for d in data["decisions"]] == [1, 2] and decisions == data["decisions"]
    items = {i["owner"]: i for d in data["decisions"] for i in d["action_items"]}
    assert items["DLH"]["overdue"] is True and items["DLH"]["kelurahan_code"] == "33.75.04.1004"
    assert all(d["is_demo"] for d in data["decisions"])


def test_only_who_runs_the_meeting_patches_it_and_adds_decisions(demo_coordination, api_as):
    catur = Meeting.objects.get(kind="catur_pilar")

    by_lurah = patch(api_as("lurah_banyurip"), f"/api/meetings/{catur.pk}", {"venue": "Balai Kelurahan"})
    by_mentor = post(api_as("mentor_dlh"), f"/api/meetings/{catur.pk}/decisions", {"text": "Keputusan"})
    by_camat = patch(
        api_as("camat_selatan"), f"/api/meetings/{catur.pk}", {"venue": "Pendopo", "minutes": "## Ringkas"}
    )
    decision = post(
        api_as("camat_selatan"),
        f"/api/meetings/{catur.pk}/decisions",
        {"text": "Evaluasi triwulanan", "kelurahan_codes": ["33.75.04.1010"]},
    )

    assert by_lurah.status_code == 403 and by_mentor.status_code == 403
    assert by_camat.status_code == 200 and by_camat.json()["venue"] == "Pendopo"
    assert by_camat.json()["minutes"] == "## Ringkas"
    assert decision.status_code == 201
    assert (decision.json()["number"], decision.json()["kelurahan_codes"]) == (3, ["33.75.04.1010"])


def test_a_patch_that_fails_halfway_saves_nothing(demo_coordination, api_as):
    catur = Meeting.objects.get(kind="catur_pilar")

    response = patch(
        api_as("camat_selatan"),
        f"/api/meetings/{catur.pk}",
        {"venue": "Pendopo", "status": "direncanakan"},  # a held meeting with decisions stays held
    )

    assert response.status_code == 422
    catur.refresh_from_db()
    assert catur.venue == "Aula Kecamatan Pekalongan Selatan" and catur.status == "terlaksana"


def test_attendance_over_the_api(persona, api_as):
    from dampingan.coordination.tests.meeting_helpers import catur_pilar

    meeting = catur_pilar(persona("camat_selatan"), status="direncanakan")
    dlh = meeting.participants.get(opd__abbreviation="DLH")

    response = post(
        api_as("camat_selatan"),
        f"/api/meetings/{meeting.pk}/attendance",
        {"attended_participant_ids": [dlh.pk], "walk_ins": [{"name": "Slamet", "position": "Ketua RW"}]},
    )

    assert response.status_code == 200
    attended = {p["label"] for p in response.json()["participants"] if p["attended"]}
    assert attended == {"DLH", "Slamet"} and response.json()["status"] == "terlaksana"
