"""Who may request, see, review and approve which report: wrong role 403, outside the scope 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from dampingan.access.scope import Scope
from dampingan.mentoring.models import Opd
from dampingan.reports import queries, services
from dampingan.reports.kinds import ReportKind, ReportParameters

from .conftest import generate


@pytest.fixture
def dlh_report(persona, immediate_tasks):
    return generate(persona("mentor_dlh"), Opd.objects.get(abbreviation="DLH"), 2024)


@pytest.mark.parametrize("key", ["mentor_dindagkop", "lurah_banyurip", "camat_selatan", "viewer", "operator"])
def test_only_the_tkpk_and_the_opd_itself_request_its_report(persona, key):
    dlh = Opd.objects.get(abbreviation="DLH")

    with pytest.raises(PermissionDenied):
        services.request_report(persona(key), ReportKind.OPD_MENTORING, ReportParameters(2024, dlh.pk))


def test_the_tkpk_reviews_but_only_the_opd_approves_its_report(dlh_report, persona):
    with pytest.raises(PermissionDenied):
        services.review_report(persona("mentor_dlh"), dlh_report)
    report = services.review_report(persona("tkpk"), dlh_report)

    for key in ("tkpk", "mentor_dindagkop", "lurah_banyurip", "viewer"):
        with pytest.raises(PermissionDenied):
            services.approve_report(persona(key), report)

    approved, _job = services.approve_report(persona("mentor_dlh"), report)
    assert approved.status == "approved"


def test_pages_answer_403_for_a_wrong_role_and_404_outside_the_scope(dlh_report, client_as):
    # The DLH mentor sees its report but may not review it
    assert client_as("mentor_dlh").post(f"/laporan/{dlh_report.pk}/telaah/").status_code == 403
    # The Dindagkop-UKM mentor does not see DLH's report at all
    assert client_as("mentor_dindagkop").get(f"/laporan/{dlh_report.pk}/").status_code == 404
    assert client_as("mentor_dindagkop").post(f"/laporan/{dlh_report.pk}/setujui/").status_code == 404
    # The TKPK reviews; then approving is the OPD's, so the TKPK gets 403
    assert client_as("tkpk").post(f"/laporan/{dlh_report.pk}/telaah/").status_code == 302
    assert client_as("tkpk").post(f"/laporan/{dlh_report.pk}/setujui/").status_code == 403


def test_who_sees_an_opd_report(dlh_report, persona):
    everyone = ("tkpk", "viewer", "operator", "mentor_dlh", "mentor_dindagkop", "lurah_banyurip", "camat_selatan")
    seen_by = {
        key
        for key in everyone
        if queries.visible_reports(Scope.for_user(persona(key))).filter(pk=dlh_report.pk).exists()
    }

    # The city-wide roles, the OPD, and the camat of the kecamatan where DLH mentors Jenggot; not the lurah of
    # Banyurip (mentored by BPBD) nor another OPD.
    assert seen_by == {"tkpk", "viewer", "operator", "mentor_dlh", "camat_selatan"}


def test_the_request_form_offers_only_the_users_own_opd(client_as):
    page = client_as("mentor_dlh").get("/laporan/").content.decode()

    assert 'id="request-opd_mentoring"' in page
    assert ">DLH — Dinas Lingkungan Hidup<" in page
    assert "Dindagkop-UKM —" not in page


def test_the_viewer_sees_the_list_but_no_request_form(client_as):
    page = client_as("viewer").get("/laporan/")

    assert page.status_code == 200
    assert 'id="request-opd_mentoring"' not in page.content.decode()
