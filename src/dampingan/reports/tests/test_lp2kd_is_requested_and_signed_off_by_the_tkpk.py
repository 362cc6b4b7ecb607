"""The LP2KD through the API and the sign-off: the TKPK admin requests it (202), another role is refused (403),
a second request while one runs is refused (409); the TKPK admin reviews and approves it, which freezes the text
of the TKPK with the figures."""

from __future__ import annotations

import pytest

from dampingan.reports import services
from dampingan.reports.lp2kd_narrative import save_narrative
from dampingan.reports.models import Report

from .conftest import YEAR
from .lp2kd_support import generate_lp2kd


def _request(client):
    return client.post("/api/reports/", {"kind": "lp2kd", "year": YEAR}, content_type="application/json")


def test_the_tkpk_admin_requests_it_and_a_mentor_may_not(api_as, immediate_tasks):
    accepted = _request(api_as("tkpk"))
    refused = _request(api_as("mentor_dlh"))

    assert accepted.status_code == 202
    assert refused.status_code == 403
    report = Report.objects.get(pk=accepted.json()["report_id"])
    assert report.kind == "lp2kd" and report.title == "LP2KD Kota Pekalongan 2025"


def test_a_second_request_while_one_runs_is_409(api_as, queued_tasks):
    assert _request(api_as("tkpk")).status_code == 202

    again = _request(api_as("tkpk"))

    assert again.status_code == 409


def test_approval_freezes_the_text_of_the_tkpk_with_the_figures(pekalongan, persona, immediate_tasks):
    tkpk = persona("tkpk")
    save_narrative(tkpk, YEAR, perda="", problems="Masalah pertama.", recommendations="Saran pertama.")
    report = generate_lp2kd(tkpk, YEAR)
    services.review_report(tkpk, report)
    report, _job = services.approve_report(tkpk, report)

    # When the TKPK rewrites the text after approval
    save_narrative(tkpk, YEAR, perda="", problems="Masalah kedua.", recommendations="Saran kedua.")

    report.refresh_from_db()
    frozen = [b["text"] for b in report.frozen_content["blocks"] if b["type"] == "paragraph"]
    assert "Masalah pertama." in frozen and "Masalah kedua." not in frozen
    changes = services.difference_to_today(report)
    assert changes == []  # the text is not a table figure; the figures themselves have not moved


def test_only_who_may_request_the_lp2kd_may_write_its_text(pekalongan, persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_narrative(persona("camat_selatan"), YEAR, perda="", problems="x", recommendations="y")
