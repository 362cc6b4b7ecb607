"""Who may request, see and approve a kelurahan profile: whoever's scope covers the kelurahan requests it,
the TKPK reviews it, and only its own lurah approves it; another kelurahan's lurah does not see it (404)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from dampingan.access.scope import Scope
from dampingan.reports import queries, services
from dampingan.reports.kinds import ReportKind, ReportParameters

from .conftest import JENGGOT
from .kelurahan_profile_support import BANYURIP, generate_profile


def test_the_lurah_requests_and_approves_its_own_kelurahans_profile(persona, client_as, immediate_tasks):
    report = generate_profile(persona("lurah_banyurip"), BANYURIP, 2025)
    assert report.kind == ReportKind.KELURAHAN_PROFILE and report.kelurahan_id == BANYURIP

    # The lurah may not review (the TKPK secretariat does), but approves once reviewed
    assert client_as("lurah_banyurip").post(f"/laporan/{report.pk}/telaah/").status_code == 403
    assert client_as("tkpk").post(f"/laporan/{report.pk}/telaah/").status_code == 302
    # The profile is the lurah's to sign: the TKPK admin lacks approve_kelurahan_profile
    assert client_as("tkpk").post(f"/laporan/{report.pk}/setujui/").status_code == 403
    assert client_as("lurah_banyurip").post(f"/laporan/{report.pk}/setujui/").status_code == 302

    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by == persona("lurah_banyurip")
    assert report.frozen_content == report.content
    assert report.files.filter(report_status="approved", format="docx").exists()


def test_a_lurah_of_another_kelurahan_gets_404_and_cannot_request_it(persona, client_as, immediate_tasks):
    report = generate_profile(persona("mentor_dlh"), JENGGOT, 2025)

    lurah = client_as("lurah_banyurip")
    assert lurah.get(f"/laporan/{report.pk}/").status_code == 404
    assert lurah.post(f"/laporan/{report.pk}/setujui/").status_code == 404
    assert not queries.visible_reports(Scope.for_user(persona("lurah_banyurip"))).filter(pk=report.pk).exists()
    with pytest.raises(PermissionDenied):
        services.request_report(
            persona("lurah_banyurip"), ReportKind.KELURAHAN_PROFILE, ReportParameters(2025, kelurahan_code=JENGGOT)
        )


def test_the_mentor_requests_for_its_kelurahan_but_does_not_approve(persona, client_as, immediate_tasks):
    report = generate_profile(persona("mentor_dlh"), JENGGOT, 2025)
    report = services.review_report(persona("tkpk"), report)

    with pytest.raises(PermissionDenied):
        services.approve_report(persona("mentor_dlh"), report)
    assert client_as("mentor_dlh").post(f"/laporan/{report.pk}/setujui/").status_code == 403
    # and not for a kelurahan it does not mentor
    with pytest.raises(PermissionDenied):
        services.request_report(
            persona("mentor_dlh"), ReportKind.KELURAHAN_PROFILE, ReportParameters(2025, kelurahan_code=BANYURIP)
        )


def test_the_request_form_posts_a_profile_for_the_lurahs_kelurahan(client_as, immediate_tasks):
    page = client_as("lurah_banyurip").get("/laporan/").content.decode()
    assert 'id="request-kelurahan_profile"' in page

    response = client_as("lurah_banyurip").post(
        "/laporan/minta/", {"kind": "kelurahan_profile", "year": "2025", "kelurahan": BANYURIP}
    )

    assert response.status_code == 302 and response["Location"].startswith("/laporan/")


def test_the_profile_page_links_to_the_profile_report_request(client_as):
    page = client_as("lurah_banyurip").get(f"/kelurahan/{BANYURIP}/").content.decode()

    assert 'href="/laporan/#request-kelurahan_profile"' in page


def test_the_api_requests_the_profile_for_the_lurah_and_refuses_another_kelurahan(api_as, immediate_tasks):
    lurah = api_as("lurah_banyurip")

    accepted = lurah.post(
        "/api/reports/",
        {"kind": "kelurahan_profile", "year": 2025, "kelurahan_code": BANYURIP},
        content_type="application/json",
    )
    refused = lurah.post(
        "/api/reports/",
        {"kind": "kelurahan_profile", "year": 2025, "kelurahan_code": JENGGOT},
        content_type="application/json",
    )

    assert accepted.status_code == 202
    fetched = lurah.get(f"/api/reports/{accepted.json()['report_id']}/files/xlsx")
    assert fetched.status_code == 200
    assert refused.status_code == 403


def test_an_approved_profile_rebuilt_today_shows_no_difference_until_the_records_change(persona, immediate_tasks):
    import datetime as dt

    from dampingan.regions.models import Region
    from dampingan.visits import services as visit_services

    report = generate_profile(persona("mentor_dlh"), JENGGOT, 2025)
    services.review_report(persona("tkpk"), report)

    # Rebuilt from the same records, every table matches row by row (stable table and row keys)
    assert services.difference_to_today(report) == []

    visit_services.record_visit(
        persona("mentor_dlh"), Region.objects.get(code=JENGGOT), {"date": dt.date(2025, 5, 6), "activity": "Rapat RW"}
    )
    changed = services.difference_to_today(report)

    assert changed and {change.table_key for change in changed} == {"visits_by_month"}
