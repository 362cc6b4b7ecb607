"""The reports API: request (202 with the job), poll the job, list, sign off and fetch a file, with the rules
of the pages: 403 for a wrong role, 404 outside the scope, 409 while running or in the wrong state, 422 for
bad parameters."""

from __future__ import annotations

import io

import pytest
from docx import Document as open_docx

from dampingan.mentoring.models import Opd


@pytest.fixture
def dlh(pekalongan) -> Opd:
    return Opd.objects.get(abbreviation="DLH")


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _request(client, dlh: Opd, year: int = 2024):
    return client.post(
        "/api/reports/",
        {"kind": "opd_mentoring", "year": year, "opd_id": dlh.pk},
        content_type="application/json",
    )


def test_request_poll_and_fetch_the_docx(api_as, dlh, immediate):
    client = api_as("mentor_dlh")

    accepted = _request(client, dlh)

    assert accepted.status_code == 202
    job = accepted.json()
    polled = client.get(f"/api/reports/jobs/{job['id']}").json()
    assert polled["status"] == "done" and polled["progress_done"] == polled["progress_total"]
    report = client.get(f"/api/reports/{job['report_id']}").json()
    assert report["status"] == "draft" and {f["format"] for f in report["files"]} == {"docx", "xlsx", "pdf"}
    fetched = client.get(f"/api/reports/{job['report_id']}/files/docx")
    assert fetched.status_code == 200
    assert fetched["Content-Type"].endswith("wordprocessingml.document")
    document = open_docx(io.BytesIO(b"".join(fetched.streaming_content)))
    assert any("DLH" in p.text for p in document.paragraphs)
    assert [r["id"] for r in client.get("/api/reports/").json()] == [job["report_id"]]


def test_a_second_request_while_one_runs_is_409(api_as, dlh, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = api_as("mentor_dlh")
    assert _request(client, dlh).status_code == 202

    again = _request(api_as("tkpk"), dlh)

    assert again.status_code == 409
    assert "Pendamping DLH" in again.json()["detail"]


def test_wrong_role_403_outside_scope_404_bad_year_422(api_as, dlh, immediate):
    job = _request(api_as("mentor_dlh"), dlh).json()

    assert _request(api_as("mentor_dindagkop"), dlh).status_code == 403
    assert api_as("mentor_dindagkop").get(f"/api/reports/{job['report_id']}").status_code == 404
    assert api_as("mentor_dindagkop").get(f"/api/reports/jobs/{job['id']}").status_code == 404
    assert api_as("mentor_dindagkop").get(f"/api/reports/{job['report_id']}/files/docx").status_code == 404
    bad = _request(api_as("tkpk"), dlh, year=1999)
    assert bad.status_code == 422 and "year" in bad.json()["detail"]


def test_sign_off_over_the_api(api_as, dlh, immediate):
    job = _request(api_as("mentor_dlh"), dlh).json()
    report_id = job["report_id"]

    assert api_as("mentor_dlh").post(f"/api/reports/{report_id}/approve").status_code == 409  # not reviewed yet
    assert api_as("mentor_dlh").post(f"/api/reports/{report_id}/review").status_code == 403
    assert api_as("tkpk").post(f"/api/reports/{report_id}/approve").status_code == 403
    assert api_as("tkpk").post(f"/api/reports/{report_id}/review").json()["status"] == "reviewed"
    assert api_as("tkpk").post(f"/api/reports/{report_id}/review").status_code == 409
    approved = api_as("mentor_dlh").post(f"/api/reports/{report_id}/approve").json()
    assert approved["status"] == "approved" and approved["approved_by"] == "mentor.dlh"
    assert {f["report_status"] for f in approved["files"]} == {"approved"}
    assert _request(api_as("mentor_dlh"), dlh).status_code == 409
