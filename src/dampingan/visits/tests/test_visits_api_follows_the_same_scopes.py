"""The visits API: the same scopes and workflow as the pages, conflicts as 409."""

import datetime as dt

import pytest
from django.utils import timezone

from dampingan.regions.models import Region
from dampingan.visits import services
from dampingan.visits.models import MonthlyReport, Visit
from dampingan.visits.months import add_months, first_of_month

from .conftest import BANYURIP, JENGGOT

TODAY = timezone.localdate()
LAST_MONTH = add_months(first_of_month(TODAY), -1)
JSON = "application/json"


@pytest.fixture
def visits(persona):
    jenggot, banyurip = Region.objects.get(code=JENGGOT), Region.objects.get(code=BANYURIP)
    return (
        services.record_visit(persona("mentor_dlh"), jenggot, {"date": TODAY, "activity": "Bank sampah"}),
        services.record_visit(persona("tkpk"), banyurip, {"date": TODAY, "activity": "Simulasi banjir"}),
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("tkpk", {JENGGOT, BANYURIP}),
        ("viewer", {JENGGOT, BANYURIP}),
        ("camat_selatan", {JENGGOT, BANYURIP}),
        ("mentor_dlh", {JENGGOT}),
        ("lurah_banyurip", {BANYURIP}),
    ],
)
def test_the_visit_list_follows_the_scope(api_as, visits, key, expected):
    body = api_as(key).get("/api/visits/").json()

    assert {v["kelurahan_code"] for v in body} == expected


def test_a_visit_outside_the_scope_is_404(api_as, visits):
    jenggot_visit, banyurip_visit = visits
    client = api_as("mentor_dlh")

    assert client.get(f"/api/visits/{jenggot_visit.pk}").json()["activity"] == "Bank sampah"
    assert client.get(f"/api/visits/{banyurip_visit.pk}").status_code == 404


def test_creating_a_visit_needs_the_capability_and_the_scope(api_as):
    payload = {"kelurahan_code": JENGGOT, "date": TODAY.isoformat(), "activity": "Monitoring"}

    created = api_as("mentor_dlh").post("/api/visits/", payload, content_type=JSON)
    forbidden = api_as("camat_selatan").post("/api/visits/", payload, content_type=JSON)
    elsewhere = api_as("mentor_dlh").post("/api/visits/", {**payload, "kelurahan_code": BANYURIP}, content_type=JSON)
    future = api_as("mentor_dlh").post(
        "/api/visits/", {**payload, "date": (TODAY + dt.timedelta(days=3)).isoformat()}, content_type=JSON
    )

    assert created.status_code == 201
    assert created.json()["opd"] == "DLH"
    assert (forbidden.status_code, elsewhere.status_code, future.status_code) == (403, 404, 422)
    assert "masa depan" in str(future.json()["detail"])
    assert Visit.objects.count() == 1


def test_the_report_workflow_over_the_api(api_as):
    mentor, tkpk = api_as("mentor_dlh"), api_as("tkpk")
    payload = {"kelurahan_code": JENGGOT, "month": f"{LAST_MONTH:%Y-%m}", "summary": "Draf"}

    draft = mentor.post("/api/visits/reports", payload, content_type=JSON)
    report_id = draft.json()["id"]
    updated = mentor.post("/api/visits/reports", {**payload, "summary": "Final"}, content_type=JSON)
    review_draft = tkpk.post(f"/api/visits/reports/{report_id}/review", {"decision": "reviewed"}, content_type=JSON)
    submitted = mentor.post(f"/api/visits/reports/{report_id}/submit")
    twice = mentor.post(f"/api/visits/reports/{report_id}/submit")
    by_mentor = mentor.post(f"/api/visits/reports/{report_id}/review", {"decision": "reviewed"}, content_type=JSON)
    returned = tkpk.post(
        f"/api/visits/reports/{report_id}/review", {"decision": "returned", "note": "Lengkapi"}, content_type=JSON
    )

    assert (draft.status_code, updated.json()["id"], updated.json()["summary"]) == (200, report_id, "Final")
    assert review_draft.status_code == 409
    assert submitted.json()["status"] == "submitted"
    assert twice.status_code == 409
    assert "sudah diajukan" in twice.json()["detail"]
    assert by_mentor.status_code == 403
    assert (returned.json()["status"], returned.json()["review_note"]) == ("returned", "Lengkapi")


def test_reports_are_listed_and_read_in_scope_only(api_as, persona):
    report = services.save_report_draft(
        persona("mentor_dlh"), Region.objects.get(code=JENGGOT), LAST_MONTH, {"summary": "x"}
    )

    assert [r["id"] for r in api_as("camat_selatan").get("/api/visits/reports", {"kelurahan": JENGGOT}).json()] == [
        report.pk
    ]
    assert api_as("lurah_banyurip").get("/api/visits/reports").json() == []
    assert api_as("lurah_banyurip").get(f"/api/visits/reports/{report.pk}").status_code == 404
    assert api_as("lurah_banyurip").post(f"/api/visits/reports/{report.pk}/submit").status_code == 404


def test_a_report_month_before_the_assignment_or_malformed_is_422(api_as):
    client = api_as("mentor_dlh")

    early = client.post("/api/visits/reports", {"kelurahan_code": JENGGOT, "month": "2021-12"}, content_type=JSON)
    malformed = client.post("/api/visits/reports", {"kelurahan_code": JENGGOT, "month": "2025-13"}, content_type=JSON)

    assert (early.status_code, malformed.status_code) == (422, 422)
    assert not MonthlyReport.objects.exists()
